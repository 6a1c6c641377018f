"""Cherry Studio: where an assistant's requests go, from its provider's type and API host."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from backups import assistant, custom, data_json, model, provider  # noqa: E402

from flexlint.dialects import choose  # noqa: E402
from flexlint.run.documents import read_documents  # noqa: E402


def targets(prov: dict, model_id: str = "gpt-5.4-mini") -> dict[str, str]:
    data = data_json(208, [prov], [assistant("A", [custom("top_k", 20, "number")], model(model_id, prov["id"]))])
    docs = read_documents("data.json", data)
    out = {}
    for doc in docs:
        dialect = choose(doc)
        for site in dialect.read(doc).sites if dialect is not None else ():
            out[site.origin.split(",")[0]] = site.target
    return out


@pytest.mark.parametrize(
    "prov,server",
    [
        (provider(), "openai"),
        (provider(host="https://my-proxy.example.com/v1"), "unknown"),
        (provider("openrouter", "openai", host="https://openrouter.ai/api/v1"), "openrouter"),
        (provider("groq", "openai", host="https://api.groq.com/openai"), "groq"),
        (provider("lmstudio", "openai", host="http://localhost:1234"), "lmstudio"),
        (provider("deepseek", "openai", host="https://api.deepseek.com"), "deepseek"),
        (provider("azure-openai", "azure-openai", host="https://res.openai.azure.com"), "azure"),
    ],
)
def test_provider_targets(prov, server):
    found = targets(prov)
    assert {t.server for t in found.values()} == {server}


def test_the_target_names_the_provider_and_its_host():
    target = targets(provider("lmstudio", "openai", host="http://localhost:1234"))['assistant "A"']
    assert target.how == 'provider "Lmstudio", apiHost "http://localhost:1234" (port 1234 is LM Studio\'s default)'
