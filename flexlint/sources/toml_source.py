"""TOML with positions for every key and value.

The standard library's ``tomllib`` decides what a TOML file means (it is
the reference reader: strings, numbers, dates, tables, arrays of tables),
but keeps no positions. tree-sitter's TOML grammar (``tree-sitter-toml``, a
compiled parser) gives every key and value its byte span in well under a
millisecond for a configuration file. This module reads the file with both
and joins them by path: the values come from ``tomllib``, the spans from
the syntax tree. A file ``tomllib`` rejects is a :class:`SourceError` at the
line and column it names; a value the syntax tree does not place (a grammar
gap) takes the span of the nearest placed parent, so a finding is never
lost, only less precise.

``tomlkit`` keeps a document's formatting but no offsets, and parses about
twelve times slower than ``tomllib`` (measured on a 3.4 kB agent
configuration: 14 ms against 1.2 ms; tree-sitter takes 0.4 ms), so it is
not used. Both parsers are imported only when a TOML file is read.

Before either parser sees a file, one linear scan bounds its shape:
brackets nested deeper than the run's depth limit, or a key of more dotted
parts than that, are a :class:`SourceError` at their place. ``tomllib``
spends time and memory quadratic in the parts of a dotted key (a 60 kB key
of 30,000 parts: 20 seconds and 3.4 GB), and the trees built from it
recurse once per level.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_left
from functools import lru_cache
from typing import Any

from ..core.document import Node, PathPart, SourceError
from ..core.limits import DEFAULT
from ..core.regex import lazy

__all__ = ["parse_toml"]

Path = tuple[PathPart, ...]
Spans = dict[Path, tuple[tuple[int, int] | None, tuple[int, int]]]
_AT = lazy(r"\(at line (\d+), column (\d+)\)")
_PART = r"""[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'"""
_PARTS = lazy(_PART)
# Multi-line strings and comments (skipped), runs of dotted parts (keys, and values such as
# numbers or single-line strings), and brackets; everything else is skipped by finditer.
_SHAPE = lazy(
    r'''(?P<skip>"""(?:[^"\\]|\\(?s:.)|"(?!""))*""""{0,2}|\'\'\'(?:[^']|'(?!''))*\'\'\''{0,2}|\#[^\n]*)'''
    + rf"|(?P<run>(?:{_PART})(?:[ \t]*\.[ \t]*(?:{_PART}))*)"
    + r"|(?P<open>[\[{])|(?P<close>[\]}])"
)


def _tomllib() -> Any:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib


@lru_cache(maxsize=1)
def _parser() -> Any:
    import tree_sitter_toml
    from tree_sitter import Language, Parser

    return Parser(Language(tree_sitter_toml.language()))


def parse_toml(text: str, max_depth: int = DEFAULT.max_depth) -> Node:
    """The positioned tree of a TOML document (a mapping); raises SourceError when it is not TOML."""
    _check_shape(text, max_depth)
    toml = _tomllib()
    try:
        values = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        raise _error(text, exc) from None
    except RecursionError:
        raise SourceError("the TOML nests deeper than flexlint reads") from None
    except ValueError:  # tomllib lets int() refuse a decimal integer of more digits than Python converts
        m = _LONG_INTEGER.search(text)
        raise SourceError(f"an integer of more than {_int_digits()} digits", m.start() if m else 0,
                          hint="write the number with fewer digits, or as a string") from None
    spans = _Spans(text).read()
    whole = (0, len(text))
    return _build(values, (), spans, whole, None)


def _check_shape(text: str, max_depth: int) -> None:
    """Refuse brackets nested, or keys dotted, beyond ``max_depth`` levels, in one pass over the text."""
    if text.count("[") + text.count("{") <= max_depth and text.count(".") < max_depth:
        return  # too few brackets or dots to go that deep (counted at C speed): the usual file
    depth = 0
    for m in _SHAPE.finditer(text):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
            if depth > max_depth:
                raise SourceError(f"nesting deeper than {max_depth} levels", m.start(), _TOO_DEEP)
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "run" and m.end() - m.start() > 2 * max_depth:  # shorter runs cannot hold more parts
            parts = len(_PARTS.findall(m.group()))
            if parts > max_depth:
                raise SourceError(f"a dotted key of {parts} parts, more than the {max_depth} levels flexlint reads",
                                  m.start(), _TOO_DEEP)


_TOO_DEEP = "configuration files are never nested this deeply; the file is probably generated or corrupt"
_LONG_INTEGER = lazy(r"(?<![\w.])[+-]?\d[\d_]{4000,}")  # Python's digit limit is at least 4300


def _int_digits() -> int:
    import sys

    return sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300


def _error(text: str, exc: Exception) -> SourceError:
    message = str(exc)
    offset = 0
    m = _AT.search(message)
    if m:
        line, column = int(m.group(1)), int(m.group(2))
        starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        if 1 <= line <= len(starts):
            offset = min(starts[line - 1] + column - 1, len(text))
        message = _AT.sub("", message).strip()
    elif "(at end of document)" in message:
        offset = len(text)
        message = message.replace("(at end of document)", "at the end of the file").strip()
    return SourceError(f"not valid TOML: {message}", offset, hint="fix the TOML at this position")


def _plain(value: Any) -> Any:
    """TOML dates and times as the text TOML writes them (JSON-like values downstream)."""
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    return value


def _build(value: Any, path: Path, spans: Spans, fallback: tuple[int, int], key: Node | None) -> Node:
    found = spans.get(path)
    span = found[1] if found is not None else fallback
    if isinstance(value, dict):
        children: dict[str, Node] = {}
        for name, child in value.items():
            child_path = path + (name,)
            located = spans.get(child_path)
            kspan = located[0] if located is not None and located[0] is not None else span
            key_node = Node(name, kspan[0], kspan[1], child_path)
            children[name] = _build(child, child_path, spans, span, key_node)
        return Node(children, span[0], span[1], path, key)
    if isinstance(value, list):
        items = [_build(item, path + (i,), spans, span, None) for i, item in enumerate(value)]
        return Node(items, span[0], span[1], path, key)
    return Node(_plain(value), span[0], span[1], path, key)


class _Spans:
    """Where each path of the document is written, from tree-sitter's syntax tree.

    Paths are resolved the way TOML defines them: a ``[table]`` header or a
    dotted key names a path from the root; a header that passes through an
    array of tables (``[[servers]]``) refers to its last element so far.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8", "surrogatepass")
        self.spans: Spans = {}
        self.aot_index: dict[Path, int] = {}
        self._char_of = self._byte_to_char()

    def _byte_to_char(self) -> Any:
        if len(self.data) == len(self.text):
            return lambda b: b  # ASCII: byte and character offsets agree
        starts: list[int] = []  # byte offset where each character starts
        pos = 0
        for ch in self.text:
            starts.append(pos)
            pos += len(ch.encode("utf-8", "surrogatepass"))
        return lambda b: bisect_left(starts, b)

    def span(self, node: Any) -> tuple[int, int]:
        start, end = node.start_byte, node.end_byte
        while end > start and self.data[end - 1 : end] in (b"\n", b"\r", b" ", b"\t"):
            end -= 1  # a table's node runs to the next header: end at its last character
        return self._char_of(start), self._char_of(end)

    def read(self) -> Spans:
        tree = _parser().parse(self.data)
        for child in tree.root_node.named_children:
            if child.type == "pair":
                self._pair(child, ())
            elif child.type == "table":
                self._table(child, array=False)
            elif child.type == "table_array_element":
                self._table(child, array=True)
        return self.spans

    def _keys(self, node: Any) -> list[tuple[str, Any]]:
        if node.type == "dotted_key":
            out: list[tuple[str, Any]] = []
            for part in node.named_children:
                out.extend(self._keys(part))
            return out
        raw = node.text.decode("utf-8", "replace")
        if node.type == "quoted_key":
            try:
                raw = next(iter(_tomllib().loads(raw + " = 0")))
            except Exception:  # noqa: BLE001 - a key the grammar accepted but tomllib did not: keep its text
                raw = raw[1:-1]
        return [(raw, node)]

    def _note(self, path: Path, key: Any, value: tuple[int, int]) -> None:
        if path not in self.spans:
            self.spans[path] = (self.span(key) if key is not None else None, value)

    def _table(self, node: Any, array: bool) -> None:
        header = next((c for c in node.named_children if c.type in ("bare_key", "quoted_key", "dotted_key")), None)
        if header is None:
            return
        keys = self._keys(header)
        whole = self.span(node)
        path: Path = ()
        for i, (name, key) in enumerate(keys):
            path = path + (name,)
            final = i == len(keys) - 1
            if final and array:
                index = self.aot_index.get(path, -1) + 1
                self.aot_index[path] = index
                first = self.spans.get(path)
                start = first[1][0] if first is not None else whole[0]
                self.spans[path] = (first[0] if first is not None else self.span(key), (start, whole[1]))
                path = path + (index,)
                self.spans[path] = (self.span(key), whole)
            else:
                self._note(path, key, whole)
                if path in self.aot_index:
                    path = path + (self.aot_index[path],)
        for child in node.named_children:
            if child.type == "pair":
                self._pair(child, path)

    def _pair(self, node: Any, base: Path) -> None:
        named = [c for c in node.named_children if c.type != "comment"]
        if len(named) < 2:
            return
        key, value = named[0], named[-1]
        keys = self._keys(key)
        path = base
        whole = self.span(node)
        for i, (name, part) in enumerate(keys):
            path = path + (name,)
            if i < len(keys) - 1:
                self._note(path, part, whole)
        self._note(path, keys[-1][1], self.span(value))
        self._value(value, path)

    def _value(self, node: Any, path: Path) -> None:
        if node.type == "array":
            items = [c for c in node.named_children if c.type != "comment"]
            for i, item in enumerate(items):
                self._note(path + (i,), None, self.span(item))
                self._value(item, path + (i,))
        elif node.type == "inline_table":
            for child in node.named_children:
                if child.type == "pair":
                    self._pair(child, path)
