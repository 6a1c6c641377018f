"""Where the requests of Codex, opencode, promptfoo and Aider configurations go."""

from __future__ import annotations

import pytest

from flexlint.dialects import choose
from flexlint.run.documents import read_documents


def targets(name: str, text: str) -> list:
    out = []
    for doc in read_documents(name, text.encode()):
        dialect = choose(doc)
        assert dialect is not None, name
        out += [s.target for s in dialect.read(doc).sites if s.effective or s.params]
    return out


@pytest.mark.parametrize(
    "text,server",
    [
        ('model = "gpt-5.5"\nservice_tier = "fast"\n', "openai"),
        ('model = "qwen3"\nmodel_provider = "ollama"\nmodel_reasoning_effort = "low"\n', "ollama"),
        ('model = "q"\nmodel_provider = "lan"\nmodel_reasoning_effort = "low"\n'
         '[model_providers.lan]\nbase_url = "http://192.168.1.9:1234/v1"\n', "lmstudio"),
        ('model = "q"\nmodel_provider = "groq"\nmodel_reasoning_effort = "low"\n'
         '[model_providers.groq]\nbase_url = "https://api.groq.com/openai/v1"\nwire_api = "chat"\n', "groq"),
        ('model = "q"\nmodel_provider = "nope"\nmodel_reasoning_effort = "low"\n', "unknown"),
    ],
)
def test_codex(text, server):
    assert {t.server for t in targets(".codex/config.toml", text)} == {server}


def test_codex_builtin_openai_says_what_it_assumed():
    (target,) = targets(".codex/config.toml", 'model = "gpt-5.5"\nservice_tier = "fast"\n')
    assert "OPENAI_BASE_URL" in target.assumed and target.how == 'model_provider "openai" (built in)'


@pytest.mark.parametrize(
    "provider,server",
    [
        ('"openai": {"models": {"gpt-5.4": {"options": {"serviceTier": "flex"}}}}', "openai"),
        ('"openai": {"options": {"baseURL": "http://localhost:8000/v1"}, '
         '"models": {"gpt-5.4": {"options": {"serviceTier": "flex"}}}}', "vllm"),
        ('"az": {"npm": "@ai-sdk/azure", "models": {"prod": {"options": {"serviceTier": "flex"}}}}', "azure"),
    ],
)
def test_opencode(provider, server):
    text = '{"$schema": "https://opencode.ai/config.json", "provider": {' + provider + "}}"
    assert {t.server for t in targets("opencode.json", text)} == {server}


@pytest.mark.parametrize(
    "provider,server",
    [
        ("  - id: openai:responses:gpt-5.4-mini\n    config:\n      service_tier: flex\n", "openai"),
        ("  - id: openai:chat:llama3\n    config:\n      apiBaseUrl: http://localhost:11434/v1\n"
         "      temperature: 0.1\n", "ollama"),
        ("  - id: azure:chat:prod-deploy\n    config:\n      apiHost: res.openai.azure.com\n"
         "      service_tier: flex\n", "azure"),
    ],
)
def test_promptfoo(provider, server):
    (target,) = targets("promptfooconfig.yaml", "providers:\n" + provider)
    assert target.server == server
    if server == "azure":
        assert target.deployment == "prod-deploy"


@pytest.mark.parametrize(
    "entry,server",
    [
        ("- name: openai/o4-mini\n  extra_params:\n    service_tier: flex\n", "openai"),
        ("- name: openai/qwen3\n  extra_params:\n    api_base: http://localhost:8000/v1\n    top_k: 20\n", "vllm"),
        ("- name: groq/llama-3.3-70b-versatile\n  extra_params:\n    service_tier: flex\n", "groq"),
    ],
)
def test_aider(entry, server):
    assert {t.server for t in targets(".aider.model.settings.yml", entry)} == {server}
