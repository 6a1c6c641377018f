"""The value of an expression as far as it is certain, positioned where it is written.

Three states are kept apart everywhere: a value that is *known* (a literal,
followed through names), one that is *present but unknown* (written, but
computed at run time: a node whose value is ``UNKNOWN``), and one that is
*absent* (not written at all: no node). Treating "cannot be known" as
"absent" is how a linter ends up saying a request lacks a key the code does
send, so :meth:`Values.value` returns a node for every expression.

Values are followed only where they are certain: literals (strings, numbers,
``True``/``False``/``None`` while not rebound, lists, tuples, dicts and
``dict(k=v)``), ``+``/``-`` signs and arithmetic on numbers, names bound
once (:mod:`.names`), the element a loop variable holds in the current fork
(:mod:`.loops`), ``*``/``**`` of values that are known, and the read timeout
of ``httpx.Timeout(...)``. A name imported from another module is present
but unknown: each file is read on its own, so its findings never depend on
which other files are in the run. A dict with a key that cannot be known
(``{Color.RED: 1}``, ``{**unknown}``) is a :class:`~flexlint.core.document.
Partial`: what it shows is certain, and a key it lacks may still be there.
Nothing is guessed: a guessed value would make flexlint report a request
that is never sent. Each node points where the value was written (for a
name, at the literal it was bound to), so a finding lands on the text to
change.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

import libcst as cst

from ...core.document import UNKNOWN, Node, Partial
from .loops import Env
from .names import Names
from .spans import Spans

TIMEOUT_CLASSES = ("httpx.Timeout", "openai.Timeout", "httpx2.Timeout")
MAX_BITS = 128  # arithmetic is followed on numbers up to this size

_ARITHMETIC = {
    cst.Add: lambda a, b: a + b, cst.Subtract: lambda a, b: a - b, cst.Multiply: lambda a, b: a * b,
    cst.Divide: lambda a, b: a / b, cst.FloorDivide: lambda a, b: a // b,
}


@dataclass(frozen=True)
class TimeoutValue:
    """``httpx.Timeout(...)``: the read timeout decides whether a slow response is cut off."""

    seconds: float | None  # None: no limit


class Values:
    def __init__(self, spans: Spans, names: Names) -> None:
        self.spans = spans
        self.names = names
        self.node = spans.node

    def value(self, expr: cst.BaseExpression, env: Env, path: tuple = (), key: Node | None = None, depth: int = 0) -> Node:
        """A positioned value: the literal when it is certain, else ``UNKNOWN`` where ``expr`` is written.

        Something written is never absent: a name imported from another
        module, a call, an f-string are present with a value that cannot be
        known. The node points where the value was written: for a name bound
        once, at the literal it was bound to; for a loop variable, at the element.
        """
        found = self._value(expr, env, path, key, depth) if depth <= 30 else None
        return found if found is not None else self.node(expr, UNKNOWN, path, key)

    def _value(self, expr: cst.BaseExpression, env: Env, path: tuple, key: Node | None, depth: int) -> Node | None:
        t = type(expr)
        if t is cst.SimpleString or t is cst.ConcatenatedString:
            text = _string(expr)
            return None if text is None else self.node(expr, text, path, key)
        if t is cst.Integer or t is cst.Float:
            number = _number(expr.value)
            return None if number is UNKNOWN else self.node(expr, number, path, key)
        if t is cst.UnaryOperation and isinstance(expr.operator, (cst.Minus, cst.Plus)):
            inner = self.value(expr.expression, env, path, key, depth + 1)
            if not _is_number(inner.value):
                return None
            number = -inner.value if isinstance(expr.operator, cst.Minus) else inner.value
            return self.node(expr, number, path, key)
        if t is cst.BinaryOperation:
            return self._arithmetic(expr, env, path, key, depth)
        if t is cst.Name:
            return self._name(expr, env, path, key, depth)
        if t is cst.Dict:
            return self._dict(expr, env, path, key, depth)
        if t is cst.List or t is cst.Tuple:
            return self._sequence(expr, env, path, key, depth)
        if t is cst.Call:
            if self.names.qualname(expr.func) in TIMEOUT_CLASSES:
                return self._timeout(expr, env, path, key, depth)
            if self._builtin(expr.func, "dict"):
                return self._dict_call(expr, env, path, key, depth)
        return None

    def _builtin(self, expr: cst.BaseExpression, name: str) -> bool:
        """Whether ``expr`` is the builtin ``name`` (not rebound where it is used)."""
        return (
            isinstance(expr, cst.Name)
            and expr.value == name
            and not self.names.scopes.lookup(name, self.spans.by_id[id(expr)][0])
        )

    def _name(self, expr: cst.Name, env: Env, path, key, depth) -> Node | None:
        if expr.value in _CONSTANTS and self._builtin(expr, expr.value):
            return self.node(expr, _CONSTANTS[expr.value], path, key)
        binding = self.names.single(expr)
        if binding is None:
            return None
        if binding.kind == "value" and binding.node is not None:
            return self.value(binding.node, env, path, key, depth + 1)
        if binding.kind == "loop":
            element = env.get(id(binding))
            return None if element is None else self.value(element, env, path, key, depth + 1)
        return None  # an import (of this project or another), a parameter, anything bound otherwise

    def _arithmetic(self, expr: cst.BinaryOperation, env: Env, path, key, depth) -> Node | None:
        operation = _ARITHMETIC.get(type(expr.operator))
        if operation is None:
            return None
        left = self.value(expr.left, env, (), None, depth + 1)
        right = self.value(expr.right, env, (), None, depth + 1)
        if not (_is_number(left.value) and _is_number(right.value)):
            return None
        if any(isinstance(v, int) and v.bit_length() > MAX_BITS for v in (left.value, right.value)):
            return None  # no setting is this large; squaring such numbers again and again would never end
        try:
            result = operation(left.value, right.value)
        except (ZeroDivisionError, OverflowError):
            return None
        if isinstance(result, int) and result.bit_length() > MAX_INT_BITS:
            return None
        return self.node(expr, result, path, key)

    def _sequence(self, expr: cst.List | cst.Tuple, env: Env, path, key, depth) -> Node | None:
        items: list[Node] = []
        for el in expr.elements:
            if isinstance(el, cst.StarredElement):
                inner = self.value(el.value, env, path, None, depth + 1)
                if not inner.is_sequence:
                    return None  # how many items, and which, cannot be known
                for item in inner.value:
                    items.append(_moved(item, path + (len(items),)))
                continue
            items.append(self.value(el.value, env, path + (len(items),), None, depth + 1))
        return self.node(expr, items, path, key)

    def _dict(self, expr: cst.Dict, env: Env, path, key, depth) -> Node | None:
        entries: dict[str, Node] = {}
        partial = False
        for el in expr.elements:
            if isinstance(el, cst.StarredDictElement):
                inner = self.value(el.value, env, path, None, depth + 1)
                if inner.is_mapping:
                    entries.update(inner.value)
                    partial = partial or type(inner.value) is Partial
                else:
                    # What is spread may replace anything written before it: those keys
                    # stay present, their values can no longer be known.
                    for name, node in entries.items():
                        entries[name] = Node(UNKNOWN, node.start, node.end, node.path, node.key)
                    partial = True
                continue
            k = self.value(el.key, env, (), None, depth + 1)
            if not isinstance(k.value, str):
                partial = True  # a key computed at run time, or not a string (`{Color.RED: 1}`)
                continue
            knode = self.node(el.key, k.value, path + (k.value,))
            entries.pop(k.value, None)
            entries[k.value] = self.value(el.value, env, path + (k.value,), knode, depth + 1)
        return self.node(expr, Partial(entries) if partial else entries, path, key)

    def _dict_call(self, expr: cst.Call, env: Env, path, key, depth) -> Node | None:
        entries: dict[str, Node] = {}
        partial = False
        for arg in expr.args:
            if arg.keyword is not None:
                name = arg.keyword.value
                knode = self.node(arg.keyword, name, path + (name,))
                entries.pop(name, None)
                entries[name] = self.value(arg.value, env, path + (name,), knode, depth + 1)
                continue
            inner = self.value(arg.value, env, path, None, depth + 1)
            if inner.is_mapping:  # dict(base, k=v) and dict(**base) copy base's entries
                entries.update(inner.value)
                partial = partial or type(inner.value) is Partial
            else:
                partial = True  # dict(pairs) or ** of something unknown
        return self.node(expr, Partial(entries) if partial else entries, path, key)

    def _timeout(self, expr: cst.Call, env: Env, path, key, depth) -> Node | None:
        """The read timeout of ``httpx.Timeout(t, *, connect, read, write, pool)`` (read, else t)."""
        chosen: cst.BaseExpression | None = None
        for arg in expr.args:
            if arg.star:
                return None
            if arg.keyword is None or arg.keyword.value == "timeout":
                chosen = chosen or arg.value
        for arg in expr.args:
            if arg.keyword is not None and arg.keyword.value == "read":
                chosen = arg.value
        if chosen is None:
            return None
        inner = self.value(chosen, env, (), None, depth + 1)
        if inner.value is None:
            return self.node(expr, TimeoutValue(None), path, key)
        if _is_number(inner.value):
            return self.node(expr, TimeoutValue(float(inner.value)), path, key)
        return None


def _moved(node: Node, path: tuple) -> Node:
    """An item spread into a list keeps where it was written, at its new index."""
    return Node(node.value, node.start, node.end, path, node.key)


_CONSTANTS = {"True": True, "False": False, "None": None}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _string(expr: cst.BaseExpression) -> str | None:
    if type(expr) is cst.SimpleString:
        text = expr.value
        body = text.lstrip("rRuUbB")
        prefix = text[: len(text) - len(body)]
        if "b" in prefix or "B" in prefix:
            return None
        if "\\" not in body and "\r" not in body:  # no escape to read, no line break the compiler would change
            quotes = 3 if body[:3] in ('"""', "'''") and len(body) >= 6 else 1
            return body[quotes:-quotes]
        try:
            return ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return None
    if type(expr) is cst.ConcatenatedString:
        left, right = _string(expr.left), _string(expr.right)
        return None if left is None or right is None else left + right
    return None  # f-strings are not literals


MAX_INT_BITS = 4096  # larger literals (a long 0x... one) would fail every message that prints them


def _number(text: str) -> Any:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, OverflowError):
        return UNKNOWN
    return UNKNOWN if isinstance(value, int) and value.bit_length() > MAX_INT_BITS else value
