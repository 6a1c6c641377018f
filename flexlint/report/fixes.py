"""What fixing did, for people: unified diffs (``--diff``), the fixes made (``--show-fixes``), counts."""

from __future__ import annotations

import difflib
from collections import Counter
from typing import Iterable, Sequence

from ..core.diagnostics import Diagnostic
from ..knowledge.secrets import redact, redact_source
from .frame import Painter


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file, as `git diff` shows it (``a/`` and ``b/`` are not added).

    Lines are masked as code frames are: a fix may sit on the line that holds
    an API key, and a diff is printed, so it must not show it. The diff is for
    reading; ``--fix`` writes the file itself.
    """
    shown = redact(path)
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=shown, tofile=shown
    )
    out = []
    for line in lines:
        if line[:1] in (" ", "-", "+") and not line.startswith(("--- ", "+++ ")):
            end = len(line) - len(line.rstrip("\r\n"))
            line = line[0] + redact_source(line[1:len(line) - end]) + line[len(line) - end:]
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def fixes_listing(fixed: Sequence[Diagnostic], verb: str = "Fixed") -> str:
    """`Fixed 3 problems:` then, per file, how many of each rule (as ruff's --show-fixes)."""
    if not fixed:
        return ""
    per_file: dict[str, Counter[tuple[str, str]]] = {}
    for d in fixed:
        per_file.setdefault(d.path, Counter())[(d.code, d.rule)] += 1
    out = [f"{verb} {_plural(len(fixed), 'problem')}:"]
    for path in sorted(per_file):
        out.append(f"- {path}:")
        counts = per_file[path]
        width = max(len(str(n)) for n in counts.values())
        for (code, rule), n in sorted(counts.items()):
            out.append(f"    {n:>{width}} × {code} ({rule})")
    return "\n".join(out) + "\n"


def fixable_note(diagnostics: Iterable[Diagnostic], unsafe: bool, color: bool = False) -> str:
    """`2 fixable with --fix (1 more with --unsafe-fixes).` for a run that did not fix; '' when none is."""
    safe = hidden = 0
    for d in diagnostics:
        if d.autofix is None:
            continue
        if d.autofix.safety == "safe" or unsafe:
            safe += 1
        else:
            hidden += 1
    if not safe and not hidden:
        return ""
    paint = Painter(color)
    flag = "--fix --unsafe-fixes" if unsafe else "--fix"
    parts = []
    if safe:
        parts.append(f"{paint(str(safe), 'bold')} fixable with {flag}")
    if hidden:
        more = f"{hidden} more" if safe else f"{hidden} fixable"
        parts.append(f"{more} with --fix --unsafe-fixes (the fix changes what is sent)")
    return "; ".join(parts) + "."


def fixed_note(fixed: int, remaining: int, would: bool = False) -> str:
    """`3 fixed, 14 remaining.` (``would``: for --diff, nothing was written)."""
    if would:
        return f"{_plural(fixed, 'problem')} would be fixed, {remaining} would remain."
    return f"{fixed} fixed, {remaining} remaining."
