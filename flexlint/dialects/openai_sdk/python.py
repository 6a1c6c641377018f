"""The OpenAI Python SDK: ``client.responses.create(...)`` and friends, as written in code.

A request site is a call of a request method (``responses.create/parse/
stream``, ``chat.completions.create/parse/stream``, ``beta.chat.completions.
parse/stream``, also through ``with_raw_response`` / ``with_streaming_response``)
on something known to be an OpenAI client: a call of ``OpenAI``,
``AsyncOpenAI``, ``AzureOpenAI`` or ``AsyncAzureOpenAI`` however imported,
a name or ``self.`` attribute bound once to one, a client derived with
``with_options(...)`` / ``copy(...)``, or the ``openai`` module itself.
The keywords each method takes come from ``schemas/python/openai-sdk.json``
(recorded from the SDK); the wire parameters from the generated schemas.

Where requests go (the site's target) comes from the client: the class
(``AzureOpenAI`` is Azure OpenAI) and its ``base_url``; without one the SDK
reads ``OPENAI_BASE_URL`` from the environment, which a linter cannot see,
so api.openai.com is assumed and the target says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterator

import libcst as cst

from ...core.document import Document, Node
from ...knowledge.openai_api import wire_params
from ...core.site import PYTHON_SDK, Effective, RequestSite, Target, assumed_openai
from ...knowledge.servers import servers, url_target, written_url
from ..python.module import Module
from ..python.calls import (
    call_kwargs,
    client_options,
    credentials_site,
    known,
    merge_extra_body,
    option,
    plain,
    wire_site,
)
from .clients import UNKNOWN_TIMEOUT, ClientTimeout, is_client_class, of_client_call, sdk, sdk_default
from ..python.host import FinderLibrary
from ..python.target import base_url_target, keyword

NAME = "openai-python"
RAW = frozenset({"with_raw_response", "with_streaming_response"})
REQUEST_OPTIONS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})
SECRET_ARGS = ("api_key", "admin_api_key", "azure_ad_token")
DERIVE = frozenset({"with_options", "copy"})
BASE_URL = ("base_url",)
ENVIRONMENT = (
    "no base_url is given, so the SDK reads OPENAI_BASE_URL from the environment (which flexlint cannot see) "
    "and otherwise uses https://api.openai.com/v1: OPENAI_BASE_URL is assumed unset"
)


def method_of(chain: tuple[str, ...]) -> tuple[str, str] | None:
    """(api, method path) for a request method's attribute chain, else None."""
    path = ".".join(a for a in chain if a not in RAW)
    if path in sdk()["methods"]:
        return ("responses" if path.startswith("responses.") else "chat"), path
    return None


def split_method(func: cst.Attribute) -> tuple[tuple[str, str], list[str], cst.BaseExpression] | None:
    """(method, attribute chain, the expression it is called on) for ``<base>.responses.create``."""
    levels: list[cst.Attribute] = []
    expr: cst.BaseExpression = func
    while isinstance(expr, cst.Attribute) and len(levels) < 8:
        levels.append(expr)
        expr = expr.value
    for depth in range(len(levels), 0, -1):
        chain = [a.attr.value for a in reversed(levels[:depth])]
        method = method_of(tuple(chain))
        if method is not None:
            return method, chain, levels[depth - 1].value
    return None


@dataclass(eq=False)
class Settings:
    """One place that sets a client's options: the constructor, ``with_options``/``copy``, or ``openai.x = ...``."""

    kwargs: dict[str, Node]
    hidden: Node | None = None  # a ``**``/``*`` that may pass any option (value unknown)
    call: cst.Call | None = None


@dataclass(eq=False)
class Client:
    """An OpenAI client as the code builds it: settings in order, later ones winning."""

    target: Target
    label: str
    layers: list[Settings] = field(default_factory=list)
    module_level: bool = False
    timeout: ClientTimeout = UNKNOWN_TIMEOUT  # what the client was built with (its constructor)

    def get(self, name: str) -> Node | None:
        """The option that applies: the last one written, or a spread that may hold it (value unknown)."""
        for layer in reversed(self.layers):
            found = option(layer.kwargs, layer.hidden, name)
            if found is not None:
                return found
        return None

    def timeout_for(self, request: Node | None) -> ClientTimeout:
        """The timeout a request gets: its own ``timeout=``, else the last ``with_options``, else the client's."""
        if request is not None:
            return ClientTimeout(node=request)
        for layer in reversed(self.layers[1:]):
            found = option(layer.kwargs, layer.hidden, "timeout")
            if found is not None:
                return ClientTimeout(node=found)
        return self.timeout


class Finder:
    """Request sites of one module."""

    def __init__(self, document: Document, mod: Module) -> None:
        self.document = document
        self.mod = mod
        self._module_settings: dict[str, Node] | None = None

    # -- clients ------------------------------------------------------------

    def module_settings(self) -> dict[str, Node]:
        """``openai.timeout = ...``-style settings of the module-level client."""
        if self._module_settings is None:
            out: dict[str, Node] = {}
            mod = self.mod
            for node in mod.kept:
                if type(node) is not cst.Assign or len(node.targets) != 1:
                    continue
                target = node.targets[0].target
                if isinstance(target, cst.Attribute) and mod.qualname(target.value) == "openai":
                    name = target.attr.value
                    key = mod.node(target.attr, name, (name,))
                    out[name] = mod.value(node.value, {}, (name,), key)
            self._module_settings = out
        return self._module_settings

    def client(self, expr: cst.BaseExpression, env: dict, depth: int = 0) -> Client | None:
        mod = self.mod
        if depth > 10:
            return None
        expr = mod.origin(expr)
        if isinstance(expr, cst.Call):
            qualname = mod.qualname(expr.func)
            if is_client_class(qualname) is not None:
                kwargs, hidden = call_kwargs(mod, expr, env)
                timeout = of_client_call(mod, expr, kwargs, hidden, env)
                return Client(self._target(expr, qualname, kwargs, env), _call_label(expr), [Settings(kwargs, hidden, expr)],
                              timeout=timeout)
            func = expr.func
            if isinstance(func, cst.Attribute) and func.attr.value in DERIVE:
                base = self.client(func.value, env, depth + 1)
                if base is None:
                    return None
                kwargs, hidden = call_kwargs(mod, expr, env)
                target = base.target
                if keyword(expr, BASE_URL) is not None and base.target.server != "azure":
                    target = base_url_target(mod, expr, BASE_URL, env, kwargs.get("base_url"), base.target)
                return Client(target, base.label, base.layers + [Settings(kwargs, hidden, expr)],
                              base.module_level, base.timeout)
            return None
        if mod.qualname(expr) == "openai":
            settings = self.module_settings()
            if "timeout" in settings:
                timeout = ClientTimeout(node=settings["timeout"])
            elif "http_client" in settings:
                timeout = UNKNOWN_TIMEOUT  # the module client is built with it when first used
            else:
                timeout = sdk_default()
            return Client(self._module_target(), "the openai module", [Settings(settings)], module_level=True,
                          timeout=timeout)
        return None

    def _target(self, call: cst.Call, qualname: str | None, kwargs: dict[str, Node], env: dict) -> Target:
        """Where a client made by this call sends requests: its class, then its base URL."""
        mod = self.mod
        cls = is_client_class(qualname) or ""
        server = servers().by_class(f"openai.{cls}")
        if server is not None and server.id == "azure":
            deployment = kwargs.get("azure_deployment")
            named = deployment is not None and isinstance(deployment.value, str)
            endpoint = kwargs.get("azure_endpoint")
            return Target("azure", f"the client class {cls}", mod.node(call.func, cls),
                          deployment=deployment.value if named else None,  # type: ignore[union-attr]
                          deployment_node=deployment if named else None,
                          url=written_url(endpoint.value) if endpoint is not None else None)
        return base_url_target(mod, call, BASE_URL, env, kwargs.get("base_url"), assumed_openai(ENVIRONMENT))

    def _module_target(self) -> Target:
        """The module-level client: ``openai.base_url = ...`` or the environment."""
        node = self.module_settings().get("base_url")
        if node is None:
            return assumed_openai(ENVIRONMENT)
        if isinstance(node.value, str):
            return url_target(node.value, node, "openai.base_url")
        if node.value is None:
            return assumed_openai(ENVIRONMENT)
        return Target("unknown", "`openai.base_url`, computed when the code runs", node.anchor,
                      assumed="the value of `openai.base_url` is not known before the code runs")

    # -- sites ----------------------------------------------------------------

    def sites(self) -> Iterator[RequestSite]:
        mod = self.mod
        for call in mod.calls:
            func = call.func
            if not isinstance(func, cst.Attribute):
                if is_client_class(mod.qualname(func)):
                    yield from self._credentials(call)
                continue
            if is_client_class(mod.qualname(func)):
                yield from self._credentials(call)
                continue
            found = split_method(func)
            if found is None:
                continue
            method, chain, base = found
            at = mod.span(call)[0]
            exprs = [a.value for a in call.args]
            for env in mod.forks(exprs + [base], at):
                client = self.client(base, env)
                if client is None:
                    break
                label = base.value if isinstance(base, cst.Name) else _call_label(base) if isinstance(base, cst.Call) else "client"
                yield from self._request(call, method, chain, client, env, label)
        yield from self._module_credentials()

    def _credentials(self, call: cst.Call) -> Iterator[RequestSite]:
        kwargs, _ = call_kwargs(self.mod, call, {})
        nodes = [kwargs[n] for n in SECRET_ARGS if known(kwargs.get(n))]
        if nodes:
            yield credentials_site(self.document, NAME, nodes, _call_label(call))

    def _module_credentials(self) -> Iterator[RequestSite]:
        settings = self.module_settings()
        nodes = [settings[n] for n in SECRET_ARGS if known(settings.get(n))]
        if nodes:
            yield credentials_site(self.document, NAME, nodes, "the openai module")

    def _request(
        self, call: cst.Call, method: tuple[str, str], chain: list[str], client: Client, env: dict, label: str
    ) -> Iterator[RequestSite]:
        api, path = method
        kwargs, hidden = call_kwargs(self.mod, call, env)
        accepted = set(sdk()["methods"][path])
        wire = wire_params(api)
        effective: dict[tuple[str, ...], Effective] = {}
        for name, node in kwargs.items():
            if name in REQUEST_OPTIONS or (name in accepted and name not in wire):
                continue  # request options and SDK-only helpers (text_format, ...) are not body keys
            if not known(node):
                if name not in accepted:
                    effective[(name,)] = Effective(None, node)  # the name alone is a TypeError
                continue
            effective[(name,)] = Effective(plain(node), node)
        origin = f"{label}.{'.'.join(chain)}(...)"
        call_node = self.mod.node(call, kwargs)
        unknown = merge_extra_body(effective, kwargs.get("extra_body"), wire, where=origin, call=call_node)
        model = effective.get(("model",))
        timeout = client.timeout_for(option(kwargs, hidden, "timeout"))
        yield RequestSite(
            document=self.document,
            dialect=NAME,
            api=api,  # type: ignore[arg-type]
            layer=replace(PYTHON_SDK, label=f"the OpenAI Python SDK's {path}()"),
            params=kwargs,
            container=call_node,
            effective=effective,
            model=model.value if model is not None and isinstance(model.value, str) else None,
            model_node=model.node if model is not None and isinstance(model.value, str) else None,
            target=client.target,
            client=client_options(
                timeout.node,
                client.get("max_retries"),
                default_timeout=timeout.default,
                default_retries=int(sdk()["defaults"]["max_retries"]),
                default_from=timeout.source,
            ),
            origin=origin,
            complete=hidden is None,
        )
        if unknown:
            yield wire_site(self.document, NAME, api, kwargs["extra_body"], unknown, f"extra_body of {origin}",  # type: ignore[arg-type]
                            client.target)


def _call_label(call: cst.Call) -> str:
    """``client`` style label of the expression a method is called on (for messages)."""
    func = call.func
    parts: list[str] = []
    while isinstance(func, cst.Attribute):
        parts.insert(0, func.attr.value)
        func = func.value
    if isinstance(func, cst.Name):
        parts.insert(0, func.value)
    return ".".join(parts) + "(...)" if parts else "the client"


def sites(document: Document, mod: Module) -> Iterator[RequestSite]:
    yield from Finder(document, mod).sites()


LIBRARY = FinderLibrary(NAME, sites)
