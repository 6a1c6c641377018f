"""Scopes and the bindings of names in them, worked out from spans and kept nodes alone.

A value can only be followed through a name when it is known which
statements bind that name in the scope that reads it. Python's rules are
modelled as far as that needs: functions, classes, lambdas and
comprehensions open scopes; class bodies are skipped by the scopes nested in
them; ``global`` sends a name's bindings to the module (and so, as an
approximation, does ``nonlocal``); a walrus in a comprehension binds in the
enclosing function. Every binding that does not give a followable value is recorded
as ``other``, so that a name bound once to a literal and once by anything
else is never mistaken for the literal.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterator

import libcst as cst

from .spans import COMPREHENSIONS, SCOPE_KINDS, Span, Spans


@dataclass(eq=False)
class Binding:
    """One way a name gets a value in a scope."""

    kind: str  # value | loop | import | other
    node: cst.CSTNode | None = None  # value: the expression; loop: the For/CompFor; import: None
    qualname: str = ""  # import: what the name stands for
    body: Span | None = None  # loop: the span where the loop variable holds an element


@dataclass(eq=False)
class Scope:
    start: int
    end: int
    kind: str = "module"  # module | function | class | lambda | comprehension
    names: dict[str, list[Binding]] = field(default_factory=dict)
    globals: set[str] = field(default_factory=set)

    @property
    def is_class(self) -> bool:
        return self.kind == "class"


OTHER = Binding("other")


class Scopes:
    """Every scope of one unit, the bindings in each, and what ``self.x`` is set to in each class.

    The table only knows offsets: :func:`read_scopes` fills it from libcst's
    tree, :mod:`.ast_scopes` from the standard library's, by the same rules.
    """

    def __init__(self, spans: dict[int, Span], code_length: int, scopes: list[Scope]) -> None:
        self.spans = spans
        self.module = Scope(0, code_length + 1)
        self.all: list[Scope] = [self.module, *scopes]
        self.all.sort(key=lambda s: (s.start, -s.end))  # innermost last among those holding an offset
        self._starts = [s.start for s in self.all]
        self._parents = _nesting(self.all)
        # ``self.client = OpenAI(...)``: the attribute names the value (when it is set once in the class).
        self.self_attrs: dict[tuple[int, str], list[Binding]] = {}

    def chain(self, offset: int) -> list[Scope]:
        """Scopes containing ``offset``, innermost first."""
        if self._parents is None:
            chain = [s for s in self.all if s.start <= offset < s.end]
            chain.reverse()
            return chain
        # Every scope that holds ``offset`` encloses the last one to start at or before it.
        out = []
        index = bisect_right(self._starts, offset) - 1
        while index >= 0:
            scope = self.all[index]
            if offset < scope.end:
                out.append(scope)
            index = self._parents[index]
        return out

    def at(self, offset: int, *, skip_comprehension: bool = False) -> Scope:
        for scope in self.chain(offset):
            if skip_comprehension and scope.kind == "comprehension":
                continue
            return scope
        return self.module

    def declare(self, offset: int, name: str) -> None:
        """``global name`` (or ``nonlocal``) at ``offset``: its bindings there go to the module."""
        self.at(offset).globals.add(name)
        self.module.names.setdefault(name, []).append(OTHER)

    def add(self, offset: int, name: str, binding: Binding, *, skip_comprehension: bool = False) -> None:
        """A binding of ``name`` by the name written at ``offset``."""
        scope = self.at(offset, skip_comprehension=skip_comprehension)
        if name in scope.globals:
            scope = self.module
        scope.names.setdefault(name, []).append(binding)

    def add_self_attr(self, offset: int, attr: str, binding: Binding) -> None:
        """``self.<attr> = ...`` at ``offset`` (kept for the class enclosing it, if any)."""
        cls = self.enclosing_class(offset)
        if cls is not None:
            self.self_attrs.setdefault((id(cls), attr), []).append(binding)

    def lookup(self, name: str, offset: int) -> list[Binding]:
        """The bindings a name refers to at ``offset`` (empty: a builtin or unknown)."""
        first = True
        for scope in self.chain(offset):
            if scope.is_class and not first:
                continue
            first = False
            if name in scope.globals:
                return self.module.names.get(name, [])
            found = scope.names.get(name)
            if found:
                return found
        return []

    def enclosing_class(self, offset: int) -> Scope | None:
        for scope in self.chain(offset):
            if scope.is_class:
                return scope
        return None

    def comprehension_body(self, start: int, own: Span) -> Span:
        """Where a comprehension's loop variable (its ``for`` at ``start``) holds an element: the whole comprehension."""
        for scope in self.chain(start):
            if scope is not self.module and not scope.is_class:
                return scope.start, scope.end
        return own


def read_scopes(spans: Spans, code_length: int) -> Scopes:
    """The scopes and bindings of a tree libcst parsed whole, from the span pass's kept nodes."""
    by_id = spans.by_id
    found = []
    for node in spans.kept:
        if isinstance(node, SCOPE_KINDS):
            start, end = _extent(by_id, node)
            kind = ("class" if isinstance(node, cst.ClassDef) else "comprehension" if isinstance(node, COMPREHENSIONS)
                    else "lambda" if isinstance(node, cst.Lambda) else "function")
            found.append(Scope(start, end, kind))
    scopes = Scopes(by_id, code_length, found)
    _bind_names(scopes, spans.kept)
    for node in spans.kept:
        if type(node) is cst.Assign and len(node.targets) == 1:
            target = node.targets[0].target
            if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and target.value.value == "self":
                scopes.add_self_attr(by_id[id(node)][0], target.attr.value, Binding("value", node.value))
    return scopes


def _extent(spans: dict[int, Span], node: cst.CSTNode) -> Span:
    """Where a scope's names are visible: a def's or lambda's parameters and body, a class's body."""
    if isinstance(node, (cst.FunctionDef, cst.Lambda)):
        return spans[id(node.params)][0], spans[id(node.body)][1]
    if isinstance(node, cst.ClassDef):
        return spans[id(node.body)]
    return spans[id(node)]


def _nesting(ordered: list[Scope]) -> list[int] | None:
    """Each scope's enclosing scope (an index into ``ordered``; -1 for none), or None if two extents cross.

    Extents come from the syntax tree, so they nest; the check only guards
    :meth:`Scopes.chain`, whose walk up the parents relies on it (it falls
    back to testing every scope).
    """
    parents: list[int] = []
    stack: list[int] = []
    for index, scope in enumerate(ordered):
        while stack and ordered[stack[-1]].end <= scope.start and ordered[stack[-1]].start < scope.start:
            stack.pop()
        if stack and ordered[stack[-1]].end < scope.end:
            return None
        parents.append(stack[-1] if stack else -1)
        stack.append(index)
    return parents


def _bind_names(scopes: Scopes, kept: list[cst.CSTNode]) -> None:
    """Record what each statement binds, in the scope it binds in (``global`` names first)."""
    spans = scopes.spans
    for node in kept:
        if isinstance(node, (cst.Global, cst.Nonlocal)):
            for item in node.names:
                scopes.declare(spans[id(node)][0], item.name.value)

    def add(name_node: cst.CSTNode, name: str, binding: Binding, *, skip_comprehension: bool = False) -> None:
        scopes.add(spans[id(name_node)][0], name, binding, skip_comprehension=skip_comprehension)

    for node in kept:
        t = type(node)
        if t is cst.Assign:
            single = len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name)
            for target in node.targets:
                for name in _targets(target.target):
                    add(name, name.value, Binding("value", node.value) if single else OTHER)
        elif t is cst.AnnAssign:
            if node.value is not None and isinstance(node.target, cst.Name):
                add(node.target, node.target.value, Binding("value", node.value))
        elif t is cst.For or t is cst.CompFor:
            names = list(_targets(node.target))
            if len(names) == 1 and isinstance(node.target, cst.Name):
                body = spans[id(node.body)] if t is cst.For else scopes.comprehension_body(spans[id(node)][0], spans[id(node)])
                add(names[0], names[0].value, Binding("loop", node, body=body))
            else:
                for name in names:
                    add(name, name.value, OTHER)
        elif t is cst.WithItem:
            if node.asname is not None:
                target = node.asname.name
                if isinstance(target, cst.Name):
                    add(target, target.value, Binding("value", node.item))
                else:
                    for name in _targets(target):
                        add(name, name.value, OTHER)
        elif t is cst.Import:
            for alias in node.names:
                dotted = dotted_name(alias.name)
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    add(alias.asname.name, alias.asname.name.value, Binding("import", qualname=dotted))
                else:
                    head = dotted.split(".")[0]
                    add(alias.name, head, Binding("import", qualname=head))
        elif t is cst.ImportFrom:
            if isinstance(node.names, cst.ImportStar):
                continue
            # A relative import names a module of this project: what it binds cannot be followed.
            base = None if node.relative or node.module is None else dotted_name(node.module)
            for alias in node.names:
                bound = alias.asname.name if alias.asname is not None else alias.name
                if isinstance(bound, cst.Name):
                    add(bound, bound.value, OTHER if base is None else Binding("import", qualname=f"{base}.{dotted_name(alias.name)}"))
        elif t is cst.AugAssign or t is cst.Del:
            for name in _targets(node.target):
                add(name, name.value, OTHER)
        elif t is cst.NamedExpr:
            for name in _targets(node.target):
                add(name, name.value, OTHER, skip_comprehension=True)
        elif t is cst.FunctionDef or t is cst.ClassDef or t is cst.Param or t is cst.MatchAs or t is cst.MatchStar:
            if node.name is not None:
                add(node.name, node.name.value, OTHER)
        elif t is cst.ExceptHandler or t.__name__ == "ExceptStarHandler":
            if node.name is not None and isinstance(node.name.name, cst.Name):
                add(node.name.name, node.name.name.value, OTHER)


def _targets(target: cst.BaseExpression) -> Iterator[cst.Name]:
    """The names an assignment target binds (``a``, ``a, (b, *c)``); attributes and subscripts bind none."""
    if isinstance(target, cst.Name):
        yield target
    elif isinstance(target, (cst.Tuple, cst.List)):
        for el in target.elements:
            yield from _targets(el.value)
    elif isinstance(target, cst.StarredElement):
        yield from _targets(target.value)


def dotted_name(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{dotted_name(node.value)}.{node.attr.value}"
    return ""
