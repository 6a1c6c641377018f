"""The precompiled data table: fresh against the YAML sources, and exactly what PyYAML gives."""

from __future__ import annotations

import json

import yaml

from flexlint.knowledge import precompiled
from flexlint.knowledge.data import parse_yaml


def _yaml(raw: bytes):
    return yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def test_table_matches_the_yaml_sources():
    """Fails when a YAML file under rules/ or schemas/ changed: run `python -m flexlint.knowledge.precompiled`."""
    assert precompiled.TABLE.read_text(encoding="utf-8") == precompiled.render(precompiled.build())


def test_every_shipped_yaml_file_is_precompiled_to_its_own_value():
    names = {name for name, _ in precompiled.sources()}
    table = precompiled.build()
    assert set(table["files"]) == names  # nothing shipped needs PyYAML at run time
    for name, path in precompiled.sources():
        raw = path.read_bytes()
        value = precompiled.lookup(raw)
        assert value is not precompiled.MISSING, name
        assert value == _yaml(raw), name
        # the same mappings in the same key order: readers show them in the order they were written
        assert json.dumps(value) == json.dumps(_yaml(raw)), name


def test_changed_bytes_are_parsed_as_yaml(tmp_path):
    _, path = precompiled.sources()[0]
    raw = path.read_bytes() + b"\nextra-key-added-by-a-user: 1\n"
    assert precompiled.lookup(raw) is precompiled.MISSING
    assert parse_yaml(raw) == _yaml(raw)
    assert parse_yaml(raw)["extra-key-added-by-a-user"] == 1


def test_values_json_cannot_hold_are_left_to_yaml():
    assert not precompiled._json_exact({"when": __import__("datetime").date(2026, 1, 1)})
    assert not precompiled._json_exact({1: "integer key"})
    assert precompiled._json_exact({"a": [1, 2.5, None, True, "x"]})


def test_a_lookup_parses_only_the_value_asked_for(monkeypatch):
    """The table keeps each value as JSON text: a start pays only for the files it reads."""
    monkeypatch.setattr(precompiled, "_table", None)
    monkeypatch.setattr(precompiled, "_parsed", {})
    name, path = precompiled.sources()[0]
    raw = path.read_bytes()
    first = precompiled.lookup(raw)
    assert list(precompiled._parsed) == [precompiled.digest(raw)], name
    assert precompiled.lookup(raw) is first  # parsed once, then shared
