"""In-file suppressions: `# flexlint: ignore[rule]` and `# flexlint: ignore-file`.

The same comment works in every format that has comments (YAML, Python,
JSONC with `//`). A trailing comment covers its own line; a comment alone
on a line covers the next line. Selectors are codes, slugs or code prefixes;
a bare `ignore` covers every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_COMMENT = re.compile(r"(?:#|//)\s*flexlint:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?")


@dataclass
class Suppressions:
    file: frozenset[str] | None = None  # selectors of ignore-file; empty set = every rule
    lines: dict[int, frozenset[str]] = field(default_factory=dict)  # line -> selectors; empty = every rule

    def __bool__(self) -> bool:
        return self.file is not None or bool(self.lines)

    def covers(self, line: int, code: str, slug: str) -> bool:
        for selectors in (self.file, self.lines.get(line)):
            if selectors is None:
                continue
            if not selectors or any(_match(s, code, slug) for s in selectors):
                return True
        return False


def _match(selector: str, code: str, slug: str) -> bool:
    return selector.lower() == slug or code.startswith(selector.upper())


def scan(text: str) -> Suppressions:
    """Find suppression comments (a cheap substring test first: most files have none)."""
    result = Suppressions()
    if "flexlint:" not in text:
        return result
    for number, line in enumerate(text.splitlines(), start=1):
        m = _COMMENT.search(line)
        if m is None:
            continue
        selectors = frozenset(s.strip() for s in (m.group(2) or "").split(",") if s.strip())
        if m.group(1) == "ignore-file":
            if result.file is None:
                result.file = selectors
            elif result.file and selectors:
                result.file |= selectors
            else:
                result.file = frozenset()  # one bare ignore-file covers every rule
            continue
        # A notebook saved as JSON holds each source line in a string: `"# flexlint: ...`.
        own_line = line[: m.start()].strip() in ("", '"')
        target = number + 1 if own_line else number
        result.lines[target] = result.lines.get(target, frozenset()) | selectors
    return result
