"""No input makes flexlint crash: mutated real files give findings or a parse-error, never a traceback."""

from __future__ import annotations


import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flexlint.api import lint_source
from flexlint.dialects.openai_http import DIALECT as openai_http

from conftest import ROOT

SEEDS = sorted(
    p
    for folder in ("tests/cases", "tests/corpus/real", "examples")
    for p in (ROOT / folder).rglob("*")
    if p.is_file() and p.suffix in {".json", ".jsonc", ".yaml", ".py"}
)


def test_there_are_seeds():
    assert len(SEEDS) >= 15


@st.composite
def mutated(draw):
    """A seed file with a few bytes deleted, inserted or replaced (often at a structural character)."""
    path = draw(st.sampled_from(SEEDS))
    data = bytearray(path.read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["delete", "insert", "replace", "truncate"]))
        piece = draw(st.sampled_from([b"{", b"}", b"[", b"]", b'"', b":", b",", b"\n", b" ", b"\t", b"-", b"#",
                                      b"0", b"null", b"\xff", b"\x00", "“".encode(), b"'", b"*", b"&a"]))
        if action == "delete":
            del data[at : at + draw(st.integers(1, 8))]
        elif action == "insert":
            data[at:at] = piece
        elif action == "replace":
            data[at : at + len(piece)] = piece
        else:
            del data[at:]
    return path.name, bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files_never_crash(case):
    name, data = case
    result = lint_source(data, name)
    assert [d for d in result.diagnostics if d.rule == "internal-error"] == []
    for d in result.diagnostics:
        assert d.line >= 1 and d.column >= 1 and d.message


def test_a_bug_is_a_diagnostic_not_a_traceback(monkeypatch):
    def boom(document):
        raise RuntimeError("unexpected shape near sk-proj-Zx81kLmN0pQrStUv2345abc")
        yield  # pragma: no cover

    monkeypatch.setattr(openai_http, "sites_fn", boom)
    result = lint_source(b'{"model": "gpt-5.4-mini", "input": "hi"}', "body.json")
    (diag,) = result.diagnostics
    assert diag.rule == "internal-error" and result.unreadable
    assert "RuntimeError" in diag.message and "sk-proj-Zx81" not in diag.message


def test_debug_mode_shows_the_traceback(monkeypatch):
    monkeypatch.setenv("FLEXLINT_DEBUG", "1")
    monkeypatch.setattr(openai_http, "sites_fn", lambda document: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        lint_source(b'{"model": "gpt-5.4-mini", "input": "hi"}', "body.json")


def _loadable(path) -> bool:
    import json

    import yaml

    try:
        text = path.read_text(encoding="utf-8")
        json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
        return True
    except (ValueError, yaml.YAMLError):
        return False


STRUCTURED = [p for p in SEEDS if p.suffix in {".json", ".yaml"} and _loadable(p)]
ODD_VALUES = [None, [], {}, [{"a": 1}], {"tier": "flex"}, 0, -1, 1e308, "", "x" * 300, True, ["flex"], float("inf")]


@st.composite
def reshaped(draw):
    """A real config with some values replaced by values of another shape (a list for a string, inf, ...)."""
    import json
    import math

    import yaml

    path = draw(st.sampled_from(STRUCTURED))
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    slots = []

    def collect(value, parent=None, key=None):
        if parent is not None:
            slots.append((parent, key))
        if isinstance(value, dict):
            for k, v in value.items():
                collect(v, value, k)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                collect(v, value, i)

    collect(data)
    for _ in range(draw(st.integers(1, 4))):
        if not slots:
            break
        parent, key = draw(st.sampled_from(slots))
        parent[key] = draw(st.sampled_from(ODD_VALUES))
    if path.suffix == ".json":
        out = json.dumps(data, allow_nan=True)
    else:
        out = yaml.safe_dump(data, allow_unicode=True)
    assert not (isinstance(data, float) and math.isnan(data))
    return path.name, out.encode()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reshaped())
def test_values_of_unexpected_shape_never_crash(case):
    name, data = case
    result = lint_source(data, name)
    assert [d for d in result.diagnostics if d.rule == "internal-error"] == []
