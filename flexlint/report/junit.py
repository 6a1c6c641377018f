"""JUnit XML, the test report every CI system reads (Jenkins, GitLab, Azure Pipelines, CircleCI, ...).

Each file with findings is a ``<testsuite>`` named by its path; each finding
is a ``<testcase>`` named by its rule and place, holding a ``<failure>``
(type: its severity) or, for a file that could not be read or checked, an
``<error>``. A run without findings is one passing test case. The elements
and attributes are those of the JUnit schema Jenkins validates reports with.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable
from xml.sax.saxutils import escape, quoteattr

from ..core.diagnostics import Diagnostic
from . import ReportContext, one_line, relative_path
from ..core.regex import lazy


# Characters XML 1.0 cannot carry at all, even escaped (a hostile file may put them in a key).
_NOT_XML = lazy("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", value))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", value))


def format_junit(diagnostics: Iterable[Diagnostic], context: ReportContext) -> str:
    from ..checks import ALWAYS_ON

    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        by_file[relative_path(d.path, context.root)].append(d)
    total = sum(len(v) for v in by_file.values())
    errors = sum(d.rule in ALWAYS_ON for v in by_file.values() for d in v)
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    if not by_file:
        out.append('<testsuites name="flexlint" tests="1" failures="0" errors="0">\n'
                   '  <testsuite name="flexlint" tests="1" failures="0" errors="0">\n'
                   '    <testcase name="no problems found" classname="flexlint"/>\n'
                   "  </testsuite>\n</testsuites>\n")
        return "".join(out)
    out.append(f'<testsuites name="flexlint" tests="{total}" failures="{total - errors}" errors="{errors}">\n')
    for path in sorted(by_file):
        found = by_file[path]
        unreadable = sum(d.rule in ALWAYS_ON for d in found)
        out.append(f"  <testsuite name={_attr(path)} tests=\"{len(found)}\" failures=\"{len(found) - unreadable}\" "
                   f"errors=\"{unreadable}\" file={_attr(path)}>\n")
        for d in found:
            element = "error" if d.rule in ALWAYS_ON else "failure"
            name = f"{d.code} {d.rule} at {d.line}:{d.column}"
            message = one_line(d.message)
            body = f"{path}:{d.line}:{d.column}: {d.severity}: {d.message_with_fix()}"
            out.append(f"    <testcase name={_attr(name)} classname={_attr(path)}>\n"
                       f"      <{element} type={_attr(d.severity)} message={_attr(message)}>"
                       f"{_text(body)}</{element}>\n"
                       "    </testcase>\n")
        out.append("  </testsuite>\n")
    out.append("</testsuites>\n")
    return "".join(out)
