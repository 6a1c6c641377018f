"""JSON/JSONC with positions: spans, duplicates, errors and robustness."""

from __future__ import annotations

import json
import math
import re
import sys
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flexlint.core.document import Document, Node, SourceError, Span
from flexlint.sources.jsonc import MAX_DEPTH, parse_json, string_offsets


def parse(text: str) -> Node:
    root, _ = parse_json(text)
    assert root is not None
    return root


def span(text: str, node: Node) -> Span:
    return Document("config.json", text, None, "json").span(node)


def position(text: str, offset: int) -> tuple[int, int]:
    return Document("config.json", text, None, "json").position(offset)


def error(text: str, **kwargs: Any) -> SourceError:
    with pytest.raises(SourceError) as info:
        parse_json(text, **kwargs)
    return info.value


def walk(node: Node) -> Iterator[Node]:
    return node.walk()


# --------------------------------------------------------------------------
# Values and positions

PRETTY = """{
  "model": "gpt-4o",
  "service_tier": "flex",
  "params": {
    "temperature": 0.2,
    "stop": ["\\n", null, true]
  }
}
"""


def test_values_match_json_loads() -> None:
    assert parse(PRETTY).plain() == json.loads(PRETTY)


def test_key_and_value_spans() -> None:
    root = parse(PRETTY)
    tier = root.get("service_tier")
    assert tier is not None and tier.key is not None
    assert span(PRETTY, tier.key) == Span(3, 3, 3, 17)
    assert span(PRETTY, tier) == Span(3, 19, 3, 25)
    assert PRETTY[tier.start : tier.end] == '"flex"'
    assert tier.path == ("service_tier",) and tier.key.path == ("service_tier",)
    assert tier.key.value == "service_tier"
    params = root.get("params")
    assert params is not None and span(PRETTY, params) == Span(4, 13, 7, 4)
    stop = root.find(("params", "stop", 2))
    assert stop is not None and stop.value is True and stop.path == ("params", "stop", 2)
    assert span(PRETTY, stop) == Span(6, 26, 6, 30)
    assert stop.key is None
    assert span(PRETTY, root) == Span(1, 1, 8, 2)


def test_crlf_does_not_shift_columns() -> None:
    text = PRETTY.replace("\n", "\r\n")
    root = parse(text)
    tier = root.get("service_tier")
    assert tier is not None and tier.key is not None
    assert span(text, tier.key) == Span(3, 3, 3, 17)
    assert span(text, tier) == Span(3, 19, 3, 25)


def test_unicode_columns_count_code_points() -> None:
    text = '{"é😀中文": "ünï😀",\n "k": "中文"}'
    root = parse(text)
    value = root.get("é😀中文")
    assert value is not None and value.key is not None
    assert span(text, value.key) == Span(1, 2, 1, 8)
    assert span(text, value) == Span(1, 10, 1, 16)
    k = root.get("k")
    assert k is not None and span(text, k) == Span(2, 7, 2, 11)


def test_leading_bom_is_skipped_and_counted() -> None:
    text = '\ufeff{"a": 1}'
    root = parse(text)
    assert root.plain() == {"a": 1}
    assert root.start == 1
    assert span(text, root.value["a"]) == Span(1, 8, 1, 9)


@pytest.mark.parametrize("text", ["", "   ", "\n\r\n\t ", "// only a comment\n", "/* c */"])
def test_empty_is_none(text: str) -> None:
    assert parse_json(text) == (None, [])


@pytest.mark.parametrize("text", ["0", "-0", "1.5e3", '"s"', "true", "null", "[]", "{}", " [ ] "])
def test_scalar_and_empty_roots(text: str) -> None:
    root = parse(text)
    assert root.plain() == json.loads(text)
    assert text[root.start : root.end] == text.strip()


def test_numbers_like_json_loads() -> None:
    text = "[0, -0, 10, 123456789012345678901234567890, 1.0, -0.5, 1e3, 1E-3, 2.5e+10, 1e400, -0.0]"
    values = parse(text).plain()
    expected = json.loads(text)
    assert values == expected
    assert [type(v) for v in values] == [type(v) for v in expected]


def test_escapes_decoded() -> None:
    text = r'{"a\"b": "\\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 \ud800"}'
    assert parse(text).plain() == json.loads(text)


def test_jsonc_comments_and_trailing_commas() -> None:
    text = """// top comment
{
  /* block
     comment */ "a": 1, // trailing
  "b": [1, 2, /* inside */ 3,],
  "c": {"d": null,},
  "e" /* between */ : /* x */ "f",
}
/* end */
"""
    root = parse(text)
    assert root.plain() == {"a": 1, "b": [1, 2, 3], "c": {"d": None}, "e": "f"}
    e = root.get("e")
    assert e is not None and e.key is not None
    assert span(text, e.key) == Span(7, 3, 7, 6)
    assert span(text, e) == Span(7, 31, 7, 34)


def test_comment_markers_inside_strings_are_text() -> None:
    assert parse('{"url": "http://x/*y*/"}').plain() == {"url": "http://x/*y*/"}


def test_duplicate_keys_with_positions() -> None:
    text = '{\n  "model": "a",\n  "x": {"k": 1, "k": 2},\n  "model": "b"\n}'
    root, duplicates = parse_json(text)
    assert root is not None
    assert root.plain() == {"model": "b", "x": {"k": 2}}
    assert [d.name for d in duplicates] == ["k", "model"]
    k, model = duplicates
    assert span(text, k.first) == Span(3, 9, 3, 12)
    assert span(text, k.repeat) == Span(3, 17, 3, 20)
    assert span(text, model.first) == Span(2, 3, 2, 10)
    assert span(text, model.repeat) == Span(4, 3, 4, 10)
    assert root.value["model"].key is model.repeat


# --------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize(
    ("text", "line", "column", "message", "hint"),
    [
        ('{\n\u201cmodel\u201d: \u201cgpt-4o\u201d\n}', 2, 1, "curly quote", "word processor"),
        ('{"model": \u201cgpt-4o\u201d}', 1, 11, "curly quote", "replace"),
        ('{"model": "gpt-4o\u201d,\n "x": 1}', 1, 18, "curly quote", "web page"),
        ('{"model": "gpt\u201d, "x": 1}', 1, 15, "curly quote", "web page"),
        ("{'model': 'gpt'}", 1, 2, "double quotes", "single quotes"),
        ("['a']", 1, 2, "double quotes", None),
        ('{"a": 1}\n\ufeff{"b": 2}', 2, 1, "byte-order mark", "concatenat"),
        ('[1, \ufeff2]', 1, 5, "byte-order mark", None),
        ('{"a": 1, model: 2}', 1, 10, "unquoted key 'model'", '"model"'),
        ("{model: 2}", 1, 2, "unquoted key", None),
        ('{"a": 1 "b": 2}', 1, 9, "expected ',' or '}'", "comma"),
        ("[1\n 2]", 2, 2, "expected ',' or ']'", "comma"),
        ('{"a" 1}', 1, 6, "expected ':' after the key \"a\"", None),
        ('{"a" = 1}', 1, 6, "expected ':'", "':'"),
        ('{"a": 1} {"b": 2}', 1, 10, "after the end of the top-level value", "one value"),
        ('{"a": 1}}', 1, 9, "unmatched '}'", None),
        ("[NaN]", 1, 2, "NaN", "null"),
        ("[Infinity]", 1, 2, "Infinity", None),
        ("[-Infinity]", 1, 2, "-Infinity", None),
        ("[True]", 1, 2, "'True'", "true"),
        ("[None]", 1, 2, "'None'", "null"),
        ("[undefined]", 1, 2, "undefined", None),
        ("[hello]", 1, 2, "'hello'", '"hello"'),
        ('{"a": "x\\qy"}', 1, 9, "invalid escape '\\q'", "backslash"),
        ('{"path": "C:\\Users"}', 1, 13, "invalid escape '\\U'", "Windows"),
        ('["\\u12"]', 1, 3, "4 hex digits", None),
        ('{"a": "unterminated\n}', 1, 7, "unterminated string", "same line"),
        ('{"a": "unterminated', 1, 7, "unterminated string", "truncated"),
        ('["tab\there"]', 1, 6, "control character U+0009 (tab)", "\\t"),
        ("[01]", 1, 2, "leading zeros", None),
        ("[-012]", 1, 2, "leading zeros", None),
        ("[1.]", 1, 2, "after the decimal point", None),
        ("[.5]", 1, 2, "before the decimal point", "0.5"),
        ("[+1]", 1, 2, "'+'", None),
        ("[1e]", 1, 2, "exponent", None),
        ("[0x1F]", 1, 2, "hexadecimal", None),
        ("[-]", 1, 2, "digit after '-'", None),
        ("[1,,2]", 1, 4, "expected a value but found ','", None),
        ('{"a": 1,, "b": 2}', 1, 9, "two commas", None),
        ("{,}", 1, 2, "found ','", None),
        ('{"a":}', 1, 6, "expected a value after ':'", None),
        ("[1}", 1, 3, "expected ',' or ']' but found '}'", "wrong bracket"),
        ('{"a": 1]', 1, 8, "expected ',' or '}' but found ']'", "wrong bracket"),
        ("[1: 2]", 1, 3, "':' inside an array", "object"),
        ("# comment\n{}", 1, 1, "'#'", "//"),
        ("/* never closed", 1, 1, "unterminated comment", None),
        ("[1] /* never closed", 1, 5, "unterminated comment", None),
        ("[truex]", 1, 2, "'truex'", None),
        ("]", 1, 1, "expected a value but found ']'", None),
        ("\u00a0[]", 1, 1, "U+00A0 (no-break space)", None),
    ],
)
def test_errors(text: str, line: int, column: int, message: str, hint: str | None) -> None:
    err = error(text)
    assert message in err.message
    assert position(text, err.offset) == (line, column), err.message
    if hint is not None:
        assert hint in (err.hint or "")
    assert err.message[:1].islower() or not err.message[:1].isalpha() or err.message.split()[0] in {
        "NaN",
        "Infinity",
        "-Infinity",
    }


@pytest.mark.parametrize(
    ("text", "kind", "opened", "closer"),
    [
        ('{\n  "a": [1, 2,\n  3\n', "array", (2, 8), "]"),
        ('{\n  "a": {"b": 1\n', "object", (2, 8), "}"),
        ('{"a": ', "object", (1, 1), "}"),
        ("[", "array", (1, 1), "]"),
        ('[{"a": 1}, ', "array", (1, 1), "]"),
        ('{"a": 1, ', "object", (1, 1), "}"),
        ('{"a"', "object", (1, 1), "}"),
    ],
)
def test_truncated_file(text: str, kind: str, opened: tuple[int, int], closer: str) -> None:
    err = error(text)
    assert err.message == f"unexpected end of file: the {kind} is not closed"
    assert err.offset == len(text)
    assert position(text, err.extra["opened_at"]) == opened
    assert f"the {kind} opened here was never closed" in (err.hint or "")
    assert f"'{closer}'" in (err.hint or "")


def test_number_too_long() -> None:
    err = error("[" + "9" * 5000 + "]")
    assert "too long" in err.message and err.offset == 1


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000 + "]" * 10_000,
        '{"a":' * 10_000 + "1" + "}" * 10_000,
        "[" * 10_000,
        '{"a":[' * 5_000,
    ],
)
def test_deep_nesting_is_an_error_not_a_crash(text: str) -> None:
    limit = sys.getrecursionlimit()
    err = error(text)
    assert err.message == f"nesting deeper than {MAX_DEPTH} levels"
    assert text[err.offset] in "[{"
    depth = text[: err.offset].count("[") + text[: err.offset].count("{")
    assert depth == MAX_DEPTH
    assert sys.getrecursionlimit() == limit


def test_depth_limit_is_inclusive_and_configurable() -> None:
    assert parse_json("[" * MAX_DEPTH + "]" * MAX_DEPTH)[0] is not None
    assert error("[[[]]]", max_depth=2).offset == 2
    assert parse_json("[[]]", max_depth=2)[0] is not None


# --------------------------------------------------------------------------
# JSON inside a JSON string


def test_string_offsets_simple() -> None:
    outer = r'{"s": "a\nb\u00e9\ud83d\ude00c"}'
    start = outer.index('"a')
    end = outer.rindex('"') + 1
    offsets = string_offsets(outer, start, end)
    value = json.loads(outer[start:end])
    assert value == "a\nbé😀c"
    assert len(offsets) == len(value) + 1
    assert [outer[o] for o in offsets[:-1]] == ["a", "\\", "b", "\\", "\\", "c"]
    assert offsets[5] - offsets[4] == 12  # the surrogate pair is one character from 12
    assert offsets[-1] == end - 1


def embedded(inner: str) -> tuple[str, Node, list[int]]:
    outer = json.dumps({"tool": {"arguments": inner}}, indent=1)
    holder = parse(outer).find(("tool", "arguments"))
    assert holder is not None and holder.value == inner
    return outer, holder, string_offsets(outer, holder.start, holder.end)


def test_json_inside_a_json_string() -> None:
    inner = '{"city": "Zürich \\"Altstadt\\"",\n "days": [1, 2],\n "note": "😀 é"}'
    outer, _, offsets = embedded(inner)
    plain_root = parse(inner)
    mapped_root, _ = parse_json(inner, offsets=offsets)
    assert mapped_root is not None and mapped_root.plain() == json.loads(inner)
    for plain_node, mapped in zip(walk(plain_root), walk(mapped_root)):
        token = inner[plain_node.start : plain_node.end]
        assert json.loads('"' + outer[mapped.start : mapped.end] + '"') == token
        if mapped.key is not None and plain_node.key is not None:
            key_token = inner[plain_node.key.start : plain_node.key.end]
            assert json.loads('"' + outer[mapped.key.start : mapped.key.end] + '"') == key_token


def test_errors_inside_a_json_string_point_into_the_outer_file() -> None:
    inner = '{"city": "Zürich",\n "days": [1, 2,,]}'
    outer, _, offsets = embedded(inner)
    with pytest.raises(SourceError) as info:
        parse_json(inner, offsets=offsets)
    assert outer[info.value.offset] == ","
    assert outer[info.value.offset - 1] == ","

    truncated = '{"a": [1'
    outer, holder, offsets = embedded(truncated)
    with pytest.raises(SourceError) as info:
        parse_json(truncated, offsets=offsets)
    assert info.value.offset == holder.end - 1
    assert outer[info.value.extra["opened_at"]] == "["


def test_offsets_length_is_checked() -> None:
    with pytest.raises(ValueError):
        parse_json("[]", offsets=[0, 1])


# --------------------------------------------------------------------------
# Properties

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, st.sampled_from([None, 0, 1, 2, 4, "\t"]), st.booleans())
def test_round_trip_and_spans(value: Any, indent: Any, ensure_ascii: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ensure_ascii)
    root, duplicates = parse_json(text)
    assert root is not None and duplicates == []
    assert root.plain() == json.loads(text)
    for node in walk(root):
        assert json.loads(text[node.start : node.end]) == node.plain()
        assert root.find(node.path) is node
        if node.key is not None:
            assert json.loads(text[node.key.start : node.key.end]) == node.key.value == node.path[-1]


@given(st.text())
def test_arbitrary_text_only_raises_source_error(text: str) -> None:
    try:
        parse_json(text)
    except SourceError as err:
        assert 0 <= err.offset <= len(text)


@st.composite
def mutated_json(draw: st.DrawFn) -> str:
    text = json.dumps(draw(json_values), indent=draw(st.sampled_from([None, 2])))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(text)))
        if text and draw(st.booleans()):
            text = text[:where] + text[where + 1 :]
        else:
            text = text[:where] + draw(st.sampled_from(list('{}[]",:') + ["//", "/*", "\u201c", "'", "\ufeff"])) + text[where:]
    return text


@settings(max_examples=500)
@given(mutated_json())
def test_mutated_json_only_raises_source_error(text: str) -> None:
    try:
        root, _ = parse_json(text)
    except SourceError as err:
        assert 0 <= err.offset <= len(text)
        assert err.message and err.message == err.message.strip()
    else:
        if root is not None:
            stripped = re.sub(r"//[^\n]*|/\*.*?\*/", "", text)
            try:
                expected = json.loads(stripped.lstrip("\ufeff"))
            except ValueError:
                return  # trailing commas or comment markers inside strings
            assert root.plain() == expected


@given(st.text())
def test_string_offsets_round_trip(value: str) -> None:
    outer = "[ " + json.dumps(value) + " ]"
    start, end = 2, len(outer) - 2
    offsets = string_offsets(outer, start, end)
    assert len(offsets) == len(value) + 1
    assert offsets == sorted(offsets) and offsets[-1] == end - 1
    for i, char in enumerate(value):
        assert json.loads('"' + outer[offsets[i] : offsets[i + 1]] + '"') == char


def test_floats_are_python_floats() -> None:
    root = parse("[1e-400, 5e-324, 1.7976931348623157e308]")
    assert [n.value for n in root.value] == json.loads("[1e-400, 5e-324, 1.7976931348623157e308]")
    assert not any(math.isnan(n.value) for n in root.value)
