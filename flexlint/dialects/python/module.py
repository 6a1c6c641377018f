"""What a parsed Python module says, as far as it can be known without running it.

libcst's metadata providers (positions, scopes, qualified names) each walk
the whole tree through the visitor machinery, which costs more than parsing.
This module gets everything in one pass instead: it regenerates the code
through a codegen state that counts characters (the tree is lossless, so the
count is the offset into the source) and, on the way, keeps the few node
kinds that bind names or make calls. Scopes, bindings and values are then
worked out from those alone.

Values are followed only where they are certain: literals, names bound once
to a literal in their scope (or an enclosing one), ``for`` loops over
literal lists (one value per element), ``**`` of literal dicts. Anything
else is unknown and left alone, never guessed.
"""

from __future__ import annotations

import ast
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator

import libcst as cst
from libcst._nodes.internal import CodegenState

from ...core.document import UNKNOWN, Node
from ...sources.python_source import CodeUnit

MAX_FORKS = 64  # combinations of loop elements followed for one call



_SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
_KEPT = frozenset(
    {
        cst.Call, cst.Assign, cst.AnnAssign, cst.AugAssign, cst.For, cst.CompFor, cst.WithItem,
        cst.ExceptHandler, cst.Import, cst.ImportFrom, cst.Param, cst.NamedExpr, cst.Global,
        cst.Nonlocal, cst.Del, cst.MatchAs, cst.MatchStar, cst.Dict, *_SCOPES,
    }
    | ({cst.ExceptStarHandler} if hasattr(cst, "ExceptStarHandler") else set())
)


class _OffsetState(CodegenState):
    """Codegen that records each node's character span and keeps the nodes that matter.

    Only offsets are counted: the code itself is never assembled (it is the
    source). Spans are keyed by ``id(node)``: libcst nodes hash in Python, and
    this state touches every node of the module.
    """

    def __init__(self, module: cst.Module) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.offset = 0
        self.stack: list[int] = []
        self.spans: dict[int, tuple[int, int]] = {}
        self.kept: list[cst.CSTNode] = []

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.offset += len(token)

    def add_token(self, value: str) -> None:
        self.offset += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self.stack.append(self.offset)

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self.stack.pop()
        self.spans.setdefault(id(node), (start, self.offset))
        if type(node) in _KEPT:
            self.kept.append(node)

    def record_syntactic_position(self, node, *, start_node=None, end_node=None):  # type: ignore[override]
        return _Syntactic(self, node, start_node, end_node)


class _Syntactic:
    """``record_syntactic_position`` as a plain context manager (a generator-based one costs twice as much)."""

    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(self, state: _OffsetState, node, start_node, end_node) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self) -> None:
        self.start = self.state.offset

    def __exit__(self, *exc: object) -> None:
        spans = self.state.spans
        start = spans[id(self.start_node)][0] if self.start_node is not None else self.start
        end = spans[id(self.end_node)][1] if self.end_node is not None else self.state.offset
        spans[id(self.node)] = (start, end)


# ------------------------------------------------------------------- bindings


@dataclass(eq=False)
class Binding:
    """One way a name gets a value in a scope."""

    kind: str  # value | loop | import | other
    node: cst.CSTNode | None = None  # value: the expression; loop: the For/CompFor; import: None
    qualname: str = ""  # import: what the name stands for
    body: tuple[int, int] | None = None  # loop: the span where the loop variable holds an element


@dataclass(eq=False)
class Scope:
    node: cst.CSTNode | None  # None: the module
    start: int
    end: int
    is_class: bool = False
    names: dict[str, list[Binding]] = field(default_factory=dict)
    globals: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Loop:
    """A ``for`` over a literal sequence: one element per fork."""

    binding: Binding
    elements: tuple[cst.BaseExpression, ...]


@dataclass(frozen=True)
class TimeoutValue:
    """``httpx.Timeout(...)``: the read timeout decides whether a slow response is cut off."""

    seconds: float | None  # None: no limit


class Module:
    """One parsed unit with spans, scopes and bindings."""

    def __init__(self, unit: CodeUnit) -> None:
        self.unit = unit
        module: cst.Module = unit.module
        state = _OffsetState(module)
        module._codegen(state)
        self.spans = state.spans
        self.kept = sorted(state.kept, key=lambda n: state.spans[id(n)][0])
        self.calls = [n for n in self.kept if type(n) is cst.Call]
        self.dicts = [n for n in self.kept if type(n) is cst.Dict]
        self.code = unit.code
        self.scopes: list[Scope] = [Scope(None, 0, len(self.code) + 1)]
        self._build_scopes()
        self._bind()
        self._mutated: dict[str, bool] = {}
        self.self_attrs: dict[tuple[int, str], list[cst.BaseExpression]] = {}
        self._bind_self_attributes()

    # -- positions --------------------------------------------------------

    def span(self, node: cst.CSTNode) -> tuple[int, int]:
        return self.spans[id(node)]

    def doc_span(self, node: cst.CSTNode) -> tuple[int, int]:
        start, end = self.spans[id(node)]
        return self.unit.to_document(start), self.unit.to_document(end)

    def node(self, cst_node: cst.CSTNode, value: Any, path: tuple = (), key: Node | None = None) -> Node:
        start, end = self.doc_span(cst_node)
        return Node(value, start, end, path, key)

    # -- scopes -----------------------------------------------------------

    def _build_scopes(self) -> None:
        for node in self.kept:
            if not isinstance(node, _SCOPES):
                continue
            if isinstance(node, cst.FunctionDef):
                start, end = self.spans[id(node.params)][0], self.spans[id(node.body)][1]
            elif isinstance(node, cst.ClassDef):
                start, end = self.spans[id(node.body)]
            elif isinstance(node, cst.Lambda):
                start, end = self.spans[id(node.params)][0], self.spans[id(node.body)][1]
            else:
                start, end = self.spans[id(node)]
            self.scopes.append(Scope(node, start, end, is_class=isinstance(node, cst.ClassDef)))
        # innermost last when sorted by (start, -end)
        self.scopes.sort(key=lambda s: (s.start, -s.end))

    def scope_chain(self, offset: int) -> list[Scope]:
        """Scopes containing ``offset``, innermost first."""
        chain = [s for s in self.scopes if s.start <= offset < s.end]
        chain.reverse()
        return chain

    def _scope_at(self, offset: int, *, skip_comprehension: bool = False) -> Scope:
        for scope in self.scope_chain(offset):
            if skip_comprehension and isinstance(scope.node, (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)):
                continue
            return scope
        return self.scopes[0]

    def _add(self, name_node: cst.CSTNode, name: str, binding: Binding, *, skip_comprehension: bool = False) -> None:
        scope = self._scope_at(self.spans[id(name_node)][0], skip_comprehension=skip_comprehension)
        if name in scope.globals:
            scope = self.scopes[0]
        scope.names.setdefault(name, []).append(binding)

    def _targets(self, target: cst.BaseExpression) -> Iterator[cst.Name]:
        if isinstance(target, cst.Name):
            yield target
        elif isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                yield from self._targets(el.value)
        elif isinstance(target, cst.StarredElement):
            yield from self._targets(target.value)

    def _bind(self) -> None:
        other = Binding("other")
        for node in self.kept:
            if isinstance(node, (cst.Global, cst.Nonlocal)):
                scope = self._scope_at(self.spans[id(node)][0])
                for item in node.names:
                    scope.globals.add(item.name.value)
                    self.scopes[0].names.setdefault(item.name.value, []).append(other)
        for node in self.kept:
            t = type(node)
            if t is cst.Assign:
                single = len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name)
                for target in node.targets:
                    for name in self._targets(target.target):
                        self._add(name, name.value, Binding("value", node.value) if single else other)
            elif t is cst.AnnAssign:
                if node.value is not None and isinstance(node.target, cst.Name):
                    self._add(node.target, node.target.value, Binding("value", node.value))
            elif t is cst.AugAssign:
                for name in self._targets(node.target):
                    self._add(name, name.value, other)
            elif t is cst.For or t is cst.CompFor:
                names = list(self._targets(node.target))
                if len(names) == 1 and isinstance(node.target, cst.Name):
                    body = self.spans[id(node.body)] if t is cst.For else self._comp_body(node)
                    self._add(names[0], names[0].value, Binding("loop", node, body=body))
                else:
                    for name in names:
                        self._add(name, name.value, other)
            elif t is cst.WithItem:
                if node.asname is not None:
                    target = node.asname.name
                    if isinstance(target, cst.Name):
                        self._add(target, target.value, Binding("value", node.item))
                    else:
                        for name in self._targets(target):
                            self._add(name, name.value, other)
            elif t is cst.Import:
                for alias in node.names:
                    dotted = _dotted(alias.name)
                    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                        self._add(alias.asname.name, alias.asname.name.value, Binding("import", qualname=dotted))
                    else:
                        head = dotted.split(".")[0]
                        self._add(alias.name, head, Binding("import", qualname=head))
            elif t is cst.ImportFrom:
                if node.relative or isinstance(node.names, cst.ImportStar) or node.module is None:
                    if not isinstance(node.names, cst.ImportStar):
                        for alias in node.names:
                            bound = alias.asname.name if alias.asname is not None else alias.name
                            if isinstance(bound, cst.Name):
                                self._add(bound, bound.value, other)
                    continue
                base = _dotted(node.module)
                for alias in node.names:
                    bound = alias.asname.name if alias.asname is not None else alias.name
                    if isinstance(bound, cst.Name):
                        self._add(bound, bound.value, Binding("import", qualname=f"{base}.{_dotted(alias.name)}"))
            elif t is cst.FunctionDef or t is cst.ClassDef:
                self._add(node.name, node.name.value, other)
            elif t is cst.Param:
                self._add(node.name, node.name.value, other)
            elif t is cst.NamedExpr:
                for name in self._targets(node.target):
                    self._add(name, name.value, other, skip_comprehension=True)
            elif t is cst.Del:
                for name in self._targets(node.target):
                    self._add(name, name.value, other)
            elif t is cst.ExceptHandler or t.__name__ == "ExceptStarHandler":
                if node.name is not None and isinstance(node.name.name, cst.Name):
                    self._add(node.name.name, node.name.name.value, other)
            elif t is cst.MatchAs or t is cst.MatchStar:
                if node.name is not None:
                    self._add(node.name, node.name.value, other)

    def _comp_body(self, comp_for: cst.CompFor) -> tuple[int, int]:
        """Where a comprehension's loop variable holds an element: the whole comprehension."""
        start = self.spans[id(comp_for)][0]
        for scope in self.scope_chain(start):
            if scope.node is not None and not scope.is_class:
                return scope.start, scope.end
        return self.spans[id(comp_for)]

    def _bind_self_attributes(self) -> None:
        """``self.client = OpenAI(...)`` in a class: the attribute names the value (if set once)."""
        for node in self.kept:
            if type(node) is not cst.Assign or len(node.targets) != 1:
                continue
            target = node.targets[0].target
            if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and target.value.value == "self":
                cls = self.enclosing_class(self.spans[id(node)][0])
                if cls is not None:
                    self.self_attrs.setdefault((id(cls), target.attr.value), []).append(node.value)

    def enclosing_class(self, offset: int) -> cst.ClassDef | None:
        for scope in self.scope_chain(offset):
            if scope.is_class:
                return scope.node  # type: ignore[return-value]
        return None

    # -- names ------------------------------------------------------------

    def lookup(self, name: str, offset: int) -> list[Binding]:
        """The bindings a name refers to at ``offset`` (empty: a builtin or unknown)."""
        first = True
        for scope in self.scope_chain(offset):
            if scope.is_class and not first:
                continue
            first = False
            if name in scope.globals:
                return self.scopes[0].names.get(name, [])
            found = scope.names.get(name)
            if found:
                return found
        return []

    def single(self, name: cst.Name) -> Binding | None:
        """The one binding of a name, when it has exactly one and is never mutated in place."""
        bindings = self.lookup(name.value, self.spans[id(name)][0])
        if len(bindings) != 1:
            imports = {b.qualname for b in bindings if b.kind == "import"}
            if bindings and len(imports) == 1 and all(b.kind == "import" for b in bindings):
                return bindings[0]  # the same import in two branches (try/except ImportError)
            return None
        binding = bindings[0]
        if binding.kind in ("value", "loop") and self.mutated(name.value):
            return None
        return binding

    def mutated(self, name: str) -> bool:
        """Conservatively: is the name's object changed in place anywhere (`x.append`, `x[k] = v`)?"""
        cached = self._mutated.get(name)
        if cached is None:
            cached = self._mutated[name] = _mutated_in(self.code, name)
        return cached

    def qualname(self, expr: cst.BaseExpression, depth: int = 0) -> str | None:
        """``openai.OpenAI`` for ``O`` after ``from openai import OpenAI as O``; None if unknown."""
        if depth > 20:
            return None
        if isinstance(expr, cst.Name):
            binding = self.single(expr)
            if binding is None:
                return None
            if binding.kind == "import":
                return binding.qualname
            if binding.kind == "value" and isinstance(binding.node, (cst.Name, cst.Attribute)):
                return self.qualname(binding.node, depth + 1)
            return None
        if isinstance(expr, cst.Attribute):
            base = self.qualname(expr.value, depth + 1)
            return f"{base}.{expr.attr.value}" if base else None
        return None

    def origin(self, expr: cst.BaseExpression, depth: int = 0) -> cst.BaseExpression:
        """Follow names (and ``self.x``) bound once to the expression they stand for."""
        while depth < 20:
            depth += 1
            if isinstance(expr, cst.Name):
                binding = self.single(expr)
                if binding is None or binding.kind != "value" or binding.node is None:
                    return expr
                expr = binding.node  # type: ignore[assignment]
            elif (
                isinstance(expr, cst.Attribute)
                and isinstance(expr.value, cst.Name)
                and expr.value.value == "self"
            ):
                cls = self.enclosing_class(self.spans[id(expr)][0])
                values = self.self_attrs.get((id(cls), expr.attr.value)) if cls is not None else None
                if not values or len(values) != 1:
                    return expr
                expr = values[0]
            else:
                return expr
        return expr

    # -- values -----------------------------------------------------------

    def loops_in(self, exprs: list[cst.BaseExpression], at: int) -> list[Loop]:
        """The literal loops whose variable these expressions use (for forking)."""
        found: list[Loop] = []
        seen: set[int] = set()
        for expr in exprs:
            for loop in self._loops(expr, at, 0):
                if id(loop.binding) not in seen:
                    seen.add(id(loop.binding))
                    found.append(loop)
        return found

    def _loops(self, expr: cst.CSTNode, at: int, depth: int) -> Iterator[Loop]:
        if depth > 12:
            return
        if isinstance(expr, cst.Name):
            binding = self.single(expr)
            if binding is None:
                return
            if binding.kind == "loop":
                loop = self.loop_of(binding, at)
                if loop is not None:
                    yield loop
            elif binding.kind == "value" and binding.node is not None:
                yield from self._loops(binding.node, at, depth + 1)
            return
        for child in _value_children(expr):
            yield from self._loops(child, at, depth + 1)

    def loop_of(self, binding: Binding, at: int) -> Loop | None:
        """The loop's literal elements, when ``at`` lies inside the loop body."""
        if binding.body is None or not (binding.body[0] <= at < binding.body[1]):
            return None
        node = binding.node
        iterable = node.iter  # type: ignore[union-attr]
        seq = self.origin(iterable)
        if isinstance(seq, (cst.List, cst.Tuple)) and all(isinstance(e, cst.Element) for e in seq.elements):
            return Loop(binding, tuple(e.value for e in seq.elements))
        return None

    def forks(self, exprs: list[cst.BaseExpression], at: int) -> list[dict[int, cst.BaseExpression]]:
        """Every combination of loop elements the expressions can see (one empty env if none)."""
        loops = self.loops_in(exprs, at)
        if not loops:
            return [{}]
        envs = []
        for combo in itertools.product(*(loop.elements for loop in loops)):
            envs.append({id(loop.binding): el for loop, el in zip(loops, combo)})
            if len(envs) >= MAX_FORKS:
                break
        return envs

    def value(self, expr: cst.BaseExpression, env: dict[int, cst.BaseExpression], path: tuple = (), key: Node | None = None, depth: int = 0) -> Node | None:
        """A positioned literal value, or None when it cannot be known.

        The node points where the value was written: for a name bound once,
        at the literal it was bound to; for a loop variable, at the element.
        """
        if depth > 30:
            return None
        t = type(expr)
        if t is cst.SimpleString or t is cst.ConcatenatedString:
            text = _string(expr)
            return None if text is None else self.node(expr, text, path, key)
        if t is cst.Integer or t is cst.Float:
            number = _number(expr.value)
            return None if number is UNKNOWN else self.node(expr, number, path, key)
        if t is cst.UnaryOperation and isinstance(expr.operator, (cst.Minus, cst.Plus)):
            inner = self.value(expr.expression, env, path, key, depth + 1)
            if inner is None or not isinstance(inner.value, (int, float)) or isinstance(inner.value, bool):
                return None
            number = -inner.value if isinstance(expr.operator, cst.Minus) else inner.value
            return self.node(expr, number, path, key)
        if t is cst.BinaryOperation:
            return self._arithmetic(expr, env, path, key, depth)
        if t is cst.Name:
            if expr.value in ("True", "False", "None"):
                bindings = self.lookup(expr.value, self.spans[id(expr)][0])
                if not bindings:
                    return self.node(expr, {"True": True, "False": False, "None": None}[expr.value], path, key)
            binding = self.single(expr)
            if binding is None:
                return None
            if binding.kind == "value" and binding.node is not None:
                return self.value(binding.node, env, path, key, depth + 1)
            if binding.kind == "loop":
                element = env.get(id(binding))
                if element is None:
                    return None
                return self.value(element, env, path, key, depth + 1)
            return None
        if t is cst.Dict:
            return self._dict(expr, env, path, key, depth)
        if t is cst.List or t is cst.Tuple:
            items = []
            for i, el in enumerate(expr.elements):
                if not isinstance(el, cst.Element):
                    continue  # *unpacking of something else: leave it out
                item = self.value(el.value, env, path + (i,), None, depth + 1)
                if item is not None:
                    items.append(item)
            return self.node(expr, items, path, key)
        if t is cst.Call:
            name = self.qualname(expr.func)
            if name in ("httpx.Timeout", "openai.Timeout", "httpx2.Timeout"):
                return self._timeout(expr, env, path, key, depth)
            if isinstance(expr.func, cst.Name) and expr.func.value == "dict" and not self.lookup("dict", self.spans[id(expr)][0]):
                return self._dict_call(expr, env, path, key, depth)
            return None
        return None

    def _arithmetic(self, expr: cst.BinaryOperation, env, path, key, depth) -> Node | None:
        left = self.value(expr.left, env, (), None, depth + 1)
        right = self.value(expr.right, env, (), None, depth + 1)
        if left is None or right is None:
            return None
        a, b = left.value, right.value
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b)):
            return None
        op = type(expr.operator)
        try:
            result = {
                cst.Add: lambda: a + b, cst.Subtract: lambda: a - b, cst.Multiply: lambda: a * b,
                cst.Divide: lambda: a / b, cst.FloorDivide: lambda: a // b,
            }[op]()
        except (KeyError, ZeroDivisionError):
            return None
        return self.node(expr, result, path, key)

    def _dict(self, expr: cst.Dict, env, path, key, depth) -> Node | None:
        entries: dict[str, Node] = {}
        for el in expr.elements:
            if isinstance(el, cst.StarredDictElement):
                inner = self.value(el.value, env, path, None, depth + 1)
                if inner is None or not inner.is_mapping:
                    entries.clear()  # anything written before may be replaced by what cannot be seen
                    continue
                entries.update(inner.value)
                continue
            k = self.value(el.key, env, (), None, depth + 1)
            if k is None or not isinstance(k.value, str):
                continue
            knode = self.node(el.key, k.value, path + (k.value,))
            v = self.value(el.value, env, path + (k.value,), knode, depth + 1)
            entries.pop(k.value, None)
            if v is not None:
                entries[k.value] = v
        return self.node(expr, entries, path, key)

    def _dict_call(self, expr: cst.Call, env, path, key, depth) -> Node | None:
        entries: dict[str, Node] = {}
        for arg in expr.args:
            if arg.keyword is None:
                return None
            name = arg.keyword.value
            knode = self.node(arg.keyword, name, path + (name,))
            v = self.value(arg.value, env, path + (name,), knode, depth + 1)
            if v is not None:
                entries[name] = v
        return self.node(expr, entries, path, key)

    def _timeout(self, expr: cst.Call, env, path, key, depth) -> Node | None:
        """The read timeout of ``httpx.Timeout(t, *, connect, read, write, pool)`` (read, else t)."""
        chosen: cst.BaseExpression | None = None
        for arg in expr.args:
            if arg.keyword is None and arg.star == "":
                chosen = chosen or arg.value
            elif arg.keyword is not None and arg.keyword.value == "timeout":
                chosen = chosen or arg.value
        for arg in expr.args:
            if arg.keyword is not None and arg.keyword.value == "read":
                chosen = arg.value
        if chosen is None:
            return None
        inner = self.value(chosen, env, (), None, depth + 1)
        if inner is None:
            return None
        if inner.value is None:
            return self.node(expr, TimeoutValue(None), path, key)
        if isinstance(inner.value, (int, float)) and not isinstance(inner.value, bool):
            return self.node(expr, TimeoutValue(float(inner.value)), path, key)
        return None


# ------------------------------------------------------------------ helpers


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _string(expr: cst.BaseExpression) -> str | None:
    if isinstance(expr, cst.SimpleString):
        prefix = expr.prefix.lower()
        if "b" in prefix:
            return None
        try:
            return ast.literal_eval(expr.value)
        except (ValueError, SyntaxError):
            return None
    if isinstance(expr, cst.ConcatenatedString):
        left, right = _string(expr.left), _string(expr.right)
        return None if left is None or right is None else left + right
    return None  # f-strings are not literals


def _number(text: str) -> Any:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return UNKNOWN


def _value_children(expr: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Sub-expressions that can carry a value into a literal (for finding loop variables)."""
    if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
        for el in expr.elements:
            yield el.value
    elif isinstance(expr, cst.Dict):
        for el in expr.elements:
            if isinstance(el, cst.DictElement):
                yield el.key
            yield el.value
    elif isinstance(expr, cst.BinaryOperation):
        yield expr.left
        yield expr.right
    elif isinstance(expr, cst.UnaryOperation):
        yield expr.expression
    elif isinstance(expr, cst.Call):
        for arg in expr.args:
            yield arg.value


@lru_cache(maxsize=1024)
def _mutation_pattern(name: str) -> re.Pattern[str]:
    # The name comes first so the regex engine can scan for it as a literal;
    # the character before a match is checked by the caller (a lookbehind or
    # an alternation at the start would make the engine try every position).
    n = re.escape(name)
    return re.compile(
        rf"{n}\s*(?:\.\s*(?:append|extend|insert|update|pop|popitem|remove|clear|setdefault|sort|reverse|__setitem__)\b"
        rf"|\[[^\]\n]*\]\s*(?:[-+*/|&]|//|\*\*)?=(?!=))"
    )


def _mutated_in(code: str, name: str) -> bool:
    """Whether ``name``'s object is changed in place in ``code`` (`x.append`, `x[k] = v`, `del x[k]`)."""
    for m in _mutation_pattern(name).finditer(code):
        before = code[m.start() - 1] if m.start() else " "
        if not (before.isalnum() or before in "_."):
            return True
    return "del" in code and re.search(rf"\bdel\s+{re.escape(name)}\s*\[", code) is not None