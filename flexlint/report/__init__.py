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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from ..core.diagnostics import Diagnostic

if TYPE_CHECKING:
    from ..knowledge.rules import Rule

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
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


def format_json(diagnostics: Iterable[Diagnostic], context: ReportContext | None = None) -> str:
    return json.dumps([d.to_json() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"


def format_sarif(diagnostics: Iterable[Diagnostic], context: ReportContext | None = None) -> str:
    from .sarif import format_sarif as fmt

    return fmt(list(diagnostics), context or ReportContext())


def format_github(diagnostics: Iterable[Diagnostic], context: ReportContext | None = None) -> str:
    from .github import format_github as fmt

    return fmt(diagnostics)


def one_line(text: str) -> str:
    return " ".join(text.split())


_one_line = one_line  # older name

FORMATS: dict[str, Callable[..., str]] = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
}


def exit_code(diagnostics: Iterable[Diagnostic], unreadable: bool, strict: bool = False) -> int:
    """0 clean (warnings pass unless strict), 1 findings, 2 unreadable input."""
    if unreadable:
        return EXIT_ERROR
    failing = {"error", "warning"} if strict else {"error"}
    return EXIT_FINDINGS if any(d.severity in failing for d in diagnostics) else EXIT_OK
