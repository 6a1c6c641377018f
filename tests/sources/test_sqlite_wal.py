"""WAL-mode SQLite databases read from memory: the committed -wal frames applied as a checkpoint would.

Every database here is written by SQLite itself in WAL mode; the oracle is SQLite reading the same
two files from a scratch folder (where it may write its -shm file).
"""

from __future__ import annotations

import shutil
import sqlite3
import struct
import sys
from pathlib import Path

import pytest

from flexlint.core.document import SourceError
from flexlint.sources.sqlite import connect
from flexlint.sources.sqlite_wal import checkpointed, is_wal_mode

needs_deserialize = pytest.mark.skipif(sys.version_info < (3, 11), reason="sqlite3 deserialize needs Python 3.11")


def snapshot(folder: Path) -> tuple[bytes, bytes]:
    """The database and -wal bytes of a running writer, copied while its connection is open."""
    db = folder / "app.sqlite"
    wal = Path(f"{db}-wal")
    return db.read_bytes(), wal.read_bytes() if wal.exists() else b""


def writer(folder: Path, page_size: int = 4096) -> sqlite3.Connection:
    conn = sqlite3.connect(folder / "app.sqlite", isolation_level=None)
    conn.execute(f"PRAGMA page_size = {page_size}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return conn


def rows_of(conn: sqlite3.Connection) -> list:
    return conn.execute("SELECT id, length(body), substr(body, 1, 8) FROM t ORDER BY id").fetchall()


def oracle(tmp_path: Path, db: bytes, wal: bytes) -> list:
    """What SQLite itself reads from these two files."""
    folder = tmp_path / "oracle"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / "app.sqlite").write_bytes(db)
    if wal:
        (folder / "app.sqlite-wal").write_bytes(wal)
    conn = sqlite3.connect(folder / "app.sqlite")
    try:
        return rows_of(conn)
    finally:
        conn.close()


def ours(db: bytes, wal: bytes) -> list:
    conn = connect(db, wal or None)
    try:
        return rows_of(conn)
    finally:
        conn.close()


@needs_deserialize
def test_committed_frames_are_applied(tmp_path):
    conn = writer(tmp_path)
    for i in range(30):
        conn.execute("INSERT INTO t (body) VALUES (?)", (f"row {i} " + "x" * (i * 300),))
    conn.execute("UPDATE t SET body = 'changed' WHERE id = 3")
    conn.execute("DELETE FROM t WHERE id > 25")
    db, wal = snapshot(tmp_path)
    conn.close()
    assert is_wal_mode(db[:20]) and len(wal) > 32
    assert ours(db, wal) == oracle(tmp_path, db, wal) == rows_of(sqlite3.connect(tmp_path / "app.sqlite"))
    assert len(ours(db, wal)) == 25
    assert ours(db, b"") == []  # the database file alone: the rows are only in the WAL


@needs_deserialize
def test_a_transaction_still_open_is_not_applied(tmp_path):
    """A large transaction spills its pages into the WAL before it commits; a copy then holds frames with no commit."""
    conn = writer(tmp_path)
    conn.execute("PRAGMA cache_size = 2")
    conn.execute("INSERT INTO t (body) VALUES ('committed')")
    conn.execute("BEGIN")
    for i in range(200):
        conn.execute("INSERT INTO t (body) VALUES (?)", ("y" * 2000,))
    db, wal = snapshot(tmp_path)
    conn.execute("ROLLBACK")
    conn.close()
    assert len(wal) > 32 + 50 * (24 + 4096)  # the open transaction's pages are in the file
    assert ours(db, wal) == oracle(tmp_path, db, wal) == [(1, 9, "committe")]


@needs_deserialize
def test_frames_of_an_earlier_wal_generation_are_ignored(tmp_path):
    """After a checkpoint the writer starts the WAL over with new salts; the old frames stay behind it."""
    conn = writer(tmp_path)
    for i in range(40):
        conn.execute("INSERT INTO t (body) VALUES (?)", (f"old {i} " + "o" * 3000,))
    conn.execute("PRAGMA wal_checkpoint(RESTART)")
    conn.execute("DELETE FROM t WHERE id > 2")
    db, wal = snapshot(tmp_path)
    conn.close()
    assert ours(db, wal) == oracle(tmp_path, db, wal)
    assert [r[0] for r in ours(db, wal)] == [1, 2]


@needs_deserialize
def test_a_damaged_frame_ends_the_wal_there(tmp_path):
    conn = writer(tmp_path)
    conn.execute("INSERT INTO t (body) VALUES ('first')")
    first = len(snapshot(tmp_path)[1])
    conn.execute("INSERT INTO t (body) VALUES ('second')")
    db, wal = snapshot(tmp_path)
    conn.close()
    damaged = bytearray(wal)
    damaged[first + 24 + 100] ^= 0xFF  # inside the page of the second commit's first frame
    assert ours(db, bytes(damaged)) == oracle(tmp_path, db, bytes(damaged)) == [(1, 5, "first")]


def _big_endian(wal: bytes) -> bytes:
    """The same WAL as a big-endian machine writes it: magic 0x377f0683, checksums over big-endian words.

    Written here from the file format document, independently of the module under test.
    """
    def sums(data: bytes, s0: int, s1: int) -> tuple[int, int]:
        words = struct.unpack(f">{len(data) // 4}I", data)
        for a, b in zip(words[::2], words[1::2]):
            s0 = (s0 + a + s1) & 0xFFFFFFFF
            s1 = (s1 + b + s0) & 0xFFFFFFFF
        return s0, s1

    out = bytearray(wal)
    out[0:4] = struct.pack(">I", 0x377F0683)
    s0, s1 = sums(bytes(out[:24]), 0, 0)
    out[24:32] = struct.pack(">II", s0, s1)
    page = struct.unpack_from(">I", out, 8)[0]
    pos = 32
    while pos + 24 + page <= len(out):
        s0, s1 = sums(bytes(out[pos : pos + 8]), s0, s1)
        s0, s1 = sums(bytes(out[pos + 24 : pos + 24 + page]), s0, s1)
        out[pos + 16 : pos + 24] = struct.pack(">II", s0, s1)
        pos += 24 + page
    return bytes(out)


@needs_deserialize
def test_a_wal_written_on_a_big_endian_machine(tmp_path):
    conn = writer(tmp_path)
    for i in range(5):
        conn.execute("INSERT INTO t (body) VALUES (?)", (f"be {i}",))
    db, wal = snapshot(tmp_path)
    conn.close()
    assert wal[:4] == bytes.fromhex("377f0682")
    assert ours(db, _big_endian(wal)) == ours(db, wal) == oracle(tmp_path, db, _big_endian(wal))


@needs_deserialize
@pytest.mark.parametrize("page_size", [1024, 65536])
def test_page_sizes(tmp_path, page_size):
    conn = writer(tmp_path, page_size)
    conn.execute("INSERT INTO t (body) VALUES (?)", ("z" * 100_000,))
    db, wal = snapshot(tmp_path)
    conn.close()
    assert ours(db, wal) == oracle(tmp_path, db, wal) == [(1, 100_000, "zzzzzzzz")]


def test_bytes_that_are_not_in_wal_mode_are_left_alone(tmp_path):
    conn = sqlite3.connect(tmp_path / "plain.sqlite")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    data = (tmp_path / "plain.sqlite").read_bytes()
    assert checkpointed(data, b"anything") is data


def test_a_checkpointed_database_only_loses_its_wal_mark(tmp_path):
    conn = writer(tmp_path)
    conn.execute("INSERT INTO t (body) VALUES ('in the file')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db, wal = snapshot(tmp_path)
    conn.close()
    assert wal == b""
    out = checkpointed(db)
    assert out[18:20] == b"\x01\x01" and out[:18] == db[:18] and out[20:] == db[20:]


def test_hostile_wal_files(tmp_path):
    conn = writer(tmp_path)
    conn.execute("INSERT INTO t (body) VALUES ('x')")
    db, wal = snapshot(tmp_path)
    conn.close()
    # Garbage, a cut header, the wrong page size: SQLite ignores such a WAL, and so does the reader.
    for junk in (b"\x00" * 100, wal[:20], wal[:8] + struct.pack(">I", 512) + wal[12:]):
        assert checkpointed(db, junk) == checkpointed(db)
    # A commit claiming a database far larger than both files is refused, not allocated.
    lying = bytearray(wal)
    struct.pack_into(">I", lying, 32 + 4, 1 << 30)  # the commit frame's database size, in pages
    # (its checksum no longer holds, so this frame and everything after it is ignored)
    assert checkpointed(db, bytes(lying)) == checkpointed(db)
    with pytest.raises(SourceError):
        checkpointed(db[:50])


def test_nothing_is_written_beside_a_database_on_disk(tmp_path):
    conn = writer(tmp_path)
    conn.execute("INSERT INTO t (body) VALUES ('pending')")
    db, wal = snapshot(tmp_path)
    conn.close()
    folder = tmp_path / "copy"
    folder.mkdir()
    (folder / "app.sqlite").write_bytes(db)
    (folder / "app.sqlite-wal").write_bytes(wal)
    if sys.version_info < (3, 11):
        with pytest.raises(SourceError, match="Python 3.11"):
            connect(folder / "app.sqlite")
    else:
        reader = connect(folder / "app.sqlite")
        assert rows_of(reader) == [(1, 7, "pending")]
        reader.close()
    assert sorted(p.name for p in folder.iterdir()) == ["app.sqlite", "app.sqlite-wal"]
