"""The fast span pass: libcst's codegen driven by a state that only counts characters.

This is the one place that touches a private libcst name
(``libcst._nodes.internal.CodegenState``). It stays because the public route
to the same spans costs several times more: ``MetadataWrapper(module,
unsafe_skip_copy=True).resolve(ByteSpanPositionProvider)`` runs the same
codegen, but its state also collects every token and measures it in UTF-8,
enters a generator-based context manager for each syntactic position, keys
its table by the nodes themselves (libcst nodes hash in Python) and copies
that table once more.
Measured with libcst 1.9.0 on 327 OpenAI-using files (2.7 MB: the
benchmark's generated corpus, the staging corpora of real files, the
Python test cases), 9 interleaved rounds: the span pass alone takes 5.2x as
long on the public route (median; 4.7x-5.3x), and a whole ``flexlint
--jobs 1`` run over those files 1.64x as long (1.52x-1.69x; 17.3 s against
27.6 s). ``PositionProvider`` (lines and columns) is slower still (8x).

:mod:`.spans` imports this module inside a guard: if libcst ever moves or
drops ``CodegenState``, or this pass stops giving the spans the public
provider gives on a small probe, the public provider is used instead.
"""

from __future__ import annotations

from typing import Collection

import libcst as cst
from libcst._nodes.internal import CodegenState

Span = tuple[int, int]


def offset_spans(
    module: cst.Module, kept_kinds: Collection[type], unasked: Collection[type] = ()
) -> tuple[dict[int, Span], list[cst.CSTNode]]:
    """Each node's character span by ``id(node)`` (but those of the kinds in ``unasked``), and the nodes of
    ``kept_kinds`` (children before parents)."""
    state = _OffsetState(module, kept_kinds, unasked)
    module._codegen(state)
    return state.spans, state.kept


class _OffsetState(CodegenState):
    """Codegen that records each node's character span and keeps the nodes that matter.

    Only offsets are counted: the code itself is never assembled (it is the
    source). Spans are keyed by ``id(node)``: libcst nodes hash in Python, and
    this state touches every node of the module.
    """

    def __init__(self, module: cst.Module, kept_kinds: Collection[type], unasked: Collection[type]) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.offset = 0
        self.stack: list[int] = []
        self.spans: dict[int, Span] = {}
        self.kept: list[cst.CSTNode] = []
        self.kept_kinds = kept_kinds
        self.unasked = unasked

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.offset += len(token)

    def add_token(self, value: str) -> None:
        self.offset += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self.stack.append(self.offset)

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self.stack.pop()
        kind = type(node)
        if kind in self.unasked:
            return
        self.spans.setdefault(id(node), (start, self.offset))
        if kind in self.kept_kinds:
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
