"""YAML with positions: spans, safe resolution, aliases, merges and errors."""

from __future__ import annotations

import sys
from typing import Any, Iterator

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flexlint.core.document import Document, Node, SourceError, Span
from flexlint.sources import yaml_source
from flexlint.sources.yaml_source import MAX_DEPTH, parse_yaml

HAS_C = getattr(yaml, "CSafeLoader", None) is not None
LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if HAS_C else [])


@pytest.fixture(params=LOADERS, ids=lambda loader: loader.__name__)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> type:
    """Run a test with the C and with the pure-Python loader."""
    monkeypatch.setattr(yaml_source, "_LOADER", request.param)
    return request.param


def one(text: str) -> Node:
    documents = parse_yaml(text)
    assert len(documents) == 1
    root, _ = documents[0]
    assert root is not None
    return root


def span(text: str, node: Node) -> Span:
    return Document("config.yaml", text, None, "yaml").span(node)


def position(text: str, offset: int) -> tuple[int, int]:
    return Document("config.yaml", text, None, "yaml").position(offset)


def error(text: str, **kwargs: Any) -> SourceError:
    with pytest.raises(SourceError) as info:
        parse_yaml(text, **kwargs)
    return info.value


def walk(node: Node) -> Iterator[Node]:
    todo, seen = [node], set()
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current.value, dict):
            todo.extend(current.value.values())
        elif isinstance(current.value, list):
            todo.extend(current.value)


CONFIG = """\
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      service_tier: flex   # comment
      timeout: 600
"""


# --------------------------------------------------------------------------
# Positions


def test_key_and_value_spans(loader: type) -> None:
    root = one(CONFIG)
    assert root.plain() == yaml.safe_load(CONFIG)
    tier = root.find(("model_list", 0, "litellm_params", "service_tier"))
    assert tier is not None and tier.key is not None
    assert tier.value == "flex"
    assert tier.path == ("model_list", 0, "litellm_params", "service_tier")
    assert tier.key.path == tier.path and tier.key.value == "service_tier"
    assert span(CONFIG, tier.key) == Span(5, 7, 5, 19)
    assert span(CONFIG, tier) == Span(5, 21, 5, 25)
    timeout = root.find(("model_list", 0, "litellm_params", "timeout"))
    assert timeout is not None and timeout.value == 600
    item = root.find(("model_list", 0))
    assert item is not None and item.key is None and span(CONFIG, item).line == 2


def test_crlf_does_not_shift_columns(loader: type) -> None:
    text = CONFIG.replace("\n", "\r\n")
    tier = one(text).find(("model_list", 0, "litellm_params", "service_tier"))
    assert tier is not None and tier.key is not None
    assert span(text, tier.key) == Span(5, 7, 5, 19)
    assert span(text, tier) == Span(5, 21, 5, 25)


def test_unicode_columns_count_code_points(loader: type) -> None:
    text = "é: 中文\n😀键: [a, 😀b]\n\"x\\u00e9\": 'q😀'\n"
    root = one(text)
    assert root.plain() == yaml.safe_load(text)
    value = root.get("😀键")
    assert value is not None and value.key is not None
    assert span(text, value.key) == Span(2, 1, 2, 3)
    assert span(text, value) == Span(2, 5, 2, 12)
    assert span(text, value.value[1]) == Span(2, 9, 2, 11)
    quoted = root.get("xé")
    assert quoted is not None and quoted.key is not None
    assert text[quoted.key.start : quoted.key.end] == '"x\\u00e9"'
    assert text[quoted.start : quoted.end] == "'q😀'"


@pytest.mark.skipif(not HAS_C, reason="libyaml not available")
def test_c_and_pure_loaders_report_the_same_marks() -> None:
    text = "é: 中文\n😀k: [a, 😀b]\r\n\"x\\u00e9\": |\n  multi 😀\n  line\nz: x\x85y: 1\n"
    marks = []
    for loader in (yaml.SafeLoader, yaml.CSafeLoader):
        marks.append(
            [
                (type(e).__name__, e.start_mark.index, e.start_mark.line, e.start_mark.column, e.end_mark.index)
                for e in yaml.parse(text, Loader=loader)
            ]
        )
    assert marks[0] == marks[1]


def test_leading_bom(loader: type) -> None:
    text = "\ufeffa: 1\nb: é\n"
    root = one(text)
    assert root.plain() == {"a": 1, "b": "é"}
    b = root.get("b")
    assert b is not None and b.key is not None
    assert text[b.key.start : b.key.end] == "b" and text[b.start : b.end] == "é"


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n", "---\n", "--- # c\n...\n"])
def test_empty(loader: type, text: str) -> None:
    assert parse_yaml(text) == [(None, [])]


def test_multi_document_stream(loader: type) -> None:
    text = "a: 1\n---\n- x\n---\n---\nb: 2\nb: 3\n"
    documents = parse_yaml(text)
    assert [root.plain() if root else None for root, _ in documents] == list(yaml.safe_load_all(text))
    assert [len(d) for _, d in documents] == [0, 0, 0, 1]
    last = documents[3][0]
    assert last is not None and span(text, last.value["b"]) == Span(7, 4, 7, 5)


def test_duplicate_keys(loader: type) -> None:
    text = "model: a\nparams:\n  k: 1\n  k: 2\nmodel: b\n"
    [(root, duplicates)] = parse_yaml(text)
    assert root is not None and root.plain() == {"model": "b", "params": {"k": 2}}
    assert [d.name for d in duplicates] == ["k", "model"]
    k, model = duplicates
    assert span(text, k.first) == Span(3, 3, 3, 4) and span(text, k.repeat) == Span(4, 3, 4, 4)
    assert span(text, model.first) == Span(1, 1, 1, 6) and span(text, model.repeat) == Span(5, 1, 5, 6)


def test_flow_duplicate_keys(loader: type) -> None:
    [(root, duplicates)] = parse_yaml("{a: 1, a: 2}")
    assert root is not None and root.plain() == {"a": 2}
    assert [(d.first.start, d.repeat.start) for d in duplicates] == [(1, 7)]


# --------------------------------------------------------------------------
# Resolution


SCALARS = """\
a: yes
b: No
c: on
d: OFF
e: 0o17
f: 017
g: 1_000
h: 0x1F
i: 0b101
j: 1.5e3
k: .inf
l: -.INF
m: ~
n: null
o: ""
p: '123'
q: !!str 123
r: !!int "42"
s: !!float 1
t: 190:20:30
u: +12
v: 1_0.5
w: y
x: n
y: True
z: 1e3
"""


def test_yaml11_scalars_like_safe_load(loader: type) -> None:
    root = one(SCALARS)
    expected = yaml.safe_load(SCALARS)
    assert root.plain() == expected
    assert {k: type(v) for k, v in root.plain().items()} == {k: type(v) for k, v in expected.items()}


def test_timestamps_binary_and_unknown_tags_stay_text(loader: type) -> None:
    text = (
        "date: 2001-12-14\n"
        "stamp: 2001-12-14t21:59:43.10-05:00\n"
        "bin: !!binary aGVsbG8=\n"
        "env: !ENV ${OPENAI_API_KEY}\n"
        "ref: !reference [.setup, script]\n"
        "custom: !Custom {a: 1}\n"
        "py: !!python/object:os.system echo\n"
        "plain: ! 12\n"
    )
    assert one(text).plain() == {
        "date": "2001-12-14",
        "stamp": "2001-12-14t21:59:43.10-05:00",
        "bin": "aGVsbG8=",
        "env": "${OPENAI_API_KEY}",
        "ref": [".setup", "script"],
        "custom": {"a": 1},
        "py": "echo",
        "plain": 12,  # PyYAML resolves the non-specific "!" tag like a plain scalar
    }


def test_keys_are_source_text(loader: type) -> None:
    root = one("404: not found\ntrue: t\n~: n\n1.5: f\n'quoted': q\n? complex\n: c\n")
    assert list(root.value) == ["404", "true", "~", "1.5", "quoted", "complex"]


def test_bad_explicit_tag_values(loader: type) -> None:
    for text, message in [("a: !!int abc\n", "'abc' as int"), ("a: !!bool maybe\n", "'maybe' as bool"), ("a: !!float x\n", "float")]:
        err = error(text)
        assert message in err.message
        assert err.offset == 3


def test_collection_keys_are_errors(loader: type) -> None:
    assert "mapping key" in error("[a, b]: 1\n").message
    assert error("? {a: 1}\n: 2\n").offset == 2
    assert "collection" in error("x: &s [1]\n*s : 2\n").message


# --------------------------------------------------------------------------
# Anchors, aliases and merges


def test_alias_shares_the_anchor_node(loader: type) -> None:
    text = "base: &b\n  model: gpt-4o\n  tier: flex\nother: *b\nlist: [*b, *b]\nk: &k key\n*k : v\n"
    root = one(text)
    assert root.plain() == {
        "base": {"model": "gpt-4o", "tier": "flex"},
        "other": {"model": "gpt-4o", "tier": "flex"},
        "list": [{"model": "gpt-4o", "tier": "flex"}] * 2,
        "k": "key",
        "key": "v",
    }
    assert root.value["other"] is root.value["base"]
    assert root.value["list"].value[1] is root.value["base"]
    assert span(text, root.value["other"]) == span(text, root.value["base"]) == Span(1, 7, 4, 1)  # the anchor side


def test_merge_keys(loader: type) -> None:
    text = """\
defaults: &defaults
  model: gpt-4o
  service_tier: flex
  timeout: 60
fast: &fast
  timeout: 5
  stream: true
a:
  <<: *defaults
  timeout: 600
b:
  <<: [*fast, *defaults]
  model: mini
c:
  <<: {x: 1}
  y: 2
"""
    [(root, duplicates)] = parse_yaml(text)
    assert root is not None
    # YAML merge semantics: explicit keys win, then earlier merged maps over later ones
    # (js-yaml and PyYAML up to 6.0.3 agree; PyYAML 6.0.4 lets later maps win).
    assert root.plain()["a"] == {"model": "gpt-4o", "service_tier": "flex", "timeout": 600}
    assert root.plain()["b"] == {"timeout": 5, "stream": True, "model": "mini", "service_tier": "flex"}
    assert root.plain()["c"] == {"x": 1, "y": 2}
    assert duplicates == []
    a = root.value["a"].value
    assert a["timeout"].value == 600 and span(text, a["timeout"]).line == 10
    assert a["service_tier"] is root.value["defaults"].value["service_tier"]
    assert span(text, a["service_tier"]) == Span(3, 17, 3, 21)
    b = root.value["b"].value
    assert b["timeout"].value == 5 and b["model"].value == "mini" and b["service_tier"].value == "flex"


def test_quoted_merge_key_is_a_plain_key(loader: type) -> None:
    assert one("'<<': {a: 1}\n").plain() == {"<<": {"a": 1}}


@pytest.mark.parametrize("text", ["a:\n  <<: 1\n", "a:\n  <<: [1]\n", "a:\n  <<: [{x: 1}, [2]]\n"])
def test_bad_merge_values(loader: type, text: str) -> None:
    assert "merge key" in error(text).message


def test_recursive_alias(loader: type) -> None:
    text = "a: &x\n  b: [*x]\n"
    err = error(text)
    assert "recursive alias" in err.message
    assert position(text, err.offset) == (2, 7)


def test_undefined_alias(loader: type) -> None:
    text = "a: 1\nb: *nowhere\n"
    err = error(text)
    assert "undefined alias *nowhere" in err.message
    assert position(text, err.offset) == (2, 4)


def test_anchors_do_not_cross_documents(loader: type) -> None:
    assert "undefined alias" in error("a: &x 1\n---\nb: *x\n").message


def test_duplicate_anchor_like_pyyaml(loader: type) -> None:
    text = "a: &x 1\nb: &x 2\n"
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(text)
    assert error(text).offset == text.index("&x 2")


def billion_laughs(levels: int = 9, refs: int = 9) -> str:
    lines = ['lol0: &lol0 "lol"']
    for i in range(1, levels + 1):
        lines.append(f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * refs) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs(loader: type) -> None:
    text = billion_laughs()
    err = error(text)
    assert err.message == "aliases expand to more than 1,000,000 values"
    assert "YAML bomb" in (err.hint or "")
    assert text[err.offset : err.offset + 5] == "*lol6"


def test_small_alias_fan_out_is_fine(loader: type) -> None:
    root = one(billion_laughs(levels=3, refs=9))
    assert len(root.value["lol3"].plain()) == 9


def test_max_nodes_is_configurable(loader: type) -> None:
    text = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n"
    assert parse_yaml(text, max_nodes=12)[0][0] is not None
    assert "more than 11 values" in error(text, max_nodes=11).message


# --------------------------------------------------------------------------
# Errors


def test_pyyaml_errors_become_source_errors(loader: type) -> None:
    text = "a: b: c\n"
    err = error(text)
    assert err.message == "mapping values are not allowed here"
    assert position(text, err.offset) == (1, 5)


def test_tab_indentation(loader: type) -> None:
    text = "model: x\nparams:\n\ttimeout: 5\n"
    err = error(text)
    assert err.hint == "YAML does not allow tabs for indentation; indent with spaces"
    assert position(text, err.offset) == (3, 1)
    assert "\n" not in err.message and err.message[0].islower()


def test_curly_quotes_hint(loader: type) -> None:
    text = "key: \u201cvalue: x\u201d\n"
    err = error(text)
    assert "curly quotes" in (err.hint or "")


def test_bom_in_the_middle(loader: type) -> None:
    text = "a: 1\n\ufeffb: 2\n"
    err = error(text)
    assert "byte-order mark" in err.message
    assert err.offset == 5
    assert "concatenated" in (err.hint or "")


def test_bom_inside_values(loader: type) -> None:
    assert error("a: x\ufeffy\n").offset == 4  # libyaml keeps it in a plain scalar, silently
    assert one("a: 'x\ufeffy'\n").plain() == {"a": "x\ufeffy"}  # quoted: deliberate content


def test_control_character(loader: type) -> None:
    text = "é😀: \x07\n"
    err = error(text)
    assert "U+0007" in err.message
    assert err.offset == 4


def test_unterminated_flow(loader: type) -> None:
    text = "a: [1, 2\n"
    err = error(text)
    assert "flow sequence" in err.message
    assert err.extra.get("context_at") == 3


@pytest.mark.parametrize(
    "text",
    [
        "- " * 10_000 + "x\n",
        "[" * 10_000 + "]" * 10_000,
        "{a: " * 10_000 + "1" + "}" * 10_000,
        "".join(" " * i + "a:\n" for i in range(3_000)),
    ],
)
def test_deep_nesting_is_an_error_not_a_crash(loader: type, text: str) -> None:
    limit = sys.getrecursionlimit()
    err = error(text)
    assert err.message == f"nesting deeper than {MAX_DEPTH} levels"
    assert sys.getrecursionlimit() == limit


def test_depth_limit_is_configurable(loader: type) -> None:
    assert parse_yaml("a: {b: [1]}\n", max_depth=3)[0][0] is not None
    assert error("a: {b: [1]}\n", max_depth=2).offset == 7


# --------------------------------------------------------------------------
# Properties

yaml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_values, st.booleans(), st.sampled_from([None, False, True]))
def test_safe_dump_round_trip(value: Any, allow_unicode: bool, flow: bool | None) -> None:
    text = yaml.safe_dump(value, allow_unicode=allow_unicode, default_flow_style=flow)
    expected = yaml.safe_load(text)
    [(root, duplicates)] = parse_yaml(text)
    assert duplicates == []
    assert (root.plain() if root is not None else None) == expected
    if root is not None:
        for node in walk(root):
            assert 0 <= node.start <= node.end <= len(text)
            assert root.find(node.path) is node


@pytest.mark.skipif(not HAS_C, reason="libyaml not available")
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_values, st.sampled_from([None, False, True]))
def test_c_and_pure_positions_agree(value: Any, flow: bool | None) -> None:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow)
    trees = []
    for loader in (yaml.SafeLoader, yaml.CSafeLoader):
        original = yaml_source._LOADER
        yaml_source._LOADER = loader
        try:
            [(root, _)] = parse_yaml(text)
        finally:
            yaml_source._LOADER = original
        trees.append([(n.path, n.start, n.end) + ((n.key.start, n.key.end) if n.key else ()) for n in walk(root)] if root else [])
    assert trees[0] == trees[1]


@settings(max_examples=300)
@given(st.text())
def test_arbitrary_text_only_raises_source_error(text: str) -> None:
    try:
        parse_yaml(text)
    except SourceError as err:
        assert 0 <= err.offset <= len(text)


@settings(max_examples=200)
@given(st.lists(st.sampled_from(list("ab: -[]{},&*!<>'\"\n\t#?|%@`\ufeff\u201c0.~") + ["&a ", "*a", "<<: ", "!!int ", "- "])).map("".join))
def test_yaml_shaped_text_only_raises_source_error(text: str) -> None:
    try:
        parse_yaml(text)
    except SourceError as err:
        assert 0 <= err.offset <= len(text)
