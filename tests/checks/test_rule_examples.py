"""Every rule's own examples are tests: invalid ones give exactly the findings listed, valid ones none."""

from __future__ import annotations

import pytest

from flexlint.config.rulesets import builtin_rules, load_ruleset
from flexlint.run.examples import run_examples, untested

RULES = builtin_rules()
CASES = [
    pytest.param(rule, kind, i, id=f"{rule.slug}-{kind}-{i}")
    for rule in RULES
    for kind, examples in (("invalid", rule.invalid), ("valid", rule.valid))
    for i in range(len(examples))
]


_RESULTS: dict[str, dict] = {}


def results(rule):
    if rule.slug not in _RESULTS:
        _RESULTS[rule.slug] = {(r.kind, r.index): r for r in run_examples(rule, load_ruleset())}
    return _RESULTS[rule.slug]


@pytest.mark.parametrize("rule,kind,index", CASES)
def test_example(rule, kind, index):
    result = results(rule)[(kind, index)]
    assert result.ok, "\n".join(result.problems)


def test_every_rule_has_examples_and_docs():
    for rule in RULES:
        assert not untested(rule), (rule.slug, untested(rule))
        assert len(rule.explanation) > 80 and rule.fix


def test_codes_and_slugs_unique():
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.slug for r in RULES}) == len(RULES)
