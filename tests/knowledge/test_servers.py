"""The server table: valid against its schema, every fact sourced, Azure's tiers as researched, lookups right."""

from __future__ import annotations

import pytest
import yaml

from conftest import ROOT, schema_errors
from flexlint.core.site import Target
from flexlint.knowledge.catalog import catalog
from flexlint.knowledge.servers import (
    azure_offers,
    is_local_host,
    parse_url,
    server,
    servers,
    tier_table,
    url_target,
)

TABLE = ROOT / "schemas" / "servers.yaml"
SCHEMA = ROOT / "schemas" / "servers.schema.json"
RESEARCH = ROOT / "tests" / "data" / "research" / "model-parameters-azure.yaml"


def _raw() -> dict:
    return yaml.safe_load(TABLE.read_text(encoding="utf-8"))


def test_table_matches_its_schema():
    errors = schema_errors(SCHEMA, _raw())
    assert not errors, "\n".join(errors)


def test_schema_rejects_a_bad_row():
    raw = _raw()
    raw["servers"]["groq"]["tiers"]["values"]["flex"]["fate"] = "maybe"
    raw["servers"]["xai"]["recognise"]["hostz"] = ["api.x.ai"]
    errors = schema_errors(SCHEMA, raw)
    assert any(e.startswith("['servers', 'groq', 'tiers', 'values', 'flex', 'fate']") for e in errors)
    assert any(e.startswith("['servers', 'xai', 'recognise']") for e in errors)


def test_every_row_has_sources_and_every_source_is_used():
    raw = _raw()
    used = set()
    for ident, row in raw["servers"].items():
        if ident != "unknown":
            assert row["sources"], f"{ident} has no source"
        for key in row["sources"]:
            assert key in raw["sources"], f"{ident} cites unknown source {key}"
            used.add(key)
        for table in (row.get("azure") or {}).values():
            assert table["doc"] in raw["sources"]
            used.add(table["doc"])
    assert used == set(raw["sources"]), f"sources never cited: {set(raw['sources']) - used}"


def test_names_hosts_and_classes_each_mean_one_server():
    seen: dict[tuple[str, str], str] = {}
    for s in servers().table.values():
        for kind, values in (("name", s.names), ("host", s.hosts), ("class", s.client_classes), ("port", s.ports)):
            for value in values:
                other = seen.setdefault((kind, str(value)), s.id)
                assert other == s.id, f"{kind} {value!r} is both {other} and {s.id}"


def test_azure_tables_are_the_research():
    research = yaml.safe_load(RESEARCH.read_text(encoding="utf-8"))["azure"]
    for column in ("flex", "priority"):
        table = server("azure").azure[column]
        assert list(table.models) == [(m["model"], str(m["version"])) for m in research[column]["models"]], column
    assert server("azure").azure["flex"].deployment_type == research["flex"]["deployment_type"]


def test_azure_models_are_catalog_models():
    """Azure's tables name OpenAI models: each one must be a model the catalog knows, so a base model compares."""
    for column in ("flex", "priority"):
        for model in server("azure").azure[column].names:
            assert not catalog().match(model).entry.fallback, model


@pytest.mark.parametrize(
    "base,column,offered",
    [
        ("gpt-5.6-sol", "flex", True),
        ("azure/gpt-5.6-terra-2026-07-09", "flex", True),
        ("gpt-5.5", "flex", False),
        ("GPT-5.5", "priority", True),
        ("gpt-4o", "priority", False),
        ("my-own-finetune", "flex", None),
    ],
)
def test_azure_offers(base, column, offered):
    assert azure_offers(column, base) is offered


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://api.openai.com/v1", "openai"),
        ("api.openai.com", "openai"),
        ("https://my-res.openai.azure.com/openai/v1/", "azure"),
        ("https://my-res.cognitiveservices.azure.com", "azure"),
        ("https://openrouter.ai/api/v1", "openrouter"),
        ("https://api.groq.com/openai/v1", "groq"),
        ("https://api.x.ai/v1", "xai"),
        ("https://generativelanguage.googleapis.com/v1beta/openai/", "gemini"),
        ("https://bedrock-runtime.us-east-1.amazonaws.com", "bedrock"),
        ("https://s3.amazonaws.com", "unknown"),
        ("http://localhost:11434/v1", "ollama"),
        ("http://ollama:11434/v1", "ollama"),
        ("http://192.168.1.20:11434", "ollama"),
        ("http://127.0.0.1:8000/v1", "vllm"),
        ("http://[::1]:8080/v1", "llamacpp"),
        ("http://localhost:1234/v1", "lmstudio"),
        ("http://0.0.0.0:5000/v1", "local"),
        ("https://llm.example.com/v1", "unknown"),
        ("${OPENAI_BASE_URL}", "unknown"),
        ("https://${RESOURCE}.openai.azure.com", "azure"),
        ("not a url at all", "unknown"),
    ],
)
def test_url_target(url, expected):
    assert url_target(url, None, "base_url").server == expected


def test_url_target_says_how_and_never_shows_credentials():
    target = url_target("https://user:s3cret@api.groq.com/openai/v1?key=abc", None, "base_url")
    assert target.server == "groq"
    assert "s3cret" not in target.how and "key=abc" not in target.how and "api.groq.com/openai/v1" in target.how
    port = url_target("http://localhost:11434/v1", None, "base_url")
    assert "port 11434 is Ollama's default" in port.how
    env = url_target("${OPENAI_BASE_URL}", None, "baseURL")
    assert env.assumed and "when the app runs" in env.assumed


def test_url_target_keeps_the_url_written_out_in_full():
    """What `flexlint probe` sends to: scheme, host, port and path; never credentials, a query or a placeholder."""
    assert url_target("https://user:s3cret@api.groq.com/openai/v1?key=abc", None, "base_url").url == \
        "https://api.groq.com/openai/v1"
    assert url_target("localhost:8000/v1", None, "base_url").url == "https://localhost:8000/v1"
    assert url_target("https://${RESOURCE}.openai.azure.com", None, "base_url").url is None
    assert url_target("https://proxy.example.com/{{ team }}/v1", None, "base_url").url is None
    assert url_target("${OPENAI_BASE_URL}", None, "base_url").url is None


@pytest.mark.parametrize("host,local", [("localhost", True), ("10.0.0.4", True), ("myhost.local", True),
                                        ("gpu-box", True), ("8.8.8.8", False), ("api.openai.com", False),
                                        ("${HOST}", False)])
def test_local_hosts(host, local):
    assert is_local_host(host) is local


def test_parse_url_without_a_host():
    assert parse_url("") is None and parse_url("http://") is None


@pytest.mark.parametrize(
    "body,expected,signs",
    [
        ({"model": "claude-3-5-sonnet", "max_tokens": 10, "messages": [], "system": "x"}, "anthropic", ["system"]),
        ({"model": "claude-3-5-sonnet", "max_tokens": 10, "messages": []}, "anthropic", ["model"]),
        ({"model": "llama3", "prompt": "hi", "options": {"num_ctx": 8}}, "ollama", ["options"]),
        ({"model": "qwen", "prompt": "x", "format": "json", "think": False}, "ollama", ["format", "think"]),
        ({"model": "mistral-small", "messages": [], "safe_prompt": True}, "mistral", ["safe_prompt"]),
        ({"model": "openai/gpt-5", "messages": [], "provider": {"sort": "price"}}, "openrouter", ["provider"]),
        ({"model": "qwen", "messages": [], "top_k": 20}, "compatible", ["top_k"]),
        ({"model": "gpt-5", "messages": [], "max_tokens": 10}, None, None),
    ],
)
def test_by_body(body, expected, signs):
    found = servers().by_body(body, body.get("model"))
    if expected is None:
        assert found is None
    else:
        assert (found[0].id, found[1]) == (expected, signs)


@pytest.mark.parametrize(
    "server_id,model,table",
    [
        ("openai", "gpt-4o", "catalog"),
        ("openrouter", "openai/gpt-4o", "catalog"),
        ("openrouter", "google/gemma-3-12b-it:free", None),
        ("azure", "batch-deploy", "azure"),
        ("openai", "azure/batch-deploy", "azure"),
        ("groq", "openai/gpt-oss-120b", None),
        ("ollama", "gpt-4o", None),
        ("unknown", "gpt-4o", None),
        ("openai", "anthropic/claude-sonnet-4", None),
    ],
)
def test_tier_table(server_id, model, table):
    assert tier_table(Target(server_id), catalog().normalise(model)) == table


def test_tier_fates():
    assert server("xai").tier("flex").fate == "rejected"
    assert server("groq").tier("flex").fate == "offered" and server("groq").flex.timeout is None
    assert server("groq").tier("priority").fate == "unknown"
    assert server("anthropic").tier("flex", native=True).fate == "rejected"
    assert server("anthropic").tier("flex", native=False).fate == "unknown"  # its OpenAI-compatible layer
    assert server("openai").tier("FLEX").fate == "per-model"
    assert server("nonexistent").id == "unknown"
