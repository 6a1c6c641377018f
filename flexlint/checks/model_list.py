"""``model-list-unknown``: a flex (or priority) request whose models the file does not list.

When an app fetches an endpoint's models from the provider at run time
(``RequestSite.models_open``), the model checks only see the models
written down; every other model users pick is sent with the same tier.
Only where the target decides tiers per model (OpenAI, Azure, a router
forwarding to them): elsewhere a model without the tier is not known to fail.
"""

from __future__ import annotations

from typing import Iterator

from ..core.diagnostics import Finding
from ..core.site import RequestSite
from .asked import tier_requests
from ..knowledge.servers import server
from ..knowledge.tiers import catalog_column
from . import Ask

SLUG = "model-list-unknown"


def check_site(site: RequestSite, ask: Ask) -> Iterator[Finding]:
    if not ask.on(SLUG) or site.models_open is None or server(site.target.server).tier_models == "none":
        return
    tiers = sorted({value for value, _ in tier_requests(site) if catalog_column(value) is not None})
    if not tiers:
        return
    tier = tiers[0]
    where = f"{site.origin} " if site.origin else "this endpoint "
    yield Finding(
        SLUG,
        f"{where}also serves the models it fetches from the provider at run time, and sends each with "
        f'service_tier "{tier}": only the models listed in the file can be checked for {tier} support, and a '
        f"request for a model without it is rejected (HTTP 400)",
        site.models_open.anchor,
        fix=f"list the models users may pick in `models.default` and set `fetch: false`, so each one can be checked for {tier}",
    )
