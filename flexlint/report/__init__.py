"""Formatting diagnostics, and the exit code they mean.

Formats are pure functions from a sorted list of diagnostics to text, so
the same input gives the same bytes whatever order files were linted in.
"""

from __future__ import annotations

import json
from typing import Callable, Iterable

from ..diagnostics import Diagnostic

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    """`path:line:col: severity: message [CODE slug]`, one per line (editors, vim errorformat)."""
    return "".join(
        f"{d.path}:{d.line}:{d.column}: {d.severity}: {_one_line(d.message)} [{d.code} {d.rule}]\n"
        for d in diagnostics
    )


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


FORMATS: dict[str, Callable[[list[Diagnostic]], str]] = {
    "text": format_text,
    "json": format_json,
}


def exit_code(diagnostics: Iterable[Diagnostic], unreadable: bool, strict: bool = False) -> int:
    """0 clean (warnings pass unless strict), 1 findings, 2 unreadable input."""
    if unreadable:
        return EXIT_ERROR
    failing = {"error", "warning"} if strict else {"error"}
    return EXIT_FINDINGS if any(d.severity in failing for d in diagnostics) else EXIT_OK
