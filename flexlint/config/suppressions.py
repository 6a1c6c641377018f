"""In-file suppressions: `# flexlint: ignore[rule]` and `# flexlint: ignore-file`.

The same comment works in every format that has comments (YAML, Python,
JSONC with `//`). A trailing comment covers its own line; a comment alone
on a line covers the next line. Selectors are codes, slugs or code prefixes;
a bare `ignore` covers every rule.

Each comment remembers which of its selectors hid a finding, so a comment
that no longer hides anything can be reported (`unused-suppression`, as
ruff's RUF100): only for rules that ran on the file, since a comment for a
rule that was not selected may well be needed by a run that selects it.
"""

from __future__ import annotations

from dataclasses import field
from typing import Iterable
from ..core.regex import lazy
from ..core.records import record

_COMMENT = lazy(r"(?:#|//)\s*flexlint:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?")


@record(frozen=True)
class Comment:
    """One suppression comment: where it is written, the line it covers, its selectors (empty: every rule)."""

    line: int
    column: int  # 1-based, code points
    end_column: int
    target: int  # the line it covers (0 for ignore-file)
    selectors: tuple[str, ...]
    text: str


@record
class Suppressions:
    """A document's ``flexlint: ignore`` comments, and which of them hid something (for unused-suppression)."""

    comments: list[Comment] = field(default_factory=list)
    used: set[tuple[int, str]] = field(default_factory=set)  # (comment index, selector; "" for a bare one)

    def __bool__(self) -> bool:
        return bool(self.comments)

    def covers(self, line: int, code: str, slug: str) -> bool:
        """Is a finding of rule ``code``/``slug`` on ``line`` hidden? Records which comments hid it."""
        hidden = False
        for index, comment in enumerate(self.comments):
            if comment.target not in (0, line):
                continue
            if not comment.selectors:
                self.used.add((index, ""))
                hidden = True
                continue
            for selector in comment.selectors:
                if _match(selector, code, slug):
                    self.used.add((index, selector))
                    hidden = True
        return hidden

    def silenced(self, line: int, code: str, slug: str) -> bool:
        """Is a finding about a comment on ``line`` hidden? Only by `ignore-file` or a comment naming its rule
        (a bare comment that hides nothing cannot hide that it hides nothing)."""
        for comment in self.comments:
            if comment.target == 0 and not comment.selectors:
                return True
            if comment.target in (0, line) and any(_match(s, code, slug) for s in comment.selectors):
                return True
        return False

    def unused(self, known: Iterable[tuple[str, str]], ran: frozenset[str]) -> list[tuple[Comment, tuple[str, ...]]]:
        """Line comments (not `ignore-file`) with selectors that hid nothing, judged only for rules that ran.

        ``known`` is every rule of the run as (code, slug); ``ran`` the slugs that ran on this file.
        A selector that matches no known rule is left alone (it may belong to a rule pack this run
        did not load), and so is a bare comment unless every rule ran.
        """
        known = tuple(known)
        everything = bool(known) and all(slug in ran for _, slug in known)
        out = []
        for index, comment in enumerate(self.comments):
            if comment.target == 0:
                continue
            if not comment.selectors:
                if everything and (index, "") not in self.used:
                    out.append((comment, ()))
                continue
            stale = []
            for selector in comment.selectors:
                if (index, selector) in self.used:
                    continue
                matched = [slug for code, slug in known if _match(selector, code, slug)]
                if matched and all(slug in ran for slug in matched):
                    stale.append(selector)
            if stale:
                out.append((comment, tuple(stale)))
        return out


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
        selectors = tuple(dict.fromkeys(s.strip() for s in (m.group(2) or "").split(",") if s.strip()))
        if m.group(1) == "ignore-file":
            target = 0
        else:
            # A notebook saved as JSON holds each source line in a string: `"# flexlint: ...`.
            own_line = line[: m.start()].strip() in ("", '"')
            target = number + 1 if own_line else number
        result.comments.append(Comment(number, m.start() + 1, m.end() + 1, target, selectors, m.group(0)))
    return result
