"""Placing changes as text edits, per format: only the fixed characters change, or nothing does."""

from __future__ import annotations

import pytest

from flexlint.core.edits import RemoveEntry, move, remove, rename, replace_value
from flexlint.sources import load
from flexlint.sources.editing import apply, place

KINDS = {"json": "json", "jsonc": "json", "yaml": "yaml", "py": "python"}


def document(name: str, text: str):
    [doc] = load(name, text.encode("utf-8"), KINDS[name.rsplit(".", 1)[1]], relevant=lambda data: True)
    return doc


def fixed(name: str, text: str, make) -> str | None:
    doc = document(name, text)
    edits = place(doc, make(doc.root))
    return None if edits is None else apply(text, edits)


def at(root, *path):
    node = root
    for part in path:
        node = node.value[part] if isinstance(part, int) else node.get(part)
    return node


def ren(path, new):
    return lambda root: rename(at(root, *path), new, at(root, *path[:-1]))


def rem(path):
    return lambda root: remove(at(root, *path), at(root, *path[:-1]))


def mv(path, to, inner=None):
    def make(root):
        entry = at(root, *path)
        value = entry.get(inner) if inner else entry
        return move(entry, value, at(root, *path[:-1]), to)

    return make


JSON = """{
  "model": "gpt-5.4-mini", // the model
  "serviceTier": "flex",
  "reasoning_effort": "low",
  "max_tokens": 2000
}
"""


@pytest.mark.parametrize("make,expected", [
    (ren(("serviceTier",), "service_tier"), JSON.replace('"serviceTier"', '"service_tier"')),
    (rem(("serviceTier",)), JSON.replace('  "serviceTier": "flex",\n', "")),
    (rem(("max_tokens",)), JSON.replace('"low",\n  "max_tokens": 2000\n', '"low"\n')),
    (mv(("reasoning_effort",), ("reasoning", "effort")),
     JSON.replace('"reasoning_effort": "low"', '"reasoning": {"effort": "low"}')),
    (mv(("max_tokens",), ("max_output_tokens",)), JSON.replace('"max_tokens"', '"max_output_tokens"')),
])
def test_json_multiline(make, expected):
    assert fixed("body.json", JSON, make) == expected


@pytest.mark.parametrize("text,make,expected", [
    ('{"a": 1, "serviceTier": "x", "b": 2}', rem(("serviceTier",)), '{"a": 1, "b": 2}'),
    ('{"a": 1, "serviceTier": "x"}', rem(("serviceTier",)), '{"a": 1}'),
    ('{"serviceTier": "x", "a": 1}', rem(("serviceTier",)), '{"a": 1}'),
    ('{"serviceTier": "x"}', rem(("serviceTier",)), "{}"),
    ('{"a":1,"serviceTier":"x"}', rem(("serviceTier",)), '{"a":1}'),
    ('{"reasoning":{"summary":"auto"},"reasoning_effort":"low"}', mv(("reasoning_effort",), ("reasoning", "effort")),
     '{"reasoning":{"summary":"auto","effort":"low"}}'),
    ('{"reasoning": {}, "reasoning_effort": "low"}', mv(("reasoning_effort",), ("reasoning", "effort")),
     '{"reasoning": {"effort": "low"}}'),
    ('{"messages": [], "reasoning": {"effort": "low"}}', mv(("reasoning",), ("reasoning_effort",), "effort"),
     '{"messages": [], "reasoning_effort": "low"}'),
    ('{"service_tier": "Flex"}', lambda r: replace_value(r.get("service_tier"), "flex"), '{"service_tier": "flex"}'),
])
def test_json_inline(text, make, expected):
    assert fixed("body.json", text, make) == expected


JSONC = """// a logged body
{
  "model": "gpt-5.4-mini",
  "reasoning": {
    "summary": "auto", /* kept */
  },
  "reasoning_effort": "low", // goes with its entry
  "max_tokens": 100,
}
"""


def test_jsonc_trailing_commas_and_comments():
    moved = fixed("body.jsonc", JSONC, mv(("reasoning_effort",), ("reasoning", "effort")))
    assert moved == JSONC.replace('"summary": "auto", /* kept */\n', '"summary": "auto", /* kept */\n    "effort": "low",\n') \
        .replace('  "reasoning_effort": "low", // goes with its entry\n', "")
    last = fixed("body.jsonc", JSONC, rem(("max_tokens",)))
    assert last == JSONC.replace('  "max_tokens": 100,\n', "")  # the trailing comma before it stays


def test_json_refuses_what_it_cannot_do_exactly():
    # the new name is already there with another value
    assert fixed("b.json", '{"serviceTier": "flex", "service_tier": "auto"}', ren(("serviceTier",), "service_tier")) is None
    # ... with the same value: the wrong one is removed
    assert fixed("b.json", '{"serviceTier": "flex", "service_tier": "flex"}',
                 ren(("serviceTier",), "service_tier")) == '{"service_tier": "flex"}'
    # a key written with escapes
    assert fixed("b.json", '{"service\\u0054ier": "flex"}', ren(("serviceTier",), "service_tier")) is None
    # reasoning.effort already set to something else
    assert fixed("b.json", '{"reasoning": {"effort": "high"}, "reasoning_effort": "low"}',
                 mv(("reasoning_effort",), ("reasoning", "effort"))) is None
    # reasoning holds more than effort: moving it up would lose the rest
    assert fixed("b.json", '{"messages": [], "reasoning": {"effort": "low", "summary": "auto"}}',
                 mv(("reasoning",), ("reasoning_effort",), "effort")) is None


YAML = """# LibreChat
endpoints:
  custom:
    - name: OpenAI
      addParams:
        serviceTier: flex   # the tier
        reasoning_effort: 'low'
      dropParams: [stop]
"""


@pytest.mark.parametrize("make,expected", [
    (ren(("endpoints", "custom", 0, "addParams", "serviceTier"), "service_tier"),
     YAML.replace("serviceTier:", "service_tier:")),
    (rem(("endpoints", "custom", 0, "addParams", "serviceTier")), YAML.replace("        serviceTier: flex   # the tier\n", "")),
    (mv(("endpoints", "custom", 0, "addParams", "reasoning_effort"), ("reasoning", "effort")),
     YAML.replace("reasoning_effort: 'low'", "reasoning:\n          effort: 'low'")),
    (lambda r: remove(at(r, "endpoints", "custom", 0, "name"), at(r, "endpoints", "custom", 0)),
     YAML.replace("    - name: OpenAI\n      addParams:", "    - addParams:")),
])
def test_yaml_block(make, expected):
    assert fixed("librechat.yaml", YAML, make) == expected


def test_yaml_uses_the_files_indentation_step():
    text = "params:\n    reasoning_effort: low\n    other: 1\n"
    assert fixed("a.yaml", text, mv(("params", "reasoning_effort"), ("reasoning", "effort"))) == \
        "params:\n    reasoning:\n        effort: low\n    other: 1\n"
    merged = "params:\n  reasoning:\n    summary: auto  # s\n  reasoning_effort: low\n"
    assert fixed("a.yaml", merged, mv(("params", "reasoning_effort"), ("reasoning", "effort"))) == \
        "params:\n  reasoning:\n    summary: auto  # s\n    effort: low\n"
    up = "params:\n  reasoning:\n    effort: low\n  other: 1\n"
    assert fixed("a.yaml", up, mv(("params", "reasoning"), ("reasoning_effort",), "effort")) == \
        "params:\n  reasoning_effort: low\n  other: 1\n"


@pytest.mark.parametrize("text,make,expected", [
    ("a: {serviceTier: flex, b: 1}\n", rem(("a", "serviceTier")), "a: {b: 1}\n"),
    ("a: {serviceTier: flex, b: 1}\n", ren(("a", "serviceTier"), "service_tier"), "a: {service_tier: flex, b: 1}\n"),
    ('a: {"serviceTier": flex}\n', ren(("a", "serviceTier"), "service_tier"), 'a: {"service_tier": flex}\n'),
    ("a: {tier: Flex}\n", lambda r: replace_value(at(r, "a", "tier"), "flex"), "a: {tier: flex}\n"),
    ("tier: 'Flex'\n", lambda r: replace_value(at(r, "tier"), "flex"), "tier: 'flex'\n"),
    ("a: {x: 1, reasoning_effort: low}\n", mv(("a", "reasoning_effort"), ("reasoning", "effort")),
     "a: {x: 1, reasoning: {effort: low}}\n"),
])
def test_yaml_flow(text, make, expected):
    assert fixed("a.yaml", text, make) == expected


def test_yaml_never_edits_through_anchors_or_merges():
    # the value is written at its anchor, shared with another key
    assert fixed("a.yaml", "a: &t Flex\nb: *t\n", lambda r: replace_value(r.get("b"), "flex")) is None
    # a key that comes from a merge key lives in the anchor's mapping
    text = "base: &base\n  serviceTier: flex\nsite:\n  <<: *base\n  model: x\n"
    assert fixed("a.yaml", text, ren(("site", "serviceTier"), "service_tier")) is None
    # the only entry of a block mapping: removing it would leave null
    assert fixed("a.yaml", "a:\n  serviceTier: flex\n", rem(("a", "serviceTier"))) is None
    # a new plain key or value that YAML would read as something else is refused
    assert fixed("a.yaml", "tier: Yes_\n", lambda r: replace_value(r.get("tier"), "yes")) is None


def test_yaml_keeps_crlf_line_breaks():
    text = "params:\r\n  reasoning_effort: low\r\n  x: 1\r\n"
    assert fixed("a.yaml", text, mv(("params", "reasoning_effort"), ("reasoning", "effort"))) == \
        "params:\r\n  reasoning:\r\n    effort: low\r\n  x: 1\r\n"


PY = '''from openai import OpenAI

client = OpenAI()
client.responses.create(
    model="gpt-5.4-mini",
    input="hi",
    serviceTier='flex',  # the tier
    reasoning_effort=EFFORT,
    extra_body={"service_tier": "auto"},
)
client.responses.create(model="x", input="hi", reasoning={'summary': 'auto'}, reasoning_effort='low')
'''


def python_site(index: int):
    from flexlint.dialects import dialect

    doc = document("job.py", PY)
    sites = [s for s in dialect("python").read(doc).sites if s.layer.name == "python-sdk"]
    return doc, sites[index]


@pytest.mark.parametrize("index,make,expected", [
    (0, lambda s: rename(s.params["serviceTier"], "service_tier", s.container), PY.replace("serviceTier=", "service_tier=")),
    (0, lambda s: move(s.params["reasoning_effort"], s.params["reasoning_effort"], s.container, ("reasoning", "effort")),
     PY.replace("reasoning_effort=EFFORT", 'reasoning={"effort": EFFORT}')),
    (0, lambda s: remove(s.params["extra_body"].get("service_tier"), s.params["extra_body"],
                         prune=RemoveEntry(s.params["extra_body"], s.container)),
     PY.replace('    extra_body={"service_tier": "auto"},\n', "")),
    (1, lambda s: move(s.params["reasoning_effort"], s.params["reasoning_effort"], s.container, ("reasoning", "effort")),
     PY.replace("reasoning={'summary': 'auto'}, reasoning_effort='low'", "reasoning={'summary': 'auto', 'effort': 'low'}")),
    (1, lambda s: remove(s.params["input"], s.container), PY.replace('model="x", input="hi", ', 'model="x", ')),
])
def test_python_keyword_arguments_and_dicts(index, make, expected):
    doc, site = python_site(index)
    edits = place(doc, make(site))
    assert edits is not None and apply(PY, edits) == expected


def test_python_refuses_a_keyword_that_python_reserves():
    doc, site = python_site(0)
    assert place(doc, rename(site.params["serviceTier"], "class", site.container)) is None


def test_documents_that_are_not_editable_get_no_edits():
    doc = document("body.json", '{"serviceTier": "flex"}')
    doc.editable = False
    assert place(doc, ren(("serviceTier",), "service_tier")(doc.root)) is None
