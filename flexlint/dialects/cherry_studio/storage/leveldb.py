"""Chromium localStorage, read from the LevelDB files of a Cherry Studio direct backup (format 6).

A format-6 backup is a zip holding Chromium's own ``Local Storage/leveldb/``
folder, copied while the app runs. The settings are the value of
``persist:cherry-studio`` for origin ``file://``. This module reads it from the
files' bytes: nothing is extracted, written or locked, and every size is
bounded, so a hostile zip costs at most the limits below and fails with a
:class:`SourceError`, never another exception.

The LevelDB formats are public (google/leveldb ``doc/log_format.md`` and
``doc/table_format.md``); the reader is written here from those documents
because none of the existing Python readers reads real backups correctly and in
memory: dfindexeddb pins python-snappy 0.6.1, which no longer builds, and crashes
on a torn log; chromium-reader reads only folders on disk; plyvel needs the C
library, a writable copy and writes a LOCK file. Snappy comes from ``cramjam``
(a dependency of flexlint, imported only here). CRC32C is hand-written:
cramjam exposes no function for it, and google-crc32c has no wheels for musl
Linux or Windows on ARM. As pure Python is slow at it (~10 MB/s) and a backup
near Chromium's quota holds 20 MB of log, checksums are verified through
cramjam's Snappy frame codec, which guards its chunks with the same masked
CRC32C (see :func:`checksum_failures`).

What is read, and why merging by sequence number is enough:

* every ``NNNNNN.log`` (write-ahead log) and ``NNNNNN.ldb``/``.sst`` (table)
  present; ``MANIFEST``, ``CURRENT``, ``LOG`` and ``LOCK`` are not needed;
* each entry carries a sequence number that LevelDB never reuses, so the same
  (key, sequence) holds the same value in whichever file it appears, and the
  entry with the highest sequence number is the newest state of a key; a
  deletion entry means no value. A log not yet flushed, a table not yet
  compacted, or an obsolete file still present in the copy therefore cannot
  make the answer stale. (The one case the MANIFEST would decide otherwise: an
  obsolete table that outlived the compaction that dropped a newer deletion of
  the same key. LevelDB deletes such files right after the compaction, and
  Cherry Studio never deletes its settings key.)
* a log is read the way LevelDB recovers it: a record cut short at the end
  (the copy was taken mid-write) is ignored and the previous value stands; a
  record failing its checksum is skipped with the rest of its 32 KiB block;
  both are reported in :attr:`LocalStorage.notes`. A table is complete before
  LevelDB uses it, so a damaged or cut table is an error (its hint says to
  back up again: a copy taken mid-compaction can catch one half-written).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from ....core.document import SourceError
from ....sources.archive import Archive
from ....core.regex import lazy

__all__ = [
    "LEVELDB_DIR",
    "LocalStorage",
    "checksum_failures",
    "crc32c",
    "read_local_storage",
    "read_local_storage_from_archive",
]

LEVELDB_DIR = "Local Storage/leveldb/"

MiB = 1024 * 1024
# Chromium refuses a localStorage origin over 10 MiB (UTF-16: ~5 million
# characters), so real files are far below these limits.
MAX_TOTAL = 128 * MiB  # all .log/.ldb files together, as stored
MAX_VALUE = 16 * MiB  # one stored value (encoding byte + UTF-16LE or Latin-1)
MAX_RECORD = 32 * MiB  # one write batch, reassembled from its log fragments
MAX_BLOCK = 32 * MiB  # one table block, decompressed
MAX_INFLATED = 256 * MiB  # all table blocks, decompressed
MAX_ENTRIES = 250_000  # puts, deletions and index entries, all files
MAX_RECORDS = 250_000  # physical log records, all files (a 4 MiB log of small commits: ~40,000)
MAX_NOTES = 20  # notes kept; the rest are counted

_FILE = lazy(r"(\d{1,20})\.(log|ldb|sst)")
_BLOCK = 32768  # log block size
_HEADER = 7  # log record header: crc32c (4), length (2), type (1)
_FULL, _FIRST, _MIDDLE, _LAST = 1, 2, 3, 4
_TORN, _EMPTY = -1, -2  # pseudo record types: length past the block; zero-filled rest of a block
_CUT = "the last write was cut short (the copy was taken while it was being written); it is ignored and the value before it is used"
_MAGIC = 0xDB4775248B80FB57  # table footer
_FOOTER = 48
_TRAILER = 5  # block trailer: compression type (1), masked crc32c (4)
_HINT = "the backup is damaged or was not written by Chromium; make the backup again"

Buffer = bytes | bytearray | memoryview


@dataclass(frozen=True)
class LocalStorage:
    """``{origin: {key: value}}`` as the page would see it, plus what was skipped on the way."""

    origins: dict[str, dict[str, str]]
    notes: tuple[str, ...] = ()

    def get(self, origin: str, key: str) -> str | None:
        return self.origins.get(origin, {}).get(key)


def _damaged(name: str, what: str, hint: str = _HINT) -> SourceError:
    return SourceError(f"{LEVELDB_DIR}{name}: {what}", 0, hint)


# --- CRC32C ---------------------------------------------------------------
#
# Every log fragment and table block carries a masked CRC32C. Snappy's framing
# format guards each chunk of up to 64 KiB with the very same masked CRC32C,
# and cramjam checks and writes it in native code (~1 GB/s). So a region of one
# chunk at most (every log fragment: 32 KiB at most) is verified by wrapping it,
# with its stored checksum, as an uncompressed chunk of a frame stream that
# cramjam decodes; a longer one (a large table block) by combining the checksums
# that cramjam's frame encoder writes for its chunks, as zlib's crc32_combine
# does. The byte loop below is the reference the tests hold both against, and
# the answer for a long region should cramjam's encoder ever lay its frames out
# differently.

_POLY = 0x82F63B78  # Castagnoli, reflected
_FRAME_START = b"\xff\x06\x00\x00sNaPpY"  # stream identifier chunk
_FRAME_CHUNK = 65536  # most data a chunk may carry
_FRAME_BATCH = 1024 * 1024  # bytes per decode: bounds the copy cramjam makes


@cache
def _crc_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ _POLY if crc & 1 else crc >> 1
        table.append(crc)
    return table


def crc32c(data: Buffer) -> int:
    """CRC32C (Castagnoli) of ``data``, as LevelDB computes it."""
    table = _crc_table()
    crc = 0xFFFFFFFF
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def _unmask(masked: int) -> int:
    """LevelDB stores checksums rotated and offset (so a CRC of data holding CRCs stays strong): undo that."""
    rotated = (masked - 0xA282EAD8) & 0xFFFFFFFF
    return (rotated >> 17 | rotated << 15) & 0xFFFFFFFF


def _cramjam_snappy():
    """cramjam's Snappy module (a dependency; a clear error if the installation lacks it)."""
    try:
        from cramjam import snappy
    except ImportError:
        raise SourceError(
            "reading Chromium's LevelDB files (a Cherry Studio direct backup) needs the 'cramjam' package",
            0,
            "reinstall flexlint, or install it with: pip install cramjam",
        ) from None
    return snappy


def checksum_failures(regions: Sequence[Buffer], stored: Sequence[int]) -> list[int]:
    """Indexes of the regions whose masked CRC32C differs from the stored one."""
    snappy = _cramjam_snappy()
    failed = []
    batch: list[int] = []
    size = 0
    for i, region in enumerate(regions):
        if len(region) > _FRAME_CHUNK:
            crc = _framed_crc(snappy, region)
            if (crc32c(region) if crc is None else crc) != _unmask(stored[i]):
                failed.append(i)
            continue
        batch.append(i)
        size += len(region)
        if size >= _FRAME_BATCH:
            failed += _frame_failures(snappy, regions, stored, batch)
            batch, size = [], 0
    return sorted(failed + _frame_failures(snappy, regions, stored, batch))


def _frame_failures(snappy, regions: Sequence[Buffer], stored: Sequence[int], batch: list[int]) -> list[int]:
    if _frames_hold(snappy, regions, stored, batch):
        return []
    return [i for i in batch if not _frames_hold(snappy, regions, stored, [i])]  # rare: find which


def _frames_hold(snappy, regions: Sequence[Buffer], stored: Sequence[int], batch: list[int]) -> bool:
    if not batch:
        return True
    parts: list[Buffer] = [_FRAME_START]
    for i in batch:
        size = len(regions[i])
        if not 0 < size <= _FRAME_CHUNK:  # a chunk carries 1 to 64 KiB; LevelDB regions never hold 0
            return False
        parts += (b"\x01" + (size + 4).to_bytes(3, "little") + stored[i].to_bytes(4, "little"), regions[i])
    try:
        snappy.decompress(b"".join(parts))
    except Exception:  # a checksum mismatch; cramjam's error classes are not a documented API
        return False
    return True


def _framed_crc(snappy, region: Buffer) -> int | None:
    """CRC32C of a long region, combined from the chunk checksums of cramjam's frame encoder."""
    try:
        stream = memoryview(snappy.compress(region))
    except Exception:
        return None
    pos, left, crc = len(_FRAME_START), len(region), 0
    while pos + 8 <= len(stream) and left > 0:
        kind, length = stream[pos], int.from_bytes(stream[pos + 1 : pos + 4], "little")
        if kind in (0, 1):  # compressed or uncompressed data: 64 KiB of input each, the last one less
            chunk = min(left, _FRAME_CHUNK)
            crc = _advance(crc, chunk) ^ _unmask(int.from_bytes(stream[pos + 4 : pos + 8], "little"))
            left -= chunk
        pos += 4 + length
    return crc if left == 0 and pos == len(stream) else None


@cache
def _zero_powers() -> list[list[int]]:
    """The operator that advances a CRC register over 2**k zero bytes (k = 0..16), as its 32 column images."""
    table = _crc_table()
    step = [table[(1 << bit) & 0xFF] ^ ((1 << bit) >> 8) for bit in range(32)]
    powers = [step]
    for _ in range(16):
        powers.append([_apply(powers[-1], column) for column in powers[-1]])
    return powers


def _apply(operator: list[int], vector: int) -> int:
    out = bit = 0
    while vector:
        if vector & 1:
            out ^= operator[bit]
        vector >>= 1
        bit += 1
    return out


def _advance(crc: int, zeros: int) -> int:
    """The register after ``zeros`` more zero bytes: CRC(A + B) = advance(CRC(A), len(B)) ^ CRC(B)."""
    for k, operator in enumerate(_zero_powers()):
        if zeros >> k & 1:
            crc = _apply(operator, crc)
    return crc


# --- primitives -----------------------------------------------------------


def _varint(name: str, buf: Buffer, pos: int, limit: int, max_bytes: int) -> tuple[int, int]:
    """A little-endian base-128 number; capped at ``max_bytes`` so a run of 0xFF cannot grow it."""
    value = shift = 0
    for _ in range(max_bytes):
        if pos >= limit:
            raise _damaged(name, "a length field is cut short")
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7
    raise _damaged(name, f"a length field runs past {max_bytes} bytes")


def _handle(name: str, buf: Buffer, pos: int, end: int) -> tuple[int, int, int]:
    """A BlockHandle (offset, size) that must lie, with its trailer, before ``end``."""
    offset, pos = _varint(name, buf, pos, len(buf), 10)
    size, pos = _varint(name, buf, pos, len(buf), 10)
    if offset + size + _TRAILER > end:
        raise _damaged(name, f"a block claims {size} bytes at byte {offset}, past the end of the table")
    return offset, size, pos


# --- merging --------------------------------------------------------------


class _Merge:
    """The newest entry per user key, across every file."""

    def __init__(self) -> None:
        self.newest: dict[bytes, tuple[int, int, Buffer | None]] = {}
        self.notes: list[str] = []
        self.entries = self.records = self.inflated = self.noted = 0

    def note(self, text: str) -> None:
        self.noted += 1
        if self.noted <= MAX_NOTES:
            self.notes.append(text)

    def count(self, name: str) -> None:
        self.entries += 1
        if self.entries > MAX_ENTRIES:
            raise _damaged(name, f"more than {MAX_ENTRIES:,} entries: far more than localStorage ever holds")

    def add(self, name: str, key: bytes, sequence: int, kind: int, value: Buffer | None) -> None:
        self.count(name)
        if value is not None and len(value) > MAX_VALUE:
            raise _damaged(
                name,
                f"a value of {len(value) / MiB:.1f} MiB, larger than Chromium lets localStorage hold (10 MiB per origin)",
            )
        old = self.newest.get(key)
        if old is None or sequence > old[0]:
            self.newest[key] = (sequence, kind, value)

    # --- logs ---

    def read_log(self, name: str, data: Buffer) -> None:
        view = memoryview(data)
        size = len(view)
        # Pass 1: the record headers, block by block, as if every checksum held.
        records: list[tuple[int, int, int, int, int]] = []  # block, type, start, end, stored crc
        for block in range(0, size, _BLOCK):
            end = min(block + _BLOCK, size)
            pos = block
            while end - pos >= _HEADER:  # fewer bytes left are the block's trailer
                stored, length, kind = struct.unpack_from("<IHB", view, pos)
                if pos + _HEADER + length > end:
                    records.append((block, _TORN, pos, end, 0))
                    break
                if kind == 0 and length == 0:  # preallocated space: the rest of the block is empty
                    records.append((block, _EMPTY, pos, end, 0))
                    break
                records.append((block, kind, pos + 6, pos + _HEADER + length, stored))
                pos += _HEADER + length
            if self.records + len(records) > MAX_RECORDS:
                raise _damaged(name, f"more than {MAX_RECORDS:,} log records: far more than localStorage ever writes")
        self.records += len(records)
        # Pass 2: every checksum (type byte + payload) at once.
        checked = [r for r in records if r[1] >= 0]
        failed = {checked[i][2] for i in checksum_failures([view[r[2] : r[3]] for r in checked], [r[4] for r in checked])}
        # Pass 3: fragments into write batches, dropping what LevelDB's recovery drops.
        parts: list[Buffer] = []
        held = first = 0  # bytes in parts; where the batch began
        skip_block = -1
        for block, kind, start, end, stored in records:
            good = start not in failed
            if block == skip_block:
                continue
            header = start - 6
            if kind == _EMPTY:
                if parts:
                    self.note(f"{name}: a write at byte {first} is interrupted by empty space; skipped")
            elif kind == _TORN and end == size:
                self.note(f"{name}: {_CUT}")
            elif kind == _TORN:
                self.note(f"{name}: a record at byte {start} claims more than its block holds; its block is skipped")
            elif not good:
                self.note(f"{name}: a record at byte {header} fails its checksum; the rest of its block is skipped")
                skip_block = block
            elif kind == _FULL:
                if held:
                    self.note(f"{name}: a write at byte {first} has no end; skipped")
                parts, held = [], 0
                self.apply_batch(name, header, view[start + 1 : end])
                continue
            elif kind == _FIRST:
                if held:
                    self.note(f"{name}: a write at byte {first} has no end; skipped")
                parts, held, first = [view[start + 1 : end]], end - start - 1, header
                continue
            elif kind in (_MIDDLE, _LAST) and parts:
                parts.append(view[start + 1 : end])
                held += end - start - 1
                if held > MAX_RECORD:
                    raise _damaged(name, f"a write batch of more than {MAX_RECORD // MiB} MiB: larger than localStorage writes")
                if kind == _LAST:
                    self.apply_batch(name, first, b"".join(parts))
                    parts, held = [], 0
                continue
            elif kind in (_MIDDLE, _LAST):
                self.note(f"{name}: a fragment at byte {header} has no start; skipped")
                continue
            else:
                self.note(f"{name}: a record at byte {header} has unknown type {kind}; skipped")
            parts, held = [], 0  # every case above that falls through here drops a write in progress
        if parts:
            self.note(f"{name}: {_CUT}")

    def apply_batch(self, name: str, offset: int, batch: Buffer) -> None:
        """A WriteBatch: sequence (8), count (4), then Put/Delete records numbered from the sequence."""
        size = len(batch)
        if size < 12:
            self.note(f"{name}: a write at byte {offset} is too small to be one; skipped")
            return
        sequence, count = struct.unpack_from("<QI", batch)
        if sequence + count >= 1 << 56:
            raise _damaged(name, f"a write batch at byte {offset} has an impossible sequence number")
        pos, found = 12, 0
        while pos < size:
            kind = batch[pos]
            if kind > 1:
                raise _damaged(name, f"a write batch at byte {offset} holds an entry of unknown kind {kind}")
            length, pos = _varint(name, batch, pos + 1, size, 5)
            if length > size - pos:
                raise _damaged(name, f"a key in the write batch at byte {offset} runs past the batch")
            key = bytes(batch[pos : pos + length])
            pos += length
            value = None
            if kind == 1:
                length, pos = _varint(name, batch, pos, size, 5)
                if length > size - pos:
                    raise _damaged(name, f"a value in the write batch at byte {offset} runs past the batch")
                value = batch[pos : pos + length]
                pos += length
            self.add(name, key, sequence + found, kind, value)
            found += 1
        if found != count:
            raise _damaged(name, f"the write batch at byte {offset} says {count} entries but holds {found}")

    # --- tables ---

    def read_table(self, name: str, data: Buffer) -> None:
        view = memoryview(data)
        end = len(view) - _FOOTER
        cut = "the table may have been copied while it was being written; make the backup again with Cherry Studio closed"
        if end < 0:
            raise _damaged(name, f"{len(view)} bytes, shorter than a table footer", cut)
        if int.from_bytes(view[-8:], "little") != _MAGIC:
            raise _damaged(name, "does not end with LevelDB's table magic number", cut)
        footer = view[end : end + 40]
        _, _, pos = _handle(name, footer, 0, end)  # metaindex: only filters live there
        index = _handle(name, footer, pos, end)[:2]
        handles = []
        for _, value in self.block_entries(name, next(self.blocks(name, view, [index]))):
            self.count(name)
            handles.append(_handle(name, value, 0, end)[:2])
        for block in self.blocks(name, view, handles):
            for key, value in self.block_entries(name, block):
                if len(key) < 8:
                    raise _damaged(name, "a key is shorter than its 8-byte sequence tag")
                tag = int.from_bytes(key[-8:], "little")
                kind = tag & 0xFF
                if kind > 1:
                    raise _damaged(name, f"an entry of unknown kind {kind}")
                self.add(name, key[:-8], tag >> 8, kind, value if kind else None)

    def blocks(self, name: str, view: memoryview, handles: list[tuple[int, int]]) -> Iterator[Buffer]:
        """Checked, decompressed blocks; checksums first, so a damaged table costs no decompression."""
        stored = [view[offset + size : offset + size + _TRAILER] for offset, size in handles]
        regions = [view[offset : offset + size + 1] for offset, size in handles]
        failed = checksum_failures(regions, [int.from_bytes(t[1:], "little") for t in stored])
        if failed:
            raise _damaged(name, f"the block at byte {handles[failed[0]][0]} fails its checksum")
        for (offset, size), trailer in zip(handles, stored):
            contents = view[offset : offset + size]
            if trailer[0] == 0:
                yield contents
            elif trailer[0] == 1:
                yield self.snappy(name, offset, contents)
            else:
                raise _damaged(name, f"the block at byte {offset} uses compression {trailer[0]}; Chromium writes only none (0) and Snappy (1)")

    def snappy(self, name: str, offset: int, contents: memoryview) -> memoryview:
        snappy = _cramjam_snappy()
        try:
            claimed = snappy.decompress_raw_len(contents)
        except Exception:  # cramjam's errors are not part of its documented API
            raise _damaged(name, f"the Snappy block at byte {offset} has no valid length") from None
        if claimed > MAX_BLOCK:
            raise _damaged(name, f"a block claims to inflate to {claimed / MiB:.0f} MiB, more than localStorage ever stores")
        self.inflated += claimed
        if self.inflated > MAX_INFLATED:
            raise _damaged(name, f"the tables inflate to more than {MAX_INFLATED // MiB} MiB, more than localStorage ever stores")
        try:
            return memoryview(snappy.decompress_raw(contents))
        except Exception:
            raise _damaged(name, f"the Snappy block at byte {offset} does not decompress") from None

    def block_entries(self, name: str, block: Buffer) -> Iterator[tuple[bytes, Buffer]]:
        """Entries of a block: keys share a prefix with the previous key; restart points end the entries."""
        size = len(block)
        if size < 4:
            raise _damaged(name, "a block is too small to hold its restart count")
        restarts = int.from_bytes(block[size - 4 :], "little")
        limit = size - 4 - 4 * restarts
        if limit < 0:
            raise _damaged(name, "a block's restart array is larger than the block")
        if restarts == 0:  # LevelDB reads such a block as empty
            return
        key = b""
        pos = 0
        while pos < limit:
            if pos + 3 <= limit and block[pos] | block[pos + 1] | block[pos + 2] < 0x80:
                shared, unshared, length = block[pos], block[pos + 1], block[pos + 2]
                pos += 3
            else:
                shared, pos = _varint(name, block, pos, limit, 5)
                unshared, pos = _varint(name, block, pos, limit, 5)
                length, pos = _varint(name, block, pos, limit, 5)
            if shared > len(key) or unshared + length > limit - pos:
                raise _damaged(name, "a block entry runs past its block")
            key = key[:shared] + bytes(block[pos : pos + unshared])
            pos += unshared
            yield key, block[pos : pos + length]
            pos += length


# --- localStorage ---------------------------------------------------------


def _js_string(raw: Buffer) -> str | None:
    """Chromium's string encoding: 0x01 + Latin-1, or 0x00 + UTF-16LE (lone surrogates kept, as JS has them)."""
    if len(raw) and raw[0] == 1:
        return str(raw[1:], "latin-1")
    if len(raw) % 2 == 1 and raw[0] == 0:
        return str(raw[1:], "utf-16-le", "surrogatepass")
    return None


def read_local_storage(files: Mapping[str, Buffer]) -> LocalStorage:
    """localStorage from the members of ``Local Storage/leveldb/`` (name → bytes); other names are ignored."""
    chosen = []
    for name, data in files.items():
        base = name.rsplit("/", 1)[-1]
        match = _FILE.fullmatch(base)
        if match:
            chosen.append((int(match.group(1)), match.group(2) == "log", base, data))
    if not chosen:
        raise SourceError(
            f"no LevelDB tables or logs in {LEVELDB_DIR}",
            0,
            "the backup's Local Storage folder is empty or missing; make the backup again",
        )
    total = sum(len(data) for *_, data in chosen)
    if total > MAX_TOTAL:
        raise SourceError(
            f"{LEVELDB_DIR} holds {total / MiB:.0f} MiB, more than the {MAX_TOTAL // MiB} MiB flexlint reads",
            0,
            "Chromium keeps localStorage under 10 MiB per origin; check where the backup came from",
        )
    merge = _Merge()
    for _, is_log, base, data in sorted(chosen, key=lambda c: c[:3]):
        if is_log:
            merge.read_log(base, data)
        else:
            merge.read_table(base, data)
    origins: dict[str, dict[str, str]] = {}
    for key, (_, kind, value) in merge.newest.items():
        # Other keys are Chromium's bookkeeping: VERSION, META:<origin>, METAACCESS:<origin>.
        if kind == 0 or value is None or not key.startswith(b"_"):
            continue
        sep = key.find(b"\x00")
        name = _js_string(key[sep + 1 :]) if sep > 0 else None
        text = _js_string(value)
        if name is None or text is None:
            merge.note(f"a localStorage entry with an unknown encoding was skipped ({key[:40]!r})")
            continue
        origins.setdefault(key[1:sep].decode("latin-1"), {})[name] = text
    if merge.noted > MAX_NOTES:
        merge.notes.append(f"... and {merge.noted - MAX_NOTES} more skipped records or entries")
    return LocalStorage(origins, tuple(merge.notes))


def read_local_storage_from_archive(archive: Archive, folder: str = LEVELDB_DIR) -> LocalStorage:
    """localStorage from a backup zip: only the folder's logs and tables are read, each bounded."""
    names = [n for n in archive.names() if n.startswith(folder) and _FILE.fullmatch(n[len(folder) :])]
    total = sum(archive.size(n) for n in names)
    if total > MAX_TOTAL:
        raise SourceError(
            f"{folder} holds {total / MiB:.0f} MiB, more than the {MAX_TOTAL // MiB} MiB flexlint reads",
            0,
            "Chromium keeps localStorage under 10 MiB per origin; check where the backup came from",
        )
    return read_local_storage({n[len(folder) :]: archive.read(n, MAX_TOTAL) for n in names})
