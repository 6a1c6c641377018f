"""The closing line of a human run, and `--statistics` (counts per rule)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Iterable, Sequence

from ..core.diagnostics import SEVERITIES, Diagnostic
from .frame import SEVERITY_COLOR, Painter


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def summary_line(
    diagnostics: Sequence[Diagnostic], files: int, hidden: int = 0, color: bool = False, looked_at: int | None = None
) -> str:
    """`Found 3 problems (2 errors, 1 warning, 0 info) in 5 files.` or a clean-run line.

    ``looked_at`` is how many files a walk considered: when none of them was
    worth reading, the line says so rather than "in 0 files".
    """
    paint = Painter(color)
    counts = Counter(d.severity for d in diagnostics)
    checked = _plural(files, "file")
    tail = f" ({_plural(hidden, 'known problem')} hidden by the baseline)" if hidden else ""
    if not diagnostics:
        clean = paint("No problems", "bold", "green")
        if files == 0 and looked_at:
            what = "the file looked at mentions nothing" if looked_at == 1 else \
                f"none of the {looked_at} files looked at mentions anything"
            return f"{clean}: {what} flexlint checks.{tail}\n"
        if files == 0:
            from ..sources import SUFFIXES

            return f"{clean}: no files to check (flexlint reads {', '.join(sorted(SUFFIXES))}).{tail}\n"
        return f"{clean} in {checked}.{tail}\n"
    parts = ", ".join(
        paint(_plural(counts[s], s), SEVERITY_COLOR[s]) if counts[s] else _plural(counts[s], s) for s in SEVERITIES
    )
    found = paint(f"Found {_plural(len(diagnostics), 'problem')}", "bold")
    return f"{found} ({parts}) in {checked}.{tail}\n"


def statistics(diagnostics: Iterable[Diagnostic], fmt: str) -> str:
    """Findings counted per rule, most frequent first (like `ruff --statistics`)."""
    counts: Counter[tuple[str, str, str]] = Counter((d.code, d.rule, d.severity) for d in diagnostics)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if fmt == "json":
        data = [{"code": c, "rule": r, "severity": s, "count": n} for (c, r, s), n in rows]
        return json.dumps(data, indent=2) + "\n"
    if not rows:
        return ""
    width = max(len(str(n)) for _, n in rows)
    slug_width = max(len(r) for (_, r, _), _ in rows)
    return "".join(f"{n:>{width}}  {c:<6}  {r:<{slug_width}}  {s}\n" for (c, r, s), n in rows)
