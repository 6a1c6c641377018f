from __future__ import annotations

from flexlint.api import lint_source
from flexlint.config.suppressions import scan

BODY = """model: gpt-5.4-mini
input: hi
serviceTier: flex   # flexlint: ignore[wrong-key-casing]
# flexlint: ignore[FLX1]
reasoning_effort: low
max_tokens: 10
"""


def rules(text: str, name: str = "body.yaml"):
    return [(d.line, d.rule) for d in lint_source(text.encode(), name).diagnostics]


def test_trailing_and_own_line_comments():
    assert rules(BODY) == [(6, "wrong-api-parameter")]


def test_selector_must_match():
    text = BODY.replace("ignore[wrong-key-casing]", "ignore[invalid-value]")
    assert (3, "wrong-key-casing") in rules(text)


def test_bare_ignore_and_ignore_file():
    assert rules(BODY.replace("max_tokens: 10", "max_tokens: 10  # flexlint: ignore")) == []
    assert rules("# flexlint: ignore-file\n" + BODY) == []
    assert rules("# flexlint: ignore-file[FLX103]\n" + BODY) == []
    only_casing = "# flexlint: ignore-file[wrong-api-parameter]\n" + BODY.replace("  # flexlint: ignore[wrong-key-casing]", "")
    assert rules(only_casing) == [(4, "wrong-key-casing")]


def test_jsonc_comments():
    text = '{\n  "model": "gpt-5.4-mini", "input": "hi",\n  "serviceTier": "flex" // flexlint: ignore[FLX102]\n}\n'
    assert rules(text, "body.jsonc") == []


def test_scan_is_cheap_without_marker():
    assert not scan("model: x\n# just a comment\n")
