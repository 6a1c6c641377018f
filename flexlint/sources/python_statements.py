"""The top-level statements of Python code, as ``ast`` reads them, parsed again only where a file changed.

:mod:`.python_slice` needs the statements of a module to judge which can
matter. An editor sends the same file again and again with a line or two
changed; parsing all of it each time would cost more than the rest of a
lint, so the last file read is kept and only the statements around the
changed lines are parsed again (a property test compares the result with a
parse of the whole).
"""

from __future__ import annotations

import ast
import warnings

# The last code read and its top-level statements: an editor sends the same file again and again
# with a line or two changed, and only the statements around the change are parsed again.
_LAST: tuple[str, list[str], list[ast.stmt]] | None = None


def statements(code: str) -> list[ast.stmt] | None:
    """The module's top-level statements (their lines and columns those of ``code``); None if ast refuses it."""
    global _LAST
    lines = code.split("\n")
    last = _LAST
    body = None
    if last is not None and last[0] == code:
        body = last[2]
    elif last is not None and len(last[1]) == len(lines):
        body = _reparsed(lines, last[1], last[2])
    if body is None:
        body = _parse(code)
        if body is None:
            return None
    _LAST = (code, lines, body)
    return body


def _parse(text: str) -> list[ast.stmt] | None:
    try:
        with warnings.catch_warnings():  # "invalid escape sequence" and the like: libcst's parse is what counts
            warnings.simplefilter("ignore")
            return compile(text, "<flexlint>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True).body
    except Exception:  # SyntaxError, null bytes, nesting too deep
        return None


def _reparsed(lines: list[str], old: list[str], body: list[ast.stmt]) -> list[ast.stmt] | None:
    """The statements of ``lines``, from those of ``old`` (as many lines) where only some lines changed.

    The statements wholly before and after the changed lines are kept; the
    lines between them are parsed alone, padded to their place so that lines
    and columns are the file's. The text before them is unchanged and ends a
    statement (not ending in a backslash), so they start where a statement can; parsed alone, they close
    every bracket and string they open, so the unchanged text after them is
    read as before. If they do not parse alone, None: the whole is parsed.
    """
    n = len(lines)
    first = 0
    while first < n and lines[first] == old[first]:
        first += 1
    if first == n:
        return body
    final = n - 1
    while final > first and lines[final] == old[final]:
        final -= 1
    first += 1  # 1-based, like ast's lines
    final += 1
    starts = [min([s.lineno] + [d.lineno for d in getattr(s, "decorator_list", ())]) for s in body]
    ends = [s.end_lineno or s.lineno for s in body]
    before = 0  # statements wholly before the change
    while before < len(body) and ends[before] < first:
        before += 1
    after = len(body)  # statements from here on are wholly after it
    while after > before and starts[after - 1] > final:
        after -= 1
    # A statement sharing a line with one that is parsed again is parsed again too (`a = 1; b = 2`).
    while 0 < before < after and starts[before] <= ends[before - 1]:
        before -= 1
    while before < after < len(body) and starts[after] <= ends[after - 1]:
        after += 1
    low = ends[before - 1] + 1 if before else 1
    high = starts[after] - 1 if after < len(body) else n
    if low > high or (low > 1 and lines[low - 2].rstrip().endswith("\\")) or lines[high - 1].rstrip().endswith("\\"):
        return None  # a backslash would join the lines around the border
    chunk = _parse("\n" * (low - 1) + "\n".join(lines[low - 1: high]))
    if chunk is None:
        return None
    return body[:before] + chunk + body[after:]
