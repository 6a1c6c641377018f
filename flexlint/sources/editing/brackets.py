"""Entries in brackets, separated by commas: JSON and JSONC objects, Python calls and dicts, YAML flow mappings.

All four write a mapping the same way: an opening bracket, ``key SEP
value`` entries separated by commas (a trailing comma allowed in JSONC and
Python), a closing bracket, comments anywhere between tokens. The editor
works on the format's tokens, so it finds the comma that belongs to an entry
whatever the spacing, and it deletes whole lines only when the entry has its
lines to itself (its trailing comment goes with it; a comment above it stays).
"""

from __future__ import annotations

from ...core.records import record

from ...core.document import Node
from ...core.edits import Edit
from .tokens import CLOSERS, OPENERS, Tokens
from ...core.regex import lazy

PLAIN_NAME = lazy(r"^[A-Za-z_][A-Za-z0-9_]*$")


@record(frozen=True)
class Entry:
    """An entry's tokens: the key, the separator, the value's first and last, and its neighbours."""

    key: int
    sep: int
    first: int  # first token of the value
    last: int  # last token of the value
    before: int  # the comma or opening bracket before the key
    after: int  # the comma or closing bracket after the value


class Editor:
    """Edits in one document's text, in the format's own syntax (subclasses say which)."""

    separators: frozenset[str] = frozenset(":")
    quotes = '"'  # quote characters a key or string may be written with
    prefixes = ""  # string prefixes that may precede the quote (Python's u)
    plain_values = False  # may a string value be written without quotes (YAML)?

    def __init__(self, text: str, tokens: Tokens) -> None:
        self.text = text
        self.tokens = tokens
        first_break = text.find("\n")
        self.newline = "\r\n" if first_break > 0 and text[first_break - 1] == "\r" else "\n"

    # -- lines ---------------------------------------------------------------

    def line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def line_after(self, offset: int) -> int:
        """The offset just past the line break that ends the line holding ``offset``."""
        end = self.text.find("\n", offset)
        return len(self.text) if end == -1 else end + 1

    def line_end(self, offset: int) -> int:
        """The offset of the line break (or the end of the text) ending the line of ``offset``."""
        end = self.text.find("\n", offset)
        if end == -1:
            return len(self.text)
        return end - 1 if end > 0 and self.text[end - 1] == "\r" else end

    def indent_before(self, offset: int) -> str | None:
        """The whitespace from the line start to ``offset``; None when something else is there."""
        prefix = self.text[self.line_start(offset) : offset]
        return prefix if not prefix.strip() else None

    def rest_is_trivia(self, offset: int) -> bool:
        """Only whitespace and comments from ``offset`` to the end of its line."""
        toks = self.tokens
        i = toks.after(offset)
        eol = self.line_after(offset)
        while i < len(toks) and toks.starts[i] == toks.ends[i] and toks.starts[i] < eol:
            i += 1  # zero-width markers (YAML) are not text
        if i < len(toks) and toks.starts[i] < eol:
            return False
        return not toks.in_comment(eol - 1)

    def own_lines(self, start: int, end: int) -> bool:
        return self.indent_before(start) is not None and self.rest_is_trivia(end)

    # -- scalars --------------------------------------------------------------

    def respell(self, node: Node, old: str, new: str, plain_ok: bool) -> list[Edit] | None:
        """Write ``new`` where ``old`` is written, keeping its quotes; None when it is written in another way."""
        raw = self.text[node.start : node.end]
        if raw == old and plain_ok:
            return [Edit(node.start, node.end, new)] if self.plain_allowed(new) else None
        prefix = ""
        if raw[:1] in self.prefixes and raw[:1] != "":
            prefix, raw = raw[:1], raw[1:]
        if len(raw) >= 2 and raw[0] in self.quotes and raw[-1] == raw[0] and raw[1:-1] == old and raw[:3] != raw[0] * 3:
            quote = raw[0]
            if quote in new or "\\" in new or any(ord(c) < 0x20 for c in new) or "\\" in old:
                return None
            start = node.start + len(prefix) + 1
            return [Edit(start, start + len(old), new)]
        return None

    def plain_allowed(self, text: str) -> bool:
        """May ``text`` be written without quotes (as a key or a value) and still read as that string?"""
        return False

    def quote_key(self, name: str, like: str | None = None) -> str:
        quote = like[0] if like and like[0] in self.quotes else self.quotes[0]
        return f"{quote}{name}{quote}"

    # -- entries ----------------------------------------------------------------

    def entry(self, key: Node) -> Entry | None:
        """The tokens of the entry whose key is ``key``; None when the text is not shaped as expected."""
        toks = self.tokens
        k = toks.at(key.start, key.end)
        if k is None or k + 1 >= len(toks) or toks.kinds[k + 1] not in self.separators or k == 0:
            return None
        before = k - 1
        while before > 0 and toks.kinds[before] == "key" and toks.starts[before] == toks.ends[before]:
            before -= 1  # YAML marks where a key starts with an empty token
        if toks.kinds[before] not in OPENERS and toks.kinds[before] != ",":
            return None
        depth = 0
        i = k + 2
        while i < len(toks):
            kind = toks.kinds[i]
            if kind in OPENERS:
                depth += 1
            elif kind in CLOSERS:
                if depth == 0:
                    break
                depth -= 1
            elif kind == "," and depth == 0:
                break
            i += 1
        if i >= len(toks) or i == k + 2:
            return None
        return Entry(k, k + 1, k + 2, i - 1, before, i)

    def is_only(self, key: Node) -> bool:
        """Is this the only entry between its brackets?"""
        e = self.entry(key)
        if e is None:
            return False
        kinds = self.tokens.kinds
        if kinds[e.before] not in OPENERS:
            return False
        return kinds[e.after] in CLOSERS or (e.after + 1 < len(kinds) and kinds[e.after + 1] in CLOSERS)

    def remove(self, key: Node) -> list[Edit] | None:
        e = self.entry(key)
        if e is None:
            return None
        toks = self.tokens
        start, end = toks.starts[e.key], toks.ends[e.last]
        if toks.kinds[e.after] == ",":
            comma_end = toks.ends[e.after]
            if self.own_lines(start, comma_end):
                return [Edit(self.line_start(start), self.line_after(comma_end), "")]
            stop = comma_end
            limit = toks.starts[e.after + 1] if e.after + 1 < len(toks) else len(self.text)
            while stop < limit and self.text[stop] in " \t":
                stop += 1
            return [Edit(start, stop, "")]
        # the last entry, without a trailing comma: its separator is the comma before it
        if toks.kinds[e.before] == ",":
            comma = Edit(toks.starts[e.before], toks.ends[e.before], "")
            if self.own_lines(start, end):
                lines = Edit(self.line_start(start), self.line_after(end), "")
                return [comma, lines] if comma.end <= lines.start else None
            return [Edit(toks.starts[e.before], end, "")]
        if self.own_lines(start, end):  # the only entry: the brackets stay, empty
            return [Edit(self.line_start(start), self.line_after(end), "")]
        return [Edit(start, end, "")]

    def value_text(self, key: Node) -> str | None:
        """The entry's value exactly as written, when it is on one line."""
        e = self.entry(key)
        if e is None:
            return None
        text = self.text[self.tokens.starts[e.first] : self.tokens.ends[e.last]]
        return None if "\n" in text else text

    def separator(self, e: Entry) -> str:
        """What stands between key and value in this entry (``: ``, ``:``, ``=``)."""
        return self.text[self.tokens.ends[e.key] : self.tokens.starts[e.first]]

    def mapping_separator(self, e: Entry) -> str:
        sep = self.separator(e)
        return sep if ":" in sep and "\n" not in sep else ": "

    def nest(self, key: Node, old: str, outer: str, inner: str) -> list[Edit] | None:
        """``old: v`` becomes ``outer: {inner: v}``, v as written."""
        e = self.entry(key)
        if e is None:
            return None
        renamed = self.rename_entry_key(key, old, outer)
        if renamed is None:
            return None
        toks = self.tokens
        start, end = toks.starts[e.first], toks.ends[e.last]
        value = self.text[start:end]
        opening = "{" + self.inner_key(inner, value) + self.mapping_separator(e)
        return renamed + [Edit(start, start, opening), Edit(end, end, "}")]

    def inner_key(self, name: str, value: str) -> str:
        return self.quote_key(name, value)

    def rename_entry_key(self, key: Node, old: str, new: str) -> list[Edit] | None:
        return self.respell(key, old, new, plain_ok=False)

    def unnest(self, key: Node, old: str, inner: Node, new: str) -> list[Edit] | None:
        """``old: {inner: v}`` (its only entry) becomes ``new: v``, v as written."""
        outer = self.entry(key)
        if outer is None or inner.key is None:
            return None
        e = self.entry(inner.key)
        toks = self.tokens
        if e is None or toks.kinds[outer.first] != "{" or toks.kinds[outer.last] != "}":
            return None
        if e.before != outer.first or not (e.after == outer.last or (toks.kinds[e.after] == "," and e.after + 1 == outer.last)):
            return None
        head = (toks.starts[outer.first], toks.starts[e.first])
        tail = (toks.ends[e.last], toks.ends[outer.last])
        if not toks.gaps_are_blank(*head) or not toks.gaps_are_blank(*tail):
            return None
        renamed = self.rename_entry_key(key, old, new)
        if renamed is None:
            return None
        return renamed + [Edit(head[0], head[1], ""), Edit(tail[0], tail[1], "")]

    def insert(self, mapping: Node, name: str, value: str) -> list[Edit] | None:
        """Add ``name: value`` as the last entry of the literal ``mapping`` (in its layout)."""
        toks = self.tokens
        o = toks.at(mapping.start, kinds=frozenset("{"))
        if o is None:
            return None
        c = self._closer(o)
        if c is None or toks.ends[c] != mapping.end:
            return None
        if c == o + 1:
            return [Edit(toks.ends[o], toks.ends[o], self.quote_key(name) + ": " + value)]
        first_key = o + 1
        while toks.starts[first_key] == toks.ends[first_key] and first_key < c:
            first_key += 1
        sep = self.text[toks.ends[first_key] : toks.starts[first_key + 2]] if first_key + 2 < c else ": "
        sep = sep if ":" in sep and "\n" not in sep else ": "
        entry = self.quote_key(name, self.text[toks.starts[first_key] : toks.ends[first_key]]) + sep + value
        trailing = toks.kinds[c - 1] == ","
        last_end = toks.ends[c - 2 if trailing else c - 1]
        if self.text.find("\n", last_end, toks.starts[c]) == -1:  # one line: spaced as it is
            comma = next((i for i in range(first_key, c) if toks.kinds[i] == "," and i + 1 < c), None)
            if comma is not None:
                gap = self.text[toks.ends[comma] : toks.starts[comma + 1]]
            else:
                gap = "" if self.text[toks.ends[o] : toks.ends[o] + 1] != " " and " " not in sep else " "
            if "\n" in gap:
                return None
            if trailing:
                return [Edit(toks.ends[c - 1], toks.ends[c - 1], gap + entry + ",")]
            return [Edit(last_end, last_end, "," + gap + entry)]
        indent = self.indent_before(toks.starts[first_key])
        if indent is None:
            return None
        anchor = toks.ends[c - 1] if trailing else last_end
        eol = self.line_end(anchor)
        if eol > toks.starts[c] or toks.in_comment(eol):
            return None
        line = self.newline + indent + entry + ("," if trailing else "")
        if trailing:
            return [Edit(eol, eol, line)]
        return [Edit(last_end, last_end, ","), Edit(eol, eol, line)]

    def _closer(self, opener: int) -> int | None:
        toks = self.tokens
        depth = 0
        for i in range(opener, len(toks)):
            kind = toks.kinds[i]
            if kind in OPENERS:
                depth += 1
            elif kind in CLOSERS:
                depth -= 1
                if depth == 0:
                    return i
        return None


class JsonEditor(Editor):
    """JSON and JSONC: keys are always double-quoted strings."""


class PythonEditor(Editor):
    """Python: keyword arguments (``name=value``) and dict literals (``"name": value``)."""

    separators = frozenset(":=")
    quotes = "\"'"
    prefixes = "uU"

    def plain_allowed(self, text: str) -> bool:
        import keyword

        return bool(PLAIN_NAME.match(text)) and not keyword.iskeyword(text)

    def rename_entry_key(self, key: Node, old: str, new: str) -> list[Edit] | None:
        return self.respell(key, old, new, plain_ok=True)

    def is_keyword(self, key: Node) -> bool:
        e = self.entry(key)
        return e is not None and self.tokens.kinds[e.sep] == "="

    def mapping_separator(self, e: Entry) -> str:
        if self.tokens.kinds[e.sep] == "=":
            return ": "
        return super().mapping_separator(e)

    def inner_key(self, name: str, value: str) -> str:
        return self.quote_key(name, value if value[:1] in self.quotes else None)
