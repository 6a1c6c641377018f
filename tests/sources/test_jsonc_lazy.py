"""The fast route of the JSON reader gives exactly what the positioned parser gives.

Large nested containers are decoded by the C decoder and read lazily
(:class:`flexlint.sources.jsonc.LazyNode`). These tests read the same text
with the route off (``LAZY_MIN_CHARS = None``), at its default threshold and
with every nested container lazy (``0``), and compare every node's path,
value and span, the duplicate keys, the errors, and every finding of every
JSON file the project holds.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from flexlint.core.document import Node, SourceError
from flexlint.sources import jsonc
from flexlint.sources.jsonc import MAX_DEPTH, LazyNode, parse_json
from flexlint.sources.jsonl import iter_lines

ROOT = Path(__file__).resolve().parents[2]
ROUTES = (None, 0, jsonc.LAZY_MIN_CHARS)  # off, every nested container, the default


@contextmanager
def route(min_chars: int | None) -> Iterator[None]:
    saved = jsonc.LAZY_MIN_CHARS
    jsonc.LAZY_MIN_CHARS = min_chars
    try:
        yield
    finally:
        jsonc.LAZY_MIN_CHARS = saved


def describe(node: Node | None) -> list[tuple]:
    """Every node below ``node`` as (path, value or container type, span, key and its span)."""
    if node is None:
        return []
    out = []
    for n in node.walk():
        value = n.value
        shown = type(value).__name__ if isinstance(value, (dict, list)) else repr(value)
        key = None if n.key is None else (n.key.value, n.key.start, n.key.end, n.key.path)
        out.append((n.path, shown, n.start, n.end, key, n.is_mapping, n.is_sequence))
    return out


def span(node: Node | None) -> tuple[int, int] | None:
    return None if node is None else (node.start, node.end)


def outcome(text: str, min_chars: int | None, max_depth: int = MAX_DEPTH) -> tuple:
    """What reading ``text`` gives: the error, or the plain value (twice), the nodes and the duplicates."""
    with route(min_chars):
        try:
            root, duplicates = parse_json(text, max_depth=max_depth, lazy=True)
        except SourceError as error:
            return ("error", error.message, error.offset, error.hint, error.extra)
        first = repr(root.plain()) if root is not None else None  # before any child is read
        again = repr(root.plain()) if root is not None else None
        nodes = describe(root)
        dups = [(d.name, span(d.first), span(d.repeat), span(d.value), span(d.container)) for d in duplicates]
        return ("ok", first, again, nodes, dups)


def lazy_count(text: str, min_chars: int | None) -> int:
    with route(min_chars):
        try:
            root, _ = parse_json(text, lazy=True)
        except SourceError:
            return 0
        return 0 if root is None else sum(type(n) is LazyNode for n in root.walk())


def same_both_ways(text: str, max_depth: int = MAX_DEPTH) -> None:
    expected = outcome(text, None, max_depth)
    for min_chars in ROUTES[1:]:
        assert outcome(text, min_chars, max_depth) == expected, min_chars


# --------------------------------------------------------------------------
# The cases the fast route must hand back to the positioned parser


def big(inner: str, count: int = 300) -> str:
    """A request body whose `input` is long enough for the default threshold; ``inner`` is one item."""
    return '{"model": "gpt-5-mini", "input": [' + ", ".join([inner] * count) + "]}"


MESSAGE = '{"role": "user", "content": "hello there, how are you today? ' + "x" * 40 + '"}'
CASES = {
    "plain": big(MESSAGE),
    "colons in strings": big('{"role": "user", "content": "a: b, see https://example.com:443/x"}'),
    "escaped colon": big('{"role": "user", "content": "a\\u003a b"}'),
    "repeated key": big(MESSAGE)[:-2] + ', {"role": "user", "role": "system"}]}',
    "repeated key, colons elsewhere": big('{"content": "a: b"}')[:-2] + ', {"role": "x", "role": "y"}]}',
    "line comment": big(MESSAGE)[:-2] + " // last\n]}",
    "block comment": big(MESSAGE).replace("[", "[ /* messages */", 1),
    "trailing comma": big(MESSAGE)[:-2] + ",]}",
    "NaN": big(MESSAGE)[:-2] + ", NaN]}",
    "Infinity": big(MESSAGE)[:-2] + ", {\"t\": -Infinity}]}",
    "lone surrogate": big('{"content": "\\ud800 and \\udfff"}'),
    "surrogate pair": big('{"content": "\\ud83d\\ude00"}'),
    "long integer": big(MESSAGE)[:-2] + ", " + "9" * 5000 + "]}",
    "control character": big(MESSAGE)[:-2] + ', "a\tb"]}',
    "unicode": big('{"content": "caf\u00e9 \u4e2d\u6587 \U0001f600"}'),
    "numbers": big('[0, -0, 1.5, -2e10, 1E400, 5e-324, 123456789012345678901234567890]'),
    "empty containers": big('{"a": {}, "b": [], "c": [{}]}'),
    "broken late": big(MESSAGE)[:-2] + ', {"role" "user"}]}',
    "unclosed": big(MESSAGE)[:-2],
    "wrong bracket": big(MESSAGE)[:-2] + "}}",
    "curly quote": big(MESSAGE)[:-2] + ", \u201cx\u201d]}",
    "deep": big("[" * 40 + "1" + "]" * 40, count=60),
    "a secret after a large value": big(MESSAGE)[:-1] + ', "api_key": sk-abc123}',
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_cases_read_alike(name: str) -> None:
    same_both_ways(CASES[name])


@pytest.mark.parametrize("max_depth", [1, 2, 3, 40, 41, 42, 43, 60])
def test_depth_limit_alike(max_depth: int) -> None:
    same_both_ways(CASES["deep"], max_depth)


def test_the_route_is_taken() -> None:
    """Not a vacuous comparison: the default threshold makes the large `input` lazy, and only where it may."""
    assert lazy_count(CASES["plain"], jsonc.LAZY_MIN_CHARS) == 1
    assert lazy_count(CASES["colons in strings"], jsonc.LAZY_MIN_CHARS) == 1
    assert lazy_count(CASES["block comment"], jsonc.LAZY_MIN_CHARS) == 0
    assert lazy_count(CASES["plain"], None) == 0
    assert lazy_count(CASES["plain"], 0) > 300


def test_reading_a_value_does_not_expand_the_tree() -> None:
    with route(0):
        root, _ = parse_json(CASES["plain"], lazy=True)
    messages = root.get("input")  # type: ignore[union-attr]
    assert type(messages) is LazyNode and messages.is_sequence and not messages.is_mapping
    assert messages.plain() == json.loads(CASES["plain"])["input"]
    assert not messages.expanded


def test_plain_gives_a_fresh_value_each_time() -> None:
    with route(0):
        root, _ = parse_json(CASES["plain"], lazy=True)
    first = root.plain()  # type: ignore[union-attr]
    first["input"].clear()
    assert root.plain() == json.loads(CASES["plain"])  # type: ignore[union-attr]
    assert root.get("input").plain() is not root.get("input").plain()  # type: ignore[union-attr]


def test_a_value_set_on_a_lazy_node_replaces_it() -> None:
    with route(0):
        root, _ = parse_json('{"a": [1, 2]}', lazy=True)
    node = root.get("a")  # type: ignore[union-attr]
    assert type(node) is LazyNode
    node.value = []
    assert node.plain() == [] and node.is_sequence


def test_json_lines_positions_alike() -> None:
    """Lines are read one by one and moved to their place in the file: lazy nodes move with them."""
    lines = [CASES["plain"], '{"a": 1}', CASES["colons in strings"], CASES["repeated key"], CASES["NaN"], ""]
    text = "\n".join(lines)
    results = []
    for min_chars in ROUTES:
        with route(min_chars):
            results.append([
                (d.number, describe(d.root), repr(d.error), [(x.name, span(x.first), span(x.repeat)) for x in d.duplicates])
                for d in iter_lines("batch.jsonl", text)
            ])
    assert results[0] == results[1] == results[2]


# --------------------------------------------------------------------------
# Every JSON file we hold, read and linted both ways

JSON_SUFFIXES = (".json", ".jsonc", ".jsonl", ".har")
PLACES = [
    ROOT / "tests",
    ROOT / "examples",
    Path("/work/shared/cases"),  # the shared cases and real configurations, where they are at hand
    Path("/work/shared/corpus/real"),
    Path("/work/staging/corpus"),
]


def held_files() -> list[Path]:
    found: dict[str, Path] = {}
    for place in PLACES:
        if place.is_dir():
            for path in sorted(place.rglob("*")):
                if path.is_file() and path.name.endswith(JSON_SUFFIXES):
                    found.setdefault(str(path), path)
    return list(found.values())


def rule_examples() -> list[tuple[str, str, str]]:
    """(id, file name, content) of the JSON examples in rules/*.yaml."""
    out = []
    for rules_file in sorted((ROOT / "rules").glob("*.yaml")):
        for rule in yaml.safe_load(rules_file.read_text(encoding="utf-8")).get("rules", []):
            for kind in ("valid", "invalid"):
                for i, ex in enumerate((rule.get("examples") or {}).get(kind) or []):
                    name = str(ex.get("file", ""))
                    if name.endswith(JSON_SUFFIXES) and isinstance(ex.get("content"), str):
                        out.append((f"{rule['slug']}-{kind}-{i}", Path(name).name, ex["content"]))
    return out


def all_inputs() -> list[tuple[str, str, bytes]]:
    """(id, file name to lint as, content)."""
    out = [(str(p), p.name, p.read_bytes()) for p in held_files()]
    out += [(ident, name, text.encode()) for ident, name, text in rule_examples()]
    return out


INPUTS = all_inputs()


def lint_output(name: str, data: bytes, min_chars: int | None) -> list[tuple[dict, str]]:
    from flexlint.api import Options, lint_source

    with route(min_chars):
        result = lint_source(data, name, Options(isolated=True))
    return [(d.to_json(), repr(d.autofix)) for d in result.diagnostics]


def documents(name: str, data: bytes, min_chars: int | None) -> list:
    from flexlint.sources.text import decode

    try:
        text = decode(data)
    except SourceError:
        return ["undecodable"]
    if name.endswith(".jsonl"):
        with route(min_chars):
            return [(d.number, describe(d.root), repr(d.error)) for d in iter_lines(name, text)]
    return [outcome(text, min_chars)]


def test_the_corpus_is_there() -> None:
    assert len(INPUTS) > 60
    assert sum(lazy_count(data.decode("utf-8", "replace"), 0) for _, name, data in INPUTS if not name.endswith(".jsonl")) > 100


@pytest.mark.parametrize("ident,name,data", INPUTS, ids=[i for i, _, _ in INPUTS])
def test_held_file_reads_and_lints_alike(ident: str, name: str, data: bytes) -> None:
    expected_docs = documents(name, data, None)
    expected_lint = lint_output(name, data, None)
    for min_chars in ROUTES[1:]:
        assert documents(name, data, min_chars) == expected_docs
        assert lint_output(name, data, min_chars) == expected_lint


# --------------------------------------------------------------------------
# Properties: arbitrary JSON, and arbitrary damage to it

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False)
    | st.text(alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from(':"\\/\n')),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=4), children, max_size=5),
    max_leaves=40,
)

DAMAGE = ['{', '}', '[', ']', '"', ",", ":", "//x\n", "/*", "*/", "NaN", "-Infinity", "\\ud800", "\\u003a",
          "\t", "9" * 4400, "\u201c", "'", "\ufeff", "tru", "1.", ', "k": 1', ',"k":2']


@st.composite
def damaged_json(draw: st.DrawFn) -> str:
    text = json.dumps(draw(json_values), indent=draw(st.sampled_from([None, 1, 2])), ensure_ascii=draw(st.booleans()))
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.integers(0, len(text)))
        if text and draw(st.booleans()):
            text = text[:where] + text[where + 1 :]
        else:
            text = text[:where] + draw(st.sampled_from(DAMAGE)) + text[where:]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, st.sampled_from([None, 0, 2]), st.booleans(), st.sampled_from([MAX_DEPTH, 1, 2, 3, 4]))
def test_any_json_reads_alike(value: Any, indent: Any, ensure_ascii: bool, max_depth: int) -> None:
    same_both_ways(json.dumps(value, indent=indent, ensure_ascii=ensure_ascii), max_depth)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_json(), st.sampled_from([MAX_DEPTH, 2, 3]))
@example('[{"a": 1, "a": 2}]', MAX_DEPTH)
@example('[{"a": "x:y", "a": 2}]', MAX_DEPTH)
@example('[[NaN]]', MAX_DEPTH)
@example('[{"a": [1,]}]', MAX_DEPTH)
@example('[{"a": /* c */ 1}, {"b": 2}]', MAX_DEPTH)
@example('[[[[1]]]]', 3)
def test_damaged_json_reads_alike(text: str, max_depth: int) -> None:
    same_both_ways(text, max_depth)
