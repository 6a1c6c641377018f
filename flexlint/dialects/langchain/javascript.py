"""LangChain.js: ``new ChatOpenAI({...})`` and the per-call options of its ``invoke``/``stream``/``withConfig``.

The request is decided in two places. The constructor's fields: ``model``
and ``service_tier`` (snake_case, unlike the other fields) are sent as
they are, ``modelKwargs`` entries are spread into the body last, and a key
the constructor does not read (``serviceTier``) is ignored without a word.
The call options (the second argument of ``invoke``/``stream``/``batch``,
the first of ``withConfig``/``bind``, the second of ``bindTools``): the Chat
Completions path lets a per-call ``service_tier`` win, but the Responses
path builds its request from the constructor's ``service_tier`` alone, so a
per-call one is dropped there (langchain-ai/langchainjs#11353, open). The
Responses path is known when ``useResponsesApi: true`` is written, when the
model is one LangChain always sends there (codex models), or when the call
options hold a Responses-only option (``previous_response_id``, ``text``,
``truncation``, ``include``, a reasoning summary); otherwise the API is
left unknown and nothing is said about the drop. The facts, with the
releases they were read from, are in ``schemas/javascript/libraries.yaml``.

Where requests go: ``AzureChatOpenAI`` is Azure OpenAI; ``ChatOpenAI`` goes
to ``configuration.baseURL`` (or the legacy second argument), else to what
``OPENAI_BASE_URL`` says, assumed unset. A ``ChatOpenAI`` given Azure fields
(which older releases sent to Azure) goes to a server that is not certain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator

from ...core.document import UNKNOWN, Document, Node
from ...core.site import HTTP, Drop, Effective, Layer, RequestSite, Target, assumed_openai
from ...knowledge.data import load_yaml
from ...knowledge.openai_api import norm, wire_params
from ...knowledge.tiers import is_tier_key
from ..javascript.calls import client_options_ms, known, label_of, options_object
from ..javascript.host import FinderLibrary
from ..javascript.module import Module
from ..javascript.names import unwrap
from ..javascript.target import base_url_target, property_expr

NAME = "langchain-js"
ENV = ("OPENAI_BASE_URL",)
ENVIRONMENT = (
    "no configuration.baseURL is given, so the OpenAI client ChatOpenAI makes reads OPENAI_BASE_URL from the "
    "environment (which flexlint cannot see) and otherwise uses https://api.openai.com/v1: OPENAI_BASE_URL is "
    "assumed unset"
)
RESPONSES_ONLY = ("previous_response_id", "text", "truncation", "include")
LAYER = Layer(
    NAME,
    "snake",
    "LangChain.js's ChatOpenAI",
    "ChatOpenAI reads its fields by name and ignores any other key without a word, so it is never sent",
    HTTP.bad_value_fate,
)
CALL_LAYER = Layer(
    NAME,
    "snake",
    "LangChain.js's ChatOpenAI",
    "ChatOpenAI reads call options by name and ignores any other key without a word, so it is never sent",
    HTTP.bad_value_fate,
)


@lru_cache(maxsize=None)
def facts() -> dict[str, Any]:
    return load_yaml("javascript/libraries.yaml")["langchain-js"]


@dataclass(eq=False)
class ChatModel:
    """A ``ChatOpenAI`` as its constructor builds it."""

    kind: str  # the class
    target: Target
    fields: Node
    model: str | None
    model_node: Node | None
    responses: str | None  # why the Responses API is certain, or None
    bound: list[Node] = field(default_factory=list)  # call options bound with withConfig/bind/bindTools


def sites(document: Document, mod: Module) -> Iterator[RequestSite]:
    for use, binding in mod.uses(frozenset(facts()["modules"])):
        if binding.imported not in facts()["classes"]:
            continue
        call, callee = mod.call_of(use)
        if call is None or call.type != "new_expression":
            continue
        chat = chat_model(mod, call)
        if chat is not None:
            yield from _constructor_sites(document, chat)
    for call, member in mod.method_calls(frozenset(facts()["call_methods"])):
        method = mod.text(member.child_by_field_name("property"))
        chat = instance(mod, member.child_by_field_name("object"))
        if chat is None:
            continue
        args = mod.arguments(call)
        index = facts()["call_methods"][method]
        options = options_object(mod, args[index]) if len(args) > index else None
        if options is None or not options.value:
            continue
        yield from _call_sites(document, chat, options, f"{label_of(mod, member.child_by_field_name('object'))}.{method}(...)")


def chat_model(mod: Module, new: Any) -> ChatModel | None:
    """The chat model a ``new ChatOpenAI(...)`` builds, or None when its fields cannot be seen."""
    kind_qual = mod.qualname(new.child_by_field_name("constructor"))
    if kind_qual is None:
        return None
    kind = kind_qual[1]
    server = facts()["classes"].get(kind)
    if server is None:
        return None
    args = mod.arguments(new)
    model_node: Node | None = None
    if args and unwrap(args[0]) is not None and unwrap(args[0]).type in ("string", "template_string"):
        _, model_node = mod.string(args[0])  # new ChatOpenAI("gpt-5", {...})
        args = args[1:]
    fields = options_object(mod, args[0]) if args else None
    if fields is None:
        if args:
            return None
        fields = mod.node(new, {})
    written = fields.get("model") or fields.get("modelName")
    if model_node is None and written is not None:
        model_node = written if isinstance(written.value, str) else None
    model = model_node.value if model_node is not None else None
    target = _target(mod, new, kind, server, fields, args)
    return ChatModel(kind, target, fields, model, model_node, _responses_reason(fields, model))


def _target(mod: Module, new: Any, kind: str, server: str, fields: Node, args: list[Any]) -> Target:
    """Where the chat model sends requests: Azure for AzureChatOpenAI, else the ``baseURL`` of its configuration."""
    constructor = new.child_by_field_name("constructor")
    if server == "azure":
        deployment = next((fields.get(k) for k in facts()["azure_deployment"] if fields.get(k) is not None), None)
        named = deployment is not None and isinstance(deployment.value, str)
        return Target("azure", f"the class {kind}", mod.node(constructor, None),
                      deployment=deployment.value if named else None,  # type: ignore[union-attr]
                      deployment_node=deployment if named else None)
    azure = next((k for k in facts()["azure_fields"] if fields.get(k) is not None), None)
    if azure is not None:
        return Target("unknown", f"{kind} with `{azure}`", fields.get(azure),
                      assumed="older @langchain/openai releases send such a ChatOpenAI's requests to Azure OpenAI")
    default = assumed_openai(ENVIRONMENT)
    if not args:
        return default
    if len(args) > 1:  # new ChatOpenAI(fields, configuration): the legacy place of the client's options
        return base_url_target(mod, options_object(mod, args[1]), args[1], ("baseURL", "basePath"), ENV, default,
                               what=f"the configuration of new {kind}(...)")
    if fields.get("configuration") is None:
        # only a `configuration` the code does not show could send the requests elsewhere
        return base_url_target(mod, fields, args[0], ("configuration",), ENV, default,
                               what=f"the fields of new {kind}(...)")
    configuration = fields.get("configuration")
    written = property_expr(mod, args[0], "configuration")
    settings = configuration if configuration is not None and configuration.is_mapping else None
    return base_url_target(mod, settings, written if written is not None else args[0], ("baseURL", "basePath"), ENV,
                           default, what=f"the configuration of new {kind}(...)")


def _responses_reason(fields: Node, model: str | None) -> str | None:
    use = fields.get("useResponsesApi")
    if use is not None and use.value is True:
        return "`useResponsesApi: true`"
    for entry in facts()["responses_models"]:
        if model is not None and entry["contains"] in model:
            return f"LangChain.js ({entry['since']} and later) sends {entry['contains']} models such as `{model}` to the Responses API"
    if _summary(fields):
        return "the model's `reasoning.summary`"
    return None


def _summary(options: Node) -> bool:
    """Whether options ask for a reasoning summary (which only the Responses API gives)."""
    reasoning = options.get("reasoning")
    summary = reasoning.get("summary") if reasoning is not None else None
    return known(summary) and summary.value is not None  # type: ignore[union-attr]


def instance(mod: Module, expr: Any, depth: int = 0) -> ChatModel | None:
    """The chat model an expression certainly holds (through names, ``this.`` fields and ``withConfig``)."""
    if expr is None or depth > 10:
        return None
    expr = mod.source(expr)
    if expr is None:
        return None
    if expr.type == "new_expression":
        return chat_model(mod, expr)
    if expr.type == "call_expression":
        function = expr.child_by_field_name("function")
        if function is None or function.type != "member_expression":
            return None
        method = mod.text(function.child_by_field_name("property"))
        if method not in ("withConfig", "bind", "bindTools"):
            return None
        base = instance(mod, function.child_by_field_name("object"), depth + 1)
        if base is None:
            return None
        args = mod.arguments(expr)
        index = facts()["call_methods"][method]
        options = options_object(mod, args[index]) if len(args) > index else None
        bound = base.bound + ([options] if options is not None else [])
        return ChatModel(base.kind, base.target, base.fields, base.model, base.model_node, base.responses, bound)
    return None


def _client(chat: ChatModel, options: Node | None = None):
    """Timeout (ms) and retries: a per-call ``timeout`` wins over the constructor's."""
    defaults = facts()["defaults"]
    per_call = options.get("timeout") if options is not None else None
    return client_options_ms(
        per_call or chat.fields.get("timeout"),
        chat.fields.get("maxRetries"),
        default_timeout_ms=float(defaults["timeout_ms"]),
        default_retries=int(defaults["max_retries"]),
    )


def _misspelt_tiers(options: Node, where: str) -> Iterator[Drop]:
    right = facts()["tier_field"]
    for key, node in options.items():
        if key != right and is_tier_key(key) and norm(key) == norm(right):
            yield Drop(key, node, "ignored", f"{where} reads `{right}` (snake_case) and ignores `{key}`",
                       fix=f"rename `{key}` to `{right}`")


def _constructor_sites(document: Document, chat: ChatModel) -> Iterator[RequestSite]:
    fields = chat.fields
    effective: dict[tuple[str, ...], Effective] = {}
    for name, wire in facts()["wire_fields"].items():
        node = fields.get(name)
        if known(node):
            effective[(wire,)] = Effective(node.plain(), node)  # type: ignore[union-attr]
    kwargs = fields.get("modelKwargs")
    entries = dict(kwargs.value) if known(kwargs) and kwargs.is_mapping else {}  # type: ignore[union-attr]
    wire = wire_params("responses") | wire_params("chat")
    for name, node in entries.items():
        if known(node) and name in wire:  # other keys: the site of modelKwargs below judges them
            current = effective.get((name,))
            effective[(name,)] = Effective(node.plain(), node, cause=node.anchor if current is not None else None,
                                           note="`modelKwargs` is spread into the request last" if current else "")
    credentials = [n for k in facts()["secrets"] if (n := fields.get(k)) is not None and isinstance(n.value, str)]
    origin = f"new {chat.kind}(...)"
    yield RequestSite(
        document=document,
        dialect=NAME,
        api="responses" if chat.responses else "unknown",
        layer=LAYER,
        params=dict(fields.value),
        container=fields,
        effective=effective,
        drops=list(_misspelt_tiers(fields, chat.kind)),
        model=chat.model,
        model_node=chat.model_node,
        target=chat.target,
        client=_client(chat),
        origin=origin,
        credentials=credentials,
        complete=False,
    )
    if entries:
        yield RequestSite(
            document=document,
            dialect=NAME,
            api="responses" if chat.responses else "unknown",
            layer=HTTP,
            params=entries,
            container=kwargs,
            effective={(k,): Effective(v.plain(), v) for k, v in entries.items() if known(v)},
            target=chat.target,
            origin=f"modelKwargs of {origin}",
            complete=False,
        )


def _call_sites(document: Document, chat: ChatModel, options: Node, origin: str) -> Iterator[RequestSite]:
    right = facts()["tier_field"]
    tier = options.get(right)
    reason = chat.responses or _responses_in_call(chat.bound + [options])
    effective: dict[tuple[str, ...], Effective] = {}
    drops = list(_misspelt_tiers(options, "ChatOpenAI's call options"))
    if chat.model is not None and chat.model_node is not None:
        effective[("model",)] = Effective(chat.model, chat.model_node)
    constructed = chat.fields.get(right)
    if tier is not None and tier.value is not UNKNOWN and tier.value is not None:
        if reason is not None:
            drop = facts()["per_call_service_tier_on_responses"]
            kept = (f'the constructor\'s service_tier "{constructed.value}" is sent instead'
                    if known(constructed) else "the request is sent without a service_tier (the project default tier)")
            drops.append(Drop(
                right,
                tier,
                "dropped",
                f"this request goes to the Responses API ({reason}), and ChatOpenAI builds that request from the "
                f"constructor's service_tier only, so the per-call one is dropped and {kept} "
                f"(@langchain/openai up to {drop['dropped_through']} at least; {drop['issue']})",
                cause=None,
                fix=f"set `{right}` on the ChatOpenAI constructor (or on a separate ChatOpenAI for these calls)",
            ))
            if known(constructed):
                effective[(right,)] = Effective(constructed.plain(), constructed)  # type: ignore[union-attr]
        else:
            effective[(right,)] = Effective(tier.plain(), tier)
    elif known(constructed):
        return  # nothing about the tier here: the constructor's site says it all
    if not drops and (right,) not in effective:
        return
    yield RequestSite(
        document=document,
        dialect=NAME,
        api="responses" if reason else "unknown",
        layer=CALL_LAYER,
        params=dict(options.value),
        container=options,
        effective=effective,
        drops=drops,
        model=chat.model,
        model_node=chat.model_node,
        target=chat.target,
        client=_client(chat, options),
        origin=origin,
        complete=False,
    )


def _responses_in_call(options: list[Node]) -> str | None:
    for node in options:
        for key in RESPONSES_ONLY:
            value = node.get(key)
            if known(value) and value.value is not None:  # type: ignore[union-attr]
                return f"the call option `{key}`"
        if _summary(node):
            return "the call option `reasoning.summary`"
    return None


LIBRARY = FinderLibrary(NAME, sites)
