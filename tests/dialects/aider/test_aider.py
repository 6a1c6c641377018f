"""Aider's model settings: extra_params go to LiteLLM, extra_body goes to the provider as written."""

from __future__ import annotations

from pathlib import Path

from flexlint.api import Options, build_selection, lint_source
from flexlint.dialects import choose, dialect
from flexlint.run.documents import read_documents

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "real"
SELECTION = build_selection(Options(select=["ALL"]))
NAME = ".aider.model.settings.yml"


def lint(text: str, name: str = NAME):
    return lint_source(text.encode(), name, selection=SELECTION).diagnostics


def sites(text: str, name: str = NAME):
    doc = next(iter(read_documents(name, text.encode())))
    assert choose(doc) is dialect("aider")
    return {s.origin: s for s in dialect("aider").read(doc).sites}


# The settings of Aider-AI/aider#3879, with the editor model of that report given a tier too.
ISSUE = """\
- name: openai/o4-mini
  extra_params:
    extra_body:
      service_tier: "flex"
- name: azure/gpt-4.1
  extra_params:
    extra_body:
      service_tier: "flex"
"""


def test_flex_in_extra_body_reaches_the_wire_and_the_model_rules_judge_it():
    found = sites(ISSUE)
    o4 = found['model settings "openai/o4-mini"']
    assert (o4.target.server, o4.model, o4.effective[("service_tier",)].value) == ("openai", "o4-mini", "flex")
    assert [d.rule for d in lint(ISSUE)] == ["azure-deployment-unchecked"]  # a deployment name: no verdict
    openai_41 = ISSUE.replace("azure/gpt-4.1", "openai/gpt-4.1")
    assert [(d.rule, d.line) for d in lint(openai_41)] == [("flex-unsupported-model", 5)]


def test_a_tier_litellm_does_not_support_is_dropped_silently_because_aider_sets_drop_params():
    text = "- name: anthropic/claude-sonnet-4-5\n  extra_params:\n    service_tier: flex\n"
    found = lint(text)
    assert [(d.rule, d.line) for d in found] == [("parameter-dropped", 3)]
    assert "drop_params = True" in found[0].message


def test_a_key_that_is_not_a_model_setting_stops_aider():
    text = "- name: openai/gpt-5.4-mini\n  service_tier: flex\n  edit_format: diff\n"
    found = lint(text)
    assert [(d.rule, d.line, d.column) for d in found] == [("app-config-invalid", 2, 3)]
    assert "Error loading model settings" in found[0].message and found[0].fix == "move `service_tier` under `extra_params`"


def test_the_conf_file_is_read_for_its_model_and_keys():
    text = "model: openai/gpt-5.4-mini\nopenai-api-key: sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD\nauto-commits: false\n"
    found = lint(text, ".aider.conf.yml")
    assert [d.rule for d in found] == ["hardcoded-api-key"]
    assert "abcdefghijklmnop" not in found[0].message


def test_real_aider_files_have_only_their_true_finding():
    for path in sorted(CORPUS.glob("*aider*")):
        found = [(d.rule, d.line) for d in lint(path.read_text(), path.name)]
        expected = [("duplicate-key", 45)] if path.name.startswith("hypn4") else []
        assert found == expected, path.name
