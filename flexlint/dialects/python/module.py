"""What a parsed Python module says, as far as it can be known without running it.

:class:`Module` is what each Python library's finder is given. It only puts
together the layers that do the work, each built on the one before:

- :mod:`.spans`: one pass over the tree for every node's span and the few
  nodes the rest reads (calls, assignments, imports, scopes, dicts);
- :mod:`.scopes`: scopes, the bindings of names in them, ``self.x``;
- :mod:`.names`: what a name bound once stands for (a binding, an import's
  qualified name, an expression), unless it is changed in place;
- :mod:`.loops`: one fork per element of a ``for`` over a literal list;
- :mod:`.values`: the value of an expression (known, or present but unknown), positioned.

The finders read only the methods below, so the layers can change behind them.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from ...core.document import Node
from ...sources.python_source import CodeUnit
from .loops import Env, Loops
from .names import Names
from .scopes import read_scopes
from .spans import Span, Spans
from .values import Values


class Module:
    """One parsed unit: where its nodes are, what its names stand for, what its expressions are worth."""

    def __init__(self, unit: CodeUnit) -> None:
        self.unit = unit
        self.code = unit.code
        self.spans = Spans(unit)
        self.kept = self.spans.kept  # the kept nodes (see spans.KEPT_KINDS), in source order
        self.calls = [n for n in self.kept if type(n) is cst.Call]
        self.dicts = [n for n in self.kept if type(n) is cst.Dict]
        if unit.sliced is not None:  # libcst read only some statements: ast read them all
            from .ast_scopes import ast_scopes

            self.scopes = ast_scopes(unit, self.spans)
        else:
            self.scopes = read_scopes(self.spans, len(self.code))
        self.names = Names(self.scopes, self.code)
        self.loops = Loops(self.names)
        self.values = Values(self.spans, self.names)

    def span(self, node: cst.CSTNode) -> Span:
        """Character offsets of a node in the unit's code."""
        return self.spans.span(node)

    def node(self, cst_node: cst.CSTNode, value: Any, path: tuple = (), key: Node | None = None) -> Node:
        """A document node for ``value``, positioned where ``cst_node`` is written."""
        return self.spans.node(cst_node, value, path, key)

    def qualname(self, expr: cst.BaseExpression) -> str | None:
        """``openai.OpenAI`` for ``O`` after ``from openai import OpenAI as O``; None if unknown."""
        return self.names.qualname(expr)

    def origin(self, expr: cst.BaseExpression) -> cst.BaseExpression:
        """The expression a name (or ``self.x``) bound once stands for; ``expr`` itself otherwise."""
        return self.names.origin(expr)

    def forks(self, exprs: list[cst.BaseExpression], at: int) -> list[Env]:
        """One environment per combination of literal-loop elements the expressions see (``[{}]`` if none)."""
        return self.loops.forks(exprs, at)

    def value(self, expr: cst.BaseExpression, env: Env, path: tuple = (), key: Node | None = None) -> Node:
        """The value of ``expr`` in ``env``, positioned where it is written (``UNKNOWN`` when not certain)."""
        return self.values.value(expr, env, path, key)
