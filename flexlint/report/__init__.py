"""Formatting diagnostics, and the exit code they mean.

Formats are pure functions from a sorted list of diagnostics (and a
:class:`ReportContext` for what some formats also need: the rules for SARIF,
source text for code frames) to text, so the same input gives the same bytes
whatever order files were linted in. One module per format; the one-line
``text`` format lives here because every other human view starts from it.
"""

from __future__ import annotations

import json
import os
from dataclasses import field
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from ..core.diagnostics import Diagnostic
from ..core.records import record

if TYPE_CHECKING:
    from ..knowledge.rules import Rule

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@record
class ReportContext:
    """What a format may need beyond the diagnostics themselves."""

    rules: Sequence["Rule"] = ()  # every rule of the run (SARIF lists them)
    show_source: bool = False  # code frame with a caret and a help line under each finding
    color: bool = False
    sources: Callable[[str], "str | None"] = lambda path: None  # path -> text, for code frames
    root: str = field(default_factory=os.getcwd)  # paths are relative to this (SARIF %SRCROOT%)
    unreadable: bool = False  # some input could not be read (SARIF: execution not successful)


def format_text(diagnostics: Iterable[Diagnostic], context: ReportContext | None = None) -> str:
    """`path:line:col: severity: message [CODE slug]`, one per line (editors, vim errorformat).

    With ``context.show_source`` each line is followed by a code frame (see
    :mod:`flexlint.report.frame`); the first line of every finding is the same either way.
    """
    context = context or ReportContext()
    if context.show_source or context.color:
        from .frame import format_full

        return format_full(diagnostics, context)
    return "".join(header(d) + "\n" for d in diagnostics)


def header(d: Diagnostic) -> str:
    return f"{d.path}:{d.line}:{d.column}: {d.severity}: {one_line(d.message)} [{d.code} {d.rule}]"


def format_pylint(diagnostics: Iterable[Diagnostic], context: ReportContext | None = None) -> str:
    """pylint's `parseable` lines, `path:line: [CODE(rule), ] message`, for tools that read pylint output."""
    return "".join(f"{d.path}:{d.line}: [{d.code}({d.rule}), ] {one_line(d.message)}\n" for d in diagnostics)


def format_json(diagnostics: Iterable[Diagnostic], context: ReportContext | None = None) -> str:
    return json.dumps([d.to_json() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"


def format_json_lines(diagnostics: Iterable[Diagnostic], context: ReportContext | None = None) -> str:
    """One JSON object per line, the keys of the `json` format: a finding per line for stream processing."""
    return "".join(json.dumps(d.to_json(), ensure_ascii=False) + "\n" for d in diagnostics)


def format_sarif(diagnostics: Iterable[Diagnostic], context: ReportContext | None = None) -> str:
    from .sarif import format_sarif as fmt

    return fmt(list(diagnostics), context or ReportContext())


def format_github(diagnostics: Iterable[Diagnostic], context: ReportContext | None = None) -> str:
    from .github import format_github as fmt

    return fmt(diagnostics)


def format_gitlab(diagnostics: Iterable[Diagnostic], context: ReportContext | None = None) -> str:
    from .gitlab import format_gitlab as fmt

    return fmt(diagnostics, context or ReportContext())


def format_junit(diagnostics: Iterable[Diagnostic], context: ReportContext | None = None) -> str:
    from .junit import format_junit as fmt

    return fmt(diagnostics, context or ReportContext())


def relative_path(path: str, root: str) -> str:
    """``path`` relative to ``root`` with ``/`` (what CI systems match against the repository); as given otherwise."""
    full = path if os.path.isabs(path) else os.path.join(root, path)
    try:
        rel = os.path.relpath(full, root)
    except ValueError:  # another drive
        return path.replace(os.sep, "/")
    return (path if rel.startswith("..") else rel).replace(os.sep, "/")


def one_line(text: str) -> str:
    return " ".join(text.split())


_one_line = one_line  # older name

# ruff's names (`--output-format`); `text` is flexlint's own default: `concise` on a pipe, `full` on a terminal.
FORMATS: dict[str, Callable[..., str]] = {
    "text": format_text,
    "concise": format_text,
    "full": format_text,
    "json": format_json,
    "json-lines": format_json_lines,
    "junit": format_junit,
    "gitlab": format_gitlab,
    "github": format_github,
    "sarif": format_sarif,
    "pylint": format_pylint,
}
HUMAN_FORMATS = frozenset({"text", "concise", "full"})  # a person reads these: frames, colour, the summary line


def exit_code(diagnostics: Iterable[Diagnostic], unreadable: bool, strict: bool = False) -> int:
    """0 clean (warnings pass unless strict), 1 findings, 2 unreadable input."""
    if unreadable:
        return EXIT_ERROR
    failing = {"error", "warning"} if strict else {"error"}
    return EXIT_FINDINGS if any(d.severity in failing for d in diagnostics) else EXIT_OK
