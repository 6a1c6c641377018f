"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

    ::error file=body.json,line=4,col=3,endLine=4,endColumn=16,title=flexlint FLX102 (wrong-key-casing)::...

``info`` findings are ``notice`` annotations. Columns are left out when a
span covers several lines (GitHub then ignores them anyway). Values are
escaped as the Actions runner expects: ``%``, CR and LF everywhere, and
``:`` and ``,`` inside properties.
"""

from __future__ import annotations

from typing import Iterable

from ..core.diagnostics import Diagnostic

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    out = []
    for d in diagnostics:
        props = {"file": d.path, "line": str(d.line)}
        if d.end_line == d.line:
            props.update(col=str(d.column), endLine=str(d.end_line), endColumn=str(max(d.end_column, d.column)))
        else:
            props["endLine"] = str(d.end_line)
        props["title"] = f"flexlint {d.code} ({d.rule})"
        message = d.message_with_fix()
        joined = ",".join(f"{k}={_escape_property(v)}" for k, v in props.items())
        out.append(f"::{COMMAND[d.severity]} {joined}::{_escape_data(message)}\n")
    return "".join(out)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
