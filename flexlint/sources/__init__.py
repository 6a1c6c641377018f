"""Sources: bytes in, positioned documents out. Formats only; no app is named here.

The file kind comes from the name (``.json``/``.jsonc``, ``.yaml``/``.yml``,
``.py``/``.ipynb``, ``.js``/``.ts`` and their kin, ``.zip``, ``.sqlite``) and,
for other names, from the first bytes. Parsers are imported only for the kinds a run meets.
Containers (zip archives, SQLite databases) are opened by
:mod:`flexlint.run.documents`, which asks the dialects whose files they are.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Callable, Iterable

from ..core.document import Document, SourceError
from ..core.regex import lazy

JSON_SUFFIXES = frozenset({".json", ".jsonc"})
HAR_SUFFIXES = frozenset({".har"})  # HTTP Archives: JSON whose request bodies are read (see .har)
YAML_SUFFIXES = frozenset({".yaml", ".yml"})
PYTHON_SUFFIXES = {".py": "python", ".pyi": "python", ".ipynb": "notebook"}
# Kept in step with ``javascript.GRAMMARS`` (a test checks), so that naming the kinds imports no parser module.
SCRIPT_SUFFIXES = frozenset({".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"})
CONTAINER_SUFFIXES = {".zip": "zip", ".sqlite": "sqlite"}
# Formats read into documents only an app claims: a file of this kind that no dialect
# recognises is skipped, and one that does not parse is an error only when an app claims it.
CLAIMED_SUFFIXES = {".toml": "toml", ".jsonl": "jsonl"}
SUFFIXES = (JSON_SUFFIXES | HAR_SUFFIXES | YAML_SUFFIXES | frozenset(PYTHON_SUFFIXES) | SCRIPT_SUFFIXES
            | frozenset(CONTAINER_SUFFIXES) | frozenset(CLAIMED_SUFFIXES))
CONTAINER_KINDS = frozenset(CONTAINER_SUFFIXES.values())
MAGIC = {b"PK\x03\x04": "zip", b"SQLite format 3\x00": "sqlite"}


def container_kind(path: str, head: bytes = b"") -> str | None:
    """``zip``/``sqlite`` when the file is a container, from its name or its first bytes."""
    kind = CONTAINER_SUFFIXES.get(PurePath(path).suffix.lower())
    if kind is not None:
        return kind
    for magic, kind in MAGIC.items():
        if head.startswith(magic):
            return kind
    return None


def kind_of(path: str, data: bytes) -> str | None:
    suffix = PurePath(path).suffix.lower()
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in HAR_SUFFIXES:
        return "har"
    if suffix in YAML_SUFFIXES:
        return "yaml"
    if suffix in PYTHON_SUFFIXES:
        return PYTHON_SUFFIXES[suffix]
    if suffix in CLAIMED_SUFFIXES:
        return CLAIMED_SUFFIXES[suffix]
    if suffix in SCRIPT_SUFFIXES:
        return "javascript"
    kind = container_kind(path, data[:16])
    if kind is not None:
        return kind
    return sniff(data)


_PYTHON_START = lazy(rb"(?:#!.*python|from\s+[\w.]+\s+import\s|import\s+\w|(?:async\s+)?def\s+\w+\s*\(|class\s+\w+|@\w)")
_YAML_START = lazy(rb"""(?:---|%YAML|-\s|[^\s\[\]{}#&*!|>'"%@`,?:-][^\n]*?:(?:[ \t]|$)|["'][^\n]*?["']\s*:(?:[ \t]|$))""")


def sniff(data: bytes) -> str | None:
    """The kind of content that has no telling name (stdin, a file called `config`), from its first line.

    JSON starts with a bracket; a Python module with an import, a definition
    or a shebang; YAML with a document marker, a list item or `key:`. Comment
    lines are skipped. Anything else is not told (the caller reads it as JSON).
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return "json"
    if head.startswith(b"#!") and _PYTHON_START.match(head):
        return "python"
    for raw in head.splitlines():
        line = raw.strip()
        if not line or line.startswith(b"#") or line.startswith(b"//"):
            continue
        if line[:1] in (b"{", b"["):
            return "json"
        if _PYTHON_START.match(line):
            return "python"
        if _YAML_START.match(line):
            return "yaml"
        return None
    return None


def load(path: str, data: bytes, kind: str, relevant: Callable[[bytes], bool] = lambda data: True) -> Iterable[Document]:
    """Parse a text file of ``kind`` (json, har, yaml, toml, jsonl, python, notebook, javascript); raises SourceError.

    ``relevant`` decides, from the bytes, whether code is worth parsing at
    all (most of a repository's Python or TypeScript never makes a request).
    TOML and JSON Lines never raise: what cannot be read travels as the
    document's ``error`` (see :data:`CLAIMED_SUFFIXES`); JSON Lines come as a
    stream, one document per line, parsed as they are taken.
    """
    from ..core.limits import current
    from .text import decode

    if kind in CLAIMED_SUFFIXES.values():
        return _claimed(path, data, kind)
    depth = current().max_depth
    text = decode(data)
    try:
        if kind == "python":
            from .python_source import load_python

            return _editable(load_python(path, data, text, relevant))
        if kind == "javascript":  # not written back: fixes are offered for the formats the editor writes
            from .javascript import load_script

            return load_script(path, data, text, relevant)
        if kind == "notebook":  # code inside JSON strings: never written back
            from .python_source import load_notebook

            return load_notebook(path, data, text, relevant)
        if kind == "yaml":
            from .yaml_source import parse_yaml

            return _editable([
                Document(path, text, root, "yaml", dups, index=i)
                for i, (root, dups) in enumerate(parse_yaml(text, max_depth=depth))
            ] or [Document(path, text, None, "yaml")])
        from .jsonc import parse_json

        root, dups = parse_json(text, max_depth=depth, lazy=True)
        if kind == "har":
            from .har import har_documents, is_har

            if is_har(root):
                return har_documents(path, text, root)  # type: ignore[arg-type]  # recorded bodies: never edited
        return _editable([Document(path, text, root, "json", dups)])
    except SourceError as error:
        if error.text is None:
            error.text = text
        raise


def _claimed(path: str, data: bytes, kind: str) -> Iterable[Document]:
    from ..core.limits import current
    from .text import decode

    try:
        text = decode(data)
    except SourceError as error:
        broken = Document(path, error.text or "", None, kind)
        broken.error = error
        return [broken]
    if kind == "jsonl":
        from .jsonl import iter_lines

        return iter_lines(path, text, max_depth=current().max_depth)
    from .toml_source import parse_toml

    try:
        return [Document(path, text, parse_toml(text, max_depth=current().max_depth), kind)]
    except SourceError as error:
        broken = Document(path, text, None, kind)
        broken.error = error
        return [broken]


def _editable(documents: Iterable[Document]) -> list[Document]:
    """Documents whose text is the whole file as its format reads it: fixes may be written into it."""
    documents = list(documents)
    for document in documents:
        document.editable = True
    return documents
