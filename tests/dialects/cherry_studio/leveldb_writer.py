"""A small LevelDB writer for tests: log and table bytes laid out as LevelDB (and so Chromium) writes them.

Written from google/leveldb's doc/log_format.md and doc/table_format.md, independently of the reader
(its own CRC32C, its own block builder), so that a misreading of the format in one is not hidden by
the same misreading in the other. Everything is returned as bytes; nothing touches the disk.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

BLOCK = 32768
HEADER = 7
FULL, FIRST, MIDDLE, LAST = 1, 2, 3, 4
MAGIC = 0xDB4775248B80FB57

_TABLE = []
for _byte in range(256):
    _crc = _byte
    for _ in range(8):
        _crc = (_crc >> 1) ^ (0x82F63B78 & -(_crc & 1))
    _TABLE.append(_crc)


def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def mask(crc: int) -> int:
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def varint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


# --- Chromium localStorage encoding ---


def js(text: str) -> bytes:
    """0x01 + Latin-1 when every character fits, else 0x00 + UTF-16LE (as Chromium stores strings)."""
    try:
        return b"\x01" + text.encode("latin-1")
    except UnicodeEncodeError:
        return b"\x00" + text.encode("utf-16-le", "surrogatepass")


def ls_key(origin: str, key: str) -> bytes:
    return b"_" + origin.encode("ascii") + b"\x00" + js(key)


# --- logs ---


def batch(sequence: int, ops: Iterable[tuple[bytes, bytes | None]], count: int | None = None) -> bytes:
    """A WriteBatch: (key, value) puts, (key, None) deletions, numbered from ``sequence``."""
    body = bytearray()
    n = 0
    for key, value in ops:
        n += 1
        if value is None:
            body += b"\x00" + varint(len(key)) + key
        else:
            body += b"\x01" + varint(len(key)) + key + varint(len(value)) + value
    return struct.pack("<QI", sequence, n if count is None else count) + bytes(body)


def record(kind: int, payload: bytes) -> bytes:
    return struct.pack("<IHB", mask(crc32c(bytes([kind]) + payload)), len(payload), kind) + payload


def log(records: Iterable[bytes]) -> bytes:
    """Records split into FULL/FIRST/MIDDLE/LAST fragments over 32 KiB blocks, trailers zero-filled."""
    out = bytearray()
    for data in records:
        begin = True
        left = len(data)
        pos = 0
        while True:
            room = BLOCK - len(out) % BLOCK
            if room < HEADER:
                out += bytes(room)
                room = BLOCK
            take = min(left, room - HEADER)
            end = take == left
            kind = FULL if begin and end else FIRST if begin else LAST if end else MIDDLE
            out += record(kind, data[pos : pos + take])
            pos += take
            left -= take
            begin = False
            if end:
                break
    return bytes(out)


def fragments(data: bytes) -> list[tuple[int, int, int]]:
    """(header offset, type, length) of each physical record of a log, for tests that damage one."""
    out = []
    pos = 0
    while pos < len(data):
        room = BLOCK - pos % BLOCK
        if room < HEADER:
            pos += room
            continue
        _, length, kind = struct.unpack_from("<IHB", data, pos)
        out.append((pos, kind, length))
        pos += HEADER + length
    return out


# --- tables ---


def internal_key(user_key: bytes, sequence: int, kind: int) -> bytes:
    return user_key + struct.pack("<Q", sequence << 8 | kind)


def block(entries: list[tuple[bytes, bytes]], restart_interval: int = 16) -> bytes:
    out = bytearray()
    restarts = [0]
    last = b""
    for i, (key, value) in enumerate(entries):
        shared = 0
        if i % restart_interval == 0:
            if i:
                restarts.append(len(out))
        else:
            while shared < min(len(last), len(key)) and last[shared] == key[shared]:
                shared += 1
        out += varint(shared) + varint(len(key) - shared) + varint(len(value)) + key[shared:] + value
        last = key
    return bytes(out) + b"".join(struct.pack("<I", r) for r in restarts) + struct.pack("<I", len(restarts))


def table(
    entries: Iterable[tuple[bytes, int, bytes | None]],
    compress: str | None = "leveldb",
    block_size: int = 4096,
) -> bytes:
    """A table of (user key, sequence, value or None for a deletion).

    ``compress``: None stores blocks raw; "always" stores Snappy; "leveldb" keeps Snappy only when it
    saves at least 1/8, as LevelDB does.
    """
    items = sorted(((k, s, v) for k, s, v in entries), key=lambda e: (e[0], -e[1]))
    out = bytearray()

    def emit(contents: bytes) -> bytes:
        kind = 0
        if compress:
            from cramjam import snappy

            packed = bytes(snappy.compress_raw(contents))
            if compress == "always" or len(packed) < len(contents) - len(contents) // 8:
                contents, kind = packed, 1
        handle = varint(len(out)) + varint(len(contents))
        out.extend(contents + bytes([kind]) + struct.pack("<I", mask(crc32c(contents + bytes([kind])))))
        return handle

    index = []
    pending: list[tuple[bytes, bytes]] = []
    size = 0
    for user_key, sequence, value in items:
        key = internal_key(user_key, sequence, 0 if value is None else 1)
        pending.append((key, value or b""))
        size += len(key) + len(value or b"") + 3
        if size >= block_size:
            index.append((key, emit(block(pending))))
            pending, size = [], 0
    if pending:
        index.append((pending[-1][0], emit(block(pending))))
    meta = emit(block([]))
    idx = emit(block(index, restart_interval=1))
    footer = meta + idx
    return bytes(out) + footer + bytes(40 - len(footer)) + struct.pack("<Q", MAGIC)
