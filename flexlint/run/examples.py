"""A rule's own examples, run: what `flexlint rule`, `flexlint check-rules` and the tests show.

An ``invalid`` example must give exactly the findings it lists (line,
column, and a part of the message when given); a ``valid`` one none. The
examples run through the same engine as any file, with only the rule
selected (and the rules its example names under `settings: {select: [...]}`),
so an example that passes is what a user will see.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..config.selection import make_selection
from ..core.diagnostics import Diagnostic
from ..knowledge.rules import Example, Rule, RuleSet


@dataclass
class ExampleResult:
    rule: Rule
    kind: str  # "invalid" | "valid"
    index: int
    example: Example
    diagnostics: list[Diagnostic]  # the rule's findings on the example
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def title(self) -> str:
        name = f" ({self.example.name})" if self.example.name else ""
        return f"{self.kind} example {self.index + 1}{name}, {self.example.file}"


def run_examples(rule: Rule, ruleset: RuleSet) -> list[ExampleResult]:
    from .paths import lint_source

    out = []
    for kind, examples in (("invalid", rule.invalid), ("valid", rule.valid)):
        for index, example in enumerate(examples):
            # `settings: {select: [...]}`: rules that run beside this one (one that judges others needs them).
            also = [str(s) for s in example.settings.get("select", ())]
            selection = make_selection(ruleset, select=[rule.code, *also])
            result = lint_source(example.content.encode(), example.file, selection=selection)
            found = [d for d in result.diagnostics if d.rule == rule.slug]
            out.append(ExampleResult(rule, kind, index, example, found, _problems(rule, kind, example, found)))
    return out


def _problems(rule: Rule, kind: str, example: Example, found: list[Diagnostic]) -> list[str]:
    if kind == "valid":
        return [f"flagged at {d.line}:{d.column}: {d.message}" for d in found]
    problems = []
    if len(found) != len(example.findings):
        problems.append(
            f"expected {len(example.findings)} finding(s), got {len(found)}"
            + "".join(f"\n  got {d.line}:{d.column}: {d.message}" for d in found)
        )
        return problems
    for diag, expected in zip(found, example.findings):
        where = (expected.get("line"), expected.get("column"))
        if where != (diag.line, diag.column):
            problems.append(f"expected a finding at {where[0]}:{where[1]}, got {diag.line}:{diag.column}: {diag.message}")
        elif "message" in expected and str(expected["message"]) not in diag.message:
            problems.append(f"at {diag.line}:{diag.column}: the message does not contain {expected['message']!r}: {diag.message}")
        elif diag.severity != rule.severity or diag.code != rule.code:
            problems.append(f"at {diag.line}:{diag.column}: reported as {diag.code} {diag.severity}")
    return problems


def untested(rule: Rule) -> list[str]:
    """What a rule lacks to be tested by its examples."""
    missing = []
    if not rule.invalid and "internal" not in rule.tags:
        missing.append("no invalid example: nothing shows that the rule fires")
    if not rule.valid:
        missing.append("no valid example: nothing shows what the rule leaves alone")
    return missing
