"""Where each libcst node sits in the code, and the few nodes the Python host reads.

Everything the host works out (scopes, bindings, values) needs only two
things from the tree: the character span of a node, and the nodes of the
kinds that open a scope, bind a name, make a call or write a dict. libcst's
metadata providers for positions, scopes and qualified names would each walk
the whole tree again, which costs more than parsing; instead one codegen
pass counts characters (the tree is lossless, so the count is the offset
into the source) and keeps those nodes on the way.

That pass has two routes that give the same spans. The fast one
(:mod:`.offset_codegen`) subclasses libcst's private codegen state; the
public one reads ``ByteSpanPositionProvider`` and maps its byte offsets to
characters. The fast route is used while it is importable and agrees with
the public one on a small probe; otherwise the public one is, so a libcst
release that moves the private name makes flexlint slower, never wrong.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

import libcst as cst

from ...core.document import Node
from ...sources.python_source import CodeUnit

Span = tuple[int, int]
SpanPass = Callable[[cst.Module, str], tuple[dict[int, Span], list[cst.CSTNode]]]

COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
SCOPE_KINDS = (cst.FunctionDef, cst.ClassDef, cst.Lambda, *COMPREHENSIONS)
KEPT_KINDS = frozenset(
    {
        cst.Call, cst.Assign, cst.AnnAssign, cst.AugAssign, cst.For, cst.CompFor, cst.WithItem,
        cst.ExceptHandler, cst.Import, cst.ImportFrom, cst.Param, cst.NamedExpr, cst.Global,
        cst.Nonlocal, cst.Del, cst.MatchAs, cst.MatchStar, cst.Dict, *SCOPE_KINDS,
    }
    | ({cst.ExceptStarHandler} if hasattr(cst, "ExceptStarHandler") else set())
)

# Whitespace, comments and punctuation: more than half the nodes of a module, and no reader asks where
# one is (a syntactic position ends at a statement, a block or a parenthesis, never at one of these).
UNASKED = frozenset(
    {
        cst.SimpleWhitespace, cst.ParenthesizedWhitespace, cst.TrailingWhitespace, cst.Newline, cst.EmptyLine,
        cst.Comment, cst.Comma, cst.Dot, cst.AssignEqual, cst.Colon, cst.Semicolon,
    }
)


class Spans:
    """One code unit's node spans (character offsets into ``unit.code``) and kept nodes in source order."""

    def __init__(self, unit: CodeUnit) -> None:
        self.unit = unit
        self.by_id, kept = span_pass()(unit.module, unit.code if unit.source is None else unit.source)
        self.kept = sorted(kept, key=lambda n: self.by_id[id(n)][0])

    def span(self, node: cst.CSTNode) -> Span:
        return self.by_id[id(node)]

    def doc_span(self, node: cst.CSTNode) -> Span:
        """The span as offsets into the document (a notebook's cells are pieces of its text)."""
        start, end = self.by_id[id(node)]
        return self.unit.to_document(start), self.unit.to_document(end)

    def node(self, cst_node: cst.CSTNode, value: Any, path: tuple = (), key: Node | None = None) -> Node:
        """A document node for ``value``, positioned where ``cst_node`` is written."""
        start, end = self.doc_span(cst_node)
        return Node(value, start, end, path, key)


def provider_spans(module: cst.Module, code: str) -> tuple[dict[int, Span], list[cst.CSTNode]]:
    """The public route: libcst's byte spans, turned into character offsets."""
    from libcst.metadata import ByteSpanPositionProvider, MetadataWrapper

    # The module comes straight from the parser, so no node appears twice: no copy is needed.
    found = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ByteSpanPositionProvider)
    char_at = None if code.isascii() else _char_offsets(code)
    spans: dict[int, Span] = {}
    kept: list[cst.CSTNode] = []
    for node, span in found.items():
        if type(node) in UNASKED:
            continue
        start, end = span.start, span.start + span.length
        if char_at is not None:
            start, end = char_at[start], char_at[min(end, len(char_at) - 1)]
        spans[id(node)] = (start, end)
        if type(node) in KEPT_KINDS:
            kept.append(node)
    return spans, kept


def _char_offsets(code: str) -> list[int]:
    """For each UTF-8 byte offset of ``code`` (and its end), the character offset it falls in."""
    out: list[int] = []
    for i, ch in enumerate(code):
        point = ord(ch)
        out.extend((i,) * (1 if point < 0x80 else 2 if point < 0x800 else 3 if point < 0x10000 else 4))
    out.append(len(code))
    return out


# Where a codegen state that missed a hook would go wrong: code after a
# non-ASCII character, a comment, a decorator, parameters of each sort, a
# comprehension with a walrus, a lambda.
_PROBE = (
    'x = {"é": f(1, b=[2])}  # note\n'
    "@deco\n"
    "class C(Base):\n"
    "    def m(self, a: int = 2, *rest, **kw) -> None:\n"
    '        return [g(a) for a in "ab" if (n := a)], lambda y: y + 1\n'
)


@lru_cache(maxsize=1)
def span_pass() -> SpanPass:
    """The fast route when it is there and agrees with the public one on the probe, else the public one."""
    fast = _fast_route()
    if fast is None:
        return provider_spans
    try:
        probe = cst.parse_module(_PROBE)
        mine, mine_kept = fast(probe, _PROBE)
        public, public_kept = provider_spans(probe, _PROBE)
    except Exception:  # the private state no longer fits libcst's codegen
        return provider_spans
    # The module itself is left out: the fast state keeps no tokens, so libcst's
    # Module codegen takes the file for empty and adds a newline at its end.
    mine.pop(id(probe), None)
    public.pop(id(probe), None)
    # The fast route may also hold punctuation it met as a syntactic position: only what the public one has counts.
    if any(mine.get(key) != span for key, span in public.items()):
        return provider_spans
    if {id(n) for n in mine_kept} != {id(n) for n in public_kept}:
        return provider_spans
    return fast


def _fast_route() -> SpanPass | None:
    try:
        from .offset_codegen import offset_spans
    except ImportError:  # libcst moved or dropped its private CodegenState
        return None
    return lambda module, code: offset_spans(module, KEPT_KINDS, UNASKED)
