"""`flexlint models`: the model catalog as a table or JSON, and why a model id matches an entry.

Pure functions from the loaded catalog to text or JSON-ready data, so the
command line stays a thin wrapper and tests can call them directly.
"""

from __future__ import annotations

from typing import Any

from ..knowledge.catalog import Catalog, Entry, Match, Ruling, catalog, verdict_word
from ..knowledge.tiers import Column

COLUMNS: tuple[Column, ...] = ("flex", "priority")
PATTERN_WIDTH = 56


def _yaml_verdict(value: bool | None) -> bool | str:
    return "unknown" if value is None else value


def offers(entry: Entry, column: Column) -> bool:
    """The entry, or one of its per-id overrides, offers the tier."""
    if entry.column(column) is True:
        return True
    return column == "priority" and any(o.priority is True for o in entry.priority_overrides.values())


def entry_json(cat: Catalog, entry: Entry) -> dict[str, Any]:
    return {
        "index": entry.index,
        "id": entry.id,
        "family": entry.family,
        "pattern": entry.pattern,
        "flex": _yaml_verdict(entry.flex),
        "priority": _yaml_verdict(entry.priority),
        "confidence": entry.confidence,
        "sources": [_source_json(cat, key) for key in entry.sources],
        "notes": entry.notes or None,
        "conflicts": [
            {"source": c.source, **{col: _yaml_verdict(getattr(c, col)) for col in c.says}, "note": c.note}
            for c in entry.conflicts
        ],
        "priority_overrides": {
            key: {"priority": _yaml_verdict(o.priority), "sources": list(o.sources)}
            for key, o in entry.priority_overrides.items()
        },
        "examples": list(entry.examples),
        "fallback": entry.fallback,
    }


def _source_json(cat: Catalog, key: str) -> dict[str, Any]:
    s = cat.sources.get(key)
    if s is None:
        return {"key": key}
    return {"key": key, "title": s.title, "ref": s.ref, "date": s.date or None, "kind": s.kind}


def table_json(tier: Column | None = None) -> list[dict[str, Any]]:
    cat = catalog()
    return [entry_json(cat, e) for e in cat.entries if tier is None or offers(e, tier)]


def table_text(tier: Column | None = None) -> str:
    cat = catalog()
    rows: list[tuple[str, ...]] = [("PATTERN", "FLEX", "PRIORITY", "CONFIDENCE", "SOURCES")]
    count = 0
    for entry in cat.entries:
        if tier is not None and not offers(entry, tier):
            continue
        count += 1
        first, *rest = _wrap_pattern(entry.pattern)
        rows.append((first, verdict_word(entry.flex), verdict_word(entry.priority), entry.confidence,
                     ", ".join(entry.sources) or "-"))
        rows += [(part, "", "", "", "") for part in rest]
        for key, o in entry.priority_overrides.items():
            if tier is None or o.priority is True:
                rows.append((f"  = {key}", "", verdict_word(o.priority), "", ", ".join(o.sources)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)) + "  " + r[-1] for r in rows]
    what = f"entries that offer {tier}" if tier else "entries, first match wins"
    lines += [
        "",
        f"{count} {what}; researched {cat.researched}. `=` rows are per-id priority verdicts.",
        "`flexlint models MODEL_ID` explains a match; sources: `flexlint models --format json`.",
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _wrap_pattern(pattern: str, width: int = PATTERN_WIDTH) -> list[str]:
    """A long pattern over several lines, cut before a top-level `|` so each line is one alternative set."""
    if len(pattern) <= width:
        return [pattern]
    pieces, depth, last = [], 0, 0
    for i, ch in enumerate(pattern):
        if ch == "\\":
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0 and pattern[i - 1] != "\\":
            pieces.append(pattern[last:i])
            last = i
    pieces.append(pattern[last:])
    lines = [""]
    for piece in pieces:
        if lines[-1] and len(lines[-1]) + len(piece) > width:
            lines.append("  " + piece)
        else:
            lines[-1] += piece
    return lines


def explain_json(model: str) -> dict[str, Any]:
    cat = catalog()
    match = cat.match(model)
    norm = match.normalised
    return {
        "model": model,
        "normalised": norm.id,
        "undated": norm.undated,
        "snapshot_date": norm.date,
        "steps": list(norm.steps),
        "route": norm.route,
        "entry": entry_json(cat, match.entry),
        "not_matched_before": match.entry.index - 1,
        "also_matched_by": [e.id for e in _later_matches(cat, match)],
        **{col: _ruling_json(match.ruling(col)) for col in COLUMNS},
    }


def _ruling_json(r: Ruling) -> dict[str, Any]:
    return {"value": _yaml_verdict(r.value), "sources": list(r.sources), "override": r.override}


def _later_matches(cat: Catalog, match: Match) -> list[Entry]:
    return [e for e in cat.entries[match.entry.index:] if e.regex.fullmatch(match.normalised.id)]


def explain_text(model: str) -> str:
    cat = catalog()
    match = cat.match(model)
    norm, entry = match.normalised, match.entry
    route = norm.route
    out = [model, ""]
    if norm.steps:
        out.append(f"  normalised   {norm.id}")
        out += [f"               - {step}" for step in norm.steps]
    else:
        out.append(f"  normalised   {norm.id} (unchanged)")
    if route == "azure":
        out.append(f"  served by    Azure OpenAI: `{norm.id}` is a deployment name; the lint check "
                   "judges the model behind it when the file names it (Azure's own tables), else gives no verdict")
    elif route == "other":
        out.append(f"  served by    {'/'.join(norm.prefixes)}, not OpenAI: the lint check gives no verdict")
    earlier = entry.index - 1
    tried = f"entries 1-{earlier} do not match" if earlier > 1 else ("entry 1 does not match" if earlier else "")
    if entry.fallback:
        out.append(f"  entry        none: no pattern matches (only the final catch-all `{entry.pattern}`)")
    else:
        family = cat.family_label(entry)
        out.append(f"  entry        #{entry.index} {entry.id} ({family}), the first match" + (f"; {tried}" if tried else ""))
        out.append(f"  pattern      {entry.pattern}")
    later = [e for e in _later_matches(cat, match) if not e.fallback]
    if later:
        out.append(f"  also matches {', '.join(f'#{e.index} {e.id}' for e in later)} (not used: the first match wins)")
    for col in COLUMNS:
        r = match.ruling(col)
        if entry.fallback:
            why = "no catalog entry"
        else:
            basis = f"per-id verdict for {r.override}" if r.override else (
                f"confidence {entry.confidence}" if col == "flex" else "entry verdict")
            why = f"{basis}; {', '.join(r.sources) or 'no source has data'}"
        out.append(f"  {col:<12} {verdict_word(r.value):<8} ({why})")
    for c in entry.conflicts:
        says = ", ".join(f"{col} {verdict_word(getattr(c, col))}" for col in c.says)
        out.append(f"  conflict     {c.source} says {says}: {c.note}")
    if entry.notes:
        out.append(f"  notes        {entry.notes}")
    keys = list(dict.fromkeys([*entry.sources, *(k for o in entry.priority_overrides.values() for k in o.sources),
                               *(c.source for c in entry.conflicts)]))
    if keys:
        out += ["", "  sources"]
        width = max(len(k) for k in keys)
        for key in keys:
            s = cat.sources.get(key)
            if s is None:
                out.append(f"    {key}")
                continue
            when = f", {s.date}" if s.date else ""
            out.append(f"    {key:<{width}}  {s.title} [{s.kind}{when}]")
            out.append(f"    {'':<{width}}  {s.ref}")
    return "\n".join(out) + "\n"
