"""The rule pages in Markdown: `docs/rules/<slug>.md`, what the documentation links point at.

Each page is the rule's own data (summary, explanation, fix) and its
examples run through the engine, so a page says exactly what flexlint says,
like `flexlint rule ID`. The pages are written by
`python scripts/generate_rule_docs.py`; a test fails when they are stale.
They ship inside the package (`flexlint/docs/rules/`), so the link an editor
or a report gives (``Rule.url``) opens a page that exists wherever flexlint
is installed.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

FENCE = {".json": "json", ".jsonc": "jsonc", ".yaml": "yaml", ".yml": "yaml", ".py": "python", ".ipynb": "json",
         ".har": "json"}


def rule_page(rule: Any, ruleset: Any) -> str:
    from ..report import FORMATS
    from ..run.examples import run_examples

    binding = f"kind `{rule.kind}`, reports `{rule.reports}`"
    if rule.params:
        binding += ", " + ", ".join(f"`{k}` = `{v!r}`" for k, v in rule.params.items())
    out = [
        f"# {rule.code} {rule.slug}",
        "",
        f"**Severity:** {rule.severity} · **Checked by:** {binding}",
        "",
        rule.summary,
        "",
        "## Why",
        "",
        rule.explanation,
        "",
        "## Fix",
        "",
        rule.fix,
    ]
    results = run_examples(rule, ruleset)
    if results:
        out += ["", "## Examples"]
    for result in results:
        example = result.example
        label = "Flagged" if result.kind == "invalid" else "Not flagged"
        title = f"{label}: {example.name}" if example.name else label
        fence = FENCE.get(PurePath(example.file).suffix.lower(), "text")
        out += ["", f"### {title} (`{example.file}`)", "", f"```{fence}", example.content.rstrip("\n"), "```"]
        lines = FORMATS["text"](result.diagnostics).rstrip("\n")
        if lines:
            out += ["", "flexlint says:", "", "```text", lines, "```"]
    out += ["", f"`flexlint rule {rule.slug}` shows this page in the terminal; the examples are the rule's own tests."]
    return "\n".join(out) + "\n"


def index_page(rules: list[Any]) -> str:
    out = ["# flexlint rules", "", "Every rule flexlint ships, with its code, default severity and what it finds. "
           "Each page is generated from the rule's definition in `rules/*.yaml` by "
           "`python scripts/generate_rule_docs.py`.", "", "| code | rule | severity | what it finds |",
           "|---|---|---|---|"]
    for rule in rules:
        out.append(f"| {rule.code} | [`{rule.slug}`]({rule.slug}.md) | {rule.severity} | {rule.summary} |")
    return "\n".join(out) + "\n"


def pages(ruleset: Any) -> dict[str, str]:
    """File name → content of every page of the shipped rules (and the index)."""
    builtin = [r for r in ruleset.rules if r.pack.startswith("builtin:")]
    found = {f"{r.slug}.md": rule_page(r, ruleset) for r in builtin}
    found["README.md"] = index_page(builtin)
    return found
