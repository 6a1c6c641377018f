"""AI SDK call options: the provider that reads them, and so where the request goes."""

from __future__ import annotations

import json

import pytest

from flexlint.api import Options, build_selection, lint_source
from flexlint.dialects import choose
from flexlint.run.documents import read_documents


def target_of(options: dict):
    (doc,) = read_documents("options.json", json.dumps(options).encode())
    (site,) = choose(doc).read(doc).sites
    return site.target


@pytest.mark.parametrize(
    "options,server",
    [
        ({"model": "gpt-5.4-mini", "providerOptions": {"openai": {"serviceTier": "flex"}}}, "openai"),
        ({"model": "batch-eastus", "providerOptions": {"azure": {"serviceTier": "flex"}}}, "azure"),
        ({"model": {"modelId": "gpt-5.4", "provider": "openai.responses"}, "providerOptions": {"openai": {}}}, "openai"),
        ({"model": {"modelId": "deploy", "provider": "azure.responses"}, "providerOptions": {"openai": {}}}, "azure"),
        ({"model": {"modelId": "llama-3.3", "provider": "groq.chat"}, "providerOptions": {"openai": {}}}, "groq"),
        ({"model": {"modelId": "m", "provider": "my-gateway.chat"}, "providerOptions": {"openai": {}}}, "unknown"),
    ],
)
def test_targets(options, server):
    assert target_of(options).server == server


def test_the_default_is_said_and_the_azure_deployment_kept():
    assert "baseURL set where the provider is created" in target_of({"providerOptions": {"openai": {}}}).assumed
    azure = target_of({"model": "batch-eastus", "providerOptions": {"azure": {"serviceTier": "flex"}}})
    assert (azure.deployment, azure.how) == ("batch-eastus", "providerOptions.azure (read by the Azure provider)")


def test_a_logged_gateway_provider_is_not_judged_by_openai():
    options = {"model": {"modelId": "gpt-5.3-codex", "provider": "my-gateway.chat"},
               "providerOptions": {"openai": {"serviceTier": "flex"}}, "maxRetries": 0}
    found = lint_source(json.dumps(options).encode(), "options.json", selection=build_selection(Options())).diagnostics
    assert [d.rule for d in found] == ["unknown-target"]
