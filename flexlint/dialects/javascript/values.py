"""The value of a JavaScript or TypeScript expression, positioned where it is written, or None.

Followed only where certain, at the same bar as Python code: literals
(strings, numbers, ``true``/``false``/``null``, arrays, objects), template
literals whose every part is known, ``+``/``-`` signs, arithmetic on
numbers and ``+`` of strings, names that hold one value (:mod:`.names`),
object spreads of objects that are known, members of known objects
(``CONFIG.tier``), and TypeScript's ``as``/``satisfies``/``!``, which do
not change a value. An object literal keeps every key it writes: a value
computed at run time becomes a node holding ``UNKNOWN``, so its *name* can
still be checked while nothing is said about its value. A spread of
something unknown may replace what was written before it, so those entries
are forgotten. Anything else is None: a guessed value would make flexlint
report a request that is never sent.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from ...core.document import UNKNOWN, Node
from .names import Names, unwrap
from ...core.regex import lazy

MAX_DEPTH = 30
_ESCAPE = lazy(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0", "\n": "", "\r\n": "", "\r": "",
           "\u2028": "", "\u2029": ""}
_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b,
    "%": lambda a, b: a % b, "**": lambda a, b: a ** b,
}


class Values:
    """Evaluates expressions of one file; ``make`` positions a value at a syntax node."""

    def __init__(self, names: Names, make: Callable[..., Node]) -> None:
        self.names = names
        self.make = make

    def value(self, expr: Any, path: tuple = (), key: Node | None = None, depth: int = 0) -> Node | None:
        if expr is None or depth > MAX_DEPTH or expr.has_error:
            return None
        expr = unwrap(expr)
        if expr is None:
            return None
        t = expr.type
        if t == "string":
            text = self.string(expr)
            return None if text is None else self.make(expr, text, path, key)
        if t == "template_string":
            text = self._template(expr, depth)
            return None if text is None else self.make(expr, text, path, key)
        if t == "number":
            number = _number(self.names.text(expr))
            return None if number is None else self.make(expr, number, path, key)
        if t in ("true", "false"):
            return self.make(expr, t == "true", path, key)
        if t == "null":
            return self.make(expr, None, path, key)
        if t == "unary_expression":
            return self._unary(expr, path, key, depth)
        if t == "binary_expression":
            return self._binary(expr, path, key, depth)
        if t in ("identifier", "shorthand_property_identifier"):
            return self._name(expr, path, key, depth)
        if t == "object":
            return self._object(expr, path, key, depth)
        if t == "array":
            items = []
            for i, element in enumerate(expr.named_children):
                if element.type in ("comment", "spread_element"):
                    return None  # the positions of what follows are not known
                item = self.value(element, path + (i,), None, depth + 1)
                items.append(item if item is not None else self.make(element, UNKNOWN, path + (i,)))
            return self.make(expr, items, path, key)
        if t in ("member_expression", "subscript_expression"):
            return self._member(expr, path, key, depth)
        if t == "call_expression":
            function = expr.child_by_field_name("function")
            if function is not None and self.names.text(function) == "Object.freeze" and not self.names.bindings("Object"):
                args = expr.child_by_field_name("arguments")
                if args is not None and args.named_child_count == 1:
                    return self.value(args.named_children[0], path, key, depth + 1)
        return None

    # -- pieces ---------------------------------------------------------------

    def string(self, node: Any) -> str | None:
        raw = self.names.text(node)
        if len(raw) < 2:
            return None
        return _unescape(raw[1:-1])

    def _template(self, node: Any, depth: int) -> str | None:
        parts: list[str] = []
        for child in node.children:
            t = child.type
            if t == "`":
                continue
            if t == "string_fragment":
                parts.append(self.names.text(child))
            elif t == "escape_sequence":
                text = _unescape(self.names.text(child))
                if text is None:
                    return None
                parts.append(text)
            elif t == "template_substitution":
                inner = child.named_children[0] if child.named_child_count == 1 else None
                value = self.value(inner, (), None, depth + 1) if inner is not None else None
                if value is None or isinstance(value.value, bool) or not isinstance(value.value, (str, int, float)):
                    return None
                parts.append(value.value if isinstance(value.value, str) else _js_number_text(value.value))
            else:
                return None
        return "".join(parts)

    def _unary(self, expr: Any, path, key, depth) -> Node | None:
        operator = expr.child_by_field_name("operator")
        op = operator.type if operator is not None else ""
        if op not in ("-", "+"):
            return None
        inner = self.value(expr.child_by_field_name("argument"), (), None, depth + 1)
        if inner is None or not _is_number(inner.value):
            return None
        return self.make(expr, -inner.value if op == "-" else inner.value, path, key)

    def _binary(self, expr: Any, path, key, depth) -> Node | None:
        operator = expr.child_by_field_name("operator")
        operation = _ARITHMETIC.get(operator.type if operator is not None else "")
        if operation is None:
            return None
        left = self.value(expr.child_by_field_name("left"), (), None, depth + 1)
        right = self.value(expr.child_by_field_name("right"), (), None, depth + 1)
        if left is None or right is None:
            return None
        a, b = left.value, right.value
        if isinstance(a, str) and isinstance(b, str) and operator.type == "+":
            return self.make(expr, a + b, path, key)
        if not (_is_number(a) and _is_number(b)):
            return None
        try:
            result = operation(a, b)
        except (ZeroDivisionError, OverflowError):
            return None
        return self.make(expr, result, path, key)

    def _name(self, expr: Any, path, key, depth) -> Node | None:
        binding = self.names.single(expr)
        if binding is None or binding.kind != "value":
            return None
        return self.value(binding.value, path, key, depth + 1)

    def _object(self, expr: Any, path, key, depth) -> Node | None:
        entries: dict[str, Node] = {}
        for child in expr.named_children:
            t = child.type
            if t == "pair":
                name_node = child.child_by_field_name("key")
                name = self.key(name_node, depth)
                if name is None:
                    entries.clear()  # a computed key may replace anything written before it
                    continue
                value_expr = child.child_by_field_name("value")
                knode = self.make(name_node, name, path + (name,))
                entries.pop(name, None)
                if value_expr is not None and unwrap(value_expr) is not None and unwrap(value_expr).type == "undefined":
                    continue  # `key: undefined` is never sent
                value = self.value(value_expr, path + (name,), knode, depth + 1)
                entries[name] = value if value is not None else self.make(value_expr, UNKNOWN, path + (name,), knode)
            elif t == "shorthand_property_identifier":
                name = self.names.text(child)
                knode = self.make(child, name, path + (name,))
                entries.pop(name, None)
                value = self.value(child, path + (name,), knode, depth + 1)
                entries[name] = value if value is not None else self.make(child, UNKNOWN, path + (name,), knode)
            elif t == "spread_element":
                inner = self.value(child.named_children[0] if child.named_child_count else None, path, None, depth + 1)
                if inner is None or not inner.is_mapping:
                    entries.clear()  # anything written before may be replaced by what cannot be seen
                    continue
                for name, node in inner.value.items():
                    entries.pop(name, None)
                    entries[name] = node
            elif t == "method_definition":
                name_node = child.child_by_field_name("name")
                name = self.key(name_node, depth)
                if name is not None:
                    entries.pop(name, None)
                    entries[name] = self.make(child, UNKNOWN, path + (name,), self.make(name_node, name, path + (name,)))
        return self.make(expr, entries, path, key)

    def key(self, node: Any, depth: int = 0) -> str | None:
        """A property name as written: ``a``, ``"a"``, ``1``, ``["a"]``; None when computed at run time."""
        if node is None:
            return None
        t = node.type
        if t in ("property_identifier", "private_property_identifier"):
            return self.names.text(node)
        if t == "string":
            return self.string(node)
        if t == "number":
            number = _number(self.names.text(node))
            return None if number is None else _js_number_text(number)
        if t == "computed_property_name":
            inner = self.value(node.named_children[0] if node.named_child_count else None, (), None, depth + 1)
            if inner is not None and isinstance(inner.value, str):
                return inner.value
        return None

    def _member(self, expr: Any, path, key, depth) -> Node | None:
        obj = self.value(expr.child_by_field_name("object"), (), None, depth + 1)
        if obj is None or not obj.is_mapping:
            return None
        if expr.type == "member_expression":
            prop = expr.child_by_field_name("property")
            name = self.names.text(prop) if prop is not None and prop.type == "property_identifier" else None
        else:
            index = self.value(expr.child_by_field_name("index"), (), None, depth + 1)
            name = index.value if index is not None and isinstance(index.value, str) else None
        found = obj.get(name) if name is not None else None
        if found is None or found.value is UNKNOWN:
            return None
        return found


def _unescape(body: str) -> str | None:
    """A JavaScript string's escapes decoded; None for one that cannot be read (legacy octal)."""
    if "\\" not in body:
        return body
    failed = False

    def one(match: re.Match[str]) -> str:
        nonlocal failed
        seq = match.group(1)
        if seq[0] == "u":
            digits = seq[2:-1] if seq.startswith("u{") else seq[1:]
            code = int(digits, 16)
            if code > 0x10FFFF:
                failed = True
                return ""
            return chr(code)
        if seq[0] == "x":
            return chr(int(seq[1:], 16))
        if seq in _SIMPLE:
            if seq == "0" and match.end() < len(body) and body[match.end()].isdigit():
                failed = True
            return _SIMPLE[seq]
        if seq.isdigit():
            failed = True
            return ""
        return seq

    text = _ESCAPE.sub(one, body)
    return None if failed else text


def _number(text: str) -> int | float | None:
    text = text.replace("_", "")
    if text.endswith("n"):
        return None  # BigInt
    try:
        lower = text.lower()
        if lower.startswith(("0x", "0o", "0b")):
            return int(text, 0)
        if len(text) > 1 and text[0] == "0" and text.isdigit():
            return None  # legacy octal
        value = float(text)
        return int(value) if value.is_integer() and "." not in text and "e" not in lower else value
    except ValueError:
        return None


def _js_number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
