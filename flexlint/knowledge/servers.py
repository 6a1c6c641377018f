"""The servers a request can go to (``schemas/servers.yaml``): how a file names them, what they take, their tiers.

Dialects resolve each request site's :class:`~flexlint.core.site.Target`
with the lookups here (a base URL, a provider name, a client class, a raw
body's own keys); checks read what the target's server accepts and which
tiers it offers. The table is data with a source for every row; nothing
here knows an app.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import field
from functools import lru_cache
from typing import Any, Iterable, Literal, Optional

from ..core.document import Document, Node
from ..core.site import Target
from .catalog import Normalised, catalog
from .data import load_yaml
from ..core.regex import lazy
from ..core.records import record

SERVERS = "servers.yaml"
SCHEMA = "servers.schema.json"

Fate = Literal["offered", "per-model", "rejected", "ignored", "unknown"]
TierTable = Literal["catalog", "azure"]


@record(frozen=True)
class TierFate:
    """What a server does with one ``service_tier`` value."""

    value: str
    fate: Fate
    does: str


@record(frozen=True)
class FlexFacts:
    """What flex is like on a server: its answer when out of capacity, and the client settings that help."""

    no_capacity: str
    status: Optional[int]  # the HTTP status of that answer, when documented
    timeout: Optional[float]  # the shortest timeout a flex request should allow; None: a long one does not help
    retry: bool


@record(frozen=True)
class AzureTable:
    """Azure's list of the models that offer a tier (one deployment type), and what Azure answers for others."""

    doc: str
    deployment_type: str
    answer: str
    models: tuple[tuple[str, str], ...]  # (model, version)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(m for m, _ in self.models)


@record(frozen=True)
class BodyShape:
    """A raw body written for a server: one of ``any`` (with all of ``with``), or a model id of its own."""

    any: frozenset[str]
    with_: frozenset[str]
    model: Optional[re.Pattern[str]]
    native: bool  # the format is the server's own API, not OpenAI's with extra keys

    def signs(self, keys: Iterable[str], model: Any) -> list[str]:
        """The keys (or ``model``) that say a body is written for this server; empty when it is not."""
        keys = set(keys)
        if not self.with_ <= keys:
            return []
        found = sorted(self.any & keys)
        if not found and self.model is not None and isinstance(model, str) and self.model.search(model):
            found = ["model"]
        return found


@record(frozen=True)
class Server:
    """One row of the server table: how files name the server, what it accepts, its tiers."""

    id: str
    label: str
    kind: str  # openai | cloud | router | local | unknown
    hosts: tuple[str, ...]
    ports: tuple[int, ...]
    names: tuple[str, ...]
    client_classes: tuple[str, ...]
    body: Optional[BodyShape]
    openai_schema: bool
    extra: tuple[str, ...]
    unknown_params: str
    tier_field: str
    tier_models: str  # catalog | routed | azure | none
    native_only: bool
    values: dict[str, TierFate] = field(compare=False)
    others: TierFate
    flex: Optional[FlexFacts]
    azure: dict[str, AzureTable] = field(default_factory=dict, compare=False)
    sources: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        """Whether flexlint knows which server this is (``unknown`` and ``compatible`` are not one server)."""
        return self.kind != "unknown"

    def tier(self, value: str, native: bool = True) -> TierFate:
        """What this server does with a ``service_tier`` value (as written, then case-insensitively)."""
        if self.native_only and not native:
            return TierFate(value, "unknown", f"{self.label} documents its tiers for its own API only")
        found = self.values.get(value)
        if found is None and isinstance(value, str):
            found = next((v for k, v in self.values.items() if k.lower() == value.strip().lower()), None)
        return found if found is not None else TierFate(value, self.others.fate, self.others.does)


@record(frozen=True)
class Source:
    """Where a server-table fact comes from."""

    key: str
    title: str
    ref: str
    date: str = ""


def _server(key: str, raw: dict[str, Any]) -> Server:
    rec, params, tiers = raw.get("recognise") or {}, raw["parameters"], raw["tiers"]
    body = rec.get("body")
    flex = tiers.get("flex")
    return Server(
        id=key,
        label=raw["label"],
        kind=raw["kind"],
        hosts=tuple(h.lower() for h in rec.get("hosts", ())),
        ports=tuple(rec.get("ports", ())),
        names=tuple(n.lower() for n in rec.get("names", ())),
        client_classes=tuple(rec.get("client_classes", ())),
        body=BodyShape(frozenset(body["any"]), frozenset(body.get("with", ())),
                       re.compile(body["model"]) if body.get("model") else None, bool(body["native"])) if body else None,
        openai_schema=bool(params["openai_schema"]),
        extra=tuple(params.get("extra", ())),
        unknown_params=params["unknown"],
        tier_field=tiers["field"],
        tier_models=tiers["models"],
        native_only=bool(tiers.get("native_only")),
        values={v: TierFate(v, t["fate"], t["does"]) for v, t in (tiers.get("values") or {}).items()},
        others=TierFate("", tiers["others"]["fate"], tiers["others"]["does"]),
        flex=FlexFacts(flex["no_capacity"], flex["status"], None if flex["timeout"] is None else float(flex["timeout"]),
                       bool(flex["retry"])) if flex else None,
        azure={
            tier: AzureTable(t["doc"], t["deployment_type"], t["answer"],
                             tuple((m["model"], str(m["version"])) for m in t["models"]))
            for tier, t in (raw.get("azure") or {}).items()
        },
        sources=tuple(raw.get("sources", ())),
    )


class Servers:
    """The loaded table. Build it with :func:`servers` (cached per process)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.researched = str(data["researched"])
        self.sources = {k: Source(k, s["title"], s["ref"], str(s.get("date", ""))) for k, s in data["sources"].items()}
        self.table: dict[str, Server] = {k: _server(k, v) for k, v in data["servers"].items()}
        self._names = {n: s for s in self.table.values() for n in s.names}
        self._classes = {c: s for s in self.table.values() for c in s.client_classes}

    def get(self, ident: str) -> Server:
        """The server with this id; an id the table does not have is the unknown server."""
        return self.table.get(ident) or self.table["unknown"]

    def by_name(self, name: Any) -> Server | None:
        """The server apps call ``name`` (a route or provider prefix, a provider id), case-insensitively."""
        return self._names.get(name.strip().lower()) if isinstance(name, str) else None

    def by_class(self, qualname: str | None) -> Server | None:
        return self._classes.get(qualname) if qualname else None

    def by_host(self, host: str, port: int | None) -> tuple[Server, str]:
        """(server, why) for a host and port; the unknown server when none matches."""
        for server in self.table.values():
            for pattern in server.hosts:
                if _host_matches(host, pattern):
                    return server, ""
        if is_local_host(host):
            for server in self.table.values():
                if port is not None and port in server.ports:
                    return server, f"port {port} is {server.label}'s default"
            return self.table["local"], ""
        return self.table["unknown"], ""

    def by_body(self, keys: Iterable[str], model: Any) -> tuple[Server, list[str]] | None:
        """The server whose own request format a raw body is in, with the keys that say so."""
        keys = list(keys)
        for server in self.table.values():
            if server.body is not None:
                signs = server.body.signs(keys, model)
                if signs:
                    return server, signs
        return None


@lru_cache(maxsize=None)
def servers() -> Servers:
    return Servers(load_yaml(SERVERS))


def server(ident: str) -> Server:
    return servers().get(ident)


# ---------------------------------------------------------------- hosts and URLs


def _host_matches(host: str, pattern: str) -> bool:
    if "*" in pattern:
        return fnmatch.fnmatchcase(host, pattern)
    if pattern.startswith("."):
        return host.endswith(pattern) or host == pattern[1:]
    return host == pattern


_LOCAL_NAMES = frozenset({"localhost", "host.docker.internal", "host.containers.internal", "0.0.0.0"})


def is_local_host(host: str) -> bool:
    """A host on the user's own machine or network: loopback, private addresses, ``*.local``, a bare name."""
    host = host.strip("[]").lower()
    if not host or "$" in host or "{" in host:
        return False
    if host in _LOCAL_NAMES or host.endswith((".local", ".localhost", ".lan")):
        return True
    try:
        import ipaddress  # only for a host that may be an address: kept out of start-up
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." not in host  # a bare name: a container or machine on the local network (``http://ollama:11434``)
    return address.is_loopback or address.is_private or address.is_unspecified or address.is_link_local


@record(frozen=True)
class Url:
    """A base URL as flexlint reads it, with credentials and query left out of what is shown."""

    host: str
    port: int | None
    shown: str  # scheme, host, port and path: no credentials, no query
    url: str  # ``shown`` with a scheme (https when none is written)


_HOST = lazy(r"[a-z0-9._\-:%\[\]${}]+")
_PLACEHOLDER = lazy(r"\$\{[^}]*\}|\{\{[^}]*\}\}|\{[A-Za-z_]\w*\}")


def parse_url(url: str) -> Url | None:
    """The parts of a base URL as people write it (scheme optional); None when it has no host."""
    from urllib.parse import urlsplit

    text = url.strip()
    if not text:
        return None
    try:
        parts = urlsplit(text if "://" in text else "https://" + text)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return None
    if not host or not _HOST.fullmatch(host):
        return None
    netloc = parts.netloc.rsplit("@", 1)[-1]  # never show credentials written into the URL
    shown = f"{parts.scheme}://{netloc}{parts.path}" if "://" in text else f"{netloc}{parts.path}"
    return Url(host, port, shown, f"{parts.scheme}://{netloc}{parts.path}")


def written_url(url: object) -> str | None:
    """A base URL written out in full (scheme, host, port, path; no credentials or query), or None.

    A URL with a placeholder left in it (``https://${RESOURCE}.openai.azure.com``)
    is not where requests go, so it gives None too.
    """
    parsed = parse_url(url) if isinstance(url, str) else None
    return None if parsed is None or _PLACEHOLDER.search(parsed.url) else parsed.url


def url_target(url: str, node: Node | None, what: str, *, document: Document | None = None,
               assumed: str | None = None) -> Target:
    """The target a base URL names: ``what`` is how the file calls it (``base_url``, ``api_base``, ``baseURL``)."""
    parsed = parse_url(url)
    if parsed is None or _PLACEHOLDER.fullmatch(url.strip()):
        return Target("unknown", f'{what} "{url.strip()}"' if url.strip() else f"an empty {what}", node, document,
                      assumed=assumed or f"the {what} is filled in when the app runs, so where requests go is not known")
    found, why = servers().by_host(parsed.host, parsed.port)
    how = f'{what} "{parsed.shown}"' + (f" ({why})" if why else "")
    if found.id == "unknown" and _PLACEHOLDER.search(parsed.host):
        assumed = assumed or f"the host in {what} is filled in when the app runs"
        return Target(found.id, how, node, document, assumed=assumed)
    return Target(found.id, how, node, document, assumed=assumed, url=written_url(url))


def name_target(name: str, node: Node | None, what: str, *, document: Document | None = None) -> Target | None:
    """The target a provider name stands for (``what``: 'the model prefix "groq/"'), or None when unknown."""
    found = servers().by_name(name)
    if found is None:
        return None
    return Target(found.id, what, node, document)


# ---------------------------------------------------------------- tiers per model


def tier_table(target: Target, normalised: Normalised) -> TierTable | None:
    """Which table decides whether the target's model offers a tier: the OpenAI catalog, Azure's, or none.

    The model id's own route prefix counts too: ``azure/…`` is an Azure
    deployment, ``anthropic/…`` another provider's model, whatever server
    forwards it.
    """
    found = server(target.server)
    if found.tier_models == "azure" or normalised.route == "azure":
        return "azure"
    if normalised.route == "other":
        return None
    if found.tier_models in ("catalog", "routed"):
        return "catalog"
    return None


def azure_base_model(name: str) -> str:
    """An Azure base model as a file names it, compared with Azure's tables: lower case, no route prefix or date."""
    norm = catalog().normalise(name)
    return norm.undated


def azure_offers(column: str, base_model: str) -> bool | None:
    """Whether Azure offers a tier column (``flex``, ``priority``) for a base model; None when the model is unknown."""
    table = server("azure").azure.get(column)
    if table is None:
        return None
    ident = azure_base_model(base_model)
    if ident in table.names:
        return True
    match = catalog().match(ident)
    return None if match.entry.fallback else False
