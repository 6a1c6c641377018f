"""GitLab Code Quality: a JSON array of issues that GitLab shows in merge requests and pipelines.

The format is GitLab's subset of the CodeClimate issue format: each issue has
``description``, ``check_name``, ``fingerprint``, ``severity`` (``info``,
``minor``, ``major``, ``critical``, ``blocker``) and ``location`` with a
repository-relative ``path`` and ``lines.begin``. GitLab shows issues with the
same fingerprint as one, so the fingerprint is the baseline's line-independent
key (the finding survives unrelated edits) made unique by its occurrence.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any, Iterable

from ..core.diagnostics import Diagnostic
from . import ReportContext, relative_path

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
UNREADABLE = "critical"  # a file that could not be checked at all


def format_gitlab(diagnostics: Iterable[Diagnostic], context: ReportContext) -> str:
    from ..checks import ALWAYS_ON
    from ..config.baseline import finding_key

    seen: Counter[str] = Counter()
    issues: list[dict[str, Any]] = []
    for d in diagnostics:
        key = finding_key(d, context.root).digest
        seen[key] += 1
        fingerprint = hashlib.sha256(f"{key}:{seen[key]}".encode()).hexdigest()[:32]
        issues.append({
            "type": "issue",
            "check_name": d.code,
            "description": _description(d),
            "categories": ["Bug Risk"],
            "severity": UNREADABLE if d.rule in ALWAYS_ON else SEVERITY[d.severity],
            "fingerprint": fingerprint,
            "location": {
                "path": relative_path(d.path, context.root),
                "lines": {"begin": max(d.line, 1), "end": max(d.end_line, d.line, 1)},
            },
        })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _description(d: Diagnostic) -> str:
    return f"{d.message_with_fix(' ')} [{d.code} {d.rule}]"
