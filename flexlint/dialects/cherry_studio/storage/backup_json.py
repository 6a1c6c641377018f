"""Cherry Studio's JSON backup (``data.json``, backup format 1–5).

The file is one ``JSON.stringify`` of ``{time, version, localStorage,
indexedDB}``. Settings live in ``localStorage["persist:cherry-studio"]``: a
JSON string whose values are again JSON strings, one per redux slice. Chat
history lives in ``indexedDB`` and is most of the file (hundreds of MB).

So the file is never parsed whole: a byte-level scan walks the top-level
object only as far as ``localStorage``, the persist string is decoded, and
only the slices that configure requests are parsed with positions, mapped
through both string layers back to the file. ``indexedDB`` is not read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

from ....core.document import Document, DuplicateKey, Gap, GappedDocument, Node, SourceError
from ....sources.embedded import StringOffsets, parse_embedded
from ....core.regex import lazy

__all__ = ["KIND", "read_data_json", "parse_persist", "SLICES"]

KIND = "cherry-studio"
PERSIST_KEY = b'"persist:cherry-studio"'
# The redux slices that decide what a request carries; the others (knowledge
# bases, paintings, shortcuts, ...) are never parsed.
SLICES = ("llm", "assistants", "settings", "_persist")

_WS = rb"[ \t\r\n]*"
_STRING = rb'"[^"\\]*(?:\\.[^"\\]*)*"'
_KEY_RE = lazy(_WS + rb"(" + _STRING + rb")" + _WS + rb":" + _WS, re.S)
_STRING_RE = lazy(_STRING, re.S)
_SCALAR_RE = lazy(rb"-?\d[\d.eE+-]*|true|false|null|" + _STRING, re.S)
_NEXT_RE = lazy(_WS + rb"([,}])")
_OPEN_RE = lazy(_WS + rb"\{")
# Skipping a value (``indexedDB`` when it comes before ``localStorage``, as a re-serialising tool
# writes it): each match runs over plain text and whole strings up to the next bracket (or the end),
# so Python steps once per bracket, not once per string; chat history has far fewer brackets.
_TO_BRACKET_RE = lazy(rb'[^"\[\]{}]*(?:' + _STRING + rb'[^"\[\]{}]*)*([\[\]{}]|$)', re.S)
# UTF-8 continuation bytes: deleting them leaves one byte per character.
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))


@dataclass
class _Located:
    persist: tuple[int, int] | None = None  # byte span of the persist string token
    scalars: dict[str, tuple[int, int]] = field(default_factory=dict)  # time/version tokens
    end: int = 0  # bytes needed from the start of the file for every position
    skipped: list[tuple[int, int]] = field(default_factory=list)  # byte spans of values passed over


def _skip_value(data: bytes, pos: int) -> int:
    """End of the object or array that opens at ``pos`` (brackets matched outside strings)."""
    depth = 0
    while True:
        m = _TO_BRACKET_RE.match(data, pos)
        bracket = m.group(1) if m is not None else b""
        if not bracket:
            raise ValueError("unterminated value")
        pos = m.end()
        if bracket in (b"{", b"["):
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return pos


def _locate(data: bytes) -> _Located:
    """Walk the top-level object up to the persist string; never into indexedDB."""
    found = _Located()
    m = _OPEN_RE.match(data, 3 if data.startswith(b"\xef\xbb\xbf") else 0)
    if m is None:
        raise ValueError("not an object")
    pos = m.end()
    while True:
        key = _KEY_RE.match(data, pos)
        if key is None:
            raise ValueError("expected a key")
        name, pos = key.group(1), key.end()
        if name == b'"localStorage"':
            opened = _OPEN_RE.match(data, pos)
            if opened is None:
                raise ValueError("localStorage is not an object")
            pos = opened.end()
            while True:
                member = _KEY_RE.match(data, pos)
                if member is None:
                    raise ValueError("expected a localStorage key")
                value = _STRING_RE.match(data, member.end())
                if value is None:
                    raise ValueError("localStorage values are strings")
                if member.group(1) == PERSIST_KEY:
                    found.persist = (value.start(), value.end())
                nxt = _NEXT_RE.match(data, value.end())
                if nxt is None:
                    raise ValueError("expected ',' or '}'")
                pos = nxt.end()
                if nxt.group(1) == b"}":
                    break
            found.end = pos
            if found.persist is not None and "version" in found.scalars:
                return found  # the rest is indexedDB: chat history
        elif data[pos : pos + 1] in (b"{", b"["):
            end = _skip_value(data, pos)
            found.skipped.append((pos, end))
            pos = end
        else:
            scalar = _SCALAR_RE.match(data, pos)
            if scalar is None:
                raise ValueError("expected a value")
            found.scalars[name.decode("utf-8", "replace").strip('"')] = (scalar.start(), scalar.end())
            found.end = max(found.end, scalar.end())
            pos = scalar.end()
        nxt = _NEXT_RE.match(data, pos)
        if nxt is None:
            raise ValueError("expected ',' or '}'")
        pos = nxt.end()
        if nxt.group(1) == b"}":
            return found


def _broken(data: bytes) -> SourceError:
    """The position and reason of the first JSON error (only when the fast scan fails)."""
    text = data.decode("utf-8", "replace")
    if len(text) <= 16 * 1024 * 1024:
        from ....sources.jsonc import parse_json

        try:
            parse_json(text)
        except SourceError as error:
            error.text = text
            return error
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return SourceError(f"invalid JSON: {exc.msg}", exc.pos, text=text)
    return SourceError(
        "a Cherry Studio backup without the expected layout",
        0,
        "the file should be a data.json written by Cherry Studio's backup or 'Export as file'",
        text=text,
    )


def read_data_json(path: str, data: bytes) -> list[Document]:
    """The settings of a data.json as a positioned document of kind ``cherry-studio``."""
    try:
        found = _locate(data)
    except ValueError:
        raise _broken(data) from None
    if found.persist is None:
        raise _broken(data) if data.rstrip()[-1:] != b"}" else SourceError(
            "no persist:cherry-studio entry in localStorage", 0,
            "this backup carries no settings; make a new backup in Cherry Studio",
        )
    start, end = found.persist
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    stop = max(found.end, end)
    text, gaps, offset = _text(data, bom, stop, [(a, b) for a, b in found.skipped if b <= stop])
    char = offset(start)
    char_end = offset(end)

    def scalar(name: str) -> Node | None:
        span = found.scalars.get(name)
        if span is None:
            return None
        s = offset(span[0])
        token = text[s : s + (span[1] - span[0])]
        try:
            value = json.loads(token)
        except ValueError:
            return None
        return Node(value, s, s + len(token), (name,))

    try:
        persist_node = Node(_string_value(text, char, char_end), char, char_end, ("localStorage", "persist:cherry-studio"))
        root, duplicates = _persist(text, persist_node)
    except SourceError as error:
        error.text = text  # offsets are file offsets: point into the file's text
        if gaps:  # ... where lines and columns count the chat history left out
            error.extra["document"] = GappedDocument(path, text, None, KIND, gaps)
        raise
    members = {"persist": root}
    version = scalar("version")
    if version is not None:
        members["format"] = version
    root = Node(members, 0, len(text))
    if gaps:
        return [GappedDocument(path, text, root, KIND, gaps, duplicates)]
    return [Document(path, text, root, KIND, duplicates)]


def _text(data: bytes, start: int, stop: int, skipped: Sequence[tuple[int, int]]
          ) -> tuple[str, list[Gap], Callable[[int], int]]:
    """The file's text from byte ``start`` to ``stop`` without the skipped values (chat history: never
    decoded nor held), the gaps they leave (so positions stay the file's own), and the text offset
    of a byte position outside them."""
    parts: list[str] = []
    gaps: list[Gap] = []
    kept: list[tuple[int, int]] = []  # (byte where a kept part starts, its text offset)
    pos, length = start, 0
    for a, b in skipped:
        if a < pos:
            continue
        kept.append((pos, length))
        parts.append(_decode(data, pos, a, start))
        length += len(parts[-1])
        newlines = data.count(b"\n", a, b)
        last = data.rfind(b"\n", a, b)
        gaps.append(Gap(length, _count_chars(data, a, b), newlines, _count_chars(data, a if last < 0 else last + 1, b)))
        pos = b
    kept.append((pos, length))
    parts.append(_decode(data, pos, stop, start))

    def offset(byte: int) -> int:
        base, at = next((k for k in reversed(kept) if k[0] <= byte), kept[0])
        return at + _count_chars(data, base, byte)

    return "".join(parts), gaps, offset


def _decode(data: bytes, a: int, b: int, start: int) -> str:
    try:
        return data[a:b].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = a + exc.start
        raise SourceError(f"invalid UTF-8 at byte {at}", len(data[start:at].decode("utf-8", "replace"))) from None


def _count_chars(data: bytes, start: int, end: int) -> int:
    """UTF-8 characters from byte ``start`` to byte ``end`` (the bytes that start one), without decoding."""
    step = 1 << 22
    view = memoryview(data)
    return sum(len(bytes(view[i:min(i + step, end)]).translate(None, _CONTINUATION_BYTES)) for i in range(start, end, step))




def _string_value(text: str, start: int, end: int) -> str:
    """The JSON string token text[start:end] decoded; a broken escape is a positioned SourceError."""
    token = text[start:end]
    try:
        return json.loads(token)
    except ValueError:
        from ....sources.jsonc import parse_json

        try:
            parse_json(token)  # the positioned parser says where and why
        except SourceError as error:
            error.offset += start
            error.text = text
            raise
        raise SourceError("persist:cherry-studio is not a valid JSON string", start) from None


def _persist(text: str, persist: Node) -> tuple[Node, list[DuplicateKey]]:
    """The persist string token of a data.json: its two layers, positioned in the file."""
    return parse_persist(persist.value, StringOffsets(text, persist.start, persist.end), persist.start, persist.end)


def parse_persist(layer1_text: str, outer: Sequence[int] | None, start: int, end: int
                  ) -> tuple[Node, list[DuplicateKey]]:
    """Layer one (slice name → JSON string) and layer two (each slice that is read).

    ``outer`` maps offsets of ``layer1_text`` onto the document's text (None:
    the document is the layer-one text itself); ``start``/``end`` span the
    persist value there.
    """
    from ....sources.jsonc import parse_json

    layer1, duplicates = parse_json(layer1_text)
    if layer1 is None or not layer1.is_mapping:
        raise SourceError("persist:cherry-studio does not hold an object", start)

    def moved(node: Node) -> Node:
        if outer is None:
            return node
        return Node(node.value, outer[node.start], outer[node.end], node.path)

    duplicates = [DuplicateKey(d.name, moved(d.first), moved(d.repeat)) for d in duplicates]
    slices: dict[str, Node] = {}
    for name in SLICES:
        token = layer1.get(name)
        if token is None or not isinstance(token.value, str):
            continue
        node, dups = parse_embedded(layer1_text, token, outer)
        duplicates.extend(dups)
        if node is not None:
            node.key = moved(token.key) if token.key is not None else None
            slices[name] = node
    return Node(slices, start, end, ("localStorage", "persist:cherry-studio")), duplicates
