"""LangChain: ``ChatOpenAI(...)`` and ``init_chat_model(...)`` for OpenAI models.

The request is decided when the chat model is built: its fields named like
wire parameters are sent as they are, ``model_kwargs`` entries are passed to
the OpenAI SDK as keyword arguments, ``extra_body`` is merged last, and an
argument that is not a field is moved into ``model_kwargs`` with only a
warning (so the SDK raises TypeError on the first request). The field names
are recorded from langchain-openai's source in ``schemas/python/libraries.json``.
ChatOpenAI has no timeout by default, so only a written one is judged.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterator

import libcst as cst

from ...core.document import Document
from ...knowledge.openai_api import wire_params
from ...knowledge.data import load_json
from ...core.site import PYTHON_SDK, Effective, Layer, RequestSite
from ..python.module import Module
from ..python.calls import call_kwargs, client_options, known, literal_string, merge_extra_body, plain, wire_site
from ..python.host import FinderLibrary

NAME = "langchain"
LAYER = Layer(
    "langchain",
    "snake",
    "LangChain's ChatOpenAI",
    "LangChain moves arguments it does not know into model_kwargs with only a warning, and the OpenAI SDK "
    "raises TypeError (unexpected keyword argument) when the first request is made",
    PYTHON_SDK.bad_value_fate,
)
# Fields that decide which API ChatOpenAI calls (it picks the Responses API for these).
RESPONSES_FIELDS = frozenset({"reasoning", "include", "truncation", "context_management", "use_previous_response_id"})
# How LangChain tells an OpenAI model from the name alone (init_chat_model).
OPENAI_MODEL = re.compile(r"^(gpt-|o\d|chatgpt|text-davinci)")
NOT_WIRE = frozenset({"metadata"})  # LangChain's own tracing metadata, never sent


@lru_cache(maxsize=None)
def fields() -> tuple[dict[str, str], frozenset[str]]:
    """(accepted name -> field name, fields of LangChain's base classes)."""
    data = load_json("python/libraries.json")
    names: dict[str, str] = {}
    for section in ("langchain-openai", "langchain-core"):
        for name, alias in data[section]["fields"].items():
            names[name] = name
            if alias:
                names[alias] = name
    return names, frozenset(data["langchain-core"]["fields"])


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


def _sites(document: Document, mod: Module, call: cst.Call, kind: str, env: dict) -> Iterator[RequestSite]:
    kwargs, _ = call_kwargs(mod, call, env)
    layer = LAYER
    model_node = kwargs.get("model") or kwargs.get("model_name")
    if kind == "init_chat_model":
        positional = [a for a in call.args if a.keyword is None and not a.star]
        if model_node is None and positional:
            model_node = mod.value(positional[0].value, env, ("model",)) or None
        model = literal_string(model_node)
        provider = literal_string(kwargs.get("model_provider"))
        if model and ":" in model and provider is None:
            provider, model = model.split(":", 1)
        if provider is None and model and OPENAI_MODEL.match(model):
            provider = "openai"
        if provider not in ("openai", "azure_openai"):
            return  # another provider, or one that cannot be known
        layer = replace(LAYER, label="LangChain's init_chat_model (ChatOpenAI)")
        for name in init_params():
            kwargs.pop(name, None)
    else:
        model = literal_string(model_node)
    accepted, base_fields = fields()
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
    origin = f"{'ChatOpenAI' if kind != 'init_chat_model' else 'init_chat_model'}(...)"
    unknown = merge_extra_body(effective, kwargs.get("extra_body"), wire, where=origin)
    if model is not None and model_node is not None:
        effective[("model",)] = Effective(model, model_node)
    credentials = [kwargs[n] for n in ("api_key", "openai_api_key") if known(kwargs.get(n))]
    timeout = kwargs.get("timeout") or kwargs.get("request_timeout")
    yield RequestSite(
        document=document,
        dialect=NAME,
        api=api,  # type: ignore[arg-type]
        layer=layer,
        params=kwargs,
        container=mod.node(call, kwargs),
        effective=effective,
        model=model,
        model_node=model_node if model is not None else None,
        provider="azure" if kind == "AzureChatOpenAI" else "openai",
        client=client_options(timeout, kwargs.get("max_retries"), default_timeout=None, default_retries=2),
        origin=origin,
        credentials=credentials,
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
            origin=f"model_kwargs of {origin}",
        )
    if unknown:
        yield wire_site(document, NAME, api, kwargs["extra_body"], unknown, f"extra_body of {origin}")  # type: ignore[arg-type]


LIBRARY = FinderLibrary(NAME, sites)
