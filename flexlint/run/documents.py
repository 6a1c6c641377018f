"""A file's documents: the format's parser, or the reader of the app whose file it is.

Text files go to :mod:`flexlint.sources`. Containers (zip archives, SQLite
databases) and apps' own JSON formats go to the dialect that claims them in
the registry (by zip member names, database tables or the first bytes), so
which app owns a file is decided in one place and read by that app's code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Union

from ..core.document import Document
from ..dialects import may_matter, storages
from ..sources import CONTAINER_KINDS, container_kind, kind_of, load

Source = Union[bytes, Path]


def read_documents(path: str, data: Source, kind: str | None = None) -> Iterable[Document]:
    """Parse ``data`` (a file's bytes, or a container's path); raises SourceError.

    A list, or for JSON Lines a stream of one document per line.
    """
    if isinstance(data, Path):
        kind = kind or container_kind(str(data))
        if kind not in CONTAINER_KINDS:
            data = data.read_bytes()
    kind = kind or kind_of(path, data) or "json"  # type: ignore[arg-type]
    if kind == "zip":
        return _archive(path, data)
    if kind == "sqlite":
        return _database(path, data)
    assert isinstance(data, bytes)
    if kind == "json":
        for _, storage in storages():
            if storage.claims_json(data):
                return storage.load().read_file(path, data)
    return load(path, data, kind, relevant=lambda raw: may_matter(kind, raw))  # type: ignore[arg-type]


def _archive(path: str, data: Source) -> list[Document]:
    from ..sources.archive import Archive

    with Archive(data) as archive:
        names = archive.names()
        for _, storage in storages():
            if storage.claims_archive(names):
                return storage.load().read_archive(path, archive)
    return []


def _database(path: str, data: Source) -> list[Document]:
    from ..sources.sqlite import connect, tables

    conn = connect(data)
    try:
        found = tables(conn)
    finally:
        conn.close()
    for _, storage in storages():
        if storage.claims_database(found):
            return storage.load().read_database(path, data)
    return []


def wanted(path: Path, kind: str) -> bool:
    """Whether a container found by walking a directory is some app's (only its index is read)."""
    from ..core.document import SourceError

    try:
        if kind == "zip":
            from ..sources.archive import member_names

            names = member_names(path)
            return any(storage.claims_archive(names) for _, storage in storages())
        if kind == "sqlite":
            from ..sources.sqlite import table_names

            found = table_names(path)
            return any(storage.claims_database(found) for _, storage in storages())
    except (OSError, SourceError):
        return False
    return False


def reads_partially(head: bytes) -> bool:
    """A JSON file whose reader parses only a small part of it (a size limit does not apply)."""
    return any(storage.reads_partially(head) for _, storage in storages())
