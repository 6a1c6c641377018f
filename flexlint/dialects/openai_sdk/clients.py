"""The timeout an OpenAI client built in code gives a request that sets none.

The SDK's own default is 600 s. A client built with ``http_client=`` keeps
that client's timeout, unless it is httpx's default, which the SDK replaces
with its 600 s: so ``AsyncOpenAI(http_client=httpx.AsyncClient())`` still
times out after 600 s, and ``httpx.AsyncClient(timeout=30)`` gives 30 s.
The classes an ``http_client`` is built with, and the timeout each carries
when built without one, are recorded from the SDK in
``schemas/python/openai-sdk.json`` (libraries that build clients add their
own factories). Anything else passed as ``http_client`` leaves the timeout
unknown. Libraries that build the client for the user read the same rules
from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

import libcst as cst

from ...core.document import Node
from ...knowledge.data import load_json
from ..python.calls import call_kwargs
from ..python.module import Module

SDK_LABEL = "the OpenAI Python SDK"
CLIENT_CLASSES = frozenset({"OpenAI", "AsyncOpenAI", "AzureOpenAI", "AsyncAzureOpenAI"})


@lru_cache(maxsize=None)
def sdk() -> dict[str, Any]:
    return load_json("python/openai-sdk.json")


def is_client_class(qualname: str | None) -> str | None:
    """The class name of one of the SDK's clients (any import path inside ``openai``), else None."""
    if not qualname or not qualname.startswith("openai."):
        return None
    name = qualname.rsplit(".", 1)[1]
    return name if name in CLIENT_CLASSES else None


def is_client_call(mod: Module, call: cst.Call) -> bool:
    return is_client_class(mod.qualname(call.func)) is not None


@dataclass(frozen=True)
class ClientTimeout:
    """Where a client's timeout comes from: written (``node``), a default (``default``), or neither (unknown)."""

    node: Node | None = None  # the setting that applies (its value may be unknown)
    default: float | None = None  # when nothing sets it: the default that applies (None: not known)
    source: str = ""  # whose default, in messages

    @property
    def known(self) -> bool:
        return self.node is not None or self.default is not None


UNKNOWN_TIMEOUT = ClientTimeout()


def sdk_default() -> ClientTimeout:
    return ClientTimeout(default=float(sdk()["defaults"]["timeout"]), source=SDK_LABEL)


def keyword(call: cst.Call, name: str) -> cst.BaseExpression | None:
    """The expression passed as keyword ``name`` (None when it is not written as a keyword)."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return None


def with_http_client(
    mod: Module, expr: cst.BaseExpression | None, env: dict, factories: Mapping[str, float | None] | None = None
) -> ClientTimeout:
    """The timeout of an SDK client built with ``http_client=expr`` and no ``timeout`` (None: no http_client).

    ``factories`` adds functions of other libraries that build an HTTP client
    (qualified name -> the timeout it gives when called without ``timeout=``).
    """
    if expr is None:
        return sdk_default()
    expr = mod.origin(expr)
    if mod.value(expr, env).value is None:  # http_client=None: the SDK builds its own
        return sdk_default()
    if not isinstance(expr, cst.Call):
        return UNKNOWN_TIMEOUT
    qualname = mod.qualname(expr.func)
    classes: dict[str, float | None] = {**sdk()["http_clients"], **(factories or {})}
    if qualname not in classes:
        return UNKNOWN_TIMEOUT
    kwargs, hidden = call_kwargs(mod, expr, env)
    written = kwargs.get("timeout")
    if written is None and hidden is not None:
        return ClientTimeout(node=hidden)
    replaced = float(sdk()["defaults"]["replaced_http_client_timeout"])
    if written is None:
        carried = classes[qualname]
        if carried is None:
            return UNKNOWN_TIMEOUT
        if float(carried) == replaced:
            return ClientTimeout(
                default=float(sdk()["defaults"]["timeout"]),
                source=f"{SDK_LABEL} (it replaces the default timeout of the `http_client` it is given)",
            )
        return ClientTimeout(default=float(carried), source=f"`{qualname.rsplit('.', 1)[1]}()`")
    number = written.value
    if isinstance(number, (int, float)) and not isinstance(number, bool) and float(number) == replaced:
        # The SDK compares the client's timeout with httpx's default and cannot tell one written equal to it.
        return ClientTimeout(
            default=float(sdk()["defaults"]["timeout"]),
            source=f"{SDK_LABEL} (an `http_client` timeout equal to httpx's default is replaced)",
        )
    return ClientTimeout(node=written)


def of_client_call(
    mod: Module, call: cst.Call, kwargs: dict[str, Node], hidden: Node | None, env: dict,
    factories: Mapping[str, float | None] | None = None,
) -> ClientTimeout:
    """The timeout of ``OpenAI(...)``/``AsyncOpenAI(...)``: its ``timeout=``, else what its ``http_client`` gives."""
    written = kwargs.get("timeout")
    if written is not None:
        return ClientTimeout(node=written)
    if hidden is not None:
        return ClientTimeout(node=hidden)  # `**options` may hold the timeout
    if "http_client" in kwargs and keyword(call, "http_client") is None:
        return UNKNOWN_TIMEOUT  # passed inside a literal `**{...}`: its expression is not kept
    return with_http_client(mod, keyword(call, "http_client"), env, factories)
