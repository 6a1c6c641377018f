"""The ``target`` kind: a request judged by the server it goes to, and said so when that server is not known.

* ``tier-not-offered``: the server refuses the service tier asked for
  (``schemas/servers.yaml`` → ``tiers``: fate ``rejected``), such as flex on
  xAI or any value but ``auto``/``standard_only`` in an Anthropic Messages
  body. Servers judged by OpenAI's schemas (OpenAI, Azure OpenAI) are left to
  the parameter and model rules; a tier a layer never sends is left to the
  rules about that layer.
* ``unknown-target``: the request goes to a server flexlint does not know,
  and something OpenAI would refuse (a tier for a model, a key, a value) is
  therefore not reported. One ``info`` per client: the message depends only
  on the target, so the sites of one client give one diagnostic.
"""

from __future__ import annotations

from typing import Iterator

from ..core.diagnostics import Finding
from ..core.site import RequestSite, Target
from ..knowledge.servers import Server, server
from ..knowledge.tiers import catalog_column
from . import Ask
from .asked import tier_requests

NOT_OFFERED = "tier-not-offered"
UNKNOWN = "unknown-target"
NEVER_SENT = frozenset({"dropped", "rejected", "ignored"})


def describe(target: Target) -> str:
    """The target in words, for messages: 'xAI (base_url "https://api.x.ai/v1")'."""
    found = server(target.server)
    return found.label + (f" ({target.how})" if target.how else "")


def check_site(site: RequestSite, ask: Ask) -> Iterator[Finding]:
    target = server(site.target.server)
    if ask.on(NOT_OFFERED) and not target.openai_schema:
        yield from _not_offered(site, target)
    if ask.on(UNKNOWN) and not target.known:
        finding = _unknown(site)
        if finding is not None:
            yield finding


def _sent(site: RequestSite) -> list[tuple[str, object]]:
    gone = {id(d.node) for d in site.drops if d.kind in NEVER_SENT}
    return [(v, n) for v, n in tier_requests(site) if n is None or id(n) not in gone]


def _not_offered(site: RequestSite, target: Server) -> Iterator[Finding]:
    seen: set[str] = set()
    for value, node in _sent(site):
        fate = target.tier(value, site.target.native)
        if fate.fate != "rejected" or value in seen:
            continue
        seen.add(value)
        anchor = node.anchor if node is not None else site.container  # type: ignore[union-attr]
        if anchor is None:
            continue
        where = f" ({site.origin})" if site.origin else ""
        offered = [v for v, f in target.values.items() if f.fate in ("offered", "per-model")]
        yield Finding(
            NOT_OFFERED,
            f'{describe(site.target)} does not offer service_tier "{value}"{where}: {fate.does}',
            anchor,
            fix=(f"use one of {', '.join(offered)}, or remove service_tier" if offered else "remove service_tier")
            + f" for requests to {target.label}",
        )


def _withheld(site: RequestSite) -> bool:
    """Whether OpenAI's rules would report something here that is left unsaid for an unknown server."""
    if any(catalog_column(value) is not None for value, _ in _sent(site)):
        return True
    from dataclasses import replace

    from .parameters import raws

    as_openai = replace(site, target=Target("openai"))
    return bool(raws(as_openai, wire=True))


def _unknown(site: RequestSite) -> Finding | None:
    target = site.target
    anchor = target.node if target.node is not None else (site.container or site.model_node)
    if anchor is None or not _withheld(site):
        return None
    found = server(target.server)
    what = f"{found.label} ({target.how})" if target.how else found.label
    assumed = f"; {target.assumed}" if target.assumed else ""
    return Finding(
        UNKNOWN,
        f"requests sent here go to {what}{assumed}: which parameters, service tiers and models it accepts is not "
        "known, so nothing is reported that only OpenAI would refuse",
        anchor,
        fix="check the server's documentation for the parameters and service tiers it takes "
        "(`flexlint explain FILE` shows what each request sends)",
        document=target.document if target.node is not None else None,
    )
