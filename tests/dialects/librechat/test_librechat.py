"""LibreChat's librechat.yaml: real corpus files and variants of them, one mistake at a time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flexlint.api import Options, build_selection, lint_source
from flexlint.dialects import choose, dialect

librechat = dialect("librechat")
from flexlint.checks.asked import tier_requests
from flexlint.run.documents import read_documents as load

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "real"
GDCH = "GDCh-de__librechat.yaml__librechat.yaml"
CELO = "CELO-AI__libre-chat-config__librechat.yaml"
FINFIR = "FinFir__LibrechatConfig__librechat.yaml"
EXAMPLE = "danny-avila__LibreChat__librechat.example.yaml"
# GDCh's own findings (see test_cli.CORPUS_FINDINGS): present in every GDCh variant.
GDCH_OWN = {("parameter-ignored", "`titleConvo`"), ("parameter-ignored", "`allowedDomains`")}

# The workaround users share for LibreChat's missing flex setting: a custom endpoint for OpenAI.
OPENAI_ENDPOINT = """\
    - name: "OpenAI"
      apiKey: "${OPENAI_API_KEY}"
      baseURL: "https://api.openai.com/v1"
      models:
        default: ["gpt-5.4-mini", "gpt-5.4"]
        fetch: false
      addParams:
        service_tier: "flex"
"""
SELECTION = build_selection(Options(select=["ALL"]))


def corpus(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def with_openai(endpoint: str = OPENAI_ENDPOINT, base: str = GDCH) -> str:
    return edit(corpus(base), "  custom:\n", "  custom:\n" + endpoint)


def lint(text: str, name: str = "librechat.yaml") -> list:
    return lint_source(text.encode(), name, selection=SELECTION).diagnostics


def new(diags, base_findings=GDCH_OWN) -> list:
    """Diagnostics other than the base file's own."""
    return [d for d in diags if not any(d.rule == rule and word in d.message for rule, word in base_findings)]


def line_of(text: str, needle: str, nth: int = 0) -> int:
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return lines[nth]


def sites_of(text: str, name: str = "librechat.yaml"):
    doc = load(name, text.encode())[0]
    assert choose(doc) is librechat
    return librechat.read(doc).sites


# ------------------------------------------------------------------ request sites


def test_flex_on_a_custom_openai_endpoint_is_clean():
    assert new(lint(with_openai())) == []


def test_one_site_per_listed_model_with_the_tier_it_sends():
    text = with_openai()
    sites = [s for s in sites_of(text) if s.origin == 'custom endpoint "OpenAI"']
    assert [s.model for s in sites] == ["gpt-5.4-mini", "gpt-5.4"]
    assert all(s.target.server == "openai" and s.effective[("service_tier",)].value == "flex" for s in sites)
    assert all(tier_requests(s)[0][0] == "flex" for s in sites)
    doc = load("librechat.yaml", text.encode())[0]
    line, col = doc.position(sites[1].model_node.start)
    assert (line, col) == (line_of(text, '"gpt-5.4"'), text.splitlines()[line - 1].index('"gpt-5.4"') + 1)
    assert sites[0].credentials and not sites[1].credentials


def test_target_comes_from_base_url():
    sites = sites_of(corpus(GDCH))
    target = {s.origin: s.target for s in sites}['custom endpoint "Mistral"']
    assert (target.server, target.how) == ("mistral", 'baseURL "https://api.mistral.ai/v1"')
    assert {s.model for s in sites if s.origin == 'custom endpoint "Perplexity"'} == {
        "sonar-reasoning-pro", "sonar-reasoning", "sonar-pro", "sonar"}


def test_add_params_under_builtin_openai_endpoint_is_ignored():
    text = edit(corpus(GDCH), "  agents:\n", "  openAI:\n    addParams:\n      service_tier: flex\n  agents:\n")
    found = new(lint(text))
    assert [(d.rule, d.line, d.column) for d in found] == [("parameter-ignored", line_of(text, "addParams:"), 5)]
    assert "built-in OpenAI endpoint never applies `addParams`" in found[0].message
    assert "custom endpoint with `baseURL: https://api.openai.com/v1`" in found[0].fix


def test_add_params_on_top_of_azure_openai_is_ignored_but_per_group_is_read():
    azure = (
        "  azureOpenAI:\n    addParams:\n      service_tier: flex\n    groups:\n"
        '      - group: "eastus"\n        apiKey: "${AZURE_API_KEY}"\n        instanceName: "my-instance"\n'
        "        models:\n          gpt-5.4-mini:\n            deploymentName: gpt-54-mini\n"
        "        addParams:\n          service_tier: flex\n"
    )
    text = edit(corpus(GDCH), "  agents:\n", azure + "  agents:\n")
    found = new(lint(text))
    assert [(d.rule, d.line) for d in found] == [
        ("parameter-ignored", line_of(text, "addParams:")),
        # the group's own addParams is read: flex goes to an Azure deployment, which the catalog cannot judge
        ("azure-deployment-unchecked", line_of(text, "gpt-5.4-mini:")),
    ]
    assert "per group" in found[0].message
    group = [s for s in sites_of(text) if s.origin == 'Azure group "eastus"']
    assert [(s.model, s.target.server, s.target.deployment, s.effective[("service_tier",)].value) for s in group] == [
        ("gpt-5.4-mini", "azure", "gpt-54-mini", "flex")]


def test_drop_params_wins_over_add_params():
    text = with_openai(OPENAI_ENDPOINT + '      dropParams: ["stop", "service_tier"]\n')
    found = new(lint(text))
    assert [(d.rule, d.line, d.column) for d in found] == [("parameter-dropped", line_of(text, "service_tier: "), 9)]
    assert "dropParams after addParams" in found[0].message and 'service_tier "flex"' in found[0].message
    assert found[0].related[0].line == line_of(text, "dropParams: [")
    assert found[0].fix == 'remove "service_tier" from dropParams'
    sites = [s for s in sites_of(text) if s.origin == 'custom endpoint "OpenAI"']
    assert ("service_tier",) not in sites[0].effective


def test_drop_params_of_other_keys_keep_the_tier():
    assert new(lint(with_openai(OPENAI_ENDPOINT + '      dropParams: ["stop", "user"]\n'))) == []


def test_drop_params_do_not_touch_model_kwargs():
    """Keys LibreChat does not know go to modelKwargs, which dropParams never deletes."""
    endpoint = OPENAI_ENDPOINT + '        prompt_cache_key: "chat"\n      dropParams: ["prompt_cache_key"]\n'
    assert new(lint(with_openai(endpoint))) == []


def test_preset_tier_is_stripped():
    text = edit(corpus(CELO), "        model: openai/gpt-4o\n", "        model: openai/gpt-4o\n        service_tier: flex\n")
    found = lint(text)
    assert [(d.rule, d.line, d.column) for d in found] == [("parameter-ignored", line_of(text, "service_tier"), 9)]
    assert 'model spec "openai/gpt-4o" on custom endpoint "OpenRouter"' in found[0].message
    assert found[0].fix == 'set `service_tier: flex` in `addParams` of custom endpoint "OpenRouter"'


def test_preset_value_removed_by_drop_params():
    text = edit(corpus(CELO), "      forcePrompt: false\n", '      forcePrompt: false\n      dropParams: ["temperature"]\n')
    text = edit(text, "        model: google/gemini-2.5-flash\n", "        model: google/gemini-2.5-flash\n        temperature: 0.2\n")
    found = lint(text)
    assert [(d.rule, d.line) for d in found] == [("parameter-dropped", line_of(text, "temperature: 0.2"))]


def test_preset_without_tier_is_clean():
    assert lint(corpus(CELO)) == []


@pytest.mark.parametrize(
    "key,value,rule,words",
    [
        ("serviceTier", "flex", "wrong-key-casing", "write `service_tier`"),
        ("service_tier", "flexx", "invalid-value", 'Did you mean "flex"?'),
        ("service_teir", "flex", "unknown-parameter", "Did you mean `service_tier`?"),
    ],
)
def test_add_params_go_to_the_wire_verbatim(key, value, rule, words):
    text = with_openai(edit(OPENAI_ENDPOINT, 'service_tier: "flex"', f'{key}: "{value}"'))
    found = new(lint(text))
    assert [(d.rule, d.line) for d in found] == [(rule, line_of(text, f"{key}: "))]
    assert words in found[0].message and "LibreChat" in found[0].message


def test_add_params_of_other_providers_are_theirs():
    """Mistral's own safe_prompt (from LibreChat's example file) is not judged by OpenAI's schema."""
    text = edit(corpus(EXAMPLE), "      dropParams: ['stop', 'user', 'frequency_penalty', 'presence_penalty']\n",
                "      dropParams: ['stop', 'user', 'frequency_penalty', 'presence_penalty']\n      addParams:\n        safe_prompt: true\n")
    assert lint(text) == []


def test_langchain_field_names_in_add_params_are_valid():
    endpoint = OPENAI_ENDPOINT + "        topP: 0.9\n        maxRetries: 3\n        useResponsesApi: true\n"
    assert new(lint(with_openai(endpoint))) == []


def test_no_retries_with_flex():
    text = with_openai(OPENAI_ENDPOINT + "        maxRetries: 0\n")
    found = new(lint(text))
    assert [(d.rule, d.line) for d in found] == [("flex-no-retry", line_of(text, "maxRetries"))]


def test_fetched_models_with_flex():
    text = with_openai(edit(OPENAI_ENDPOINT, "fetch: false", "fetch: true"))
    found = new(lint(text))
    assert [(d.rule, d.severity, d.line) for d in found] == [("model-list-unknown", "info", line_of(text, "fetch: true"))]
    assert 'custom endpoint "OpenAI"' in found[0].message


def test_fetched_models_without_flex_say_nothing():
    assert lint(corpus(EXAMPLE)) == []


def test_literal_api_key():
    text = with_openai(edit(OPENAI_ENDPOINT, '"${OPENAI_API_KEY}"', '"sk-proj-Q1w2E3r4T5y6U7i8O9p0Aa"'))
    found = new(lint(text))
    assert [(d.rule, d.line) for d in found] == [("hardcoded-api-key", line_of(text, "apiKey: \"sk-"))]
    assert "Q1w2" not in found[0].message


# ------------------------------------------------------------------ app-config-invalid


@pytest.mark.parametrize(
    "old,new_text,needle,words,fix",
    [
        ("  agents:\n", "  openai:\n    titleConvo: true\n  agents:\n", "openai:",
         "Unrecognized key(s) in object: 'openai' at `endpoints`", "rename `openai` to `openAI`"),
        ("  agents:\n", "  OpenAI:\n    titleConvo: true\n  agents:\n", "OpenAI:",
         "Unrecognized key(s) in object: 'OpenAI'", "rename `OpenAI` to `openAI`"),
        ("version: 1.3.1\n", "version: 1.3\n", "version:", "Expected string, received number", 'quote the version: version: "1.3"'),
        ('- name: "Mistral"', '- name: "openAI"', 'name: "openAI"', "Value cannot be one of the default endpoint",
         "rename the endpoint"),
        ("      titleModel: \"sonar\"\n", "      titleModel: \"sonar\"\n      titleMethod: chat\n", "titleMethod",
         "Invalid enum value. Expected 'completion' | 'functions' | 'structured', received 'chat'", "use one of"),
    ],
)
def test_what_librechat_refuses_at_start_up(old, new_text, needle, words, fix):
    text = edit(corpus(GDCH), old, new_text)
    found = [d for d in lint(text) if d.rule == "app-config-invalid"]
    assert [(d.line, d.severity, d.code) for d in found] == [(line_of(text, needle), "error", "FLX304")]
    assert words in found[0].message and "Invalid custom config file" in found[0].message
    assert fix in found[0].fix


def test_custom_endpoint_named_openai_with_capital_o_is_accepted():
    assert new(lint(with_openai())) == []  # the name "OpenAI" differs from the reserved "openAI"


def test_quoted_version_is_accepted():
    assert new(lint(edit(corpus(GDCH), "version: 1.3.1\n", 'version: "1.3"\n'))) == []


def test_legacy_top_level_speech_keys_follow_the_declared_version():
    """FinFir declares 1.1.3, when top-level tts/stt were the format; from config 1.1.5 on they are refused."""
    assert lint(corpus(FINFIR)) == []
    text = edit(corpus(FINFIR), "version: 1.1.3\n", "version: 1.2.1\n")
    found = lint(text)
    assert [(d.rule, d.line) for d in found] == [("app-config-invalid", line_of(text, "tts:")),
                                                 ("app-config-invalid", line_of(text, "stt:"))]
    assert "move `tts` under `speech:`" in found[0].fix


def test_keys_a_later_release_added_are_not_refused():
    """Bizclik declares 1.2.8 and uses streamable-http MCP servers, which 1.2.1's schema lacked."""
    assert lint(corpus("Bizclik-Media__LibreChat-config__librechat.yaml")) == []


def test_keys_a_later_release_removed_are_refused_only_when_declared():
    base = edit(corpus(GDCH), "  agents:\n", "  gptPlugins:\n    titleConvo: true\n  agents:\n")
    assert [d for d in lint(base) if d.rule == "app-config-invalid"] == []
    newer = edit(base, "version: 1.3.1\n", "version: 1.3.17\n")
    assert [(d.rule, d.line) for d in lint(newer) if d.rule == "app-config-invalid"] == [
        ("app-config-invalid", line_of(newer, "gptPlugins"))]


# ------------------------------------------------------------------ recognition


def test_recognised_by_content_whatever_the_name():
    text = edit(corpus(GDCH), "  agents:\n", "  openai:\n    titleConvo: true\n  agents:\n")
    assert {d.rule for d in lint(text, "config/settings.yml")} >= {"app-config-invalid"}


def test_json_config():
    import yaml

    data = yaml.safe_load(with_openai(edit(OPENAI_ENDPOINT, "service_tier", "serviceTier")))
    text = json.dumps(data, indent=2)
    found = [d for d in lint(text, "librechat.json") if d.rule == "wrong-key-casing"]
    assert [d.line for d in found] == [line_of(text, '"serviceTier"')]


def test_stripped_preset_tier_is_reported_once_even_when_dropped_too():
    text = edit(corpus(CELO), "        model: openai/gpt-4o\n", "        model: openai/gpt-4o\n        service_tier: flex\n")
    text = edit(text, "      forcePrompt: false\n", '      forcePrompt: false\n      dropParams: ["service_tier"]\n')
    assert [d.rule for d in lint(text)] == ["parameter-ignored"]


# ---------------------------------------------------------------- where requests go


@pytest.mark.parametrize(
    "base_url,server",
    [
        ("https://api.openai.com/v1", "openai"),
        ("http://host.docker.internal:11434/v1", "ollama"),
        ("https://openrouter.ai/api/v1", "openrouter"),
        ("https://api.groq.com/openai/v1", "groq"),
        ("${OPENAI_REVERSE_PROXY}", "unknown"),
        ("https://gateway.example.com/v1", "unknown"),
    ],
)
def test_custom_endpoint_target(base_url, server):
    text = with_openai(edit(OPENAI_ENDPOINT, "https://api.openai.com/v1", base_url))
    sites = [s for s in sites_of(text) if s.origin == 'custom endpoint "OpenAI"']
    assert {s.target.server for s in sites} == {server}


def test_flex_on_a_local_endpoint_is_not_judged_by_openai():
    endpoint = edit(OPENAI_ENDPOINT, "https://api.openai.com/v1", "http://localhost:11434/v1")
    endpoint = edit(endpoint, "fetch: false", "fetch: true") + "        num_ctx: 8192\n        maxRetries: 0\n"
    assert new(lint(with_openai(endpoint))) == []


def test_an_unknown_endpoint_says_so_once():
    endpoint = edit(OPENAI_ENDPOINT, "https://api.openai.com/v1", "https://gateway.example.com/v1")
    text = with_openai(endpoint)
    found = new(lint(text))
    assert [(d.rule, d.line) for d in found] == [("unknown-target", line_of(text, "gateway.example.com"))]


def test_azure_group_deployments():
    azure = (
        "  azureOpenAI:\n    groups:\n"
        '      - group: "eastus"\n        apiKey: "${AZURE_API_KEY}"\n        instanceName: "my-instance"\n'
        "        deploymentName: shared-deploy\n"
        "        models:\n          gpt-5.4-mini:\n            deploymentName: gpt-54-mini\n          gpt-5.4: true\n"
    )
    text = edit(corpus(GDCH), "  agents:\n", azure + "  agents:\n")
    group = {s.model: s.target for s in sites_of(text) if s.origin == 'Azure group "eastus"'}
    assert {m: (t.server, t.deployment) for m, t in group.items()} == {
        "gpt-5.4-mini": ("azure", "gpt-54-mini"), "gpt-5.4": ("azure", "shared-deploy")}
