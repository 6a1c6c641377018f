"""The in-memory LevelDB / Chromium localStorage reader behind Cherry Studio direct backups (format 6).

One real backup written by Chromium 156, and LevelDB files built here (leveldb_writer.py) for the
situations a copy of a live profile runs into: newer values in logs, deletions, several tables, a
write cut short, a damaged record, both string encodings, both block compressions, and hostile input.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import sys
import time
import zipfile
from functools import cache

import leveldb_writer as W
from write_watch import watched
import pytest
from conftest import CASES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flexlint.dialects.cherry_studio.storage import leveldb as L
from flexlint.dialects.cherry_studio.storage.leveldb import (
    LocalStorage,
    crc32c,
    read_local_storage,
    read_local_storage_from_archive,
)
from flexlint.core.document import SourceError
from flexlint.sources.archive import Archive

CASE = CASES / "cherry-studio" / "format6"
ZIP = CASE / "backup-v1.9.12-direct.zip"
EXPECTED = json.loads((CASE / "backup-v1.9.12-direct.expected.json").read_text())
ORIGIN = "file://"
PERSIST = "persist:cherry-studio"
KEY = W.ls_key(ORIGIN, PERSIST)
THEME = W.ls_key(ORIGIN, "cherry-studio:theme")


@cache
def real_files() -> dict[str, bytes]:
    """The backup's Local Storage/leveldb members, read with zipfile (not with the code under test)."""
    with zipfile.ZipFile(ZIP) as zf:
        return {
            n.rsplit("/", 1)[-1]: zf.read(n)
            for n in zf.namelist()
            if n.startswith("Local Storage/leveldb/") and not n.endswith("/")
        }


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def state(rev: int, size: int = 3000) -> str:
    """A small stand-in for the redux-persist string, UTF-16 like the real one (Chinese text, emoji)."""
    body = ("配置 🍒 flex " * (size // 11 + 1))[:size]
    inner = json.dumps({"note": body}, ensure_ascii=False)
    return json.dumps({"llm": inner, "_persist": '{"version":208}', "rev": f"(edit {rev})"}, ensure_ascii=False)


def put(key: bytes, text: str) -> tuple[bytes, bytes]:
    return key, W.js(text)


# --- the real backup -------------------------------------------------------------------------------


def test_real_backup_newest_value_and_other_keys():
    with Archive(ZIP) as archive:
        storage = read_local_storage_from_archive(archive)
    value = storage.get(EXPECTED["origin"], EXPECTED["key"])
    assert value is not None and sha(value) == EXPECTED["sha256_utf8"]
    assert EXPECTED["rev_marker"] in value
    others = {k: v for k, v in storage.origins[EXPECTED["origin"]].items() if k != EXPECTED["key"]}
    assert others == EXPECTED["other_keys"]
    assert list(storage.origins) == [EXPECTED["origin"]]
    assert storage.notes == ()
    # The settings are the two-layer redux-persist JSON of store version 208.
    outer = json.loads(value)
    assert json.loads(outer["_persist"])["version"] == 208


def test_real_backup_from_a_mapping_matches_the_archive_reader():
    with Archive(ZIP) as archive:
        from_archive = read_local_storage_from_archive(archive)
    assert read_local_storage(real_files()) == from_archive


def test_real_backup_older_files_hold_older_revisions():
    """Without the newest log the previous revision (edit 5, in 000017.log) is the answer, and so on down."""
    files = dict(real_files())
    del files["000018.log"]
    assert "(edit 5)" in read_local_storage(files).get(ORIGIN, PERSIST)
    del files["000017.log"]
    assert "(edit 4)" in read_local_storage(files).get(ORIGIN, PERSIST)
    del files["000016.ldb"]
    assert "(edit 3)" in read_local_storage(files).get(ORIGIN, PERSIST)


def test_real_backup_with_the_newest_write_cut_short_keeps_the_previous_value():
    """A copy taken mid-write (the generator's 'torn' fixture: the newest log lost its last 1000 bytes)."""
    files = dict(real_files())
    files["000018.log"] = files["000018.log"][:-1000]
    storage = read_local_storage(files)
    value = storage.get(ORIGIN, PERSIST)
    assert "(edit 5)" in value and "(edit 6)" not in value
    assert storage.get(ORIGIN, "cherry-studio:theme") == "light"
    assert any("000018.log" in n and "cut short" in n for n in storage.notes)


def test_real_backup_with_a_damaged_record_skips_it():
    files = dict(real_files())
    log = bytearray(files["000018.log"])
    log[5000] ^= 0x40  # inside the first fragment of the newest write
    files["000018.log"] = bytes(log)
    storage = read_local_storage(files)
    assert "(edit 5)" in storage.get(ORIGIN, PERSIST)
    assert any("000018.log" in n and "checksum" in n for n in storage.notes)
    assert any("000018.log" in n and "no start" in n for n in storage.notes)


# --- newest wins, deletions ------------------------------------------------------------------------


def test_newer_sequence_in_a_log_beats_an_older_table():
    files = {
        "000005.ldb": W.table([(KEY, 10, W.js(state(1))), (THEME, 11, W.js("dark"))]),
        "000007.log": W.log([W.batch(12, [put(KEY, state(2))])]),
    }
    storage = read_local_storage(files)
    assert storage.get(ORIGIN, PERSIST) == state(2)
    assert storage.get(ORIGIN, "cherry-studio:theme") == "dark"


def test_newer_sequence_in_a_table_beats_an_older_log():
    """File kinds and numbers do not decide: only sequence numbers do (a stale log can outlive its flush)."""
    files = {
        "000009.log": W.log([W.batch(3, [put(KEY, state(1))])]),
        "000004.ldb": W.table([(KEY, 8, W.js(state(2)))]),
    }
    assert read_local_storage(files).get(ORIGIN, PERSIST) == state(2)


def test_deletion_in_a_log_removes_the_value_of_a_table():
    files = {
        "000005.ldb": W.table([(KEY, 10, W.js(state(1))), (THEME, 11, W.js("dark"))]),
        "000007.log": W.log([W.batch(12, [(THEME, None)])]),
    }
    storage = read_local_storage(files)
    assert storage.origins == {ORIGIN: {PERSIST: state(1)}}


def test_deletion_in_a_table_and_a_later_put_again():
    files = {
        "000003.ldb": W.table([(THEME, 2, W.js("dark")), (KEY, 3, W.js(state(1)))]),
        "000006.ldb": W.table([(THEME, 5, None), (KEY, 6, None)]),
        "000008.log": W.log([W.batch(7, [put(THEME, "light")])]),
    }
    assert read_local_storage(files).origins == {ORIGIN: {"cherry-studio:theme": "light"}}
    del files["000008.log"]
    assert read_local_storage(files).origins == {}


def test_a_batch_numbers_its_entries_from_its_sequence():
    """Two puts of one key in one batch: the second has the higher sequence and wins."""
    files = {
        "000002.log": W.log([W.batch(20, [put(THEME, "a"), put(THEME, "b")])]),
        "000001.ldb": W.table([(THEME, 20, W.js("older"))]),
    }
    assert read_local_storage(files).get(ORIGIN, "cherry-studio:theme") == "b"


def test_several_tables_at_several_levels_with_many_blocks():
    """Like a compacted profile: a level-1 table, newer level-0 tables, many small blocks, restarts."""
    keys = [W.ls_key(ORIGIN, f"key-{i:03d}") for i in range(120)]
    level1 = W.table([(k, 10 + i, W.js(f"old {i}")) for i, k in enumerate(keys)], block_size=256)
    level0a = W.table([(k, 500 + i, W.js(f"mid {i}")) for i, k in enumerate(keys) if i % 3 == 0], block_size=256)
    level0b = W.table(
        [(k, 900 + i, W.js(f"new {i} é")) for i, k in enumerate(keys) if i % 5 == 0]
        + [(k, 899, None) for i, k in enumerate(keys) if i % 7 == 1],
        block_size=128,
    )
    files = {"000021.ldb": level0b, "000014.ldb": level1, "000019.ldb": level0a}
    got = read_local_storage(files).origins[ORIGIN]
    for i in range(120):
        expected = (
            f"new {i} é" if i % 5 == 0 else None if i % 7 == 1 else f"mid {i}" if i % 3 == 0 else f"old {i}"
        )
        assert got.get(f"key-{i:03d}") == expected, i


def test_chromium_bookkeeping_keys_are_not_entries_and_origins_stay_apart():
    files = {
        "000003.log": W.log(
            [
                W.batch(
                    1,
                    [
                        (b"VERSION", b"1"),
                        (b"META:file://", b"\x08\x80\x01\x10\x05"),
                        (b"METAACCESS:file://", b"\x08\x01"),
                        put(THEME, "dark"),
                        put(W.ls_key("https://example.com", "cherry-studio:theme"), "light"),
                    ],
                )
            ]
        )
    }
    assert read_local_storage(files).origins == {
        ORIGIN: {"cherry-studio:theme": "dark"},
        "https://example.com": {"cherry-studio:theme": "light"},
    }


# --- encodings ---------------------------------------------------------------------------------------


def test_latin1_key_and_value():
    key = W.ls_key(ORIGIN, "clé ÿ")
    assert key.endswith(b"\x01cl\xe9 \xff")
    files = {"000001.log": W.log([W.batch(1, [(key, b"\x01caf\xe9 \xa0 \xff")])])}
    assert read_local_storage(files).origins == {ORIGIN: {"clé ÿ": "café \xa0 ÿ"}}


def test_utf16_key_and_value_with_emoji_chinese_and_a_lone_surrogate():
    value = "服务层级 flex 🍒🐢 \ud800 end"  # JS strings may hold lone surrogates; they are kept
    key = W.ls_key(ORIGIN, "键🔑")
    assert key.endswith(b"\x00" + "键🔑".encode("utf-16-le"))
    files = {"000001.ldb": W.table([(key, 4, W.js(value))])}
    assert read_local_storage(files).origins == {ORIGIN: {"键🔑": value}}


def test_an_entry_of_unknown_encoding_is_skipped_and_noted():
    files = {
        "000001.log": W.log(
            [W.batch(1, [(THEME, b"\x07dark"), (W.ls_key(ORIGIN, "odd"), b"\x00abc"), put(KEY, "ok")])]
        )
    }
    storage = read_local_storage(files)
    assert storage.origins == {ORIGIN: {PERSIST: "ok"}}
    assert len([n for n in storage.notes if "unknown encoding" in n]) == 2


# --- compression ---------------------------------------------------------------------------------


def test_snappy_and_raw_blocks_read_the_same():
    entries = [(KEY, 7, W.js(state(3, 20000))), (THEME, 8, W.js("dark"))]
    snappy, raw = W.table(entries, compress="always"), W.table(entries, compress=None)
    assert len(snappy) < len(raw) // 2  # really compressed
    assert read_local_storage({"000001.ldb": snappy}) == read_local_storage({"000001.ldb": raw})
    assert read_local_storage({"000001.ldb": snappy}).get(ORIGIN, PERSIST) == state(3, 20000)


def test_a_table_mixing_snappy_and_raw_blocks():
    """LevelDB keeps Snappy only where it saves 1/8: random Latin-1 text stays raw, JSON compresses."""
    rnd = os.urandom(6000).decode("latin-1")
    entries = [(W.ls_key(ORIGIN, "a-random"), 1, W.js(rnd)), (W.ls_key(ORIGIN, "b-state"), 2, W.js(state(1, 6000)))]
    data = W.table(entries, compress="leveldb", block_size=1024)
    kinds = _block_kinds(data)
    assert 0 in kinds and 1 in kinds
    assert read_local_storage({"000002.ldb": data}).origins[ORIGIN] == {"a-random": rnd, "b-state": state(1, 6000)}


def _uvarint(buf: bytes, pos: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        n |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return n, pos


def _block_kinds(data: bytes) -> set[int]:
    """Compression types of the data blocks, found through the footer and the index block."""
    from cramjam import snappy

    footer = data[-48:]
    _, pos = _uvarint(footer, 0)
    _, pos = _uvarint(footer, pos)
    offset, pos = _uvarint(footer, pos)
    size, pos = _uvarint(footer, pos)
    index = data[offset : offset + size]
    if data[offset + size] == 1:
        index = bytes(snappy.decompress_raw(index))
    count = struct.unpack_from("<I", index, len(index) - 4)[0]
    limit, pos, kinds = len(index) - 4 - 4 * count, 0, set()
    while pos < limit:  # the index block has a restart at every entry: no shared prefixes
        _, pos = _uvarint(index, pos)
        unshared, pos = _uvarint(index, pos)
        length, pos = _uvarint(index, pos)
        pos += unshared
        block_offset, at = _uvarint(index, pos)
        block_size, _ = _uvarint(index, at)
        pos += length
        kinds.add(data[block_offset + block_size])
    return kinds


# --- logs as LevelDB recovers them -----------------------------------------------------------------


def _torn_log() -> tuple[bytes, list[bytes]]:
    records = [
        W.batch(1, [put(THEME, "light")]),
        W.batch(2, [put(KEY, state(1, 30000))]),  # ~60 KB: FIRST, MIDDLE, LAST
        W.batch(3, [put(KEY, state(2, 40000))]),  # the write in progress
    ]
    return W.log(records), records


@pytest.mark.parametrize("where", ["inside the last header", "inside the first fragment", "after a block", "mid middle"])
def test_a_write_cut_short_at_the_end_is_ignored_and_the_previous_value_kept(where):
    log, _ = _torn_log()
    frags = W.fragments(log)
    last_first = [f for f in frags if f[1] == W.FIRST][-1]
    start = last_first[0]
    cut = {
        "inside the last header": start + 3,
        "inside the first fragment": start + W.HEADER + 100,
        "after a block": (start // W.BLOCK + 1) * W.BLOCK,
        "mid middle": (start // W.BLOCK + 1) * W.BLOCK + 2000,
    }[where]
    storage = read_local_storage({"000004.log": log[:cut]})
    assert storage.get(ORIGIN, PERSIST) == state(1, 30000)
    assert storage.get(ORIGIN, "cherry-studio:theme") == "light"
    if where != "inside the last header":  # a torn header is plain end of file to LevelDB too
        assert any("cut short" in n for n in storage.notes)
    # Uncut, the newest write wins.
    assert read_local_storage({"000004.log": log}).get(ORIGIN, PERSIST) == state(2, 40000)


def test_a_bad_checksum_skips_the_record_and_the_rest_of_its_block_only():
    big = state(9, 35000)  # ~70 KB: FIRST in block 0, MIDDLE in block 1, LAST in block 2
    records = [
        W.batch(1, [put(W.ls_key(ORIGIN, "a"), "A")]),
        W.batch(2, [put(W.ls_key(ORIGIN, "b"), "B")]),
        W.batch(3, [put(W.ls_key(ORIGIN, "c"), "C")]),
        W.batch(4, [put(W.ls_key(ORIGIN, "d"), big)]),
        W.batch(5, [put(W.ls_key(ORIGIN, "e"), "E")]),
    ]
    log = W.log(records)
    frags = W.fragments(log)
    assert [k for _, k, _ in frags] == [W.FULL, W.FULL, W.FULL, W.FIRST, W.MIDDLE, W.LAST, W.FULL]
    assert read_local_storage({"000001.log": log}).origins[ORIGIN] == {"a": "A", "b": "B", "c": "C", "d": big, "e": "E"}

    damaged = bytearray(log)
    damaged[frags[1][0] + W.HEADER + 3] ^= 1  # record b's payload
    storage = read_local_storage({"000001.log": bytes(damaged)})
    # b fails; c and the start of d share its block and are dropped with it; d's tail has no start.
    assert storage.origins[ORIGIN] == {"a": "A", "e": "E"}
    assert any("checksum" in n for n in storage.notes) and any("no start" in n for n in storage.notes)

    damaged = bytearray(log)
    damaged[frags[4][0] + W.HEADER + 100] ^= 1  # d's MIDDLE fragment
    storage = read_local_storage({"000001.log": bytes(damaged)})
    assert storage.origins[ORIGIN] == {"a": "A", "b": "B", "c": "C", "e": "E"}

    damaged = bytearray(log)
    damaged[frags[1][0]] ^= 1  # b's stored checksum itself
    assert read_local_storage({"000001.log": bytes(damaged)}).origins[ORIGIN] == {"a": "A", "e": "E"}


def test_zero_filled_tail_of_a_block_and_a_log_of_zeros():
    log = W.log([W.batch(1, [put(THEME, "dark")])])
    padded = log + bytes(W.BLOCK - len(log)) + W.log([W.batch(2, [put(KEY, "x")])])
    assert read_local_storage({"000001.log": padded}).origins[ORIGIN] == {"cherry-studio:theme": "dark", PERSIST: "x"}
    assert read_local_storage({"000001.log": padded}).notes == ()
    assert read_local_storage({"000001.log": bytes(3 * W.BLOCK)}) == LocalStorage({})
    # Zeros in the middle of a fragmented write end it (LevelDB's recovery drops it), not the log.
    big = W.log([W.batch(1, [put(KEY, state(1, 20000))])])
    zeroed = big[: W.BLOCK] + bytes(W.BLOCK) + W.log([W.batch(5, [put(THEME, "z")])])
    storage = read_local_storage({"000001.log": zeroed})
    assert storage.origins == {ORIGIN: {"cherry-studio:theme": "z"}}
    assert any("empty space" in n for n in storage.notes)


def test_an_empty_first_fragment_before_a_block_boundary():
    """Seven bytes left in a block: the writer emits an empty FIRST there (log_format.md)."""
    size = W.BLOCK - 2 * W.HEADER  # the first record leaves exactly seven bytes in block 0
    filler = next(b for n in range(size - 60, size) if len(b := W.batch(1, [put(THEME, "d" * n)])) == size)
    log = W.log([filler, W.batch(2, [put(KEY, "after")])])
    assert [k for _, k, _ in W.fragments(log)][:3] == [W.FULL, W.FIRST, W.LAST]
    assert W.fragments(log)[1][2] == 0
    assert read_local_storage({"000001.log": log}).get(ORIGIN, PERSIST) == "after"


# --- CRC32C ------------------------------------------------------------------------------------------


def test_checksum_failures_find_exactly_the_damaged_regions():
    import random

    rnd = random.Random(5)
    regions = [os.urandom(n) for n in (1, 7, 300, 32768, 65536, 65537, 70000, 200001)] * 3
    stored = [W.mask(W.crc32c(r)) for r in regions]
    damaged = sorted(rnd.sample(range(len(regions)), 7))
    for i in damaged[:4]:
        stored[i] ^= 1 << rnd.randrange(32)
    for i in damaged[4:]:
        region = bytearray(regions[i])
        region[rnd.randrange(len(region))] ^= 0x10
        regions[i] = bytes(region)
    assert L.checksum_failures(regions, stored) == damaged


def test_crc32c_known_answers():
    assert crc32c(b"123456789") == 0xE3069283  # the CRC-32C check value
    assert crc32c(b"") == 0
    assert crc32c(bytes(32)) == 0x8A9136AA  # RFC 3720 B.4 test vectors
    assert crc32c(b"\xff" * 32) == 0x62A8AB43
    data = os.urandom(1000)
    assert crc32c(memoryview(data)) == W.crc32c(data)


def test_long_regions_combine_the_chunk_checksums_of_the_frame_encoder():
    from cramjam import snappy

    for size in (65537, 131072, 200001, 1 << 20):
        for data in (os.urandom(size), bytes(size)):
            assert L._framed_crc(snappy, data) == W.crc32c(data), size


# --- hostile input -----------------------------------------------------------------------------------


def quick_error(files, *words: str) -> SourceError:
    start = time.perf_counter()
    with pytest.raises(SourceError) as info:
        read_local_storage(files)
    assert time.perf_counter() - start < 2
    message = str(info.value)
    for word in words:
        assert word in message, message
    assert info.value.hint
    return info.value


def _good_table() -> bytes:
    return W.table([(KEY, 5, W.js(state(1))), (THEME, 6, W.js("dark"))], compress="always")


def _reblock(contents: bytes, kind: int = 1) -> bytes:
    """A table whose only data block is ``contents`` (type ``kind``), with valid checksums."""
    out = bytearray()

    def emit(c: bytes, k: int) -> bytes:
        handle = W.varint(len(out)) + W.varint(len(c))
        out.extend(c + bytes([k]) + struct.pack("<I", W.mask(W.crc32c(c + bytes([k])))))
        return handle

    data = emit(contents, kind)
    meta = emit(W.block([]), 0)
    idx = emit(W.block([(W.internal_key(KEY, 9, 1), data)], restart_interval=1), 0)
    footer = meta + idx
    return bytes(out) + footer + bytes(40 - len(footer)) + struct.pack("<Q", W.MAGIC)


def test_table_cut_short_or_without_magic():
    table = _good_table()
    quick_error({"000001.ldb": table[:-10]}, "000001.ldb", "magic")
    quick_error({"000001.ldb": table[:30]}, "shorter than a table footer")
    quick_error({"000001.ldb": b""}, "shorter")


def test_table_with_huge_claimed_block_sizes():
    table = bytearray(_good_table())
    footer = W.varint(0) + W.varint(1 << 40) + W.varint(0) + W.varint(1 << 62)
    table[-48:] = footer + bytes(40 - len(footer)) + struct.pack("<Q", W.MAGIC)
    quick_error({"000001.ldb": bytes(table)}, "past the end of the table")


def test_varint_bomb():
    table = bytearray(_good_table())
    table[-48:-8] = b"\xff" * 40
    quick_error({"000001.ldb": bytes(table)}, "length field")
    log = W.log([W.batch(1, []) + b"\x01" + b"\xff" * 30])
    quick_error({"000001.log": log}, "length field")


def test_snappy_block_claiming_a_gigabyte():
    quick_error({"000001.ldb": _reblock(W.varint(1 << 30) + b"\x00" * 20)}, "inflate")


def test_snappy_block_that_does_not_decompress():
    quick_error({"000001.ldb": _reblock(W.varint(100) + b"\xff\xff\xff")}, "Snappy")


@pytest.mark.parametrize("compress", ["always", None], ids=["snappy", "raw"])
def test_unknown_compression_and_bad_block_checksum(compress):
    quick_error({"000001.ldb": _reblock(W.block([(W.internal_key(KEY, 1, 1), b"\x01x")]), kind=4)}, "compression")
    table = bytearray(W.table([(KEY, 5, W.js(state(1)))], compress=compress))
    table[10] ^= 0xFF
    quick_error({"000001.ldb": bytes(table)}, "checksum")
    # a block longer than one Snappy frame chunk (64 KiB)
    big = W.table([(KEY, 5, W.js(state(1, 50000)))], compress=None)
    assert read_local_storage({"000001.ldb": big}).get(ORIGIN, PERSIST) == state(1, 50000)
    big = bytearray(big)
    big[70000] ^= 0x01
    quick_error({"000001.ldb": bytes(big)}, "checksum")


def test_malformed_blocks():
    quick_error({"000001.ldb": _reblock(b"\x00\x00", kind=0)}, "too small")
    quick_error({"000001.ldb": _reblock(struct.pack("<I", 1 << 20), kind=0)}, "restart array")
    # shared prefix longer than the previous key
    entry = W.varint(5) + W.varint(9) + W.varint(1) + W.internal_key(b"_x", 1, 1)[:9] + b"v"
    quick_error({"000001.ldb": _reblock(entry + struct.pack("<II", 0, 1), kind=0)}, "runs past")
    # key without its 8-byte tag, and an entry of unknown kind
    quick_error({"000001.ldb": _reblock(W.block([(b"short", b"v")]), kind=0)}, "sequence tag")
    quick_error({"000001.ldb": _reblock(W.block([(W.internal_key(KEY, 1, 7), b"v")]), kind=0)}, "unknown kind")


def test_malformed_write_batches_with_valid_checksums():
    quick_error({"000001.log": W.log([W.batch(1, [put(THEME, "x")], count=3)])}, "says 3 entries")
    quick_error({"000001.log": W.log([W.batch(1, []) + b"\x05"])}, "unknown kind")
    quick_error({"000001.log": W.log([W.batch(1, []) + b"\x01\x20ab"])}, "runs past")
    quick_error({"000001.log": W.log([W.batch((1 << 56) - 1, [put(THEME, "x"), put(THEME, "y")])])}, "sequence")


def test_a_record_too_small_for_a_batch_is_skipped_like_leveldb():
    storage = read_local_storage({"000001.log": W.log([b"tiny", W.batch(2, [put(THEME, "ok")])])})
    assert storage.get(ORIGIN, "cherry-studio:theme") == "ok"
    assert any("too small" in n for n in storage.notes)


def test_notes_are_capped():
    storage = read_local_storage({"000001.log": W.log([b"tiny"] * 500 + [W.batch(2, [put(THEME, "ok")])])})
    assert storage.get(ORIGIN, "cherry-studio:theme") == "ok"
    assert len(storage.notes) == L.MAX_NOTES + 1
    assert storage.notes[-1] == f"... and {500 - L.MAX_NOTES} more skipped records or entries"


@pytest.mark.parametrize(
    "limit, value, files_words",
    [
        ("MAX_TOTAL", 1000, "more than the"),
        ("MAX_VALUE", 1000, "larger than Chromium lets"),
        ("MAX_RECORD", 40000, "write batch of more than"),
        ("MAX_ENTRIES", 2, "more than 2 entries"),
        ("MAX_RECORDS", 2, "more than 2 log records"),
        ("MAX_BLOCK", 1000, "inflate"),
        ("MAX_INFLATED", 1000, "inflate"),
    ],
)
def test_every_limit_is_enforced(monkeypatch, limit, value, files_words):
    monkeypatch.setattr(L, limit, value)
    files = {
        "000001.ldb": W.table([(KEY, 1, W.js(state(1, 3000)))], compress="always"),
        "000002.log": W.log([W.batch(2, [put(THEME, "x")]), W.batch(3, [put(KEY, state(2, 30000))])]),
    }
    quick_error(files, files_words)


@pytest.mark.parametrize("name", ["000001.ldb", "000002.log"])
def test_an_installation_without_cramjam_gets_a_clear_error(monkeypatch, name):
    files = {"000001.ldb": _good_table(), "000002.log": W.log([W.batch(9, [put(THEME, "dark")])])}
    monkeypatch.setitem(sys.modules, "cramjam", None)
    error = quick_error({name: files[name]}, "cramjam")
    assert "pip install cramjam" in error.hint


def test_no_leveldb_files():
    quick_error({"LOG": b"", "CURRENT": b"MANIFEST-000001\n"}, "no LevelDB tables or logs")


# --- the archive helper ----------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_archive_helper_reads_only_the_leveldb_folder():
    data = _zip(
        {
            "metadata.json": b'{"version": 6}',
            "Local Storage/leveldb/000003.log": W.log([W.batch(4, [put(THEME, "dark")])]),
            "Local Storage/leveldb/LOG": b"not leveldb",
            "Local Storage/leveldb/MANIFEST-000001": b"\xff" * 100,
            "IndexedDB/file__0.indexeddb.leveldb/000003.log": W.log([W.batch(9, [put(THEME, "wrong")])]),
        }
    )
    with Archive(data) as archive:
        storage = read_local_storage_from_archive(archive)
    assert storage == LocalStorage({ORIGIN: {"cherry-studio:theme": "dark"}})
    with Archive(_zip({"metadata.json": b"{}"})) as archive, pytest.raises(SourceError, match="no LevelDB"):
        read_local_storage_from_archive(archive)


def test_archive_helper_refuses_too_much_before_inflating(monkeypatch):
    monkeypatch.setattr(L, "MAX_TOTAL", 100)
    data = _zip({"Local Storage/leveldb/000003.log": bytes(5000)})
    with Archive(data) as archive, pytest.raises(SourceError, match="more than the"):
        read_local_storage_from_archive(archive)


# --- never a traceback ------------------------------------------------------------------------------


def _synthetic_files() -> dict[str, bytes]:
    return {
        "000003.ldb": W.table(
            [(W.ls_key(ORIGIN, f"k{i}"), i + 1, W.js(f"value {i} 值")) for i in range(40)] + [(KEY, 50, W.js(state(1)))],
            block_size=512,
        ),
        "000005.log": W.log(
            [W.batch(60, [put(THEME, "dark"), (W.ls_key(ORIGIN, "k3"), None)]), W.batch(62, [put(KEY, state(2, 20000))])]
        ),
    }


@cache
def _seeds() -> tuple[tuple[str, bytes], ...]:
    real = real_files()
    return tuple(_synthetic_files().items()) + (
        ("000016.ldb", real["000016.ldb"]),
        ("000018.log", real["000018.log"][: 3 * W.BLOCK]),
    )


def _damage(draw, data: bytearray, most: int, last) -> bytearray:
    """One to four random flips, deletions (up to ``most`` bytes), insertions, cuts, or ``last(draw, data, at)``."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "last"]))
        if action == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, most))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=min(most, 16)))
        elif action == "truncate":
            del data[at:]
        elif action == "last":
            last(draw, data, at)
    return data


def _damage_the_tail(draw, data: bytearray, at: int) -> None:
    """The footer or the last record, where sizes and handles live."""
    pos = max(len(data) - draw(st.integers(1, 48)), 0)
    if pos < len(data):
        data[pos] = draw(st.integers(0, 255))


@st.composite
def mutated(draw):
    name, data = draw(st.sampled_from(_seeds()))
    return name, bytes(_damage(draw, bytearray(data), 64, _damage_the_tail))


def _never_a_traceback(files):
    start = time.perf_counter()
    try:
        result = read_local_storage(files)
    except SourceError as exc:
        assert str(exc) and exc.hint
    else:
        assert isinstance(result, LocalStorage)
    assert time.perf_counter() - start < 3


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_real_and_synthetic_files_raise_only_source_error(case):
    name, data = case
    _never_a_traceback({name: data})


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["000001.log", "000001.ldb"]), st.binary(max_size=4000))
def test_random_bytes_raise_only_source_error(name, data):
    _never_a_traceback({name: data})


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=40, max_size=40))
def test_random_table_footers_raise_only_source_error(footer):
    table = _good_table()
    _never_a_traceback({"000001.ldb": table[:-48] + footer + struct.pack("<Q", W.MAGIC)})


_BLOCK_SEED = W.block([(W.internal_key(KEY, 5, 1), W.js(state(1, 300))), (W.internal_key(THEME, 6, 0), b"")])
_BATCH_SEED = W.batch(3, [put(THEME, "x"), (KEY, None), put(KEY, "y" * 40)])


@st.composite
def resealed(draw):
    """Damaged block or batch contents behind valid checksums: what the parsers see past the CRC check."""
    seed = draw(st.sampled_from([_BLOCK_SEED, _BATCH_SEED]))

    def varint_bomb(draw, data: bytearray, at: int) -> None:
        data[at : at + 6] = b"\xff" * 5 + b"\x7f"

    data = _damage(draw, bytearray(seed), 8, varint_bomb)
    if seed is _BATCH_SEED:
        return {"000001.log": W.log([bytes(data), _BATCH_SEED])}
    if draw(st.booleans()):
        from cramjam import snappy

        return {"000001.ldb": _reblock(bytes(snappy.compress_raw(bytes(data))), 1)}
    return {"000001.ldb": _reblock(bytes(data), 0)}


@settings(max_examples=300, deadline=None)
@given(resealed())
def test_malformed_contents_behind_valid_checksums_raise_only_source_error(files):
    _never_a_traceback(files)


# --- nothing is written ------------------------------------------------------------------------------

READ = """
from pathlib import Path
from flexlint.sources.archive import Archive
from flexlint.dialects.cherry_studio.storage.leveldb import read_local_storage_from_archive
with Archive(Path(sys.argv[1])) as archive:
    storage = read_local_storage_from_archive(archive)
print(len(storage.get("file://", "persist:cherry-studio")))
"""


def test_reading_the_real_backup_writes_nothing(tmp_path):
    # The audit hook sees every write of the child; the listings check the places an extracting
    # reader would use: its working directory and temp dir (both tmp_path) and the backup's folder.
    places = [tmp_path, ZIP.parent]
    before = [sorted(os.listdir(d)) for d in places]
    output, writes = watched(READ, str(ZIP), cwd=tmp_path)
    assert output == ["2193589"] and writes == []
    assert [sorted(os.listdir(d)) for d in places] == before
