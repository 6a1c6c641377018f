"""Positioned documents: every value keeps where it was written.

Sources turn bytes into a :class:`Document`; everything downstream points
at :class:`Node` objects so a finding can always name a line and column.
Offsets are character offsets into the text the user has (for a value that
sits inside a JSON string holding JSON, the source maps them back to the
outer file), and line/column are computed lazily from them.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Iterator, Union
from .records import record

PathPart = Union[str, int]


class _Unknown:
    """The value of something written in code that cannot be known without running it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"  # one instance, also across worker processes


# A node with this value is present (its key is written) but its value is computed at run time.
UNKNOWN = _Unknown()


class Partial(dict):
    """A mapping written in code that holds more than can be seen.

    A key computed at run time (``{Color.RED: 1}``) or a ``**`` spread of
    something unknown adds entries no reader can name, so a key missing here
    may still be there when the code runs. Entries it does show are certain.
    Checks that judge a mapping by what it lacks (a required key) skip it.
    """

    __slots__ = ()


def is_uncertain(value: Any) -> bool:
    """Whether a plain value is, or holds, something that cannot be known (``UNKNOWN``, a ``Partial``)."""
    todo = [value]
    while todo:
        item = todo.pop()
        if item is UNKNOWN or type(item) is Partial:
            return True
        if isinstance(item, dict):
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return False


@dataclass(frozen=True, slots=True)
class Span:
    """A 1-based, end-exclusive region of a file (columns in code points)."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(eq=False, slots=True)
class Node:
    """A value as written, with its place in the document.

    ``value`` is a ``dict[str, Node]`` for a mapping (last duplicate wins, as
    in most parsers), a ``list[Node]`` for a sequence, or a plain scalar.
    A mapping's value node carries its key node in ``key`` so findings about
    a parameter name can point at the name, not the value.
    """

    value: Any
    start: int
    end: int
    path: tuple[PathPart, ...] = ()
    key: Node | None = None

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_sequence(self) -> bool:
        return isinstance(self.value, list)

    def get(self, name: str) -> Node | None:
        """Child of a mapping by key, or None (also for non-mappings)."""
        if isinstance(self.value, dict):
            return self.value.get(name)
        return None

    def find(self, path: tuple[PathPart, ...]) -> Node | None:
        """Descend along ``path`` (keys and indices), None when absent."""
        node: Node | None = self
        for part in path:
            if node is None:
                return None
            if isinstance(node.value, dict) and isinstance(part, str):
                node = node.value.get(part)
            elif isinstance(node.value, list) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
            else:
                return None
        return node

    def plain(self) -> Any:
        """The value without positions (for jsonschema and comparisons)."""
        value = self.value
        if isinstance(value, dict):
            out = {k: v.plain() for k, v in value.items()}
            return Partial(out) if type(value) is Partial else out
        if isinstance(value, list):
            return [v.plain() for v in value]
        return value

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, without recursion (documents may nest deeply)."""
        todo = [self]
        while todo:
            node = todo.pop()
            yield node
            if isinstance(node.value, dict):
                todo.extend(node.value.values())
            elif isinstance(node.value, list):
                todo.extend(node.value)

    def items(self) -> Iterator[tuple[str, Node]]:
        if isinstance(self.value, dict):
            yield from self.value.items()

    @property
    def anchor(self) -> Node:
        """Where a finding about this entry belongs: the key if it has one."""
        return self.key if self.key is not None else self



def text_of(node: Node | None) -> str | None:
    """The string a node holds, or None (no node, or a value of another type)."""
    return node.value if node is not None and isinstance(node.value, str) else None

@dataclass(eq=False, slots=True)
class DuplicateKey:
    """A mapping key written twice; ``first`` is silently replaced by ``repeat``.

    ``value`` is the value written after ``first`` (the one that is lost) and
    ``container`` the mapping both are in: what a fix needs to delete the entry.
    """

    name: str
    first: Node
    repeat: Node
    value: Node | None = None
    container: Node | None = None


class Document:
    """One parsed document of one file.

    ``text`` is the decoded file text (offsets point into it); ``root`` the
    positioned tree; ``kind`` the source format (``json``, ``yaml``, ...).
    ``editable`` says whether fixes may be written into the text: only a
    plain text file read by its format is (never an app's backup, a member
    of an archive, a database, or code kept inside a notebook's JSON).
    """

    def __init__(
        self,
        path: str,
        text: str,
        root: Node | None,
        kind: str,
        duplicates: list[DuplicateKey] | None = None,
        index: int = 0,
    ) -> None:
        self.path = path
        self.text = text
        self.root = root
        self.kind = kind
        self.duplicates = duplicates or []
        self.index = index  # position in a multi-document YAML stream
        self.editable = False
        self._line_starts: list[int] | None = None
        # Set when the text could not be parsed but an app may still own the file (a TOML file
        # named like an app's configuration, a broken line of a JSON Lines file): the error is
        # reported only when a dialect claims the document, so a file of no app's is never an error.
        self.error: SourceError | None = None

    def __repr__(self) -> str:
        return f"Document({self.path!r}, kind={self.kind!r})"

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            text = self.text
            find = text.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        starts = self.line_starts
        line = bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    def span(self, node: Node) -> Span:
        line, column = self.position(node.start)
        end_line, end_column = self.position(max(node.end, node.start))
        return Span(line, column, end_line, end_column)

    def where(self, offset: int) -> str:
        """A place the line and column alone do not say (a notebook cell), or ''."""
        return ""

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        starts = self.line_starts
        if not 1 <= line <= len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r")


@record(frozen=True)
class Gap:
    """A part of a file left out of a document's text: where it sat in the text, and its shape in the file."""

    at: int  # the text offset it sat before
    chars: int  # its characters
    newlines: int  # its line breaks
    last_line: int  # characters after its last line break (all of them when it has none)


class GappedDocument(Document):
    """A document whose text leaves out parts of the file that no reader needs (large values it skips).

    Offsets point into the shorter text, as in any document; lines and columns
    are the file's own, counting what was left out. So a reader passes over
    hundreds of megabytes without decoding or holding them, and every finding
    still points at its place in the file.
    """

    def __init__(self, path: str, text: str, root: Node | None, kind: str, gaps: list[Gap],
                 duplicates: list[DuplicateKey] | None = None) -> None:
        super().__init__(path, text, root, kind, duplicates)
        self.gaps = sorted(gaps, key=lambda g: g.at)

    def position(self, offset: int) -> tuple[int, int]:
        starts = self.line_starts
        index = bisect_right(starts, offset) - 1
        line_start = starts[index]
        line = index + 1 + sum(g.newlines for g in self.gaps if g.at <= offset)
        column = offset - line_start + 1
        for gap in self.gaps:
            if gap.at > offset:
                break
            if gap.at < line_start:
                continue
            if gap.newlines:  # the file's line began inside the gap
                column = offset - gap.at + gap.last_line + 1
            else:
                column += gap.chars
        return line, column

    def line_text(self, line: int) -> str:
        return ""  # the text does not hold the file's lines whole


@dataclass(eq=False)
class SourceError(Exception):
    """Input that cannot be read, at a character offset, with an optional hint."""

    message: str
    offset: int = 0
    hint: str | None = None
    # The text the offset points into, when it is not the document's own
    # (e.g. the part of an undecodable file that could be decoded).
    text: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message
