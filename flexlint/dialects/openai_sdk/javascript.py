"""The ``openai`` package for Node, Deno and browsers, as TypeScript and JavaScript code calls it.

A request site is a call of a request method (``responses.create/stream/
parse``, ``chat.completions.create/stream/parse/runTools``, also under
``beta``) on something known to be a client: ``new OpenAI(...)`` or ``new
AzureOpenAI(...)`` however imported (``import``, ``require``), a name or a
``this.`` field bound once to one, ``client.withOptions(...)``, or a
parameter whose TypeScript type is the client class. The first argument is
the request body and is sent as written, key for key: the package does not
rename or drop anything, so a camelCase ``serviceTier`` or a Python-style
``extra_body`` reaches the API, which rejects it. The second argument and
the client hold ``timeout`` (milliseconds) and ``maxRetries``. The facts
are in ``schemas/javascript/libraries.yaml`` (``openai-node``).

Where requests go (the site's target) comes from the client: ``AzureOpenAI``
is Azure OpenAI, ``new OpenAI({ baseURL })`` (or ``withOptions``) goes to
its base URL, and without one to api.openai.com unless ``OPENAI_BASE_URL``
says otherwise, which a linter cannot see (assumed unset, and said so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator

from ...core.document import UNKNOWN, Document, Node
from ...core.site import HTTP, Effective, Layer, RequestSite, Target, assumed_openai
from ...knowledge.data import load_yaml
from ...knowledge.openai_api import wire_params
from ..javascript.calls import client_options_ms, credentials_site, known, label_of, options_object
from ..javascript.host import FinderLibrary
from ..javascript.module import Module
from ..javascript.target import base_url_target

NAME = "openai-node"
ENVIRONMENT = (
    "no baseURL is given, so the package reads OPENAI_BASE_URL from the environment (which flexlint cannot see) "
    "and otherwise uses https://api.openai.com/v1: OPENAI_BASE_URL is assumed unset"
)


@lru_cache(maxsize=None)
def facts() -> dict[str, Any]:
    return load_yaml("javascript/libraries.yaml")["openai-node"]


@lru_cache(maxsize=None)
def _methods() -> dict[tuple[str, ...], str]:
    """Attribute chain of each request method -> its API."""
    return {tuple(m.split(".")): api for api, methods in facts()["methods"].items() for m in methods}


def layer(method: str) -> Layer:
    return Layer(
        NAME,
        "snake",
        f"the openai package's {method}()",
        "the package sends it as written and the API rejects the whole request with HTTP 400 unknown_parameter",
        HTTP.bad_value_fate,
    )


@dataclass(eq=False)
class Client:
    """A client as the code builds it: settings in order, later ones winning."""

    target: Target
    layers: list[Node] = field(default_factory=list)
    seen: bool = True  # False: only its type is known (a parameter), not how it was made

    def get(self, name: str) -> Node | None:
        for settings in reversed(self.layers):
            if name in settings.value:
                return settings.value[name]
        return None


def _client_class(mod: Module, expr: Any) -> str | None:
    qualname = mod.qualname(expr)
    if qualname is None or not _is_package(qualname[0]):
        return None
    name = qualname[1].removeprefix("default.")
    return facts()["clients"].get("default" if name == "*" else name)


def _is_package(specifier: str) -> bool:
    return any(specifier == m or specifier.startswith(m + "/") for m in facts()["modules"])


def client(mod: Module, expr: Any, depth: int = 0) -> Client | None:
    """The client an expression certainly holds, or None."""
    if expr is None or depth > 10:
        return None
    binding = mod.binding(expr)
    if binding is not None and binding.kind == "param":
        return _typed(mod, binding.value)
    expr = mod.source(expr)
    if expr is None:
        return None
    if expr.type == "new_expression":
        constructor = expr.child_by_field_name("constructor")
        server = _client_class(mod, constructor)
        if server is None:
            return None
        args = mod.arguments(expr)
        settings = options_object(mod, args[0]) if args else None
        return Client(_target(mod, server, constructor, settings, args[0] if args else None),
                      [settings] if settings is not None else [])
    if expr.type == "call_expression":
        function = expr.child_by_field_name("function")
        if function is not None and function.type == "member_expression":
            prop = function.child_by_field_name("property")
            if prop is not None and mod.text(prop) in facts()["derive"]:
                base = client(mod, function.child_by_field_name("object"), depth + 1)
                if base is None:
                    return None
                args = mod.arguments(expr)
                settings = options_object(mod, args[0]) if args else None
                target = base.target
                if args and base.target.server != "azure":  # withOptions({ baseURL }) sends elsewhere
                    target = base_url_target(mod, settings, args[0], ("baseURL",), ENV, base.target,
                                             what="the options of withOptions(...)")
                return Client(target, base.layers + ([settings] if settings is not None else []), base.seen)
    return None


def _typed(mod: Module, annotation: Any) -> Client | None:
    """A parameter typed as the client class (``client: OpenAI``): a client made elsewhere."""
    if annotation is None:
        return None
    kind = next((c for c in annotation.named_children), None)
    if kind is None or kind.type != "type_identifier":
        return None
    binding = mod.names.resolve(kind)
    if binding is None or binding.kind != "import" or not _is_package(binding.source):
        return None
    server = facts()["clients"].get(binding.imported)
    if server is None:
        return None
    if server == "azure":
        return Client(Target("azure", f"a parameter typed {mod.text(kind)}", mod.node(kind, None)), seen=False)
    target = assumed_openai("the client is made elsewhere, so its baseURL is not in this code: OpenAI's API is assumed")
    target.how, target.node = f"a parameter typed {mod.text(kind)}", mod.node(kind, None)
    return Client(target, seen=False)


ENV = ("OPENAI_BASE_URL",)


def _target(mod: Module, server: str, constructor: Any, settings: Node | None, expr: Any) -> Target:
    """Where a client made by ``new OpenAI(...)`` / ``new AzureOpenAI(...)`` sends requests."""
    name = mod.text(constructor)
    if server == "azure":
        deployment = settings.get("deployment") if settings is not None else None
        named = deployment is not None and isinstance(deployment.value, str)
        return Target("azure", f"the client class {name}", mod.node(constructor, None),
                      deployment=deployment.value if named else None,  # type: ignore[union-attr]
                      deployment_node=deployment if named else None)
    return base_url_target(mod, settings, expr, ("baseURL",), ENV, assumed_openai(ENVIRONMENT))


def sites(document: Document, mod: Module) -> Iterator[RequestSite]:
    yield from _credentials(document, mod)
    methods = _methods()
    finals = frozenset(chain[-1] for chain in methods)
    for call, member in mod.method_calls(finals):
        chain: list[str] = []
        base = member
        while base is not None and base.type == "member_expression" and len(chain) < 6:
            prop = base.child_by_field_name("property")
            chain.insert(0, mod.text(prop) if prop is not None else "")
            base = base.child_by_field_name("object")
            api = methods.get(tuple(chain))
            if api is not None:
                found = client(mod, base)
                if found is not None:
                    yield from _request(document, mod, call, ".".join(chain), api, found, label_of(mod, base))
                break


def _request(document: Document, mod: Module, call: Any, method: str, api: str, found: Client, label: str
             ) -> Iterator[RequestSite]:
    args = mod.arguments(call)
    body = options_object(mod, args[0]) if args else None
    if body is None:
        return
    request = options_object(mod, args[1]) if len(args) > 1 else None
    wire = wire_params(api)
    effective: dict[tuple[str, ...], Effective] = {}
    for name, node in body.items():
        if node.value is UNKNOWN:
            if name not in wire:
                effective[(name,)] = Effective(None, node)  # the name alone is rejected
            continue
        effective[(name,)] = Effective(node.plain(), node)
    model = body.get("model")
    timeout = (request.get("timeout") if request is not None else None) or found.get("timeout")
    retries = (request.get("maxRetries") if request is not None else None) or found.get("maxRetries")
    defaults = facts()["defaults"]
    yield RequestSite(
        document=document,
        dialect=NAME,
        api=api,  # type: ignore[arg-type]
        layer=layer(method),
        params=dict(body.value),
        container=body,
        effective=effective,
        model=model.value if known(model) and isinstance(model.value, str) else None,  # type: ignore[union-attr]
        model_node=model if known(model) and isinstance(model.value, str) else None,  # type: ignore[union-attr]
        target=found.target,
        client=client_options_ms(
            timeout,
            retries,
            default_timeout_ms=float(defaults["timeout_ms"]) if found.seen else None,
            default_retries=int(defaults["max_retries"]),
        ),
        origin=f"{label}.{method}(...)",
    )


def _credentials(document: Document, mod: Module) -> Iterator[RequestSite]:
    """``new OpenAI({ apiKey: "sk-..." })``: a key written into the code."""
    for use, _ in mod.uses(frozenset(facts()["modules"])):
        call, callee = mod.call_of(use)
        if call is None or call.type != "new_expression" or _client_class(mod, callee) is None:
            continue
        args = mod.arguments(call)
        settings = options_object(mod, args[0]) if args else None
        if settings is None:
            continue
        nodes = [n for k in facts()["secrets"] if (n := settings.get(k)) is not None and isinstance(n.value, str)]
        if nodes:
            yield credentials_site(document, NAME, nodes, f"new {mod.text(callee)}(...)", layer("client"))


LIBRARY = FinderLibrary(NAME, sites)
