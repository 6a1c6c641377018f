"""SARIF 2.1.0, as GitHub code scanning and SARIF viewers read it.

One run; ``tool.driver.rules`` lists every rule of the run with its
descriptions and help (so a viewer can explain a finding without flexlint);
each result has one physical location with all four region fields and the
other places that explain it as ``relatedLocations``. Columns are code
points (``columnKind: unicodeCodePoints``), exactly what the other formats
print. Paths relative to the working directory are written relative to
``%SRCROOT%``; ``partialFingerprints`` carries the same line-independent key
as the baseline, so alerts survive unrelated edits.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..core.diagnostics import Diagnostic
from . import ReportContext

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
SRCROOT = "%SRCROOT%"


def format_sarif(diagnostics: list[Diagnostic], context: ReportContext) -> str:
    from ..config.baseline import finding_key

    rules = sorted({r.code: r for r in context.rules}.values(), key=lambda r: r.code)
    index = {r.slug: i for i, r in enumerate(rules)}
    results = []
    for d in diagnostics:
        result: dict[str, Any] = {
            "ruleId": d.code,
            "level": LEVEL[d.severity],
            "message": {"text": d.message_with_fix()},
            "locations": [_location(d.path, d.line, d.column, d.end_line, d.end_column, context.root)],
            "partialFingerprints": {"flexlintKey/v1": finding_key(d, context.root).digest},
            "properties": {"rule": d.rule},
        }
        if d.rule in index:
            result["ruleIndex"] = index[d.rule]
        if d.json_path:
            result["properties"]["jsonPath"] = d.json_path
        if d.fix:
            result["properties"]["fix"] = d.fix
        if d.related:
            result["relatedLocations"] = [
                {**_location(r.path, r.line, r.column, r.line, r.column, context.root), "id": i, "message": {"text": r.message}}
                for i, r in enumerate(d.related, start=1)
            ]
        results.append(result)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "flexlint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(r) for r in rules],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": _dir_uri(context.root)}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": not context.unreadable}],
        "results": results,
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(rule: Any) -> dict[str, Any]:
    """A rule with its whole documentation inline: a viewer needs no link (flexlint has no web site, and a
    page on the machine that ran flexlint is no use to the one that shows the report)."""
    fix = " ".join(rule.fix.split())
    return {
        "id": rule.code,
        "name": _pascal(rule.slug),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {
            "text": f"{rule.explanation}\n\nFix: {fix}",
            "markdown": f"**{rule.code} {rule.slug}**: {rule.summary}\n\n{rule.explanation}\n\n**Fix:** {fix}\n\n"
            f"`flexlint rule {rule.slug}` shows this with examples.",
        },
        "defaultConfiguration": {"level": LEVEL.get(rule.severity, "warning")},
        "properties": {
            "tags": list(rule.tags)[:20],
            "precision": "high",
            "problem.severity": PROBLEM_SEVERITY.get(rule.severity, "warning"),
            "slug": rule.slug,
        },
    }


def _pascal(slug: str) -> str:
    return "".join(part.capitalize() for part in slug.split("-"))


def _location(path: str, line: int, column: int, end_line: int, end_column: int, root: str) -> dict[str, Any]:
    region = {
        "startLine": max(line, 1),
        "startColumn": max(column, 1),
        "endLine": max(end_line, line, 1),
        "endColumn": max(end_column if end_line > line else max(end_column, column), 1),
    }
    return {"physicalLocation": {"artifactLocation": _artifact(path, root), "region": region}}


def _artifact(path: str, root: str) -> dict[str, str]:
    """Repository-relative URIs under %SRCROOT% when the file is below the root, else file URIs."""
    full = Path(root, path) if not os.path.isabs(path) else Path(path)
    try:
        rel = os.path.relpath(full, root)
    except ValueError:  # another drive
        rel = ".."
    if not rel.startswith(".."):
        return {"uri": _quote(PurePosixPath(*Path(rel).parts).as_posix()), "uriBaseId": SRCROOT}
    posix = full.resolve().as_posix()
    return {"uri": ("file://" if posix.startswith("/") else "file:///") + _quote(posix)}


def _quote(path: str) -> str:
    """A path as a URI path: a name that is not UTF-8 keeps its bytes (as the file system holds
    them), any other unencodable character is escaped; never an exception."""
    try:
        return quote(path, errors="surrogateescape")
    except UnicodeEncodeError:
        return quote(path, errors="backslashreplace")


def _dir_uri(root: str) -> str:
    uri = Path(root).resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"
