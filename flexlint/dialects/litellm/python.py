"""LiteLLM: ``completion``/``acompletion`` and ``responses``/``aresponses`` with ``openai/…`` models.

For the OpenAI provider, LiteLLM sends the OpenAI parameters it knows, keeps
its own keywords (``num_retries``, ``api_base``, callbacks, …) and puts every
other keyword into the request body (``extra_body``), where the API rejects
an unknown key with HTTP 400. The names of both groups are recorded from
LiteLLM's source in ``schemas/python/libraries.json``, with its defaults:
``completion()`` times out after 600 s and ``responses()`` after 6000 s, but
the ``REQUEST_TIMEOUT`` environment variable replaces both, so a request
that sets no timeout has one the code cannot show and is not judged. What
the code can show is judged: ``timeout=`` (or ``request_timeout=``) on the
call, or ``litellm.request_timeout = N`` for ``completion()`` (``responses()``
reads the value LiteLLM bound when it was imported, which that assignment
does not change).

The model's ``openai/`` prefix and ``api_base`` (or ``base_url``) say where
requests go (:mod:`.target`).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Iterator

import libcst as cst

from ...core.document import Document, Node
from ...knowledge.openai_api import wire_params
from ...knowledge.data import load_json
from .adjusts import SAMPLING_AND_TOKENS
from ...core.site import HTTP, Effective, Layer, RequestSite, assumed_openai
from ..python.module import Module
from ..python.calls import call_kwargs, client_options, known, literal_string, merge_extra_body, option, plain, wire_site
from ..python.host import FinderLibrary
from ..python.target import base_url_target
from .target import ENVIRONMENT

NAME = "litellm"
FUNCTIONS = {"completion": "chat", "acompletion": "chat", "responses": "responses", "aresponses": "responses"}
# The global `litellm.request_timeout = N` reaches these; responses() bound the value at import.
GLOBAL_TIMEOUT = frozenset({"completion", "acompletion"})
LAYER = Layer(
    "litellm",
    "snake",
    "LiteLLM",
    "LiteLLM passes keyword arguments it does not know to OpenAI inside the request body, and the API "
    "rejects the whole request with HTTP 400 unknown_parameter",
    HTTP.bad_value_fate,
    adjusts=frozenset(SAMPLING_AND_TOKENS),
)


@lru_cache(maxsize=None)
def default_timeout(function: str) -> float | None:
    """The timeout a call that sets none gets; None when an environment variable can change it."""
    defaults = load_json("python/libraries.json")["litellm"]["defaults"]
    if defaults.get("environment"):
        return None
    return float(defaults["completion_timeout" if function in GLOBAL_TIMEOUT else "responses_timeout"])


@lru_cache(maxsize=None)
def accepted(function: str) -> frozenset[str]:
    data = load_json("python/libraries.json")["litellm"]
    return frozenset(data[function]) | frozenset(data["owned_kwargs"])


def _function(qualname: str | None) -> str | None:
    if not qualname or qualname.split(".")[0] != "litellm":
        return None
    last = qualname.rpartition(".")[2]  # `litellm(...)` itself is a call too: no dot there
    return last if last in FUNCTIONS else None


def _request_timeout(mod: Module) -> Node | None:
    """``litellm.request_timeout = N`` anywhere in the module (the global default)."""
    for node in mod.kept:
        if type(node) is not cst.Assign or len(node.targets) != 1:
            continue
        target = node.targets[0].target
        if isinstance(target, cst.Attribute) and target.attr.value == "request_timeout" and mod.qualname(target.value) == "litellm":
            key = mod.node(target.attr, "litellm.request_timeout", ("request_timeout",))
            return mod.value(node.value, {}, ("request_timeout",), key)
    return None


def sites(document: Document, mod: Module) -> Iterator[RequestSite]:
    global_timeout: Node | None = None
    looked = False
    for call in mod.calls:
        function = _function(mod.qualname(call.func))
        if function is None:
            continue
        if not looked:
            global_timeout, looked = _request_timeout(mod), True
        at = mod.span(call)[0]
        for env in mod.forks([a.value for a in call.args], at):
            site = _site(document, mod, call, function, env, global_timeout)
            if site is not None:
                yield from site


def _site(document: Document, mod: Module, call: cst.Call, function: str, env: dict, global_timeout: Node | None):
    kwargs, hidden = call_kwargs(mod, call, env)
    model_node = kwargs.get("model")
    positional = [a for a in call.args if a.keyword is None and not a.star]
    if model_node is None and positional and function in ("completion", "acompletion"):
        model_node = mod.value(positional[0].value, env, ("model",))
    model = literal_string(model_node)
    if model is None or not model.startswith("openai/"):
        return None  # another provider, or a model that cannot be known
    api = FUNCTIONS[function]
    wire = wire_params(api)
    names = accepted(function)
    effective: dict[tuple[str, ...], Effective] = {}
    for name, node in kwargs.items():
        if name in ("model", "extra_body"):
            continue
        if name in wire and name in names:
            if known(node):
                effective[(name,)] = Effective(plain(node), node)
        elif name not in names:
            effective[(name,)] = Effective(plain(node), node)  # sent in the body as written
    effective[("model",)] = Effective(model.split("/", 1)[1], model_node)
    origin = f"litellm.{function}(...)"
    call_node = mod.node(call, kwargs)
    unknown = merge_extra_body(effective, kwargs.get("extra_body"), wire, where=origin, call=call_node)
    default = assumed_openai(ENVIRONMENT)
    default.how, default.node = 'the model prefix "openai/"', model_node
    target = base_url_target(mod, call, ("api_base", "base_url"), env, kwargs.get("api_base") or kwargs.get("base_url"),
                             default)
    timeout = kwargs.get("timeout") or kwargs.get("request_timeout") or option(kwargs, hidden, "timeout")
    if timeout is None and function in GLOBAL_TIMEOUT:
        timeout = global_timeout
    retries = kwargs.get("num_retries") or option(kwargs, hidden, "max_retries")
    label = retries.key.value if retries is not None and retries.key is not None else "num_retries"
    out = [
        RequestSite(
            document=document,
            dialect=NAME,
            api=api,  # type: ignore[arg-type]
            layer=replace(LAYER, label=f"LiteLLM's {function}()"),
            params=kwargs,
            container=call_node,
            effective=effective,
            model=model.split("/", 1)[1],
            model_node=model_node,
            target=target,
            client=client_options(timeout, retries, default_timeout=default_timeout(function),
                                  default_retries=None, label=label, default_from="LiteLLM"),
            origin=origin,
            credentials=[kwargs["api_key"]] if known(kwargs.get("api_key")) else [],
            complete=hidden is None,
        )
    ]
    if unknown:
        out.append(wire_site(document, NAME, api, kwargs["extra_body"], unknown, f"extra_body of {origin}",  # type: ignore[arg-type]
                             target))
    return out


LIBRARY = FinderLibrary(NAME, sites)
