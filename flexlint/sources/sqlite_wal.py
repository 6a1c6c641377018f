"""A WAL-mode SQLite database made readable from memory, without writing anything.

An app that sets ``PRAGMA journal_mode = WAL`` marks its database file so
(bytes 18 and 19 of the header are 2) and writes new pages to a ``-wal``
file beside it until a checkpoint copies them back. ``sqlite3``'s
``deserialize`` refuses such bytes ("unable to open database file"), and
opening the file read-only makes SQLite create a ``-shm`` file beside it.

So the bytes are prepared here, following the file format
(https://www.sqlite.org/fileformat2.html, sections 1.3 and 4): every frame of
the ``-wal`` file up to its last valid commit replaces its page (as a
checkpoint would), and the header is marked as a rollback-journal file
(bytes 18 and 19 set to 1), which changes how SQLite would write the file
and nothing in its content. A frame counts only when its salts match the
WAL header and the running checksum holds, as SQLite's own recovery decides;
frames after the last commit belong to a transaction that never finished and
are ignored. Hand-written because Python's ``sqlite3`` has no call that reads
a WAL from memory.
"""

from __future__ import annotations

import struct

from ..core.document import SourceError

__all__ = ["is_wal_mode", "checkpointed"]

HEADER = 100  # database header
WAL_HEADER = 32
FRAME_HEADER = 24
_MAGIC = {0x377F0682: "<", 0x377F0683: ">"}  # the checksum's word order
_VERSION = 3007000
_MASK = 0xFFFFFFFF


def is_wal_mode(head: bytes) -> bool:
    """Whether a database header says WAL mode (file format read/write versions 2)."""
    return len(head) >= 20 and head[18] == 2 and head[19] == 2


def _page_size(head: bytes) -> int:
    size = int.from_bytes(head[16:18], "big")
    return 65536 if size == 1 else size


def _checksum(data: bytes | memoryview, order: str, s0: int, s1: int) -> tuple[int, int]:
    """SQLite's WAL checksum: two running sums over 32-bit words in the WAL's own byte order."""
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & _MASK
        s1 = (s1 + words[i + 1] + s0) & _MASK
    return s0, s1


def _committed_frames(wal: bytes, page_size: int) -> tuple[dict[int, int], int]:
    """Page number → offset of its newest committed frame, and the database size in pages after the last commit.

    An empty or invalid WAL holds nothing (SQLite then ignores it too).
    """
    if len(wal) < WAL_HEADER:
        return {}, 0
    magic, version, wal_page, _, salt1, salt2, c1, c2 = struct.unpack_from(">8I", wal)
    order = _MAGIC.get(magic)
    if order is None or version != _VERSION or wal_page != page_size:
        return {}, 0
    s0, s1 = _checksum(memoryview(wal)[:24], order, 0, 0)
    if (s0, s1) != (c1, c2):
        return {}, 0
    pending: dict[int, int] = {}
    committed: dict[int, int] = {}
    size = 0
    pos = WAL_HEADER
    view = memoryview(wal)
    while pos + FRAME_HEADER + page_size <= len(wal):
        page, commit, f_salt1, f_salt2, f_c1, f_c2 = struct.unpack_from(">6I", wal, pos)
        if page == 0 or (f_salt1, f_salt2) != (salt1, salt2):
            break
        s0, s1 = _checksum(view[pos : pos + 8], order, s0, s1)
        s0, s1 = _checksum(view[pos + FRAME_HEADER : pos + FRAME_HEADER + page_size], order, s0, s1)
        if (s0, s1) != (f_c1, f_c2):
            break
        pending[page] = pos + FRAME_HEADER
        if commit:
            committed.update(pending)
            pending.clear()
            size = commit
        pos += FRAME_HEADER + page_size
    return committed, size


def checkpointed(main: bytes, wal: bytes | None = None) -> bytes:
    """The database as one rollback-journal file: the WAL's committed pages applied, the header unmarked.

    Bytes that are not a WAL-mode database are returned unchanged.
    """
    head = main[:HEADER]
    if not is_wal_mode(head):
        return main
    if len(head) < HEADER:
        raise SourceError("the SQLite database is cut short (no complete header)")
    page_size = _page_size(head)
    if page_size < 512 or page_size & (page_size - 1):
        raise SourceError(f"the SQLite header gives an impossible page size ({page_size})")
    frames, pages = _committed_frames(wal, page_size) if wal else ({}, 0)
    out = bytearray(main)
    if wal and frames:
        size = pages * page_size
        if size > len(main) + len(wal):
            raise SourceError(
                "the SQLite WAL file claims a database larger than the database and WAL files together",
                0,
                "the -wal file does not belong to this database; lint the database without it",
            )
        if len(out) < size:
            out.extend(bytes(size - len(out)))
        del out[size:]
        for page, offset in frames.items():
            if page > pages:
                continue  # written before a later commit shrank the database
            at = (page - 1) * page_size
            out[at : at + page_size] = wal[offset : offset + page_size]
    if is_wal_mode(bytes(out[:20])):  # page 1 from the WAL carries the mark too
        out[18] = out[19] = 1
    return bytes(out)
