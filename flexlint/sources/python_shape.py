"""A cheap look at Python code before libcst sees it: size, bracket depth, chain length.

libcst's native parser is recursive and keeps its whole tree in memory:
deeply nested brackets overflow its stack (a crash of the process, not an
exception), long unary chains take gigabytes, and chains of attributes,
calls, subscripts or binary operators cost time quadratic in their length.
No real program comes near these shapes (CPython itself refuses more than
200 nested brackets), so code beyond the limits of
:mod:`flexlint.core.limits` is a positioned ``parse-error`` instead of a
parse.

The scan is one regular-expression pass over tokens (strings and comments
are skipped whole, so brackets inside them do not count) and is only run
when the code has many brackets or operators at all.
"""

from __future__ import annotations

import re

from ..core.document import SourceError
from ..core.limits import Limits
from ..core.regex import lazy

# Strings (their prefixes are passed over as names) and comments: what they hold never counts.
# Loops are unrolled (a run of plain characters, then one escape or quote) so long strings scan fast.
_STRIP = lazy(
    r"""(?x)
      (?P<str>'\'\'[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*(?:'\'\'|\Z)
             |\"\"\"[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*(?:\"\"\"|\Z)
             |'[^'\\\n]*(?:\\.[^'\\\n]*)*(?:'|$)
             |"[^"\\\n]*(?:\\.[^"\\\n]*)*(?:"|$))
    | \#[^\n]*
    """,
    re.M | re.S,
)
_STRING = "\x01"  # what a string becomes: one operand
_NOT_NEWLINE = lazy(r"[^\n]+")
# The tokens that open, close, separate or chain; names and numbers are passed over by the search itself.
_TOKEN = lazy(
    r"""(?x)
      (?P<open>[(\[{])
    | (?P<close>[)\]}])
    | (?P<sep>[,;:\n]|(?<![=!<>])=(?!=))
    | (?P<op>==|!=|[-+*/%@&|^~.<>]|(?<!\w)not\b)
    """
)
_OPERAND_END = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_)]}" + _STRING)


def check_python_shape(code: str, limits: Limits) -> SourceError | None:
    """A SourceError when ``code`` is larger, deeper or more chained than libcst may be given."""
    size = len(code.encode("utf-8", "surrogatepass"))
    if size > limits.max_python_size:
        return SourceError(
            f"Python code of {size / 1e6:.1f} MB is larger than the {limits.max_python_size / 1e6:.1f} MB flexlint parses",
            0,
            "generated code never configures a request; exclude it, or raise the limit with --max-python-size",
        )
    # Fast path: too few brackets, operators and quotes in all to reach either limit (``str.count`` is
    # C speed on any text, where ``translate`` is not; ``not`` is counted wherever it occurs, which can only
    # count more).
    brackets = code.count("(") + code.count("[") + code.count("{")
    if brackets <= limits.max_python_depth:
        operators = sum(code.count(char) for char in _OPERATOR_CHARS) + code.count("not")
        if brackets + operators <= limits.max_python_chain:
            return None
    return _scan(code, limits.max_python_depth, limits.max_python_chain)


def _scan(code: str, max_depth: int, max_chain: int) -> SourceError | None:
    """Bracket depth, and how deep the expression tree gets: the brackets, operators,
    trailers and implicit string concatenations open at any point (each is a level of libcst's tree).

    Strings become one marker and comments vanish; only when a limit is
    exceeded is the scan repeated on text that keeps every offset, to say where.
    """
    stripped = _STRIP.sub(_marker, code)
    if _bounded(stripped, max_depth, max_chain) or _walk(stripped, max_depth, max_chain) is None:
        return None
    found = _walk(_STRIP.sub(_blank, code), max_depth, max_chain)
    if found is None:  # pragma: no cover - both texts have the same tokens
        return None
    kind, offset = found
    if kind == "depth":
        return SourceError(
            f"Python code nested deeper than {max_depth} brackets",
            offset,
            "CPython itself refuses this nesting; the file is generated or hostile "
            "(raise the limit with --max-python-depth)",
        )
    return _chain_error(offset, max_chain)


_COUNTED = "-+*/%@&|^~.<>([{"  # operator and opening characters (`==`, `**` count twice: a bound)
_NOT_COUNTED = lazy(f"[^{re.escape(_COUNTED)})\\]}}{_STRING}\n]+")
_OPERATOR_CHARS = "-+*/%@&|^~.<>'\""


def _bounded(stripped: str, max_depth: int, max_chain: int) -> bool:
    """True when no point of the code can reach a limit, judged line by line at C speed.

    At any point the tree depth (brackets open, plus the operators and
    trailers chained at each open level) counts each operator once and each
    opening bracket at most twice, all written since the statement began; a
    statement begins on a line that starts outside any bracket. So twice the
    number of such characters since then bounds it, and so does the number
    of opening brackets for the nesting. Most code is far below both, and
    only code that is not is walked token by token.
    """
    # Only what is counted matters: ``not`` becomes an operator character and everything else goes,
    # so the loop below sees short lines (a line with nothing counted is empty).
    reduced = _NOT_COUNTED.sub("", stripped.replace("not", "~"))
    depth = 0
    since = 0  # operator and opening characters since the statement began
    for line in reduced.split("\n"):
        if depth == 0:
            since = 0
        if not line:
            continue
        closes = line.count(")") + line.count("]") + line.count("}")
        opens = line.count("(") + line.count("[") + line.count("{")
        since += len(line) - closes  # operators, opening brackets, strings
        if 2 * since > max_chain or depth + opens > max_depth:
            return False
        depth = max(0, depth + opens - closes)
    return True


def _walk(stripped: str, max_depth: int, max_chain: int) -> tuple[str, int] | None:
    """("depth" or "chain", offset) of the first place beyond a limit, or None."""
    concatenated = re.search(f"(?:{_STRING}[ \\t\\\\]*(?:\\n[ \\t\\\\]*)?){{{max_chain + 1}}}", stripped)
    if concatenated is not None:
        return "chain", concatenated.start()
    depth = 0
    chain = 0  # operators and trailers since the last separator at this depth
    outer = 0  # the enclosing levels' chains, added up
    saved: list[int] = []  # the enclosing levels' chains
    for m in _TOKEN.finditer(stripped):
        kind = m.lastgroup
        if kind == "open":
            at = m.start()
            if at and stripped[at - 1] in _OPERAND_END:
                chain += 1  # a call or subscript continues the chain
            depth += 1
            if depth > max_depth:
                return "depth", at
            saved.append(chain)
            outer += chain
            chain = 0
        elif kind == "close":
            if saved:
                chain = saved.pop()
                outer -= chain
            else:
                chain = 0
            depth = max(depth - 1, 0)
        elif kind == "sep":
            if depth == 0 or m.group() != "\n":
                chain = 0
        else:
            chain += 1
        if outer + chain + depth > max_chain:
            return "chain", m.start()
    return None


def _marker(m: re.Match[str]) -> str:
    return _STRING if m.lastgroup == "str" else ""


def _blank(m: re.Match[str]) -> str:
    """A string becomes a marker padded to its length (offsets stay those of the code); a comment, spaces."""
    text = _NOT_NEWLINE.sub(" ", m.group())
    return _STRING + text[1:] if m.lastgroup == "str" else text


def _chain_error(offset: int, limit: int) -> SourceError:
    return SourceError(
        f"a Python expression nests or chains more than {limit} brackets, operators, attributes or calls",
        offset,
        "no hand-written code comes near this; the file is generated or hostile "
        "(raise the limit with --max-python-chain)",
    )
