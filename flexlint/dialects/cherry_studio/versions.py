"""Which Cherry Studio release wrote a backup, and what that release does with service_tier.

v1 backups carry the redux store's schema number (``_persist.version``);
a backup zip's ``metadata.json`` carries the app version itself
(``appVersion``, in the direct backup of 1.8.1–1.9.12 and in every v2
backup). The store number names a range of releases (redux-persist
``version`` in ``src/renderer/src/store/index.ts`` at each release commit):
1.5.5 = 128, 1.5.11 = 146, 1.6.0 = 157, 1.7.0 = 179, 1.7.25 = 202,
1.8.0 = 203, 1.8.1–1.8.2 = 204, 1.8.3–1.8.4 = 205, 1.9.0–1.9.6 = 206,
1.9.7–1.9.11 = 207, 1.9.12 = 208. The 1.6.0 betas used 137–155, which
overlaps the late 1.5.x releases, so 137–146 cannot be told apart:
flexlint assumes the stable 1.5.x release (what most people ran) and says
so in an ``info``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Era = Literal["legacy", "ai-sdk", "v2.0", "v2-main"]
Version = tuple[int, int, int]

LAST_V1_STORE = 208  # 1.9.12
LAST_V1 = (1, 9, 12)
LAST_V2_KNOWN = (2, 0, 8)
OPEN = 999  # the last patch of a series whose end is not known ("1.6.x")

# Store version ranges of the AI SDK era → (first release, last release, label).
_STORES: tuple[tuple[int, int, Version, Version, str], ...] = (
    (157, 178, (1, 6, 0), (1, 6, OPEN), "1.6.x"),
    (179, 202, (1, 7, 0), (1, 7, 25), "1.7.x"),
    (203, 203, (1, 8, 0), (1, 8, 0), "1.8.0"),
    (204, 204, (1, 8, 1), (1, 8, 2), "1.8.1–1.8.2"),
    (205, 205, (1, 8, 3), (1, 8, 4), "1.8.3–1.8.4"),
    (206, 206, (1, 9, 0), (1, 9, 6), "1.9.0–1.9.6"),
    (207, 207, (1, 9, 7), (1, 9, 11), "1.9.7–1.9.11"),
    (208, 208, (1, 9, 12), (1, 9, 12), "1.9.12"),
)


@dataclass(frozen=True)
class Behaviour:
    """What decides the service tier on the wire for a range of releases."""

    era: Era
    label: str  # the releases, as a user would name them
    qualify: Literal["1.6", "1.7"] = "1.7"  # rules for which providers get the tier setting
    global_tier: bool = False  # ≤ 1.5.4: the setting is settings.openAI.serviceTier
    assumed: str | None = None  # set when the release had to be assumed
    # 2.0.8: chats without an assistant (sent with the default model) get the provider's tier setting too.
    default_chat_tier: bool = False
    releases: tuple[Version, Version] = ((0, 0, 0), (0, 0, 0))  # first and last release the behaviour stands for
    exact: bool = False  # the backup names its release (metadata.json appVersion)


def parse_version(text: str) -> Version | None:
    m = re.match(r"^\s*v?(\d{1,9})\.(\d{1,9})(?:\.(\d{1,9}))?", text or "")
    if m is None:
        return None
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


def format_version(version: Version) -> str:
    major, minor, patch = version
    return f"{major}.{minor}.x" if patch == OPEN else f"{major}.{minor}.{patch}"


def v1(store: int | None, app_version: str | None = None) -> Behaviour:
    """From ``metadata.json`` appVersion when the backup has one, else from ``_persist.version``."""
    parsed = parse_version(app_version) if app_version else None
    if parsed is not None and parsed[0] == 1:
        return _v1_release(parsed, app_version.strip())  # type: ignore[union-attr]
    return _v1_store(store)


def _v1_release(version: Version, text: str) -> Behaviour:
    label = f"Cherry Studio {text}"
    exact = (version, version)
    if version > LAST_V1:
        return Behaviour("ai-sdk", label, releases=(LAST_V1, LAST_V1), exact=True, assumed=(
            f"app version {text} is newer than 1.9.12, the newest 1.x release flexlint knows; the behaviour "
            "of 1.9.12 was assumed"))
    if version < (1, 5, 5):
        return Behaviour("legacy", label, qualify="1.6", global_tier=True, releases=exact, exact=True)
    if version < (1, 6, 0):
        return Behaviour("legacy", label, qualify="1.6", releases=exact, exact=True)
    return Behaviour("ai-sdk", label, qualify="1.6" if version < (1, 7, 0) else "1.7", releases=exact, exact=True)


def _v1_store(store: int | None) -> Behaviour:
    if store is None:
        return Behaviour("ai-sdk", "Cherry Studio 1.9.12", releases=(LAST_V1, LAST_V1), assumed=(
            "the backup has no store version (_persist), so the newest 1.x release was assumed"))
    tag = f" (store version {store})"
    legacy = ((0, 0, 0), (1, 5, OPEN))
    if store <= 127:
        return Behaviour("legacy", "Cherry Studio 1.5.4 or earlier" + tag, qualify="1.6", global_tier=True,
                         releases=((0, 0, 0), (1, 5, 4)))
    if store <= 136:
        return Behaviour("legacy", "Cherry Studio 1.5.x" + tag, qualify="1.6", releases=legacy)
    if store <= 146:
        return Behaviour("legacy", "Cherry Studio 1.5.x" + tag, qualify="1.6", releases=legacy, assumed=(
            f"store version {store} was written either by a 1.5.x release or by a 1.6.0 beta; "
            "flexlint assumed 1.5.x, where custom parameters are sent last and win. A 1.6 build "
            "instead drops a snake_case custom service_tier and sends the provider's Service Tier"))
    if store <= 156:
        return Behaviour("ai-sdk", "Cherry Studio 1.6.0 (beta)" + tag, qualify="1.6",
                         releases=((1, 6, 0), (1, 6, 0)), assumed=(
            f"store version {store} was written by a 1.6.0 beta; flexlint applied the behaviour of 1.6.0"))
    for low, high, first, last, label in _STORES:
        if low <= store <= high:
            return Behaviour("ai-sdk", f"Cherry Studio {label}" + tag, qualify="1.6" if first < (1, 7, 0) else "1.7",
                             releases=(first, last))
    return Behaviour("ai-sdk", "Cherry Studio 1.9.12" + tag, releases=(LAST_V1, LAST_V1), assumed=(
        f"store version {store} is newer than any release flexlint knows (1.9.12 writes {LAST_V1_STORE}); "
        "the behaviour of 1.9.12 was assumed"))


def v2(app_version: str | None, has_api_features: bool) -> Behaviour:
    """From ``metadata.json`` appVersion of a v2 backup (or the database's own columns)."""
    parsed = parse_version(app_version) if app_version else None
    if parsed is not None and parsed[0] == 2 and parsed <= LAST_V2_KNOWN:
        return Behaviour("v2.0", f"Cherry Studio {app_version}", default_chat_tier=parsed == LAST_V2_KNOWN,
                         releases=(parsed, parsed), exact=True)
    main = Behaviour("v2-main", "Cherry Studio 2.x after 2.0.8 (service tier chosen per assistant)")
    if parsed is not None:
        return Behaviour(main.era, main.label, assumed=(
            f"app version {app_version} is newer than 2.0.8, the newest release flexlint knows; it assumed the "
            "newest known behaviour (provider-level service tier removed, tier chosen per assistant for "
            "OpenRouter and Groq). If this build still has the provider-level setting, a provider_settings."
            "serviceTier carried over from 1.x beats a custom service_tier"))
    if has_api_features:
        return Behaviour("v2.0", "Cherry Studio 2.0.0–2.0.8", assumed=(
            "the database does not say which release wrote it; its user_provider table still has the "
            "api_features column of 2.0.0–2.0.8, so that behaviour was assumed"))
    return Behaviour(main.era, main.label, assumed=(
        "the database does not say which release wrote it and has no api_features column, so the newest "
        "known behaviour was assumed"))
