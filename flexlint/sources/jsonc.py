"""JSON and JSONC with positions for every key and value.

``json.loads`` forgets where values were written and stops at the first
problem with a terse message. Linting needs both: a span for every node and
an error that tells a user what is wrong at which character. Tokens are
scanned with compiled regular expressions and containers are tracked on an
explicit stack, so large exports parse quickly and deep nesting cannot
exhaust the Python stack. Error diagnosis runs only after the fast path
fails, so it can afford to be thorough.

A large nested object or array (a request body's 20,000 messages) is handed
to the standard library's C decoder instead and kept as a :class:`LazyNode`:
its plain value is known at once, its children and their positions are read
only when someone asks for them. Only strict JSON goes that way (no comments,
trailing commas, NaN, repeated keys, or nesting past the limit); anything
else is read by the positioned parser, so errors and duplicates come out as
they always did.
"""

from __future__ import annotations

import gc
import json
import re
import unicodedata
from contextlib import contextmanager
from json.decoder import scanstring
from typing import Any, Iterator, Sequence

from ..core.document import DuplicateKey, Node, PathPart, SourceError
from ..core.regex import lazy

__all__ = ["LazyNode", "MAX_DEPTH", "parse_json", "shift_nodes", "string_offsets"]

MAX_DEPTH = 256
# A nested container whose text is at least this long is decoded by the C decoder and read
# lazily; below it the positioned parser is as quick and its children are usually read anyway.
# None turns the fast route off (the tests compare both routes).
LAZY_MIN_CHARS: int | None = 16384

# Whitespace and JSONC comments (an unterminated /* is left for diagnosis).
_WS = r"[ \t\n\r]*(?:(?://[^\n]*|/\*[^*]*\*+(?:[^/*][^*]*\*+)*/)[ \t\n\r]*)*"
_STRING = r'"[^"\\\x00-\x1f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*)*"'
_INT = r"-?(?:0|[1-9][0-9]*)"
_FLOAT = _INT + r"(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+)"

_WS_RE = lazy(_WS)
_STRING_RE = lazy(_STRING)
# Groups: 1 string, 2 float, 3 int, 4 literal, 5 '{', 6 '[', 7 ']'.
_VALUE_RE = lazy(_WS + rf"(?:({_STRING})|({_FLOAT})|({_INT})|(true|false|null)|(\{{)|(\[)|(\]))")
# Right after '{': 1 key (colon consumed), 2 '}'.
_OBJ_FIRST_RE = lazy(_WS + rf"(?:({_STRING}){_WS}:|(\}}))")
# After a member: 1 next key (comma and colon consumed), 2 '}' after a trailing comma, 3 '}'.
_OBJ_NEXT_RE = lazy(_WS + rf"(?:,{_WS}(?:({_STRING}){_WS}:|(\}}))|(\}}))")
# After an item: 1 ',', 2 ']'.
_ARR_NEXT_RE = lazy(_WS + r"(?:(,)|(\]))")

Path = tuple[PathPart, ...]
_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None}
_STR, _FLT, _NUM, _LIT, _OBJ, _ARR, _END = range(1, 8)

CURLY_QUOTES = "\u201c\u201d\u2018\u2019\u201e\u201f\u201a\u201b\u00ab\u00bb\u2039\u203a\uff02"
_CURLY_RE = lazy(f"[{CURLY_QUOTES}]")
_CURLY_CLOSE_RE = lazy(f"[{CURLY_QUOTES}][ \\t]*[,:}}\\]]")
_CURLY_HINT = (
    "the text was probably pasted from a web page or word processor, which turns quotes "
    'into typographic ones; replace every \u201c \u201d \u2018 \u2019 with a straight "'
)


def parse_json(
    text: str,
    *,
    max_depth: int = MAX_DEPTH,
    offsets: Sequence[int] | None = None,
    lazy: bool = False,
) -> tuple[Node | None, list[DuplicateKey]]:
    """Parse JSON/JSONC into a positioned tree plus its duplicate keys.

    Returns ``(None, [])`` when there is no value at all (empty, whitespace
    or comments only): what an empty file means is the caller's decision.
    ``offsets`` maps each index of ``text`` (and ``len(text)``) into an
    outer file, for JSON that was embedded in a string of another document.
    ``lazy`` lets large nested containers be :class:`LazyNode` objects: for
    callers that read the tree through :class:`Node` and move spans only with
    :func:`shift_nodes` (never with ``offsets``).
    """
    if offsets is not None and len(offsets) != len(text) + 1:
        raise ValueError(f"offsets must have len(text) + 1 = {len(text) + 1} entries, got {len(offsets)}")
    lazy_min = LAZY_MIN_CHARS if lazy and offsets is None else None
    try:
        with _gc_paused():
            root, duplicates = _parse(text, max_depth, lazy_min)
    except SourceError as exc:
        if offsets is not None:
            _remap_error(exc, offsets, len(text))
        raise
    if offsets is not None and root is not None:
        _remap_tree(root, offsets)
    return root, duplicates


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Building many small objects triggers the cycle collector over and over.

    The tree has no reference cycles, so collecting while it grows only
    costs time (more than half of it on a large file).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --------------------------------------------------------------------------
# Large containers: decoded in C, positioned on demand


class _Refused(ValueError):
    """NaN, Infinity or a repeated key: JSON the positioned parser must read (and report)."""


def _refuse_constant(name: str) -> Any:
    raise _Refused(name)


def _pairs_once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    members = dict(pairs)
    if len(members) != len(pairs):
        raise _Refused("repeated key")
    return members


_DECODERS: tuple[Any, Any] | None = None


def _decoders() -> tuple[Any, Any]:
    """(plain, checking): the C decoder as is, and one that refuses repeated keys; made on first use."""
    global _DECODERS
    if _DECODERS is None:
        _DECODERS = (
            json.JSONDecoder(parse_constant=_refuse_constant).raw_decode,
            json.JSONDecoder(parse_constant=_refuse_constant, object_pairs_hook=_pairs_once).raw_decode,
        )
    return _DECODERS


def _shape(value: Any, limit: int) -> tuple[int, int]:
    """(levels of containers in ``value``, itself one; keys of all its objects together).

    Stops counting once the levels pass ``limit``: the value is refused then anyway.
    """
    containers = (dict, list)
    level = [value]
    height = members = 0
    while level and height <= limit:
        height += 1
        objects = [c for c in level if type(c) is dict]
        members += sum(map(len, objects))
        level = [x for c in level for x in (c.values() if type(c) is dict else c) if type(x) in containers]
    return height, members


def _lazy(
    text: str, start: int, lazy_min: int, levels: int, trusted: bool, path: Path, key: Node | None
) -> tuple[LazyNode | None, int]:
    """The container at ``start`` as a lazy node, or None; and the end of the text tried.

    ``levels`` is how many levels of containers may still open here without
    passing the depth limit. Refused: anything the C decoder rejects (comments,
    trailing commas, any syntax error), NaN and Infinity, a repeated key,
    nesting past the limit; and a container shorter than ``lazy_min``.
    """
    plain, checking = _decoders()
    try:
        value, end = plain(text, start)
    except json.JSONDecodeError as error:
        return None, error.pos  # what lies past the error may still be tried
    except (ValueError, RecursionError):  # NaN, an over-long integer, C recursion: leave the rest alone
        return None, len(text)
    if end - start < lazy_min:
        return None, end
    if not trusted:
        # Each member written has one ':' outside strings, so: members kept <= members written
        # <= all the ':' of the text. When the first equals the last, no repeated key replaced
        # a member; otherwise (a ':' in some string, or a repeated key) ask the decoder that
        # refuses repeated keys.
        height, members = _shape(value, levels)
        if height > levels:
            return None, end
        if text.count(":", start, end) != members:
            try:
                checking(text, start)
            except ValueError:
                return None, end
    return LazyNode(text, start, end, path, key, value), end


_VALUE_SLOT = Node.__dict__["value"]  # the slot behind Node.value, which LazyNode.value stands in front of
_UNLIMITED = 1 << 62


class LazyNode(Node):
    """A container of strict JSON whose children are read only when asked for.

    To a reader it is a :class:`Node` like any other: ``value`` (the first
    time it is read) runs the positioned parser over this container's text
    and keeps the children it makes, with the same spans, paths and keys the
    positioned parser gives everywhere. ``plain()`` needs no children: the C
    decoder's value is handed out once, then decoded again for each caller
    (as ``Node.plain`` gives a fresh value each time). ``_delta`` is how far
    the spans were moved (:func:`shift_nodes`) from offsets in ``_text``.
    """

    __slots__ = ("_text", "_delta", "_plain")

    def __init__(self, text: str, start: int, end: int, path: tuple[PathPart, ...], key: Node | None, plain: Any) -> None:
        self.start = start
        self.end = end
        self.path = path
        self.key = key
        self._text = text
        self._delta = 0
        self._plain = plain

    @property  # type: ignore[override]
    def value(self) -> Any:
        try:
            return _VALUE_SLOT.__get__(self, LazyNode)
        except AttributeError:
            pass
        with _gc_paused():
            node, _ = _parse(self._text, _UNLIMITED, LAZY_MIN_CHARS, self.start - self._delta, self.path, True)
        value = node.value  # type: ignore[union-attr]
        if self._delta:
            shift_nodes(list(value.values()) if isinstance(value, dict) else value, self._delta)
        _VALUE_SLOT.__set__(self, value)
        self._plain = None
        return value

    @value.setter
    def value(self, value: Any) -> None:
        _VALUE_SLOT.__set__(self, value)

    @property
    def expanded(self) -> bool:
        try:
            _VALUE_SLOT.__get__(self, LazyNode)
        except AttributeError:
            return False
        return True

    @property
    def is_mapping(self) -> bool:
        if self.expanded:
            return isinstance(self.value, dict)
        return self._text[self.start - self._delta] == "{"

    @property
    def is_sequence(self) -> bool:
        if self.expanded:
            return isinstance(self.value, list)
        return self._text[self.start - self._delta] == "["

    def plain(self) -> Any:
        if self.expanded:
            return Node.plain(self)
        value, self._plain = self._plain, None
        if value is None:
            value = _decoders()[0](self._text, self.start - self._delta)[0]
        return value


def shift_nodes(tops: Sequence[Node], by: int) -> None:
    """Move the spans of these nodes, the nodes below them and their keys by ``by`` characters (each once).

    A lazy node not yet expanded records the move for the children it will make.
    """
    done: set[int] = set()
    todo = list(tops)
    while todo:
        node = todo.pop()
        if id(node) in done:
            continue
        for one in (node, node.key):
            if one is not None and id(one) not in done:
                done.add(id(one))
                one.start += by
                one.end += by
        if type(node) is LazyNode and not node.expanded:
            node._delta += by
            continue
        value = node.value
        if isinstance(value, dict):
            todo.extend(value.values())
        elif isinstance(value, list):
            todo.extend(value)


def _parse(
    text: str,
    max_depth: int,
    lazy_min: int | None = None,
    at: int | None = None,
    path: Path = (),
    trusted: bool = False,
) -> tuple[Node | None, list[DuplicateKey]]:
    """The fast path: one regex match per token, containers on an explicit stack.

    With ``lazy_min``, a nested container of at least that many characters
    that the C decoder accepts as strict JSON becomes a :class:`LazyNode`.
    ``trusted`` reads one container at ``at`` (whose path is ``path``) that
    is already known to be such JSON: how a lazy node is expanded.
    """
    value_match = _VALUE_RE.match
    obj_first = _OBJ_FIRST_RE.match
    obj_next = _OBJ_NEXT_RE.match
    arr_next = _ARR_NEXT_RE.match
    literals = _LITERALS

    if at is not None:
        pos = at
    else:
        pos = 1 if text.startswith("\ufeff") else 0
        if _WS_RE.match(text, pos).end() == len(text):  # type: ignore[union-attr]
            return None, []

    duplicates: list[DuplicateKey] = []
    # Each frame saves the parent's state while a child container is open.
    stack: list[tuple[Node | None, bool, Path, str | None, Node | None]] = []
    container: Node | None = None
    is_obj = False
    base: Path = ()  # path of the open container
    key: str | None = None
    key_node: Node | None = None
    tried_to = -1  # the C decoder is not tried again inside text it already refused or found small
    settled: set[int] = set()  # arrays whose items are not tried any more

    while True:
        # --- read one value at pos -------------------------------------
        m = value_match(text, pos)
        if m is None:
            raise _unquoted(_diagnose(text, pos, "value", container), key, text, pos)
        group = m.lastindex
        start = m.start(group)  # type: ignore[arg-type]
        pos = m.end()
        if group == _STR:
            token = m.group(_STR)
            node = Node(scanstring(token, 1)[0] if "\\" in token else token[1:-1], start, pos, path, key_node)
        elif group == _NUM:
            node = Node(_to_int(m.group(_NUM), start), start, pos, path, key_node)
        elif group == _LIT:
            node = Node(literals[m.group(_LIT)], start, pos, path, key_node)
        elif group == _FLT:
            node = Node(float(m.group(_FLT)), start, pos, path, key_node)
        elif group == _OBJ or group == _ARR:
            if len(stack) >= max_depth:
                raise SourceError(
                    f"nesting deeper than {max_depth} levels",
                    start,
                    "configuration files are never nested this deeply; the file is probably generated or corrupt",
                )
            node = None
            if lazy_min is not None and stack and start > tried_to and id(container) not in settled:
                node, tried_to = _lazy(text, start, lazy_min, max_depth - len(stack), trusted, path, key_node)
                if node is None and not is_obj:
                    settled.add(id(container))  # items of an array are alike: one too small, the rest are too
            if node is not None:
                pos = node.end
            else:
                stack.append((container, is_obj, base, key, key_node))
                node = Node({} if group == _OBJ else [], start, start + 1, path, key_node)
                container, base = node, path
                if group == _ARR:
                    is_obj, key, key_node, path = False, None, None, base + (0,)
                    continue
                is_obj = True
                m = obj_first(text, pos)
                if m is None:
                    raise _diagnose(text, pos, "first_key", container)
                pos = m.end()
                if m.lastindex == 1:
                    token = m.group(1)
                    key = scanstring(token, 1)[0] if "\\" in token else token[1:-1]
                    path = base + (key,)
                    key_node = Node(key, m.start(1), m.end(1), path)
                    continue
                node.end = pos
                container, is_obj, base, key, key_node = stack.pop()
        elif container is not None and not is_obj:  # ']' right after '[' or a trailing comma
            node = container
            node.end = pos
            container, is_obj, base, key, key_node = stack.pop()
        else:
            raise _unquoted(_diagnose(text, start, "value", container), key, text, start)

        # --- attach the finished value, then find what comes next -----
        while True:
            if container is None:
                if trusted:
                    return node, duplicates
                end = _WS_RE.match(text, pos).end()  # type: ignore[union-attr]
                if end != len(text):
                    raise _diagnose(text, pos, "end", None, node.start)
                return node, duplicates
            if is_obj:
                members = container.value
                if key in members:
                    duplicates.append(DuplicateKey(key, members[key].key, key_node, members[key], container))  # type: ignore[arg-type]
                members[key] = node
                m = obj_next(text, pos)
                if m is None:
                    raise _unquoted(_diagnose(text, pos, "after_member", container, node.start), key, text, node.start)
                pos = m.end()
                if m.lastindex == 1:
                    token = m.group(1)
                    key = scanstring(token, 1)[0] if "\\" in token else token[1:-1]
                    path = base + (key,)
                    key_node = Node(key, m.start(1), m.end(1), path)
                    break
            else:
                items = container.value
                items.append(node)
                m = arr_next(text, pos)
                if m is None:
                    raise _diagnose(text, pos, "after_item", container, node.start)
                pos = m.end()
                if m.lastindex == 1:
                    path = base + (len(items),)
                    break
            node = container
            node.end = pos
            container, is_obj, base, key, key_node = stack.pop()


_TOKEN_AT = lazy(r"[^\s,:{}\[\]\"]{1,4096}")


def _unquoted(error: SourceError, key: str | None, text: str, at: int) -> SourceError:
    """A parse error under a key-like name (``"api_key": sk123``) never quotes the value back."""
    from ..knowledge.secrets import MASK, is_secret_name

    if not key or not is_secret_name(key):
        return error
    m = _TOKEN_AT.match(text, _WS_RE.match(text, at).end())  # type: ignore[union-attr]
    if m is None:
        return error
    token = m.group()
    start = m.start()
    # The error functions quote a word or a number-ish run from here: mask what any of them took.
    parts = {token, token.lstrip("+-")}
    for pattern in (_WORD_RE, _NUMBERISH_RE):
        found = pattern.match(text, start)
        if found is not None:
            parts.add(found.group())
    for part in sorted(parts, key=len, reverse=True):
        if part:
            error.message = error.message.replace(part, MASK)
            error.hint = error.hint.replace(part, MASK) if error.hint else error.hint
    return error


def _to_int(token: str, start: int) -> int:
    """int() refuses more than sys.get_int_max_str_digits() digits (as json.loads does)."""
    try:
        return int(token)
    except ValueError:
        raise SourceError(
            f"number with {len(token.lstrip('-'))} digits is too long to read",
            start,
            "if this is an identifier rather than a quantity, put it in double quotes",
        ) from None


# --------------------------------------------------------------------------
# Offsets of JSON embedded in a JSON string


_ESCAPE_RE = lazy(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"  # surrogate pair: one character
    r"|\\u[0-9a-fA-F]{4}|\\.|[^\\]+",
    re.S,
)


def string_offsets(outer_text: str, start: int, end: int) -> list[int]:
    """For each character of the string token ``outer_text[start:end]``'s value, where it came from.

    The token includes its quotes. Entry ``i`` is the offset in
    ``outer_text`` of the character or escape sequence that produced
    character ``i`` of the decoded value; a final entry (the closing quote)
    stands for the end, so spans stay end-exclusive after mapping.
    """
    result: list[int] = []
    append, extend = result.append, result.extend
    for m in _ESCAPE_RE.finditer(outer_text, start + 1, end - 1):
        if m.group().startswith("\\"):
            append(m.start())
        else:
            extend(range(m.start(), m.end()))
    append(end - 1)
    return result


def _remap_tree(root: Node, offsets: Sequence[int]) -> None:
    for node in root.walk():
        node.start, node.end = offsets[node.start], offsets[node.end]
        if node.key is not None:
            node.key.start, node.key.end = offsets[node.key.start], offsets[node.key.end]


def _remap_error(exc: SourceError, offsets: Sequence[int], size: int) -> None:
    exc.offset = offsets[min(max(exc.offset, 0), size)]
    if "opened_at" in exc.extra:
        exc.extra["opened_at"] = offsets[exc.extra["opened_at"]]


# --------------------------------------------------------------------------
# Diagnosis: the slow path, run once when the fast path fails


_WORD_RE = lazy(r"[A-Za-z_$][\w$.-]*")
_NUMBERISH_RE = lazy(r"[-+]?(?:[\w.]|(?<=[eE])[-+])*")
_ESCAPE_AT_RE = lazy(r'\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})')
_STRING_BODY_RE = lazy(r'[^"\\\x00-\x1f]*')
_PYTHONISH = {"True": "true", "False": "false", "None": "null", "TRUE": "true", "FALSE": "false", "NULL": "null"}
_CONTROL_NAMES = {"\t": "tab", "\n": "line feed", "\r": "carriage return", "\x00": "NUL"}
_CONTROL_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\b": "\\b", "\f": "\\f"}
_EXPECT = {
    "value": "a value",
    "first_key": "a key in double quotes or '}'",
    "key": "a key in double quotes or '}'",
    "after_member": "',' or '}'",
    "after_item": "',' or ']'",
    "end": "the end of the file",
}


def _describe(text: str, pos: int) -> str:
    """Name the character at ``pos`` so that invisible ones are visible."""
    if pos >= len(text):
        return "the end of the file"
    char = text[pos]
    if char.isprintable() and not char.isspace():
        return f"'{char}'"
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "control character")
    return f"U+{ord(char):04X} ({name.lower()})"


def _opened(container: Node | None) -> tuple[str, str, str]:
    if container is not None and container.is_mapping:
        return "object", "{", "}"
    return "array", "[", "]"


def _diagnose(
    text: str,
    pos: int,
    state: str,
    container: Node | None,
    prev_start: int | None = None,
) -> SourceError:
    """Explain why the token at ``pos`` does not fit ``state``."""
    at = _WS_RE.match(text, pos).end()  # type: ignore[union-attr]
    if text.startswith("/*", at):
        return SourceError("unterminated comment: '/*' is never closed by '*/'", at, "close the comment with */")
    curly = _curly_error(text, at, prev_start)
    if curly is not None:
        return curly
    if at >= len(text):
        return _eof_error(text, at, container)
    char = text[at]
    if state == "after_member" and char == ",":
        return _diagnose(text, at + 1, "key", container)
    if char == "\ufeff":
        return SourceError(
            "byte-order mark (U+FEFF) in the middle of the file",
            at,
            "files were probably concatenated; delete the invisible character (most editors can show it)",
        )
    glued = char.isalnum() or char in "._"
    if state in ("after_member", "after_item", "end") and prev_start is not None and at == pos and glued:
        glued = _glued_token_error(text, prev_start)
        if glued is not None:
            return glued
    if state == "end":
        return _trailing_error(text, at)
    if state in ("after_member", "after_item"):
        return _after_value_error(text, at, state, container)
    if state in ("first_key", "key"):
        return _key_error(text, at, state, container)
    return _value_error(text, at, container)


def _curly_error(text: str, at: int, prev_start: int | None) -> SourceError | None:
    """Curly quotes at the failure, or closing a string opened with a straight quote."""
    where = -1
    if prev_start is not None and text.startswith('"', prev_start):
        m = _CURLY_CLOSE_RE.search(text, prev_start, at)
        if m:
            where = m.start()
    if where < 0 and at < len(text) and text[at] in CURLY_QUOTES:
        where = at
    if where < 0:
        return None
    return SourceError(
        f"found a curly quote {text[where]} where JSON needs a straight double quote \"",
        where,
        _CURLY_HINT,
    )


def _eof_error(text: str, at: int, container: Node | None) -> SourceError:
    kind, opener, closer = _opened(container)
    if container is None:
        return SourceError("unexpected end of file: expected a value", at)
    return SourceError(
        f"unexpected end of file: the {kind} is not closed",
        at,
        f"the {kind} opened here was never closed; add the missing '{closer}' (the file may be truncated)",
        extra={"opened_at": container.start},
    )


def _glued_token_error(text: str, start: int) -> SourceError | None:
    """A number or literal directly followed by more word characters: '01', '1.2.3', 'truex'."""
    first = text[start]
    if first in "-0123456789":
        return _number_error(text, start)
    if first in "tfn":
        word = _WORD_RE.match(text, start)
        if word:
            return _word_error(word.group(), start)
    return None


def _trailing_error(text: str, at: int) -> SourceError:
    char = text[at]
    if char in "}]":
        return SourceError(
            f"unmatched '{char}' after the end of the top-level value",
            at,
            "there is one closing bracket too many; remove it or add the missing opening bracket",
        )
    return SourceError(
        f"unexpected {_describe(text, at)} after the end of the top-level value",
        at,
        "a JSON file holds exactly one value; wrap several values in an array, or remove the extra text",
    )


def _after_value_error(text: str, at: int, state: str, container: Node | None) -> SourceError:
    kind, _, closer = _opened(container)
    expected = _EXPECT[state]
    char = text[at]
    found = _describe(text, at)
    if char in "}]" and char != closer:
        return SourceError(
            f"expected {expected} but found {found}: the innermost open bracket is the {kind}",
            at,
            f"the {kind} opened here is closed with the wrong bracket; close it with '{closer}'",
            extra={"opened_at": container.start if container is not None else 0},
        )
    if char == ":" and kind == "array":
        return SourceError(
            f"expected {expected} but found ':' inside an array",
            at,
            "key: value pairs belong in an object {...}, not in an array [...]",
        )
    if char == "=" and kind == "object":
        return SourceError(f"expected {expected} but found '='", at, "JSON separates keys from values with ':'")
    if char in "\"'{[-0123456789tfn" or char.isalpha():
        return SourceError(
            f"expected {expected} but found {found}: a comma is missing",
            at,
            f"separate the entries of an {kind} with commas" if kind == "array" else "separate the members of an object with commas",
        )
    return SourceError(f"expected {expected} but found {found}", at)


def _key_error(text: str, at: int, state: str, container: Node | None) -> SourceError:
    char = text[at]
    found = _describe(text, at)
    expected = _EXPECT[state]
    if char == '"':
        string = _STRING_RE.match(text, at)
        if string is None:
            return _string_error(text, at)
        after = _WS_RE.match(text, string.end()).end()  # type: ignore[union-attr]
        if after >= len(text):
            return _eof_error(text, after, container)
        name = text[at : string.end()]
        if len(name) > 80:
            name = name[:79] + "…"
        if text[after] == "=":
            return SourceError(f"expected ':' after the key {name} but found '='", after, "JSON separates keys from values with ':'")
        return SourceError(f"expected ':' after the key {name} but found {_describe(text, after)}", after)
    if char == "'":
        return _single_quote_error(at)
    word = _WORD_RE.match(text, at)
    if word is not None:
        name = word.group()
        return SourceError(
            f"object keys must be in double quotes: found the unquoted key '{name}'",
            at,
            f'write "{name}"',
        )
    if char == "," and state == "first_key":
        return SourceError(f"expected {expected} but found ','", at, "remove the comma")
    if char == ",":
        return SourceError(f"expected {expected} but found ',' (two commas in a row)", at, "remove one of the commas")
    if char == "]":
        return SourceError(
            f"expected {expected} but found ']'",
            at,
            "the object opened here is closed with the wrong bracket; close it with '}'",
            extra={"opened_at": container.start if container is not None else 0},
        )
    if char == "#":
        return _hash_comment_error(at)
    return SourceError(f"expected {expected} but found {found}", at)


def _value_error(text: str, at: int, container: Node | None) -> SourceError:
    char = text[at]
    found = _describe(text, at)
    if char == '"':
        return _string_error(text, at)
    if char == "'":
        return _single_quote_error(at)
    if char in "+-.0123456789":
        if text.startswith("-Infinity", at):
            return _word_error("-Infinity", at)
        return _number_error(text, at)
    word = _WORD_RE.match(text, at)
    if word is not None:
        return _word_error(word.group(), at)
    if char == "#":
        return _hash_comment_error(at)
    if char == ",":
        return SourceError(
            "expected a value but found ','",
            at,
            "there is an extra comma, or a value is missing before it",
        )
    if char in "}]":
        if container is not None and container.is_mapping and char == "}":
            return SourceError("expected a value after ':' but found '}'", at, "write a value (or null) after the colon")
        return SourceError(f"expected a value but found {found}", at)
    if char == ":":
        return SourceError("expected a value but found ':'", at, "there is an extra colon, or a key is missing")
    return SourceError(f"expected a value but found {found}", at)


def _string_error(text: str, quote: int) -> SourceError:
    """Find what breaks the string opened at ``quote``."""
    pos = quote + 1
    while True:
        pos = _STRING_BODY_RE.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= len(text):
            return SourceError(
                "unterminated string: the file ends before the closing quote",
                quote,
                'close the string with "; the file may be truncated',
            )
        char = text[pos]
        if char == "\\":
            escape = _ESCAPE_AT_RE.match(text, pos)
            if escape is not None:
                pos = escape.end()
                continue
            return _escape_error(text, pos)
        if char in "\n\r":
            curly = _CURLY_RE.search(text, quote, pos)
            if curly is not None:
                where = curly.start()
                return SourceError(
                    f"found a curly quote {text[where]} where JSON needs a straight double quote \"",
                    where,
                    _CURLY_HINT,
                )
            return SourceError(
                "unterminated string: the line ends before the closing quote",
                quote,
                'close the string with " on the same line; write a line break inside a string as \\n',
            )
        if char == '"':  # pragma: no cover - the fast path would have matched
            return SourceError("invalid string", quote)
        escape = _CONTROL_ESCAPES.get(char, f"\\u{ord(char):04x}")
        return SourceError(
            f"control character {_describe(text, pos)} inside a string",
            pos,
            f"JSON strings cannot contain raw control characters; write it as {escape}",
        )


def _escape_error(text: str, pos: int) -> SourceError:
    if text.startswith("\\u", pos):
        return SourceError(
            f"invalid escape '{text[pos:pos + 6]}': \\u needs exactly 4 hex digits",
            pos,
            "write a character as \\u followed by 4 hex digits, e.g. \\u00e9",
        )
    nxt = text[pos + 1 : pos + 2]
    shown = "\\" + nxt if nxt and nxt.isprintable() else "\\"
    return SourceError(
        f"invalid escape '{shown}' in a string",
        pos,
        'a backslash starts an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX); '
        "write \\\\ for a literal backslash, e.g. in Windows paths (or use forward slashes)",
    )


def _single_quote_error(at: int) -> SourceError:
    return SourceError(
        "found a single quote: JSON strings need double quotes",
        at,
        "replace the single quotes ' ' around keys and strings with double quotes \" \"",
    )


def _hash_comment_error(at: int) -> SourceError:
    return SourceError(
        "found '#': JSON has no '#' comments",
        at,
        "write comments as // ... or /* ... */ (JSONC), or remove them",
    )


def _word_error(word: str, at: int) -> SourceError:
    if word in ("NaN", "Infinity", "-Infinity", "inf", "nan"):
        return SourceError(
            f"{word} is not a valid JSON value",
            at,
            "JSON has no NaN or Infinity; use null, a large number, or a string",
        )
    if word in _PYTHONISH:
        return SourceError(
            f"found '{word}': JSON writes {_PYTHONISH[word]} in lower case",
            at,
            f"write {_PYTHONISH[word]}",
        )
    if word == "undefined":
        return SourceError("found 'undefined': JSON has no undefined", at, "use null, or remove the entry")
    return SourceError(
        f"expected a value but found '{word}'",
        at,
        f'text values must be in double quotes: "{word}"',
    )


def _number_error(text: str, at: int) -> SourceError:
    token = _NUMBERISH_RE.match(text, at).group()  # type: ignore[union-attr]
    digits = token.lstrip("-")
    if token.startswith("+"):
        return SourceError(f"invalid number '{token}': JSON numbers cannot start with '+'", at, "remove the '+'")
    if digits.startswith("."):
        return SourceError(
            f"invalid number '{token}': a digit is needed before the decimal point",
            at,
            f"write {token.replace('.', '0.', 1)}",
        )
    if not digits or not digits[0].isdigit():
        return SourceError(f"invalid number '{token}': expected a digit after '-'", at)
    if digits[:2].lower() == "0x":
        return SourceError(f"invalid number '{token}': JSON has no hexadecimal numbers", at, "write the number in decimal")
    if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
        return SourceError(
            f"invalid number '{token}': leading zeros are not allowed in JSON",
            at,
            "remove the leading zeros, or put the value in double quotes if it is a code rather than a number",
        )
    if re.fullmatch(r"-?\d+\.(?:[eE].*)?", token):
        return SourceError(f"invalid number '{token}': expected a digit after the decimal point", at)
    if re.fullmatch(r"-?\d+(?:\.\d+)?[eE][-+]?", token):
        return SourceError(f"invalid number '{token}': expected digits in the exponent", at)
    return SourceError(
        f"invalid number '{token}'",
        at,
        "if this is text rather than a number, put it in double quotes",
    )
