"""The `target` kind and the target-aware client check, on request sites built by hand."""

from __future__ import annotations

from flexlint.checks import Ask
from flexlint.checks import client, target
from flexlint.core.site import HTTP, ClientOptions, Drop, Effective, RequestSite, Target
from flexlint.run.documents import read_documents

TARGET = Ask(frozenset({"tier-not-offered", "unknown-target"}))
CLIENT = Ask(frozenset({"flex-short-timeout", "flex-no-retry"}), {"min_seconds": 900.0})


def site(text: str, server: str, native: bool = False, **kw) -> RequestSite:
    (doc,) = read_documents("x.yaml", text.encode())
    params = dict(doc.root.value)
    return RequestSite(doc, "x", "chat", HTTP, params=params, container=doc.root,
                       effective={(k,): Effective(v.plain(), v) for k, v in params.items()},
                       model=params["model"].value if "model" in params else None, model_node=params.get("model"),
                       target=Target(server, "test", native=native), **kw)


def outcomes(s: RequestSite, ask: Ask = TARGET, kind=target) -> list[str]:
    return [f.outcome for f in kind.check_site(s, ask)]


def test_a_rejected_tier_is_an_error_a_documented_one_is_not():
    assert outcomes(site("model: grok-4\nservice_tier: flex\n", "xai")) == ["tier-not-offered"]
    assert outcomes(site("model: grok-4\nservice_tier: default\n", "xai")) == []
    assert outcomes(site("model: llama\nservice_tier: flex\n", "groq")) == []
    assert outcomes(site("model: llama\nservice_tier: priority\n", "groq")) == []  # undocumented: no verdict


def test_native_only_tiers_need_the_servers_own_format():
    text = "model: claude-sonnet-4-5\nservice_tier: flex\n"
    assert outcomes(site(text, "anthropic", native=True)) == ["tier-not-offered"]
    assert outcomes(site(text, "anthropic", native=False)) == []  # through a compatibility layer: not documented


def test_openai_and_azure_are_left_to_the_schema_and_model_rules():
    assert outcomes(site("model: gpt-5.4\nservice_tier: flexx\n", "openai")) == []
    assert outcomes(site("model: deploy\nservice_tier: flex\n", "azure")) == []


def test_a_tier_a_layer_never_sends_is_not_judged_again():
    s = site("model: grok-4\nservice_tier: flex\n", "xai")
    s.drops.append(Drop("service_tier", s.params["service_tier"], "dropped", "drop_params"))
    assert outcomes(s) == []


def test_unknown_target_only_when_something_is_withheld():
    assert outcomes(site("model: m\ntemperature: 0.2\n", "unknown")) == []
    assert outcomes(site("model: m\ntop_k: 20\n", "unknown")) == ["unknown-target"]
    assert outcomes(site("model: m\nservice_tier: flex\n", "unknown")) == ["unknown-target"]
    assert outcomes(site("model: m\ntop_k: 20\n", "vllm")) == []  # a server flexlint knows


def _flex(server: str, **client_kw) -> RequestSite:
    return site("model: gpt-5.4\nservice_tier: flex\n", server,
                client=ClientOptions(default_timeout=600.0, **client_kw))


def test_flex_hygiene_follows_the_server():
    assert outcomes(_flex("openai"), CLIENT, client) == ["flex-short-timeout"]
    assert outcomes(_flex("groq"), CLIENT, client) == []  # Groq answers 498 at once: no timeout advice
    for server in ("xai", "vllm", "unknown", "anthropic"):
        assert outcomes(_flex(server), CLIENT, client) == [], server


def test_flex_hygiene_on_azure_depends_on_the_base_model():
    unknown = _flex("azure")
    assert outcomes(unknown, CLIENT, client) == ["flex-short-timeout"]
    unknown.target.base_model = "gpt-5.5"  # Azure answers 400: the model rule says so, no timeout advice
    assert outcomes(unknown, CLIENT, client) == []
    unknown.target.base_model = "gpt-5.6-luna"
    assert outcomes(unknown, CLIENT, client) == ["flex-short-timeout"]


def test_no_flex_hygiene_for_a_dropped_tier_but_for_a_misspelt_one():
    s = _flex("openai")
    s.drops.append(Drop("service_tier", s.params["service_tier"], "dropped", "the provider does not take it"))
    assert outcomes(s, CLIENT, client) == []
    s.drops[0].kind = "unknown"  # a misspelling: sent once the spelling is fixed
    assert outcomes(s, CLIENT, client) == ["flex-short-timeout"]
