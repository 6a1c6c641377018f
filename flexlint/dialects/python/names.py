"""What a name stands for, when that is certain.

A name is followed only through its one binding in the scope that reads it
(the same import in two branches of a ``try`` counts as one), and never when
the object bound to it is changed in place anywhere in the code: a list
that is appended to, or a dict that is assigned into, no longer holds what
was written, and a wrong value would report a request that is never sent.
The in-place check is a regular expression over the text, asked only for
the names a value is followed through: it errs only towards "changed" (a
match in a comment or a string makes a name unknown, which is safe).
"""

from __future__ import annotations

import re
from functools import lru_cache

import libcst as cst

from ...core.regex import lazy

from .scopes import Binding, Scopes


class Names:
    """Follows names (and ``self.x``) of one unit to their binding, qualified name or expression."""

    def __init__(self, scopes: Scopes, code: str) -> None:
        self.scopes = scopes
        self.spans = scopes.spans
        self.code = code
        self._mutated: dict[str, bool] = {}
        self._deletes: bool | None = None  # whether the code has a ``del`` statement at all
        self._qualnames: dict[int, str | None] = {}  # every library's finder asks about the same callees

    def single(self, name: cst.Name) -> Binding | None:
        """The one binding of a name, when it has exactly one and is never mutated in place."""
        bindings = self.scopes.lookup(name.value, self.spans[id(name)][0])
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
            if self._deletes is None:
                self._deletes = "del" in self.code and _DEL.search(self.code) is not None
            cached = self._mutated[name] = mutated_in(self.code, name, self._deletes)
        return cached

    def qualname(self, expr: cst.BaseExpression, depth: int = 0) -> str | None:
        """``openai.OpenAI`` for ``O`` after ``from openai import OpenAI as O``; None if unknown."""
        if depth == 0:
            key = id(expr)
            if key not in self._qualnames:
                self._qualnames[key] = self._qualname(expr, 0)
            return self._qualnames[key]
        return self._qualname(expr, depth)

    def _qualname(self, expr: cst.BaseExpression, depth: int) -> str | None:
        if depth > 20:
            return None
        t = type(expr)
        if t is cst.Name:
            binding = self.single(expr)
            if binding is None:
                return None
            if binding.kind == "import":
                return binding.qualname
            if binding.kind == "value" and type(binding.node) in (cst.Name, cst.Attribute):
                return self._qualname(binding.node, depth + 1)
            return None
        if t is cst.Attribute:
            base = self._qualname(expr.value, depth + 1)
            return f"{base}.{expr.attr.value}" if base else None
        return None

    def origin(self, expr: cst.BaseExpression) -> cst.BaseExpression:
        """Follow names (and ``self.x``) bound once to the expression they stand for."""
        for _ in range(20):
            if type(expr) is cst.Name:
                binding = self.single(expr)
                if binding is None or binding.kind != "value" or binding.node is None:
                    return expr
                expr = binding.node  # type: ignore[assignment]
            elif type(expr) is cst.Attribute and type(expr.value) is cst.Name and expr.value.value == "self":
                cls = self.scopes.enclosing_class(self.spans[id(expr)][0])
                values = self.scopes.self_attrs.get((id(cls), expr.attr.value)) if cls is not None else None
                if not values or len(values) != 1 or values[0].node is None:
                    return expr
                expr = values[0].node  # type: ignore[assignment]
            else:
                return expr
        return expr


_DEL = lazy(r"\bdel\b")


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


def mutated_in(code: str, name: str, deletes: bool = True) -> bool:
    """Whether ``name``'s object is changed in place in ``code`` (`x.append`, `x[k] = v`, `del x[k]`).

    ``deletes`` False says the code has no ``del`` statement, so none is looked for.
    """
    for m in _mutation_pattern(name).finditer(code):
        before = code[m.start() - 1] if m.start() else " "
        if not (before.isalnum() or before in "_."):
            return True
    return deletes and re.search(rf"\bdel\s+{re.escape(name)}\s*\[", code) is not None
