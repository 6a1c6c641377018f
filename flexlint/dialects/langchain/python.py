"""LangChain: ``ChatOpenAI(...)`` and ``init_chat_model(...)`` for OpenAI models.

The request is decided when the chat model is built: its fields named like
wire parameters are sent as they are, ``model_kwargs`` entries are passed to
the OpenAI SDK as keyword arguments, ``extra_body`` is merged last, and an
argument that is not a field is moved into ``model_kwargs`` with only a
warning (so the SDK raises TypeError on the first request). The field names
are recorded from langchain-openai's source in ``schemas/python/libraries.json``,
with its client defaults: ChatOpenAI hands its ``request_timeout`` (``None``
unless set) to the OpenAI client as ``timeout=``, so by default a request has
no timeout at all, even on a custom ``http_client`` with one of its own (the
SDK takes the written ``None`` over the client's); only a written timeout is
judged. Its ``max_retries`` (``None`` unless set) is then not passed, and the
SDK's own default applies.

Where requests go: ``AzureChatOpenAI`` is Azure OpenAI (its ``model`` names
the deployed model, which LangChain documents as distinct from the
deployment name); ``ChatOpenAI`` goes to its ``base_url`` (alias
``openai_api_base``), else to what ``OPENAI_BASE_URL`` / ``OPENAI_API_BASE``
say in the environment, assumed unset; ``init_chat_model`` to its provider.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Iterator

import libcst as cst

from ...core.document import Document
from ...knowledge.openai_api import wire_params
from ...knowledge.data import load_json
from ...core.site import PYTHON_SDK, Effective, Layer, RequestSite, Target, assumed_openai
from ..python.module import Module
from ..python.calls import call_kwargs, client_options, known, literal_string, merge_extra_body, option, plain, wire_site
from ..python.host import FinderLibrary
from ..python.target import base_url_target
from ...core.regex import lazy

NAME = "langchain"
LAYER = Layer(
    "langchain",
    "snake",
    "LangChain's ChatOpenAI",
    "LangChain moves arguments it does not know into model_kwargs with only a warning, and the OpenAI SDK "
    "raises TypeError (unexpected keyword argument) when the first request is made",
    PYTHON_SDK.bad_value_fate,
    refuses_unknown=True,
    # ChatOpenAI sends max_tokens as max_completion_tokens and drops sampling values reasoning models refuse.
    adjusts=frozenset({"max_tokens", "temperature", "top_p"}),
)
# Fields that decide which API ChatOpenAI calls (it picks the Responses API for these).
RESPONSES_FIELDS = frozenset({"reasoning", "include", "truncation", "context_management", "use_previous_response_id"})
# How LangChain tells an OpenAI model from the name alone (init_chat_model).
OPENAI_MODEL = lazy(r"^(gpt-|o\d|chatgpt|text-davinci)")
NOT_WIRE = frozenset({"metadata"})  # LangChain's own tracing metadata, never sent
BASE_URL = ("base_url", "openai_api_base")
ENVIRONMENT = (
    "no base_url is given, so ChatOpenAI reads OPENAI_API_BASE / OPENAI_BASE_URL from the environment (which "
    "flexlint cannot see) and otherwise uses https://api.openai.com/v1: both are assumed unset"
)


@lru_cache(maxsize=None)
def fields(azure: bool = False) -> tuple[dict[str, str], frozenset[str]]:
    """(accepted name -> field name, fields of LangChain's base classes); ``azure``: AzureChatOpenAI's."""
    data = load_json("python/libraries.json")
    names: dict[str, str] = {}
    for section in ("langchain-openai", "langchain-core") + (("langchain-openai-azure",) if azure else ()):
        for name, alias in data[section]["fields"].items():
            names[name] = name
            if alias:
                names[alias] = name
    return names, frozenset(data["langchain-core"]["fields"])


@lru_cache(maxsize=None)
def client_defaults() -> tuple[float | None, int | None]:
    """(timeout, retries) of a ChatOpenAI that sets neither; a timeout of None is no limit at all."""
    recorded = load_json("python/libraries.json")["langchain-openai"]["defaults"]
    sdk = load_json("python/openai-sdk.json")["defaults"]
    timeout, retries = recorded["timeout"], recorded["max_retries"]
    return (
        None if timeout is None else float(timeout),
        int(sdk["max_retries"]) if retries is None else int(retries),  # None is not passed: the SDK's applies
    )


@lru_cache(maxsize=None)
def init_params() -> frozenset[str]:
    return frozenset(load_json("python/libraries.json")["langchain"]["init_chat_model"])


def _kind(qualname: str | None) -> str | None:
    if not qualname:
        return None
    head, _, last = qualname.rpartition(".")
    if last in ("ChatOpenAI", "AzureChatOpenAI") and head.split(".")[0] == "langchain_openai":
        return last
    if last == "init_chat_model" and head.split(".")[0] == "langchain":
        return last
    return None


def sites(document: Document, mod: Module) -> Iterator[RequestSite]:
    for call in mod.calls:
        kind = _kind(mod.qualname(call.func))
        if kind is None:
            continue
        at = mod.span(call)[0]
        for env in mod.forks([a.value for a in call.args], at):
            yield from _sites(document, mod, call, kind, env)


@lru_cache(maxsize=None)
def _layer() -> Layer:
    """The layer with LangChain's own argument names, so a typo is matched against them too."""
    return replace(LAYER, names=frozenset(fields()[0]))


def _sites(document: Document, mod: Module, call: cst.Call, kind: str, env: dict) -> Iterator[RequestSite]:
    kwargs, hidden = call_kwargs(mod, call, env)
    layer = _layer()
    model_node = kwargs.get("model") or kwargs.get("model_name")
    if kind == "init_chat_model":
        positional = [a for a in call.args if a.keyword is None and not a.star]
        if model_node is None and positional:
            model_node = mod.value(positional[0].value, env, ("model",))
        model = literal_string(model_node)
        provider = literal_string(kwargs.get("model_provider"))
        if model and ":" in model and provider is None:
            provider, model = model.split(":", 1)
        if provider is None and model and OPENAI_MODEL.match(model):
            provider = "openai"
        if provider not in ("openai", "azure_openai"):
            return  # another provider, or one that cannot be known
        layer = replace(layer, label="LangChain's init_chat_model (ChatOpenAI)",
                        names=layer.names | init_params())
        for name in init_params():
            kwargs.pop(name, None)
    else:
        model, provider = literal_string(model_node), None
    accepted, base_fields = fields(azure=kind == "AzureChatOpenAI")
    use = kwargs.get("use_responses_api")
    if known(use) and isinstance(use.value, bool):  # type: ignore[union-attr]
        api = "responses" if use.value else "chat"  # type: ignore[union-attr]
    elif any(accepted.get(k) in RESPONSES_FIELDS for k in kwargs):
        api = "responses"
    else:
        api = "unknown"
    wire = wire_params("responses") | wire_params("chat") if api == "unknown" else wire_params(api)
    effective: dict[tuple[str, ...], Effective] = {}
    for name, node in kwargs.items():
        field = accepted.get(name)
        if field is None:
            effective[(name,)] = Effective(plain(node), node)  # moved to model_kwargs: a TypeError later
            continue
        wire_name = "model" if field == "model_name" else field
        if field in base_fields or wire_name in NOT_WIRE or wire_name not in wire or not known(node):
            continue
        effective[(wire_name,)] = Effective(plain(node), node)
    origin = f"{kind}(...)"
    call_node = mod.node(call, kwargs)
    unknown = merge_extra_body(effective, kwargs.get("extra_body"), wire, where=origin, call=call_node)
    if model is not None and model_node is not None:
        effective[("model",)] = Effective(model, model_node)
    credentials = [kwargs[n] for n in ("api_key", "openai_api_key") if known(kwargs.get(n))]
    target = _target(mod, call, kind, provider, kwargs, env, model, model_node)
    timeout = kwargs.get("timeout") or kwargs.get("request_timeout") or option(kwargs, hidden, "timeout")
    default_timeout, default_retries = client_defaults()
    yield RequestSite(
        document=document,
        dialect=NAME,
        api=api,  # type: ignore[arg-type]
        layer=layer,
        params=kwargs,
        container=call_node,
        effective=effective,
        model=model,
        model_node=model_node if model is not None else None,
        target=target,
        client=client_options(timeout, option(kwargs, hidden, "max_retries"), default_timeout=default_timeout,
                              default_retries=default_retries, default_from="LangChain's ChatOpenAI"),
        origin=origin,
        credentials=credentials,
        complete=hidden is None,
    )
    model_kwargs = kwargs.get("model_kwargs")
    if known(model_kwargs) and model_kwargs.is_mapping and model_kwargs.value:  # type: ignore[union-attr]
        yield RequestSite(
            document=document,
            dialect=NAME,
            api=api,  # type: ignore[arg-type]
            layer=PYTHON_SDK,
            params=dict(model_kwargs.value),  # type: ignore[union-attr]
            container=model_kwargs,
            effective={(k,): Effective(v.plain(), v) for k, v in model_kwargs.value.items()},  # type: ignore[union-attr]
            target=target,
            origin=f"model_kwargs of {origin}",
        )
    if unknown:
        yield wire_site(document, NAME, api, kwargs["extra_body"], unknown, f"extra_body of {origin}", target)  # type: ignore[arg-type]


def _target(mod: Module, call: cst.Call, kind: str, provider: str | None, kwargs: dict, env: dict,
            model: str | None, model_node) -> Target:
    """Where the chat model sends requests: Azure for AzureChatOpenAI and azure_openai, else its base URL."""
    if kind == "AzureChatOpenAI" or provider == "azure_openai":
        deployment = kwargs.get("azure_deployment") or kwargs.get("deployment_name")
        named = deployment is not None and isinstance(deployment.value, str)
        return Target(
            "azure",
            "the class AzureChatOpenAI" if kind == "AzureChatOpenAI" else 'the model provider "azure_openai"',
            mod.node(call.func, kind),
            deployment=deployment.value if named else None,
            deployment_node=deployment if named else None,
            base_model=model,
            base_model_node=model_node if model is not None else None,
        )
    return base_url_target(mod, call, BASE_URL, env, kwargs.get("base_url") or kwargs.get("openai_api_base"),
                           assumed_openai(ENVIRONMENT))


LIBRARY = FinderLibrary(NAME, sites)
