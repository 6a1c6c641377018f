"""The pre-commit hook as users get it: the real `pre-commit try-repo` against this checkout.

pre-commit installs the hook repository into its own virtual environment
with pip, so this builds flexlint from a snapshot of the working tree
(committed into a throw-away repository, untracked files included) and runs
the hook on a throw-away project with bad, good, unrelated and excluded files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CASES, ROOT

pytestmark = pytest.mark.slow
pytest.importorskip("pre_commit")


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def init_repo(path: Path) -> None:
    git("init", "-q", cwd=path)
    git("config", "user.email", "test@example.invalid", cwd=path)
    git("config", "user.name", "flexlint test", cwd=path)
    git("config", "commit.gpgsign", "false", cwd=path)
    git("add", "-A", cwd=path)
    git("commit", "-q", "-m", "snapshot", cwd=path)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("hook") / "flexlint"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache", ".hypothesis"))
    init_repo(repo)
    return repo


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(hook_repo: Path, project: Path, home: Path, hook: str = "flexlint") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env.update({"PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "PYTHONPATH": ""})
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, "--all-files", "--color", "never"],
        cwd=project, capture_output=True, text=True, env=env, timeout=600,
    )


def test_hook_fails_on_the_bad_file_and_passes_on_the_rest(hook_repo, pre_commit_home, tmp_path):
    project = tmp_path / "project"
    (project / "configs").mkdir(parents=True)
    (project / "fixtures").mkdir()
    shutil.copy(CASES / "openai-raw" / "responses-body.json", project / "configs" / "bad.json")
    shutil.copy(ROOT / "examples" / "good-body.json", project / "configs" / "good.json")
    shutil.copy(CASES / "openai-raw" / "responses-body.json", project / "fixtures" / "also-bad.json")
    (project / "package.json").write_text('{"name": "x", "version": "1.0.0"}\n')
    (project / "broken-unrelated.json").write_text('{"name": \n')  # nothing flexlint reads: left alone
    (project / "notes.txt").write_text('"serviceTier": "flex"\n')
    (project / ".flexlint.toml").write_text('exclude = ["fixtures"]\n')
    init_repo(project)

    proc = try_repo(hook_repo, project, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "flexlint" in out and "Failed" in out
    assert "configs/bad.json:4:3: error: `serviceTier` is not a parameter of the Responses API" in out
    assert "[FLX102 wrong-key-casing]" in out
    for quiet in ("good.json", "also-bad.json", "package.json", "broken-unrelated.json", "notes.txt"):
        assert quiet not in out, out

    git("rm", "-q", "configs/bad.json", cwd=project)
    git("commit", "-q", "-m", "fix", cwd=project)
    proc = try_repo(hook_repo, project, pre_commit_home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_fix_hook_fixes_the_files_then_passes(hook_repo, pre_commit_home, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(CASES / "openai-raw" / "responses-body.json", project / "body.json")
    shutil.copy(CASES / "cherry-studio" / "backup-v1.9-data.json", project / "data.json")
    (project / "probe.json").write_text('{"model": "gpt-5.3-codex", "input": "hi", "serviceTier": "flex"}\n')
    init_repo(project)
    backup = (project / "data.json").read_bytes()

    proc = try_repo(hook_repo, project, pre_commit_home, "flexlint-fix")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "files were modified by this hook" in out, out
    assert (project / "body.json").read_text() == (ROOT / "tests" / "golden" / "fixes" / "expected-responses-body.json").read_text()
    assert '"service_tier": "flex"' in (project / "probe.json").read_text()
    assert "probe.json:1:" in out and "flex-unsupported-model" in out  # what cannot be fixed is reported
    assert (project / "data.json").read_bytes() == backup  # a backup is never written

    (project / "probe.json").write_text('{"model": "gpt-5.4-mini", "input": "hi", "service_tier": "flex"}\n')
    (project / "data.json").unlink()
    git("add", "-A", cwd=project)
    git("commit", "-q", "-m", "fixed", cwd=project)
    proc = try_repo(hook_repo, project, pre_commit_home, "flexlint-fix")
    assert proc.returncode == 0 and "Passed" in proc.stdout, proc.stdout + proc.stderr


def test_hook_manifest_is_valid_and_covers_the_file_kinds():
    import re

    from pre_commit.clientlib import load_manifest

    hooks = {h["id"]: h for h in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"flexlint", "flexlint-fix"}
    assert hooks["flexlint-fix"]["entry"] == hooks["flexlint"]["entry"].replace("check", "check --fix")
    assert hooks["flexlint-fix"]["files"] == hooks["flexlint"]["files"]
    hook = hooks["flexlint"]
    assert hook["language"] == "python" and "--force-exclude" in hook["entry"]
    files = re.compile(hook["files"])
    for name in ("librechat.yaml", "config.yml", "body.json", "opencode.jsonc", "agent.py", "run.ipynb",
                 "cherry-studio.202501011200.zip", "cherrystudio.sqlite", "data.json", "BODY.JSON"):
        assert files.search(name), name
    for name in ("README.md", "notes.txt", "image.png"):
        assert not files.search(name), name


def test_the_hook_filters_pass_every_kind_flexlint_reads():
    """A suffix flexlint reads in a directory walk (Codex's .toml, Batch .jsonl, ...) reaches the hook too."""
    import re

    from pre_commit.clientlib import load_manifest

    from flexlint.sources import SUFFIXES

    hooks = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    local = re.search(r"files: (.*)", readme_block("repo: local")).group(1)
    for name, pattern in [(h["id"], h["files"]) for h in hooks] + [("README's local hook", local)]:
        missing = sorted(s for s in SUFFIXES if not re.search(pattern, f"config{s}"))
        assert not missing, f"{name}: {pattern} misses {missing}"


def readme_block(needle: str) -> str:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", readme, flags=re.S) if needle in b]
    return block


def pre_commit_run(project: Path, home: Path, path_first: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env.update({"PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "PYTHONPATH": ""})
    if path_first is not None:
        env["PATH"] = f"{path_first}{os.pathsep}{env['PATH']}"
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                          cwd=project, capture_output=True, text=True, env=env, timeout=600)


def bad_project(path: Path, config: str) -> Path:
    path.mkdir()
    shutil.copy(CASES / "openai-raw" / "responses-body.json", path / "bad.json")
    (path / "package.json").write_text('{"name": "x"}\n')
    (path / ".pre-commit-config.yaml").write_text(config)
    init_repo(path)
    return path


def test_readme_hook_installed_from_a_git_address(hook_repo, pre_commit_home, tmp_path):
    """The README's `repo: ADDRESS` / `rev: REV` snippet, filled in as it says, run by the real pre-commit."""
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, capture_output=True, text=True).stdout.strip()
    config = readme_block("rev: REV\n    hooks:\n      - id: flexlint\n").replace("ADDRESS", str(hook_repo)).replace("REV", sha)
    project = bad_project(tmp_path / "project", config)
    proc = pre_commit_run(project, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "bad.json:4:3: error: `serviceTier`" in out and "package.json" not in out, out


def test_readme_local_hook_with_flexlint_installed(pre_commit_home, tmp_path):
    """The README's `repo: local` snippet: pre-commit runs the flexlint on PATH."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "flexlint").write_text(f'#!/bin/sh\nPYTHONPATH={ROOT} exec {sys.executable} -m flexlint "$@"\n')
    (bindir / "flexlint").chmod(0o755)
    project = bad_project(tmp_path / "project", readme_block("repo: local"))
    proc = pre_commit_run(project, pre_commit_home, path_first=bindir)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "bad.json:4:3: error: `serviceTier`" in out and "package.json" not in out, out
    (project / "bad.json").unlink()
    git("add", "-A", cwd=project)
    git("commit", "-q", "-m", "fix", cwd=project)
    assert pre_commit_run(project, pre_commit_home, path_first=bindir).returncode == 0

