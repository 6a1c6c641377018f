"""What a parsed JavaScript or TypeScript file says, as far as it can be known without running it.

:class:`Module` is what each library's finder is given: positioned nodes,
what names stand for (:mod:`.names`), what imports bind, the values of
expressions (:mod:`.values`), and where the calls a finder looks for are.
Everything is found on demand from the names a finder asks about, so the
cost of reading a file beyond its parse follows the number of places that
matter, not the size of the file.
"""

from __future__ import annotations

from typing import Any, Iterator

from ...core.document import UNKNOWN, Node
from ...sources.javascript import ScriptDocument
from .names import Binding, Names, unwrap, up
from .values import Values

Qualname = tuple[str, str]  # (module specifier, exported name, dotted for members: "default.chat")


class Module:
    def __init__(self, document: ScriptDocument) -> None:
        script = document.script
        assert script is not None
        self.document = document
        self.script = script
        self.data = script.data
        self.root = script.root
        self.names = Names(self.data, self.root)
        self.values = Values(self.names, self.node)
        self._char = script.char
        self._exprs: dict[int, Any] = {}  # id(node) -> the expression of a node whose value is UNKNOWN

    # -- positions ------------------------------------------------------------

    def node(self, ts_node: Any, value: Any, path: tuple = (), key: Node | None = None) -> Node:
        """A document node for ``value``, positioned where ``ts_node`` is written."""
        node = Node(value, self._char(ts_node.start_byte), self._char(ts_node.end_byte), path, key)
        if value is UNKNOWN:
            self._exprs[id(node)] = ts_node
        return node

    def expr_of(self, node: Node | None) -> Any:
        """The expression a value computed at run time is written as (``model: openai("x")``), or None."""
        return self._exprs.get(id(node)) if node is not None else None

    def text(self, ts_node: Any) -> str:
        return self.names.text(ts_node)

    # -- values ---------------------------------------------------------------

    def value(self, expr: Any, path: tuple = (), key: Node | None = None) -> Node | None:
        """The value of ``expr``, positioned where it is written; None if not certain."""
        return self.values.value(expr, path, key)

    def string(self, expr: Any) -> tuple[str, Node] | tuple[None, None]:
        node = self.value(expr)
        if node is not None and isinstance(node.value, str):
            return node.value, node
        return None, None

    def origin(self, expr: Any) -> Any:
        """The expression a name bound once (``const x = ...``) stands for; ``expr`` itself otherwise."""
        for _ in range(20):
            expr = unwrap(expr)
            if expr is None or expr.type not in ("identifier", "shorthand_property_identifier"):
                return expr
            binding = self.names.single(expr)
            if binding is None or binding.kind != "value":
                return expr
            expr = binding.value
        return expr

    def source(self, expr: Any) -> Any:
        """What an expression stands for through names bound once and ``this.x`` fields set once; None if unknown."""
        for _ in range(20):
            expr = self.origin(expr)
            if expr is None or expr.type != "member_expression":
                return expr
            values = self.this_members(expr)
            if not values:
                return expr  # not a `this.` field: a member of something else
            if len(values) != 1:
                return None
            expr = values[0]
        return None

    def binding(self, expr: Any) -> Binding | None:
        expr = unwrap(expr)
        if expr is None or expr.type not in ("identifier", "shorthand_property_identifier"):
            return None
        return self.names.single(expr)

    # -- imports --------------------------------------------------------------

    def qualname(self, expr: Any, depth: int = 0) -> Qualname | None:
        """(module, name) for an imported name or a member of one: ``oa.chat`` → ("@x/openai", "openai.chat")."""
        expr = unwrap(expr)
        if expr is None or depth > 20:
            return None
        if expr.type in ("identifier", "shorthand_property_identifier"):
            binding = self.names.single(expr)
            if binding is None:
                return None
            if binding.kind == "import":
                return binding.source, binding.imported
            if binding.kind == "value" and binding.value is not None:
                inner = unwrap(binding.value)
                if inner is not None and inner.type in ("identifier", "member_expression"):
                    return self.qualname(inner, depth + 1)
            return None
        if expr.type == "member_expression":
            prop = expr.child_by_field_name("property")
            if prop is None or prop.type != "property_identifier":
                return None
            base = self.qualname(expr.child_by_field_name("object"), depth + 1)
            if base is None:
                return None
            source, name = base
            member = self.text(prop)
            return source, member if name == "*" else f"{name}.{member}"
        return None

    def imports(self, modules: frozenset[str]) -> Iterator[tuple[str, Binding]]:
        """(local name, binding) for each name an import or ``require`` of one of ``modules`` binds."""
        seen: set[str] = set()
        for spec in sorted(modules):
            for quote in (b'"', b"'"):
                needle = quote + spec.encode() + quote
                start = self.data.find(needle)
                while start != -1:
                    for name in self._names_bound_near(start):
                        if name in seen:
                            continue
                        seen.add(name)
                        for binding in self.names.bindings(name):
                            if binding.kind == "import" and binding.source in modules:
                                yield name, binding
                    start = self.data.find(needle, start + 1)

    def uses(self, modules: frozenset[str]) -> Iterator[tuple[Any, Binding]]:
        """Each use of a name imported from ``modules``, with its import, in source order."""
        found = []
        for name, binding in self.imports(modules):
            for occurrence in self.names.occurrences(name, frozenset({"identifier"})):
                if occurrence == binding.name:
                    continue
                if self.names.resolve(occurrence) is binding:
                    found.append((occurrence, binding))
        found.sort(key=lambda pair: pair[0].start_byte)
        return iter(found)

    def _names_bound_near(self, offset: int) -> list[str]:
        """The names declared by the import statement or ``require`` declaration around a module specifier."""
        node = self.root.descendant_for_byte_range(offset, offset + 1)
        while node is not None and node.type not in ("import_statement", "variable_declarator", "program"):
            node = node.parent
        if node is None or node.type == "program":
            return []
        if node.type == "import_statement":
            target = next((c for c in node.named_children if c.type == "import_clause"), None)
        else:
            target = node.child_by_field_name("name")
        return [self.text(n) for n in _identifiers(target)] if target is not None else []

    # -- calls ----------------------------------------------------------------

    def call_of(self, use: Any) -> tuple[Any, Any] | tuple[None, None]:
        """``(call, callee)`` when ``use`` (or ``use.member.member``) is called or constructed: ``f(...)``, ``new ns.C(...)``."""
        callee, parent = up(use)
        while parent is not None and parent.type == "member_expression" and parent.child_by_field_name("object") == callee:
            callee, parent = up(parent)
        if parent is None or parent.has_error:
            return None, None
        if parent.type == "call_expression" and parent.child_by_field_name("function") == callee:
            return parent, callee
        if parent.type == "new_expression" and parent.child_by_field_name("constructor") == callee:
            return parent, callee
        return None, None

    def method_calls(self, methods: frozenset[str]) -> Iterator[tuple[Any, Any]]:
        """``(call, member)`` for each call ``<expr>.<method>(...)`` with a method in ``methods``, in source order."""
        found = []
        for method in methods:
            for occurrence in self.names.occurrences(method, frozenset({"property_identifier"})):
                member = occurrence.parent
                if member is None or member.type != "member_expression" or member.child_by_field_name("property") != occurrence:
                    continue
                callee, call = up(member)
                if call is not None and call.type == "call_expression" and call.child_by_field_name("function") == callee:
                    found.append((call, member))
        found.sort(key=lambda pair: pair[0].start_byte)
        return iter(found)

    def arguments(self, call: Any) -> list[Any]:
        """The argument expressions of a call or ``new`` (comments left out)."""
        args = call.child_by_field_name("arguments")
        if args is None or args.type != "arguments":
            return []
        return [a for a in args.named_children if a.type != "comment"]

    def this_members(self, expr: Any) -> list[Any]:
        """What ``this.x`` is set to in its class: the field initialiser and every ``this.x = ...``."""
        expr = unwrap(expr)
        if expr is None or expr.type != "member_expression":
            return []
        obj = expr.child_by_field_name("object")
        prop = expr.child_by_field_name("property")
        if obj is None or obj.type != "this" or prop is None:
            return []
        body = expr.parent
        while body is not None and body.type != "class_body":
            body = body.parent
        if body is None:
            return []
        name = self.text(prop)
        values = []
        for occurrence in self.names.occurrences(name, frozenset({"property_identifier"})):
            if not (body.start_byte <= occurrence.start_byte < body.end_byte):
                continue
            parent = occurrence.parent
            if parent is None:
                continue
            if parent.type in ("public_field_definition", "field_definition") and parent.parent == body:
                value = parent.child_by_field_name("value")
                values.append(value)
            elif parent.type == "member_expression" and parent.child_by_field_name("property") == occurrence:
                this = parent.child_by_field_name("object")
                outer = parent.parent
                if this is not None and this.type == "this" and outer is not None and outer.type in (
                    "assignment_expression", "augmented_assignment_expression"
                ) and outer.child_by_field_name("left") == parent:
                    values.append(outer.child_by_field_name("right") if outer.type == "assignment_expression" else None)
        return values


def _identifiers(node: Any) -> Iterator[Any]:
    """Identifier-like names inside a pattern or an import clause (the local names it binds)."""
    todo = [node]
    while todo:
        current = todo.pop()
        t = current.type
        if t in ("identifier", "shorthand_property_identifier_pattern"):
            yield current
            continue
        todo.extend(reversed(current.named_children))
