"""scripts/refresh_model_catalog.py: what it reports against the catalog, from the installed SDK and a LiteLLM table."""

from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT
from flexlint.knowledge.catalog import catalog

SCRIPT = ROOT / "scripts" / "refresh_model_catalog.py"


@pytest.fixture(scope="module")
def refresh():
    spec = importlib.util.spec_from_file_location("refresh_model_catalog", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_model_the_sdk_knows_and_the_catalog_does_not_is_reported(refresh):
    cat = catalog()
    report = refresh.sdk_report(cat, {"gpt-5.4-mini": {"x.ChatModel"}, "o9-mini": {"x.ChatModel"}}, ["low", "ultra"], {})
    assert "tier entry missing: o9-mini (the SDK lists it in x.ChatModel)" in report
    assert "parameter row missing: o9-mini" in report
    assert "new reasoning effort value(s) in the SDK: ultra" in report
    assert not any("gpt-5.4-mini" in line for line in report)


def test_a_shutdown_date_the_row_does_not_record(refresh):
    report = refresh.sdk_report(catalog(), {}, [], {"gpt-5.1": "2027-04-01", "gpt-5.4": "2030-01-01"})
    assert report == ["gpt-5.4: the SDK announces shutdown on 2030-01-01; its row `gpt-5.4 / gpt-5.4-mini / "
                      "gpt-5.4-nano` says status: active; gpt-5.4-nano deprecated (shutdown 2027-04-01, SDK363)"]


def test_the_installed_sdk_reads(refresh):
    pytest.importorskip("openai")
    ids = refresh.sdk_model_ids()
    assert "gpt-5.4-mini" in ids and len(ids) > 100
    assert {"none", "minimal", "low", "medium", "high"} <= refresh.sdk_efforts()
    shutdowns = refresh.sdk_shutdowns()
    assert shutdowns and all(len(d) == 10 for d in shutdowns.values())
    assert not [line for line in refresh.sdk_report(catalog(), ids, refresh.sdk_efforts(), {})
                if line.startswith("tier entry missing")]


def test_litellm_differences_are_evidence_not_verdicts(refresh):
    table = {
        "gpt-5.1": {"litellm_provider": "openai", "mode": "chat", "supports_minimal_reasoning_effort": True,
                    "supports_none_reasoning_effort": True, "default_reasoning_effort": "none"},
        "gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token_flex": 1e-6},
        "gpt-5.4-mini": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token_flex": 1e-7},
        "o9-mini": {"litellm_provider": "openai", "mode": "chat"},
        "azure/gpt-5.1": {"litellm_provider": "azure", "mode": "chat", "supports_minimal_reasoning_effort": True},
        "sample_spec": {"mode": "one of: chat"},
    }
    report = refresh.litellm_report(catalog(), table)
    assert report == [
        "gpt-4o: LiteLLM records a flex price; the catalog says no (gpt-4o)",
        "gpt-5.1: LiteLLM says effort 'minimal' works; the catalog row `gpt-5.1` does not list it",
        "LiteLLM knows o9-mini; the catalog has no tier entry",
    ]


def test_the_script_runs_offline(refresh, capsys):
    assert refresh.main([]) == 0
    out = capsys.readouterr().out
    assert "difference(s) against schemas/models.yaml" in out
