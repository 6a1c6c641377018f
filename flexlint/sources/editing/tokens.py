"""The significant tokens of a document's text, for placing edits between them.

An edit that removes an entry must know where the comma before or after it
is, and that no comment or string stands in the way. Scanning the text
backwards cannot tell a comment from code, so each format's own lexer runs
forwards once over the whole text: a small regular-expression lexer for
JSON/JSONC, the standard library's ``tokenize`` for Python, PyYAML's scanner
for YAML. Comments are not tokens; where they sit is known only as the gaps
between tokens (and, for JSONC block comments, their spans, so no edit cuts
one in half).

Kinds: punctuation is its own character (``{`` ``}`` ``[`` ``]`` ``(`` ``)``
``,`` ``:`` ``=``); ``str`` a string literal, ``word`` any other value or
name. YAML adds its structure: ``key`` (zero-width, before a mapping key),
``block-map``/``block-seq`` (a block collection starts), ``block-end``,
``-`` (a block sequence entry), ``doc`` (document markers) and ``end``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import field

from ...core.records import record
from ...core.regex import lazy

OPENERS = frozenset("{[(")
CLOSERS = frozenset("}])")


@record(eq=False)
class Tokens:
    """Tokens in text order, searchable by offset."""

    text: str
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    comments: list[tuple[int, int]] = field(default_factory=list)  # multi-line comments only (JSONC /* */)

    def add(self, start: int, end: int, kind: str) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.kinds.append(kind)

    def __len__(self) -> int:
        return len(self.starts)

    def at(self, start: int, end: int | None = None, kinds: frozenset[str] | None = None) -> int | None:
        """The index of the token that starts at ``start`` (and ends at ``end``), skipping zero-width ones."""
        i = bisect_left(self.starts, start)
        while i < len(self.starts) and self.starts[i] == start:
            if (end is None or self.ends[i] == end) and (kinds is None or self.kinds[i] in kinds) and self.ends[i] > start:
                return i
            i += 1
        return None

    def after(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset`` (``len`` when none)."""
        return bisect_left(self.starts, offset)

    def before(self, offset: int) -> int:
        """Index of the last token ending at or before ``offset`` (-1 when none)."""
        return bisect_right(self.ends, offset) - 1

    def in_comment(self, offset: int) -> bool:
        """Whether ``offset`` falls strictly inside a multi-line comment."""
        return any(a < offset < b for a, b in self.comments)

    def gaps_are_blank(self, start: int, end: int, skip: frozenset[str] = frozenset()) -> bool:
        """Whether ``text[start:end]`` is tokens and whitespace only (no comment would be lost by deleting it)."""
        pos = start
        i = self.after(start)
        while i < len(self.starts) and self.starts[i] < end:
            if self.text[pos : self.starts[i]].strip():
                return False
            pos = max(pos, self.ends[i])
            i += 1
        return not self.text[pos:end].strip()


# ----------------------------------------------------------------- JSON and JSONC

_JSON_TOKEN = lazy(
    r'"(?:[^"\\\n]|\\.)*"'  # a string
    r"|//[^\n]*|/\*[\s\S]*?(?:\*/|\Z)"  # comments
    r"|[{}\[\]:,]"
    r'|[^\s{}\[\]:,"/]+'  # numbers and literals
    r"|\S"
)


def json_tokens(text: str) -> Tokens:
    tokens = Tokens(text)
    for m in _JSON_TOKEN.finditer(text):
        token = m.group()
        head = token[0]
        if head == "/" and token[1:2] in ("/", "*"):
            if "\n" in token:
                tokens.comments.append((m.start(), m.end()))
            continue
        kind = "str" if head == '"' else head if head in "{}[]:," else "word"
        tokens.add(m.start(), m.end(), kind)
    return tokens


# ----------------------------------------------------------------- Python

_PY_PUNCT = frozenset("()[]{},:=")


def python_tokens(text: str) -> Tokens | None:
    """Python tokens with character offsets; None when ``tokenize`` cannot read the code."""
    import io
    import tokenize

    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    tokens = Tokens(text)
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENDMARKER, tokenize.ENCODING}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type in skip:
                continue
            start = starts[tok.start[0] - 1] + tok.start[1]
            end = starts[tok.end[0] - 1] + tok.end[1]
            if tok.type == tokenize.OP:
                kind = tok.string if tok.string in _PY_PUNCT else "op"
            elif tok.type == tokenize.STRING:
                kind = "str"
            else:
                kind = "word"
            tokens.add(start, end, kind)
    except (tokenize.TokenError, SyntaxError, IndexError):
        return None
    return tokens


# ----------------------------------------------------------------- YAML


def yaml_tokens(text: str) -> Tokens | None:
    """PyYAML's tokens (offsets in ``text``); None when the scanner fails."""
    import yaml
    from yaml import tokens as t

    from ..yaml_source import _LOADER

    kinds = {
        t.KeyToken: "key", t.ValueToken: ":", t.FlowEntryToken: ",", t.BlockEntryToken: "-",
        t.FlowMappingStartToken: "{", t.FlowMappingEndToken: "}", t.FlowSequenceStartToken: "[",
        t.FlowSequenceEndToken: "]", t.BlockMappingStartToken: "block-map", t.BlockSequenceStartToken: "block-seq",
        t.BlockEndToken: "block-end", t.ScalarToken: "word", t.AliasToken: "word", t.AnchorToken: "anchor",
        t.TagToken: "tag", t.DocumentStartToken: "doc", t.DocumentEndToken: "doc", t.DirectiveToken: "doc",
        t.StreamStartToken: None, t.StreamEndToken: "end",
    }
    shift = 1 if text.startswith("\ufeff") else 0
    tokens = Tokens(text)
    try:
        for token in yaml.scan(text[shift:] if shift else text, Loader=_LOADER):
            kind = kinds.get(type(token), "word")
            if kind is None:
                continue
            start, end = token.start_mark.index + shift, token.end_mark.index + shift
            if kind == "word" and isinstance(token, t.ScalarToken) and not token.plain:
                kind = "str"
            tokens.add(start, end, kind)
    except yaml.YAMLError:
        return None
    return tokens
