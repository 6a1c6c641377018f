"""`unused-suppression`: a `flexlint: ignore` comment that hides nothing, judged only for rules that ran."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli

BODY = "model: gpt-5.4-mini\ninput: hi\nservice_tier: flex\n"


def findings(tmp_path, text: str, *args: str, name: str = "body.yaml") -> list[tuple[int, int, str, str]]:
    (tmp_path / name).write_text(text)
    proc = run_cli("--format", "json", *args, name, cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return [(d["line"], d["column"], d["rule"], d["message"]) for d in json.loads(proc.stdout)]


def test_a_stale_trailing_comment_is_reported_where_it_is(tmp_path):
    text = BODY.replace("service_tier: flex", "service_tier: flex  # flexlint: ignore[wrong-key-casing]")
    [(line, column, rule, message)] = findings(tmp_path, text)
    assert (line, column, rule) == (3, 21, "unused-suppression")
    assert message == "`# flexlint: ignore[wrong-key-casing]` hides nothing: no `wrong-key-casing` finding on its line"
    proc = run_cli("body.yaml", cwd=tmp_path)
    assert proc.returncode == 0  # a warning: fails only with --strict
    assert run_cli("--strict", "body.yaml", cwd=tmp_path).returncode == 1


def test_a_used_comment_and_a_partly_used_one(tmp_path):
    text = "model: gpt-5.4-mini\ninput: hi\n# flexlint: ignore[FLX102, flex-no-retry, invalid-value]\nserviceTier: flex\n"
    [(line, column, rule, message)] = findings(tmp_path, text)
    assert (line, column, rule) == (3, 1, "unused-suppression")
    assert message == ("`flex-no-retry`, `invalid-value` in `# flexlint: ignore[FLX102, flex-no-retry, invalid-value]` "
                       "hides nothing: no such finding on line 4")


@pytest.mark.parametrize("args,config", [
    (("--select", "FLX0"), ""),  # wrong-key-casing did not run
    (("--ignore", "wrong-key-casing"), ""),
    ((), 'ignore = ["FLX1"]\n'),
    ((), '[per-file-ignores]\n"*.yaml" = ["wrong-key-casing"]\n'),
])
def test_a_comment_for_a_rule_that_did_not_run_is_left_alone(tmp_path, args, config):
    if config:
        (tmp_path / ".flexlint.toml").write_text(config)
    text = BODY.replace("service_tier: flex", "service_tier: flex  # flexlint: ignore[wrong-key-casing]")
    assert findings(tmp_path, text, *args) == []


def test_bare_comments_unknown_selectors_and_ignore_file(tmp_path):
    bare = BODY.replace("service_tier: flex", "service_tier: flex  # flexlint: ignore")
    assert [f[2:] for f in findings(tmp_path, bare)] == [
        ("unused-suppression", "`# flexlint: ignore` hides nothing: there is no finding on its line")]
    assert findings(tmp_path, bare, "--ignore", "flex-no-retry") == []  # not every rule ran: a bare one is left alone
    pack = BODY.replace("service_tier: flex", "service_tier: flex  # flexlint: ignore[TEAM101]")
    assert findings(tmp_path, pack) == []  # a rule this run does not know: maybe a pack loaded elsewhere
    whole = "# flexlint: ignore-file[FLX5]\n" + BODY
    assert findings(tmp_path, whole) == []  # ignore-file comments are not judged


@pytest.mark.parametrize("keep", ["# flexlint: ignore[wrong-key-casing, unused-suppression]",
                                  "# flexlint: ignore[wrong-key-casing, FLX004]"])
def test_a_comment_kept_on_purpose(tmp_path, keep):
    text = BODY.replace("service_tier: flex", f"service_tier: flex  {keep}")
    assert findings(tmp_path, text) == []
    assert findings(tmp_path, "# flexlint: ignore-file[unused-suppression]\n" +
                    BODY.replace("service_tier: flex", "service_tier: flex  # flexlint: ignore[FLX102]")) == []


def test_python_jsonc_and_a_rule_off_in_configuration(tmp_path):
    python = ('from openai import OpenAI\n'
              'OpenAI().responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex")  # flexlint: ignore[FLX201]\n')
    [(line, _, rule, _)] = [f for f in findings(tmp_path, python, name="probe.py") if f[2] == "unused-suppression"]
    assert (line, rule) == (2, "unused-suppression")
    jsonc = '{\n  "model": "gpt-5.4-mini", "input": "hi",\n  "service_tier": "flex" // flexlint: ignore[FLX102]\n}\n'
    [(line, column, rule, _)] = findings(tmp_path, jsonc, name="body.jsonc")
    assert (line, column, rule) == (3, 26, "unused-suppression")
    (tmp_path / ".flexlint.toml").write_text('ignore = ["unused-suppression"]\n')
    assert findings(tmp_path, jsonc, name="body.jsonc") == []


def test_a_yaml_stream_with_a_document_no_check_reads_is_not_judged(tmp_path):
    text = "kind: ConfigMap  # flexlint: ignore[FLX102]\n---\n" + BODY
    assert findings(tmp_path, text) == []
