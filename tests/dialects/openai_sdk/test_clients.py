"""The OpenAI SDK's client timeout through the CLI: a custom http_client keeps the SDK's 600 s unless it sets one."""

from __future__ import annotations

import json

from conftest import ROOT, run_cli

CASE = ROOT / "tests" / "python_cases" / "openai_http_client.py"


def test_http_client_timeouts():
    proc = run_cli("--format", "json", str(CASE))
    found = json.loads(proc.stdout)
    assert [(d["line"], d["column"], d["rule"]) for d in found] == [
        (10, 51, "flex-short-timeout"),  # httpx.AsyncClient(timeout=120): that timeout applies
        # AsyncOpenAI(**client_options): where it sends requests is not known, so flex is not judged there
        (15, 11, "unknown-target"),
        (20, 69, "flex-short-timeout"),  # httpx.AsyncClient(limits=...): the SDK puts its 600 s in place
        (21, 76, "flex-short-timeout"),  # DefaultAsyncHttpxClient(): the SDK's class carries 600 s
    ]
    assert "allows 120 s" in found[0]["message"]
    assert "replaces the default timeout of the `http_client`" in found[2]["message"]
    assert "`DefaultAsyncHttpxClient()`" in found[3]["message"]


def test_the_rule_the_sdk_applies_is_recorded_from_it():
    from flexlint.dialects.openai_sdk.clients import sdk

    data = sdk()
    assert data["defaults"]["replaced_http_client_timeout"] == data["http_clients"]["httpx.AsyncClient"] == 5.0
    assert data["http_clients"]["openai.DefaultAsyncHttpxClient"] == data["defaults"]["timeout"] == 600


def test_the_recorded_defaults_are_what_the_installed_sdk_does():
    """The pinned SDK (a test dependency) behaves as recorded: 600 s, a default-timeout http_client replaced,
    a written ``timeout=None`` (what LangChain passes) taking over any timeout of the http_client."""
    import openai

    from flexlint.dialects.openai_sdk.clients import sdk

    data = sdk()
    assert openai.__version__ == data["x-openai-sdk-version"]
    http = openai._base_client.httpx2  # the HTTP library the SDK is built on
    fresh = openai.OpenAI(api_key="sk-test")
    assert fresh.timeout.connect == data["defaults"]["connect_timeout"]
    assert fresh.timeout.read == data["defaults"]["timeout"] and fresh.max_retries == data["defaults"]["max_retries"]
    replaced = openai.OpenAI(api_key="sk-test", http_client=http.Client())
    assert http.Client().timeout.read == data["defaults"]["replaced_http_client_timeout"]
    assert replaced.timeout.read == data["defaults"]["timeout"]
    assert openai.OpenAI(api_key="sk-test", http_client=http.Client(timeout=30)).timeout.read == 30
    assert openai.OpenAI(api_key="sk-test", http_client=http.Client(timeout=30), timeout=None).timeout is None
    assert openai.DefaultHttpxClient().timeout.read == data["http_clients"]["openai.DefaultHttpxClient"]
