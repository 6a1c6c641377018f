"""The model catalog: which OpenAI models offer flex and priority, and why we think so.

``schemas/models.yaml`` is data (validated by ``schemas/models.schema.json``
in the tests); this module loads it once per process, compiles its patterns
once, and answers two questions for any model id as an app writes it:
which entry matches (after normalising the id: case, route prefixes such as
``openai/`` or ``openrouter/openai/``, variant suffixes such as ``:free``,
dated snapshots) and what that entry says for a tier, with its sources.
Nothing here knows about files or dialects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, Optional

from .data import load_yaml
from .tiers import Column

CATALOG = "models.yaml"
SCHEMA = "models.schema.json"

Verdict = Optional[bool]  # True offers the tier, False does not, None unknown
Route = Literal["openai", "azure", "other"]


def verdict_word(value: Verdict) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def _verdict(raw: Any) -> Verdict:
    return raw if isinstance(raw, bool) else None


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    ref: str
    kind: str
    date: str = ""


@dataclass(frozen=True)
class Conflict:
    source: str
    note: str
    flex: Verdict = None
    priority: Verdict = None
    says: tuple[str, ...] = ()  # the columns this source disagrees on


@dataclass(frozen=True)
class Override:
    priority: Verdict
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    index: int  # 1-based position in the catalog: first match wins
    id: str
    pattern: str
    regex: re.Pattern[str] = field(repr=False, compare=False)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Ruling:
    """The catalog's verdict for one model and one tier column, and where it comes from."""

    value: Verdict
    sources: tuple[str, ...]
    override: str | None = None  # the priority_overrides key that decided it


@dataclass(frozen=True)
class Match:
    normalised: Normalised
    entry: Entry

    def ruling(self, column: Column) -> Ruling:
        if column == "priority":
            override = self.entry.priority_overrides.get(self.normalised.undated)
            if override is not None:
                return Ruling(override.priority, override.sources, self.normalised.undated)
        return Ruling(self.entry.column(column), self.entry.sources)


_VERSION = re.compile(r"^(?:gpt-(\d+)(?:\.(\d+))?[a-z]*|o(\d+))(?:-(.+))?$")


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
            if entry.regex.fullmatch(norm.id):
                return Match(norm, entry)
        return Match(norm, self.entries[-1])  # unreachable with a `.*` fallback; kept total

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
        regex=re.compile(raw["pattern"]),
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
