"""Every rule's own examples are tests: invalid ones give exactly the findings listed, valid ones none."""

from __future__ import annotations

import pytest

from flexlint.api import Options, build_selection, lint_source
from flexlint.knowledge.rules import builtin_rules

RULES = builtin_rules()
CASES = [
    pytest.param(rule, kind, i, ex, id=f"{rule.slug}-{kind}-{i}")
    for rule in RULES
    for kind, examples in (("invalid", rule.invalid), ("valid", rule.valid))
    for i, ex in enumerate(examples)
]


@pytest.mark.parametrize("rule,kind,index,example", CASES)
def test_example(rule, kind, index, example):
    selection = build_selection(Options(select=[rule.code]))
    result = lint_source(example.content.encode(), example.file, selection=selection)
    found = [d for d in result.diagnostics if d.rule == rule.slug]
    if kind == "valid":
        assert found == [], f"valid example flagged: {[d.message for d in found]}"
        return
    assert len(found) == len(example.findings), [f"{d.line}:{d.column} {d.message}" for d in found]
    for diag, expected in zip(found, example.findings):
        assert (diag.line, diag.column) == (expected["line"], expected["column"]), diag.message
        if "message" in expected:
            assert expected["message"] in diag.message
        assert diag.severity == rule.severity and diag.code == rule.code


def test_every_rule_has_examples_and_docs():
    for rule in RULES:
        # A rule about flexlint's own failures has no input that triggers it on purpose.
        assert rule.invalid or "internal" in rule.tags, f"{rule.slug} has no invalid example"
        assert rule.valid, f"{rule.slug} has no valid example"
        assert len(rule.explanation) > 80 and rule.fix


def test_codes_and_slugs_unique():
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.slug for r in RULES}) == len(RULES)
