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

Where requests go (the site's target) is the provider that makes the model:
``openai`` goes to api.openai.com unless ``OPENAI_BASE_URL`` says otherwise
(assumed unset), ``createOpenAI({baseURL})`` to its base URL, ``azure`` and
``createAzure`` to Azure OpenAI (the model id is the deployment). A model
of another provider package (``anthropic("…")``, ``createOpenRouter(...)``,
``other_providers`` in the facts) never reads ``providerOptions.openai``:
a service tier written only there is reported as never read, and nothing
else about those options is judged.

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

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator

from ...core.document import Document, Node
from ...core.site import Drop, Layer, RequestSite, Target, assumed_openai
from ...knowledge.data import load_yaml
from ...knowledge.openai_api import norm
from ...knowledge.tiers import is_tier_key
from ..javascript.calls import credentials_site, options_object
from ..javascript.host import FinderLibrary
from ..javascript.module import Module
from ..javascript.target import base_url_target
from .options import AI_SDK, NAME, NAMESPACES, OPTION_KEYS, ModelRef, _options, call_sites

AI = frozenset({"ai"})


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
        if isinstance(model, Foreign):
            yield from _foreign_sites(document, root, model, label)
            continue
        yield from call_sites(document, root, model, label)
    yield from _loose_options(document, mod, read)
    yield from _provider_credentials(document, mod)


@dataclass(frozen=True)
class Foreign:
    """A model made by another provider package (``anthropic("…")``), which never reads ``providerOptions.openai``."""

    package: str
    namespace: str  # the providerOptions key that provider reads
    target: Target


def model_ref(mod: Module, model: Node | None) -> ModelRef | Foreign | None:
    """The model a call names, as far as the code says; None for a model that is not a language model.

    The target is None when the code does not say which provider instance
    makes the model (a gateway id, a model made elsewhere): then it is
    resolved as for the same options dumped to JSON.
    """
    unknown = ModelRef(None, None, None)
    if model is None or isinstance(model.value, str):
        return unknown  # a gateway id ("openai/gpt-5") or nothing: the server's handling is not known
    expr = mod.origin(mod.expr_of(model))
    if expr is None or expr.type != "call_expression":
        return unknown
    function = expr.child_by_field_name("function")
    foreign = _foreign(mod, function)
    if foreign is not None:
        return foreign
    found = _factory(mod, function)
    if found is None:
        return unknown
    api, target = found
    if api is None:
        return None
    args = mod.arguments(expr)
    ident, node = mod.string(args[0]) if args else (None, None)
    if target.server == "azure" and ident is not None:
        target.deployment, target.deployment_node = ident, node  # the Azure provider's model id is a deployment
    return ModelRef(ident, node, api, target)  # type: ignore[arg-type]


def _split(mod: Module, function: Any) -> tuple[Any, str | None]:
    """(provider, method) of ``provider.method`` / ``provider``."""
    if function is not None and function.type == "member_expression":
        prop = function.child_by_field_name("property")
        return function.child_by_field_name("object"), mod.text(prop) if prop is not None else None
    return function, None


def _factory(mod: Module, function: Any) -> tuple[str | None, Target] | None:
    """(api, target) for ``openai``, ``openai.chat``, ``azure``, a ``createOpenAI(...)`` provider and its methods.

    The api is None for a model of another kind (``openai.embedding``); the
    result is None when the function is not a provider of these packages.
    """
    base, method = _split(mod, function)
    made = _provider(mod, base)
    if made is None:
        return None
    package, spec, created = made
    target = _provider_target(mod, package, spec, base, created)
    if method is None:
        return spec["default"], target
    return spec["methods"].get(method), target


def _provider(mod: Module, base: Any) -> tuple[str, dict[str, Any], Any] | None:
    """(package, facts, the ``create…(...)`` call or None) of an OpenAI or Azure provider expression."""
    providers = facts()["providers"]
    qualname = mod.qualname(base)
    if qualname is not None and qualname[0] in providers:
        spec = providers[qualname[0]]
        return (qualname[0], spec, None) if qualname[1] == spec["factory"] else None
    created = mod.origin(base)
    if created is None or created.type != "call_expression":
        return None
    maker = mod.qualname(created.child_by_field_name("function"))
    if maker is None or maker[0] not in providers or maker[1] != providers[maker[0]]["create"]:
        return None
    return maker[0], providers[maker[0]], created


def _provider_target(mod: Module, package: str, spec: dict[str, Any], base: Any, created: Any) -> Target:
    """Where a provider instance sends requests: its package's default server, or the ``baseURL`` it is created with."""
    env = tuple(spec.get("base_url_env", ()))
    if spec["server"] == "azure":
        how = f"the provider `{spec['factory']}` of {package}" if created is None else f"a provider from {spec['create']}(...)"
        default = Target("azure", how, mod.node(base, None))
    else:
        default = assumed_openai(
            f"{package} reads {' / '.join(env)} from the environment (which flexlint cannot see) when no baseURL is "
            f"given, and otherwise uses {spec['base_url']}: {' / '.join(env)} is assumed unset"
        )
        default.how = f"the provider `{spec['factory']}` of {package}" if created is None else f"{spec['create']}(...) without a baseURL"
        default.node = mod.node(base if created is None else created.child_by_field_name("function"), None)
    if created is None:
        return default
    args = mod.arguments(created)
    if not args:
        return default
    settings = options_object(mod, args[0])
    return base_url_target(mod, settings, args[0], ("baseURL",), env, default, what=f"the settings of {spec['create']}(...)")


def _foreign(mod: Module, function: Any) -> Foreign | None:
    """A model of another provider package the facts name (``anthropic("…")``, ``createOpenRouter(...)("…")``)."""
    others = facts()["other_providers"]
    base, _ = _split(mod, function)
    for candidate in (function, base):
        qualname = mod.qualname(candidate)
        if qualname is not None and qualname[0] in others and qualname[1] in others[qualname[0]]["factory"]:
            return _foreign_of(mod, qualname[0], candidate)
        created = mod.origin(candidate)
        if created is not None and created.type == "call_expression":
            maker = mod.qualname(created.child_by_field_name("function"))
            if maker is not None and maker[0] in others and maker[1] in others[maker[0]]["create"]:
                return _foreign_of(mod, maker[0], candidate)
    return None


def _foreign_of(mod: Module, package: str, node: Any) -> Foreign:
    spec = facts()["other_providers"][package]
    return Foreign(package, spec["namespace"], Target(spec["server"], f"a model of {package}", mod.node(node, None)))


# Options no provider of the call reads: their keys are not judged (each provider has its own).
UNREAD = Layer(NAME, "camel", "the AI SDK's providerOptions", AI_SDK.unknown_fate, AI_SDK.bad_value_fate)


def _foreign_sites(document: Document, root: Node, model: Foreign, call: str) -> Iterator[RequestSite]:
    """``providerOptions.openai`` with a service tier for a model of another provider: never read, so never sent.

    Options for several providers side by side are normal (each provider
    reads its own key), so this is said only when the options hold a tier
    and nothing for the model's own provider.
    """
    provider_options = next((root.get(k) for k in OPTION_KEYS if root.get(k) is not None), None)
    if provider_options is None or not provider_options.is_mapping or provider_options.get(model.namespace) is not None:
        return
    for ns in NAMESPACES:
        options = provider_options.get(ns)
        if options is None or not options.is_mapping or not any(is_tier_key(k) for k in options.value):
            continue
        drop = Drop(ns, options, "ignored",
                    f"the model comes from {model.package}, which reads providerOptions.{model.namespace} and never "
                    f"providerOptions.{ns}, so the service tier written here is never sent",
                    fix=f"put the options for this model under `providerOptions.{model.namespace}`, as {model.package} "
                        "documents them")
        yield RequestSite(document=document, dialect=NAME, api="unknown", layer=UNREAD, container=options, drops=[drop],
                          target=model.target, origin=f"providerOptions.{ns} of {call}", complete=False)


EMBEDDING = Layer(
    NAME,
    "camel",
    "the AI SDK's embedding options (providerOptions.openai)",
    "the AI SDK strips keys its embedding options do not have without any warning, so it never reaches OpenAI",
    "the AI SDK rejects the options: the call throws InvalidArgumentError (invalid openai provider options)",
    strips_unknown=True,
)


def embedding_model(mod: Module, model: Node | None) -> Target | None:
    """Where an embedding model of ``@ai-sdk/openai`` or ``@ai-sdk/azure`` sends requests; None for any other model."""
    expr = mod.origin(mod.expr_of(model)) if model is not None and not isinstance(model.value, str) else None
    if expr is None or expr.type != "call_expression":
        return None
    base, method = _split(mod, expr.child_by_field_name("function"))
    made = _provider(mod, base)
    if made is None or method not in made[1].get("embedding_methods", ()):
        return None
    return _provider_target(mod, made[0], made[1], base, made[2])


def _embedding_sites(document: Document, mod: Module, root: Node, call: str) -> Iterator[RequestSite]:
    """A service tier in the options of an OpenAI embedding model, which strips it."""
    target = embedding_model(mod, root.get("model"))
    if target is None:
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
                          container=options, drops=drops, target=target, origin=f"providerOptions.openai of {call}",
                          complete=False)


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
            yield from call_sites(document, root, ModelRef(None, None, None))


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
