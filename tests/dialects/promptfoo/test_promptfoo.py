"""promptfoo: request parameters in each provider's `config`."""

from __future__ import annotations

from pathlib import Path

from flexlint.api import Options, build_selection, lint_source

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "real"
SELECTION = build_selection(Options(select=["ALL"]))


def lint(text: str, name: str = "promptfooconfig.yaml"):
    return lint_source(text.encode(), name, selection=SELECTION).diagnostics


def test_nested_config_and_a_mis_spelt_tier_are_never_read():
    text = ("providers:\n  - id: openai:responses:gpt-5.4-mini\n    config:\n      serviceTier: flex\n"
            "      config:\n        service_tier: flex\nprompts: [hi]\n")
    found = lint(text)
    assert [(d.rule, d.line, d.column) for d in found] == [("parameter-ignored", 4, 7), ("parameter-ignored", 5, 7)]
    assert "service_tier" in found[0].fix and "#6492" in found[1].message


def test_the_model_in_the_provider_id_is_judged_for_the_tier():
    text = "providers:\n  - id: openai:chat:gpt-4.1\n    config:\n      service_tier: flex\n"
    assert [(d.rule, d.line) for d in lint(text)] == [("flex-unsupported-model", 2)]
    ok = text.replace("gpt-4.1", "gpt-5.4-mini")
    assert lint(ok) == []


def test_providers_of_other_servers_are_left_alone():
    text = "providers:\n  - id: openrouter:openai/gpt-4.1\n    config:\n      serviceTier: flex\nprompts: [hi]\n"
    assert lint(text) == []


def test_real_promptfoo_configs_are_clean():
    for path in sorted(CORPUS.glob("*promptfoo*")):
        assert lint(path.read_text(), path.name) == [], path.name
