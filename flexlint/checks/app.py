"""What an app dialect knows about the app itself: its own tier setting, and the release assumed.

* ``app-tier-setting``: the app's own service tier setting is not flex while
  this request asks for flex, and an app upgrade (or another release that
  reads the same data) lets the setting win. When the setting already wins,
  ``service-tier-overridden`` reports it with the setting as related
  location, and this rule stays silent.
* ``app-version-assumed``: the dialect could not tell the app release from the
  file and judged it by the behaviour of the release it names.
"""

from __future__ import annotations

from typing import Iterator

from ..core.diagnostics import Finding, RelatedNode
from ..knowledge.tiers import is_flex
from ..core.site import RequestSite
from .asked import tier_requests
from . import Ask


def check_site(site: RequestSite, ask: Ask) -> Iterator[Finding]:
    if ask.on("app-tier-setting"):
        yield from _tier_setting(site, ask)
    version = site.app_version
    if ask.on("app-version-assumed") and version is not None and version.assumed and version.node is not None:
        yield Finding(
            "app-version-assumed",
            f"flexlint judged this file by the behaviour of {version.label}: {version.assumed}",
            version.node.anchor,
            fix="check which release wrote the file; the findings assume the release named here",
            document=version.document,
        )


def _tier_setting(site: RequestSite, ask: Ask) -> Iterator[Finding]:
    setting = site.tier_setting
    if setting is None or not isinstance(setting.node.value, str) or is_flex(setting.node.value) or not setting.node.value:
        return
    own = {id(setting.node), id(setting.node.anchor)}
    asks = [node for value, node in tier_requests(site) if is_flex(value) and node is not None and id(node) not in own]
    if not asks:
        return
    eff = site.effective.get(("service_tier",))
    if ask.on("service-tier-overridden") and eff is not None and eff.cause is not None and id(eff.cause) in own:
        return  # the override finding already points here
    where = f" ({site.origin})" if site.origin else ""
    yield Finding(
        "app-tier-setting",
        f'{setting.label} is "{setting.node.value}" while this request{where} asks for flex: {setting.note}',
        setting.node.anchor,
        fix=setting.fix,
        related=[RelatedNode(asks[0].anchor, "flex is asked for here", site.document)],
        document=setting.document,
    )
