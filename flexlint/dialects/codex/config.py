"""``codex``: Codex's ``config.toml`` (``~/.codex/config.toml``, a project's ``.codex/config.toml``).

Recognised by name (``config.toml`` in a Codex folder: such a file that is
not TOML is an error, since Codex will not start) and by content (keys only
Codex's configuration has). One request site for the settings Codex starts
with (the top level, with the profile named by ``profile`` applied) and one
per ``[profiles.<name>]``: what Codex puts in its Responses request
(``model``, ``reasoning``, ``text.verbosity``, ``service_tier``, ``store``),
sent to the server of ``model_provider``.

The tier is what Codex changes most: ``fast`` is sent as ``priority``,
``default`` is left out, and a tier the model's entry in Codex's own model
catalog does not list is left out too. No catalog Codex ships or fetches
lists flex, so ``service_tier = "flex"`` never reaches the API unless
``model_catalog_json`` points at a catalog that lists it. The facts, with
their sources and releases, are in ``schemas/codex/facts.yaml``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePath
from typing import Any, Iterator

from ...core.document import Document, Node, text_of
from ...core.site import Drop, Effective, Layer, RequestSite, Target, WirePath, assumed_openai
from ...knowledge.data import load_yaml
from ...knowledge.servers import url_target

NAME = "codex"
CODEX = Layer(
    "codex-config",
    "snake",
    "Codex's config.toml",
    "Codex does not read a key it does not know, so it never reaches the request",
    "Codex stops at start-up with \"Error loading config.toml\" for a value it does not accept",
    strips_unknown=True,
    # Codex sends the reasoning settings only for models whose family it knows to reason, and picks the
    # verbosity per model family: what reaches OpenAI depends on Codex's own model table.
    adjusts=frozenset({"reasoning_effort", "verbosity"}),
)


@lru_cache(maxsize=None)
def facts() -> dict[str, Any]:
    return load_yaml("codex/facts.yaml")


def _named_like_codex(path: str) -> bool:
    parts = PurePath(path.replace("\\", "/")).parts
    files = facts()["files"]
    return len(parts) >= 2 and parts[-1] in files["names"] and parts[-2].lower() in files["folders"]


def score(document: Document) -> int:
    named = _named_like_codex(document.path)
    root = document.root
    if root is None or not root.is_mapping:
        return 10 if named and document.error is not None else 0
    keys = set(root.value) & set(facts()["distinctive_keys"])
    providers = root.get("model_providers")
    wired = providers is not None and providers.is_mapping and any(
        p.get("wire_api") is not None or p.get("base_url") is not None for _, p in providers.items())
    if named and (keys or wired):
        return 10
    if len(keys) >= 2 or wired:
        return 8
    return 0


# ------------------------------------------------------------------ settings


def _true(node: Node | None) -> bool:
    return node is not None and node.value is True


class _Settings:
    """The request keys of one configuration: the top level with a profile laid over it."""

    def __init__(self, root: Node, profile: Node | None, label: str) -> None:
        self.root, self.profile, self.label = root, profile, label

    def get(self, key: str) -> Node | None:
        if self.profile is not None and key in facts()["profile_keys"]:
            node = self.profile.get(key)
            if node is not None:
                return node
        return self.root.get(key)


BUILTIN_OPENAI = (
    "Codex's built-in openai provider uses OPENAI_BASE_URL when the environment sets it (flexlint cannot see it) "
    "and otherwise https://api.openai.com/v1: it is assumed unset"
)


def _target(root: Node, provider_id: str, provider_node: Node | None) -> tuple[Target, str | None, Node | None, bool]:
    """(target, wire api, base_url node, Azure store workaround) for a ``model_provider`` id."""
    builtin = facts()["requests"]["builtin_providers"]
    providers = root.get("model_providers")
    custom = providers.get(provider_id) if providers is not None else None
    how = f'model_provider "{provider_id}"'
    if custom is None or not custom.is_mapping:
        info = builtin.get(provider_id)
        if info is None:
            return Target("unknown", how + " (not a provider Codex has built in)", provider_node), None, None, False
        if info["target"] == "openai":
            target = assumed_openai(BUILTIN_OPENAI)
            target.how, target.node = how + " (built in)", provider_node
        else:
            target = Target(info["target"], how + " (built in)", provider_node)
        return target, info.get("wire_api"), None, False
    base = custom.get("base_url")
    url = text_of(base) or ""
    wire = text_of(custom.get("wire_api"))
    name = text_of(custom.get("name")) or ""
    markers = facts()["requests"]["azure_store"]["markers"]
    azure = name.lower() == "azure" or any(m in url.lower() for m in markers)
    if azure:
        target = Target("azure", f"{how} (Codex takes it for Azure: its name or base_url)", base or custom.key)
    elif url:
        target = url_target(url, base, f"base_url of model_providers.{provider_id}")
    else:
        target = Target("unknown", f"{how}, which has no base_url", custom.key or custom)
    return target, wire, base, azure and wire in (None, "responses")


def _tier_note(value: str) -> str:
    return 'Codex reads "fast" as the request id "priority"' if value == "fast" else ""


def _sites_for(document: Document, root: Node, settings: _Settings) -> RequestSite:
    provider_node = settings.get("model_provider")
    provider_id = text_of(provider_node) or "openai"
    target, wire, _base, azure_store = _target(root, provider_id, provider_node)
    api = "chat" if wire == "chat" else "responses"
    params: dict[str, Node] = {}
    effective: dict[WirePath, Effective] = {}
    model = settings.get("model")
    if model is not None:
        params["model"] = model
        effective[("model",)] = Effective(model.plain(), model)
    for key, wire_path in facts()["requests"]["wire"].items():
        node = settings.get(key)
        if node is None or key == "model":
            continue
        params[key] = node
        if api == "chat" and wire_path == "reasoning.effort":
            effective[("reasoning_effort",)] = Effective(node.plain(), node)
        elif api == "responses":
            effective[tuple(wire_path.split("."))] = Effective(node.plain(), node)
    if api == "responses" and target.server in ("openai", "azure"):
        effective[("store",)] = Effective(azure_store, None, note="Codex sets it")
    drops: list[Drop] = []
    tier = settings.get("service_tier")
    if tier is not None:
        params["service_tier"] = tier
        drops.extend(_tier(effective, tier, settings, text_of(model)))
    site = RequestSite(
        document=document,
        dialect=NAME,
        api=api,  # type: ignore[arg-type]
        layer=CODEX,
        params=params,
        container=settings.profile if settings.profile is not None else root,
        effective=effective,
        drops=drops,
        model=text_of(model),
        model_node=model,
        target=target,
        origin=settings.label,
        complete=False,
    )
    return site


def _tier(effective: dict[WirePath, Effective], tier: Node, settings: _Settings, model: str | None) -> Iterator[Drop]:
    value = tier.value
    if not isinstance(value, str):
        return
    sent = facts()["service_tier"]["values"].get(value, value)
    if sent is None:  # "default": Codex leaves the field out
        return
    catalog = settings.get("model_catalog_json")
    gate = facts()["service_tier"]["catalog_gate"]
    if sent == "flex" and catalog is None:
        named = f"`{model}`" if model else "the model Codex runs"
        warning = gate["warning"].format(tier=value, model=model or "<model>")
        chatgpt = facts()["service_tier"]["chatgpt_login"]["error"]
        yield Drop(
            tier.key.value if tier.key is not None else "service_tier",
            tier,
            "dropped",
            f"Codex sends a service tier only when its model catalog lists that tier for the model, and no "
            f"catalog Codex ships or fetches lists flex for {named}, so every request runs at the standard tier "
            f"(Codex {gate['since']} and later; from {gate['warns_since']} it says so once at start-up: "
            f"\"{warning}\")",
            fix=(
                "set `model_catalog_json` to a copy of Codex's model catalog (`codex debug models` prints it) whose "
                f"entry for {named} lists {facts()['service_tier']['model_catalog_json']['entry_shape']} "
                "(read at start-up only); this helps with an API key only: with a ChatGPT login the backend "
                f"answers {chatgpt}"
            ),
        )
        return
    effective[("service_tier",)] = Effective(sent, tier, note=_tier_note(value))


def sites(document: Document) -> Iterator[RequestSite]:
    root = document.root
    if root is None or not root.is_mapping:
        return
    profiles = root.get("profiles")
    active_name = text_of(root.get("profile"))
    active = profiles.get(active_name) if profiles is not None and active_name else None
    label = f'the default settings (profile "{active_name}")' if active is not None else "the default settings"
    yield _sites_for(document, root, _Settings(root, active if active is not None and active.is_mapping else None, label))
    for name, profile in profiles.items() if profiles is not None and profiles.is_mapping else ():
        if not profile.is_mapping or profile is active:
            continue
        if not set(profile.value) & set(facts()["profile_keys"]):
            continue  # a profile that changes no request key sends what the default settings send
        yield _sites_for(document, root, _Settings(root, profile, f'profile "{name}"'))
