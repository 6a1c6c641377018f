"""YAML: block mappings by lines and indentation, flow mappings like JSON.

A block entry is its key's line plus the lines of its value, to the next key
at the same depth (PyYAML's tokens say where that is). Removing one deletes
those lines; a new entry is a new line at the indentation of its siblings;
a value that becomes an object is written as a block below its key, indented
by the file's own step. Anchors, aliases, tags, comments and flow/block style
around the edit are left as they are, and an entry written through an alias
or a merge key (``<<: *defaults``) is never edited (the caller checks that
its key lies inside the mapping that reports it).
"""

from __future__ import annotations

from functools import cached_property

from ...core.document import Node
from ...core.edits import Edit
from .brackets import PLAIN_NAME, Editor

_STRUCTURE = frozenset({"block-map", "block-seq", "block-end", "key"})
_SCALARS = frozenset({"word", "str"})


class YamlEditor(Editor):
    quotes = "\"'"
    plain_values = True

    def plain_allowed(self, text: str) -> bool:
        """A plain scalar that YAML reads back as this same string (not true, null, 1.0, ...)."""
        if not PLAIN_NAME.match(text):
            return False
        from yaml.nodes import ScalarNode
        from yaml.resolver import Resolver

        return Resolver().resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"

    def quote_key(self, name: str, like: str | None = None) -> str:
        if like and like[0] in self.quotes:
            return super().quote_key(name, like)
        return name if self.plain_allowed(name) else f'"{name}"'

    def inner_key(self, name: str, value: str) -> str:
        return self.quote_key(name)

    def rename_entry_key(self, key: Node, old: str, new: str) -> list[Edit] | None:
        return self.respell(key, old, new, plain_ok=True)

    # -- where an entry is ---------------------------------------------------

    def _key_token(self, key: Node) -> int | None:
        toks = self.tokens
        k = toks.at(key.start, key.end)
        if k is None or k < 2 or k + 1 >= len(toks) or toks.kinds[k + 1] != ":" or toks.kinds[k - 1] != "key":
            return None
        return k

    def is_block(self, key: Node) -> bool:
        k = self._key_token(key)
        return k is not None and self.tokens.kinds[k - 2] not in ("{", ",", "[")

    def block(self, key: Node) -> tuple[int, int, int] | None:
        """(key token, the token that ends the entry, where the entry's text ends) of a block entry."""
        k = self._key_token(key)
        if k is None or self.tokens.kinds[k - 2] in ("{", ",", "["):
            return None
        toks = self.tokens
        depth = 0
        end = toks.ends[k + 1]
        i = k + 2
        while i < len(toks):
            kind = toks.kinds[i]
            if kind in ("block-map", "block-seq", "{", "["):
                depth += 1
            elif kind in ("block-end", "}", "]"):
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and kind in ("key", "doc", "end", ","):
                break
            if kind not in _STRUCTURE:
                end = max(end, toks.ends[i])
            i += 1
        if i >= len(toks):
            return None
        return k, i, end

    def _lines_end(self, end: int) -> int | None:
        """Where the lines of an entry whose text ends at ``end`` end (None: more follows on its line)."""
        if end > 0 and self.text[end - 1] == "\n":  # a block scalar ends with its line break
            return end
        if not self.rest_is_trivia(end):
            return None
        return self.line_after(end)

    @cached_property
    def step(self) -> int:
        """The file's indentation step: the smallest increase from one line to the next (2 if none)."""
        found = 0
        previous = None
        for line in self.text.splitlines():
            stripped = line.lstrip(" ")
            if not stripped or stripped.startswith("#"):
                continue
            indent = len(line) - len(stripped)
            if previous is not None and indent > previous and (not found or indent - previous < found):
                found = indent - previous
            previous = indent
        return found or 2

    def _column_indent(self, offset: int) -> str:
        prefix = self.indent_before(offset)
        return prefix if prefix is not None else " " * (offset - self.line_start(offset))

    # -- edits -----------------------------------------------------------------

    def is_only(self, key: Node) -> bool:
        found = self.block(key)
        if found is None:
            return super().is_only(key)
        k, stop, _ = found
        kinds = self.tokens.kinds
        return kinds[k - 2] == "block-map" and kinds[stop] == "block-end"

    def remove(self, key: Node) -> list[Edit] | None:
        found = self.block(key)
        if found is None:
            return super().remove(key) if not self.is_block(key) else None
        k, stop, end = found
        toks = self.tokens
        if self.is_only(key):
            return None  # a block mapping cannot be left empty (it would read as null)
        prefix = self.text[self.line_start(key.start) : key.start]
        if not prefix.strip():
            lines_end = self._lines_end(end)
            return None if lines_end is None else [Edit(self.line_start(key.start), lines_end, "")]
        if prefix.strip() == "-" and toks.kinds[stop] == "key" and stop + 1 < len(toks):
            # the first key of a sequence item: the next key takes its place after the dash
            nxt = toks.starts[stop + 1]
            if nxt - self.line_start(nxt) == key.start - self.line_start(key.start) and toks.gaps_are_blank(end, nxt):
                return [Edit(key.start, nxt, "")]
        return None

    def value_text(self, key: Node) -> str | None:
        found = self.block(key)
        if found is None:
            return super().value_text(key) if not self.is_block(key) else None
        k, stop, end = found
        toks = self.tokens
        if stop != k + 3 or toks.kinds[k + 2] not in _SCALARS:
            return None  # one scalar, nothing else (no anchor, tag or collection)
        text = self.text[toks.starts[k + 2] : toks.ends[k + 2]]
        return None if "\n" in text else text

    def nest(self, key: Node, old: str, outer: str, inner: str) -> list[Edit] | None:
        found = self.block(key)
        if found is None:
            return super().nest(key, old, outer, inner) if not self.is_block(key) else None
        k, stop, _ = found
        if self.value_text(key) is None:
            return None
        toks = self.tokens
        gap = (toks.ends[k], toks.starts[k + 2])
        if "\n" in self.text[gap[0] : gap[1]]:
            return None
        renamed = self.respell(key, old, outer, plain_ok=True)
        if renamed is None:
            return None
        indent = self._column_indent(key.start) + " " * self.step
        return renamed + [Edit(gap[0], gap[1], ":" + self.newline + indent + self.quote_key(inner) + ": ")]

    def unnest(self, key: Node, old: str, inner: Node, new: str) -> list[Edit] | None:
        found = self.block(key)
        if found is None:
            return super().unnest(key, old, inner, new) if not self.is_block(key) else None
        k, stop, _ = found
        toks = self.tokens
        kinds = toks.kinds[k + 2 : stop]
        if inner.key is None:
            return None
        i = toks.at(inner.key.start, inner.key.end)
        # below the key: one block or flow mapping holding the inner key and its scalar, nothing else
        shaped = len(kinds) >= 6 and kinds[1] == "key" and kinds[3] == ":"
        if shaped and len(kinds) == 6 and kinds[0] == "block-map" and kinds[5] == "block-end":
            tail = None
        elif shaped and kinds[0] == "{" and kinds[-1] == "}" and (len(kinds) == 6 or (len(kinds) == 7 and kinds[5] == ",")):
            tail = (toks.ends[k + 6], toks.ends[stop - 1])
        else:
            return None
        value = k + 6
        if i != k + 4 or toks.kinds[value] not in _SCALARS or "\n" in self.text[toks.starts[value] : toks.ends[value]]:
            return None
        head = (toks.ends[k], toks.starts[value])
        if not toks.gaps_are_blank(*head) or (tail is not None and not toks.gaps_are_blank(*tail)):
            return None
        if tail is None and not self.rest_is_trivia(toks.ends[value]):
            return None
        renamed = self.respell(key, old, new, plain_ok=True)
        if renamed is None:
            return None
        edits = renamed + [Edit(head[0], head[1], ": ")]
        return edits + ([Edit(tail[0], tail[1], "")] if tail is not None and tail[0] < tail[1] else [])

    def insert(self, mapping: Node, name: str, value: str) -> list[Edit] | None:
        if self.text[mapping.start : mapping.start + 1] == "{":
            return super().insert(mapping, name, value)
        toks = self.tokens
        i = toks.after(mapping.start)
        while i < len(toks) and not (toks.kinds[i] == "block-map" and toks.starts[i] == mapping.start):
            if toks.starts[i] > mapping.start:
                return None
            i += 1
        if i >= len(toks) or i + 2 >= len(toks):
            return None
        first_key = toks.starts[i + 2]
        indent = self._column_indent(first_key)
        end = None
        j = i + 1
        while j < len(toks) and toks.kinds[j] == "key":
            key_node = Node(None, toks.starts[j + 1], toks.ends[j + 1])
            found = self.block(key_node)
            if found is None:
                return None
            _, j, end = found
        if end is None or j >= len(toks) or toks.kinds[j] != "block-end":
            return None
        at = self._lines_end(end)
        if at is None:
            return None
        line = indent + self.quote_key(name) + ": " + value + self.newline
        if at == len(self.text) and not self.text.endswith("\n"):
            line = self.newline + line[: -len(self.newline)]
        return [Edit(at, at, line)]


