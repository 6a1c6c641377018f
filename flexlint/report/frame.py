"""The human view: each finding's line, then the source line, a caret under the span and the fix.

    body.json:4:3: error: `serviceTier` is not a parameter of ... [FLX102 wrong-key-casing]
      4 |   "serviceTier": "flex"
        |   ^^^^^^^^^^^^^
        = help: rename `serviceTier` to `service_tier`
    body.json:2:3: note: the place that explains it (when there is one)

The first line is exactly the one-line format, so editors and problem
matchers that read it still work when a person asked for the frames. The
source line goes through :func:`flexlint.secrets.redact` like every other
output, and very long lines (minified exports) are cut to a window around
the finding.
"""

from __future__ import annotations

import unicodedata
from typing import Iterable

from ..core.diagnostics import Diagnostic
from ..knowledge.secrets import redact_source
from . import ReportContext, header
from ..core.regex import lazy

WINDOW_BEFORE = 40  # code points of context kept left of the span on a long line
WINDOW_WIDTH = 120  # longest line shown whole
ELLIPSIS = "…"
LONG_LINE = 4096  # longer lines are cut to a piece around the span before they are redacted
MARGIN = 1024  # characters kept beyond the window on each side, so a value next to it is redacted whole
SEARCH = 4096  # how far the piece is widened to reach a separator
SEPARATORS = frozenset(" \t\"',;{}[]()<>")
_NEWLINE = lazy("\n")

_SGR = {"bold": "1", "dim": "2", "red": "31", "yellow": "33", "cyan": "36", "blue": "34", "green": "32"}
SEVERITY_COLOR = {"error": "red", "warning": "yellow", "info": "cyan"}


class Painter:
    """ANSI styling that is a no-op when colour is off."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, *styles: str) -> str:
        if not self.enabled or not text:
            return text
        codes = ";".join(_SGR[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"


def format_full(diagnostics: Iterable[Diagnostic], context: ReportContext) -> str:
    paint = Painter(context.color)
    out: list[str] = []
    lines = _Lines(context)
    for d in diagnostics:
        out.append(_header(d, paint))
        if context.show_source:
            out.extend(_frame(d, lines, paint))
    return "".join(line + "\n" for line in out)


class _Lines:
    """Source lines by path and number; each file is indexed once, however many findings it has."""

    def __init__(self, context: ReportContext) -> None:
        self.context = context
        self.starts: dict[str, tuple[str, list[int]] | None] = {}

    def get(self, path: str, number: int) -> str | None:
        if path not in self.starts:
            text = self.context.sources(path)
            self.starts[path] = None if text is None else (text, [0] + [m.end() for m in _NEWLINE.finditer(text)])
        found = self.starts[path]
        if found is None:
            return None
        text, starts = found
        if not 1 <= number <= len(starts):
            return None
        end = starts[number] - 1 if number < len(starts) else len(text)
        return text[starts[number - 1] : end].rstrip("\r")


def _header(d: Diagnostic, paint: Painter) -> str:
    if not paint.enabled:
        return header(d)
    plain = header(d)
    location = f"{d.path}:{d.line}:{d.column}:"
    rest = plain[len(location) + len(d.severity) + 3 :]  # after "loc: severity: "
    message, _, tag = rest.rpartition(" [")
    return (
        f"{paint(location, 'bold')} {paint(d.severity + ':', 'bold', SEVERITY_COLOR[d.severity])} "
        f"{message} {paint('[' + tag, 'dim')}"
    )


def _frame(d: Diagnostic, sources: _Lines, paint: Painter) -> list[str]:
    lines: list[str] = []
    source_line = sources.get(d.path, d.line)
    gutter = len(str(d.line))
    bar = paint("|", "blue")
    pad = " " * (gutter + 3)
    if source_line is not None:
        shown, start, end = caret_span(source_line, d)
        number = paint(str(d.line).rjust(gutter), "blue")
        lines.append(f"  {number} {bar} {shown}".rstrip())
        marks = "^" * max(1, end - start)
        lines.append(f"{pad}{bar} {' ' * start}{paint(marks, 'bold', SEVERITY_COLOR[d.severity])}")
    if d.fix:
        lines.append(f"{pad}{paint('=', 'blue')} {paint('help:', 'bold', 'green')} {_squash(d.fix)}")
    for rel in d.related:
        # A note is a location line of its own (as compilers print them), so editors can jump there too.
        lines.append(f"{paint(f'{rel.path}:{rel.line}:{rel.column}:', 'bold')} {paint('note:', 'bold')} {_squash(rel.message)}")
    return lines


def _squash(text: str) -> str:
    return " ".join(text.split())


def caret_span(line: str, d: Diagnostic) -> tuple[str, int, int]:
    """The line as shown (redacted, tabs as spaces, cut to a window) and the caret's cell range.

    Redaction can change lengths, so the caret is placed on the redacted
    line: the redacted prefix before the span locates it (when a secret
    straddles the boundary the caret falls back to the same code point).
    A very long line (a minified export, a backup on one line) is first cut
    to a piece around the span that ends at separators, wide enough that no
    value shown is cut before it is redacted; the work per finding is then
    bounded whatever the length of the line.
    """
    start = min(max(d.column - 1, 0), len(line))
    end = min(d.end_column - 1, len(line)) if d.end_line == d.line else len(line)
    end = max(end, start)
    if len(line) > LONG_LINE:
        line, start, end = _piece(line, start, end)
    shown = redact_source(line)
    if shown != line:
        start, end = _relocate(line, shown, start), _relocate(line, shown, end)
    shown = shown.replace("\t", " ")
    if _width(shown) > WINDOW_WIDTH:
        left = max(0, start - WINDOW_BEFORE)
        right = min(len(shown), left + WINDOW_WIDTH)
        end = min(end, right)  # a span longer than the window is underlined to the cut
        prefix = ELLIPSIS if left > 0 else ""
        suffix = ELLIPSIS if right < len(shown) else ""
        start, end = start - left + len(prefix), end - left + len(prefix)
        shown = prefix + shown[left:right] + suffix
    return shown, _width(shown[:start]), _width(shown[:end])


def _piece(line: str, start: int, end: int) -> tuple[str, int, int]:
    """A part of a long line around [start, end) that starts and ends at a separator (see caret_span)."""
    left = _separator_before(line, max(0, start - WINDOW_BEFORE - MARGIN))
    right = _separator_after(line, min(len(line), max(end, left + WINDOW_WIDTH) + MARGIN))
    prefix = ELLIPSIS if left > 0 else ""
    suffix = ELLIPSIS if right < len(line) else ""
    shift = left - len(prefix)
    return prefix + line[left:right] + suffix, start - shift, min(end, right) - shift


def _separator_before(line: str, at: int) -> int:
    for i in range(at, max(0, at - SEARCH) - 1, -1):
        if i == 0 or line[i - 1] in SEPARATORS:
            return i
    return max(0, at - SEARCH)


def _separator_after(line: str, at: int) -> int:
    for i in range(at, min(len(line), at + SEARCH) + 1):
        if i == len(line) or line[i] in SEPARATORS:
            return i
    return min(len(line), at + SEARCH)


def _relocate(original: str, redacted: str, index: int) -> int:
    head = redact_source(original[:index])
    return len(head) if redacted.startswith(head) else min(index, len(redacted))


def _width(text: str) -> int:
    """Terminal cells: wide East Asian characters and most emoji take two, combining marks none."""
    total = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total
