"""Which request sites can be probed, and the one small request each becomes.

A site is probed only when flexlint knows it completely: a model written
as a literal, a service tier (sent, or written and lost on the way), and a
server it may send a key to. OpenAI's API needs nothing more; Azure OpenAI
its endpoint and deployment; any other server must be allowed by name, and
gets a key only from a variable the user names, so an OpenAI key never
leaves for a server the user did not choose. The request is the smallest
that still asks for the tier: one word in, the lowest output limit, not
stored. Sites that ask the same server the same thing share one request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Optional
from urllib.parse import urlsplit

from ...checks.asked import tier_requests
from ...checks.models import is_placeholder
from ...core.site import RequestSite
from ...knowledge.servers import Server, server, written_url
from ..explain import FileSites, site_json
from .expect import Expectation, expect

OPENAI_BASE = "https://api.openai.com/v1"  # the openai SDK's default base URL
KEY_ENV = {"openai": "OPENAI_API_KEY", "azure": "AZURE_OPENAI_API_KEY"}  # the SDKs' standard variables
WORD = "ping"
# The lowest output limits: Responses refuses max_output_tokens below 16 (HTTP 400 "integer below minimum
# value"); Chat Completions takes max_completion_tokens from 1 (a reasoning model then stops at the limit
# and still answers 200 with its service_tier).
RESPONSES_MIN_OUTPUT = 16
CHAT_MIN_OUTPUT = 1
ENDPOINTS = {"responses": "/responses", "chat": "/chat/completions"}


@dataclass
class Site:
    """One request site as the probe reports it: where it is, and what flexlint reads there."""

    path: str
    data: dict[str, Any]  # ``explain``'s view of the site (place, origin, target)
    site: RequestSite

    @property
    def place(self) -> str:
        at = self.data.get("at")
        return f"{self.path}:{at['line']}:{at['column']}" if at else self.path

    @property
    def origin(self) -> str:
        return self.data.get("origin") or "request"


@dataclass
class Probe:
    """One request to send, and the sites it answers for."""

    server: Server
    api: str  # responses | chat
    base_url: str
    key_env: Optional[str]  # None: no key is sent
    body: dict[str, Any]
    asked: Optional[str]  # the service_tier sent; None when the site sends none
    model: str
    expectation: Expectation
    sites: list[Site] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was assumed or changed, in words

    @property
    def url(self) -> str:
        return self.base_url.rstrip("/") + ENDPOINTS[self.api]

    @property
    def host(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


@dataclass
class Skip:
    site: Site
    reason: str


@dataclass
class Plan:
    probes: list[Probe]
    skipped: list[Skip]
    errors: list[tuple[str, str]]  # (path, why it cannot be read)
    untiered: int = 0  # sites that ask for no service tier: nothing to probe, counted rather than listed

    @property
    def key_envs(self) -> list[str]:
        return sorted({p.key_env for p in self.probes if p.key_env})


def make_plan(files: Iterable[FileSites], *, base_url: Optional[str] = None, allow: Iterable[str] = (),
              key_env: Optional[str] = None) -> Plan:
    """The probes for these files' sites; ``allow`` names the servers other than OpenAI and Azure to probe."""
    allowed = {a.strip().lower() for a in allow}
    probes: dict[tuple, Probe] = {}
    skipped: list[Skip] = []
    errors: list[tuple[str, str]] = []
    untiered = 0
    for f in files:
        if f.error:
            errors.append((f.path, f.error))
            continue
        for site in f.sites:
            if not tier_requests(site) and "service_tier" not in site.effective:
                untiered += 1
                continue
            where = Site(f.path, site_json(site), site)
            made = _probe(where, base_url, allowed, key_env)
            if isinstance(made, str):
                skipped.append(Skip(where, made))
                continue
            key = (made.base_url, made.api, made.key_env, repr(sorted(made.body.items())))
            found = probes.setdefault(key, made)
            found.sites.append(where)
            found.notes.extend(n for n in made.notes if n not in found.notes)
    return Plan(list(probes.values()), skipped, errors, untiered)


def _probe(where: Site, base_url: Optional[str], allowed: set[str], key_env: Optional[str]) -> Probe | str:
    """The probe for one site, or why it cannot be probed."""
    site = where.site
    model = site.model
    if not isinstance(model, str) or not model.strip():
        return "the model is not written out in the file (it is passed in or computed when the app runs)"
    if is_placeholder(model):
        return f'the model "{model}" is filled in when the app runs'
    written = tier_requests(site)
    api = site.api if site.api in ENDPOINTS else "responses"
    sent = site.wire_body(api).get("service_tier")
    notes: list[str] = []
    if "service_tier" in site.wire_body(api) and not isinstance(sent, str):
        return "the service tier is computed when the code runs"
    changed = site.effective_for(api).get(("service_tier",))
    if changed is not None and changed.cause is not None and changed.note:
        notes.append(f'{where.origin} sends "{sent}" because {changed.note}')
    if sent is None:
        lost = ", ".join(f'"{v}"' for v, _ in written)
        notes.append(f"service_tier {lost} is written but never sent, so the probe sends none, as the request does")
    target = site.target
    found = server(target.server)
    if target.native:
        return f"the request is written in {found.label}'s own format, not OpenAI's"
    base: Optional[str]
    if found.id == "openai":
        base = base_url or OPENAI_BASE
        if target.assumed and not base_url:
            notes.append(f"assumed: {target.assumed}")
    elif found.id == "azure":
        base = base_url or _azure_base(target.url)
        if base is None:
            return "the Azure OpenAI endpoint is not written in the file (give it with --base-url)"
        model = target.deployment or model  # Azure's `model` is the deployment
    elif found.id in allowed or (not found.known and "unknown" in allowed):
        base = base_url or _request_base(target.url)
        if base is None:
            return f"{found.label}'s base URL is not written in the file (give it with --base-url)"
    elif found.known:
        return f"the request goes to {found.label}: probed only with --allow {found.id}"
    else:
        what = f" ({target.how})" if target.how else ""
        return f"the request goes to a server flexlint does not know{what}: probed only with --allow unknown"
    if found.id in KEY_ENV:
        env = key_env or KEY_ENV[found.id]
    else:
        env = key_env  # another server never gets OpenAI's key unless the user names it
        if env is None:
            notes.append("no key is sent (name its variable with --key-env)")
    if site.api not in ENDPOINTS:
        notes.append("the file does not say which API it uses; the probe uses the Responses API")
    body = _body(api, model, sent)
    return Probe(found, api, base, env, body, sent, model, expect(site, found, sent, model), notes=notes)


def _body(api: str, model: str, tier: Optional[str]) -> dict[str, Any]:
    """The smallest request that asks for the tier."""
    if api == "chat":
        body: dict[str, Any] = {"model": model, "messages": [{"role": "user", "content": WORD}],
                                "max_completion_tokens": CHAT_MIN_OUTPUT, "store": False}
    else:
        body = {"model": model, "input": WORD, "max_output_tokens": RESPONSES_MIN_OUTPUT, "store": False}
    if tier is not None:
        body["service_tier"] = tier
    return body


def _azure_base(url: Optional[str]) -> Optional[str]:
    """Azure OpenAI's v1 API on the resource a file names (``https://NAME.openai.azure.com/openai/v1``)."""
    full = written_url(url)
    if full is None:
        return None
    parts = urlsplit(full)
    return f"{parts.scheme}://{parts.netloc}/openai/v1"


def _request_base(url: Optional[str]) -> Optional[str]:
    """A base URL as written; a full request URL (``…/v1/chat/completions``) loses its endpoint."""
    if not url:
        return None
    for end in ENDPOINTS.values():
        if url.rstrip("/").endswith(end):
            return url.rstrip("/")[: -len(end)]
    return url
