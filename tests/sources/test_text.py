"""Decoding configuration files: encodings, BOMs, binary and broken UTF-8."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flexlint.core.document import Document, SourceError
from flexlint.sources.text import decode


def test_plain_utf8() -> None:
    assert decode('{"model": "gpt-4o", "note": "café 中文 😀"}'.encode()) == '{"model": "gpt-4o", "note": "café 中文 😀"}'


def test_empty() -> None:
    assert decode(b"") == ""


def test_utf8_bom_is_stripped() -> None:
    assert decode(codecs.BOM_UTF8 + b'{"a": 1}') == '{"a": 1}'


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_wide_encodings_with_bom(encoding: str) -> None:
    text = '{"model": "gpt-4o", "é": "中文 😀"}\r\n'
    data = text.encode(encoding)
    if not encoding.endswith(("le", "be")):
        assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE))
    else:
        bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(
            encoding, codecs.BOM_UTF32_LE if encoding.endswith("le") else codecs.BOM_UTF32_BE
        )
        data = bom + data
    assert decode(data) == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_encodings_without_bom(encoding: str) -> None:
    text = 'model: gpt-4o\nservice_tier: flex\nnote: "café"\n'
    assert decode(text.encode(encoding)) == text


def test_bom_in_the_middle_is_kept() -> None:
    assert decode(b'{"a": 1}\n' + codecs.BOM_UTF8 + b'{"b": 2}') == '{"a": 1}\n\ufeff{"b": 2}'


def test_binary_file() -> None:
    data = bytes(range(256)) * 4
    with pytest.raises(SourceError) as info:
        decode(data)
    assert info.value.message.startswith("binary file")
    assert info.value.offset == 0
    assert info.value.hint


def test_binary_png_header() -> None:
    with pytest.raises(SourceError, match="binary file"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00")


def test_invalid_utf8_points_at_the_byte() -> None:
    good = '{\n  "name": "中文",\n  "x": "caf'
    data = good.encode() + b"\xe9" + b'"\n}\n'
    with pytest.raises(SourceError) as info:
        decode(data)
    err = info.value
    assert f"byte {len(good.encode())}" in err.message
    assert "0xE9" in err.message
    assert err.text == good
    assert err.offset == len(good)
    assert Document("x.json", err.text, None, "json").position(err.offset) == (3, 12)
    assert "Windows-1252" in (err.hint or "")
    assert "'é'" in (err.hint or "")
    assert "UTF-8" in (err.hint or "")


def test_invalid_utf8_after_bom_counts_file_bytes() -> None:
    data = codecs.BOM_UTF8 + b"ab\xff"
    with pytest.raises(SourceError) as info:
        decode(data)
    assert "byte 5" in info.value.message
    assert info.value.text == "ab"
    assert info.value.offset == 2


def test_truncated_utf8_sequence_is_not_called_latin1() -> None:
    data = "é中文😀 ok ".encode() * 10 + "中".encode()[:2]
    with pytest.raises(SourceError) as info:
        decode(data)
    assert "0xE4 0xB8" in info.value.message
    assert "Windows-1252" not in (info.value.hint or "")
    assert "UTF-8" in (info.value.hint or "")


@given(st.text().filter(lambda s: "\x00" not in s))
def test_utf8_round_trip(text: str) -> None:
    assert decode(text.encode()) == text.removeprefix("\ufeff")


@given(st.text().filter(lambda s: not s.startswith("\x00")))  # FF FE 00 00 is the UTF-32 BOM
def test_utf16_with_bom_round_trip(text: str) -> None:
    assert decode(text.encode("utf-16")) == text


@given(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=2))
def test_utf16_without_bom_round_trip(text: str) -> None:
    assert decode(text.encode("utf-16-le")) == text
    assert decode(text.encode("utf-16-be")) == text


@given(st.binary())
def test_arbitrary_bytes_only_source_error(data: bytes) -> None:
    try:
        assert isinstance(decode(data), str)
    except SourceError:
        pass
