"""``model-capability``: the model a request site uses must offer the tier it asks for, where it is sent.

One check for every dialect: it reads only ``site.model`` / ``site.model_node``
(the model id as the server receives it), ``site.target`` and the tiers the
site asks for. Which table decides depends on the target
(``flexlint.knowledge.servers.tier_table``): the OpenAI model catalog
(``flexlint.knowledge.catalog``) for OpenAI and for OpenAI models a router
forwards, Azure's own tables for an Azure deployment whose base model the
file names, and none for any other server (its own tiers are the ``target``
kind's).

Which tiers a site asks for: every ``service_tier`` value the user wrote,
in any spelling (a mis-cased ``serviceTier`` still shows what the user
means, and will be sent once the spelling is fixed), and the value that
goes on the wire (an app setting that forces flex counts too). Values are
read through ``flexlint.knowledge.tiers``: ``fast`` is ``priority``; ``auto``,
``default``, ``scale`` and ``ultrafast`` are not decided per model here.

Not reported twice: when a layer already removes the tier *because of the
model* (a ``Drop`` whose cause is the site's model node, e.g. the Vercel AI
SDK's own flex gate), the drop's rule explains it and this check is silent
for that value. Other losses (a misspelt key, an app setting that wins) are
separate problems: the model finding still tells what happens once they
are fixed.

Not judged: a model written as a placeholder (``${MODEL}``), a model on
another server (the target, or a route prefix such as ``groq/``), and an
Azure deployment whose base model the file does not name, which only gets
an ``info`` (no guess).

Where: at ``site.model_node`` (for a loop over several models, the list
element), with a related location at the tier; for Azure, at the tier, with
the base model as the related location.
"""

from __future__ import annotations

from typing import Iterator

from ..knowledge.catalog import Catalog, Match, Ruling, catalog, verdict_word
from ..knowledge.servers import AzureTable, azure_offers, server, tier_table
from ..core.diagnostics import Finding, RelatedNode
from ..core.document import Node
from ..core.site import RequestSite
from .asked import tier_requests
from ..knowledge.tiers import Column, catalog_column
from . import Ask
from ..core.regex import lazy

RULES: dict[Column, str] = {"flex": "flex-unsupported-model", "priority": "priority-unsupported-model"}
UNKNOWN = "unknown-model"
AZURE = "azure-deployment-unchecked"
TIER_WORDS: dict[Column, str] = {"flex": "flex processing", "priority": "priority processing (Fast mode)"}


def requested(site: RequestSite) -> list[tuple[Column, str, Node | None]]:
    """(catalog column, value as written, node) for each model-gated tier the site asks for, once per column."""
    model_drops = {
        id(d.node) for d in site.drops if d.cause is not None and site.model_node is not None and d.cause is site.model_node
    }
    out: list[tuple[Column, str, Node | None]] = []
    for value, node in tier_requests(site):
        column = catalog_column(value)
        if column is None or any(c == column for c, _, _ in out):
            continue
        if node is not None and id(node) in model_drops:
            continue
        out.append((column, value, node))
    return out


# A model written as a template or variable reference (`${MODEL}`, `{{ model }}`): its value is not known here.
_PLACEHOLDER = lazy(r"\$\{|\{\{|%\(|^\$[A-Za-z_]")


def is_placeholder(model: str) -> bool:
    """Whether a model id is a template or variable reference, whose value is not known before run time."""
    return bool(_PLACEHOLDER.search(model))


def check_site(site: RequestSite, ask: Ask) -> Iterator[Finding]:
    if not isinstance(site.model, str) or not site.model.strip() or _PLACEHOLDER.search(site.model):
        return
    if not any(ask.on(slug) for slug in (*RULES.values(), UNKNOWN, AZURE)):
        return
    asks = requested(site)
    if not asks:
        return
    cat = catalog()
    match = cat.match(site.model)
    table = tier_table(site.target, match.normalised)
    if table is None:
        return  # another server's model and tiers: the OpenAI catalog has no say
    target = server(site.target.server)
    asks = [a for a in asks if target.tier(a[1], site.target.native).fate == "per-model"
            or (target.id != "azure" and table == "azure")]
    if table == "azure":
        yield from _azure_tables(site, asks, ask)
        return
    for column, value, node in asks:
        ruling = match.ruling(column)
        if ruling.value is True:
            continue
        anchor = site.model_node if site.model_node is not None else node
        related = _related(node, value, anchor)
        if ruling.value is False and ask.on(RULES[column]):
            yield _unsupported(cat, site, match, ruling, column, value, anchor, related)
        elif ruling.value is None and ask.on(UNKNOWN):
            yield _unknown(cat, site, match, ruling, column, value, anchor, related)


def _related(node: Node | None, value: str, anchor: Node | None) -> list[RelatedNode]:
    """The tier as a second location, named as written (`serviceTier`, `service_tier`)."""
    if node is None or node is anchor:
        return []
    key = node.key.value if node.key is not None and isinstance(node.key.value, str) else "service_tier"
    return [RelatedNode(node, f'{key} "{value}" is requested here')]


def _where(site: RequestSite) -> str:
    return f" ({site.origin})" if site.origin else ""


def _asked(value: str, column: Column) -> str:
    return f'service_tier "{value}"' + (" (the same tier as priority)" if value.strip().lower() == "fast" else "")


def _unsupported(cat: Catalog, site: RequestSite, match: Match, ruling: Ruling, column: Column, value: str,
                 anchor: Node | None, related: list[RelatedNode]) -> Finding:
    entry = match.entry
    alternatives, same_family = cat.alternatives(match, column)
    family = cat.family_label(entry)
    if alternatives and same_family:
        offer = f"{family} models that offer it: {', '.join(alternatives)}."
    elif alternatives:
        offer = f"No {family} model in the catalog offers it; models that do include {', '.join(alternatives)}."
    else:
        offer = ""
    basis = f"per-id entry for `{ruling.override}`" if ruling.override else f"catalog entry `{entry.id}`"
    sunset = _sunset(cat, ruling) if column == "flex" else ""
    message = (
        f'model "{site.model}"{_where(site)} does not offer {TIER_WORDS[column]}: for '
        f"{_asked(value, column)} {_answers(cat, site, column)}. "
        f"Evidence ({basis}, {entry.confidence} confidence): {cat.evidence(ruling.sources)}"
        f"{_disagreeing(cat, match, column, ruling)}. {sunset or offer}"
    ).strip()
    suggestion = f"use a model that offers {column}" + (f" (e.g. {alternatives[0]})" if alternatives else "")
    if sunset:
        suggestion = ("for asynchronous work use background mode (Responses API, `background: true`, "
                      '`background_options.completion_window` "2h" or "8h", standard tier, no streaming); '
                      f"or {suggestion}")
    return Finding(
        RULES[column],
        message,
        anchor,
        fix=f'{suggestion}, or remove service_tier "{value}" for "{site.model}"',
        related=related,
    )


SUNSET_SOURCE = "FLEXSUNSET"


def _sunset(cat: Catalog, ruling: Ruling) -> str:
    """For a model flex will never come to: OpenAI's wind-down and the replacement it names, with its source."""
    if SUNSET_SOURCE not in ruling.sources or not cat.flex_sunset:
        return ""
    quotes = [q for q in cat.flex_sunset.get("quotes") or () if q.get("source") == "FLEXGUIDE"]
    where = next((q.get("url") for q in quotes if q.get("url")), "")
    return (
        "OpenAI is winding flex down: it is unavailable on GPT-6.2 Astra and GPT-6.2 Sol and will not be added to "
        "future models. The replacement OpenAI names for asynchronous work is background mode in the Responses API "
        "with discounted completion windows: 2 hours at 30% below Standard token pricing, 8 hours at 40% below "
        f"(source: {cat.sources[SUNSET_SOURCE].title}{', ' + where if where else ''})."
    )


def _unknown(cat: Catalog, site: RequestSite, match: Match, ruling: Ruling, column: Column, value: str,
             anchor: Node | None, related: list[RelatedNode]) -> Finding:
    entry = match.entry
    if entry.fallback:
        why = (
            "it matches no entry of flexlint's model catalog. OpenAI publishes no machine-readable list of "
            f"the models that offer each tier; the catalog (researched {cat.researched}) is built from "
            f"{cat.method}, so a newer or non-OpenAI model has no entry"
        )
    else:
        why = f"its catalog entry `{entry.id}` says {verdict_word(ruling.value)}"
        if ruling.sources:
            why += f" (sources: {cat.evidence(ruling.sources)})"
        else:
            why += " (no source has data for it)"
        why += _disagreeing(cat, match, column, ruling)
        if entry.notes:
            why += f". {entry.notes.rstrip('.')}"
    message = (
        f'flexlint has no verdict on whether model "{site.model}"{_where(site)} offers {TIER_WORDS[column]}, '
        f'asked for with service_tier "{value}": {why}. If it does not, OpenAI {cat.api_answers[column]}.'
    )
    if entry.fallback and site.target.assumed:
        # A model OpenAI's catalog does not know, on a server flexlint only assumed: the assumption may be wrong.
        message += f" (Requests are assumed to go to OpenAI: {site.target.assumed.rstrip('.')}.)"
    return Finding(
        UNKNOWN,
        message,
        anchor,
        fix=f"check the model on OpenAI's pricing page ({column} column) or with one test request, "
        f"then run `flexlint models {match.normalised.id or site.model}` to see the catalog entry to update",
        related=related,
    )


def _answers(cat: Catalog, site: RequestSite, column: Column) -> str:
    """What happens to the request, said for the server that receives it."""
    target = server(site.target.server)
    if target.tier_models == "routed" and column == "flex":
        return (f"{target.label} {target.tier('flex').does}, so the request fails: no endpoint serves the model "
                "with flex, as OpenAI itself does not offer it")
    return f"OpenAI {cat.api_answers[column]}"


def _disagreeing(cat: Catalog, match: Match, column: Column, ruling: Ruling) -> str:
    """"; <source> says yes" for each source that disagrees on this column (none when an override decided)."""
    if ruling.override:
        return ""
    says = [
        f"{cat.evidence((c.source,))} says {verdict_word(c.flex if column == 'flex' else c.priority)}"
        for c in match.entry.conflicts
        if column in c.says
    ]
    return f"; disagreeing: {', '.join(says)}" if says else ""


def _azure_tables(site: RequestSite, asks: list[tuple[Column, str, Node | None]], ask: Ask) -> Iterator[Finding]:
    """Azure OpenAI: the deployment's base model, when the file names it, against Azure's own tables."""
    base = site.target.base_model
    if base is None or _PLACEHOLDER.search(base):
        if asks and ask.on(AZURE):
            yield _azure_unchecked(site, asks[0])
        return
    tables = server("azure").azure
    for column, value, node in asks:
        offered = azure_offers(column, base)
        if offered is True:
            continue
        if offered is None:
            if ask.on(AZURE):
                yield _azure_unchecked(site, (column, value, node), base)
            return
        if ask.on(RULES[column]):
            yield _azure_unsupported(site, tables[column], column, value, node)


def _azure_unsupported(site: RequestSite, table: AzureTable, column: Column, value: str, node: Node | None) -> Finding:
    base = site.target.base_model or ""
    base_node = site.target.base_model_node
    anchor = node.anchor if node is not None else (base_node or site.model_node)
    deployment = f' "{site.target.deployment}"' if site.target.deployment else ""
    tier = "flex" if column == "flex" else "priority processing"
    message = (
        f"Azure OpenAI does not offer {tier} for {base} deployments (only {', '.join(table.names)}, "
        f"{table.deployment_type}): the deployment{deployment}{_where(site)} runs {base}, and for "
        f"{_asked(value, column)} {table.answer}"
    )
    related = []
    if base_node is not None and base_node is not anchor:
        related.append(RelatedNode(base_node, f"the deployment's base model is {base} here", site.target.document))
    return Finding(
        RULES[column],
        message,
        anchor,
        fix=f"send {column} requests to a deployment of {', '.join(table.names)}, or remove service_tier \"{value}\" here",
        related=related,
    )


def _azure_unchecked(site: RequestSite, ask: tuple[Column, str, Node | None], base: str | None = None) -> Finding:
    column, value, node = ask
    anchor = site.model_node if site.model_node is not None else node
    related = _related(node, value, anchor)
    name = site.target.deployment or site.model
    if base is not None:
        why = (f'"{name}"{_where(site)} is an Azure OpenAI deployment of "{base}", a model Azure\'s tables do not name, '
               f"so flexlint cannot tell whether it offers {TIER_WORDS[column]}")
    else:
        why = (f'"{name}"{_where(site)} is an Azure OpenAI deployment name, not a model id, so flexlint cannot '
               f"tell whether the model behind it offers {TIER_WORDS[column]}")
    return Finding(
        AZURE,
        why + (" (when it does not, Azure answers HTTP 400 and does not fall back to the standard tier)" if column == "flex" else ""),
        anchor,
        fix=f"check which model the deployment runs and whether Azure offers {column} for it in your region",
        related=related,
    )
