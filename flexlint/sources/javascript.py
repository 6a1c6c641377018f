"""JavaScript and TypeScript files, parsed with tree-sitter only when they can matter.

tree-sitter is a compiled, error-recovering parser with maintained grammars
for JavaScript, TypeScript and TSX, shipped as wheels for every platform
flexlint runs on. It is imported only when a file of this kind passes the
byte-level prefilter (the ``relevant`` test the caller passes): a run over
JSON, YAML or Python never loads it.

tree-sitter reports byte offsets into the UTF-8 text it parsed; flexlint's
offsets count characters, so :class:`Offsets` maps one onto the other
(identity for ASCII files, the usual case).

A file that does not parse cleanly is still read: tree-sitter recovers
around the error, and code inside an error region is left alone by the
readers. A syntax error is not reported: the grammars trail the newest
TypeScript syntax, and a false ``parse-error`` on valid code would block a
commit that the compiler accepts.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from pathlib import PurePath
from typing import Any, Callable

from ..core.document import Document, SourceError
from ..core.regex import lazy

# The grammar each suffix is parsed with: TSX is TypeScript with JSX, and
# JavaScript files may hold JSX too (the JavaScript grammar reads it).
GRAMMARS = {
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript",
    ".tsx": "tsx",
    ".js": "javascript", ".jsx": "javascript", ".mjs": "javascript", ".cjs": "javascript",
}
SUFFIXES = frozenset(GRAMMARS)
_NON_ASCII = lazy(r"[^\x00-\x7f]")


class Offsets:
    """UTF-8 byte offsets (tree-sitter's) to character offsets (flexlint's)."""

    __slots__ = ("_starts", "_extra")

    def __init__(self, text: str, ascii_only: bool) -> None:
        # For every non-ASCII character: the byte offset just after it, and the
        # extra bytes (beyond one per character) counted up to there.
        self._starts: list[int] = []
        self._extra: list[int] = []
        if ascii_only:
            return
        extra = 0
        for match in _NON_ASCII.finditer(text):
            index, code = match.start(), ord(match.group())
            width = 2 if code < 0x800 else 3 if code < 0x10000 else 4
            extra += width - 1
            self._starts.append(index + extra + 1)
            self._extra.append(extra)

    def char(self, byte: int) -> int:
        if not self._starts:
            return byte
        i = bisect_right(self._starts, byte) - 1
        return byte - (self._extra[i] if i >= 0 else 0)


class Script:
    """One parsed file: its UTF-8 bytes, the syntax tree, and the offset map."""

    def __init__(self, text: str, grammar: str) -> None:
        self.text = text
        self.data = text.encode("utf-8", "surrogatepass")
        self.grammar = grammar
        self.tree = parser(grammar).parse(self.data)
        self.root = self.tree.root_node
        self.offsets = Offsets(text, len(self.data) == len(text))

    def char(self, byte: int) -> int:
        return self.offsets.char(byte)


class ScriptDocument(Document):
    """A JavaScript or TypeScript file; ``script`` is None when nothing in it can matter."""

    def __init__(self, path: str, text: str, script: Script | None) -> None:
        super().__init__(path, text, None, "javascript")
        self.script = script

    @property
    def parsed(self) -> bool:
        return self.script is not None


def grammar_of(path: str) -> str:
    return GRAMMARS.get(PurePath(path).suffix.lower(), "typescript")


def parser(grammar: str) -> Any:
    """A tree-sitter parser for one grammar (built once per process).

    A missing or mismatched tree-sitter install (a grammar built for a
    newer tree-sitter than the one installed) is a clear error with the
    command that fixes it, never a traceback.
    """
    try:
        return _parser(grammar)
    except (ImportError, ValueError, TypeError) as exc:
        raise SourceError(
            f"cannot read JavaScript or TypeScript here: tree-sitter could not load the {grammar} grammar ({exc})",
            hint="install the versions flexlint needs: pip install -U 'tree-sitter>=0.25' tree-sitter-typescript "
            "tree-sitter-javascript",
        ) from None


@lru_cache(maxsize=None)
def _parser(grammar: str) -> Any:
    from tree_sitter import Language, Parser

    if grammar == "javascript":
        import tree_sitter_javascript

        language = tree_sitter_javascript.language()
    else:
        import tree_sitter_typescript

        language = tree_sitter_typescript.language_tsx() if grammar == "tsx" else tree_sitter_typescript.language_typescript()
    return Parser(Language(language))


def load_script(path: str, data: bytes, text: str, relevant: Callable[[bytes], bool]) -> list[Document]:
    script = Script(text, grammar_of(path)) if relevant(data) else None
    return [ScriptDocument(path, text, script)]
