"""Client settings that make a flex request fail where it could have succeeded.

Flex answers HTTP 429 "Resource Unavailable" (not charged) when it lacks
capacity and is slower than standard processing, so a flex request needs
retries and a long timeout (the flex guide uses 900 s).
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Finding, RelatedNode
from ..site import RequestSite, tier_requests
from . import CheckContext


def check_site(site: RequestSite, ctx: CheckContext) -> Iterator[Finding]:
    flex = [node for value, node in tier_requests(site) if value == "flex"]
    if not flex:
        return
    client = site.client
    if ctx.on("flex-no-retry") and client.max_retries is not None and client.max_retries_value == 0:
        name = client.label or "max_retries"
        related = [RelatedNode(flex[0], "flex is requested here")] if flex[0] is not None else []
        yield Finding(
            "flex-no-retry",
            f"`{name}` is 0 while this request asks for flex: when flex lacks capacity the API answers "
            f'429 "Resource Unavailable" (not charged), and with no retries the call fails at once',
            client.max_retries.anchor,
            fix=f"allow retries (the default is {client.default_max_retries if client.default_max_retries is not None else 2}) "
            'or catch the 429 and retry with backoff, or retry once with service_tier "auto"',
            related=related,
        )
