"""The model catalog: which OpenAI models offer flex and priority, and why we think so.

``schemas/models.yaml`` is data (validated by ``schemas/models.schema.json``
in the tests); this module loads it once per process, compiles its patterns
once, and answers two questions for any model id as an app writes it:
which entry matches (after normalising the id: case, route prefixes such as
``openai/`` or ``openrouter/openai/``, variant suffixes such as ``:free``,
dated snapshots) and what that entry says for a tier, with its sources.
Its ``parameters`` rows say, per model, which request parameters and
values the API accepts (:class:`ParamRow`); they are matched the same way
but have their own granularity. Nothing here knows about files or dialects.
"""

from __future__ import annotations

import re
from dataclasses import field
from functools import lru_cache
from typing import Any, Iterable, Literal, Optional

from .data import load_yaml
from .tiers import Column
from ..core.regex import lazy
from ..core.records import record

CATALOG = "models.yaml"
SCHEMA = "models.schema.json"

Verdict = Optional[bool]  # True offers the tier, False does not, None unknown
Route = Literal["openai", "azure", "other"]


def verdict_word(value: Verdict) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def _verdict(raw: Any) -> Verdict:
    return raw if isinstance(raw, bool) else None


@record(frozen=True)
class Source:
    """Where a catalog fact comes from (documentation, a live probe, an SDK release)."""

    key: str
    title: str
    ref: str
    kind: str
    date: str = ""


@record(frozen=True)
class Conflict:
    """A source that disagrees with the catalog's verdict (kept, so a doubt is never an error)."""

    source: str
    note: str
    flex: Verdict = None
    priority: Verdict = None
    says: tuple[str, ...] = ()  # the columns this source disagrees on


@record(frozen=True)
class Override:
    """A per-id exception to an entry's priority verdict, with its sources."""

    priority: Verdict
    sources: tuple[str, ...]


@record(frozen=True)
class Entry:
    """One row of the model catalog: a pattern of model ids and what they offer."""

    index: int  # 1-based position in the catalog: first match wins
    id: str
    pattern: str
    flex: Verdict
    priority: Verdict
    confidence: str
    sources: tuple[str, ...]
    family: str | None = None
    examples: tuple[str, ...] = ()
    notes: str = ""
    conflicts: tuple[Conflict, ...] = ()
    priority_overrides: dict[str, Override] = field(default_factory=dict, compare=False)
    fallback: bool = False

    def column(self, column: Column) -> Verdict:
        return self.flex if column == "flex" else self.priority

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern, compiled on first use: a lookup stops at the first entry that matches."""
        return _compiled(self.pattern)


_compiled = lru_cache(maxsize=None)(re.compile)

_META = frozenset(".^$*+?{}[]\\|()")


@lru_cache(maxsize=None)
def literal_prefix(pattern: str) -> str:
    """The text every full match of ``pattern`` starts with ("" when a simple reading cannot tell).

    A lookup tries the catalog's patterns in order until one matches; most
    start with a literal id (``gpt-5\\.4(-mini)?…``), so an id that does not
    start with it is passed over without compiling the pattern.
    """
    if _alternation_at_top(pattern):
        return ""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and pattern[i + 1:i + 2] in (".", "-", "/", "_", ":"):
            literal, step = pattern[i + 1], 2
        elif c not in _META:
            literal, step = c, 1
        else:
            break
        after = pattern[i + step:i + step + 1]
        if after and after in "?*{":  # this character may be absent
            break
        out.append(literal)
        i += step
        if after == "+":
            break
    return "".join(out)


def _alternation_at_top(pattern: str) -> bool:
    """A ``|`` outside any group (or a pattern too unusual to read simply: then True)."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            if pattern[i + 1:i + 2] in ("]", "^"):
                return True
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return in_class or depth != 0


@record(frozen=True)
class Normalised:
    """A model id as written and as the catalog compares it, with every step taken."""

    written: str
    id: str  # lower case, no route prefix, no variant suffix; dated snapshot kept
    undated: str  # ``id`` without a trailing -YYYY-MM-DD
    date: str | None
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    route: Route  # who serves it, as far as the id itself tells
    steps: tuple[str, ...]


@record(frozen=True)
class Ruling:
    """The catalog's verdict for one model and one tier column, and where it comes from."""

    value: Verdict
    sources: tuple[str, ...]
    override: str | None = None  # the priority_overrides key that decided it


@record(frozen=True)
class Match:
    """A model id as written, normalised, and the catalog entry it falls under."""

    normalised: Normalised
    entry: Entry

    def ruling(self, column: Column) -> Ruling:
        if column == "priority":
            override = self.entry.priority_overrides.get(self.normalised.undated)
            if override is not None:
                return Ruling(override.priority, override.sources, self.normalised.undated)
        return Ruling(self.entry.column(column), self.entry.sources)


_VERSION = lazy(r"^(?:gpt-(\d{1,9})(?:\.(\d{1,9}))?[a-z]*|o(\d{1,9}))(?:-(.+))?$")


def _shape(model: str) -> tuple[str, int | None, str]:
    """(series, version, variant) of an OpenAI id: ``gpt-5.4-mini`` → ("gpt", 504, "mini")."""
    m = _VERSION.match(model)
    if not m:
        return "", None, model
    if m.group(3) is not None:
        return "o", int(m.group(3)) * 100, m.group(4) or ""
    return "gpt", int(m.group(1)) * 100 + int(m.group(2) or 0), m.group(4) or ""


class Catalog:
    """The loaded catalog. Build it with :func:`catalog` (cached per process)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.researched = str(data.get("researched", ""))
        self.method = str(data.get("method", ""))
        norm = data["normalise"]
        self.suffixes: tuple[str, ...] = tuple(norm["suffixes"])
        self.openai_routes = frozenset(norm["openai_routes"])
        self.azure_routes = frozenset(norm["azure_routes"])
        self.dated = re.compile(norm["dated_snapshot"])
        self.api_answers: dict[str, str] = dict(data["api_answers"])
        self.families: dict[str, str] = dict(data["families"])
        self.sources: dict[str, Source] = {
            key: Source(key, s["title"], s["ref"].strip(), s["kind"], str(s.get("date", "")).strip())
            for key, s in data["sources"].items()
        }
        self.entries: tuple[Entry, ...] = tuple(_entry(i, raw) for i, raw in enumerate(data["models"], 1))
        self.parameters_researched = str(data.get("parameters_researched", ""))
        self.parameter_sources: dict[str, Source] = {
            key: Source(key, s["title"], s["ref"].strip(), s["kind"], str(s.get("date", "")).strip())
            for key, s in (data.get("parameter_sources") or {}).items()
        }
        self.rows: tuple[ParamRow, ...] = tuple(ParamRow(i, raw) for i, raw in enumerate(data.get("parameters") or (), 1))
        self.error_texts: tuple[dict[str, Any], ...] = tuple(data.get("error_texts") or ())
        self.value_rules: tuple[tuple[re.Pattern[str], dict[str, Any]], ...] = tuple(
            (lazy(r["pattern"]), r) for r in data.get("value_rules") or ()
        )
        self.flex_sunset: dict[str, Any] = dict(data.get("flex_sunset") or {})

    # -- matching ---------------------------------------------------------

    def normalise(self, model: str) -> Normalised:
        steps: list[str] = []
        text = model.strip()
        if text != model:
            steps.append("removed surrounding white space")
        low = text.lower()
        if low != text:
            steps.append("lower-cased it (OpenAI model ids are lower case)")
        ident, suffixes = low, []
        stripped = True
        while stripped:
            stripped = False
            for suffix in self.suffixes:
                if ident.endswith(suffix) and len(ident) > len(suffix):
                    ident = ident[: -len(suffix)].rstrip()
                    suffixes.append(suffix)
                    steps.append(f"removed the variant suffix `{suffix}` (the model is the same)")
                    stripped = True
        prefixes: tuple[str, ...] = ()
        route: Route = "openai"
        if "/" in ident:
            *head, ident = ident.split("/")
            prefixes = tuple(head)
            if any(p in self.azure_routes for p in prefixes):
                route = "azure"
                what = "an Azure OpenAI deployment: what follows is a deployment name"
            elif all(p in self.openai_routes for p in prefixes):
                what = "an OpenAI model"
            else:
                route = "other"
                what = "served by another provider, not OpenAI"
            steps.append(f"removed the route prefix `{'/'.join(prefixes)}/` ({what})")
        dated = self.dated.search(ident)
        date = dated.group(0).lstrip("-") if dated else None
        undated = ident[: dated.start()] if dated else ident
        if date:
            steps.append(f"noted the dated snapshot `-{date}` (patterns accept it; per-id overrides use `{undated}`)")
        return Normalised(model, ident, undated, date, prefixes, tuple(suffixes), route, tuple(steps))

    def match(self, model: str) -> Match:
        norm = self.normalise(model)
        for entry in self.entries:
            if norm.id.startswith(literal_prefix(entry.pattern)) and entry.regex.fullmatch(norm.id):
                return Match(norm, entry)
        return Match(norm, self.entries[-1])  # unreachable with a `.*` fallback; kept total

    def parameters(self, model: str) -> ParamMatch:
        """The parameter row of a model id (``row`` is None when only the catch-all row matches)."""
        norm = self.normalise(model)
        for row in self.rows:
            if norm.id.startswith(literal_prefix(row.pattern)) and row.regex.fullmatch(norm.id):
                return ParamMatch(norm, None if row.pattern == ".*" else row)
        return ParamMatch(norm, None)

    def parameter_evidence(self, keys: Iterable[str]) -> str:
        """Parameter research sources in words."""
        return ", ".join(self.parameter_sources[k].title if k in self.parameter_sources else k for k in keys)

    def error_text(self, kind: str) -> dict[str, Any]:
        """The recorded API error of a kind (``error_texts``), by the start of its ``kind``."""
        for item in self.error_texts:
            if str(item.get("kind", "")).startswith(kind):
                return item
        return {}

    # -- wording ----------------------------------------------------------

    def family_label(self, entry: Entry) -> str:
        return self.families.get(entry.family or "", entry.family or "")

    def evidence(self, keys: tuple[str, ...]) -> str:
        """The sources in words, as the catalog titles them ("a live API probe of 57 models (2026-08-17)")."""
        return ", ".join(self.sources[k].title if k in self.sources else k for k in keys)

    def alternatives(self, match: Match, column: Column, limit: int = 3) -> tuple[list[str], bool]:
        """Models that offer the tier, closest first; True when they are of the model's own family.

        Candidates are the (undated) example ids of entries that offer the
        tier, and per-id overrides that grant it. Closest: the same variant
        (``-mini`` for a ``-mini``), else a base model, then the nearest
        version, newer first.
        """
        own = match.normalised.undated
        series, version, variant = _shape(own)

        def candidates(same_family: bool) -> list[tuple[str, int]]:
            out: list[tuple[str, int]] = []
            for entry in self.entries:
                if entry.fallback or (same_family and entry.family != match.entry.family):
                    continue
                ids: list[str] = []
                if entry.column(column) is True:
                    ids = [self.dated.sub("", e) for e in entry.examples]
                if column == "priority":  # per-id overrides refine the entry's verdict
                    overrides = entry.priority_overrides
                    ids = [i for i in ids if i not in overrides or overrides[i].priority is True]
                    ids += [k for k, o in overrides.items() if o.priority is True and k not in ids]
                for ident in ids:
                    if ident != own and all(ident != seen for seen, _ in out):
                        out.append((ident, entry.index))
            return out

        def key(item: tuple[str, int]) -> tuple:
            c_series, c_version, c_variant = _shape(item[0])
            closeness = 0 if variant and c_variant == variant else (1 if not c_variant else 2)
            distance = abs(c_version - version) if c_version is not None and version is not None else 10_000
            return (closeness, c_series != series, distance, -(c_version or 0), item[1], item[0])

        for same in (True, False):
            found = candidates(same)
            if found:
                return [ident for ident, _ in sorted(found, key=key)[:limit]], same
        return [], False


EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
SAMPLING = ("temperature", "top_p", "logprobs", "penalties")


def _words(raw: Any, allowed: tuple[str, ...] | None = None) -> tuple[str, ...] | None:
    """A list of values as a tuple; anything else (``unknown``, a sentence recording a conflict) is None."""
    if isinstance(raw, list) and all(isinstance(v, str) for v in raw):
        if allowed is None or all(v in allowed for v in raw):
            return tuple(raw)
    return None


@record(frozen=True)
class ParamRow:
    """One row of the catalog's ``parameters``: what a model accepts, as researched, with its sources.

    Every accessor answers None where the research says ``unknown`` or records
    a conflict in words, so a rule built on it stays silent there.
    """

    index: int
    raw: dict[str, Any] = field(repr=False, compare=False)

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern, compiled on first use (see :func:`literal_prefix`)."""
        return _compiled(self.pattern)

    @property
    def id(self) -> str:
        return str(self.raw["id"])

    @property
    def pattern(self) -> str:
        return str(self.raw["pattern"])

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(self.raw.get("sources") or ())

    @property
    def conflicts(self) -> tuple[str, ...]:
        return tuple(str(c) for c in self.raw.get("conflicts") or ())

    def _group(self, name: str) -> dict[str, Any]:
        value = self.raw.get(name)
        return value if isinstance(value, dict) else {}

    def confidence(self, group: str) -> str | None:
        """The research's confidence for a field group (``reasoning``, ``sampling``, ``tools``, …)."""
        conf = self._group("confidence")
        value = conf.get(group, conf.get("all"))
        if isinstance(value, dict):  # per-parameter confidences: the weakest speaks for the group
            order = ("low", "medium", "high")
            return min((v for v in value.values() if v in order), key=order.index, default=None)
        return value if isinstance(value, str) else None

    def endpoint(self, api: str) -> bool | None:
        value = self._group("endpoints").get(api)
        return value if isinstance(value, bool) else None

    @property
    def reasoning_model(self) -> bool | None:
        value = self._group("reasoning").get("reasoning_model")
        return value if isinstance(value, bool) else None

    def effort_refused(self) -> bool:
        """The model refuses a reasoning effort at all (``efforts_responses: rejected``)."""
        return self._group("reasoning").get("efforts_responses") == "rejected"

    def efforts(self, api: str, model: str = "") -> tuple[str, ...] | None:
        """The effort values accepted on ``api`` ("responses" or "chat"); None when unknown.

        Where only the Responses list is known it applies to Chat too, minus
        ``rejected_chat_only``; ``efforts_by_id`` decides for the ids it names.
        """
        reasoning = self._group("reasoning")
        by_id = reasoning.get("efforts_by_id")
        if isinstance(by_id, dict) and model in by_id:
            return _words(by_id[model], EFFORTS)
        responses = _words(reasoning.get("efforts_responses"), EFFORTS)
        if api == "responses":
            return responses
        if "efforts_chat" in reasoning:
            return _words(reasoning.get("efforts_chat"), EFFORTS)
        if responses is None:
            return None
        chat_only = _words(reasoning.get("rejected_chat_only"), EFFORTS) or ()
        return tuple(v for v in responses if v not in chat_only)

    @property
    def default_effort(self) -> str | None:
        value = self._group("reasoning").get("default")
        return value if value in EFFORTS else None

    @property
    def token_param(self) -> str | None:
        value = self.raw.get("token_param")
        return value if value in ("max_completion_tokens_only", "both") else None

    def sampling(self, name: str) -> str | None:
        """accepted | default_only | when_effort_none | rejected for one of :data:`SAMPLING`; None when unknown."""
        value = self._group("sampling").get(name)
        return value if value in ("accepted", "default_only", "when_effort_none", "rejected") else None

    @property
    def verbosity(self) -> tuple[str, ...] | str | None:
        """The accepted verbosity values, ``"rejected"``, or None when unknown."""
        raw = self.raw.get("verbosity")
        return "rejected" if raw == "rejected" else _words(raw, ("low", "medium", "high"))

    @property
    def tools_rule(self) -> str | None:
        rule = self._group("chat_tools_with_reasoning").get("rule")
        return None if rule in (None, "unknown") else str(rule)

    def tools(self, key: str) -> str:
        return str(self._group("chat_tools_with_reasoning").get(key, "") or "")


@record(frozen=True)
class ParamMatch:
    """A model id and its per-model parameter row (None: only the catch-all row matches)."""

    normalised: Normalised
    row: ParamRow | None


def _entry(index: int, raw: dict[str, Any]) -> Entry:
    conflicts = []
    for c in raw.get("conflicts") or ():
        says = tuple(col for col in ("flex", "priority") if col in c)
        conflicts.append(Conflict(c["source"], c["note"], _verdict(c.get("flex")), _verdict(c.get("priority")), says))
    overrides = {
        str(k): Override(_verdict(v.get("priority")), tuple(v.get("sources") or ()))
        for k, v in (raw.get("priority_overrides") or {}).items()
    }
    return Entry(
        index=index,
        id=str(raw["id"]),
        pattern=raw["pattern"],
        flex=_verdict(raw["flex"]),
        priority=_verdict(raw["priority"]),
        confidence=raw["confidence"],
        sources=tuple(raw.get("sources") or ()),
        family=raw.get("family"),
        examples=tuple(str(e) for e in raw.get("examples") or ()),
        notes=str(raw.get("notes", "")).strip(),
        conflicts=tuple(conflicts),
        priority_overrides=overrides,
        fallback=bool(raw.get("fallback")),
    )


@lru_cache(maxsize=None)
def catalog() -> Catalog:
    """The shipped catalog, parsed and compiled once per process."""
    return Catalog(load_yaml(CATALOG))
