"""Bytes to text, with errors a user can act on.

Configuration files arrive from many editors: Windows tools add a UTF-8 BOM
or save as UTF-16, old tools save Windows-1252. Decoding is the first place
a file can fail, so the error says where and what to do about it.
"""

from __future__ import annotations

import codecs

from ..core.document import SourceError

__all__ = ["decode", "encoding_of", "encode_like"]

SNIFF_BYTES = 8192

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SAVE_AS_UTF8 = "re-save the file as UTF-8 (in most editors: 'Save with encoding' or 'Reopen with encoding', then UTF-8)"


def decode(data: bytes) -> str:
    """Decode a configuration file, detecting BOMs and BOM-less UTF-16.

    A leading BOM is dropped, so offsets count characters of the content;
    a U+FEFF later in the file is kept for the parser to report.
    """
    return _decode(data)[0]


def encoding_of(data: bytes) -> tuple[str, bytes]:
    """(codec, BOM) that :func:`decode` read ``data`` with; raises SourceError like it."""
    _, encoding, bom = _decode(data)
    return encoding, bom


def encode_like(text: str, original: bytes) -> bytes:
    """``text`` in the encoding (and with the BOM) of ``original``: a fixed file keeps both."""
    encoding, bom = encoding_of(original)
    return bom + text.encode(encoding)


def _decode(data: bytes) -> tuple[str, str, bytes]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_as(data[len(bom):], encoding, skipped=len(bom)), encoding, bom
    nul = data.find(b"\x00", 0, SNIFF_BYTES)
    if nul == -1:
        return _decode_as(data, "utf-8", skipped=0), "utf-8", b""
    sniffed = _sniff_wide(data[:SNIFF_BYTES])
    if sniffed is not None:
        text = _decode_as(data, sniffed, skipped=0)
        if "\x00" not in text[: SNIFF_BYTES // 2]:
            return text, sniffed, b""
    raise SourceError(
        f"binary file: it contains a NUL byte (at byte {nul}), which text configuration files never do",
        offset=0,
        hint="check that this is the JSON/YAML configuration file and not a binary (database, archive, image)",
    )


def _sniff_wide(sample: bytes) -> str | None:
    """Guess UTF-16/32 without a BOM from where the NUL bytes of ASCII text fall.

    ASCII characters in UTF-16-LE are ``x 00``; in UTF-32-LE ``x 00 00 00``.
    Requiring mostly-NUL high bytes and almost no NUL low bytes keeps binary
    data (NULs everywhere) from being mistaken for text.
    """
    if len(sample) < 4:
        return None
    if len(sample) % 4 == 0:
        for encoding, low, plane, zero in (("utf-32-le", 0, 2, 3), ("utf-32-be", 3, 1, 0)):
            planes = sample[plane::4]
            if not any(sample[zero::4]) and planes.count(0) * 2 >= len(planes) and _mostly_nonzero(sample[low::4]):
                return encoding
    usable = sample[: len(sample) - len(sample) % 2]
    for encoding, low, high in (("utf-16-le", 0, 1), ("utf-16-be", 1, 0)):
        lows, highs = usable[low::2], usable[high::2]
        if _mostly_nonzero(lows) and highs.count(0) * 2 >= len(highs):
            return encoding
    return None


def _mostly_nonzero(part: bytes) -> bool:
    return bool(part) and part.count(0) * 20 <= len(part)


def _decode_as(data: bytes, encoding: str, *, skipped: int) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _decode_error(data, exc, encoding, skipped) from None


def _decode_error(data: bytes, exc: UnicodeDecodeError, encoding: str, skipped: int) -> SourceError:
    """Point at the first undecodable byte, keeping the good prefix for line:column."""
    prefix = data[: exc.start].decode(encoding, errors="replace")
    bad = data[exc.start : max(exc.end, exc.start + 1)]
    shown = " ".join(f"0x{b:02X}" for b in bad)
    noun = "byte" if len(bad) == 1 else "bytes"
    name = encoding.upper().replace("-LE", "").replace("-BE", "")
    message = f"invalid {name} at byte {exc.start + skipped}: {noun} {shown} ({exc.reason})"
    hint = _SAVE_AS_UTF8
    if encoding == "utf-8" and _looks_legacy(data, exc.start, exc.end):
        guess = bad[:1].decode("cp1252", errors="replace")
        hint = (
            f"the file looks like Windows-1252/Latin-1, not UTF-8 (0x{bad[0]:02X} would be {guess!r} there); "
            + _SAVE_AS_UTF8
        )
    return SourceError(message, offset=len(prefix), hint=hint, text=prefix)


def _looks_legacy(data: bytes, start: int, end: int) -> bool:
    """A lone high byte followed by ASCII is how Windows-1252 writes 'é'; UTF-8 never does.

    A cut-off multi-byte sequence (the end of a truncated file) is not.
    """
    if end - start != 1 or data[start] < 0x80:
        return False
    following = data[end : end + 1]
    return (not following or following[0] < 0x80) and data[start:end].decode("cp1252", errors="replace") != "\ufffd"
