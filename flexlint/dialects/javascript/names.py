"""What a name stands for in JavaScript or TypeScript, when that is certain.

Found on demand, for the few names a reader follows: the occurrences of a
name are located with a search of the bytes and mapped to the syntax tree,
and each one is classified as a declaration (with the scope it declares
in), a reassignment, or a change in place (``o.x = ...``, ``delete o.x``,
``Object.assign(o, ...)``, ``a.push(...)``). A use resolves to the
declaration of the innermost scope that holds it; it is followed only when
that declaration is the only one there, gives a value (``const``, or
``let``/``var`` never reassigned) and the object is never changed in place.
Anything else is unknown, never guessed.

The scopes are JavaScript's: ``const``, ``let`` and classes are block
scoped, ``var`` and parameters belong to their function, imports to the
module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Where ``const``/``let``/``class`` declarations are visible.
BLOCKS = frozenset({
    "statement_block", "program", "for_statement", "for_in_statement", "switch_body", "class_static_block",
    "class_body",
})
# Where ``var`` declarations and parameters are visible.
FUNCTIONS = frozenset({
    "function_declaration", "function_expression", "function", "arrow_function", "method_definition",
    "generator_function_declaration", "generator_function", "program", "class_static_block",
})
# Nodes that carry a binding down to the names inside a destructuring pattern.
PATTERNS = frozenset({
    "object_pattern", "array_pattern", "pair_pattern", "assignment_pattern", "rest_pattern",
    "object_assignment_pattern",
})
NAME_TYPES = frozenset({"identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern"})
# Methods that change an array, a Map or a Set in place.
MUTATORS = frozenset({
    "push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin", "set", "delete", "clear",
    "add",
})
# Bytes that continue an identifier (a match next to one is part of a longer name).
_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$#") | frozenset(range(0x80, 0x100))
WRAPPERS = frozenset({"parenthesized_expression", "non_null_expression", "as_expression", "satisfies_expression",
                      "type_assertion"})


@dataclass(eq=False)
class Binding:
    """One declaration of a name."""

    kind: str  # value | import | param | other
    name: Any  # the declaring identifier (a tree-sitter node)
    scope: tuple[int, int]  # byte range where the declaration is visible
    value: Any = None  # value: the initialiser; param: the type annotation (or None)
    source: str = ""  # import: the module specifier
    imported: str = ""  # import: the exported name ("default", "*" for a namespace or require())
    constant: bool = False  # ``const``: never reassigned


class Names:
    """Declarations and uses of names in one parsed file."""

    def __init__(self, data: bytes, root: Any) -> None:
        self.data = data
        self.root = root
        self._occurrences: dict[str, list[Any]] = {}
        self._words: dict[str, list[tuple[int, int]]] = {}
        self._bindings: dict[str, list[Binding]] = {}
        self._changed: dict[int, bool] = {}

    # -- occurrences ----------------------------------------------------------

    def occurrences(self, name: str, types: frozenset[str] = NAME_TYPES) -> list[Any]:
        """Nodes of the given types whose text is exactly ``name``, in source order."""
        key = name + "\0" + ",".join(sorted(types))
        found = self._occurrences.get(key)
        if found is None:
            found = []
            root = self.root
            for start, end in self._places(name):
                node = root.descendant_for_byte_range(start, end)
                if node is not None and node.type in types and node.start_byte == start and node.end_byte == end:
                    found.append(node)
            self._occurrences[key] = found
        return found

    def _places(self, name: str) -> list[tuple[int, int]]:
        """Byte ranges where ``name`` is written as a whole word (a plain substring search, then the edges)."""
        places = self._words.get(name)
        if places is None:
            places = []
            data = self.data
            needle = name.encode("utf-8", "surrogatepass")
            size = len(needle)
            find = data.find
            at = find(needle)
            while at != -1:
                end = at + size
                if (at == 0 or data[at - 1] not in _WORD) and (end == len(data) or data[end] not in _WORD):
                    places.append((at, end))
                at = find(needle, end)
            self._words[name] = places
        return places

    # -- declarations ---------------------------------------------------------

    def bindings(self, name: str) -> list[Binding]:
        found = self._bindings.get(name)
        if found is None:
            found = [b for node in self.occurrences(name) if (b := _declaration(node, self)) is not None]
            self._bindings[name] = found
        return found

    def resolve(self, node: Any) -> Binding | None:
        """The declaration a use of a name refers to, when there is exactly one in its scope."""
        name = self.text(node)
        offset = node.start_byte
        best: list[Binding] = []
        width = None
        for binding in self.bindings(name):
            start, end = binding.scope
            if not (start <= offset < end):
                continue
            size = end - start
            if width is None or size < width:
                best, width = [binding], size
            elif size == width:
                best.append(binding)
        if len(best) != 1:
            return None
        return best[0]

    def single(self, node: Any) -> Binding | None:
        """The declaration of a use, when its value can be followed: one declaration, never reassigned or changed."""
        binding = self.resolve(node)
        if binding is None:
            return None
        if binding.kind == "value":
            if not binding.constant and self.reassigned(binding):
                return None
            if self.changed(binding):
                return None
        return binding

    def reassigned(self, binding: Binding) -> bool:
        """Whether a ``let``/``var`` is assigned again anywhere it is visible."""
        for node in self.occurrences(self.text(binding.name)):
            if node == binding.name or not _is_target(node):
                continue
            if self.resolve(node) is binding:
                return True
        return False

    def changed(self, binding: Binding) -> bool:
        """Whether the object a name holds is changed in place (``o.x = 1``, ``delete o.x``, ``a.push(x)``)."""
        cached = self._changed.get(id(binding))
        if cached is None:
            cached = False
            for node in self.occurrences(self.text(binding.name)):
                if node == binding.name or node.type != "identifier":
                    continue
                if _changes_in_place(node, self) and self.resolve(node) is binding:
                    cached = True
                    break
            self._changed[id(binding)] = cached
        return cached

    def text(self, node: Any) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "surrogatepass")


def _climb_patterns(node: Any) -> tuple[Any, Any, bool]:
    """From a name inside a destructuring pattern up to what holds the pattern: (child, parent, destructured)."""
    child, parent = node, node.parent
    destructured = False
    while parent is not None and parent.type in PATTERNS:
        t = parent.type
        if t == "pair_pattern" and parent.child_by_field_name("value") != child:
            return child, None, True  # the key of `{ key: name }` binds nothing
        if t in ("assignment_pattern", "object_assignment_pattern") and parent.child_by_field_name("left") != child:
            return child, None, True  # a default value is a use
        destructured = True
        child, parent = parent, parent.parent
    return child, parent, destructured


def _declaration(node: Any, names: Names) -> Binding | None:
    """The binding a name occurrence declares, or None when it is a use."""
    if node.type == "shorthand_property_identifier":
        return None  # `{ name }` in an object literal reads the name
    child, parent, destructured = _climb_patterns(node)
    if parent is None:
        return None
    t = parent.type
    if t == "variable_declarator":
        if parent.child_by_field_name("name") != child:
            return None
        declaration = parent.parent
        keyword = declaration.child(0).type if declaration is not None and declaration.child_count else ""
        value = parent.child_by_field_name("value")
        scope_types = FUNCTIONS if declaration is not None and declaration.type == "variable_declaration" else BLOCKS
        scope = _scope(declaration, scope_types)
        required = _require(value, names) if value is not None else None
        if required is not None:
            source, imported = required
            if destructured:
                imported = _destructured_key(node, child) or ""
                if not imported:
                    return Binding("other", node, scope)
            return Binding("import", node, scope, source=source, imported=imported)
        if destructured or value is None:
            return Binding("other", node, scope)
        return Binding("value", node, scope, value=value, constant=keyword == "const")
    if t in ("required_parameter", "optional_parameter"):
        if parent.child_by_field_name("pattern") != child:
            return None
        function = parent.parent.parent if parent.parent is not None else None
        annotation = None if destructured else parent.child_by_field_name("type")
        return Binding("param", node, _range(function), value=annotation)
    if t == "formal_parameters":
        return Binding("param", node, _range(parent.parent))
    if t == "arrow_function" and parent.child_by_field_name("parameter") == child:
        return Binding("param", node, _range(parent))
    if t in ("import_specifier", "import_clause", "namespace_import"):
        return _import_binding(node, parent, names)
    if t in ("function_declaration", "generator_function_declaration", "class_declaration") and parent.child_by_field_name("name") == child:
        return Binding("other", node, _scope(parent, BLOCKS))
    if t in ("function_expression", "function", "class") and parent.child_by_field_name("name") == child:
        return Binding("other", node, _range(parent))
    if t == "catch_clause" and parent.child_by_field_name("parameter") == child:
        return Binding("other", node, _range(parent))
    if t == "for_in_statement" and parent.child_by_field_name("left") == child and parent.child_by_field_name("kind") is not None:
        return Binding("other", node, _range(parent))
    return None


def _import_binding(node: Any, parent: Any, names: Names) -> Binding | None:
    statement = parent
    while statement is not None and statement.type != "import_statement":
        statement = statement.parent
    if statement is None:
        return None
    source = statement.child_by_field_name("source")
    specifier = _string_text(source, names) if source is not None else None
    root = names.root
    scope = (root.start_byte, root.end_byte + 1)
    if specifier is None:
        return Binding("other", node, scope)
    if parent.type == "import_specifier":
        alias = parent.child_by_field_name("alias")
        if alias is not None and alias != node:
            return None  # the exported name, not the local one
        exported = parent.child_by_field_name("name")
        return Binding("import", node, scope, source=specifier, imported=names.text(exported))
    if parent.type == "namespace_import":
        return Binding("import", node, scope, source=specifier, imported="*")
    return Binding("import", node, scope, source=specifier, imported="default")


def _require(value: Any, names: Names) -> tuple[str, str] | None:
    """(module, export) for ``require("m")`` and ``require("m").name``."""
    member = None
    while value is not None and value.type == "member_expression":
        member = names.text(value.child_by_field_name("property"))
        value = value.child_by_field_name("object")
        break
    if value is None or value.type != "call_expression":
        return None
    function = value.child_by_field_name("function")
    if function is None or function.type != "identifier" or names.text(function) != "require":
        return None
    args = value.child_by_field_name("arguments")
    first = args.named_children[0] if args is not None and args.named_child_count else None
    specifier = _string_text(first, names) if first is not None else None
    if specifier is None:
        return None
    return specifier, member or "*"


def _destructured_key(node: Any, pattern: Any) -> str | None:
    """The property a name takes in ``const { key: name } = ...`` (one level deep only)."""
    parent = node.parent
    if pattern.type != "object_pattern":
        return None
    if node.type == "shorthand_property_identifier_pattern" and parent == pattern:
        return node.text.decode("utf-8", "surrogatepass")
    if parent is not None and parent.type == "pair_pattern" and parent.parent == pattern:
        key = parent.child_by_field_name("key")
        if key is not None and key.type == "property_identifier":
            return key.text.decode("utf-8", "surrogatepass")
    return None


def _string_text(node: Any, names: Names) -> str | None:
    if node is None or node.type != "string":
        return None
    raw = names.text(node)
    return raw[1:-1] if len(raw) >= 2 and "\\" not in raw else None


def _range(node: Any) -> tuple[int, int]:
    if node is None:
        return (0, 0)
    return node.start_byte, node.end_byte


def _scope(node: Any, kinds: frozenset[str]) -> tuple[int, int]:
    scope = node.parent if node is not None else None
    while scope is not None and scope.type not in kinds:
        scope = scope.parent
    if scope is None:
        return (0, 0)
    if scope.type == "program":
        return scope.start_byte, scope.end_byte + 1
    return scope.start_byte, scope.end_byte


def unwrap(node: Any) -> Any:
    """The expression inside parentheses, ``!`` and TypeScript's ``as`` / ``satisfies`` / ``<T>``."""
    while node is not None and node.type in WRAPPERS:
        inner = node.named_children[0] if node.type != "type_assertion" else node.named_children[-1]
        node = inner
    return node


def up(node: Any) -> tuple[Any, Any]:
    """The node and its parent, skipping wrappers that do not change the value."""
    parent = node.parent
    while parent is not None and parent.type in WRAPPERS:
        node, parent = parent, parent.parent
    return node, parent


def _is_target(node: Any) -> bool:
    """Whether a name occurrence is assigned to (``x = ...``, ``x += 1``, ``x++``, ``[x] = ...``, ``for (x of ...)``)."""
    child, parent, _ = _climb_patterns(node)
    if parent is None:
        return False
    child, parent = up(child) if parent.type in WRAPPERS else (child, parent)
    t = parent.type
    if t in ("assignment_expression", "augmented_assignment_expression"):
        return parent.child_by_field_name("left") == child
    if t == "update_expression":
        return True
    if t == "for_in_statement":
        return parent.child_by_field_name("left") == child and parent.child_by_field_name("kind") is None
    return False


def _changes_in_place(node: Any, names: Names) -> bool:
    """Whether this use of a name changes its object: a member of it assigned or deleted, or a mutating call."""
    child, parent = up(node)
    depth = 0
    while parent is not None and parent.type in ("member_expression", "subscript_expression") \
            and parent.child_by_field_name("object") == child:
        depth += 1
        if depth == 1 and parent.type == "member_expression":
            prop = parent.child_by_field_name("property")
            outer_child, outer = up(parent)
            if prop is not None and names.text(prop) in MUTATORS and outer is not None \
                    and outer.type == "call_expression" and outer.child_by_field_name("function") == outer_child:
                return True
        child, parent = up(parent)
    if parent is None:
        return False
    t = parent.type
    if depth and t in ("assignment_expression", "augmented_assignment_expression"):
        return parent.child_by_field_name("left") == child
    if depth and t == "update_expression":
        return True
    if depth and t == "unary_expression" and parent.child(0) is not None and parent.child(0).type == "delete":
        return True
    if depth == 0 and t == "arguments":
        call = parent.parent
        function = call.child_by_field_name("function") if call is not None else None
        first = parent.named_children[0] if parent.named_child_count else None
        return function is not None and first == child and names.text(function).replace(" ", "") == "Object.assign"
    return False

