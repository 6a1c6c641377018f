"""SQLite databases, opened so that reading them changes nothing.

A database on disk is opened read-only and ``immutable`` (SQLite then
writes no journal, lock or WAL file beside it); one that comes out of an
archive is deserialised into memory. The app that owns the tables reads
them; this module only opens the file and lists its tables.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from ..core.document import SourceError

MAGIC = b"SQLite format 3\x00"


def connect(source: bytes | Path) -> sqlite3.Connection:
    """A read-only connection to a database file, or to database bytes held in memory."""
    try:
        if isinstance(source, Path):
            uri = f"file:{quote(str(source.resolve()))}?mode=ro&immutable=1"
            return sqlite3.connect(uri, uri=True)
        conn = sqlite3.connect(":memory:")
    except sqlite3.Error as exc:
        raise SourceError(f"cannot open the SQLite database ({exc})") from None
    if not hasattr(conn, "deserialize"):
        conn.close()
        raise SourceError(
            "reading a SQLite database inside an archive needs Python 3.11 or later",
            0,
            "extract the database from the archive and lint that file",
        )
    try:
        conn.deserialize(source)
    except sqlite3.Error as exc:
        conn.close()
        raise SourceError(f"cannot open the SQLite database ({exc})") from None
    return conn


def tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def table_names(path: Path) -> set[str]:
    """The tables of a database file (empty when it is not a readable SQLite database)."""
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != MAGIC:
                return set()
        conn = connect(path)
    except (OSError, SourceError):
        return set()
    try:
        return tables(conn)
    except sqlite3.Error:
        return set()
    finally:
        conn.close()
