"""``ai-sdk``: call options an app passes to the Vercel AI SDK (generateText/streamText).

OpenAI options live in ``providerOptions.openai`` (the Azure provider reads
``providerOptions.azure``), spelt in camelCase and mapped onto wire
parameters by ``@ai-sdk/openai``; zod strips keys it does not know. The
mapping comes from ``schemas/ai-sdk/openai-provider-options.json``
(``x-wire`` of each option), so this module holds no parameter table.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator

from ...core.document import UNKNOWN, Document, Node
from ...knowledge.openai_api import api_from_exclusive, norm
from ...knowledge.data import load_json
from ...knowledge.tiers import catalog_column
from ...core.site import Api, ClientOptions, Drop, Effective, Layer, LayerSchema, RequestSite, Target, WirePath
from .target import options_target
from ...core.regex import lazy
from ...core.records import record

NAME = "ai-sdk"
SCHEMA = "ai-sdk/openai-provider-options.json"
OPTION_KEYS = ("providerOptions", "experimental_providerMetadata", "providerMetadata")
NAMESPACES = {"openai": "openai", "azure": "azure"}
AI_SDK = Layer(
    "ai-sdk",
    "camel",
    "the AI SDK's providerOptions.openai",
    "the AI SDK strips keys it does not know without any warning, so it never reaches OpenAI",
    "the AI SDK rejects the options: the call throws InvalidArgumentError (invalid openai provider options)",
    strips_unknown=True,
    schema=LayerSchema(SCHEMA, "providerOptions", "ai-sdk"),
    # @ai-sdk/openai sends max_completion_tokens and strips sampling values (with a warning) for models it
    # takes for reasoning models.
    adjusts=frozenset({"max_tokens", "temperature", "top_p", "logprobs", "top_logprobs", "presence_penalty",
                       "frequency_penalty"}),
)
# Options whose wire form is not a plain copy of the value (see x-note in the schema).
NOT_PLAIN = frozenset({"logprobs", "strictJsonSchema", "contextManagement", "allowedTools"})


@lru_cache(maxsize=None)
def _defs() -> dict[str, Any]:
    return load_json(SCHEMA)["$defs"]


def _options(api: str) -> dict[str, Any]:
    return _defs()[api]["properties"]


def provider_options(api: str) -> dict[str, Any]:
    """The AI SDK's ``providerOptions.openai`` options for ``api``, each with its ``x-wire`` name."""
    return _options(api)


@lru_cache(maxsize=None)
def _call_settings() -> frozenset[str]:
    return frozenset(_defs()["callSettings"].get("properties", {}))


@lru_cache(maxsize=None)
def _call_keys() -> frozenset[str]:
    """Every top-level key an AI SDK call reads (the call settings, ``instructions``, ``tools``, ...)."""
    return _call_settings() | frozenset(load_json(SCHEMA)["x-call-keys"]["keys"])


def _provider_options(root: Node) -> Node | None:
    for key in OPTION_KEYS:
        node = root.get(key)
        if node is not None and node.is_mapping:
            return node
    return None


def score(document: Document) -> int:
    root = document.root
    if root is None or not root.is_mapping:
        return 0
    if _provider_options(root) is not None:
        return 10
    hits = sum(1 for k in root.value if k in _call_settings())
    return 3 if hits >= 2 and "maxRetries" in root.value or hits >= 3 else 0


def detect_api(root: Node, options: Node) -> Api:
    """From the model object when logged (``provider: "openai.chat"``), else from options only one model kind reads."""
    model = root.get("model")
    provider = model.get("provider") if model is not None else None
    if provider is not None and isinstance(provider.value, str):
        if provider.value.endswith(".chat"):
            return "chat"
        if provider.value.endswith(".responses"):
            return "responses"
    return api_from_exclusive(options.value, _options("responses"), _options("chat"))  # type: ignore[return-value]


def _model_id(root: Node) -> tuple[str | None, Node | None]:
    model = root.get("model")
    if model is None:
        return None, None
    if isinstance(model.value, str):
        return model.value, model
    ident = model.get("modelId")
    if ident is not None and isinstance(ident.value, str):
        return ident.value, ident
    return None, None


def wire_effective(options: Node, api: str) -> dict[WirePath, Effective]:
    """What the AI SDK sends for ``providerOptions.openai`` on ``api``, keyed by wire path (plain copies only)."""
    known = _options(api)
    out: dict[WirePath, Effective] = {}
    for key, node in options.items():
        spec = known.get(key)
        wire = spec.get("x-wire") if isinstance(spec, dict) else None
        if not wire or key in NOT_PLAIN or node.value is UNKNOWN:
            continue
        out[tuple(wire.split("."))] = Effective(node.plain(), node)
    return out


def _misplaced(root: Node, options_key: str | None) -> Iterator[Drop]:
    """OpenAI options written at the top level of the call options, where nothing reads them."""
    provider_keys = {norm(k): k for api in ("responses", "chat") for k in _options(api)}
    settings = {norm(k): k for k in _call_settings()}
    for key, node in root.items():
        if key in _call_keys() or key == options_key:
            continue
        nk = norm(key)
        if nk in settings:
            good = settings[nk]
            yield Drop(
                key,
                node,
                "ignored",
                f"the AI SDK's call options are camelCase and it only reads `{good}`",
                fix=f"rename `{key}` to `{good}`",
            )
        elif nk in provider_keys:
            good = provider_keys[nk]
            yield Drop(
                key,
                node,
                "ignored",
                "generateText/streamText read OpenAI options only from providerOptions.openai",
                fix=f"move it to `providerOptions.openai.{good}`",
            )
        elif nk == "provideroptions":
            yield Drop(key, node, "ignored", "the option is spelt `providerOptions`", fix=f"rename `{key}` to `providerOptions`")


def _client(root: Node) -> ClientOptions:
    retries = root.get("maxRetries")
    value = retries.value if retries is not None and isinstance(retries.value, int) and not isinstance(retries.value, bool) else None
    return ClientOptions(
        max_retries=retries,
        max_retries_value=value,
        default_max_retries=2,
        label="maxRetries",
    )


CREDENTIAL_HEADERS = frozenset({"authorization", "api-key", "x-api-key"})


def _credentials(root: Node) -> list[Node]:
    """An API key given in the call's headers (or an apiKey setting) as written."""
    out = []
    headers = root.get("headers")
    for name, node in headers.items() if headers is not None else ():
        if name.lower() in CREDENTIAL_HEADERS:
            out.append(node)
    key = root.get("apiKey")
    if key is not None:
        out.append(key)
    return out


@record(frozen=True)
class ModelRef:
    """The model a call uses, as the code that builds it says (``openai.chat("gpt-5")``)."""

    id: str | None  # None: computed at run time
    node: Node | None
    api: Api | None  # None: told by the options alone
    target: Target | None = None  # where the provider that makes the model sends requests; None: as for a dump


def sites(document: Document) -> Iterator[RequestSite]:
    """The call options an app dumped as JSON or YAML."""
    root = document.root
    if root is None or not root.is_mapping:
        return
    yield from call_sites(document, root)


def call_sites(document: Document, root: Node, model: ModelRef | None = None, call: str = "") -> Iterator[RequestSite]:
    """The request sites of one set of call options (``root``), for the model they are sent with.

    ``model`` is given when code says which model and provider the call
    uses; for a dump it is read from the options themselves. ``call`` names
    the call in messages (``streamText(...)``).
    """
    provider_options = _provider_options(root)
    options_key = next((k for k in OPTION_KEYS if root.get(k) is provider_options), None) if provider_options else None
    model_id, model_node = (model.id, model.node) if model is not None else _model_id(root)
    drops = list(_misplaced(root, options_key))
    namespaces = [(ns, provider_options.get(ns)) for ns in NAMESPACES] if provider_options is not None else []
    found = [(ns, node) for ns, node in namespaces if node is not None and node.is_mapping]
    if not found:
        # Call options without OpenAI provider options still carry client settings and misplacements.
        empty = Node({}, root.start, root.start, ())
        found = [("openai", empty)] if drops or _credentials(root) or root.get("maxRetries") is not None else []
    for ns, options in found:
        api = model.api if model is not None and model.api is not None else detect_api(root, options)
        by_api = {a: wire_effective(options, a) for a in ("responses", "chat")}
        effective = by_api["chat"] if api == "chat" else by_api["responses"]
        site = RequestSite(
            document=document,
            dialect=NAME,
            api=api,
            layer=AI_SDK,
            params=dict(options.value),
            container=options,
            effective=effective,
            effective_by_api=by_api if api == "unknown" else {},
            drops=list(drops) + list(_unknown_drops(options, api)),
            model=model_id,
            model_node=model_node,
            target=model.target if model is not None and model.target is not None
            else options_target(root, ns, options, model_id, model_node),
            client=_client(root),
            origin=f"providerOptions.{ns}" + (f" of {call}" if call else ""),
            credentials=_credentials(root) if ns == found[0][0] else [],
        )
        if ns == "azure" and api == "chat":
            site.drops.append(
                Drop(
                    "azure",
                    options,
                    "ignored",
                    "the AI SDK's Chat model (azure.chat()) reads only providerOptions.openai; "
                    "only its Responses model reads the azure key",
                    fix="move these options to `providerOptions.openai`",
                )
            )
            site.effective, site.effective_by_api = {}, {}  # none of these options is sent
        else:
            site.drops.extend(_gated(site))
        yield site
        drops = []  # misplacements belong to the call, report them once


def _unknown_drops(options: Node, api: str) -> Iterator[Drop]:
    apis = ("responses", "chat") if api == "unknown" else (api,)
    known = set().union(*(set(_options(a)) for a in apis))
    for key, node in options.items():
        if key not in known:
            yield Drop(key, node, "unknown", "zod strips keys the AI SDK does not know")


_O_SERIES = lazy(r"^o(\d+)(?:-|$)")
_GPT = lazy(r"^gpt-(\d+)(?:\.(\d+))?(?:-(.+))?$")


def sdk_allows(model: str, tier: str) -> bool:
    """The AI SDK's own flex/priority gate (openai-language-model-capabilities.ts)."""
    model = model.lower()
    o = _O_SERIES.match(model)
    if o:
        return int(o.group(1)) >= 3
    g = _GPT.match(model)
    if tier == "flex":
        if not g or int(g.group(1)) < 5:
            return False
        suffix = g.group(3) or ""
        return not (suffix.startswith("chat") and g.group(2) is None)
    if model.startswith("gpt-4"):
        return True
    if not g or int(g.group(1)) < 5:
        return False
    suffix = g.group(3) or ""
    return "nano" not in suffix and not suffix.startswith("chat")


def gate_tier(site: RequestSite, model: str | None, cause: Node | None, *, name: str, trace: str, fix: str) -> Drop | None:
    """Apply @ai-sdk/openai's flex/priority gate to a site: the tier is removed for models it rejects.

    Used by every dialect whose requests go through the AI SDK. Returns the
    drop (with ``cause`` at the model, so the model rules do not report the
    same thing again), or None when the tier is kept.
    """
    eff = site.effective.get(("service_tier",))
    if eff is None or eff.node is None or not model:
        return None
    column = catalog_column(eff.value)
    if column is None or sdk_allows(model.split("/")[-1], column):
        return None
    site.effective.pop(("service_tier",), None)
    for table in site.effective_by_api.values():
        table.pop(("service_tier",), None)
    return Drop(
        name if eff.node.key is None else eff.node.key.value,
        eff.node,
        "dropped",
        f'the AI SDK removes service tier "{eff.value}" for model `{model}`, which its own model check does '
        f"not allow for {column} processing; the request runs at the default tier and {trace}",
        cause=cause,
        fix=fix,
    )


def _gated(site: RequestSite) -> Iterator[Drop]:
    drop = gate_tier(
        site, site.model, site.model_node, name="serviceTier",
        trace="the only trace is an entry in the result's warnings",
        fix="use a model the AI SDK allows for this tier, or send the request without serviceTier",
    )
    if drop is not None:
        yield drop
