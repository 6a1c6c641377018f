"""The model-capability check on request sites as any dialect builds them.

Sites are built by hand here, the way dialects of other apps fill them
(a Python loop over several models, an app setting that forces a tier, an
Azure provider, a layer that drops the tier), so the check is exercised
without any dialect-specific code.
"""

from __future__ import annotations

from flexlint.checks import Ask
from flexlint.checks.models import check_site, requested
from flexlint.core.site import HTTP, PYTHON_SDK, Drop, Effective, RequestSite, Target
from flexlint.run.documents import read_documents as load

ALL = Ask(frozenset({"flex-unsupported-model", "priority-unsupported-model", "unknown-model",
                              "azure-deployment-unchecked"}))


def doc(text: str, name: str = "x.yaml"):
    return load(name, text.encode())[0]


def findings(site, ctx=ALL):
    return [(f.outcome, site.document.span(f.node).line, site.document.span(f.node).column, f) for f in check_site(site, ctx)]


def test_one_site_per_model_in_a_loop_points_at_the_list_element():
    d = doc('models: ["gpt-5-mini", "gpt-5.3-codex", "gpt-5.4-mini"]\nservice_tier: flex\n')
    tier = d.root.get("service_tier")
    out = []
    for element in d.root.get("models").value:
        site = RequestSite(d, "python", "responses", PYTHON_SDK, params={"service_tier": tier},
                           effective={("service_tier",): Effective("flex", tier)},
                           model=element.value, model_node=element, origin=f"loop over models ({element.value})")
        out += findings(site)
    assert [(r, line, col) for r, line, col, _ in out] == [("flex-unsupported-model", 1, 24)]
    finding = out[0][3]
    assert 'model "gpt-5.3-codex"' in finding.message and "gpt-5.4" in finding.message
    assert finding.related and finding.related[0].node is tier
    assert finding.fix.startswith("use a model that offers flex")


def test_a_tier_forced_by_an_app_setting_counts():
    d = doc('assistant:\n  model: gpt-4o\nprovider:\n  serviceTier: flex\n')
    setting = d.root.find(("provider", "serviceTier"))
    site = RequestSite(d, "app", "responses", HTTP, model="gpt-4o", model_node=d.root.find(("assistant", "model")),
                       effective={("service_tier",): Effective("flex", setting, cause=setting)})
    [(rule, line, col, f)] = findings(site)
    assert (rule, line, col) == ("flex-unsupported-model", 2, 10)
    assert f.related[0].node is setting


def test_auto_and_default_are_not_flex():
    d = doc("model: gpt-4o\nservice_tier: auto\n")
    site = RequestSite(d, "x", "chat", HTTP, params=dict(d.root.value), model="gpt-4o", model_node=d.root.get("model"))
    assert findings(site) == []


def test_fast_is_checked_as_priority_once():
    d = doc("model: gpt-5-nano\nservice_tier: fast\nserviceTier: priority\n")
    site = RequestSite(d, "x", "responses", HTTP, params=dict(d.root.value), model="gpt-5-nano",
                       model_node=d.root.get("model"),
                       effective={("service_tier",): Effective("fast", d.root.get("service_tier"))})
    assert [c for c, _, _ in requested(site)] == ["priority"]
    [(rule, *_)] = findings(site)
    assert rule == "priority-unsupported-model"


def test_a_drop_because_of_the_model_is_not_reported_again():
    d = doc("model: gpt-4o\nserviceTier: flex\n")
    tier, model = d.root.get("serviceTier"), d.root.get("model")
    gated = RequestSite(d, "x", "responses", HTTP, params={"serviceTier": tier}, model="gpt-4o", model_node=model,
                        drops=[Drop("serviceTier", tier, "dropped", "the SDK's model gate", cause=model)])
    assert findings(gated) == []
    # Dropped for another reason (a proxy's drop list): the model problem remains once that is fixed.
    elsewhere = RequestSite(d, "x", "responses", HTTP, params={"serviceTier": tier}, model="gpt-4o", model_node=model,
                            drops=[Drop("serviceTier", tier, "dropped", "drop_params", cause=d.root)])
    assert [r for r, *_ in findings(elsewhere)] == ["flex-unsupported-model"]


def test_azure_deployment_gets_an_info_only_when_enabled():
    d = doc("model: batch-eastus\nservice_tier: flex\n")
    site = RequestSite(d, "x", "chat", HTTP, params=dict(d.root.value), model="batch-eastus",
                       model_node=d.root.get("model"), target=Target("azure"))
    [(rule, line, col, f)] = findings(site)
    assert (rule, line, col) == ("azure-deployment-unchecked", 1, 8)
    assert "deployment name" in f.message
    assert findings(site, Ask(frozenset({"flex-unsupported-model", "unknown-model"}))) == []
    # Even when the deployment is named like a model, no verdict is guessed.
    site.model = "gpt-4o"
    assert [r for r, *_ in findings(site)] == ["azure-deployment-unchecked"]


def test_other_providers_are_not_judged_by_the_openai_catalog():
    d = doc("model: openai/gpt-oss-120b\nservice_tier: flex\n")
    site = RequestSite(d, "x", "chat", HTTP, params=dict(d.root.value), model="openai/gpt-oss-120b",
                       model_node=d.root.get("model"), target=Target("groq"))
    assert findings(site) == []


def test_prefixed_and_suffixed_ids_from_apps():
    d = doc("model: openrouter/openai/GPT-5.3-Codex:free\nservice_tier: flex\n")
    site = RequestSite(d, "x", "chat", HTTP, params=dict(d.root.value), model=d.root.get("model").value,
                       model_node=d.root.get("model"), target=Target("openrouter"))
    [(rule, _, _, f)] = findings(site)
    assert rule == "flex-unsupported-model" and 'model "openrouter/openai/GPT-5.3-Codex:free"' in f.message
    assert "OpenRouter routes only to endpoints that offer flex and never falls back" in f.message


def test_unknown_says_why():
    d = doc("model: o9-mini\nservice_tier: flex\n")
    site = RequestSite(d, "x", "chat", HTTP, params=dict(d.root.value), model="o9-mini", model_node=d.root.get("model"))
    [(rule, _, _, f)] = findings(site)
    assert rule == "unknown-model" and "no verdict" in f.message and "matches no entry" in f.message
    assert f.fix.startswith("check ")
    # A model the catalog does not know on a server that was only assumed: the assumption is said.
    assert "Requests are assumed to go to OpenAI: nothing in the file says" in f.message
    site.target = Target("openai", 'base_url "https://api.openai.com/v1"')
    [(_, _, _, f)] = findings(site)
    assert "assumed" not in f.message


def test_no_model_no_finding_and_no_model_node_points_at_the_tier():
    d = doc("service_tier: flex\n")
    site = RequestSite(d, "x", "chat", HTTP, params=dict(d.root.value))
    assert findings(site) == []
    site.model = "gpt-4o"
    [(rule, line, col, f)] = findings(site)
    assert (rule, line, col) == ("flex-unsupported-model", 1, 15) and f.related == []


def test_placeholders_are_not_judged():
    for written in ("${OPENAI_MODEL}", "{{ model }}", "$MODEL"):
        d = doc(f"model: '{written}'\nservice_tier: flex\n")
        site = RequestSite(d, "x", "chat", HTTP, params=dict(d.root.value), model=written,
                           model_node=d.root.get("model"))
        assert findings(site) == [], written


def _azure(text: str, base: str | None):
    d = doc(text)
    base_node = d.root.get("base_model")
    target = Target("azure", "test", deployment="batch", base_model=base, base_model_node=base_node)
    return d, RequestSite(d, "x", "chat", HTTP, params={"service_tier": d.root.get("service_tier")}, model="batch",
                          model_node=d.root.get("model"), target=target)


def test_azure_base_model_is_judged_by_azures_table():
    d, site = _azure("model: batch\nbase_model: gpt-5.5\nservice_tier: flex\n", "gpt-5.5")
    [(rule, line, col, f)] = findings(site)
    assert (rule, line, col) == ("flex-unsupported-model", 3, 1)  # at the tier
    assert f.message.startswith("Azure OpenAI does not offer flex for gpt-5.5 deployments (only gpt-5.6-sol, "
                                "gpt-5.6-luna, gpt-5.6-terra, gpt-6-astra")
    assert "HTTP 400" in f.message and "does not fall back" in f.message
    assert [r.node for r in f.related] == [d.root.get("base_model")]


def test_azure_base_model_that_offers_the_tier_or_an_undocumented_value():
    assert findings(_azure("model: batch\nbase_model: gpt-5.6-sol\nservice_tier: flex\n", "gpt-5.6-sol")[1]) == []
    # `fast` is not documented for Azure: no verdict either way.
    assert findings(_azure("model: batch\nbase_model: gpt-4o\nservice_tier: fast\n", "gpt-4o")[1]) == []
    [(rule, *_)] = findings(_azure("model: batch\nbase_model: gpt-4o\nservice_tier: priority\n", "gpt-4o")[1])
    assert rule == "priority-unsupported-model"


def test_azure_base_model_flexlint_does_not_know_gets_the_info():
    [(rule, line, col, f)] = findings(_azure("model: batch\nbase_model: house-model\nservice_tier: flex\n", "house-model")[1])
    assert (rule, line) == ("azure-deployment-unchecked", 1) and '"house-model"' in f.message


def test_other_servers_and_unknown_ones_are_not_judged_by_the_catalog():
    for server in ("ollama", "unknown", "vllm", "xai"):
        d = doc("model: gpt-5.3-codex\nservice_tier: flex\n")
        site = RequestSite(d, "x", "chat", HTTP, params=dict(d.root.value), model="gpt-5.3-codex",
                           model_node=d.root.get("model"), target=Target(server))
        assert findings(site) == [], server
