"""TOML with positions: tomllib's values, tree-sitter's spans, joined by path."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import given, settings, strategies as st

from flexlint.core.document import Document, SourceError
from flexlint.sources.toml_source import parse_toml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]


def where(text: str, *path):
    root = parse_toml(text)
    node = root.find(path)
    doc = Document("x.toml", text, root, "toml")
    key = doc.span(node.key) if node.key is not None else None
    return (key.line, key.column) if key else None, text[node.start:node.end]


SAMPLE = '''model = "gpt-5.5"  # a comment
"quoted.key" = [1, {x = 2}]
a.b.c = "dotted"

[[servers]]
name = "one"
[[servers]]
name = "two"
[servers.tls]
on = true

[profiles."fast lane"]
service_tier = "flex"
when = 1979-05-27T07:32:00Z
note = "é ünïcode"
'''


def test_keys_and_values_have_their_spans():
    assert where(SAMPLE, "model") == ((1, 1), '"gpt-5.5"')
    assert where(SAMPLE, "quoted.key", 1, "x") == ((2, 21), "2")
    assert where(SAMPLE, "a", "b", "c") == ((3, 5), '"dotted"')
    assert where(SAMPLE, "servers", 1, "name") == ((8, 1), '"two"')
    assert where(SAMPLE, "servers", 1, "tls", "on") == ((10, 1), "true")
    assert where(SAMPLE, "profiles", "fast lane", "service_tier") == ((13, 1), '"flex"')
    assert where(SAMPLE, "profiles", "fast lane", "note") == ((15, 1), '"é ünïcode"')


def test_values_are_tomllib_values_and_dates_are_text():
    root = parse_toml(SAMPLE)
    assert root.find(("servers", 0, "name")).value == "one"
    assert root.find(("profiles", "fast lane", "when")).value == "1979-05-27T07:32:00+00:00"
    plain = root.plain()
    plain["profiles"]["fast lane"]["when"] = tomllib.loads(SAMPLE)["profiles"]["fast lane"]["when"]
    assert plain == tomllib.loads(SAMPLE)


@pytest.mark.parametrize("text, line", [("a = \n", 1), ("x = 1\n[t]\ny = [1,\n", 4), ("a = 1\na = 2\n", 2)])
def test_not_toml_is_a_source_error_at_the_place_tomllib_names(text, line):
    with pytest.raises(SourceError) as caught:
        parse_toml(text)
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    assert max(i for i, s in enumerate(starts, 1) if s <= caught.value.offset) == line
    assert str(caught.value).startswith("not valid TOML")


KEYS = st.text(string.ascii_letters + string.digits + "_-", min_size=1, max_size=8) | st.text(min_size=1, max_size=6)
SCALARS = st.integers(-10**6, 10**6) | st.booleans() | st.text(max_size=12)
TREES = st.recursive(
    st.dictionaries(KEYS, SCALARS, max_size=4),
    lambda children: st.dictionaries(KEYS, children | SCALARS | st.lists(SCALARS, max_size=3), max_size=4),
    max_leaves=12,
)


def _string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    body = "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or c in '"\\\x7f' else c for c in text)
    return f'"{body}"'


def _key(k: str) -> str:
    return k if all(c in string.ascii_letters + string.digits + "_-" for c in k) else _string(k)


def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return _string(v) if isinstance(v, str) else json.dumps(v)


def _write(tree: dict, prefix: tuple = ()) -> str:
    """A TOML text of ``tree``: scalars first, then one [table] per nested mapping."""
    lines = [f"{_key(k)} = {_value(v)}" for k, v in tree.items() if not isinstance(v, dict)]
    out = ("\n".join(lines) + "\n") if lines else ""
    for k, v in tree.items():
        if isinstance(v, dict):
            header = ".".join(_key(p) for p in prefix + (k,))
            out += f"\n[{header}]\n" + _write(v, prefix + (k,))
    return out


@settings(max_examples=150, deadline=None)
@given(TREES)
def test_every_written_key_and_value_is_found_where_it_is_written(tree):
    text = _write(tree)
    root = parse_toml(text)
    assert root.plain() == tomllib.loads(text)
    for node in root.walk():
        if node.key is None or isinstance(node.value, dict):
            continue
        assert text[node.key.start:node.key.end] == _key(node.key.value)
        assert tomllib.loads("v = " + text[node.start:node.end])["v"] == node.plain()


# ----------------------------------------------------------------------------- shape limits

HOSTILE_TEXT = st.text(alphabet="[]{}.\"'#\\\n ab", max_size=16)
HOSTILE_TREES = st.recursive(
    st.dictionaries(KEYS | HOSTILE_TEXT.filter(bool), SCALARS | HOSTILE_TEXT, max_size=4),
    lambda children: st.dictionaries(KEYS, children | HOSTILE_TEXT | st.lists(HOSTILE_TEXT, max_size=3), max_size=4),
    max_leaves=12,
)


def _depth(tree) -> int:
    """Levels the written text nests: parts of the deepest [table] header, or one for a header or an array."""
    if not isinstance(tree, dict):
        return 1 if isinstance(tree, list) else 0
    return max([1] + [(1 + _depth(v)) if isinstance(v, dict) else _depth(v) for v in tree.values()])


@settings(max_examples=150, deadline=None)
@given(HOSTILE_TREES)
def test_brackets_dots_and_quotes_inside_strings_and_keys_never_count_as_nesting(tree):
    text = _write(tree)
    assert parse_toml(text, max_depth=_depth(tree)).plain() == tomllib.loads(text)


@pytest.mark.parametrize("text, words, at", [
    ("x = " + "[" * 9 + "]" * 9, "nesting deeper than 8 levels", 4 + 8),
    ("x = " + "{a = " * 9 + "1" + "}" * 9, "nesting deeper than 8 levels", 4 + 8 * 5),
    ("y = 1\nx." + ".".join("a" * 9) + " = 1", "a dotted key of 10 parts", 6),
    ("[" + " . ".join(['"a.b"'] * 9) + "]\nz = 1", "a dotted key of 9 parts", 1),
    ("x = [{a = [" + "[" * 6 + "]" * 6 + "]}]", "nesting deeper than 8 levels", 16),
])
def test_toml_deeper_than_the_limit_is_refused_at_its_place_before_any_parser(monkeypatch, text, words, at):
    """tomllib took 20 s and 3.4 GB for a 60 kB key of 30,000 dotted parts; the tree built from it recursed out."""
    from flexlint.sources import toml_source

    monkeypatch.setattr(toml_source, "_tomllib", lambda: pytest.fail("tomllib was asked to read it"))
    with pytest.raises(SourceError) as caught:
        parse_toml(text, max_depth=8)
    assert words in str(caught.value) and caught.value.offset == at


@pytest.mark.parametrize("text", [
    "x = '" + "[" * 50 + "'",
    'x = "' + "{" * 50 + '\\""',
    "# " + "[" * 50 + "\nx = 1",
    'x = """\n' + "[" * 50 + '\\\n"""',
    "x = '''" + "." * 50 + "a'''''",
    'x = """a""""\ny = "' + "[" * 50 + '"',
    "x = 1.5\ny = 1979-05-27T07:32:00.999-07:00\nz = [[1], [2]]",
    "a.b.c = 1\n[d.e]\nf.g = {h.i = [1, 2]}",
])
def test_brackets_and_dots_in_strings_comments_and_values_are_not_nesting(text):
    assert parse_toml(text, max_depth=8).plain().keys() == tomllib.loads(text).keys()


@pytest.mark.parametrize("digits", ["9" * 5000, "-" + "1_2" * 2500])
def test_an_integer_too_long_for_python_is_a_source_error_at_its_place(digits):
    """tomllib lets int() raise ValueError past Python's digit limit: it was an internal error."""
    text = f'model = "gpt-5.4"\nservice_tier = {digits}\n'
    with pytest.raises(SourceError) as caught:
        parse_toml(text)
    assert "an integer of more than" in str(caught.value) and caught.value.offset == text.index(digits)
    assert parse_toml(f'"{"9" * 5000}" = 1\nx = 0x{"f" * 5000}\n').plain()["x"] > 0
