"""Where pydantic-ai model settings are used: the model, its provider, and the other settings sent with them.

Settings alone do not say how long a request may take: the client does, and
pydantic-ai builds it. So each settings mapping is followed to the calls
that use it, and each use to a *chain*: the model's provider (whose client
gives the default timeout) and the settings layers merged for a request,
lowest first (the model's ``settings=``, the agent's ``model_settings=``, a
run's ``model_settings=``; a later layer's key wins). The uses read are:

- ``OpenAIChatModel``/``OpenAIResponsesModel``/``OpenAIModel(..., settings=S)``;
- ``Agent(model, model_settings=S)``, with ``model`` an instance of those or
  a string ``"openai:…"``/``"openai-responses:…"``/``"openai-chat:…"``;
- ``agent.run*(…, model_settings=S)`` / ``agent.iter(…)`` on an agent built
  in the module (a ``model=`` there replaces the agent's model);
- ``model_request*(model, …, model_settings=S)`` of ``pydantic_ai.direct``;
- any other call given such a model and its settings (a project's own holder
  of the pair, such as ``ModelSpec(model=…, settings=…)``; a settings class,
  or a dict under a keyword that names settings): the pair is what the
  project hands to pydantic-ai, and the provider's default does not depend
  on the code in between.

The provider's client: ``OpenAIProvider()`` without ``http_client`` or
``openai_client`` builds one with pydantic-ai's default timeout (600 s,
recorded from pydantic-ai in ``schemas/python/libraries.json``), as does a
model built without a provider or with ``provider="openai"``; an
``http_client`` or ``openai_client`` follows the OpenAI SDK's rules
(:mod:`..openai_sdk.clients`). A settings mapping whose uses do not agree,
or whose model or provider cannot be seen, gets no default.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

import libcst as cst

from ...core.document import UNKNOWN, Node, Partial
from ...knowledge.data import load_json
from ..openai_sdk.clients import UNKNOWN_TIMEOUT, ClientTimeout, is_client_call, keyword, of_client_call, with_http_client
from ..python.calls import call_kwargs
from ..python.module import Module
from .target import MODEL_CLASSES

SETTINGS_CLASSES = frozenset({"ModelSettings", "OpenAIChatModelSettings", "OpenAIResponsesModelSettings"})
MODEL_PREFIXES = frozenset({"openai", "openai-chat", "openai-responses"})  # "provider:model" strings
RUN_METHODS = frozenset({"run", "run_sync", "run_stream", "run_stream_sync", "run_stream_events", "iter"})
DIRECT = frozenset({"model_request", "model_request_sync", "model_request_stream", "model_request_stream_sync"})
PROVIDER_LABEL = "pydantic-ai's OpenAIProvider()"
# A settings layer that is passed but cannot be seen (inside `**kwargs`): it may set anything.
UNSEEN = cst.Name("UNSEEN")


@lru_cache(maxsize=None)
def defaults() -> dict:
    return load_json("python/libraries.json")["pydantic-ai-slim"]["defaults"]


def provider_default() -> ClientTimeout:
    return ClientTimeout(default=float(defaults()["provider_timeout"]), source=PROVIDER_LABEL)


@dataclass(frozen=True)
class Chain:
    """One way a request is made: the provider's client, and the settings layers merged for it (lowest first)."""

    client: ClientTimeout
    layers: tuple[cst.BaseExpression | None, ...]  # None: no such layer; UNSEEN: one that cannot be seen
    openai: bool = False  # the model is known to be one of pydantic-ai's OpenAI models


class Uses:
    """Every chain each settings expression of a module takes part in (keyed by the expression's id)."""

    def __init__(self, mod: Module) -> None:
        self.mod = mod
        self.chains: dict[int, list[Chain]] = {}
        self.models = {id(c) for c in mod.calls if self._pydantic(c.func) in MODEL_CLASSES}
        for call in mod.calls:
            for chain in self._chains(call):
                for layer in chain.layers:
                    if layer is not None and layer is not UNSEEN:
                        self.chains.setdefault(id(layer), []).append(chain)

    # -- what a name or expression is --------------------------------------

    def _pydantic(self, expr: cst.BaseExpression) -> str | None:
        """The class or function name of a pydantic-ai callable (``Agent``, ``OpenAIProvider``, ...)."""
        qualname = self.mod.qualname(expr)
        if not qualname or qualname.split(".")[0] != "pydantic_ai":
            return None
        return qualname.rsplit(".", 1)[1]

    def settings_expr(self, expr: cst.BaseExpression | None) -> cst.BaseExpression | None:
        """The expression a settings argument stands for (through names bound once)."""
        return None if expr is None else self.mod.origin(expr)

    def is_model(self, expr: cst.BaseExpression) -> bool:
        if isinstance(expr, (cst.Name, cst.Attribute)):
            expr = self.mod.origin(expr)
        return id(expr) in self.models

    def is_settings(self, expr: cst.BaseExpression, named: bool) -> bool:
        """A settings class call; a dict only when passed under a name that says so (``settings=``)."""
        expr = self.mod.origin(expr)
        if isinstance(expr, cst.Call):
            return self._pydantic(expr.func) in SETTINGS_CLASSES
        return named and isinstance(expr, cst.Dict)

    def model(self, expr: cst.BaseExpression | None, layers: tuple = ()) -> Chain:
        """The chain of requests made with a model: its provider's client, its own ``settings=``, then ``layers``."""
        if expr is None:
            return Chain(UNKNOWN_TIMEOUT, (None, *layers))
        mod = self.mod
        expr = mod.origin(expr)
        if isinstance(expr, cst.Call) and self._pydantic(expr.func) in MODEL_CLASSES:
            kwargs, hidden = call_kwargs(mod, expr, {})
            if hidden is not None:
                return Chain(UNKNOWN_TIMEOUT, (None, *layers), openai=True)
            client = self.provider(keyword(expr, "provider"), absent="provider" not in kwargs)
            return Chain(client, (self.layer(expr, "settings"), *layers), openai=True)
        text = mod.value(expr, {}).value
        if isinstance(text, str) and ":" in text and text.split(":", 1)[0] in MODEL_PREFIXES:
            return Chain(provider_default(), layers, openai=True)
        return Chain(UNKNOWN_TIMEOUT, (None, *layers))

    def layer(self, call: cst.Call | None, name: str) -> cst.BaseExpression | None:
        """The settings a call passes as keyword ``name``: its expression, UNSEEN if hidden in ``**``, else None."""
        if call is None:
            return None
        expr = keyword(call, name)
        if expr is not None:
            return self.settings_expr(expr)
        kwargs, hidden = call_kwargs(self.mod, call, {})
        return UNSEEN if name in kwargs or hidden is not None else None

    def openai(self, expr: cst.BaseExpression) -> bool:
        """Whether a settings expression is used with one of pydantic-ai's OpenAI models."""
        return any(chain.openai for chain in self.chains.get(id(expr), ()))

    def provider(self, expr: cst.BaseExpression | None, *, absent: bool) -> ClientTimeout:
        """The timeout of the client a model's provider makes requests with."""
        mod = self.mod
        if expr is None:
            return provider_default() if absent else UNKNOWN_TIMEOUT
        expr = mod.origin(expr)
        if isinstance(expr, cst.Call) and self._pydantic(expr.func) == "OpenAIProvider":
            kwargs, hidden = call_kwargs(mod, expr, {})
            if hidden is not None or any(a.keyword is None for a in expr.args):
                return UNKNOWN_TIMEOUT  # positional or spread arguments: which is which cannot be told
            client = keyword(expr, "openai_client")
            if client is not None:
                client = mod.origin(client)
                if not (isinstance(client, cst.Call) and is_client_call(mod, client)):
                    return UNKNOWN_TIMEOUT
                client_kwargs, client_hidden = call_kwargs(mod, client, {})
                return of_client_call(mod, client, client_kwargs, client_hidden, {}, defaults()["http_clients"])
            if "http_client" in kwargs:
                http = keyword(expr, "http_client")
                if http is None:
                    return UNKNOWN_TIMEOUT  # inside a literal `**{...}`: its expression is not kept
                if mod.value(http, {}).value is not None:  # http_client=None: the provider builds its own
                    return with_http_client(mod, http, {}, defaults()["http_clients"])
            return provider_default()
        if mod.value(expr, {}).value == "openai":
            return provider_default()
        return UNKNOWN_TIMEOUT

    # -- the chains each call makes ------------------------------------------

    def _chains(self, call: cst.Call) -> Iterator[Chain]:
        mod = self.mod
        func = call.func
        name = self._pydantic(func)
        if name in MODEL_CLASSES:
            yield self.model(call)
        elif name == "Agent":
            yield self._agent_chain(call, None)
        elif name in DIRECT:
            model = keyword(call, "model") or _positional(call, 0)
            yield self.model(model, (self.layer(call, "model_settings"),))
        elif isinstance(func, cst.Attribute) and func.attr.value in RUN_METHODS:
            agent = mod.origin(func.value)
            if isinstance(agent, cst.Call) and self._pydantic(agent.func) == "Agent":
                if keyword(call, "model_settings") is not None or keyword(call, "model") is not None:
                    yield self._agent_chain(agent, call)
        elif name is None:
            yield from self._holder_chains(call)

    def _agent_chain(self, agent: cst.Call, run: cst.Call | None) -> Chain:
        model = (keyword(run, "model") if run is not None else None) or keyword(agent, "model") or _positional(agent, 0)
        layers = (self.layer(agent, "model_settings"),)
        if run is not None:
            layers += (self.layer(run, "model_settings"),)
        return self.model(model, layers)

    def _holder_chains(self, call: cst.Call) -> Iterator[Chain]:
        """A call of the project's own given one pydantic-ai OpenAI model and settings: the pair is used together."""
        if not self.models or len(call.args) < 2:
            return
        models = [a.value for a in call.args if not a.star and self.is_model(a.value)]
        if len(models) != 1:
            return
        for arg in call.args:
            if arg.star or arg.value is models[0]:
                continue
            named = arg.keyword is not None and "settings" in arg.keyword.value
            if self.is_settings(arg.value, named):
                yield self.model(models[0], (self.settings_expr(arg.value),))

    # -- what applies to one settings expression --------------------------------

    def client_for(self, expr: cst.BaseExpression, own: dict[str, Node], name: str) -> tuple[Node | None, ClientTimeout]:
        """The ``name`` setting (``timeout``, ``max_retries``) that applies to requests made with these settings.

        Returns the node that sets it (its value may be unknown) or, when no
        layer sets it, the client's timeout. Uses that disagree give neither.
        """
        chains = self.chains.get(id(expr), [])
        found: set[tuple] = set()
        result: tuple[Node | None, ClientTimeout] = (None, UNKNOWN_TIMEOUT)
        for chain in chains:
            node, client = self._resolve(chain, expr, own, name)
            key = ("node", node.start, node.end) if node is not None else ("client", client)
            found.add(key)
            result = (node, client)
        if not chains:
            node = own.get(name)
            return node, UNKNOWN_TIMEOUT
        if len(found) != 1:
            return None, UNKNOWN_TIMEOUT
        return result

    def _resolve(self, chain: Chain, expr: cst.BaseExpression, own: dict[str, Node], name: str) -> tuple[Node | None, ClientTimeout]:
        for layer in reversed(chain.layers):
            if layer is None:
                continue
            mapping = own if layer is expr else None if layer is UNSEEN else self.layer_value(layer)
            if mapping is None:
                return None, UNKNOWN_TIMEOUT
            if name in mapping:
                return mapping[name], UNKNOWN_TIMEOUT
            if type(mapping) is Partial:
                return None, UNKNOWN_TIMEOUT
        return None, chain.client

    def layer_value(self, expr: cst.BaseExpression) -> dict[str, Node] | None:
        """A settings layer's entries (a ``Partial`` when some cannot be seen); None when it cannot be read."""
        mod = self.mod
        if isinstance(expr, cst.Call) and self._pydantic(expr.func) in SETTINGS_CLASSES:
            kwargs, _ = call_kwargs(mod, expr, {})
            return kwargs  # a Partial when some keywords are hidden
        node = mod.value(expr, {})
        if node.value is UNKNOWN or not node.is_mapping:
            return None
        return node.value


def _positional(call: cst.Call | None, index: int) -> cst.BaseExpression | None:
    if call is None:
        return None
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    return positional[index] if index < len(positional) else None
