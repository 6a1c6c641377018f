"""Codex's config.toml: what Codex sends, and the flex tier it leaves out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flexlint.api import Options, build_selection, lint_source
from flexlint.dialects import choose, dialect
from flexlint.knowledge.data import load_yaml
from flexlint.run.documents import read_documents

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "tests" / "corpus" / "real"
SELECTION = build_selection(Options(select=["ALL"]))
FLEX = 'model = "gpt-5.5"\nservice_tier = "flex"\nmodel_reasoning_effort = "high"\n'


def lint(text: str, name: str = ".codex/config.toml"):
    return lint_source(text.encode(), name, selection=SELECTION).diagnostics


def sites(text: str, name: str = ".codex/config.toml"):
    doc = next(iter(read_documents(name, text.encode())))
    assert choose(doc) is dialect("codex")
    return dialect("codex").read(doc).sites


def test_flex_for_gpt_5_5_is_left_out_and_the_fix_says_how_to_keep_it():
    found = lint(FLEX)
    assert [(d.rule, d.line, d.column) for d in found] == [("parameter-dropped", 2, 1)]
    message, fix = found[0].message, found[0].fix
    assert "Configured service tier `flex` is not advertised as supported for model `gpt-5.5`" in message
    assert "model_catalog_json" in fix and "codex debug models" in fix
    assert "Unsupported service_tier: flex" in fix  # the ChatGPT-login limit
    site = sites(FLEX)[0]
    assert ("service_tier",) not in site.effective
    assert site.wire_body() == {"model": "gpt-5.5", "reasoning": {"effort": "high"}, "store": False}


def test_a_catalog_of_ones_own_keeps_the_tier_and_the_model_rules_still_apply():
    text = FLEX + 'model_catalog_json = "/home/me/.codex/catalog.json"\n'
    assert lint(text) == []
    assert sites(text)[0].effective[("service_tier",)].value == "flex"
    old = text.replace("gpt-5.5", "gpt-4.1")
    assert [d.rule for d in lint(old)] == ["flex-unsupported-model"]


@pytest.mark.parametrize("written, sent", [("fast", "priority"), ("priority", "priority"), ("default", None)])
def test_other_tiers_as_codex_sends_them(written, sent):
    site = sites(f'model = "gpt-5.5"\nservice_tier = "{written}"\n')[0]
    eff = site.effective.get(("service_tier",))
    assert (eff.value if eff else None) == sent


def test_profiles_are_sites_of_their_own_and_the_active_one_applies():
    text = ('profile = "cheap"\nmodel = "gpt-5.5"\n[profiles.cheap]\nmodel = "gpt-5.4-mini"\n'
            '[profiles.deep]\nmodel_reasoning_effort = "xhigh"\nservice_tier = "flex"\n'
            '[profiles.sandboxed]\nsandbox_mode = "read-only"\n')
    found = {s.origin: s for s in sites(text)}
    assert set(found) == {'the default settings (profile "cheap")', 'profile "deep"'}
    assert found['the default settings (profile "cheap")'].model == "gpt-5.4-mini"
    deep = found['profile "deep"']
    assert deep.model == "gpt-5.5" and [d.name for d in deep.drops] == ["service_tier"]
    assert [(d.rule, d.line) for d in lint(text)] == [("parameter-dropped", 7)]


def test_the_server_of_model_provider_is_the_target():
    azure = ('model = "prod"\nmodel_provider = "az"\n[model_providers.az]\nname = "Azure"\n'
             'base_url = "https://me.openai.azure.com/openai/v1"\nwire_api = "responses"\n')
    site = sites(azure)[0]
    assert site.target.server == "azure" and site.effective[("store",)].value is True
    relay = sites(azure.replace("https://me.openai.azure.com/openai/v1", "https://relay.example/v1").replace('"Azure"', '"x"'))[0]
    assert (relay.target.server, relay.target.how) == ("unknown", 'base_url of model_providers.az "https://relay.example/v1"')
    assert ("store",) not in relay.effective
    chat = sites(azure.replace('"responses"', '"chat"'))[0]
    assert chat.api == "chat"


def test_recognised_by_content_when_not_named_like_codex():
    doc = next(iter(read_documents("settings.toml", b'approval_policy = "never"\nsandbox_mode = "read-only"\n')))
    assert choose(doc) is dialect("codex")
    doc = next(iter(read_documents("pyproject.toml", b'[project]\nname = "x"\n[tool.x]\nmodel = "y"\n')))
    assert choose(doc) is None


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flexlint", *args], capture_output=True, cwd=cwd,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_toml_no_app_claims_is_never_an_error_but_a_broken_codex_config_is(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / "broken.toml").write_text("this is = not [toml\n")
    proc = _cli("pyproject.toml", "broken.toml", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, b"")
    (tmp_path / ".codex").mkdir()
    (tmp_path / ".codex" / "config.toml").write_text('model = "gpt-5.5"\nservice_tier = \n')
    proc = _cli("--format", "json", ".codex/config.toml", cwd=tmp_path)
    found = json.loads(proc.stdout)
    assert proc.returncode == 2 and [(d["rule"], d["line"]) for d in found] == [("parse-error", 2)]


def test_real_codex_configs_are_clean():
    for path in sorted(CORPUS.glob("*.toml")):
        assert lint(path.read_text(), path.name) == [], path.name
    fast = sites((CORPUS / "0xrsydn__dotfiles__.codex__config.toml").read_text(), "config.toml")[0]
    assert fast.effective[("service_tier",)].value == "priority"
    relay = sites((CORPUS / "LumenYoung__dotfiles__codex-t3__config.toml").read_text(), "config.toml")[0]
    assert relay.target.server == "unknown" and "api.lumeny.io" in relay.target.how


def test_every_fact_names_its_source():
    facts = load_yaml("codex/facts.yaml")

    def walk(node, path=()):
        if isinstance(node, dict):
            if any(k in node for k in ("behaviour", "since", "meaning", "error", "opt_out")):
                assert any("source" in k for k in node), path
            for k, v in node.items():
                walk(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,))

    walk(facts)
    assert facts["service_tier"]["catalog_gate"]["flex_advertised_for"] == []
