"""Raw request bodies: where each goes (its URL, else its own shape), and what that changes."""

from __future__ import annotations

import json

import pytest

from flexlint.api import Options, build_selection, lint_source
from flexlint.dialects import choose
from flexlint.run.documents import read_documents


def site_of(body: dict | str):
    text = body if isinstance(body, str) else json.dumps(body)
    (doc,) = read_documents("body.json", text.encode())
    (site,) = choose(doc).read(doc).sites
    return site


def lint(body: dict):
    data = json.dumps(body).encode()
    return [(d.rule, d.severity) for d in lint_source(data, "body.json", selection=build_selection(Options())).diagnostics]


ANTHROPIC = {"model": "claude-sonnet-4-5", "max_tokens": 1024, "system": "Be brief.", "top_k": 40,
             "stop_sequences": ["\n\n"], "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}],
             "service_tier": "auto", "speed": "fast", "thinking": {"type": "enabled", "budget_tokens": 2048}}
OLLAMA_CHAT = {"model": "llama3.2", "messages": [{"role": "user", "content": "hi"}], "stream": False,
               "keep_alive": "5m", "options": {"num_ctx": 8192, "temperature": 0.2}}
OLLAMA_GENERATE = {"model": "qwen3.5:4b", "prompt": "Return JSON.", "format": "json", "think": False, "stream": False}
MISTRAL = {"model": "mistral-small-latest", "messages": [{"role": "user", "content": "hi"}], "safe_prompt": True,
           "random_seed": 7}
OPENROUTER = {"model": "openai/gpt-5.4-mini", "messages": [{"role": "user", "content": "hi"}],
              "provider": {"order": ["openai"], "allow_fallbacks": False}, "transforms": ["middle-out"],
              "service_tier": "flex"}
VLLM = {"model": "Qwen/Qwen3-8B", "messages": [], "top_k": 20, "min_p": 0.05, "chat_template_kwargs": {"a": 1}}


@pytest.mark.parametrize(
    "body,server,native",
    [
        (ANTHROPIC, "anthropic", True),
        (OLLAMA_CHAT, "ollama", True),
        (OLLAMA_GENERATE, "ollama", True),
        (MISTRAL, "mistral", True),
        (OPENROUTER, "openrouter", False),
        (VLLM, "compatible", False),
        ({"model": "claude-3-5-sonnet-20241022", "max_tokens": 10, "messages": []}, "anthropic", False),
        ({"model": "gpt-5.4", "input": "hi", "service_tier": "flex"}, "openai", False),
    ],
)
def test_a_body_is_recognised_by_its_own_shape(body, server, native):
    target = site_of(body).target
    assert (target.server, target.native) == (server, native)


def test_done_when_other_servers_bodies_raise_nothing():
    """Anthropic, Ollama and Mistral bodies and an OpenRouter provider block: no error or warning."""
    for body in (ANTHROPIC, OLLAMA_CHAT, OLLAMA_GENERATE, MISTRAL, OPENROUTER):
        assert [f for f in lint(body) if f[1] != "info"] == [], body


def test_a_body_with_keys_only_compatible_servers_take_gets_one_note():
    assert lint(VLLM) == [("unknown-target", "info")]


def test_the_default_and_what_it_says():
    target = site_of({"model": "gpt-5.4", "input": "hi"}).target
    assert target.server == "openai" and "read as a request to OpenAI's API" in target.assumed


def test_a_batch_line_goes_to_openai_and_a_recorded_url_to_its_host():
    batch = site_of({"custom_id": "1", "method": "POST", "url": "/v1/responses", "body": {"model": "gpt-5.4", "input": "x"}})
    assert (batch.target.server, batch.target.how) == ("openai", 'a Batch API input line (url "/v1/responses")')
    recorded = site_of({"url": "http://localhost:11434/v1/chat/completions", "body": {"model": "llama3", "messages": []}})
    assert recorded.target.server == "ollama"


def test_an_anthropic_body_asking_for_a_tier_anthropic_lacks():
    assert lint({**ANTHROPIC, "service_tier": "flex"}) == [("tier-not-offered", "error")]


def test_openai_bodies_keep_their_verdicts():
    assert lint({"model": "gpt-5.4", "input": "hi", "serviceTier": "flex"}) == [("wrong-key-casing", "error")]
