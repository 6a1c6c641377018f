"""The README's snippets for editors, pre-commit, CI and configuration, run against the real output."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess

import pytest
import yaml

from conftest import CASES, ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def block_with(language: str, needle: str) -> str:
    [found] = [b for b in blocks(language) if needle in b]
    return found


@pytest.fixture
def project(tmp_path):
    shutil.copy(CASES / "openai-raw" / "responses-body.json", tmp_path / "body.json")
    shutil.copy(ROOT / "examples" / "ai-sdk-options.json", tmp_path / "options.json")
    return tmp_path


def test_vscode_problem_matcher_reads_the_task_output(project):
    from conftest import run_in_pty

    task = json.loads(block_with("json", "problemMatcher"))["tasks"][0]
    pattern = task["problemMatcher"]["pattern"]
    regexp = re.compile(pattern["regexp"])
    args = shlex.split(task["command"])
    assert args[0] == "flexlint" and args[-1] == "."
    code, screen = run_in_pty(*args[1:], cwd=project)  # VS Code runs tasks in a terminal
    assert code == 1
    matched = [m for m in map(regexp.match, screen.splitlines()) if m]
    got = [(m.group(pattern["file"]), int(m.group(pattern["line"])), int(m.group(pattern["column"])),
            m.group(pattern["severity"]), m.group(pattern["code"])) for m in matched]
    assert got == [("body.json", 4, 3, "error", "FLX102"), ("body.json", 5, 3, "error", "FLX103"),
                   ("body.json", 6, 3, "error", "FLX103"), ("options.json", 6, 7, "error", "FLX102"),
                   ("options.json", 11, 3, "warning", "FLX402")]


@pytest.mark.skipif(shutil.which("vim") is None, reason="vim is not installed")
def test_vim_errorformat_fills_the_quickfix_list(project, tmp_path):
    snippet = block_with("vim", "errorformat")
    script = tmp_path / "flexlint.vim"
    script.write_text(snippet.replace("makeprg=flexlint", f"makeprg={shlex.quote(shutil.which('python3') or 'python3')}\\ -m\\ flexlint"))
    out = tmp_path / "qf.txt"
    report = ('call writefile(map(getqflist(), {_, e -> printf("%s|%d|%d|%s|%d", bufname(e.bufnr), e.lnum, e.col, '
              f'e.type, e.valid)}}), "{out}")')
    proc = subprocess.run(["vim", "-Nu", "NONE", "-i", "NONE", "-es", "-c", "edit options.json", "-c", f"source {script}",
                           "-c", "silent make", "-c", report, "-c", "qa!"],
                          cwd=project, capture_output=True, stdin=subprocess.DEVNULL, timeout=60,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert out.exists(), proc.stderr.decode()
    assert out.read_text().splitlines() == ["options.json|6|7|e|1", "options.json|11|3|w|1"]


def test_configuration_example_is_valid(project):
    example = block_with("toml", "[tool.flexlint]")
    (project / "pyproject.toml").write_text(example)
    pack = (ROOT / "rules" / "client.yaml").read_text().replace("FLX402", "FLX902").replace(
        "slug: flex-no-retry", "slug: team-flex-no-retry").replace("FLX401", "FLX901").replace(
        "slug: flex-short-timeout", "slug: team-flex-short-timeout")
    (project / "ci" / "flexlint-rules").mkdir(parents=True)
    (project / "ci" / "flexlint-rules" / "team.yaml").write_text(pack)
    proc = run_cli("--format", "json", ".", cwd=project)
    assert proc.returncode == 1, proc.stderr.decode()
    assert {d["rule"] for d in json.loads(proc.stdout)} == {"wrong-key-casing", "wrong-api-parameter"}


def test_local_pre_commit_hook_matches_the_shipped_one():
    local = yaml.safe_load(block_with("yaml", "repo: local"))["repos"][0]["hooks"][0]
    shipped, fixing = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert local["entry"] == shipped["entry"] and local["files"] == shipped["files"]
    remote = yaml.safe_load(block_with("yaml", "rev: REV\n    hooks:\n      - id: flexlint\n"))["repos"][0]
    assert remote["repo"] == "ADDRESS" and remote["rev"] == "REV" and [h["id"] for h in remote["hooks"]] == [shipped["id"]]
    assert "OWNER" not in README  # no made-up address: the README says what to put there
    assert fixing["id"] == "flexlint-fix" and fixing["entry"] == shipped["entry"].replace("check", "check --fix")
    assert fixing["files"] == shipped["files"]
    remote_fix = yaml.safe_load(block_with("yaml", "id: flexlint-fix"))["repos"][0]
    assert remote_fix["repo"] == "ADDRESS" and [h["id"] for h in remote_fix["hooks"]] == ["flexlint-fix"]


def test_github_workflow_steps_run(project):
    workflow = yaml.safe_load(block_with("yaml", "upload-sarif"))
    steps = workflow["jobs"]["flexlint"]["steps"]
    runs = [s["run"] for s in steps if "run" in s and s["run"].startswith("flexlint ")]
    assert len(runs) == 2
    annotations = run_cli(*shlex.split(runs[0])[1:], cwd=project)
    assert annotations.returncode == 1 and annotations.stdout.startswith(b"::error file=body.json,line=4,col=3,")
    sarif = run_cli(*shlex.split(runs[1])[1:], cwd=project)
    assert sarif.returncode == 0 and sarif.stdout.startswith(b"body.json:4:3: error: ")
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
    assert json.loads((project / upload["with"]["sarif_file"]).read_text())["version"] == "2.1.0"
