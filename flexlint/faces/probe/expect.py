"""What flexlint's knowledge says a probe's answer should be, and whether the answer agrees.

The same facts the checks use (the model catalog, Azure's tables, the
server table) turn into an expectation for one request: the tiers the
response may report, and whether the server should refuse it. A probe's
answer is then compared with it, so a disagreement (a model the catalog
says has no flex, served at flex; or one it says has flex, refused) is
visible and can be reported against the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ...core.site import RequestSite
from ...knowledge.catalog import catalog
from ...knowledge.servers import Server, azure_offers, tier_table
from ...knowledge.tiers import same_tier, tier

DEFAULT_TIERS = frozenset({"default", "priority"})  # a project's default tier is Standard, or Fast when set so


@dataclass(frozen=True)
class Expectation:
    """What the answer should be: ``served`` tiers (empty: no verdict on it), ``refused`` (None: either)."""

    says: str  # the expectation in words
    basis: str  # where it comes from
    served: frozenset[str] = frozenset()
    refused: Optional[bool] = None

    @property
    def known(self) -> bool:
        return bool(self.served) or self.refused is not None


@dataclass(frozen=True)
class Answer:
    """What the server answered to one probe."""

    status: Optional[int]  # None: no HTTP answer (a timeout, no connection)
    served: Optional[str] = None  # the response's service_tier
    request_id: Optional[str] = None
    error: Optional[str] = None  # the server's words (or why there was no answer), redacted
    code: Optional[str] = None  # the error's code or type
    seconds: float = 0.0
    retries: int = 0


def expect(site: RequestSite, server: Server, asked: Optional[str], model: str) -> Expectation:
    """The expected answer to a request for ``model`` at tier ``asked`` (None: no service_tier sent)."""
    if asked is None:
        return Expectation("the project's default tier (Standard, or Fast when the project is set to it): "
                           "no service_tier is sent", "OpenAI's service_tier documentation", DEFAULT_TIERS, False)
    if not server.openai_schema:
        fate = server.tier(asked, site.target.native)
        if fate.fate == "rejected":
            return Expectation(f"a refusal: {fate.does}", f"{server.label} in flexlint's server table", refused=True)
        return Expectation(f"no verdict: {fate.does}" if fate.fate != "unknown" else
                           f"no verdict: what {server.label} does with service_tier \"{asked}\" is not known",
                           f"{server.label} in flexlint's server table")
    found = tier(asked)
    if found is None or found.value != asked:
        return Expectation(f'a refusal: "{asked}" is not a service_tier value OpenAI accepts (HTTP 400 invalid_value)',
                           "OpenAI's request schema", refused=True)
    if found.column is None:
        if found.value == "auto":
            return Expectation("the project's default tier (Standard, or Fast when the project is set to it)",
                               "OpenAI's service_tier documentation", DEFAULT_TIERS, False)
        if found.value == "default":
            return Expectation("the standard tier", "OpenAI's service_tier documentation", frozenset({"default"}), False)
        return Expectation(f"no verdict: {found.meaning}", "OpenAI's service_tier documentation")
    column = found.column
    cat = catalog()
    match = cat.match(model)
    table = tier_table(site.target, match.normalised)
    word = "flex" if column == "flex" else "priority (Fast mode)"
    if table == "azure":
        base = site.target.base_model
        offered = azure_offers(column, base) if base else None
        basis = f"Azure's {column} table" + (f" (base model {base})" if base else "")
        if offered is None:
            return Expectation(f"no verdict: the model behind the deployment is not known to Azure's {column} table",
                               basis)
    elif table == "catalog":
        ruling = match.ruling(column)
        offered = ruling.value
        entry = match.entry
        basis = ("no catalog entry" if entry.fallback else
                 f"catalog entry `{entry.id}`, {entry.confidence} confidence; `flexlint models {model}` shows its sources")
        if offered is None:
            return Expectation(f"no verdict: the catalog does not know whether {model} offers {word}", basis)
    else:
        return Expectation(f"no verdict: the OpenAI catalog does not judge {model} on {server.label}", server.label)
    if offered:
        return Expectation(f"served at {word}", basis, frozenset({found.canonical}), False)
    if column == "flex":
        return Expectation(f"a refusal: {model} does not offer flex (HTTP 400, no fallback)", basis, refused=True)
    return Expectation(f"not served at priority: {model} does not offer it", basis, frozenset({"default"}), None)


@dataclass(frozen=True)
class Agreement:
    word: str  # served | refused | not served | no answer
    verdict: str  # agrees | disagrees | no verdict | no answer
    note: str


def compare(asked: Optional[str], expectation: Expectation, answer: Answer) -> Agreement:
    """Whether the answer is what flexlint expected, and what it shows about the tier."""
    if answer.status is None:
        return Agreement("no answer", "no answer", "without an answer, the tier that would serve it is not known")
    if answer.status == 429 and asked is not None and same_tier(asked, "flex"):
        note = "flex is out of capacity right now (not charged); the model offers flex"
        agrees = expectation.refused is not True
        return Agreement("not served", "agrees" if agrees else "disagrees", note)
    if answer.status >= 400:
        if expectation.refused is True:
            return Agreement("refused", "agrees", "refused, as flexlint expects")
        if expectation.known:
            return Agreement("refused", "disagrees" if answer.status == 400 else "no verdict",
                             "flexlint expects it to be served" if answer.status == 400 else
                             f"HTTP {answer.status} says nothing about the tier")
        return Agreement("refused", "no verdict", "flexlint has no verdict")
    as_asked = asked is None or asked == "auto" or (answer.served is not None and same_tier(asked, answer.served))
    word = "served" if as_asked else "not served"
    if answer.served is None:
        return Agreement(word, "no verdict", "the response does not say which tier served it")
    if expectation.refused is True:
        return Agreement(word, "disagrees", "flexlint expects a refusal")
    if not expectation.served:
        return Agreement(word, "no verdict", "flexlint has no verdict")
    if any(same_tier(answer.served, s) for s in expectation.served):
        return Agreement(word, "agrees", f"served at {answer.served}")
    if asked is not None and same_tier(asked, "priority") and answer.served == "default":
        return Agreement(word, "no verdict", "priority requests above the project's limits run at the standard "
                                             "tier, so one default answer does not show the model lacks priority")
    return Agreement(word, "disagrees", f"served at {answer.served}, not {' or '.join(sorted(expectation.served))}")
