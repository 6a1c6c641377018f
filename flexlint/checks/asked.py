"""What a request site asks for, read the same way by every check kind."""

from __future__ import annotations

from ..core.document import Node
from ..core.site import RequestSite
from ..knowledge.tiers import is_tier_key


def tier_requests(site: RequestSite) -> list[tuple[str, Node | None]]:
    """Every service tier this site asks for: as written (any spelling) and as sent.

    A tier the user wrote counts even when a layer drops it: the user means
    it, and it will be sent once the spelling is fixed.
    """
    out: list[tuple[str, Node | None]] = []
    seen: set[int] = set()
    for name, node in site.params.items():
        if is_tier_key(name) and isinstance(node.value, str):
            out.append((node.value, node))
            seen.add(id(node))
    eff = site.effective.get(("service_tier",))
    if eff is not None and isinstance(eff.value, str) and (eff.node is None or id(eff.node) not in seen):
        out.append((eff.value, eff.node))
    return out
