"""Cherry Studio 2.x: provider, model and assistant rows of ``cherrystudio.sqlite``.

Rows have no line and column; the origin of each request names the table,
row and column instead (the text format reports line 1).

Which model a request uses (CherryHQ/cherry-studio, the same in 2.0.0
``e31b31b43`` to 2.0.8 ``bfcb90563``):

* An assistant sends with its own ``assistant.model_id`` only. When that is
  empty the app sends nothing: the send path raises "Assistant … has no model
  configured" and the composer asks for a model, which it then saves on the
  assistant (``src/main/ai/streamManager/context/modelResolution.ts``
  ``resolveAssistantModelId``; ``src/renderer/hooks/useAssistant.ts``, whose
  contract says not to fall back to the default model;
  ``src/renderer/components/composer/variants/ChatComposer.tsx``). So such an
  assistant is no request and is skipped, although the settings page still
  describes the Default Assistant Model as "Used when an assistant has no
  model". The migration from 1.x leaves ``model_id`` empty for an assistant
  that used 1.x's ``llm.defaultModel`` (``AssistantMappings.ts``
  ``extractPrimaryModelId``), so the app asks for a model there too.
* The default model, preference ``chat.default_model_id`` (scope
  ``default``; 1.x ``llm.defaultModel`` migrated by ``LlmModelTransforms.ts``),
  is written into ``model_id`` when an assistant is created
  (``AssistantService.resolveCreateModelId``) and sends the chats without an
  assistant. Those carry no custom parameters; in 2.0.8 they get the
  provider's service tier setting too (``buildAgentOptions`` in
  ``src/main/ai/runtime/aiSdk/params/buildAgentParams.ts``), in 2.0.0–2.0.7 no
  provider options at all. So they are one more request on 2.0.8.
"""

from __future__ import annotations

from typing import Iterator

from ...core.document import Document, Node
from ...core.site import AppVersion, RequestSite
from . import versions
from .providers import sdk_options
from .request import Assistant, Provider, convert_custom, sites_for
from .v1 import parse_json_value

# Presets whose registry entry gives them the serviceTier API feature in 2.0.0–2.0.8.
TIER_PRESETS = frozenset({"openai", "openai-codex", "groq"})
DEFAULT_MODEL_KEY = "chat.default_model_id"  # preference row of the default model
OPENAI_ENDPOINTS = frozenset({"openai-chat-completions", "openai-responses", "openai_chat_completions", "openai_responses"})


def _str(node: Node | None) -> str:
    return node.value if node is not None and isinstance(node.value, str) else ""


def _rows(root: Node, table: str) -> list[Node]:
    node = root.get(table)
    return [r for r in node.value if r.is_mapping] if node is not None and node.is_sequence else []


def _provider(row: Node, document: Document) -> Provider | None:
    pid = _str(row.get("provider_id"))
    preset = _str(row.get("preset_provider_id")) or pid
    endpoint = _str(row.get("default_chat_endpoint"))
    if endpoint and endpoint not in OPENAI_ENDPOINTS:
        return None
    if preset in ("anthropic", "gemini", "google", "vertexai", "aws-bedrock", "ollama"):
        return None
    settings = row.get("provider_settings")
    tier = settings.get("serviceTier") if settings is not None else None
    features = row.get("api_features")
    flag = features.get("serviceTier") if features is not None else None
    supports = flag.value is True if flag is not None and isinstance(flag.value, bool) else preset in TIER_PRESETS
    official = preset == "openai"
    if preset == "azure-openai":
        kind, sdk = "azure", "strict"
    elif official:
        kind, sdk = "openai", "strict"
    elif preset == "groq":
        kind, sdk = "groq", "strict"  # @ai-sdk/groq (src/main/ai/provider/extensions.ts@e31b31b43 and @bfcb90563)
    else:
        kind, sdk = (preset if preset == "openrouter" else "openai-compatible"), "passthrough"
    api = "chat" if "chat" in endpoint or (not endpoint and not official) else "responses"
    return Provider(
        id=preset,
        name=_str(row.get("name")) or pid,
        node=row,
        kind=kind,
        sdk=sdk,  # type: ignore[arg-type]
        namespace="groq" if preset == "groq" else "openai" if sdk == "strict" else preset,
        api=api,  # type: ignore[arg-type]
        tier=tier if tier is not None and tier.value is not None else None,
        supports_tier=supports,
        settings_group="Groq Settings" if preset == "groq" else "OpenAI Settings",
        tier_where=f"table user_provider, row {pid}, column provider_settings",
        document=document,
        package="@ai-sdk/groq" if preset == "groq" else "@ai-sdk/openai",
        options=sdk_options("groq") if preset == "groq" else None,
    )


def _model(unique: str, models: dict[str, Node], providers: dict[str, Node], document: Document
           ) -> tuple[str, Node | None, Node | None, Provider] | None:
    """A unique model id ("providerId::modelId") → (model id sent, model_id cell, model row, provider)."""
    model_row = models.get(unique)
    pid, _, mid = unique.partition("::")
    model_node = model_row.get("model_id") if model_row is not None else None
    model_id = _str(model_node) if model_row is not None else mid
    prow = providers.get(_str(model_row.get("provider_id")) if model_row is not None else pid)
    provider = _provider(prow, document) if prow is not None else None
    if provider is None:
        return None
    return model_id, model_node, model_row, provider


def _pairs(document: Document, behaviour: versions.Behaviour) -> Iterator[tuple[Assistant, Provider]]:
    root = document.root
    providers = {_str(r.get("provider_id")): r for r in _rows(root, "user_provider")}  # type: ignore[arg-type]
    models = {_str(r.get("id")): r for r in _rows(root, "user_model")}  # type: ignore[arg-type]
    for row in _rows(root, "assistant"):  # type: ignore[arg-type]
        deleted = row.get("deleted_at")
        if deleted is not None and deleted.value:
            continue
        unique = _str(row.get("model_id"))
        if not unique:
            continue  # the app refuses to send for it (no fallback to the default model): no request
        resolved = _model(unique, models, providers, document)
        if resolved is None:
            continue
        model_id, model_node, model_row, provider = resolved
        settings = row.get("settings")
        entries = settings.get("customParameters") if settings is not None else None
        aid = _str(row.get("id"))
        yield Assistant(
            name=_str(row.get("name")) or aid,
            node=row.get("settings") or row,
            custom=convert_custom(entries.value if entries is not None and entries.is_sequence else [], parse_json_value),
            model_id=model_id or None,
            model_node=model_node if model_node is not None else row.get("model_id"),
            model_name=_str(model_row.get("name")) if model_row is not None else None,
            selection=settings.get("service_tier") if settings is not None else None,
            label="assistant",
            where=f"table assistant, row {aid}, column settings",
        ), provider
    if behaviour.default_chat_tier:
        yield from _default_chat(document, models, providers)


def _default_chat(document: Document, models: dict[str, Node], providers: dict[str, Node]
                  ) -> Iterator[tuple[Assistant, Provider]]:
    """Chats without an assistant: the default model, no custom parameters (2.0.8)."""
    preferences = document.root.get("preference")  # type: ignore[union-attr]
    node = preferences.get(DEFAULT_MODEL_KEY) if preferences is not None else None
    unique = _str(node)
    resolved = _model(unique, models, providers, document) if unique else None
    if node is None or resolved is None or resolved[2] is None:
        return  # no default model, or one since removed: the app sends nothing (ModelService.getByKey throws)
    model_id, _, model_row, provider = resolved
    yield Assistant(
        name="",
        node=node,
        model_id=model_id or None,
        model_node=node,
        model_name=_str(model_row.get("name")) if model_row is not None else None,
        label="chats without an assistant",
        where=f"the Default Assistant Model: table preference, row {DEFAULT_MODEL_KEY}, column value",
        model_setting="the Default Assistant Model (Settings → Default Model)",
    ), provider


def sites(document: Document) -> Iterator[RequestSite]:
    root = document.root
    app = root.get("appVersion")  # type: ignore[union-attr]
    meta = root.get("metadata_document")  # type: ignore[union-attr]
    has_features = any(r.get("api_features") is not None for r in _rows(root, "user_provider"))  # type: ignore[arg-type]
    behaviour = versions.v2(_str(app) or None, has_features)
    if app is not None and meta is not None:
        version = AppVersion(behaviour.label, app, meta.value, behaviour.assumed)
    else:
        version = AppVersion(behaviour.label, root.get("format"), None, behaviour.assumed)  # type: ignore[union-attr]
    yield from sites_for(document, behaviour, _pairs(document, behaviour), version)
