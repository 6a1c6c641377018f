"""Forks: a call inside ``for m in ["a", "b"]:`` is one request per element.

A loop over a literal list is the usual way a script tries several models or
tiers, and each element makes its own request, which may be fine for one
element and rejected for another. So a call whose arguments use such a loop
variable (directly, or through names bound once) is read once per
combination of elements, each time with an environment that says which
element each loop variable holds. Loops over anything else leave the
variable unknown. The number of combinations is capped so that nested loops
cannot make the reading explode.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Iterator

import libcst as cst

from .names import Names
from .scopes import Binding

MAX_FORKS = 64  # combinations of loop elements followed for one call

Env = dict[int, cst.BaseExpression]  # id(loop binding) -> the element it holds


@dataclass(frozen=True)
class Loop:
    """A ``for`` over a literal sequence: one element per fork."""

    binding: Binding
    elements: tuple[cst.BaseExpression, ...]


class Loops:
    def __init__(self, names: Names) -> None:
        self.names = names

    def forks(self, exprs: list[cst.BaseExpression], at: int) -> list[Env]:
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
        if type(expr) is cst.Name:
            binding = self.names.single(expr)
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
        seq = self.names.origin(binding.node.iter)  # type: ignore[union-attr]
        if isinstance(seq, (cst.List, cst.Tuple)) and all(isinstance(e, cst.Element) for e in seq.elements):
            return Loop(binding, tuple(e.value for e in seq.elements))
        return None


def _value_children(expr: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Sub-expressions that can carry a value into a literal (for finding loop variables)."""
    t = type(expr)  # libcst's classes are ABCs: isinstance costs several times a type test
    if t is cst.List or t is cst.Tuple or t is cst.Set:
        for el in expr.elements:
            yield el.value
    elif t is cst.Dict:
        for el in expr.elements:
            if type(el) is cst.DictElement:
                yield el.key
            yield el.value
    elif t is cst.BinaryOperation:
        yield expr.left
        yield expr.right
    elif t is cst.UnaryOperation:
        yield expr.expression
    elif t is cst.Call:
        for arg in expr.args:
            yield arg.value
