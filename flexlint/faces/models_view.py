"""`flexlint models`: the model catalog as a table or JSON, and why a model id matches an entry.

Pure functions from the loaded catalog to text or JSON-ready data, so the
command line stays a thin wrapper and tests can call them directly.
"""

from __future__ import annotations

from typing import Any

from ..knowledge.catalog import Catalog, Entry, Match, Ruling, Source, catalog, verdict_word
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
        "parameters": parameters_json(cat, model),
    }


def parameters_json(cat: Catalog, model: str) -> dict[str, Any] | None:
    """The model's parameter row as researched (every field, its confidence and sources), or None."""
    match = cat.parameters(model)
    row = match.row
    if row is None:
        return None
    return {
        "index": row.index,
        **row.raw,
        "sources": [_param_source_json(cat, key) for key in row.sources],
        "azure_tiers": azure_tiers(cat, match.normalised.undated) or None,
        "effective": {
            "efforts_responses": _list(row.efforts("responses", match.normalised.undated)),
            "efforts_chat": _list(row.efforts("chat", match.normalised.undated)),
            "default_effort": row.default_effort,
        },
    }


def azure_tiers(cat: Catalog, model: str) -> str:
    """What Azure OpenAI's own tables say about the model's tiers (Global Standard deployments), in words."""
    tables = cat.data.get("azure_parameters") or {}
    said = []
    for column in ("flex", "priority"):
        table = tables.get(column) or {}
        rows = [r for r in table.get("models") or () if r.get("model") == model]
        if rows:
            said.append(f"{column} yes (version {rows[0].get('version')}, {table.get('doc')} {table.get('doc_date')})")
        elif table.get("models"):
            said.append(f"{column} no ({table.get('doc')} {table.get('doc_date')} does not list it)")
    return "; ".join(said)


def _list(values: tuple[str, ...] | None) -> list[str] | None:
    return list(values) if values is not None else None


def _param_source_json(cat: Catalog, key: str) -> dict[str, Any]:
    s = cat.parameter_sources.get(key)
    if s is None:
        return {"key": key}
    return {"key": key, "title": s.title, "ref": s.ref, "date": s.date or None, "kind": s.kind}


# Field groups of a parameter row, in the order shown, with the confidence group that covers each.
_ROW_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("status", "status", "status"),
    ("released", "released", ""),
    ("endpoints", "endpoints", "endpoints"),
    ("reasoning", "reasoning", "reasoning"),
    ("tokens", "token_param", "reasoning"),
    ("max output", "max_output_tokens", ""),
    ("sampling", "sampling", "sampling"),
    ("verbosity", "verbosity", "verbosity"),
    ("tools (Chat)", "chat_tools_with_reasoning", "tools"),
    ("tiers", "tiers", "tiers"),
)


def _words(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_words(v) for v in value) or "-"
    if isinstance(value, dict):
        return "; ".join(f"{k} {_words(v)}" for k, v in value.items())
    return str(value)


def parameters_text(cat: Catalog, model: str) -> list[str]:
    """The parameter row in lines: every field group with its confidence, conflicts, notes and sources."""
    match = cat.parameters(model)
    row = match.row
    if row is None:
        return ["", "  parameters   no row: flexlint does not judge this model's parameters"]
    out = ["", f"  parameters   row #{row.index} {row.id} (researched {cat.parameters_researched})"]
    for label, key, group in _ROW_FIELDS:
        if key not in row.raw:
            continue
        value = row.raw[key]
        conf = row.confidence(group) if group else None
        suffix = f"  [{conf} confidence]" if conf else ""
        if key == "reasoning" and isinstance(value, dict):
            undated = match.normalised.undated
            responses, chat = row.efforts("responses", undated), row.efforts("chat", undated)
            lines = [
                f"efforts on Responses: {_words(list(responses)) if responses is not None else _words(value.get('efforts_responses', 'unknown'))}",
                f"efforts on Chat: {_words(list(chat)) if chat is not None else 'unknown'}",
                f"default effort: {value.get('default', 'unknown')}",
            ]
            if "reasoning_model" in value and value.get("reasoning_model") is not True:
                lines.insert(0, f"reasoning model: {_words(value['reasoning_model'])}")
            if value.get("rejected"):
                lines.append(f"refused: {_words(value['rejected'])}")
            out.append(f"  {label:<12} {lines[0]}{suffix}")
            out += [f"  {'':<12} {line}" for line in lines[1:]]
            continue
        if key == "chat_tools_with_reasoning" and isinstance(value, dict):
            out.append(f"  {label:<12} {value.get('rule', 'unknown')}{suffix}")
            for extra in ("error", "effort_omitted_with_tools", "note"):
                if value.get(extra):
                    out.append(f"  {'':<12} {extra.replace('_', ' ')}: {value[extra]}")
            continue
        out.append(f"  {label:<12} {_words(value)}{suffix}")
    azure = azure_tiers(cat, match.normalised.undated)
    if azure:
        out.append(f"  tiers Azure  {azure}")
    for key in ("flex_overrides", "priority_overrides", "ultrafast_overrides"):
        for ident, override in (row.raw.get(key) or {}).items():
            out.append(f"  {'= ' + ident:<12} {_words(override)}")
    for item in row.raw.get("other_params") or ():
        out.append(f"  also         {item}")
    for item in row.conflicts:
        out.append(f"  conflict     {item}")
    if row.raw.get("notes"):
        out.append(f"  notes        {row.raw['notes']}")
    if row.sources:
        out += ["", "  parameter sources", *_source_lines(row.sources, cat.parameter_sources)]
    return out


def _source_lines(keys: list[str] | tuple[str, ...], sources: dict[str, Source]) -> list[str]:
    """Each source as two lines: key, title, kind and date; then its reference."""
    out: list[str] = []
    width = max(len(k) for k in keys)
    for key in keys:
        s = sources.get(key)
        if s is None:
            out.append(f"    {key}")
            continue
        when = f", {s.date}" if s.date else ""
        out.append(f"    {key:<{width}}  {s.title} [{s.kind}{when}]")
        out.append(f"    {'':<{width}}  {s.ref}")
    return out


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
        out += ["", "  sources", *_source_lines(keys, cat.sources)]
    out += parameters_text(cat, model)
    return "\n".join(out) + "\n"
