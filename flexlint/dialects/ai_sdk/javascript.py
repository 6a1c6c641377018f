"""The AI SDK as TypeScript and JavaScript code calls it.

A request site is a call of ``generateText``, ``streamText``,
``generateObject`` or ``streamObject`` (imported from ``ai``), or an agent
built with ``new ToolLoopAgent(...)`` (``Experimental_Agent``), whose
options object is known: its ``providerOptions.openai`` (and ``.azure``) are
read exactly as when the same options are dumped to JSON
(:func:`.options.call_sites`: the same schema, ``x-wire`` mapping and flex
gate, so the same findings and messages), for the model the code names:
``openai("…")``, ``openai.responses("…")``, ``openai.chat("…")``,
``azure("…")``, or a provider made with ``createOpenAI({baseURL})`` /
``createAzure(...)``. A model computed at run time leaves the model and the
API unknown; the options are still judged, since only OpenAI's provider
reads them.

Options written outside a known call (``const settings = { providerOptions:
{ openai: {...} } }`` handed to a wrapper) are read too, but only their
``providerOptions`` and only when they are language-model options: the
embedding, image, speech and transcription models of the same provider take
other keys (``other_model_options``), and calls of those kinds are skipped.

``embed`` and ``embedMany`` with an OpenAI or Azure embedding model
(``openai.embedding("…")``) are read for one thing: their
``providerOptions.openai`` is parsed against the embedding options
(``dimensions``, ``user``), so a service tier written there is stripped
and never sent.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator

from ...core.document import Document, Node
from ...core.site import Drop, Layer, RequestSite
from ...knowledge.data import load_yaml
from ...knowledge.openai_api import norm
from ...knowledge.tiers import is_tier_key
from ..javascript.calls import credentials_site, literal_string, options_object
from ..javascript.host import FinderLibrary
from ..javascript.module import Module
from .options import AI_SDK, NAME, OPTION_KEYS, ModelRef, _options, call_sites

AI = frozenset({"ai"})
OPENAI_BASE = "api.openai.com"


@lru_cache(maxsize=None)
def facts() -> dict[str, Any]:
    return load_yaml("javascript/libraries.yaml")["ai-sdk"]


@lru_cache(maxsize=None)
def _language_keys() -> frozenset[str]:
    """Normalised keys that only a language model's providerOptions.openai takes."""
    shared = {"user", "include", "instructions", "logitbias", "logprobs"}
    return frozenset(norm(k) for api in ("responses", "chat") for k in _options(api)) - shared


@lru_cache(maxsize=None)
def _other_keys() -> frozenset[str]:
    return frozenset(norm(k) for k in facts()["other_model_options"])


def sites(document: Document, mod: Module) -> Iterator[RequestSite]:
    read: set[int] = set()  # where the providerOptions of known calls are written
    for use, _ in mod.uses(AI):
        call, callee = mod.call_of(use)
        if call is None:
            continue
        qualname = mod.qualname(callee)
        name = qualname[1] if qualname is not None else ""
        embedding = name in facts()["embedding"]["calls"]
        if name not in facts()["calls"] and name not in facts()["agents"] and not embedding:
            continue
        args = mod.arguments(call)
        root = options_object(mod, args[0]) if args else None
        if root is None:
            continue
        if embedding:
            yield from _embedding_sites(document, mod, root, f"{name}(...)")
            continue
        provider_options = next((root.get(k) for k in OPTION_KEYS if root.get(k) is not None), None)
        if provider_options is not None:
            read.add(provider_options.start)
        model = model_ref(mod, root.get("model"))
        if model is None:
            continue  # a model of another kind (completion, embedding): other options
        label = f"new {name}(...)" if call.type == "new_expression" else f"{name}(...)"
        yield from call_sites(document, root, model, label)
    yield from _loose_options(document, mod, read)
    yield from _provider_credentials(document, mod)


def model_ref(mod: Module, model: Node | None) -> ModelRef | None:
    """The model a call names, as far as the code says; None for a model that is not a language model."""
    unknown = ModelRef(None, None, None, "openai")
    if model is None or isinstance(model.value, str):
        return unknown  # a gateway id ("openai/gpt-5") or nothing: the server's handling is not known
    expr = mod.origin(mod.expr_of(model))
    if expr is None or expr.type != "call_expression":
        return unknown
    function = expr.child_by_field_name("function")
    found = _factory(mod, function)
    if found is None:
        return unknown
    api, server = found
    if api is None:
        return None
    args = mod.arguments(expr)
    ident, node = mod.string(args[0]) if args else (None, None)
    return ModelRef(ident, node, api, server)  # type: ignore[arg-type]


def _factory(mod: Module, function: Any) -> tuple[str | None, str] | None:
    """(api, server) for ``openai``, ``openai.chat``, ``azure``, a ``createOpenAI(...)`` provider and its methods.

    The api is None for a model of another kind (``openai.embedding``); the
    result is None when the function is not a provider of these packages.
    """
    method = None
    base = function
    if function is not None and function.type == "member_expression":
        prop = function.child_by_field_name("property")
        method = mod.text(prop) if prop is not None else None
        base = function.child_by_field_name("object")
    spec = _provider_spec(mod, base)
    if spec is None:
        return None
    server = spec["server"]
    created = mod.origin(base)
    if created is not None and created.type == "call_expression":
        args = mod.arguments(created)
        settings = options_object(mod, args[0]) if args else None
        base_url = settings.get("baseURL") if settings is not None else None
        if base_url is not None:
            url = literal_string(base_url)
            if server == "openai" and (url is None or OPENAI_BASE not in url):
                server = "compatible"  # another server, or one not known until run time
    if method is None:
        return spec["default"], server
    return spec["methods"].get(method), server


EMBEDDING = Layer(
    NAME,
    "camel",
    "the AI SDK's embedding options (providerOptions.openai)",
    "the AI SDK strips keys its embedding options do not have without any warning, so it never reaches OpenAI",
    "the AI SDK rejects the options: the call throws InvalidArgumentError (invalid openai provider options)",
    strips_unknown=True,
)


def embedding_model(mod: Module, model: Node | None) -> bool:
    """Whether a call's model is certainly an embedding model of ``@ai-sdk/openai`` or ``@ai-sdk/azure``."""
    expr = mod.origin(mod.expr_of(model)) if model is not None and not isinstance(model.value, str) else None
    if expr is None or expr.type != "call_expression":
        return False
    function = expr.child_by_field_name("function")
    if function is None or function.type != "member_expression":
        return False
    prop = function.child_by_field_name("property")
    method = mod.text(prop) if prop is not None else None
    spec = _provider_spec(mod, function.child_by_field_name("object"))
    return spec is not None and method in spec.get("embedding_methods", ())


def _provider_spec(mod: Module, base: Any) -> dict[str, Any] | None:
    """The facts of the provider package an expression is (``openai``) or was created by (``createOpenAI(...)``)."""
    providers = facts()["providers"]
    qualname = mod.qualname(base)
    if qualname is not None and qualname[0] in providers:
        spec = providers[qualname[0]]
        return spec if qualname[1] == spec["factory"] else None
    created = mod.origin(base)
    if created is None or created.type != "call_expression":
        return None
    maker = mod.qualname(created.child_by_field_name("function"))
    if maker is None or maker[0] not in providers or maker[1] != providers[maker[0]]["create"]:
        return None
    return providers[maker[0]]


def _embedding_sites(document: Document, mod: Module, root: Node, call: str) -> Iterator[RequestSite]:
    """A service tier in the options of an OpenAI embedding model, which strips it."""
    if not embedding_model(mod, root.get("model")):
        return
    provider_options = next((root.get(k) for k in OPTION_KEYS if root.get(k) is not None), None)
    options = provider_options.get("openai") if provider_options is not None and provider_options.is_mapping else None
    if options is None or not options.is_mapping:
        return
    kept = facts()["embedding"]["options"]
    drops = [
        Drop(key, node, "dropped",
             f"OpenAI's embedding model in the AI SDK reads only {' and '.join(f'`{k}`' for k in kept)} from "
             f"providerOptions.openai and strips every other key, so `{key}` is never sent",
             fix=f"remove `{key}` from the options of {call}")
        for key, node in options.items() if key not in kept and is_tier_key(key)
    ]
    if drops:
        yield RequestSite(document=document, dialect=NAME, api="unknown", layer=EMBEDDING, params=dict(options.value),
                          container=options, drops=drops, origin=f"providerOptions.openai of {call}", complete=False)


# Outside a call, `providerMetadata` is what a result reports (in tests and mocks), never options.
LOOSE_KEYS = tuple(k for k in OPTION_KEYS if k != "providerMetadata")


def _loose_options(document: Document, mod: Module, read: set[int]) -> Iterator[RequestSite]:
    """``providerOptions`` written in an object outside a known call, when they are language-model options."""
    for key in LOOSE_KEYS:
        for occurrence in mod.names.occurrences(key, frozenset({"property_identifier"})):
            pair = occurrence.parent
            if pair is None or pair.type != "pair" or pair.child_by_field_name("key") != occurrence or pair.has_error:
                continue
            if _inside_other_call(mod, pair):
                continue
            knode = mod.node(occurrence, key, (key,))
            value = mod.value(pair.child_by_field_name("value"), (key,), knode)
            if value is None or not value.is_mapping or value.start in read:
                continue
            read.add(value.start)
            namespaces = [value.get(ns) for ns in ("openai", "azure")]
            if not any(ns is not None and ns.is_mapping and _language_options(ns) for ns in namespaces):
                continue
            root = Node({key: value}, value.start, value.end)
            yield from call_sites(document, root, ModelRef(None, None, None, "openai"))


def _language_options(options: Node) -> bool:
    keys = {norm(k) for k in options.value}
    return bool(keys & _language_keys()) and not keys & _other_keys()


def _inside_other_call(mod: Module, node: Any) -> bool:
    """Whether ``node`` is written in the arguments of an AI SDK call of another model kind (``embed``)."""
    other = facts()["other_calls"]
    current = node.parent
    while current is not None:
        if current.type == "arguments":
            call = current.parent
            qualname = mod.qualname(call.child_by_field_name("function")) if call is not None else None
            if qualname is not None and qualname[0] in AI and qualname[1] in other:
                return True
        current = current.parent
    return False


def _provider_credentials(document: Document, mod: Module) -> Iterator[RequestSite]:
    """``createOpenAI({ apiKey: "sk-..." })``: a key written into the code."""
    providers = facts()["providers"]
    for use, binding in mod.uses(frozenset(providers)):
        if binding.imported != providers[binding.source]["create"]:
            continue
        call, _ = mod.call_of(use)
        args = mod.arguments(call) if call is not None else []
        settings = options_object(mod, args[0]) if args else None
        if settings is None:
            continue
        nodes = [settings.get(k) for k in facts()["secrets"]]
        written = [n for n in nodes if n is not None and isinstance(n.value, str)]
        if written:
            yield credentials_site(document, NAME, written, f"{binding.imported}(...)", AI_SDK)


LIBRARY = FinderLibrary(NAME, sites)
