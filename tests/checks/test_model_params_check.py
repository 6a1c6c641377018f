"""The model-parameters check on request sites as dialects build them, and through the real files of each dialect.

Sites built by hand show what the check reads (the target, the API, the layer's own per-model
adjustments, the effective effort); the files show that each place requests are found reaches it.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import run_cli
from flexlint.checks import Ask
from flexlint.checks.model_params import OUTCOMES, check_site
from flexlint.core.site import HTTP, Effective, RequestSite, Target
from flexlint.run.documents import read_documents as load

ALL = Ask(frozenset(OUTCOMES))


def site(body: dict, api: str = "chat", model: str | None = None, target: Target | None = None, layer=HTTP):
    import json

    d = load("body.json", json.dumps(body).encode())[0]
    effective = {(k,): Effective(v.plain(), v) for k, v in d.root.value.items()}
    model = model if model is not None else body.get("model")
    return RequestSite(d, "x", api, layer, params=dict(d.root.value), effective=effective, model=model,
                       model_node=d.root.get("model"), target=target or Target("openai"))


def outcomes(s: RequestSite) -> list[str]:
    return sorted(f.outcome for f in check_site(s, ALL))


def test_each_issue_text_on_a_raw_body_and_none_once_made_valid():
    bad = site({"model": "gpt-5.6-terra", "messages": [], "max_tokens": 10, "temperature": 0.2,
                "tools": [{"type": "function", "function": {"name": "f"}}]})
    assert outcomes(bad) == ["max-tokens-unsupported", "sampling-needs-effort-none", "tools-with-reasoning-on-chat"]
    good = site({"model": "gpt-5.6-terra", "messages": [], "max_completion_tokens": 10, "temperature": 0.2,
                 "reasoning_effort": "none", "tools": [{"type": "function", "function": {"name": "f"}}]})
    assert outcomes(good) == []


def test_only_where_the_facts_hold():
    body = {"model": "gpt-5.1", "messages": [], "max_tokens": 10, "reasoning_effort": "minimal"}
    assert outcomes(site(body)) == ["max-tokens-unsupported", "model-value-unsupported"]
    assert outcomes(site(body, target=Target("openrouter"))) == []
    assert outcomes(site(body, target=Target("ollama"))) == []
    assert outcomes(site(body, model="o9-mini")) == []
    assert outcomes(site(body, model="${MODEL}")) == []
    assert outcomes(site(body, model="groq/gpt-5.1")) == []


def test_azure_only_for_max_tokens_and_only_with_its_base_model():
    body = {"model": "prod-chat", "messages": [], "max_tokens": 10, "reasoning_effort": "minimal"}
    named = Target("azure", deployment="prod-chat", base_model="gpt-5.5")
    assert outcomes(site(body, target=named)) == ["max-tokens-unsupported"]
    assert outcomes(site(body, target=Target("azure", deployment="prod-chat"))) == []
    [finding] = check_site(site(body, target=named), ALL)
    assert "Azure OpenAI answers the same" in finding.message


def test_a_layer_that_adjusts_a_parameter_per_model_is_left_to_it():
    body = {"model": "gpt-5.6-terra", "messages": [], "max_tokens": 10, "temperature": 0.2}
    layer = replace(HTTP, name="lib", adjusts=frozenset({"max_tokens", "temperature"}))
    assert outcomes(site(body, layer=layer)) == []


def test_the_effective_effort_counts():
    tools = [{"type": "function", "function": {"name": "f"}}]
    # gpt-5.4 defaults to none: tools alone are fine, tools with an explicit effort are not
    assert outcomes(site({"model": "gpt-5.4", "messages": [], "tools": tools})) == []
    assert outcomes(site({"model": "gpt-5.4", "messages": [], "tools": tools, "reasoning_effort": "low"})) == [
        "tools-with-reasoning-on-chat"]
    assert outcomes(site({"model": "gpt-5.4", "messages": [], "tools": tools, "reasoning_effort": "none"})) == []
    # gpt-5.5 reasons by default, but the omitted-effort case with tools was never observed: silent
    assert outcomes(site({"model": "gpt-5.5", "messages": [], "tools": tools})) == []
    assert outcomes(site({"model": "gpt-5.5", "messages": [], "temperature": 0.5})) == ["sampling-needs-effort-none"]
    # an effort computed at run time decides nothing
    s = site({"model": "gpt-5.6", "messages": [], "temperature": 0.5, "reasoning_effort": "x"})
    s.effective[("reasoning_effort",)] = Effective(object(), s.effective[("reasoning_effort",)].node)
    assert outcomes(s) == []


def test_either_api_needs_both_to_refuse():
    """When the API cannot be told, a value is reported only if both APIs refuse it; Chat-only rules stay silent."""
    tools = [{"type": "function", "function": {"name": "f"}}]
    assert outcomes(site({"model": "gpt-5.6", "reasoning_effort": "max"}, api="unknown")) == []
    assert outcomes(site({"model": "gpt-5.6", "reasoning_effort": "minimal"}, api="unknown")) == [
        "model-value-unsupported"]
    assert outcomes(site({"model": "gpt-5.6", "tools": tools}, api="unknown")) == []


def test_unknowns_and_disputes_stay_silent():
    # gpt-5.2 tools with effort: the research has no verdict
    tools = [{"type": "function", "function": {"name": "f"}}]
    assert outcomes(site({"model": "gpt-5.2", "messages": [], "tools": tools, "reasoning_effort": "high"})) == []
    # gpt-6.1-terra "none": disputed, the research keeps it accepted on OpenAI's API
    assert outcomes(site({"model": "gpt-6.1-terra", "input": "x", "reasoning": {"effort": "none"}},
                         api="responses")) == []
    # healthcare configurations: efforts unknown
    assert outcomes(site({"model": "gpt-6.2-sol-healthcare", "input": "x", "reasoning": {"effort": "none"}},
                         api="responses")) == []


@pytest.mark.parametrize(
    "name,text,expected",
    [
        ("call.py", 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-5.1", messages=[], '
                    'max_tokens=5, reasoning_effort="minimal")\n',
         ["max-tokens-unsupported", "model-value-unsupported"]),
        ("chain.py", 'from langchain_openai import ChatOpenAI\nChatOpenAI(model="gpt-5.1", max_tokens=5, '
                     'temperature=0.2, reasoning_effort="minimal")\n', ["model-value-unsupported"]),
        ("lite.py", 'import litellm\nlitellm.completion(model="openai/gpt-5.1", messages=[], max_tokens=5, '
                    'temperature=0.2, reasoning_effort="minimal")\n', []),
        ("agent.py", 'from pydantic_ai.models.openai import OpenAIChatModel, OpenAIChatModelSettings\n'
                     'OpenAIChatModel("gpt-5.1", settings=OpenAIChatModelSettings(openai_reasoning_effort="minimal"))\n',
         ["model-value-unsupported"]),
        ("options.json", '{"model": "gpt-5.1", "providerOptions": {"openai": {"reasoningEffort": "minimal"}}}\n',
         ["model-value-unsupported"]),
        ("verbosity.py", 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o", messages=[], '
                         'verbosity="low")\n', ["model-value-unsupported"]),
        ("librechat.yaml", 'version: 1.2.8\nendpoints:\n  custom:\n    - name: "OpenAI"\n      apiKey: "${OPENAI_API_KEY}"\n'
                           '      baseURL: "https://api.openai.com/v1"\n      models:\n        default: ["gpt-4o"]\n'
                           '      addParams:\n        verbosity: low\n', ["model-value-unsupported"]),
        ("litellm_config.yaml", "model_list:\n  - model_name: m\n    litellm_params:\n      model: openai/gpt-5.1\n"
                                "      max_tokens: 5\n      verbosity: low\n", []),
    ],
)
def test_where_requests_are_found(tmp_path, name, text, expected):
    import json

    (tmp_path / name).write_text(text, encoding="utf-8")
    proc = run_cli("--format", "json", name, cwd=tmp_path)
    found = json.loads(proc.stdout)
    got = sorted(d["rule"] for d in (found if isinstance(found, list) else found["diagnostics"])
                 if d["rule"] in OUTCOMES)
    assert got == expected, proc.stdout.decode()


def test_max_tokens_is_renamed_only_where_the_rename_is_certain():
    """The rename is offered where the key is written in the sent mapping, never where it would set the limit twice."""
    import json

    def fixes(body: dict) -> list:
        d = load("body.json", json.dumps(body).encode())[0]
        s = RequestSite(d, "x", "chat", HTTP, params=dict(d.root.value), container=d.root,
                        effective={(k,): Effective(v.plain(), v) for k, v in d.root.value.items()},
                        model=body["model"], model_node=d.root.get("model"), target=Target("openai"))
        return [f.autofix for f in check_site(s, ALL) if f.outcome == "max-tokens-unsupported"]

    (autofix,) = fixes({"model": "gpt-5.6-terra", "messages": [], "max_tokens": 10})
    assert autofix.safety == "safe" and autofix.title == "rename `max_tokens` to `max_completion_tokens`"
    assert fixes({"model": "gpt-5.6-terra", "messages": [], "max_tokens": 10, "max_completion_tokens": 20}) == [None]
    assert fixes({"model": "gpt-4o", "messages": [], "max_tokens": 10}) == []
