"""SQLite databases, opened so that reading them changes nothing and runs nothing.

A database on disk is opened read-only and ``immutable`` (SQLite then
writes no journal, lock or WAL file beside it); one that comes out of an
archive is deserialised into memory. A database in WAL mode (the journal
mode apps choose for concurrent access) is prepared in memory first
(:mod:`.sqlite_wal`): deserialise cannot open it as it is, and an immutable
open would silently ignore changes still in its ``-wal`` file. The app that
owns the tables reads them; this module only opens the file, lists its
tables and reads named columns.

A database file is code as much as data: its schema can define generated
columns and views whose expressions SQLite evaluates as rows are read
(``randomblob(1e9)`` in a 48 KB file is gigabytes). So every connection is
hardened (:func:`harden`): no text or blob longer than a configuration
needs, no deep expressions, a budget of virtual-machine steps for the
whole connection, the schema untrusted, and text that is not UTF-8 decoded with
replacement characters rather than quoted back in an error. Rows are read
only through :func:`read_rows`, which names the columns it wants, skips
generated and hidden ones (``PRAGMA table_xinfo``), and stops at a row limit.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from ..core.document import SourceError

MAGIC = b"SQLite format 3\x00"


MAX_VALUE = 16 * 1024 * 1024  # longest text or blob a statement may produce
MAX_STEPS = 50_000_000  # virtual-machine steps one connection may take (a generated column or view that runs away)
_STEP = 10_000  # steps between two calls of the progress handler


def connect(source: bytes | Path, wal: bytes | None = None) -> sqlite3.Connection:
    """A read-only, hardened connection to a database file, or to database bytes (and its ``-wal`` file's) held in memory."""
    conn = _open(source, wal)
    try:
        harden(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise SourceError(f"cannot open the SQLite database ({reason(exc)})") from None
    return conn


def harden(conn: sqlite3.Connection) -> None:
    """Bound what any statement on ``conn`` can compute, and never raise on text that is not UTF-8."""
    conn.text_factory = _text
    if hasattr(conn, "setlimit"):  # Python 3.11+
        for name, value in (
            ("SQLITE_LIMIT_LENGTH", MAX_VALUE),
            ("SQLITE_LIMIT_SQL_LENGTH", 1_000_000),
            ("SQLITE_LIMIT_EXPR_DEPTH", 100),
            ("SQLITE_LIMIT_COMPOUND_SELECT", 50),
            ("SQLITE_LIMIT_FUNCTION_ARG", 32),
            ("SQLITE_LIMIT_ATTACHED", 0),
            ("SQLITE_LIMIT_TRIGGER_DEPTH", 1),
            ("SQLITE_LIMIT_LIKE_PATTERN_LENGTH", 1000),
        ):
            category = getattr(sqlite3, name, None)
            if category is not None:
                conn.setlimit(category, value)
    steps = [0]

    def progress() -> int:
        steps[0] += _STEP
        return 1 if steps[0] > MAX_STEPS else 0  # non-zero interrupts the statement

    conn.set_progress_handler(progress, _STEP)
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA query_only = ON")


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def reason(exc: BaseException) -> str:
    """An SQLite error in words, without the row text some errors quote."""
    text = str(exc).split(" with text ", 1)[0]
    return text if len(text) <= 200 else text[:199] + "…"


def readable_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The table's stored columns: generated and hidden ones (whose reading runs code) left out."""
    out = []
    for row in conn.execute(f'PRAGMA table_xinfo("{_ident(table)}")'):
        name, hidden = row[1], row[6] if len(row) > 6 else 0
        if hidden == 0 and isinstance(name, str):
            out.append(name)
    return out


def read_rows(conn: sqlite3.Connection, table: str, wanted: list[str], limit: int) -> tuple[list[str], list[tuple]]:
    """(columns, rows) of ``table``: the ``wanted`` columns it really stores, at most ``limit`` rows."""
    have = set(readable_columns(conn, table))
    columns = [c for c in wanted if c in have]
    if not columns:
        return [], []
    listed = ", ".join(f'"{_ident(c)}"' for c in columns)
    rows = conn.execute(f'SELECT {listed} FROM "{_ident(table)}" LIMIT ?', (limit,)).fetchall()
    return columns, rows


def _ident(name: str) -> str:
    return name.replace('"', '""')


def _open(source: bytes | Path, wal: bytes | None) -> sqlite3.Connection:
    on_disk = isinstance(source, Path)
    if isinstance(source, Path):
        wal = _pending_wal(source)
        if wal is None:
            uri = f"file:{quote(str(source.resolve()))}?mode=ro&immutable=1"
            try:
                return sqlite3.connect(uri, uri=True)
            except sqlite3.Error as exc:
                raise SourceError(f"cannot open the SQLite database ({reason(exc)})") from None
        source = _read_bounded(source)
    if not hasattr(sqlite3.Connection, "deserialize"):
        raise SourceError(
            "reading this SQLite database from memory needs Python 3.11 or later"
            + (" (its -wal file holds changes not yet written into it)" if on_disk else " (it is inside an archive)"),
            0,
            "close the app that writes it (it folds the -wal file into the database on exit) and lint it again"
            if on_disk else "extract the database from the archive and lint that file",
        )
    if not bytes(source[:16]) == MAGIC:
        raise SourceError("not a SQLite database (it does not start with the SQLite header)", 0,
                          "the file may be truncated or damaged")
    from .sqlite_wal import checkpointed

    source = checkpointed(source, wal)
    try:
        conn = sqlite3.connect(":memory:")
    except sqlite3.Error as exc:
        raise SourceError(f"cannot open the SQLite database ({reason(exc)})") from None
    try:
        conn.deserialize(source)
    except (sqlite3.Error, OverflowError, ValueError, MemoryError) as exc:
        conn.close()
        raise SourceError(f"cannot open the SQLite database ({reason(exc)})") from None
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
        return _read_bounded(companion)
    except (OSError, SourceError):
        return None


def _read_bounded(path: Path) -> bytes:
    """A database (or -wal) file read into memory, never more than an archive member may be."""
    from ..core.limits import current

    limit = current().max_member_size
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise SourceError(f"the database is larger than the {limit / 1e6:.0f} MB flexlint reads into memory", 0,
                          "close the app that writes it (it folds the -wal file into the database on exit) and lint it again")
    return data


def tables(conn: sqlite3.Connection) -> set[str]:
    """The database's ordinary tables (virtual tables, whose reading calls a module, are left out).

    A damaged file or schema is a SourceError (this file only), never an exception of SQLite's.
    """
    try:
        rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    except sqlite3.Error as exc:
        raise SourceError(f"cannot read the SQLite database ({reason(exc)})", 0,
                          "the database is damaged; make the backup again") from None
    return {
        row[0]
        for row in rows
        if isinstance(row[0], str) and not (isinstance(row[1], str) and row[1].lstrip()[:14].upper().startswith("CREATE VIRTUAL"))
    }


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
    except (sqlite3.Error, SourceError, ValueError):
        return set()
    finally:
        conn.close()
