"""Scopes and bindings of a module libcst parsed only in part, read from the standard library's ``ast``.

When :mod:`flexlint.sources.python_slice` gives libcst only the statements
that can hold a request, the statements that bind the names those read are
blanked out of libcst's tree, and a libcst pass over the whole file would
cost as much as the parse saved. ``ast`` has already read every statement,
so the scope table (:class:`.scopes.Scopes`) is filled from it, by the rules
:func:`.scopes.read_scopes` applies to libcst's tree; offsets come from
ast's lines and UTF-8 columns. The test that lints every file we hold both
ways holds the two readings to the same findings.

A binding's expression is libcst's, as every reader expects. It is looked up
when a reader first follows the name (:class:`LazyBinding`): in the tree
libcst parsed when the statement is there; else that statement is parsed at
its own place, with everything around it blanked; and should that fail, the
whole code is parsed once.
"""

from __future__ import annotations

import ast
from bisect import bisect_left, bisect_right
from typing import Any, Callable, Iterator

import libcst as cst

from .scopes import OTHER, Binding, Scope, Scopes
from .spans import Span, Spans, span_pass

_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)

Key = tuple[str, int]  # (what binds, where the bound name starts)
_UNDER = "if 1:\n"


class LazyBinding:
    """A binding whose libcst node is found when first asked for (most are never followed)."""

    __slots__ = ("kind", "qualname", "body", "_key", "_statement", "_part", "_nodes", "_node", "_found")

    def __init__(self, kind: str, key: Key, statement: ast.stmt, part: str, nodes: "LazyNodes",
                 body: Span | None = None) -> None:
        self.kind = kind
        self.qualname = ""
        self.body = body
        self._key = key
        self._statement = statement
        self._part = part  # the statement's field that is the value ("" for the loop itself)
        self._nodes = nodes
        self._found = False
        self._node: cst.CSTNode | None = None

    @property
    def node(self) -> cst.CSTNode | None:
        if not self._found:
            self._found = True
            found = self._nodes.find(self._key, self._statement)
            self._node = getattr(found, self._part) if found is not None and self._part else found
        return self._node


class LazyNodes:
    """libcst's statement nodes by :data:`Key`: from the parsed tree, else parsed when asked for."""

    def __init__(self, unit: Any, spans: Spans) -> None:
        self.unit = unit
        self.spans = spans
        self._main: dict[Key, cst.CSTNode] | None = None
        self._alone: dict[tuple[str, int], dict[Key, cst.CSTNode]] = {}
        self._trees: list[cst.Module] = []  # kept alive: their nodes' spans are keyed by id

    def find(self, key: Key, statement: ast.stmt) -> cst.CSTNode | None:
        if self._main is None:
            self._main = _index(self.spans.by_id, self.spans.kept)
        found = self._main.get(key)
        if found is None:
            found = self._parsed(*self._lines_of(statement)).get(key)
        if found is None:  # its lines do not parse alone (``else: x = 1``): blanked around, at its place
            found = self._parsed(self.unit.sliced.alone(key[1]), 0).get(key)
        if found is None:
            found = self._parsed(self.unit.code, 0).get(key)
        return found

    def _lines_of(self, statement: ast.stmt) -> tuple[str, int]:
        """The lines of a statement, as a module of their own, and the offset of that text in the code.

        An indented statement is put under ``if 1:``, so that its lines keep their columns.
        """
        code = self.unit.code
        starts = self.unit.sliced.units.starts
        first = min([statement.lineno] + [d.lineno for d in getattr(statement, "decorator_list", ())])
        start = starts[first - 1]
        end = starts[statement.end_lineno] if statement.end_lineno < len(starts) else len(code)
        text = code[start:end]
        if text[:1] in (" ", "\t", "\x0c"):
            return _UNDER + text, start - len(_UNDER)
        return text, start

    def _parsed(self, text: str, base: int) -> dict[Key, cst.CSTNode]:
        index = self._alone.get((text, base))
        if index is None:
            index = self._alone[(text, base)] = self._parse(text, base)
        return index

    def _parse(self, text: str, base: int) -> dict[Key, cst.CSTNode]:
        try:
            module = cst.parse_module(text)
            by_id, kept = span_pass()(module, text)
        except Exception:  # not alone: the next way is tried
            return {}
        self._trees.append(module)
        spans = self.spans.by_id
        if base:
            spans.update({key: (start + base, end + base) for key, (start, end) in by_id.items()})
        else:
            spans.update(by_id)
        return _index(spans, kept)


def _index(by_id: dict[int, Span], kept: list[cst.CSTNode]) -> dict[Key, cst.CSTNode]:
    """The binding statements among ``kept``, by what they bind and where the bound name starts."""

    def start(name: cst.Name) -> int:  # where the name itself starts, inside any parentheses
        return by_id[id(name.lpar[-1])][1] if name.lpar else by_id[id(name)][0]

    out: dict[Key, cst.CSTNode] = {}
    for node in kept:
        t = type(node)
        if t is cst.Assign:
            if len(node.targets) == 1:
                target = node.targets[0].target
                if type(target) is cst.Name:
                    out[("assign", start(target))] = node
                elif type(target) is cst.Attribute:
                    out[("attribute", by_id[id(target.attr)][0])] = node
        elif t is cst.AnnAssign:
            if type(node.target) is cst.Name:
                out[("annotated", start(node.target))] = node
        elif t is cst.For or t is cst.CompFor:
            if type(node.target) is cst.Name:
                out[("loop", start(node.target))] = node
        elif t is cst.WithItem:
            if node.asname is not None and type(node.asname.name) is cst.Name:
                out[("with", start(node.asname.name))] = node
    return out


def ast_scopes(unit: Any, spans: Spans) -> Scopes:
    """The scope table of a sliced unit, read from the statements ast parsed (``unit.sliced.body``).

    Names are looked up only where libcst's tree has something (a statement
    kept) and where a followed binding is written, which is always in a
    scope that holds a kept statement, or in a class that does (``self.x``).
    So the body of a function or class that holds none is not read: its own
    names are invisible from outside, unless a ``global`` or ``nonlocal``
    in it sends one out, and then it is read.
    """
    reader = _Reader(unit.code, unit.sliced.units.starts, LazyNodes(unit, spans), unit.sliced.holds_kept)
    reader.statements(unit.sliced.body)
    scopes = Scopes(spans.by_id, len(unit.code), reader.scopes)
    for offset, name in reader.declared:
        scopes.declare(offset, name)
    for offset, name, binding, skip in reader.bindings:
        scopes.add(offset, name, binding, skip_comprehension=skip)
    for offset, attr, binding in reader.attributes:
        scopes.add_self_attr(offset, attr, binding)
    return scopes


class _Reader:
    """One walk over ast's statements: the scopes, the bindings and ``self.x = ...``, with their offsets."""

    def __init__(self, code: str, starts: list[int], nodes: LazyNodes, holds_kept: Callable[[int, int], bool]) -> None:
        self.code = code
        self.holds_kept = holds_kept
        self.in_kept_class = 0  # > 0: inside a class that holds a kept statement, where every method is read
        self.starts = starts
        self.nodes = nodes
        self.scoped_lines = _lines_with(code, starts, (":=", "lambda", "for"))
        self.scopes: list[Scope] = []
        self.declared: list[tuple[int, str]] = []
        self.bindings: list[tuple[int, str, Any, bool]] = []
        self.attributes: list[tuple[int, str, Any]] = []
        self.current: Any = None  # the innermost statement being read

    # -- positions -------------------------------------------------------------------

    def offset(self, line: int, column: int) -> int:
        """The character offset of ast's (line, UTF-8 column)."""
        start = self.starts[line - 1]
        if column == 0 or self.code[start: start + column].isascii():
            return start + column
        end = self.code.find("\n", start)
        text = self.code[start: len(self.code) if end < 0 else end]
        return start + len(text.encode("utf-8", "surrogatepass")[:column].decode("utf-8", "surrogatepass"))

    def at(self, node: Any) -> int:
        return self.offset(node.lineno, node.col_offset)

    def end(self, node: Any) -> int:
        return self.offset(node.end_lineno, node.end_col_offset)

    def block_start(self, body: list[ast.stmt]) -> int:
        """Where a block starts, as libcst places it: at its first statement, after any decorators of it."""
        return self.at(body[0])

    # -- bindings --------------------------------------------------------------------

    def bind(self, offset: int, name: str, binding: Any = OTHER, skip_comprehension: bool = False) -> None:
        self.bindings.append((offset, name, binding, skip_comprehension))

    def value(self, what: str, name: ast.Name, part: str, body: Span | None = None) -> LazyBinding:
        kind = "loop" if what == "loop" else "value"
        return LazyBinding(kind, (what, self.at(name)), self.current, part, self.nodes, body)

    def targets(self, target: ast.expr, binding: Any = OTHER, skip_comprehension: bool = False) -> None:
        for name in _targets(target):
            self.bind(self.at(name), name.id, binding, skip_comprehension)

    # -- statements -------------------------------------------------------------------

    def statements(self, body: list[ast.stmt]) -> None:
        outer = self.current
        for node in body:
            self.current = node
            self.statement(node)
        self.current = outer

    def statement(self, node: ast.stmt) -> None:
        t = type(node)
        if t is ast.Assign:
            single = len(node.targets) == 1 and type(node.targets[0]) is ast.Name
            for target in node.targets:
                for name in _targets(target):
                    self.bind(self.at(name), name.id, self.value("assign", name, "value") if single else OTHER)
                self.expression(target)
            if len(node.targets) == 1:
                target = node.targets[0]
                if type(target) is ast.Attribute and type(target.value) is ast.Name and target.value.id == "self":
                    attr_at = self.end(target) - len(target.attr)
                    binding = LazyBinding("value", ("attribute", attr_at), node, "value", self.nodes)
                    self.attributes.append((self.at(node), target.attr, binding))
            self.expression(node.value)
        elif t is ast.AnnAssign:
            if node.value is not None and type(node.target) is ast.Name:
                self.bind(self.at(node.target), node.target.id, self.value("annotated", node.target, "value"))
            self.expressions(node.target, node.annotation, node.value)
        elif t is ast.AugAssign:
            self.targets(node.target)
            self.expressions(node.target, node.value)
        elif t is ast.Delete:
            for target in node.targets:
                self.targets(target)
        elif t is ast.For or t is ast.AsyncFor:
            names = list(_targets(node.target))
            if len(names) == 1 and type(node.target) is ast.Name:
                body = (self.block_start(node.body), self.end(node.body[-1]))
                self.bind(self.at(node.target), node.target.id, self.value("loop", node.target, "", body))
            else:
                self.targets(node.target)
            self.expressions(node.target, node.iter)
            self.statements(node.body)
            self.statements(node.orelse)
        elif t is ast.With or t is ast.AsyncWith:
            for item in node.items:
                target = item.optional_vars
                if type(target) is ast.Name:
                    self.bind(self.at(target), target.id, self.value("with", target, "item"))
                elif target is not None:
                    self.targets(target)
                self.expressions(item.context_expr, target)
            self.statements(node.body)
        elif t is ast.Import:
            for alias in node.names:
                where = self.at(alias) if hasattr(alias, "lineno") else self.at(node)
                if alias.asname is not None:
                    self.bind(where, alias.asname, Binding("import", qualname=alias.name))
                else:
                    head = alias.name.split(".")[0]
                    self.bind(where, head, Binding("import", qualname=head))
        elif t is ast.ImportFrom:
            if any(alias.name == "*" for alias in node.names):
                return
            # A relative import names a module of this project: what it binds cannot be followed.
            base = None if node.level or node.module is None else node.module
            for alias in node.names:
                where = self.at(alias) if hasattr(alias, "lineno") else self.at(node)
                bound = alias.asname or alias.name
                self.bind(where, bound, OTHER if base is None else Binding("import", qualname=f"{base}.{alias.name}"))
        elif t is ast.Global or t is ast.Nonlocal:
            where = self.at(node)
            self.declared.extend((where, name) for name in node.names)
        elif t in _FUNCTIONS:
            self.function(node)
        elif t is ast.ClassDef:
            where = self.at(node)
            self.bind(where, node.name)
            self.expressions(*node.decorator_list, *node.bases, *(k.value for k in node.keywords))
            end = self.end(node.body[-1])
            self.scopes.append(Scope(self.block_start(node.body), end, "class"))
            holds = self.holds_kept(self.first_line(node), end)
            if holds or self.in_kept_class or self.sends_out(where, end):
                self.in_kept_class += holds
                self.statements(node.body)
                self.in_kept_class -= holds
        elif t is ast.Try or type(node).__name__ == "TryStar":
            self.statements(node.body)
            for handler in node.handlers:
                if handler.name is not None:
                    self.bind(self.at(handler), handler.name)
                self.expression(handler.type)
                self.statements(handler.body)
            self.statements(node.orelse)
            self.statements(node.finalbody)
        elif type(node).__name__ == "Match":
            self.expression(node.subject)
            for case in node.cases:
                for pattern in ast.walk(case.pattern):
                    if type(pattern) in (ast.MatchAs, ast.MatchStar) and pattern.name is not None:
                        self.bind(self.at(pattern), pattern.name)
                self.expression(case.guard)
                self.statements(case.body)
        else:  # If, While, Expr, Return, Raise, Assert, ...: their expressions, then their blocks
            for field in node._fields:
                value = getattr(node, field)
                if isinstance(value, ast.expr):
                    self.expression(value)
                elif isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                    self.statements(value)
                elif isinstance(value, list):
                    self.expressions(*(v for v in value if isinstance(v, ast.expr)))

    def function(self, node: Any) -> None:
        where = self.at(node)
        self.bind(where, node.name)
        args = node.args
        self.expressions(*node.decorator_list, *args.defaults, *(d for d in args.kw_defaults if d is not None), node.returns,
                         *(a.annotation for a in _arguments(args) if a.annotation is not None))
        # The parameters' scope opens at the parenthesis (after any type parameters): the name is bound outside.
        after = self.end(node.type_params[-1]) if getattr(node, "type_params", None) else where
        end = self.end(node.body[-1])
        self.scopes.append(Scope(self.code.index("(", after) + 1, end, "function"))
        for arg in _arguments(args):
            self.bind(self.at(arg), arg.arg)
        if self.in_kept_class or self.holds_kept(self.first_line(node), end) or self.sends_out(where, end):
            self.statements(node.body)

    def first_line(self, node: Any) -> int:
        """Where a definition's first line starts (its first decorator's), as its statement kept would."""
        return self.starts[min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1]

    def sends_out(self, start: int, end: int) -> bool:
        """Whether the text may declare a name ``global`` or ``nonlocal`` (a word in a string counts too)."""
        return self.code.find("global", start, end) >= 0 or self.code.find("nonlocal", start, end) >= 0

    # -- expressions -------------------------------------------------------------------

    def expressions(self, *nodes: Any) -> None:
        for node in nodes:
            self.expression(node)

    def expression(self, node: Any) -> None:
        """Walk an expression for the scopes and bindings it makes (lambdas, comprehensions, walruses)."""
        if node is None:
            return
        lines = self.scoped_lines
        i = bisect_left(lines, node.lineno)
        if i == len(lines) or lines[i] > node.end_lineno:
            return  # nothing on its lines can open a scope or bind
        stack = [node]
        while stack:
            n = stack.pop()
            t = type(n)
            if t is ast.NamedExpr:
                self.targets(n.target, skip_comprehension=True)
                stack.append(n.value)
            elif t is ast.Lambda:
                args = n.args
                # The scope opens after the keyword, where cst's parameters start (or end, when there are none).
                self.scopes.append(Scope(self.at(n) + len("lambda"), self.end(n), "lambda"))
                for arg in _arguments(args):
                    self.bind(self.at(arg), arg.arg)
                stack.extend(args.defaults)
                stack.extend(d for d in args.kw_defaults if d is not None)
                stack.append(n.body)
            elif t in _COMPREHENSIONS:
                extent = (self.at(n), self.end(n))
                if t is ast.GeneratorExp:  # ast counts its parentheses (or the call's), libcst does not
                    extent = (extent[0] + 1, extent[1] - 1)
                self.scopes.append(Scope(*extent, "comprehension"))
                for generator in n.generators:
                    target = generator.target
                    names = list(_targets(target))
                    if len(names) == 1 and type(target) is ast.Name:
                        self.bind(self.at(target), target.id, self.value("loop", target, "", extent))
                    else:
                        self.targets(target)
                    stack.append(generator.iter)
                    stack.extend(generator.ifs)
                    stack.append(target)
                stack.extend((n.key, n.value) if t is ast.DictComp else (n.elt,))
            else:
                stack.extend(ast.iter_child_nodes(n))


def _lines_with(code: str, starts: list[int], words: tuple[str, ...]) -> list[int]:
    """The (1-based) lines where a word occurs, even inside another: only expressions on them can open a
    scope or bind a name (a walrus, a lambda, a comprehension), so only those are walked."""
    lines = set()
    for word in words:
        at = code.find(word)
        while at >= 0:
            line = bisect_right(starts, at)
            lines.add(line)
            at = code.find(word, starts[line] if line < len(starts) else len(code))  # on to the next line
    return sorted(lines)


def _arguments(args: ast.arguments) -> Iterator[ast.arg]:
    yield from args.posonlyargs
    yield from args.args
    if args.vararg is not None:
        yield args.vararg
    yield from args.kwonlyargs
    if args.kwarg is not None:
        yield args.kwarg


def _targets(target: ast.expr) -> Iterator[ast.Name]:
    """The names an assignment target binds (``a``, ``a, (b, *c)``); attributes and subscripts bind none."""
    if type(target) is ast.Name:
        yield target
    elif isinstance(target, (ast.Tuple, ast.List)):
        for el in target.elts:
            yield from _targets(el)
    elif type(target) is ast.Starred:
        yield from _targets(target.value)
