"""What the app or library does to the request: overrides, drops, ignored keys.

Dialects record these effects on the request site (``effective`` with a
cause, ``drops``); this kind turns them into findings with both locations.
Drops of keys a layer does not know are left to the parameter rules, which
can say how to spell them.
"""

from __future__ import annotations

from typing import Iterator

from ..core.diagnostics import Finding, RelatedNode
from ..core.site import RequestSite
from .asked import tier_requests
from ..knowledge.tiers import is_flex, same_tier
from . import Ask


# Drop kind -> (rule, what happens to the parameter).
FATES = {
    "dropped": ("parameter-dropped", "never reaches the wire"),
    "ignored": ("parameter-ignored", "is never read"),
    "rejected": ("parameter-rejected", "makes the request fail"),
}


def check_site(site: RequestSite, ask: Ask) -> Iterator[Finding]:
    reported: set[int] = set()
    eff = site.effective.get(("service_tier",))
    if ask.on("service-tier-overridden") and eff is not None and eff.cause is not None:
        for value, node in tier_requests(site):
            if node is None or node is eff.node or value == eff.value or same_tier(value, eff.value):
                continue
            sent = f'service_tier "{eff.value}"' if eff.value is not None else "no service_tier"
            where = f" ({site.origin})" if site.origin else ""
            msg = (
                f'service_tier "{value}" here is overridden{where}: {eff.note or "another setting wins"}, '
                f"so the request is sent with {sent} and "
                + ("flex is never used." if is_flex(value) else f'"{value}" is never used.')
            )
            related = [RelatedNode(eff.cause, f"this setting wins: {sent}", eff.document)]
            fix = _fix(eff)
            if fix:
                msg += f" Fix: {fix}."
            yield Finding("service-tier-overridden", msg, node.anchor, fix=fix, related=related, autofix=eff.autofix)
            reported.add(id(node))
    for drop in site.drops:
        if id(drop.node) in reported or drop.kind == "unknown":
            continue
        slug, verb = FATES[drop.kind]
        if not ask.on(slug):
            continue
        related = [RelatedNode(drop.cause, "this is what removes it")] if drop.cause is not None else []
        where = f" ({site.origin})" if site.origin else ""
        yield Finding(
            slug,
            f"`{drop.name}` {verb}{where}: {drop.reason}",
            drop.node.anchor,
            fix=drop.fix,
            related=related,
        )


def _fix(eff) -> str | None:
    return getattr(eff, "fix", None) or None
