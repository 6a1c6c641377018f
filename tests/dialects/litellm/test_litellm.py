"""LiteLLM proxy config.yaml: the real corpus file and variants of it, one mistake at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from flexlint.api import Options, build_selection, lint_source
from flexlint.dialects import choose, dialect

litellm = dialect("litellm")
from flexlint.run.documents import read_documents as load

BASE = (Path(__file__).resolve().parents[2] / "corpus" / "real" / "1aboveio__litellm-deploy__litellm_config.yaml").read_text()
# Azure deployments flex is sent to get the catalog's info (tested in test_model_check.py); these
# tests are about what LiteLLM itself does with the tier.
SELECTION = build_selection(Options(select=["ALL"], ignore=["azure-deployment-unchecked", "flex-short-timeout"]))
# The same with the timeout rule on (the corpus file's `request_timeout: 300` is short for flex).
WITH_TIMEOUT = build_selection(Options(select=["ALL"], ignore=["azure-deployment-unchecked"]))
MINI = "      model: openai/gpt-5.4-mini\n"
GPT4O = "      model: openai/gpt-4o\n"
CLAUDE = "      model: anthropic/claude-sonnet-4-20250514\n"
GLOBAL_DROP = "  drop_params: true\n"
AZURE_4O = (
    "  - model_name: gpt-4o-azure\n    litellm_params:\n      model: azure/prod-gpt4o\n"
    "      api_base: os.environ/AZURE_API_BASE\n      api_key: os.environ/AZURE_API_KEY\n      service_tier: flex\n\n"
)


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def add_after(text: str, anchor: str, lines: str) -> str:
    return edit(text, anchor, anchor + lines)


def with_azure(text: str = BASE, entry: str = AZURE_4O) -> str:
    return edit(text, "general_settings:", entry + "general_settings:")


def lint(text: str, name: str = "litellm_config.yaml"):
    return lint_source(text.encode(), name, selection=SELECTION).diagnostics


def line_of(text: str, needle: str, nth: int = 0) -> int:
    return [i + 1 for i, line in enumerate(text.splitlines()) if needle in line][nth]


def sites_of(text: str, name: str = "config.yaml"):
    doc = load(name, text.encode())[0]
    assert choose(doc) is litellm
    return {s.origin: s for s in litellm.read(doc).sites}


def test_corpus_file_is_clean_and_read():
    assert lint(BASE) == []
    sites = sites_of(BASE)
    mini = sites['model_list entry "gpt-5.4-mini"']
    assert (mini.model, mini.target.server) == ("gpt-5.4-mini", "openai")  # the provider prefix is stripped
    assert mini.target.how == 'the model prefix "openai/"' and "OPENAI_BASE_URL" in mini.target.assumed
    assert mini.model_node.value == "openai/gpt-5.4-mini"  # the node is the scalar as written
    assert sites['model_list entry "claude-sonnet-4-20250514"'].target.server == "anthropic"
    assert (mini.client.timeout_seconds, mini.client.max_retries_value, mini.client.label) == (300.0, 2, "num_retries")


def test_flex_on_an_openai_model_is_kept():
    text = add_after(BASE, MINI, "      service_tier: flex\n")
    # The corpus file's `request_timeout: 300` is too short for flex: the only finding.
    found = lint_source(text.encode(), "litellm_config.yaml", selection=WITH_TIMEOUT).diagnostics
    assert [(d.rule, d.line) for d in found] == [("flex-short-timeout", line_of(text, "request_timeout: 300"))]
    assert "300" in found[0].message and found[0].related[0].line == line_of(text, "service_tier: flex")
    longer = edit(text, "request_timeout: 300", "request_timeout: 900")
    assert lint_source(longer.encode(), "litellm_config.yaml", selection=WITH_TIMEOUT).diagnostics == []
    site = sites_of(text)['model_list entry "gpt-5.4-mini"']
    assert site.effective[("service_tier",)].value == "flex"


def test_unsupported_tier_dropped_silently_by_global_drop_params():
    text = with_azure()
    found = lint(text)
    assert [(d.rule, d.line, d.column) for d in found] == [("parameter-dropped", line_of(text, "service_tier: flex"), 7)]
    assert "prod-gpt4o" in found[0].message and "drop_params: true" in found[0].message
    assert found[0].related[0].line == line_of(text, "drop_params: true")
    assert ("service_tier",) not in sites_of(text)['model_list entry "gpt-4o-azure"'].effective


def test_unsupported_tier_without_drop_params_fails_the_request():
    text = with_azure(edit(BASE, GLOBAL_DROP, ""))
    found = lint(text)
    assert [(d.rule, d.severity) for d in found] == [("parameter-rejected", "error")]
    assert "UnsupportedParamsError" in found[0].message


def test_per_deployment_drop_params_counts_too():
    text = with_azure(edit(BASE, GLOBAL_DROP, ""), AZURE_4O.replace("      service_tier", "      drop_params: true\n      service_tier"))
    assert [d.rule for d in lint(text)] == ["parameter-dropped"]


@pytest.mark.parametrize("deployment", ["azure/prod-gpt-5.4-mini", "azure/o4-mini-eu"])
def test_azure_deployments_read_as_gpt5_or_o_series_keep_the_tier(deployment):
    assert lint(with_azure(entry=AZURE_4O.replace("azure/prod-gpt4o", deployment))) == []


def _with_base_model(base: str) -> str:
    entry = AZURE_4O + f"    model_info:\n      base_model: {base}\n"
    return with_azure(entry=entry.replace("service_tier: flex\n\n    model_info", "service_tier: flex\n    model_info"))


def test_azure_base_model_decides():
    """LiteLLM keeps the tier for a gpt-5 base model; Azure's own table then decides whether flex runs."""
    text = _with_base_model("azure/gpt-5.6-sol")
    assert lint(text) == []
    site = sites_of(text)['model_list entry "gpt-4o-azure"']
    target = site.target
    assert (site.model, target.server, target.deployment, target.base_model) == ("prod-gpt4o", "azure", "prod-gpt4o", "gpt-5.6-sol")
    assert target.how == 'the model prefix "azure/"' and target.assumed == "api_base is read from the environment (os.environ/AZURE_API_BASE)"


@pytest.mark.parametrize("base", ["azure/gpt-5.5", "gpt-5.5", "azure/gpt-5.4"])
def test_azure_base_model_without_flex_is_an_error_naming_azures_list(base):
    text = _with_base_model(base)
    [found] = lint(text)
    assert (found.rule, found.severity, found.line) == ("flex-unsupported-model", "error", line_of(text, "service_tier: flex"))
    model = base.split("/")[-1]
    assert found.message.startswith(f"Azure OpenAI does not offer flex for {model} deployments (only gpt-5.6-sol, "
                                    "gpt-5.6-luna, gpt-5.6-terra, gpt-6-astra")
    assert "HTTP 400" in found.message and found.related[0].line == line_of(text, "base_model:")


@pytest.mark.parametrize("tier,rule", [("flex", "parameter-dropped"), ("priority", "parameter-dropped"), ("auto", None), ("default", None)])
def test_anthropic_accepts_only_auto_and_default(tier, rule):
    text = add_after(BASE, CLAUDE, f"      service_tier: {tier}\n")
    assert [d.rule for d in lint(text)] == ([rule] if rule else [])
    if rule:
        assert [d.rule for d in lint(edit(text, GLOBAL_DROP, ""))] == ["parameter-rejected"]
        assert "HTTP 400" in lint(edit(text, GLOBAL_DROP, ""))[0].message


def test_additional_drop_params_remove_the_tier_on_any_provider():
    text = add_after(BASE, MINI, '      service_tier: flex\n      additional_drop_params: ["service_tier"]\n')
    found = lint(text)
    assert [(d.rule, d.line) for d in found] == [("parameter-dropped", line_of(text, "service_tier: flex"))]
    assert found[0].related[0].line == line_of(text, "additional_drop_params")


def test_allowed_openai_params_let_it_through():
    text = with_azure(edit(BASE, GLOBAL_DROP, ""), AZURE_4O.replace("      service_tier: flex\n", '      service_tier: flex\n      allowed_openai_params: ["service_tier"]\n'))
    assert lint(text) == []


def test_tier_outside_litellm_params_is_ignored():
    text = edit(BASE, "  - model_name: gpt-4o\n", "  - model_name: gpt-4o\n    service_tier: flex\n")
    found = lint(text)
    assert [(d.rule, d.line) for d in found] == [("parameter-ignored", line_of(text, "service_tier"))]
    assert "litellm_params" in found[0].fix


@pytest.mark.parametrize(
    "line,rule,words",
    [
        ("serviceTier: flex", "wrong-key-casing", "write `service_tier`"),
        ("service_tier: flexx", "invalid-value", 'Did you mean "flex"?'),
    ],
)
def test_openai_params_are_checked_for_openai_models(line, rule, words):
    text = add_after(BASE, MINI, f"      {line}\n")
    found = lint(text)
    assert [(d.rule, d.line) for d in found] == [(rule, line_of(text, line))]
    assert words in found[0].message


def test_openai_prefix_pointing_elsewhere_is_not_judged_by_openai():
    text = add_after(BASE, MINI, "      api_base: http://localhost:8000/v1\n      serviceTier: flex\n")
    assert lint(text) == []


def test_literal_keys():
    text = edit(BASE, "      api_key: os.environ/ANTHROPIC_API_KEY\n", "      api_key: sk-ant-api03-AbCdEfGhIjKlMnOpQrSt\n")
    text = edit(text, "  master_key: os.environ/LITELLM_MASTER_KEY\n", "  master_key: sk-9f8e7d6c5b4a39281726\n")
    found = lint(text)
    assert [(d.rule, d.line) for d in found] == [
        ("hardcoded-api-key", line_of(text, "sk-ant-")),
        ("hardcoded-api-key", line_of(text, "master_key")),
    ]
    assert all("AbCd" not in d.message and "9f8e" not in d.message for d in found)


def test_no_retries_with_flex():
    text = add_after(BASE, MINI, "      service_tier: flex\n")
    text = edit(text, "  num_retries: 2\n", "  num_retries: 0\n")
    found = lint(text)
    assert [(d.rule, d.line) for d in found] == [("flex-no-retry", line_of(text, "num_retries: 0"))]


def test_deployment_settings_win_over_global_ones():
    text = add_after(BASE, MINI, "      timeout: 900\n      num_retries: 4\n")
    client = sites_of(text)['model_list entry "gpt-5.4-mini"'].client
    assert (client.timeout_seconds, client.max_retries_value) == (900.0, 4)


def test_recognised_by_content_whatever_the_name():
    assert choose(load("deploy/proxy.yml", BASE.encode())[0]) is litellm
    assert choose(load("librechat.yaml", BASE.encode())[0]) is litellm


# ---------------------------------------------------------------- where requests go


def _entry(params: str, name: str = "x") -> str:
    return edit(BASE, "general_settings:", f"  - model_name: {name}\n    litellm_params:\n{params}\n" + "general_settings:")


@pytest.mark.parametrize(
    "params,server",
    [
        ("      model: openai/gpt-5.4-mini\n", "openai"),
        ("      model: gpt-5.4-mini\n", "openai"),
        ("      model: openai/qwen3\n      api_base: http://localhost:8000/v1\n", "vllm"),
        ("      model: openai/llama3\n      api_base: http://ollama:11434/v1\n", "ollama"),
        ("      model: openai/qwen3\n      api_base: https://gateway.example.com/v1\n", "unknown"),
        ("      model: openai/qwen3\n      api_base: os.environ/LOCAL_BASE\n", "unknown"),
        ("      model: hosted_vllm/qwen3\n      api_base: http://10.0.0.5:9000/v1\n", "vllm"),
        ("      model: ollama_chat/llama3\n", "ollama"),
        ("      model: groq/llama-3.3-70b-versatile\n", "groq"),
        ("      model: openrouter/openai/gpt-5.4\n", "openrouter"),
        ("      model: azure/prod\n      api_base: os.environ/AZURE_API_BASE\n", "azure"),
        ("      model: prod\n      custom_llm_provider: azure\n", "azure"),
        ("      model: some-new-provider/m\n", "unknown"),
        ("      model: my-model\n", "unknown"),
    ],
)
def test_deployment_target(params, server):
    assert sites_of(_entry(params))['model_list entry "x"'].target.server == server


def test_a_dropped_tier_gets_no_flex_hygiene():
    """Done when: a tier LiteLLM drops for its provider gets no flex-short-timeout (the corpus file's 300 s)."""
    text = with_azure()  # azure/prod-gpt4o: LiteLLM drops service_tier (drop_params: true)
    found = lint_source(text.encode(), "litellm_config.yaml", selection=WITH_TIMEOUT).diagnostics
    assert [d.rule for d in found] == ["parameter-dropped"]
    kept = add_after(BASE, MINI, "      service_tier: flex\n")
    assert [d.rule for d in lint_source(kept.encode(), "c.yaml", selection=WITH_TIMEOUT).diagnostics] == ["flex-short-timeout"]


def test_a_local_server_behind_an_openai_prefix_is_not_judged_by_openai():
    text = _entry("      model: openai/qwen3\n      api_base: http://localhost:8000/v1\n      top_k: 20\n"
                  "      repetition_penalty: 1.1\n      service_tier: flex\n")
    assert lint_source(text.encode(), "c.yaml", selection=WITH_TIMEOUT).diagnostics == []
