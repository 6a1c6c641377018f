"""What must hold for every input: ``check(name, data)`` lints it and lists the broken promises.

* no ``internal-error`` (an exception of flexlint's own), no exception at all;
* every diagnostic has a line and column of at least 1 and ends after it starts;
* every output format renders (text with code frames, JSON, SARIF, GitHub)
  and encodes;
* a planted secret never shows in any format: the canary key's body when the
  input holds it whole, the short canary when the input holds it once,
  right after a key-like name.

Crashes and hangs of the process are found by the driver, which runs this
in supervised workers.
"""

from __future__ import annotations

import re

from flexlint.api import Options, lint_source
from flexlint.report import FORMATS, ReportContext

from .inputs import CANARY_BODY, CANARY_KEY, CANARY_SHORT

OPTIONS = Options(isolated=True)  # no configuration files: the input alone decides
_SHORT_IN_PLACE = re.compile(  # the names in any case, the canary exactly as written
    r"""(?i:api[_-]?key|apikey|authorization|token|secret|password)\\?["']?\s*[:=]\s*\\?["']?(?i:bearer\s+)?"""
    + re.escape(CANARY_SHORT)
    + r"|(?i:bearer\s+|[?&]key=)" + re.escape(CANARY_SHORT)
)


def check(name: str, data: bytes) -> list[str]:
    result = lint_source(data, name, OPTIONS)
    problems = []
    for d in result.diagnostics:
        if d.rule == "internal-error":
            problems.append(f"internal-error: {d.message}")
        if d.line < 1 or d.column < 1 or d.end_line < d.line:
            problems.append(f"bad position {d.line}:{d.column}-{d.end_line}:{d.end_column} ({d.rule})")
    text = data.decode("utf-8", "replace")
    context = ReportContext(sources=lambda path: text, show_source=True, unreadable=result.unreadable)
    outputs = []
    for fmt, render in FORMATS.items():
        out = render(result.diagnostics, context)
        out.encode("utf-8", "backslashreplace")
        outputs.append(out)
    everything = "\n".join(outputs)
    if CANARY_KEY.encode() in data and CANARY_BODY in everything:
        problems.append("the canary key is shown")
    raw = data.decode("utf-8", "surrogateescape")
    if raw.count(CANARY_SHORT) == 1 and _SHORT_IN_PLACE.search(raw) and CANARY_SHORT in everything:
        problems.append("the short canary secret is shown")
    return problems
