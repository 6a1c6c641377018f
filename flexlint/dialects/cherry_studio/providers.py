"""Which AI SDK class carries a Cherry Studio 1.6–1.9 request, per provider and release.

The facts live in ``schemas/cherry-studio/providers.yaml`` (one source per
era); this module only matches a provider against them. A release range
(what a store version can tell) may span eras that behave differently:
:func:`route` returns every era the range touches, newest last, and the
caller decides what it can still say.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...knowledge.data import load_yaml
from .models import is_openai_model
from .versions import Version, format_version, parse_version

FILE = "cherry-studio/providers.yaml"


@dataclass(frozen=True)
class Route:
    """One era of one provider: the SDK class, and where Cherry writes options versus where it reads them."""

    provider: str  # how the app names the provider ("AiHubMix")
    first: Version
    last: Version
    sdk: str  # openai | groq | compatible
    package: str  # "@ai-sdk/openai"
    writes: str  # providerOptions namespace Cherry writes options and custom parameters into
    reads: str  # the namespace the SDK class reads
    api: str | None  # "responses" when the era always uses the Responses API
    fix: str | None  # what works instead, when nothing Cherry writes arrives
    source: str

    @property
    def lost(self) -> bool:
        """Nothing Cherry writes reaches the request: not a custom parameter, not the Service Tier setting."""
        return self.writes != self.reads

    @property
    def forwards(self) -> bool:
        """A custom ``service_tier`` reaches the wire as written."""
        return self.sdk == "compatible" and not self.lost

    def releases(self, within: tuple[Version, Version] | None = None) -> str:
        """The releases of this era, as users name them (only those ``within`` a range, when given)."""
        lo, hi = (max(self.first, within[0]), min(self.last, within[1])) if within else (self.first, self.last)
        first, last = format_version(lo), format_version(hi)
        return first if first == last else f"{first}–{last}"


@lru_cache(maxsize=None)
def _table() -> dict[str, Any]:
    return load_yaml(FILE)


@lru_cache(maxsize=None)
def _rows() -> tuple[tuple[dict[str, Any], tuple[tuple[Version, Version, dict[str, Any]], ...]], ...]:
    """Each provider row with its eras' release ranges parsed once."""
    rows = []
    for row in _table()["providers"]:
        eras = []
        for era in row["eras"]:
            first, last = (parse_version(str(v)) for v in era["releases"])
            if first is None or last is None:
                raise ValueError(f"{FILE}: {row['name']}: releases {era['releases']!r} are not versions")
            eras.append((first, last, era))
        rows.append((row, tuple(eras)))
    return tuple(rows)


def sdk_options(sdk: str) -> dict[str, str | None] | None:
    """Option → wire key of an SDK whose options the table lists (None: use the OpenAI option schema)."""
    return _table()["sdks"][sdk].get("options")


def _fits(match: dict[str, Any], pid: str, ptype: str, host: str, endpoint: str, model_id: str) -> bool:
    if "id" in match and pid not in match["id"]:
        return False
    if "type" in match and ptype not in match["type"]:
        return False
    if "is" in match and pid not in match["is"] and ptype not in match["is"]:
        return False
    if "host" in match and match["host"] not in host:
        return False
    if "endpoint" in match and (endpoint or "none") not in match["endpoint"]:
        return False
    return not (match.get("model") == "openai" and not is_openai_model(model_id))


def route(pid: str, ptype: str, host: str, endpoint: str, model_id: str,
          releases: tuple[Version, Version]) -> list[Route]:
    """The eras of the first matching provider row that the release range touches, oldest first.

    Empty when no row matches, or when some release of the range is in no
    era (unknown: the caller says nothing about the request).
    """
    packages = _table()["sdks"]
    lo, hi = releases
    for row, eras in _rows():
        if not _fits(row["match"], pid, ptype, host, endpoint, model_id):
            continue
        found = [
            Route(
                provider=row["name"],
                first=first,
                last=last,
                sdk=era["sdk"],
                package=packages[era["sdk"]]["package"],
                writes=era["writes"].replace("<id>", pid),
                reads=era["reads"].replace("<id>", pid),
                api=era.get("api"),
                fix=era.get("fix"),
                source=era["source"],
            )
            for first, last, era in eras
            if not (last < lo or first > hi)
        ]
        covered = bool(found) and found[0].first <= lo and found[-1].last >= hi
        return found if covered else []
    return []
