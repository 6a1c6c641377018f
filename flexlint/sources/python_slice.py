"""The part of a Python file libcst has to parse: statements that can matter, at their own places.

A long module often makes one request among hundreds of functions that
have nothing to do with any LLM client, and libcst (with the span pass
after it) costs about ten times what the standard library's ``ast`` does.
So ``ast`` reads the file first and each top-level statement is judged:

- it *can matter* when its own text passes the caller's byte prefilter
  (``relevant``, the file-level test of the Python readers' needles): every
  reader starts from such a word (an import of its library, a client
  class, a key like ``service_tier``);
- so can a statement that reads a module-level name bound by one that
  can matter (``client = OpenAI()`` makes ``def ask(): client...``
  matter), repeated until nothing is added;
- whatever those statements read must keep every statement that binds it
  at module level (an assignment, a ``def``, a ``global`` inside a function,
  a walrus, a loop target), so that a name bound once is still seen bound
  once and a value followed through it is the same; imports are always kept.

The rest is blanked out: each run of statements left out (with the
comments between them) becomes one string literal of the same length whose
line breaks stay, so everything kept sits at the same character offset,
line and column. No reader looks at comments in the tree (a suppression
comment is read from the document's text), nor at a string statement. Names and words are matched as text, which can only keep more.
What the host reads from the whole text (in-place changes of a name) is
still read from the whole text: the unit keeps the original code.

The whole text is parsed when ``ast`` cannot parse it (libcst then reports
the error as before), when it has line breaks ``ast`` and this module might
count differently (a lone carriage return) or a byte-order mark, and when
nothing would be left out. When no statement can matter at all, nothing is
parsed. ``ENABLED`` exists for the test that lints every file we hold both
ways and compares the findings.
"""

from __future__ import annotations

import ast
import re
import warnings
from bisect import bisect_right
from itertools import accumulate
from typing import Callable

ENABLED = True
NOTHING = ""  # no statement can matter: there is nothing to parse

_WORD = re.compile(r"\w+")
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_IMPORTS = (ast.Import, ast.ImportFrom)


def slice_code(code: str, relevant: Callable[[bytes], bool]) -> str | None:
    """The text to give libcst: same length as ``code``, statements that cannot matter blanked.

    None: parse ``code`` itself. :data:`NOTHING`: no statement can matter.
    """
    if not ENABLED or code.startswith("\ufeff") or code.count("\r") != code.count("\r\n"):
        return None
    try:
        with warnings.catch_warnings():  # "invalid escape sequence" and the like: libcst's parse is what counts
            warnings.simplefilter("ignore")
            tree = compile(code, "<flexlint>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except Exception:  # SyntaxError, null bytes, nesting too deep: libcst says what is wrong, as before
        return None
    if not tree.body:
        return None
    lines = code.split("\n")
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
    groups = _groups(tree.body)
    pieces = []
    for first, last, _ in groups:
        pieces.append(code[starts[first - 1]: starts[last] - 1 if last < len(lines) else len(code)])

    kept: set[int] = set()
    seeds: list[int] = []
    for index, ((first, last, stmts), piece) in enumerate(zip(groups, pieces)):
        if relevant(piece.encode("utf-8", "surrogatepass")):
            seeds.append(index)
        elif any(isinstance(s, _IMPORTS) for s in stmts) or lines[last - 1].rstrip().endswith("\\"):
            kept.add(index)  # a backslash at the end would join the blank to what follows
    if not seeds:
        return NOTHING
    bound = [_module_names(stmts, piece) for (_, _, stmts), piece in zip(groups, pieces)]

    # Forward: statements that read a name bound by one that can matter can matter too.
    group_starts = [starts[first - 1] for first, _, _ in groups]
    group_ends = [start + len(piece) for start, piece in zip(group_starts, pieces)]
    matter = set(seeds)
    names = set().union(*(bound[i] for i in seeds))
    while names:
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\b")
        names = set()
        for match in pattern.finditer(code):
            index = bisect_right(group_starts, match.start()) - 1
            if index >= 0 and match.start() < group_ends[index] and index not in matter:
                matter.add(index)
                names |= bound[index]
    kept |= matter

    # Backward: every statement that binds (at module level) a word a kept statement holds.
    binders: dict[str, list[int]] = {}
    for index, names_bound in enumerate(bound):
        for name in names_bound:
            binders.setdefault(name, []).append(index)
    todo = list(kept)
    seen_words: set[str] = set()
    while todo:
        index = todo.pop()
        for word in set(_WORD.findall(pieces[index])) - seen_words:
            seen_words.add(word)
            for binder in binders.get(word, ()):
                if binder not in kept:
                    kept.add(binder)
                    todo.append(binder)

    if len(kept) == len(groups):
        return None
    out: list[str] = []
    at = 0
    index = 0
    while index < len(groups):
        if index in kept:
            index += 1
            continue
        run_end = index
        while run_end + 1 < len(groups) and run_end + 1 not in kept:
            run_end += 1
        out.append(code[at:group_starts[index]])
        out.append(_blank(code[group_starts[index]:group_ends[run_end]]))
        at = group_ends[run_end]
        index = run_end + 1
    out.append(code[at:])
    return "".join(out)


def _groups(body: list[ast.stmt]) -> list[tuple[int, int, list[ast.stmt]]]:
    """Top-level statements as (first line, last line, statements), those sharing a line (``a; b``) together."""
    groups: list[tuple[int, int, list[ast.stmt]]] = []
    for stmt in body:
        first = min([stmt.lineno] + [d.lineno for d in getattr(stmt, "decorator_list", ())])
        last = stmt.end_lineno or stmt.lineno
        if groups and first <= groups[-1][1]:
            prev_first, prev_last, stmts = groups[-1]
            stmts.append(stmt)
            groups[-1] = (prev_first, max(prev_last, last), stmts)
        else:
            groups.append((first, last, [stmt]))
    return groups


def _module_names(stmts: list[ast.stmt], text: str) -> set[str]:
    """Names these statements may bind at module level (more is harmless: it only keeps more)."""
    names: set[str] = set()
    for stmt in stmts:
        if isinstance(stmt, _IMPORTS):
            for alias in stmt.names:
                if alias.name != "*":
                    names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(stmt, _DEFINITIONS) and not ("global" in text or "nonlocal" in text or ":=" in text):
            names.add(stmt.name)  # its body binds its own names only
        else:
            names |= _bound_anywhere(stmt)
    return names


def _bound_anywhere(node: ast.AST) -> set[str]:
    """Every name bound anywhere inside ``node``, in any scope."""
    names: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            if not isinstance(sub.ctx, ast.Load):
                names.add(sub.id)
        elif isinstance(sub, _DEFINITIONS):
            names.add(sub.name)
        elif isinstance(sub, (ast.Global, ast.Nonlocal)):
            names.update(sub.names)
        elif isinstance(sub, ast.alias):
            if sub.name != "*":
                names.add(sub.asname or sub.name.split(".")[0])
        elif isinstance(sub, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)):
            if sub.name:
                names.add(sub.name)
        elif isinstance(sub, ast.MatchMapping) and sub.rest:
            names.add(sub.rest)
    return names


def _blank(region: str) -> str:
    """The region (whole lines) as one string literal of the same length, or spaces where too short for one.

    Line breaks stay, so every offset, line and column after it is kept; one
    string token costs libcst next to nothing, where a blank line is a node.
    """
    lines = region.split("\n")
    out = "\n".join(" " * (len(line) - 1) + "\r" if line.endswith("\r") else " " * len(line) for line in lines)
    if len(lines[0].rstrip("\r")) < 3 or len(lines[-1].rstrip("\r")) < 3 or len(region) < 6:
        return out
    end = len(out) - (1 if out.endswith("\r") else 0)
    return '"""' + out[3:end - 3] + '"""' + out[end:]
