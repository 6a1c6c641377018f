"""Request sites: the one shape every dialect produces and every rule reads.

A request site is a place where configuration or code decides the body of
one request. ``params`` is what the user wrote, spelt for ``layer``;
``effective`` is what actually goes on the wire, keyed by wire path, with
the node that produced each value and the node that changed it; ``target``
is where the request goes. Rules compare the two and judge them by what the
target accepts; dialects are the only code that knows how an app maps one
onto the other and where it sends it.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any, Iterator, Literal

from .document import Document, Node
from .records import record

if TYPE_CHECKING:
    from .edits import Autofix

Api = Literal["responses", "chat", "unknown"]
WirePath = tuple[str, ...]


@record(frozen=True)
class LayerSchema:
    """The JSON Schema of a layer's own keys (options an SDK maps onto wire parameters)."""

    file: str  # under schemas/; ``$defs`` holds one object schema per API ("responses", "chat")
    container: str  # how the object holding the keys is named in messages
    cross: str  # prefix of this layer's entries in schemas/openai/cross-api.yaml ("<cross>/<api>")


@record(frozen=True)
class Layer:
    """How keys are spelt at a layer, and what it does with a wrong one."""

    name: str  # http | python-sdk | the name of an app's or SDK's own layer
    casing: Literal["snake", "camel"]
    label: str  # "the OpenAI HTTP API"
    unknown_fate: str  # what happens to a key this layer does not know
    bad_value_fate: str  # what happens to a value the API does not accept
    strips_unknown: bool = False  # True: a wrong key vanishes and the request still goes out
    # True: the layer itself fails on a key it does not know (a TypeError), whatever server the request is for.
    refuses_unknown: bool = False
    schema: LayerSchema | None = None  # the layer's own keys are validated against this first
    # Wire parameters the layer itself renames or removes per model before sending (a library that sends
    # max_tokens as max_completion_tokens to reasoning models): per-model rules leave them to the layer.
    adjusts: frozenset[str] = frozenset()
    # Names the layer takes that are not wire parameters (a library's own arguments, such as a
    # client's `max_retries`): a misspelt key is compared with them too, for its did-you-mean.
    names: frozenset[str] = frozenset()


HTTP = Layer(
    "http",
    "snake",
    "the OpenAI HTTP API",
    "the API rejects the whole request with HTTP 400 unknown_parameter",
    "the API rejects the request with HTTP 400 invalid_value",
)
PYTHON_SDK = Layer(
    "python-sdk",
    "snake",
    "the OpenAI Python SDK",
    "the SDK raises TypeError (unexpected keyword argument) before anything is sent",
    "the SDK sends it unchecked and the API rejects the request with HTTP 400 invalid_value",
    refuses_unknown=True,
)


@record(eq=False)
class Effective:
    """One value on the wire: where it was written and what, if anything, changed it."""

    value: Any
    node: Node | None = None  # where the value that is sent was written
    cause: Node | None = None  # the setting that replaced what the user wrote
    note: str = ""  # how, in the app's words ("the provider's Service Tier setting")
    document: Document | None = None  # when node/cause live in another document
    fix: str | None = None  # how to make what the user wrote win, in the app's words
    autofix: Autofix | None = None  # the same, as a change to the text, when the dialect knows it for certain


@record(eq=False)
class Drop:
    """A parameter the user wrote that never reaches the wire.

    ``kind`` says why, and so which rule speaks: ``unknown`` (the layer strips
    keys it does not know: the parameter rules report it), ``ignored`` (it is
    written where nothing reads it), ``dropped`` (the app or library removes
    it on purpose), ``rejected`` (a layer refuses it and the request fails).
    """

    name: str
    node: Node
    kind: Literal["unknown", "ignored", "dropped", "rejected"]
    reason: str
    cause: Node | None = None
    fix: str | None = None


@record(eq=False)
class TierSetting:
    """An app's own setting that chooses the service tier of requests that do not set one.

    A dialect records it when the setting matters to this request even though
    it does not change it today (an app upgrade makes it win); when it does
    change the request, ``effective`` records it as the cause instead.
    """

    node: Node  # the setting's value as written
    label: str  # how the app names it: 'the Service Tier setting of provider "OpenAI"'
    note: str  # when and how it beats what this request asks for
    fix: str | None = None
    document: Document | None = None  # when the setting lives in another document


@record(eq=False)
class AppVersion:
    """The release of the app whose behaviour a dialect applied, and whether it had to assume it."""

    label: str  # the releases, as users name them ("App 1.6.0–1.9.x")
    node: Node | None = None  # where the version is written
    document: Document | None = None  # when that is another document (a backup's metadata.json)
    assumed: str | None = None  # what was assumed and why; None when the version is known


# What a dialect assumes when nothing in the file says where requests go.
NOTHING_SAYS = "nothing in the file says where requests go, so OpenAI's API is assumed"


@record(eq=False)
class Target:
    """Where a request site's requests go, and how flexlint knows.

    ``server`` is an id of ``schemas/servers.yaml`` (``openai``, ``azure``,
    ``openrouter``, ``ollama``, ``unknown``, …), read through
    ``flexlint.knowledge.servers``. ``how`` and ``node`` say what in the file
    named it (a base URL, a client class, a model prefix, the body's own
    keys); ``assumed`` says what flexlint had to take for granted because the
    file cannot say it (an environment variable it cannot see), so messages
    and ``flexlint explain`` can say so. The model as the server receives it
    is the site's ``model``; for Azure, whose ``model`` is a deployment name,
    ``deployment`` is the deployment and ``base_model`` the model behind it,
    when the file says them.
    """

    server: str = "openai"
    how: str = ""  # what named the server, in words: 'base_url "http://localhost:8000/v1"'; "" when nothing did
    node: Node | None = None  # where that is written
    document: Document | None = None  # when ``node`` lives in another document
    assumed: str | None = None  # what was taken for granted, in words; None when the file says it all
    native: bool = False  # the request is written in the server's own format (an Anthropic Messages body), not OpenAI's
    deployment: str | None = None  # Azure: the deployment that serves the request
    deployment_node: Node | None = None
    base_model: str | None = None  # Azure: the model behind the deployment, as the file names it
    base_model_node: Node | None = None
    # The base URL the file names (scheme, host, port and path; never credentials or a query), when it
    # names one with a host: where ``flexlint probe`` sends a test request to a server other than OpenAI.
    url: str | None = None


def assumed_openai(assumed: str = NOTHING_SAYS) -> Target:
    """The target when the file does not name a server: OpenAI's API, said as an assumption."""
    return Target("openai", assumed=assumed)


@record(eq=False)
class ClientOptions:
    """Client-side settings that decide whether a slow or refused request survives."""

    timeout: Node | None = None
    timeout_seconds: float | None = None  # None with a node: unknown or no limit
    default_timeout: float | None = None  # the library's default when not set (None: none, or not known)
    default_from: str = ""  # whose default that is, in messages ("the OpenAI Python SDK")
    max_retries: Node | None = None
    max_retries_value: int | None = None
    default_max_retries: int | None = None
    label: str = ""  # how the client is named in messages ("maxRetries", "max_retries")
    timeout_unit: str = "s"  # how the timeout is written: "s" (Python) or "ms" (JavaScript)


@record(eq=False)
class RequestSite:
    """One request a file makes: where it goes, through which layer, with which parameters (positioned)."""

    document: Document
    dialect: str
    api: Api
    layer: Layer
    params: dict[str, Node] = field(default_factory=dict)
    container: Node | None = None  # the mapping that holds ``params``
    effective: dict[WirePath, Effective] = field(default_factory=dict)
    drops: list[Drop] = field(default_factory=list)
    model: str | None = None
    model_node: Node | None = None
    # The setting that lets the app serve models the file does not list (models fetched
    # from the provider at run time): model checks then see only part of the models.
    models_open: Node | None = None
    target: Target = field(default_factory=assumed_openai)
    client: ClientOptions = field(default_factory=ClientOptions)
    origin: str = ""
    # Values that hold credentials (api keys, Authorization headers) as written;
    # the credentials check decides whether each is a literal secret.
    credentials: list[Node] = field(default_factory=list)
    # False when the site shows only part of a request (keys passed through as-is, a client's
    # credentials, settings that are never read): policies that need the whole request skip it.
    complete: bool = True
    # When the API cannot be told and the layer maps keys differently per API
    # (an option that is reasoning.effort on Responses and reasoning_effort on Chat), the
    # wire body for each API; ``effective`` is then the Responses one.
    effective_by_api: dict[str, dict[WirePath, Effective]] = field(default_factory=dict)
    # App dialects: the app's own tier setting behind this request, and the app release assumed.
    tier_setting: TierSetting | None = None
    app_version: AppVersion | None = None

    def effective_for(self, api: str | None = None) -> dict[WirePath, Effective]:
        if api is not None and api in self.effective_by_api:
            return self.effective_by_api[api]
        return self.effective

    def wire_body(self, api: str | None = None) -> dict[str, Any]:
        """The JSON body as it will be sent (only what this site knows)."""
        body: dict[str, Any] = {}
        for path, eff in sorted(self.effective_for(api).items(), key=lambda kv: len(kv[0])):
            target = body
            for part in path[:-1]:
                nxt = target.get(part)
                if not isinstance(nxt, dict):
                    nxt = target[part] = {}
                target = nxt
            target[path[-1]] = eff.value
        return body

    def locate(self, wire_path: tuple, api: str | None = None) -> tuple[Node | None, WirePath]:
        """The node that produced the value at ``wire_path`` and the wire path it was set at."""
        effective = self.effective_for(api)
        for cut in range(len(wire_path), 0, -1):
            eff = effective.get(tuple(wire_path[:cut]))
            if eff is not None and eff.node is not None:
                rest = tuple(wire_path[cut:])
                inner = eff.node.find(rest) if rest else eff.node
                return (inner or eff.node), tuple(wire_path[:cut])
        return None, ()

    def iter_written(self) -> Iterator[tuple[str, Node]]:
        yield from self.params.items()


@record
class Reading:
    """What a dialect found in one document: its request sites, and what the checks need besides.

    Checks read only this (never the dialect), so everything app-specific a
    check needs travels here as data.
    """

    sites: list[RequestSite] = field(default_factory=list)
    # How the app validates the document as its own configuration file (None: it does not).
    config: Any = None  # flexlint.knowledge.app_schema.AppConfigSpec

