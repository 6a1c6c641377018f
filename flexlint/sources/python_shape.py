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

# One token per match; strings (with prefixes, triple-quoted first) and comments are skipped whole.
_TOKEN = re.compile(
    r"""(?x)
      (?P<str>(?:[rRbBuUfFtT]{1,3})?(?:'''(?:[^'\\]|\\.|'(?!''))*(?:'''|\Z)|\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|\Z)
             |'(?:[^'\\\n]|\\.)*(?:'|$)|"(?:[^"\\\n]|\\.)*(?:"|$)))
    | (?P<comment>\#[^\n]*)
    | (?P<open>[(\[{])
    | (?P<close>[)\]}])
    | (?P<sep>[,;:\n]|(?:[-+*/%@&|^<>]|//|\*\*|<<|>>)?=(?!=)|\b(?:if|else|for|in|lambda|and|or|is|yield|return|await|assert|del|from|import|with|as|while|elif)\b)
    | (?P<op>\*\*|//|<<|>>|->|[-+*/%@&|^~.<>]|\bnot\b|!=|==)
    | (?P<word>[^\W\d]\w*|\d[\w.]*)
    | (?P<other>[^\s])
    """,
    re.M | re.S,
)
_BRACKETS = re.compile(r"[(\[{]")
_OPERATORS = re.compile(r"[-+*/%@&|^~.<>]|\bnot\b|['\"]")


def check_python_shape(code: str, limits: Limits) -> SourceError | None:
    """A SourceError when ``code`` is larger, deeper or more chained than libcst may be given."""
    size = len(code.encode("utf-8", "surrogatepass"))
    if size > limits.max_python_size:
        return SourceError(
            f"Python code of {size / 1e6:.1f} MB is larger than the {limits.max_python_size / 1e6:.1f} MB flexlint parses",
            0,
            "generated code never configures a request; exclude it, or raise the limit with --max-python-size",
        )
    # Fast path: too few brackets, operators and quotes in all to reach either limit.
    brackets = len(_BRACKETS.findall(code))
    if brackets <= limits.max_python_depth and brackets + len(_OPERATORS.findall(code)) <= limits.max_python_chain:
        return None
    return _scan(code, limits.max_python_depth, limits.max_python_chain)


def _scan(code: str, max_depth: int, max_chain: int) -> SourceError | None:
    """Bracket depth, and how deep the expression tree gets: the brackets, operators,
    trailers and implicit string concatenations open at any point (each is a level of libcst's tree)."""
    depth = 0
    chain = 0  # operators and trailers since the last separator at this depth
    outer = 0  # the enclosing levels' chains, added up
    saved: list[int] = []  # the enclosing levels' chains
    previous = ""  # the kind of the last token that was not skipped
    for m in _TOKEN.finditer(code):
        kind = m.lastgroup or ""
        if kind == "comment":
            continue
        if kind == "str":
            if previous in ("word", "close"):
                chain += 1  # implicit concatenation nests too
            if outer + chain + depth > max_chain:
                return _chain_error(m.start(), max_chain)
            previous = "word"
            continue
        if kind == "open":
            if previous in ("word", "close"):
                chain += 1  # a call or subscript continues the chain
            depth += 1
            if depth > max_depth:
                return SourceError(
                    f"Python code nested deeper than {max_depth} brackets",
                    m.start(),
                    "CPython itself refuses this nesting; the file is generated or hostile "
                    "(raise the limit with --max-python-depth)",
                )
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
            if m.group() != "\n" or depth == 0:
                chain = 0
        elif kind == "op":
            chain += 1
        if outer + chain + depth > max_chain:
            return _chain_error(m.start(), max_chain)
        previous = kind
    return None


def _chain_error(offset: int, limit: int) -> SourceError:
    return SourceError(
        f"a Python expression nests or chains more than {limit} brackets, operators, attributes or calls",
        offset,
        "no hand-written code comes near this; the file is generated or hostile "
        "(raise the limit with --max-python-chain)",
    )
