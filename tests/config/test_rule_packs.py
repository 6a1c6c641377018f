"""Rule packs: team rules on flexlint's check kinds, loaded from the command line or configuration."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

TEAM = ROOT / "examples" / "rule-packs"


def write(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return root


def found(proc) -> list[tuple[str, str, int, int]]:
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return [(d["path"], d["rule"], d["line"], d["column"]) for d in json.loads(proc.stdout)]


PROJECT = {
    "batch/nightly.json": '{"model": "gpt-5.4-mini", "input": "x", "service_tier": "auto"}\n',
    "batch/weekly.json": '{"model": "gpt-5.4-mini", "input": "x", "service_tier": "flex"}\n',
    "app/chat.json": '{"model": "gpt-4o", "input": "x", "service_tier": "fast"}\n',
    "app/job.py": "from openai import OpenAI\n\nOpenAI(timeout=900).responses.create(model=\"gpt-5.4-mini\", input=\"x\", service_tier=\"flex\")\n",
}


def test_team_pack_fires_through_rules_option(tmp_path):
    write(tmp_path, PROJECT)
    proc = run_cli("--format", "json", "--rules", str(TEAM), "--select", "TEAM", ".", cwd=tmp_path)
    assert found(proc) == [
        ("app/chat.json", "approved-models", 1, 11),
        ("app/chat.json", "no-priority-tier", 1, 35),
        ("app/job.py", "flex-timeout-20-minutes", 3, 8),
        ("batch/nightly.json", "batch-requests-use-flex", 1, 41),
    ]


def test_team_pack_fires_through_configuration_and_files_are_relative_to_it(tmp_path):
    shutil.copytree(TEAM, tmp_path / "ci" / "rules")
    write(tmp_path, {**PROJECT, "pyproject.toml": '[tool.flexlint]\nrule-packs = ["ci/rules"]\nselect = ["TEAM101"]\n'})
    assert found(run_cli("--format", "json", ".", cwd=tmp_path)) == [("batch/nightly.json", "batch-requests-use-flex", 1, 41)]
    # From a subfolder the globs still mean the project's batch/ folder.
    assert found(run_cli("--format", "json", "nightly.json", cwd=tmp_path / "batch")) == [
        ("nightly.json", "batch-requests-use-flex", 1, 41)
    ]
    # Selection works by the pack's codes and slugs like any rule.
    (tmp_path / "pyproject.toml").write_text('[tool.flexlint]\nrule-packs = ["ci/rules"]\nselect = ["no-priority-tier"]\n')
    assert found(run_cli("--format", "json", ".", cwd=tmp_path)) == [("app/chat.json", "no-priority-tier", 1, 35)]


def test_check_rules_runs_the_examples(tmp_path):
    proc = run_cli("check-rules", str(TEAM))
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    assert proc.stdout.decode().count(" ok\n") == 4
    broken = (TEAM / "team-policy.yaml").read_text().replace("{line: 1, column: 55,", "{line: 1, column: 56,")
    write(tmp_path, {"pack/team.yaml": broken})
    proc = run_cli("check-rules", str(tmp_path / "pack"))
    assert proc.returncode == 1
    assert "expected a finding at 1:56, got 1:55" in proc.stdout.decode()


def test_check_rules_wants_examples(tmp_path):
    write(tmp_path, {"pack.yaml": """rules:
  - code: TEAM201
    slug: no-examples
    kind: parameter-policy
    reports: parameter-policy
    params: {parameter: service_tier, forbid: priority}
    severity: error
    summary: s
    explanation: e
    fix: f
"""})
    proc = run_cli("check-rules", str(tmp_path / "pack.yaml"))
    assert proc.returncode == 1 and b"no invalid example" in proc.stdout


def test_rule_page_of_a_pack_rule_runs_its_examples():
    proc = run_cli("rule", "TEAM102", "--rules", str(TEAM))
    out = proc.stdout.decode()
    assert proc.returncode == 0
    assert "kind `parameter-policy`, reports `parameter-policy`" in out
    assert 'client.py:3:64: error: `service_tier` is "fast" here' in out


RULE = """rules:
  - code: TEAM301
    slug: team-rule
    kind: {kind}
    {extra}
    severity: error
    summary: s
    explanation: e
    fix: f
"""


@pytest.mark.parametrize(
    "kind,extra,message",
    [
        ("parameter-polcy", "reports: parameter-policy", "`kind`: unknown check kind 'parameter-polcy'; did you mean `parameter-policy`?"),
        ("client-option", "params: {min_seconds: 60}", "`reports`: kind 'client-option' reports several things"),
        ("client-option", "reports: flex-no-retries", "`reports`: kind 'client-option' does not report 'flex-no-retries'"),
        ("client-option", "reports: flex-short-timeout\n    params: {min_second: 60}", "`params.min_second`: kind 'client-option' has no parameter 'min_second'; did you mean `min_seconds`?"),
        ("client-option", "reports: flex-short-timeout\n    params: {min_seconds: soon}", "`params.min_seconds` must be a number"),
        ("parameter-policy", "reports: parameter-policy", "`params.parameter` is required by kind 'parameter-policy'"),
        ("source", "reports: parse-error", "`kind`: 'source' is reported by flexlint itself"),
        ("model-policy", "reports: model-policy\n    wrong: 1", "unknown key `wrong`"),
        ("model-policy", "reports: model-policy\n    fix_safety: safe",
         "`fix_safety`: kind 'model-policy' has no automatic fix for 'model-policy'"),
        ("parameters", "reports: wrong-key-casing\n    fix_safety: always", "`fix_safety` must be safe, unsafe or none"),
    ],
)
def test_a_broken_pack_is_a_configuration_error(tmp_path, kind, extra, message):
    write(tmp_path, {"rules/team.yaml": RULE.format(kind=kind, extra=extra), "body.json": "{}"})
    for args in (["--rules", "rules", "body.json"], ["check-rules", "rules"]):
        proc = run_cli(*args, cwd=tmp_path)
        assert proc.returncode == 2, proc.stdout.decode()
        err = proc.stderr.decode()
        assert "rules/team.yaml: rule team-rule: " in err and message in err, err
    write(tmp_path, {".flexlint.toml": 'rule-packs = ["rules"]\n'})
    proc = run_cli("body.json", cwd=tmp_path)
    assert proc.returncode == 2 and message in proc.stderr.decode()


def test_a_pack_rule_can_make_a_fix_unsafe_or_switch_it_off(tmp_path):
    rule = RULE.format(kind="parameters", extra="reports: wrong-key-casing\n    fix_safety: {safety}")
    write(tmp_path, {"body.json": '{"model": "gpt-5.4-mini", "input": "hi", "serviceTier": "flex"}\n'})
    for safety, fixed in (("none", False), ("unsafe", False), ("safe", True)):
        write(tmp_path, {"rules/team.yaml": rule.replace("{safety}", safety)})
        proc = run_cli("--rules", "rules", "--select", "TEAM301", "--diff", "body.json", cwd=tmp_path)
        assert (b'"service_tier"' in proc.stdout) is fixed, (safety, proc.stdout)
    proc = run_cli("--rules", "rules", "--select", "TEAM301", "--diff", "--unsafe-fixes", "body.json", cwd=tmp_path)
    assert b'"service_tier"' in proc.stdout  # the rule made it unsafe: applied when asked


def test_every_shipped_rule_says_whether_it_has_a_fix():
    import yaml

    for pack in sorted((ROOT / "rules").glob("*.yaml")):
        for rule in yaml.safe_load(pack.read_text(encoding="utf-8"))["rules"]:
            assert rule.get("fix_safety") in ("safe", "unsafe", "none"), f"{pack.name}: {rule['slug']}"
