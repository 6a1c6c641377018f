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
    node: cst.CSTNode | None  # None: the module
    start: int
    end: int
    is_class: bool = False
    names: dict[str, list[Binding]] = field(default_factory=dict)
    globals: set[str] = field(default_factory=set)


OTHER = Binding("other")


class Scopes:
    """Every scope of one unit, the bindings in each, and what ``self.x`` is set to in each class."""

    def __init__(self, spans: Spans, code_length: int) -> None:
        self.spans = spans.by_id
        self.module = Scope(None, 0, code_length + 1)
        self.all: list[Scope] = [self.module]
        for node in spans.kept:
            if isinstance(node, SCOPE_KINDS):
                start, end = self._extent(node)
                self.all.append(Scope(node, start, end, is_class=isinstance(node, cst.ClassDef)))
        self.all.sort(key=lambda s: (s.start, -s.end))  # innermost last among those holding an offset
        self._starts = [s.start for s in self.all]
        self._parents = _nesting(self.all)
        _bind_names(self, spans.kept)
        # ``self.client = OpenAI(...)``: the attribute names the value (when it is set once in the class).
        self.self_attrs: dict[tuple[int, str], list[cst.BaseExpression]] = {}
        for node in spans.kept:
            if type(node) is cst.Assign and len(node.targets) == 1:
                target = node.targets[0].target
                if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and target.value.value == "self":
                    cls = self.enclosing_class(self.spans[id(node)][0])
                    if cls is not None:
                        self.self_attrs.setdefault((id(cls), target.attr.value), []).append(node.value)

    def _extent(self, node: cst.CSTNode) -> Span:
        """Where a scope's names are visible: a def's or lambda's parameters and body, a class's body."""
        if isinstance(node, (cst.FunctionDef, cst.Lambda)):
            return self.spans[id(node.params)][0], self.spans[id(node.body)][1]
        if isinstance(node, cst.ClassDef):
            return self.spans[id(node.body)]
        return self.spans[id(node)]

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
            if skip_comprehension and isinstance(scope.node, COMPREHENSIONS):
                continue
            return scope
        return self.module

    def add(self, name_node: cst.CSTNode, name: str, binding: Binding, *, skip_comprehension: bool = False) -> None:
        scope = self.at(self.spans[id(name_node)][0], skip_comprehension=skip_comprehension)
        if name in scope.globals:
            scope = self.module
        scope.names.setdefault(name, []).append(binding)

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

    def enclosing_class(self, offset: int) -> cst.ClassDef | None:
        for scope in self.chain(offset):
            if scope.is_class:
                return scope.node  # type: ignore[return-value]
        return None

    def comprehension_body(self, comp_for: cst.CompFor) -> Span:
        """Where a comprehension's loop variable holds an element: the whole comprehension."""
        start = self.spans[id(comp_for)][0]
        for scope in self.chain(start):
            if scope.node is not None and not scope.is_class:
                return scope.start, scope.end
        return self.spans[id(comp_for)]


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
    for node in kept:
        if isinstance(node, (cst.Global, cst.Nonlocal)):
            scope = scopes.at(scopes.spans[id(node)][0])
            for item in node.names:
                scope.globals.add(item.name.value)
                scopes.module.names.setdefault(item.name.value, []).append(OTHER)
    add = scopes.add
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
                body = scopes.spans[id(node.body)] if t is cst.For else scopes.comprehension_body(node)
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
