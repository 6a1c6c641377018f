"""SQLite databases, opened so that reading them changes nothing.

A database on disk is opened read-only and ``immutable`` (SQLite then
writes no journal, lock or WAL file beside it); one that comes out of an
archive is deserialised into memory. A database in WAL mode (the journal
mode apps choose for concurrent access) is prepared in memory first
(:mod:`.sqlite_wal`): deserialise cannot open it as it is, and an immutable
open would silently ignore changes still in its ``-wal`` file. The app that
owns the tables reads them; this module only opens the file and lists its
tables.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from ..core.document import SourceError

MAGIC = b"SQLite format 3\x00"


def connect(source: bytes | Path, wal: bytes | None = None) -> sqlite3.Connection:
    """A read-only connection to a database file, or to database bytes (and its ``-wal`` file's) held in memory."""
    on_disk = isinstance(source, Path)
    if isinstance(source, Path):
        wal = _pending_wal(source)
        if wal is None:
            uri = f"file:{quote(str(source.resolve()))}?mode=ro&immutable=1"
            try:
                return sqlite3.connect(uri, uri=True)
            except sqlite3.Error as exc:
                raise SourceError(f"cannot open the SQLite database ({exc})") from None
        source = source.read_bytes()
    if not hasattr(sqlite3.Connection, "deserialize"):
        raise SourceError(
            "reading this SQLite database from memory needs Python 3.11 or later"
            + (" (its -wal file holds changes not yet written into it)" if on_disk else " (it is inside an archive)"),
            0,
            "close the app that writes it (it folds the -wal file into the database on exit) and lint it again"
            if on_disk else "extract the database from the archive and lint that file",
        )
    from .sqlite_wal import checkpointed

    source = checkpointed(source, wal)
    try:
        conn = sqlite3.connect(":memory:")
    except sqlite3.Error as exc:
        raise SourceError(f"cannot open the SQLite database ({exc})") from None
    try:
        conn.deserialize(source)
    except sqlite3.Error as exc:
        conn.close()
        raise SourceError(f"cannot open the SQLite database ({exc})") from None
    return conn


def _pending_wal(path: Path) -> bytes | None:
    """The ``-wal`` file beside a WAL-mode database when it holds frames (changes not yet checkpointed)."""
    from .sqlite_wal import WAL_HEADER, is_wal_mode

    try:
        with open(path, "rb") as fh:
            if not is_wal_mode(fh.read(20)):
                return None
        companion = path.with_name(path.name + "-wal")
        if companion.stat().st_size <= WAL_HEADER:
            return None
        return companion.read_bytes()
    except OSError:
        return None


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
