"""opencode.json: model, variant and agent options are the AI SDK's providerOptions.openai."""

from __future__ import annotations

import json
from pathlib import Path

from flexlint.api import Options, build_selection, lint_source
from flexlint.dialects import choose, dialect
from flexlint.run.documents import read_documents

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "real"
SELECTION = build_selection(Options(select=["ALL"]))


def config(provider_models: dict, agent: dict | None = None, **top) -> str:
    doc = {"$schema": "https://opencode.ai/config.json", **top,
           "provider": {"openai": {"models": provider_models}}}
    if agent:
        doc["agent"] = agent
    return json.dumps(doc, indent=2)


def lint(text: str, name: str = "opencode.json"):
    return lint_source(text.encode(), name, selection=SELECTION).diagnostics


def sites(text: str, name: str = "opencode.json"):
    doc = next(iter(read_documents(name, text.encode())))
    assert choose(doc) is dialect("opencode")
    return {s.origin: s for s in dialect("opencode").read(doc).sites}


def test_snake_case_tier_under_options_is_wrong_key_casing():
    text = config({"gpt-5.5": {"options": {"service_tier": "flex", "serviceTier": "flex"}}})
    found = lint(text)
    assert [(d.rule, d.line) for d in found] == [("wrong-key-casing", 8)]
    assert "write `serviceTier`" in found[0].message and "strips" in found[0].message
    site = sites(text)['model "openai/gpt-5.5"']
    assert site.api == "responses" and site.effective[("service_tier",)].value == "flex"


def test_agent_options_go_to_the_agents_model():
    text = config({}, agent={"build": {"model": "openai/gpt-4.1", "options": {"serviceTier": "flex"}}})
    found = lint(text)
    assert [d.rule for d in found] == ["parameter-dropped"]  # the AI SDK's own gate removes flex for gpt-4.1
    assert "the AI SDK removes service tier" in found[0].message
    site = sites(text)['agent "build"']
    assert site.model == "gpt-4.1" and ("service_tier",) not in site.effective


def test_variants_are_read_and_other_packages_are_left_alone():
    text = config({"gpt-5.5": {"variants": {"cheap": {"serviceTier": "flex", "reasoningEffort": "low"}}}})
    site = sites(text)['variant "cheap" of model "openai/gpt-5.5"']
    assert site.wire_body() == {"service_tier": "flex", "reasoning": {"effort": "low"}}
    other = json.dumps({"$schema": "https://opencode.ai/config.json", "provider": {"local": {
        "npm": "@ai-sdk/openai-compatible", "options": {"baseURL": "http://127.0.0.1:8080/v1"},
        "models": {"m": {"options": {"service_tier": "flex"}}}}}})
    assert sites(other) == {} and lint(other) == []


def test_real_opencode_configs_are_clean():
    for path in sorted(CORPUS.glob("*opencode*")):
        assert lint(path.read_text(), path.name) == [], path.name
    modern = sites((CORPUS / "numman-ali__opencode-openai-codex-auth__config__opencode-modern.json").read_text(), "x.json")
    assert 'variant "xhigh" of model "openai/gpt-5.2"' in modern
