"""`--fix`, `--diff`, `--fix-only`, `--show-fixes`, `--unsafe-fixes` as users run them, and the golden fixes.

Golden fixes live in ``tests/golden/fixes/<rule>/``: ``NAME.before.EXT`` is
fixed with the rule's own fixes (``--unsafe-fixes`` when NAME starts with
``unsafe-``) and must give ``NAME.after.EXT`` byte for byte, with the rule's
findings gone and a second run changing nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import CASES, ROOT, run_cli

GOLDEN = ROOT / "tests" / "golden" / "fixes"
BEFORE = sorted(GOLDEN.glob("*/*.before.*"))


def _after(before: Path) -> Path:
    return before.with_name(before.name.replace(".before.", ".after."))


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_fixable_rule_has_golden_fixes():
    from flexlint.config.rulesets import load_ruleset

    fixable = {r.slug for r in load_ruleset().rules if r.fix_safety != "none"}
    assert fixable == {p.parent.name for p in BEFORE}
    assert all(_after(p).exists() for p in BEFORE)


@pytest.mark.parametrize("before", BEFORE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_fix(before, tmp_path):
    rule = before.parent.name
    target = tmp_path / before.name.replace(".before", "")
    shutil.copy(before, target)
    unsafe = ["--unsafe-fixes"] if before.name.startswith("unsafe-") else []
    assert any(d.rule == rule and d.autofix is not None for d in _lint(tmp_path, [target.name]))
    proc = run_cli("--isolated", "--fix", "--select", rule, *unsafe, "--format", "json", target.name, cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    expected = _after(before)
    if os.environ.get("FLEXLINT_UPDATE_GOLDEN"):
        expected.write_bytes(target.read_bytes())
    assert target.read_bytes() == expected.read_bytes()
    left = [d for d in _lint(tmp_path, [target.name]) if d.rule == rule]
    assert len(left) == len([d for d in json.loads(proc.stdout) if d["rule"] == rule])
    assert all(d.autofix is None for d in left)  # what could be fixed was
    again = run_cli("--isolated", "--diff", "--select", rule, *unsafe, target.name, cwd=tmp_path)
    assert again.stdout == b"" and again.returncode == 0  # nothing left to fix: a second --fix is a no-op


def test_fix_on_the_examples_and_the_cases(tmp_path):
    """Done when: every fixable finding fixed, backups byte-identical, a re-run finds only unfixable ones."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(CASES, tmp_path / "cases")
    backups = {p: p.read_bytes() for p in tmp_path.rglob("*")
               if p.is_file() and (p.suffix in (".zip", ".sqlite") or p.name.endswith("data.json"))}
    assert backups
    fixable = [d for d in _lint(tmp_path) if d.autofix is not None]
    assert {d.rule for d in fixable} >= {"wrong-key-casing", "wrong-api-parameter", "service-tier-overridden"}

    diff = run_cli("--diff", "--unsafe-fixes", "examples", "cases", cwd=tmp_path)
    assert diff.returncode == 2  # a case is unreadable on purpose (curly quotes); that wins over 1
    assert diff.stdout.startswith(b"--- ") and b"+++ examples/responses-body.json" in diff.stdout
    snapshot = _digest(tmp_path)
    assert run_cli("--diff", "--unsafe-fixes", "examples", "cases", cwd=tmp_path).stdout == diff.stdout
    assert _digest(tmp_path) == snapshot  # --diff wrote nothing

    proc = run_cli("--fix", "--unsafe-fixes", "--show-fixes", "--format", "json", "examples", "cases", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr.decode()
    remaining = json.loads(proc.stdout)
    stderr = proc.stderr.decode()
    assert f"{len(fixable)} fixed, {len(remaining)} remaining." in stderr
    assert "Fixed " in stderr and "× FLX102 (wrong-key-casing)" in stderr
    assert all(p.read_bytes() == data for p, data in backups.items())
    assert [d for d in _lint(tmp_path) if d.autofix is not None] == []
    assert len(_lint(tmp_path)) == len(remaining)

    again = run_cli("--fix", "--unsafe-fixes", "--format", "json", "examples", "cases", cwd=tmp_path)
    assert json.loads(again.stdout) == remaining and "0 fixed" in again.stderr.decode()
    assert run_cli("--diff", "--unsafe-fixes", "examples", "cases", cwd=tmp_path).stdout == b""


def _lint(root: Path, paths: list[str] | None = None) -> list:
    from flexlint.run.paths import Options, lint_paths

    cwd = Path.cwd()
    os.chdir(root)
    try:
        return lint_paths(paths or ["examples", "cases"], Options(isolated=paths is not None)).diagnostics
    finally:
        os.chdir(cwd)


@pytest.fixture
def body(tmp_path) -> Path:
    path = tmp_path / "body.json"
    shutil.copy(CASES / "openai-raw" / "responses-body.json", path)
    return path


def test_diff_writes_nothing_and_exits_1(body, tmp_path):
    before = body.read_bytes()
    proc = run_cli("--diff", "body.json", cwd=tmp_path)
    assert proc.returncode == 1 and body.read_bytes() == before
    assert proc.stdout.decode().splitlines()[:2] == ["--- body.json", "+++ body.json"]
    assert '+  "service_tier": "flex",' in proc.stdout.decode()
    assert "3 problems would be fixed, 0 would remain." in proc.stderr.decode()
    clean = run_cli("--diff", "body.json", cwd=tmp_path)
    assert clean.returncode == 1  # --diff never writes: still something to fix
    run_cli("--fix", "body.json", cwd=tmp_path)
    done = run_cli("--diff", "body.json", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == b""


def test_fix_reports_what_remains_and_the_summary_counts(body, tmp_path):
    (tmp_path / "probe.json").write_text('{"model": "gpt-5.3-codex", "input": "hi", "serviceTier": "flex"}\n')
    proc = run_cli("--fix", "body.json", "probe.json", cwd=tmp_path)
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert proc.returncode == 1
    assert out.startswith("probe.json:1:") and "flex-unsupported-model" in out and "wrong-key-casing" not in out
    assert "Found 1 problem (1 error, 0 warnings, 0 info) in 2 files. 4 fixed, 1 remaining." in err


def test_fix_only_and_exit_non_zero_on_fix(body, tmp_path):
    proc = run_cli("--fix-only", "body.json", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == b"" and "3 fixed, 0 remaining." in proc.stderr.decode()
    shutil.copy(CASES / "openai-raw" / "responses-body.json", body)
    proc = run_cli("--fix-only", "--exit-non-zero-on-fix", "body.json", cwd=tmp_path)
    assert proc.returncode == 1
    assert run_cli("--fix-only", "--exit-non-zero-on-fix", "body.json", cwd=tmp_path).returncode == 0
    shutil.copy(CASES / "openai-raw" / "responses-body.json", body)
    proc = run_cli("--fix", "--exit-non-zero-on-fix", "body.json", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == b""


def test_show_fixes_lists_them_per_file_and_rule(body, tmp_path):
    listed = run_cli("--show-fixes", "body.json", cwd=tmp_path).stderr.decode()
    assert "--fix would fix 3 problems:\n- body.json:\n    1 × FLX102 (wrong-key-casing)\n    2 × FLX103 (wrong-api-parameter)\n" in listed
    assert "3 fixable with --fix." in listed
    proc = run_cli("--fix", "--show-fixes", "body.json", cwd=tmp_path)
    assert "Fixed 3 problems:\n- body.json:\n" in proc.stderr.decode()


def test_unsafe_fixes_are_counted_but_applied_only_when_asked(tmp_path):
    shutil.copy(ROOT / "examples" / "ai-sdk-options.json", tmp_path / "options.json")
    before = (tmp_path / "options.json").read_bytes()
    proc = run_cli("--fix", "options.json", cwd=tmp_path)
    assert (tmp_path / "options.json").read_bytes() == before
    assert "0 fixed, 2 remaining." in proc.stderr.decode()
    hint = run_cli("options.json", cwd=tmp_path).stderr.decode()
    assert "1 fixable with --fix --unsafe-fixes (the fix changes what is sent)." in hint
    run_cli("--fix", "--unsafe-fixes", "options.json", cwd=tmp_path)
    assert b'"serviceTier": "flex"' in (tmp_path / "options.json").read_bytes()


def test_stdin_fix_prints_the_fixed_text(tmp_path):
    data = (CASES / "openai-raw" / "responses-body.json").read_bytes()
    proc = run_cli("--fix", "--stdin-filename", "body.json", "-", stdin=data, cwd=tmp_path)
    assert proc.returncode == 0
    assert b'"service_tier": "flex"' in proc.stdout and json.loads(proc.stdout)["max_output_tokens"] == 2000
    assert "3 fixed, 0 remaining." in proc.stderr.decode()
    unchanged = run_cli("--fix", "--stdin-filename", "body.json", "-", stdin=proc.stdout, cwd=tmp_path)
    assert unchanged.stdout == proc.stdout
    diff = run_cli("--diff", "--stdin-filename", "body.json", "-", stdin=data, cwd=tmp_path)
    assert diff.returncode == 1 and diff.stdout.startswith(b"--- body.json\n")


def test_fix_with_write_baseline_is_a_usage_error(body, tmp_path):
    proc = run_cli("--fix", "--write-baseline", "b.json", "body.json", cwd=tmp_path)
    assert proc.returncode == 2 and b"--write-baseline" in proc.stderr


def test_findings_hidden_by_the_baseline_are_not_fixed(body, tmp_path):
    run_cli("--write-baseline", "baseline.json", "body.json", cwd=tmp_path)
    before = body.read_bytes()
    proc = run_cli("--fix", "--baseline", "baseline.json", "body.json", cwd=tmp_path)
    assert proc.returncode == 0 and body.read_bytes() == before


def test_rules_listing_marks_the_fixable_rules():
    lines = run_cli("rules").stdout.decode().splitlines()
    row = {line.split()[1]: line for line in lines}
    assert "  error    fix   " in row["wrong-key-casing"] and "  error    fix*  " in row["service-tier-overridden"]
    assert row["flex-no-retry"].split()[3] not in ("fix", "fix*")


def test_rule_page_says_whether_it_fixes():
    page = run_cli("rule", "wrong-key-casing").stdout.decode()
    assert "Automatic fix: safe, applied by `flexlint --fix`" in page
    page = run_cli("rule", "service-tier-overridden").stdout.decode()
    assert "Automatic fix: unsafe" in page
    assert "Automatic fix: none." in run_cli("rule", "flex-no-retry").stdout.decode()
    data = json.loads(run_cli("rule", "duplicate-key", "--format", "json").stdout)
    assert data["fix_safety"] == "safe"


def test_a_diff_never_shows_a_key_on_the_line_it_fixes(tmp_path):
    """--diff prints source lines, so they are masked as code frames are; --fix still writes the key untouched."""
    key = "sk-proj-Zx81kLmN0pQrStUv2345abcdefghijkLMNOP"
    text = f'{{"model": "gpt-5.4", "input": "hi", "serviceTier": "flex", "api_key": "{key}"}}\n'
    (tmp_path / "body.json").write_text(text, encoding="utf-8")
    proc = run_cli("--isolated", "--diff", "body.json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr.decode()
    assert b'-{"model": "gpt-5.4", "input": "hi", "serviceTier": "flex", "api_key": "****"}' in proc.stdout
    assert b'+{"model": "gpt-5.4", "input": "hi", "service_tier": "flex", "api_key": "****"}' in proc.stdout
    assert key.encode() not in proc.stdout + proc.stderr and key[:12].encode() not in proc.stdout
    proc = run_cli("--isolated", "--fix", "--show-fixes", "body.json", cwd=tmp_path)
    assert key.encode() not in proc.stdout + proc.stderr
    assert (tmp_path / "body.json").read_text(encoding="utf-8") == text.replace("serviceTier", "service_tier")
