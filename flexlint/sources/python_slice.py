"""The part of a Python file libcst has to parse: statements that can hold a request, at their own places.

A long module often makes one request among hundreds of functions that
have nothing to do with any LLM client, and libcst (with the span pass
after it) costs several times what the standard library's ``ast`` does.
So ``ast`` reads the file first and its statements are judged, the
top-level ones first, then those in every block of the statements kept
(a body, ``elif``/``else`` bodies, handlers, ``finally``, ``case`` bodies):

- a statement *can matter* when its own text (a compound statement's
  headers and clauses, without the statements of its blocks) passes the
  caller's byte prefilter (``relevant``, the file-level test of the Python
  readers' needles): every reader starts from such a word (an import of its
  library, a client class, a key like ``service_tier``). A string alone
  (a docstring) never does: it holds no request;
- so can a statement that reads a name bound by one that can matter, where
  a reader can follow that binding: an assignment, a loop or ``with``
  target, an import, ``self.x = ...`` (``client = OpenAI()`` makes ``def
  ask(): client...`` matter). The name of a ``def`` or ``class`` is never
  followed, so it carries nothing. Repeated until nothing is added;
- a statement that can matter keeps the headers of the statements holding it.

Names are matched as words of the text, in every scope at once, which can
only keep more than needed. What the statements left out bind is not lost:
the host reads every scope and binding from ``ast``
(:mod:`flexlint.dialects.python.ast_scopes`) and has libcst parse a
left-out statement when a reader follows a name into it.

The rest is blanked out: each run of sibling statements left out (with the
comments between them) becomes one string literal of the same length whose
line breaks stay, so everything kept sits at the same character offset,
line and column. No reader looks at comments in the tree (a suppression
comment is read from the document's text), nor at a string statement. What
the host reads from the whole text (in-place changes of a name) is still
read from the whole text: the unit keeps the original code.

The whole text is parsed when ``ast`` cannot parse it (libcst then reports
the error as before), when it has line breaks ``ast`` and this module might
count differently (a lone carriage return) or a byte-order mark, when
nothing would be left out, and for files under ``MIN_LINES`` lines (the
``ast`` pass costs about a seventh of libcst's parse, and a short script
is nearly all requests). When no statement can matter at all, nothing is
parsed. ``MODE`` exists for the test that lints every file we hold both
ways and compares the findings.
"""

from __future__ import annotations

import ast
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Callable, Iterable

from .python_statements import statements
from ..core.regex import lazy

MODE = "auto"  # "always" and "never" are for the test that lints every file both ways
MIN_LINES = 50  # below, a file is parsed whole: a short script is nearly all requests, so ast would only add its cost
NOTHING = ""  # no statement can matter: there is nothing to parse
MAX_ROUNDS = 24  # names followed from what can matter, link after link; beyond, the whole file is parsed

_WORD = lazy(r"\w+")
_DECLARED = lazy(r"\b(?:global|nonlocal)\b([^\n;#]*)")
_DECLARED_NAME = lazy(r"\w+")
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_TRIES = (ast.Try, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()))
_MATCH = getattr(ast, "Match", None)


# Simple statements: only these parts can bind (a walrus anywhere is looked for by text first).
_TARGETS = {
    ast.Assign: lambda s: s.targets,
    ast.AnnAssign: lambda s: [s.target],
    ast.AugAssign: lambda s: [s.target],
    ast.Delete: lambda s: s.targets,
}
_BINDS_NOTHING = frozenset({ast.Expr, ast.Return, ast.Raise, ast.Assert, ast.Pass, ast.Break, ast.Continue})


@dataclass(eq=False)
class Sliced:
    """The text libcst is given, and what it was cut from (to parse a left-out statement when it is read)."""

    text: str
    body: list[ast.stmt]  # the module's statements, as ast reads them
    units: "_Units"
    top: list[int]
    kept_starts: list[int]  # where each statement kept starts, in order

    def holds_kept(self, start: int, end: int) -> bool:
        """Whether a statement kept starts in ``[start, end)``."""
        index = bisect_left(self.kept_starts, start)
        return index < len(self.kept_starts) and self.kept_starts[index] < end

    def alone(self, offset: int) -> str:
        """The text with only the statement at ``offset`` kept (and the headers of the blocks holding it)."""
        units = self.units
        path: list[int] = []
        block = self.top
        while block:
            index = next((i for i in block if units.start[i] <= offset < units.end[i]), None)
            if index is None:
                break
            path.append(index)
            if not units.children[index]:
                units.expand(index)
            block = units.children[index]
        return units.text(self.top, set(path) | {i for i, always in enumerate(units.always) if always})


def slice_module(code: str, relevant: Callable[[bytes], bool]) -> Sliced | str | None:
    """What to give libcst: a :class:`Sliced` (its text as long as ``code``, the statements that cannot
    matter blanked), None to parse ``code`` itself, or :data:`NOTHING` when no statement can matter."""
    if MODE == "never" or code.startswith("\ufeff") or ("\r" in code and code.count("\r") != code.count("\r\n")):
        return None
    if MODE == "auto" and not _worth_it(code):
        return None
    body = statements(code)
    if not body:  # ast refuses it (libcst says what is wrong, as before), or there is nothing
        return None
    units = _Units(code, relevant)
    top = units.block(body, None)
    if not any(units.seed):
        return NOTHING
    try:
        kept = units.closure()
        # Look inside what is kept: its blocks' statements are judged one by one.
        for index in top:
            if index in kept:
                units.expand(index)
        if len(units.nodes) > len(top):
            kept = units.closure()
    except _TooLong:
        return None
    if len(kept) == len(units.nodes):
        return None
    return Sliced(units.text(top, kept), body, units, top, sorted(units.start[i] for i in kept))


def _worth_it(code: str) -> bool:
    """Whether the ``ast`` pass is likely to pay: the file is long enough."""
    return code.count("\n") + 1 >= MIN_LINES


class _TooLong(Exception):
    pass


class _Units:
    """Groups of statements sharing lines (``a; b``), each with its place, the block it is in and its own words."""

    def __init__(self, code: str, relevant: Callable[[bytes], bool]) -> None:
        self.code = code
        self.relevant = relevant
        self.lines = code.split("\n")
        self.starts = list(accumulate((len(line) + 1 for line in self.lines), initial=0))
        self.nodes: list[list[ast.stmt]] = []
        self.start: list[int] = []
        self.end: list[int] = []
        self.parent: list[int] = []  # -1: top level
        self.children: list[list[int]] = []  # the units of its expanded blocks, in order
        self.blocks: list[list[list[int]]] = []  # those units, block by block (a body, an else, a handler...)
        self.left: list[list[list[ast.stmt]]] = []  # blocks not expanded (on their header's line): in its own text
        self.seed: list[bool] = []
        self.always: list[bool] = []
        self._binds: list[list[tuple[str, int, int]] | None] = []
        self._words: list[set[str] | None] = []
        self.whole = (0, len(code) + 1)
        # Names some ``global``/``nonlocal`` declares: bound there, they are read in the whole file.
        declares = "global" in code or "nonlocal" in code
        self.declared = set(_DECLARED_NAME.findall(" ".join(_DECLARED.findall(code)))) if declares else set()

    # -- building ------------------------------------------------------------------

    def block(self, stmts: list[ast.stmt], parent: int | None) -> list[int]:
        out = []
        for first, last, group in _groups(stmts):
            index = len(self.nodes)
            line = self.lines[first - 1]
            column = 0 if parent is None else len(line) - len(line.lstrip(" \t\x0c"))
            self.nodes.append(group)
            self.start.append(self.starts[first - 1] + column)
            self.end.append(self.starts[last] - 1 if last < len(self.lines) else len(self.code))
            self.parent.append(-1 if parent is None else parent)
            self.children.append([])
            self.blocks.append([])
            self.left.append([])
            self._binds.append(None)
            self._words.append(None)
            self.always.append(self.lines[last - 1].rstrip().endswith("\\"))  # a backslash would join the blank to what follows
            self.seed.append(False)
            out.append(index)
        # A needle in a statement is in the statement holding it: no needle there, none here.
        if parent is None or self.seed[parent]:
            self._find_seeds(out)
        return out

    def _find_seeds(self, block: list[int]) -> None:
        """Mark the units of a block that pass ``relevant``, asking it about runs of them first.

        A run's text holds each of its units' text, so a run without a needle
        has none in any of them: a long file with a few requests is settled
        in a few dozen calls instead of one per statement.
        """
        if not block:
            return
        text = self.code[self.start[block[0]]: self.end[block[-1]]]
        if not self.relevant(text.encode("utf-8", "surrogatepass")):
            return
        if len(block) == 1:
            # A string alone (a docstring) holds no request, whatever it says.
            self.seed[block[0]] = not all(_is_string(stmt) for stmt in self.nodes[block[0]])
            return
        middle = len(block) // 2
        self._find_seeds(block[:middle])
        self._find_seeds(block[middle:])

    def _relevant(self, index: int) -> bool:
        return self.relevant(self.own(index).encode("utf-8", "surrogatepass"))

    def expand(self, index: int) -> None:
        """Judge the statements of a kept compound statement's blocks one by one (recursively)."""
        group = self.nodes[index]
        if len(group) != 1:
            return
        blocks, left = [], []
        for block in _blocks(group[0], self._is_elif):
            (blocks if self._own_lines(block) else left).append(block)
        if not blocks:
            return
        # Each block is judged against the whole statement's relevance.
        self.blocks[index] = [self.block(block, index) for block in blocks]
        self.children[index] = [child for block in self.blocks[index] for child in block]
        self.left[index] = left
        self.seed[index] = self.seed[index] and self._relevant(index)
        self._binds[index] = self._words[index] = None
        for child in self.children[index]:
            self.expand(child)

    def _is_elif(self, node: ast.stmt) -> bool:
        return self.code.startswith("elif", self.starts[node.lineno - 1] + node.col_offset)  # indentation is ASCII

    def _own_lines(self, body: list[ast.stmt]) -> bool:
        """Whether the body's statements start their lines (``if x: y`` keeps ``y`` on the header's line)."""
        first = body[0]
        line = self.lines[first.lineno - 1]
        return not line[: first.col_offset].strip(" \t\x0c") and line[: first.col_offset].isascii()

    # -- what a unit says ---------------------------------------------------------------

    def own(self, index: int) -> str:
        """The unit's text without the statements of its expanded blocks (its headers and clauses)."""
        blocks = self.blocks[index]
        if not blocks:
            return self.code[self.start[index]: self.end[index]]
        parts = []
        at = self.start[index]
        for block in blocks:
            parts.append(self.code[at: self.start[block[0]]])
            at = self.end[block[-1]]
        parts.append(self.code[at: self.end[index]])
        return "".join(parts)

    def binds(self, index: int) -> list[tuple[str, int, int]]:
        """(name, start, end): the names the unit may bind and the text where each can be read.

        A name is read in the scope it is bound in, and below: the enclosing
        definition's text (the whole file at top level, or for a name some
        ``global``/``nonlocal`` names anywhere); ``self.x = ...`` is read in
        its class. More is harmless: it only keeps more.
        """
        found = self._binds[index]
        if found is None:
            names, attributes = self._bound(index)
            whole = self.whole
            scope, cls = (whole, whole) if self.parent[index] == -1 else self._scopes(index)
            found = self._binds[index] = (
                [(n, *(whole if n in self.declared else scope)) for n in names]
                + [(n, *cls) for n in attributes]
            )
        return found

    def _scopes(self, index: int) -> tuple[tuple[int, int], tuple[int, int]]:
        """The text of the definition enclosing the unit, and of the class enclosing it (the file when none)."""
        scope = cls = None
        parent = self.parent[index]
        while parent != -1 and cls is None:
            node = self.nodes[parent][0]
            if isinstance(node, _DEFINITIONS):
                span = (self.start[parent], self.end[parent])
                scope = scope or span
                if isinstance(node, ast.ClassDef):
                    cls = span
            parent = self.parent[parent]
        return scope or self.whole, cls or self.whole

    def _bound(self, index: int) -> tuple[set[str], set[str]]:
        """The names and ``self.`` attributes the unit's own text may bind in a way a reader can follow."""
        group = self.nodes[index]
        names: set[str] = set()
        attributes: set[str] = set()
        if self.children[index]:
            node = group[0]
            if ":=" in self.own(index):
                _bound_in(node, names, attributes)  # a walrus in a header: anything inside, to be safe
                return names, attributes
            for name, value in ast.iter_fields(node):
                if name == "target":
                    _bound_in(value, names, attributes)
                elif name == "items":  # with A as a, B as (b, c):
                    _bound_in([item.optional_vars for item in value], names, attributes)
            for block in self.left[index]:
                _bound_in(block, names, attributes)
            return names, attributes
        walrus = ":=" in self.own(index)
        for stmt in group:
            kind = type(stmt)
            if walrus:
                _bound_in(stmt, names, attributes)
            elif kind in _TARGETS:
                _bound_in(_TARGETS[kind](stmt), names, attributes)  # what the value holds binds nothing here
            elif kind in _BINDS_NOTHING or (
                self.parent[index] == -1 and kind in _DEFINITIONS and not _may_bind_outside(self.own(index))
            ):
                continue  # nothing a reader follows (a top-level definition's body binds its own names only)
            else:
                _bound_in(stmt, names, attributes)
        return names, attributes

    # -- the closure ----------------------------------------------------------------------

    def closure(self) -> set[int]:
        """The units kept: what can matter and the statements that hold it."""
        live = range(len(self.nodes))
        order = sorted(live, key=lambda i: self.start[i])
        starts = [self.start[i] for i in order]
        matter = {i for i in live if self.seed[i]}
        reach: dict[str, list[tuple[int, int]]] = {}
        fresh = list(matter)
        rounds = 0
        while fresh:
            rounds += 1
            if rounds > MAX_ROUNDS:
                raise _TooLong  # a chain of names this long is not worth a text search per link
            names = set()
            for i in fresh:
                for name, lo, hi in self.binds(i):
                    reach.setdefault(name, []).append((lo, hi))
                    names.add(name)
            fresh = []
            if not names:
                break
            # Each new name is looked for in the text (most of a long file never mentions it).
            code = self.code
            for name in names:
                found = code.find(name)
                while found >= 0:
                    end = found + len(name)
                    if (found == 0 or not _word_char(code[found - 1])) and (end == len(code) or not _word_char(code[end])):
                        reader = self._innermost(order, starts, found)
                        # Between statements, known already, or in the body of an expanded statement: nothing new.
                        if reader is not None and reader not in matter and name in self.words(reader):
                            if any(lo <= self.start[reader] < hi for lo, hi in reach[name]):
                                matter.add(reader)
                                fresh.append(reader)
                    found = code.find(name, end)
        kept: set[int] = set()
        todo = [i for i in live if i in matter or self.always[i]]
        while todo:
            index = todo.pop()
            if index not in kept:
                kept.add(index)
                if self.parent[index] != -1:
                    todo.append(self.parent[index])
        return kept

    def _innermost(self, order: list[int], starts: list[int], at: int) -> int | None:
        """The innermost unit whose text holds offset ``at`` (None: between statements)."""
        i = bisect_right(starts, at) - 1
        index = order[i] if i >= 0 else -1
        while index != -1 and not (self.start[index] <= at < self.end[index]):
            index = self.parent[index]
        return None if index == -1 else index

    def words(self, index: int) -> set[str]:
        found = self._words[index]
        if found is None:
            found = self._words[index] = set(_WORD.findall(self.own(index)))
        return found

    # -- the text -------------------------------------------------------------------------

    def text(self, top: list[int], kept: set[int]) -> str:
        out: list[str] = []
        at = 0
        for start, end in self._regions(top, kept):
            out.append(self.code[at:start])
            out.append(_blank(self.code[start:end]))
            at = end
        out.append(self.code[at:])
        return "".join(out)

    def _regions(self, block: list[int], kept: set[int]) -> Iterable[tuple[int, int]]:
        """(start, end) of each run of sibling units left out, in source order."""
        run: list[int] = []
        for index in block + [-1]:
            if index != -1 and index not in kept:
                run.append(index)
                continue
            if run:
                yield self.start[run[0]], self.end[run[-1]]
                run = []
            if index != -1:
                for inner in self.blocks[index]:
                    yield from self._regions(inner, kept)


def _blocks(node: ast.stmt, is_elif: Callable[[ast.stmt], bool]) -> list[list[ast.stmt]]:
    """The blocks of statements a compound statement holds, in order: a body, ``elif`` and ``else``
    bodies, handlers, ``finally``, ``case`` bodies (none for a simple statement)."""
    if isinstance(node, (*_DEFINITIONS, ast.With, ast.AsyncWith)):
        return [node.body]
    if isinstance(node, ast.If):
        blocks = [node.body]
        orelse = node.orelse
        while len(orelse) == 1 and isinstance(orelse[0], ast.If) and is_elif(orelse[0]):
            blocks.append(orelse[0].body)
            orelse = orelse[0].orelse
        return blocks + ([orelse] if orelse else [])
    if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
        return [node.body] + ([node.orelse] if node.orelse else [])
    if isinstance(node, _TRIES):
        return [node.body, *(h.body for h in node.handlers)] + [b for b in (node.orelse, node.finalbody) if b]
    if _MATCH is not None and isinstance(node, _MATCH):
        return [case.body for case in node.cases]
    return []


def _groups(body: list[ast.stmt]) -> list[tuple[int, int, list[ast.stmt]]]:
    """Statements as (first line, last line, statements), those sharing a line (``a; b``) together."""
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


def _is_string(stmt: ast.stmt) -> bool:
    return type(stmt) is ast.Expr and type(stmt.value) is ast.Constant and isinstance(stmt.value.value, str)


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _may_bind_outside(text: str) -> bool:
    return "global" in text or "nonlocal" in text or ":=" in text


def _bound_in(value: object, names: set[str], attributes: set[str]) -> None:
    """Add every name bound anywhere inside a node (or a list of nodes), in any scope, and every attribute set.

    A ``def``'s or ``class``'s own name is left out: no reader follows it.
    """
    for top in value if isinstance(value, list) else [value]:
        if not isinstance(top, ast.AST):
            continue
        for sub in ast.walk(top):
            if isinstance(sub, ast.Name):
                if not isinstance(sub.ctx, ast.Load):
                    names.add(sub.id)
            elif isinstance(sub, ast.Attribute):
                if not isinstance(sub.ctx, ast.Load):
                    attributes.add(sub.attr)  # ``self.x = ...``: what ``self.x`` stands for in the class
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


def _blank(region: str) -> str:
    """The region as one string literal of the same length (``0`` and spaces where one does not fit).

    Line breaks stay, so every offset, line and column after it is kept; one
    string token costs libcst next to nothing, where a blank line is a node.
    The region starts where a statement does, so a block it empties still
    holds a statement.
    """
    lines = region.split("\n")
    out = "\n".join(" " * (len(line) - 1) + "\r" if line.endswith("\r") else " " * len(line) for line in lines)
    end = len(out) - (1 if out.endswith("\r") else 0)  # a carriage return ending the region stays after it
    if len(lines[0].rstrip("\r")) < 3 or len(lines[-1].rstrip("\r")) < 3 or end < 6:
        return "0" + out[1:]
    return '"""' + out[3:end - 3] + '"""' + out[end:]
