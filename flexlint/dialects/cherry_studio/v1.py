"""Cherry Studio 1.x: the redux state of a backup (``llm``, ``assistants``, ``settings`` slices)."""

from __future__ import annotations

from typing import Iterator

from ...core.document import Document, Node, SourceError
from ...core.site import AppVersion, Drop, RequestSite
from ...sources.jsonc import parse_json
from . import providers, versions
from .request import Assistant, Provider, convert_custom, sites_for, use_route

OPENAI_TYPES = frozenset({"openai", "openai-response", "azure-openai"})
# Gateways that pick the protocol per model (model.endpoint_type): New API (by id or type), CherryIN, AiHubMix.
GATEWAYS = frozenset({"new-api", "cherryin", "aihubmix"})
GATEWAY_OPENAI_ENDPOINTS = frozenset({"openai", "openai-response", "image-generation"})
QUALIFY_17 = frozenset({"openai", "azure-openai", "groq"})
NOT_QUALIFY_16 = frozenset({"github", "copilot"})


class _At:
    """Offset map that puts every position of a JSON custom parameter at its value's start."""

    def __init__(self, size: int, at: int) -> None:
        self._size, self._at = size, at

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index: int) -> int:
        return self._at


def parse_json_value(node: Node) -> Node | None:
    """A ``json`` custom parameter's text, parsed; positions point at the value (None if unparsable)."""
    try:
        root, _ = parse_json(node.value, offsets=_At(len(node.value) + 1, node.start))  # type: ignore[arg-type]
    except SourceError:
        return None
    if root is None:
        return None
    for n in root.walk():
        n.path = node.path + n.path
    return root


def _str(node: Node | None) -> str:
    return node.value if node is not None and isinstance(node.value, str) else ""


def _qualifies(provider: Node, behaviour: versions.Behaviour) -> bool:
    """isSupportServiceTierProvider of the release."""
    options = provider.get("apiOptions")
    flag = options.get("isSupportServiceTier") if options is not None else None
    if flag is not None and flag.value is True:
        return True
    pid, ptype = _str(provider.get("id")), _str(provider.get("type"))
    system = provider.get("isSystem")
    is_system = system is not None and system.value is True
    if behaviour.qualify == "1.6":
        return is_system and pid not in NOT_QUALIFY_16
    return ptype == "azure-openai" or (is_system and pid in QUALIFY_17)


def _provider(node: Node, model: Node | None, behaviour: versions.Behaviour, settings: Node | None,
              document: Document) -> Provider | None:
    pid, ptype, host = _str(node.get("id")), _str(node.get("type")), _str(node.get("apiHost"))
    endpoint = _str(model.get("endpoint_type")) if model is not None else ""
    shape = ptype
    if ptype == "new-api" or pid in GATEWAYS:
        # Gateways choose the protocol per model (model.endpoint_type); only OpenAI-shaped ones are requests here.
        if endpoint and endpoint not in GATEWAY_OPENAI_ENDPOINTS:
            return None
        shape = "openai-response" if endpoint == "openai-response" else "openai"
    if shape not in OPENAI_TYPES:
        return None
    official = pid == "openai" or "api.openai.com" in host
    if ptype == "azure-openai" or pid == "azure-openai":
        kind = "azure"
    elif official:
        kind = "openai"
    else:
        kind = pid if pid in ("openrouter", "groq") else "openai-compatible"
    api = "responses" if shape == "openai-response" else "chat"
    if ptype == "azure-openai":
        version = _str(node.get("apiVersion"))
        api = "responses" if version in ("preview", "v1") else "chat"
    tier = node.get("serviceTier")
    if behaviour.global_tier:
        openai_settings = settings.get("openAI") if settings is not None else None
        tier = openai_settings.get("serviceTier") if openai_settings is not None else None
    provider = Provider(
        id=pid,
        name=_str(node.get("name")) or pid,
        node=node,
        kind=kind,
        sdk="passthrough",
        namespace=pid,
        api=api,  # type: ignore[arg-type]
        tier=tier if tier is not None and tier.value is not None else None,
        supports_tier=_qualifies(node, behaviour),
        settings_group="Groq Settings" if pid == "groq" else "OpenAI Settings",
        document=document,
    )
    if behaviour.era == "legacy":
        return provider  # ≤ 1.5: the raw request body, no SDK layer
    model_id = _str(model.get("id")) if model is not None else ""
    eras = providers.route(pid, ptype, host, endpoint, model_id, behaviour.releases)
    if not eras:
        return None  # a provider or release whose request path flexlint has not read: say nothing
    return use_route(provider, eras, behaviour)


def _assistant(node: Node, default_model: Node | None, label: str) -> Assistant:
    model = node.get("model")
    if model is None or not model.is_mapping:
        model = default_model
    model_id = model.get("id") if model is not None else None
    settings = node.get("settings")
    entries = settings.get("customParameters") if settings is not None else None
    custom = convert_custom(entries.value if entries is not None and entries.is_sequence else [], parse_json_value)
    return Assistant(
        name=_str(node.get("name")) or _str(node.get("id")),
        node=node,
        custom=custom,
        model_id=_str(model_id) or None,
        model_node=model_id,
        model_name=_str(model.get("name")) if model is not None else None,
        label=label,
    )


def _pairs(document: Document, behaviour: versions.Behaviour) -> Iterator[tuple[Assistant, Provider]]:
    persist = document.root.get("persist")  # type: ignore[union-attr]
    llm = persist.get("llm")
    slice_assistants = persist.get("assistants")
    settings = persist.get("settings")
    if llm is None or slice_assistants is None:
        return
    providers_node = llm.get("providers")
    providers = [p for p in (providers_node.value if providers_node is not None and providers_node.is_sequence else [])
                 if p.is_mapping]
    by_id = {_str(p.get("id")): p for p in providers}
    default_model = llm.get("defaultModel")
    listed = slice_assistants.get("assistants")
    nodes = [(a, "assistant") for a in (listed.value if listed is not None and listed.is_sequence else []) if a.is_mapping]
    template = slice_assistants.get("defaultAssistant")
    ids = {_str(a.get("id")) for a, _ in nodes}
    if template is not None and template.is_mapping and _str(template.get("id")) not in ids:
        nodes.append((template, "default assistant"))
    for node, label in nodes:
        assistant = _assistant(node, default_model, label)
        if assistant.model_id is None:
            continue
        model = node.get("model") if node.get("model") is not None else default_model
        # getProviderByModel: the model's provider, else the default model's, else the first one.
        wanted = _str(model.get("provider")) if model is not None else ""
        fallback = _str(default_model.get("provider")) if default_model is not None else ""
        pnode = by_id.get(wanted) or by_id.get(fallback) or (providers[0] if providers else None)
        if pnode is None:
            continue
        provider = _provider(pnode, model, behaviour, settings, document)
        if provider is not None:
            yield assistant, provider


def _store_version(document: Document) -> Node | None:
    persist = document.root.get("persist").get("_persist")  # type: ignore[union-attr]
    return persist.get("version") if persist is not None else None


def sites(document: Document) -> Iterator[RequestSite]:
    root = document.root
    store = _store_version(document)
    number = store.value if store is not None and isinstance(store.value, int) and not isinstance(store.value, bool) else None
    app, meta = root.get("appVersion"), root.get("metadata_document")  # type: ignore[union-attr]
    behaviour = versions.v1(number, _str(app) or None)
    if behaviour.exact and app is not None and meta is not None:
        version = AppVersion(behaviour.label, app, meta.value, behaviour.assumed)  # metadata.json names the release
    else:
        anchor = store if store is not None else root.get("persist")  # type: ignore[union-attr]
        version = AppVersion(behaviour.label, anchor, None, behaviour.assumed)
    first = True
    for site in sites_for(document, behaviour, _pairs(document, behaviour), version):
        if first:
            site.drops.extend(_deprecated_tier(document, behaviour, site))
            first = False
        yield site


def _deprecated_tier(document: Document, behaviour: versions.Behaviour, site: RequestSite) -> list[Drop]:
    """settings.openAI.serviceTier: unused since store migration 128; worth a word only when it asks for a tier."""
    if behaviour.global_tier:
        return []
    settings = document.root.get("persist").get("settings")  # type: ignore[union-attr]
    openai = settings.get("openAI") if settings is not None else None
    tier = openai.get("serviceTier") if openai is not None else None
    if tier is None or tier.value not in ("flex", "priority"):
        return []
    return [Drop(
        "serviceTier", tier, "ignored",
        f"settings.openAI.serviceTier is a leftover of Cherry Studio ≤ 1.5.4 that no release since 1.5.5 "
        f'reads; the tier sent is each provider\'s own Service Tier setting, so "{tier.value}" here changes nothing',
        fix="set Service Tier in the chat page's Settings tab → OpenAI Settings instead",
    )]
