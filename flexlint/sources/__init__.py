"""Sources: bytes in, positioned documents out.

The file kind comes from the name (``.json``/``.jsonc``/``.yaml``/``.yml``,
``.py``/``.ipynb``, ``.zip``, ``.sqlite``) and, for other names, from the first bytes. Parsers
are imported only for the kinds a run meets. Containers (zip archives,
SQLite databases) are read from their path, never whole into memory; some
JSON files are recognised by their first bytes as an app's own format and
read by that format's reader (see ``SHAPES``).
"""

from __future__ import annotations

import importlib
from pathlib import Path, PurePath
from typing import Union

from ..core.document import Document, SourceError

JSON_SUFFIXES = frozenset({".json", ".jsonc", ".har"})
YAML_SUFFIXES = frozenset({".yaml", ".yml"})
# Kinds read by a module of their own: suffix -> (kind, "module:function").
LOADERS = {
    ".py": ("python", "python_source:load_python"),
    ".pyi": ("python", "python_source:load_python"),
    ".ipynb": ("notebook", "python_source:load_notebook"),
}
KIND_LOADERS = {kind: loader for kind, loader in LOADERS.values()}
CONTAINER_SUFFIXES = {".zip": "zip", ".sqlite": "sqlite"}
SUFFIXES = JSON_SUFFIXES | YAML_SUFFIXES | frozenset(LOADERS) | frozenset(CONTAINER_SUFFIXES)
CONTAINER_KINDS = frozenset(CONTAINER_SUFFIXES.values())
MAGIC = {b"PK\x03\x04": "zip", b"SQLite format 3\x00": "sqlite"}
# Readers of app formats that are JSON on disk but must not be parsed whole:
# module with ``sniff(data) -> bool`` and ``read(path, data) -> list[Document]``.
SHAPES: list[str] = ["flexlint.dialects.cherry_studio.storage.backup_json"]
# Readers of containers: kind → module with ``read(path, source)`` and ``wanted(path) -> bool``
# (a cheap look, e.g. at a zip's central directory, before a directory walk opens it).
CONTAINERS: dict[str, str] = {"zip": "flexlint.dialects.cherry_studio.storage.backup_zip", "sqlite": "flexlint.dialects.cherry_studio.storage.database"}

Source = Union[bytes, Path]


def container_kind(path: str, head: bytes = b"") -> str | None:
    """``zip``/``sqlite`` when the file is a container, from its name or its first bytes."""
    kind = CONTAINER_SUFFIXES.get(PurePath(path).suffix.lower())
    if kind is not None:
        return kind
    for magic, kind in MAGIC.items():
        if head.startswith(magic):
            return kind
    return None


def wanted(path: Path, kind: str) -> bool:
    """Whether a container found by walking a directory holds anything a dialect reads."""
    try:
        return bool(importlib.import_module(CONTAINERS[kind]).wanted(path))
    except (OSError, SourceError):
        return False


def reads_partially(head: bytes) -> bool:
    """A JSON file whose reader only parses a small part (a size limit does not apply to it)."""
    return any(importlib.import_module(m).sniff_head(head) for m in SHAPES)


def kind_of(path: str, data: bytes) -> str | None:
    suffix = PurePath(path).suffix.lower()
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in YAML_SUFFIXES:
        return "yaml"
    if suffix in LOADERS:
        return LOADERS[suffix][0]
    kind = container_kind(path, data[:16])
    if kind is not None:
        return kind
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return "json"
    return None


def load(path: str, data: Source, kind: str | None = None) -> list[Document]:
    """Parse ``data`` as ``kind`` (guessed from the path if None); raises SourceError.

    ``data`` is the file's bytes, or its path for a container, which its
    reader opens itself.
    """
    from .text import decode

    if isinstance(data, Path):
        kind = kind or container_kind(str(data))
        if kind not in CONTAINER_KINDS:
            data = data.read_bytes()
    kind = kind or kind_of(path, data) or "json"  # type: ignore[arg-type]
    if kind in CONTAINER_KINDS:
        return importlib.import_module(CONTAINERS[kind]).read(path, data)
    assert isinstance(data, bytes)
    if kind == "json":
        for module in SHAPES:
            reader = importlib.import_module(module)
            if reader.sniff(data):
                return reader.read(path, data)
    text = decode(data)
    try:
        if kind in KIND_LOADERS:
            return _load_with(KIND_LOADERS[kind], path, data, text)
        return _parse(path, text, kind)
    except SourceError as error:
        if error.text is None:
            error.text = text
        raise


def _load_with(loader: str, path: str, data: bytes, text: str) -> list[Document]:
    module, _, function = loader.partition(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)(path, data, text)


def _parse(path: str, text: str, kind: str) -> list[Document]:
    if kind == "yaml":
        from .yaml_source import parse_yaml

        return [
            Document(path, text, root, "yaml", dups, index=i)
            for i, (root, dups) in enumerate(parse_yaml(text))
        ] or [Document(path, text, None, "yaml")]
    from .jsonc import parse_json

    root, dups = parse_json(text)
    return [Document(path, text, root, "json", dups)]
