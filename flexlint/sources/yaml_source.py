"""YAML with positions for every key and value, resolved safely.

PyYAML's composer forgets nothing about positions but recurses per level
and expands nothing lazily, and its constructor can be asked to build
Python objects. This module builds the positioned tree straight from the
event stream instead: an explicit stack (deep nesting cannot exhaust the
Python stack), scalars resolved with the same rules as ``yaml.safe_load``
but only ever to JSON-like values, and aliases shared rather than copied,
with their expanded size bounded so a YAML bomb is refused up front.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from ..core.document import DuplicateKey, Node, SourceError
from ..core.regex import lazy

__all__ = ["MAX_DEPTH", "MAX_NODES", "parse_yaml"]

MAX_DEPTH = 256
MAX_NODES = 1_000_000
MAX_INT_BITS = 4096

# The C loader is much faster; both report marks as code-point offsets.
_LOADER: type = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_CONSTRUCTORS = {
    "tag:yaml.org,2002:null": _CONSTRUCTOR.construct_yaml_null,
    "tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
}

CURLY_QUOTES = "\u201c\u201d\u2018\u2019\u201e\u201f\u201a\u201b\u00ab\u00bb\u2039\u203a\uff02"
_TAB_HINT = "YAML does not allow tabs for indentation; indent with spaces"
_CURLY_HINT = (
    "the line has curly quotes (\u201c \u201d \u2018 \u2019), probably pasted from a web page or word "
    "processor; YAML only treats straight quotes \" and ' as quotes"
)
_DEPTH_HINT = "no configuration needs this depth; the file is probably generated wrongly or hostile"
_BOM_HINT = "files were probably concatenated; delete the invisible character (most editors can show it)"


def parse_yaml(
    text: str,
    *,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> list[tuple[Node | None, list[DuplicateKey]]]:
    """Parse a YAML stream into one ``(root, duplicates)`` per document.

    An empty stream yields a single ``(None, [])`` so every file has at
    least one document; an empty document's root is None.
    """
    # libyaml skips a leading BOM without counting it; parse past it ourselves.
    shift = 1 if text.startswith("\ufeff") else 0
    builder = _Builder(text, shift, max_depth, max_nodes)
    body = text[shift:] if shift else text
    try:
        for event in yaml.parse(body, Loader=_LOADER):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        raise _marked_error(exc, text, shift) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, body, shift, _LOADER is not yaml.SafeLoader) from None
    except yaml.YAMLError as exc:
        raise SourceError(_one_line(str(exc)) or "invalid YAML", 0) from None
    except UnicodeEncodeError as exc:  # lone surrogates cannot reach libyaml
        raise SourceError(
            f"invalid character U+{ord(body[exc.start]):04X} (an unpaired surrogate)", exc.start + shift
        ) from None
    return builder.documents or [(None, [])]


# --------------------------------------------------------------------------
# Tree building


@dataclass(eq=False, slots=True)
class _Frame:
    """An open mapping or sequence while its children arrive."""

    node: Node
    anchor: str | None
    size: int = 1  # values a full expansion would visit, for the bomb check
    height: int = 1  # levels below and including this one, aliases expanded (for the depth check)
    expect_key: bool = True
    key: str = ""
    key_node: Node | None = None
    merge_next: bool = False
    key_nodes: dict[str, Node] = field(default_factory=dict)
    merges: list[Node] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class _Anchor:
    node: Node
    size: int
    raw: str | None  # a scalar's source text, for use as a mapping key
    height: int = 0  # levels of collections inside, aliases expanded


class _Builder:
    """Turns events into Nodes; one instance per stream."""

    def __init__(self, text: str, shift: int, max_depth: int, max_nodes: int) -> None:
        self.text = text
        self.shift = shift
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.documents: list[tuple[Node | None, list[DuplicateKey]]] = []
        self.expanded = 0  # values added by aliases, across the stream
        self._reset()

    def _reset(self) -> None:
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchor] = {}
        self.open_anchors: dict[str, int] = {}
        self.duplicates: list[DuplicateKey] = []
        self.root: Node | None = None

    def feed(self, event: yaml.Event) -> None:
        kind = type(event)
        if kind is ScalarEvent:
            self._scalar(event)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            self._start(event, kind is MappingStartEvent)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            self._end(event)
        elif kind is AliasEvent:
            self._alias(event)
        elif kind is DocumentStartEvent:
            self._reset()
        elif kind is DocumentEndEvent:
            self.documents.append((_empty_to_none(self.root), self.duplicates))

    # -- positions and paths -------------------------------------------

    def _offset(self, mark: Any) -> int:
        return mark.index + self.shift

    def _child_path(self) -> tuple:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        parent = frame.node.path
        if isinstance(frame.node.value, list):
            return parent + (len(frame.node.value),)
        return parent + (frame.key,)

    def _expecting_key(self) -> bool:
        return bool(self.stack) and self.stack[-1].expect_key and isinstance(self.stack[-1].node.value, dict)

    # -- events ----------------------------------------------------------

    def _scalar(self, event: ScalarEvent) -> None:
        start, end = self._offset(event.start_mark), self._offset(event.end_mark)
        if not event.style and "\ufeff" in event.value:  # plain style: None (pure) or "" (libyaml)
            bom = self.text.find("\ufeff", start, max(end, start + 1))
            raise SourceError("byte-order mark (U+FEFF) in the middle of the file", bom if bom >= 0 else start, _BOM_HINT)
        self._check_anchor(event)
        if self._expecting_key():
            merge = event.value == "<<" and (event.tag == _MERGE or (event.tag is None and event.implicit[0]))
            self._key(event.value, start, end, merge)
            if event.anchor is not None:
                value = _scalar_value(event, start)
                self.anchors[event.anchor] = _Anchor(Node(value, start, end, self.stack[-1].key_node.path), 1, event.value)
            return
        frame = self.stack[-1] if self.stack else None
        key_node = frame.key_node if frame is not None and not frame.expect_key else None
        try:
            value = _scalar_value(event, start)
        except SourceError as error:
            from ..knowledge.secrets import MASK, is_secret_name

            if key_node is not None and is_secret_name(str(key_node.value)) and event.value:
                error.message = error.message.replace(repr(event.value), MASK)  # never quote a key's value back
            raise
        node = Node(value, start, end, self._child_path(), key_node)
        if event.anchor is not None:
            self.anchors[event.anchor] = _Anchor(node, 1, event.value)
        self._attach(node, 1)

    def _start(self, event: MappingStartEvent | SequenceStartEvent, is_map: bool) -> None:
        start = self._offset(event.start_mark)
        if self._expecting_key():
            raise SourceError(
                "a mapping key must be a plain value, not a " + ("mapping" if is_map else "sequence"),
                start,
                "configuration keys are names; write the key as text",
            )
        if len(self.stack) >= self.max_depth:
            raise SourceError(
                f"nesting deeper than {self.max_depth} levels",
                start,
                "configuration files are never nested this deeply; the file is probably generated or corrupt",
            )
        self._check_anchor(event)
        frame = self.stack[-1] if self.stack else None
        key_node = frame.key_node if frame is not None and isinstance(frame.node.value, dict) else None
        node = Node({} if is_map else [], start, start, self._child_path(), key_node)
        if event.anchor is not None:
            self.open_anchors[event.anchor] = start
        self.stack.append(_Frame(node, event.anchor))

    def _end(self, event: MappingEndEvent | SequenceEndEvent) -> None:
        frame = self.stack.pop()
        node = frame.node
        node.end = self._offset(event.end_mark)
        if frame.merges:
            node.value = _merged(frame.merges, node.value)
        if frame.anchor is not None:
            del self.open_anchors[frame.anchor]
            self.anchors[frame.anchor] = _Anchor(node, frame.size, None, frame.height)
        self._attach(node, frame.size, frame.height)

    def _alias(self, event: AliasEvent) -> None:
        name = event.anchor
        start = self._offset(event.start_mark)
        if name in self.open_anchors:
            raise SourceError(
                f"recursive alias: *{name} refers to the anchor &{name} that contains it",
                start,
                "a value cannot include itself; copy the parts you need instead",
                extra={"anchor_at": self.open_anchors[name]},
            )
        anchor = self.anchors.get(name)
        if anchor is None:
            raise SourceError(
                f"undefined alias *{name}: no anchor &{name} before it in this document",
                start,
                f"define the anchor with &{name} on a value above this line (anchors do not cross '---')",
            )
        if len(self.stack) + anchor.height > self.max_depth:
            raise SourceError(
                f"aliases nest deeper than {self.max_depth} levels: *{name} holds {anchor.height} levels inside "
                f"{len(self.stack)}",
                start,
                "anchors that refer to anchors can nest a document without end; no configuration needs this depth",
            )
        self.expanded += anchor.size
        if self.expanded > self.max_nodes:
            raise SourceError(
                f"aliases expand to more than {self.max_nodes:,} values",
                start,
                "this looks like a YAML bomb ('billion laughs'): anchors that refer to anchors multiply "
                "the document; flexlint refuses to expand it",
            )
        if self._expecting_key():
            if anchor.raw is None:
                raise SourceError(
                    f"a mapping key must be a plain value, but *{name} is a collection",
                    start,
                    "configuration keys are names; write the key as text",
                )
            self._key(anchor.raw, start, self._offset(event.end_mark), merge=False)
            return
        self._attach(anchor.node, anchor.size, anchor.height)

    # -- helpers ---------------------------------------------------------

    def _check_anchor(self, event: Any) -> None:
        name = event.anchor
        if name is not None and (name in self.anchors or name in self.open_anchors):
            raise SourceError(
                f"duplicate anchor &{name}",
                self._offset(event.start_mark),
                "PyYAML refuses to redefine an anchor; give each anchor a unique name",
            )

    def _key(self, name: str, start: int, end: int, merge: bool) -> None:
        frame = self.stack[-1]
        frame.key = name
        frame.key_node = Node(name, start, end, frame.node.path + (name,))
        frame.merge_next = merge
        frame.expect_key = False

    def _attach(self, node: Node, size: int, height: int = 0) -> None:
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        frame.size += size
        if height + 1 > frame.height:
            frame.height = height + 1
        container = frame.node.value
        if isinstance(container, list):
            container.append(node)
            return
        frame.expect_key = True
        key_node = frame.key_node
        assert key_node is not None
        if frame.merge_next:
            _check_merge_source(node)
            frame.merges.append(node)
            return
        name = frame.key
        if name in container:
            self.duplicates.append(DuplicateKey(name, frame.key_nodes[name], key_node, container[name], frame.node))
        container[name] = node
        frame.key_nodes[name] = key_node


def _empty_to_none(root: Node | None) -> Node | None:
    """An empty document is parsed as an empty plain scalar; report it as no value."""
    if root is not None and root.value is None and root.start == root.end:
        return None
    return root


def _scalar_value(event: ScalarEvent, start: int) -> Any:
    """Resolve like ``yaml.safe_load``, but only to str/int/float/bool/None."""
    tag = event.tag
    value = event.value
    if tag is None or tag == "!":
        tag = _RESOLVER.resolve(ScalarNode, value, event.implicit)
    if tag == _STR:
        return value
    construct = _CONSTRUCTORS.get(tag)
    if construct is None:  # timestamps, binary, unknown and custom tags keep their text
        return value
    try:
        result = construct(ScalarNode(tag, value))
    except Exception:  # e.g. ValueError for "!!int abc", KeyError for "!!bool maybe"
        short = tag.rsplit(":", 1)[-1]
        raise SourceError(
            f"cannot read {value!r} as {short}",
            start,
            f"remove the !!{short} tag or write a valid {short}",
        ) from None
    if isinstance(result, int) and not isinstance(result, bool) and result.bit_length() > MAX_INT_BITS:
        raise SourceError(  # a long 0x... literal: no message could print it
            f"a number of {len(value)} characters is too long to read",
            start,
            "if this is an identifier rather than a quantity, put it in quotes",
        )
    return result


def _check_merge_source(node: Node) -> None:
    if isinstance(node.value, dict):
        return
    if isinstance(node.value, list):
        for item in node.value:
            if not isinstance(item.value, dict):
                raise SourceError(
                    "a merge key '<<' needs mappings, but this list item is not a mapping",
                    item.start,
                    "write '<<: *anchor' or '<<: [*a, *b]' with anchors on mappings",
                )
        return
    raise SourceError(
        "a merge key '<<' needs a mapping or a list of mappings",
        node.start,
        "write '<<: *anchor' or '<<: [*a, *b]' with anchors on mappings",
    )


def _merged(sources: list[Node], explicit: dict[str, Node]) -> dict[str, Node]:
    """YAML merge: explicit keys win; within a '<<' list earlier mappings win."""
    merged: dict[str, Node] = {}
    for source in sources:
        parts = [source] if isinstance(source.value, dict) else list(reversed(source.value))
        for part in parts:
            merged.update(part.value)
    merged.update(explicit)
    return merged


# --------------------------------------------------------------------------
# Errors


_MESSAGES = {
    "mapping values are not allowed in this context": "mapping values are not allowed here",
}
_TOKEN_START = lazy(r"found character (?:'.*' )?that cannot start any token")


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _describe(char: str) -> str:
    if char.isprintable() and not char.isspace():
        return f"'{char}'"
    names = {"\t": "tab", "\n": "line feed", "\r": "carriage return"}
    name = names.get(char) or unicodedata.name(char, "control character").lower()
    return f"U+{ord(char):04X} ({name})"


def _line_around(text: str, offset: int) -> tuple[int, str]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, text[start : end if end != -1 else len(text)]


def _marked_error(exc: yaml.MarkedYAMLError, text: str, shift: int) -> SourceError:
    """One line, at the problem mark, with a hint for the usual causes."""
    mark = exc.problem_mark or exc.context_mark
    offset = min(mark.index + shift, len(text)) if mark is not None else 0
    problem = _one_line(exc.problem or exc.context or "invalid YAML")
    problem = _MESSAGES.get(problem, problem)
    if problem.startswith("exceeded maximum nesting depth"):
        # libyaml >= 0.2.5 (PyYAML 6.0.2+ wheels) stops deep nesting itself, below our own limit.
        return SourceError(f"nesting deeper than {MAX_DEPTH} levels", offset, _DEPTH_HINT)
    char = text[offset] if offset < len(text) else ""
    if _TOKEN_START.fullmatch(problem) and char:
        problem = f"found {_describe(char)}, which cannot start any token"
    context = _one_line(exc.context or "") if exc.problem else ""
    message = f"{problem} ({context})" if context else problem
    extra: dict[str, Any] = {}
    if exc.context_mark is not None and exc.problem_mark is not None:
        extra["context_at"] = exc.context_mark.index + shift

    line_start, line = _line_around(text, offset)
    bom = _stray_bom(text, line_start, offset)
    if bom is not None:
        return SourceError("byte-order mark (U+FEFF) in the middle of the file", bom, _BOM_HINT, extra=extra)
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    hint = None
    if char == "\t" or "\t" in indent or "tab" in problem:
        hint = _TAB_HINT
    elif any(q in line for q in CURLY_QUOTES):
        hint = _CURLY_HINT
    return SourceError(message, offset, hint, extra=extra)


def _stray_bom(text: str, line_start: int, offset: int) -> int | None:
    """A U+FEFF that likely caused the error: on its line, or starting the line before."""
    bom = text.rfind("\ufeff", 1, offset + 1)
    if bom == -1:
        return None
    if bom >= line_start:
        return bom
    bom_line = text.rfind("\n", 0, bom) + 1
    if text.rfind("\n", 0, max(line_start - 1, 0)) + 1 == bom_line and not text[bom_line:bom].strip():
        return bom
    return None


def _reader_error(exc: yaml.reader.ReaderError, body: str, shift: int, byte_positions: bool) -> SourceError:
    """Unacceptable characters; libyaml counts their position in UTF-8 bytes."""
    position = exc.position
    if byte_positions:
        position = len(body.encode("utf-8", errors="surrogatepass")[:position].decode("utf-8", errors="ignore"))
    char = body[position] if position < len(body) else ""
    shown = _describe(char) if char else f"character #x{exc.character:04x}"
    return SourceError(
        f"{shown} is not allowed in YAML",
        position + shift,
        "remove it: YAML text cannot contain control characters other than tab and line breaks",
    )
