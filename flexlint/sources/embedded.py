"""JSON held in a JSON string, with positions in the file the user has.

Apps persist state as JSON text inside JSON strings, sometimes two layers
deep (redux-persist stores each slice as a string inside a string). A value
found in an inner layer must still be reported at its line and column in
the outer file. :func:`jsonc.string_offsets` gives that map as a list with
one int per character, which costs tens of bytes per character: too much
for a string of many megabytes. :class:`StringOffsets` holds only the escape
sequences (the places where the map is not a plain shift) and computes any
offset on demand; maps of several layers compose.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from typing import Sequence, Union

from ..core.document import DuplicateKey, Node
from .jsonc import parse_json
from ..core.regex import lazy

__all__ = ["StringOffsets", "Composed", "parse_embedded"]

# One escape sequence of a JSON string token; a valid surrogate pair decodes to one character.
_ESCAPE_RE = lazy(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    r"|\\u[0-9a-fA-F]{4}|\\."
)


class StringOffsets(Sequence[int]):
    """Index of a decoded string's character → offset of its source in the outer text.

    Built from the string token ``outer[start:end]`` (quotes included). Like
    ``string_offsets``, it has one more entry than the decoded string has
    characters: the closing quote, so end-exclusive spans stay valid.
    """

    __slots__ = ("_decoded", "_source", "_length", "_start", "_size")

    def __init__(self, outer: str, start: int, end: int) -> None:
        decoded = array("q")  # decoded index of each escape's character
        source = array("q")  # outer offset where that escape starts
        length = array("q")  # outer length of the escape sequence
        shift = 0  # outer chars consumed by escapes beyond one char each
        for m in _ESCAPE_RE.finditer(outer, start + 1, end - 1):
            pos = m.start()
            decoded.append(pos - (start + 1) - shift)
            source.append(pos)
            size = m.end() - pos
            length.append(size)
            shift += size - 1
        self._decoded, self._source, self._length = decoded, source, length
        self._start = start + 1
        self._size = (end - 1) - (start + 1) - shift + 1

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._size))]
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError(index)
        k = bisect_right(self._decoded, index) - 1
        if k < 0:
            return self._start + index
        at = self._decoded[k]
        if at == index:
            return self._source[k]
        return self._source[k] + self._length[k] + (index - at - 1)


class Composed(Sequence[int]):
    """``outer[inner[i]]``: a map through two layers of strings."""

    __slots__ = ("_inner", "_outer")

    def __init__(self, inner: Sequence[int], outer: Sequence[int]) -> None:
        self._inner, self._outer = inner, outer

    def __len__(self) -> int:
        return len(self._inner)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self._outer[self._inner[index]]


Offsets = Union[Sequence[int], None]


def parse_embedded(
    text: str, node: Node, outer_offsets: Offsets = None
) -> tuple[Node | None, list[DuplicateKey]]:
    """Parse the JSON held by the string ``node`` (a token of ``text``).

    ``outer_offsets`` maps offsets of ``text`` on to the file when ``text``
    is itself an inner layer; the result's positions are file offsets.
    Raises SourceError (at the file position) when the inner JSON is broken.
    """
    offsets: Sequence[int] = StringOffsets(text, node.start, node.end)
    if outer_offsets is not None:
        offsets = Composed(offsets, outer_offsets)
    return parse_json(node.value, offsets=offsets)
