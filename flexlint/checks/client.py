"""Client settings that make a flex request fail where it could have succeeded.

On OpenAI flex answers HTTP 429 "Resource Unavailable" (not charged) when it
lacks capacity and is slower than standard processing, so a flex request
needs retries and a long timeout (the flex guide uses 900 s). Other servers
differ (``schemas/servers.yaml`` → ``tiers.flex``): Groq answers 498 at once
instead of queueing, so only the retry matters there.

Judged only where flex really reaches a server that offers it: not when a
layer drops or refuses the tier, not on a server without flex (or one whose
flex is unknown), not on an Azure deployment whose base model Azure does not
offer flex for (that request fails, and the model rule says so). A misspelt
tier key still counts: it is what the user means, sent once the spelling is
fixed.

A timeout is judged only when it is known: written as a number (or an
``httpx.Timeout``), or not written at all where the library's default is
known (the dialect sets ``default_timeout`` only then).
"""

from __future__ import annotations

from typing import Iterator

from ..core.diagnostics import Finding, RelatedNode
from ..core.site import RequestSite
from .asked import tier_requests
from ..knowledge.servers import FlexFacts, azure_offers, server
from ..knowledge.tiers import is_flex
from . import Ask


FLEX_TIMEOUT = 900.0  # the flex guide's 15 minutes
# Drops after which the tier is never sent, whatever the user fixes in its spelling.
NEVER_SENT = frozenset({"dropped", "rejected", "ignored"})


def flex_facts(site: RequestSite) -> FlexFacts | None:
    """What flex is like where this site's requests go; None when flex does not run there."""
    target = server(site.target.server)
    if target.flex is None or target.tier("flex", site.target.native).fate not in ("offered", "per-model"):
        return None
    base = site.target.base_model
    if target.tier_models == "azure" and base is not None and azure_offers("flex", base) is False:
        return None
    return target.flex


def flex_requests(site: RequestSite) -> list:
    """The nodes that ask this site for flex, leaving out tiers a layer never sends."""
    gone = {id(d.node) for d in site.drops if d.kind in NEVER_SENT}
    return [node for value, node in tier_requests(site) if is_flex(value) and (node is None or id(node) not in gone)]


def check_site(site: RequestSite, ask: Ask) -> Iterator[Finding]:
    flex = flex_requests(site)
    if not flex:
        return
    facts = flex_facts(site)
    if facts is None:
        return
    client = site.client
    if ask.on("flex-short-timeout") and facts.timeout is not None:
        yield from _short_timeout(site, flex[0], ask)
    if ask.on("flex-no-retry") and facts.retry and client.max_retries is not None and client.max_retries_value == 0:
        name = client.label or "max_retries"
        related = [RelatedNode(flex[0], "flex is requested here")] if flex[0] is not None else []
        yield Finding(
            "flex-no-retry",
            f"`{name}` is 0 while this request asks for flex: when flex lacks capacity {facts.no_capacity}, "
            "and with no retries the call fails at once",
            client.max_retries.anchor,
            fix=f"allow retries (the default is {client.default_max_retries if client.default_max_retries is not None else 2}) "
            f"or catch the {facts.status or 'refusal'} and retry with backoff, or retry once with service_tier \"auto\"",
            related=related,
        )


def _short_timeout(site: RequestSite, flex: object, ask: Ask) -> Iterator[Finding]:
    client = site.client
    minimum = float(ask.param("min_seconds", FLEX_TIMEOUT))
    consequence = (
        "flex requests are slower and can wait for capacity, so a response still on its way is cut off "
        "with a timeout error (and a retry starts it again from the beginning)"
    )
    example = f"timeout: {minimum * 1000:g}" if client.timeout_unit == "ms" else f"timeout={minimum:g}"
    fix = f"raise the timeout to at least {minimum:g} s for flex requests (e.g. `{example}`)"
    if client.timeout is not None:
        value = client.timeout_seconds
        if value is None or value >= minimum:
            return
        name = client.timeout.key.value if client.timeout.key is not None else "timeout"
        yield Finding(
            "flex-short-timeout",
            f"`{name}` allows {value:g} s for a flex request, less than the {minimum:g} s the flex guide "
            f"recommends: {consequence}",
            client.timeout.anchor,
            fix=fix,
            related=[RelatedNode(flex, "flex is requested here")] if flex is not None else [],
        )
        return
    default = client.default_timeout
    if default is None or default >= minimum or flex is None:
        return
    yield Finding(
        "flex-short-timeout",
        f"no timeout is set for this flex request, so the {default:g} s default timeout of "
        f"{client.default_from or site.layer.label} "
        f"is left in place, less than the {minimum:g} s the flex guide recommends: {consequence}",
        flex.anchor,  # type: ignore[attr-defined]
        fix=fix.replace("raise the timeout", "set a timeout", 1),
    )
