"""Findings (what a check says) and diagnostics (what the user is shown).

A check produces :class:`Finding` objects that point at nodes; the engine
resolves nodes to positions and attaches the rule's code and severity, which
gives a :class:`Diagnostic`. Keeping the two apart lets checks stay pure and
lets configuration change severities without touching any check.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Literal

from .document import Document, Node
from .records import record

if TYPE_CHECKING:  # fixes are built only where a finding has one
    from .edits import Autofix, Fix

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@record(eq=False)
class RelatedNode:
    """A second place that explains a finding (the setting that wins, the first duplicate)."""

    node: Node
    message: str
    document: Document | None = None  # defaults to the finding's document


@record(eq=False)
class Finding:
    """One problem, as a check sees it: the outcome it reports, a node and words.

    The engine turns it into a diagnostic of every enabled rule bound to the outcome.
    """

    outcome: str
    message: str
    node: Node | None = None
    fix: str | None = None
    related: list[RelatedNode] = field(default_factory=list)
    document: Document | None = None  # defaults to the request site's document
    autofix: Autofix | None = None  # the change that resolves it, when one is certain (see core.edits)
    # Where the text format cannot point (e.g. a SQLite row), a position to use.
    position: tuple[int, int] | None = None


@record(frozen=True)
class Related:
    """Another place a diagnostic points at (the first of two duplicate keys, the setting that wins)."""

    path: str
    line: int
    column: int
    message: str

    def to_json(self) -> dict:
        return {"path": self.path, "line": self.line, "column": self.column, "message": self.message}


@record(frozen=True)
class Diagnostic:
    """A finding placed in a file, with its rule's code and severity."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    severity: Severity
    code: str
    rule: str
    message: str
    fix: str | None = None
    related: tuple[Related, ...] = ()
    json_path: str | None = None
    # The placed automatic fix (text edits of this file), when there is one; not part of the output formats.
    autofix: Fix | None = field(default=None, compare=False)

    def message_with_fix(self, separator: str = "\n") -> str:
        """The message followed by the fix, for formats with one text field (SARIF, GitHub, LSP).

        Some messages already end with their fix (the rule's case requires it
        in the text): it is not repeated.
        """
        if not self.fix or self.fix in self.message:
            return self.message
        return f"{self.message}{separator}Fix: {self.fix}"

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "severity": self.severity,
            "code": self.code,
            "rule": self.rule,
            "message": self.message,
            "fix": self.fix,
            "related": [r.to_json() for r in self.related],
            "json_path": self.json_path,
        }


def json_path(path: tuple) -> str:
    """`endpoints.custom[0].addParams.service_tier` style path for ignores and baselines."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
