"""Applying fixes: in rounds until nothing changes, checked after every round, written only when sure.

Every face applies fixes here (``--fix``, ``--diff``, the language server's
code actions), so each produces the same bytes for the same file.

A round takes the fixable findings of the text, keeps the fixes whose edits
do not overlap (the others wait for the next round, when they are found
again in the new text), applies them and lints the result. The result must
still read: when it does not, each fix of the round is tried alone and the
ones that break the file are dropped and reported. Rounds stop when no fix
is left (at most :data:`MAX_ROUNDS`); a round that brings back a text seen
before means two fixes undo each other, and then nothing is changed.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from ..core.diagnostics import Diagnostic
from ..core.document import SourceError
from ..core.edits import Edit, Fix
from .engine import FileResult, lint_bytes

if TYPE_CHECKING:
    from ..config.selection import Selection
    from .paths import Options

MAX_ROUNDS = 10

Lint = Callable[[str], FileResult]  # the findings of a text of this file, as the run filters them
Visible = Callable[[list[Diagnostic]], list[Diagnostic]]


@dataclass
class Outcome:
    """What fixing one text did."""

    text: str  # the fixed text (the original when nothing was applied)
    fixed: list[Diagnostic] = field(default_factory=list)  # findings whose fix was applied
    remaining: list[Diagnostic] = field(default_factory=list)  # the findings of the fixed text
    notes: list[str] = field(default_factory=list)  # fixes dropped, and why
    unreadable: bool = False  # the original text could not be read: nothing was tried
    rounds: list[tuple[Edit, ...]] = field(default_factory=list)  # the edits applied, round by round

    @property
    def changed(self) -> bool:
        return bool(self.fixed)


def applicable(diagnostics: Iterable[Diagnostic], path: str, unsafe: bool) -> list[Diagnostic]:
    """The findings of ``path`` whose fix this run may apply."""
    return [
        d for d in diagnostics
        if d.autofix is not None and d.path == path and (unsafe or d.autofix.safety == "safe")
    ]


def choose(diagnostics: list[Diagnostic]) -> tuple[list[Fix], list[Diagnostic]]:
    """Fixes that can be applied together (first in the text wins), and the findings they fix."""
    by_edits: dict[tuple[Edit, ...], list[Diagnostic]] = {}
    for d in diagnostics:
        by_edits.setdefault(d.autofix.edits, []).append(d)  # type: ignore[union-attr]
    taken: list[Edit] = []  # no two overlap, so sorted by start they are sorted by end too
    starts: list[int] = []
    fixes: list[Fix] = []
    fixed: list[Diagnostic] = []
    for edits, found in sorted(by_edits.items(), key=lambda kv: (kv[0][0].start, kv[0][0].end)):
        if any(_clashes(taken, starts, e) for e in edits):
            continue
        for e in edits:
            i = bisect_left(starts, e.start)
            taken.insert(i, e)
            starts.insert(i, e.start)
        fixes.append(found[0].autofix)  # type: ignore[arg-type]
        fixed.extend(found)
    return fixes, fixed


def _clashes(taken: list[Edit], starts: list[int], edit: Edit) -> bool:
    """Only the edit before and the first ones after can overlap (an overlap further right overlaps those)."""
    i = bisect_left(starts, edit.start)
    return any(taken[j].overlaps(edit) for j in range(max(i - 1, 0), min(i + 2, len(taken))))


def apply_fixes(text: str, fixes: Iterable[Fix]) -> str:
    from ..sources.editing import apply

    return apply(text, [e for fix in fixes for e in fix.edits])


def fix_text(text: str, path: str, lint: Lint, *, unsafe: bool = False, first: FileResult | None = None) -> Outcome:
    """Fix ``text`` (the content of ``path``) in rounds; ``lint`` gives the findings of a version of it."""
    result = first if first is not None else lint(text)
    if result.unreadable:
        return Outcome(text, remaining=result.diagnostics, unreadable=True)
    original, original_findings = text, result.diagnostics
    outcome = Outcome(text, remaining=result.diagnostics)
    seen = {text}
    refused: set[tuple[Edit, ...]] = set()
    for _ in range(MAX_ROUNDS):
        candidates = [d for d in applicable(result.diagnostics, path, unsafe) if d.autofix.edits not in refused]  # type: ignore[union-attr]
        if not candidates:
            return outcome
        fixes, fixed = choose(candidates)
        new_text = apply_fixes(text, fixes)
        new_result = lint(new_text)
        if new_result.unreadable:
            fixes, fixed = _readable_ones(text, fixes, fixed, lint, refused, outcome)
            if not fixes:
                continue
            new_text = apply_fixes(text, fixes)
            new_result = lint(new_text)
            if new_result.unreadable:  # each alone reads, together they do not: one per round
                fixes = fixes[:1]
                fixed = [d for d in fixed if d.autofix.edits == fixes[0].edits]  # type: ignore[union-attr]
                new_text = apply_fixes(text, fixes)
                new_result = lint(new_text)
        if new_text in seen:  # a fix undoes another: leave the file as it was
            rules = ", ".join(sorted({d.rule for d in outcome.fixed + fixed}))
            note = f"the fixes of {rules} undo each other here, so none was applied (please report this)"
            return Outcome(original, remaining=original_findings, notes=outcome.notes + [note])
        seen.add(new_text)
        text, result = new_text, new_result
        outcome.text, outcome.remaining = text, result.diagnostics
        outcome.fixed.extend(fixed)
        outcome.rounds.append(tuple(sorted((e for f in fixes for e in f.edits), key=lambda e: (e.start, e.end))))
    if applicable(result.diagnostics, path, unsafe):
        outcome.notes.append(f"fixes were still being found after {MAX_ROUNDS} rounds; run flexlint --fix again")
    return outcome


def _readable_ones(
    text: str, fixes: list[Fix], fixed: list[Diagnostic], lint: Lint, refused: set, outcome: Outcome
) -> tuple[list[Fix], list[Diagnostic]]:
    """The fixes of a round after which the text still reads, each tried alone; the others are dropped."""
    good: list[Fix] = []
    for fix in fixes:
        if lint(apply_fixes(text, [fix])).unreadable:
            refused.add(fix.edits)
            outcome.notes.append(f"{fix.title} ({fix.rule}) was not applied: the file would no longer read")
        else:
            good.append(fix)
    keep = {f.edits for f in good}
    return good, [d for d in fixed if d.autofix.edits in keep]  # type: ignore[union-attr]


# ------------------------------------------------------------------ files


@dataclass
class FileFix:
    """Fixing one file: what changed, what remains, and whether it was written."""

    path: str
    outcome: Outcome
    original: bytes
    fixed: bytes | None = None  # the new content, when something was fixed
    written: bool = False

    @property
    def notes(self) -> list[str]:
        return self.outcome.notes


FileLinter = Callable[[str, bytes], FileResult]  # (path, content) -> the findings the run shows for it


def fix_bytes(path: str, data: bytes, linter: FileLinter, *, unsafe: bool = False) -> FileFix:
    """Fix a file's content in memory; the result keeps the file's encoding, BOM and line breaks."""
    from ..sources.text import decode, encode_like

    try:
        text = decode(data)
    except SourceError:
        return FileFix(path, Outcome("", unreadable=True), data)

    def lint(version: str) -> FileResult:
        return linter(path, data if version is text else encode_like(version, data))

    outcome = fix_text(text, path, lint, unsafe=unsafe)
    if not outcome.changed:
        return FileFix(path, outcome, data)
    try:
        fixed = encode_like(outcome.text, data)
        if decode(fixed) != outcome.text:
            raise ValueError("the fixed text does not read back the same")
    except (UnicodeError, ValueError, SourceError) as exc:
        outcome = Outcome(text, remaining=lint(text).diagnostics, notes=[f"not fixed: the result cannot be saved in the file's encoding ({exc})"])
        return FileFix(path, outcome, data)
    return FileFix(path, outcome, data, fixed)


def fix_files(paths: Iterable[str], linter: FileLinter, *, unsafe: bool = False, write: bool = True) -> list[FileFix]:
    """Fix files on disk (``write``: replace each that changed; else only compute the new content)."""
    from .writing import NotWritten, replace_if_unchanged

    out = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            out.append(FileFix(path, Outcome("", notes=[f"not fixed: cannot read it ({exc.strerror or exc})"]), b""))
            continue
        result = fix_bytes(path, data, linter, unsafe=unsafe)
        if write and result.fixed is not None:
            try:
                replace_if_unchanged(path, data, result.fixed)
                result.written = True
            except NotWritten as exc:
                result.outcome.notes.append(f"not written: {exc}")
        out.append(result)
    return out


def file_linter(options: "Options | None" = None, selection: "Selection | None" = None,
                visible: Visible | None = None) -> FileLinter:
    """Lint a version of a file the way the run linted it: its configuration's rules and JSON-path ignores,
    then ``visible`` (a baseline's filter), so a fix is applied only to a finding the run shows."""
    from .paths import Options, make_resolver

    resolver = make_resolver(options or Options()) if selection is None else None

    def lint(path: str, data: bytes) -> FileResult:
        keep = None
        if resolver is not None:
            plan = resolver.plan(Path(path))
            chosen, keep = plan.selection_for(Path(path)), plan.keep
        else:
            chosen = selection.for_path(path)  # type: ignore[union-attr]
        result = lint_bytes(path, data, chosen)
        if keep is not None:
            result.diagnostics = [d for d in result.diagnostics if keep(d)]
        if visible is not None:
            result.diagnostics = visible(result.diagnostics)
        return result

    return lint
