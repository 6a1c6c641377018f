"""Directory walks skip what git ignores, as ruff's do; the same files git itself would list."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BAD = '{"model": "gpt-5.4-mini", "input": "hi", "serviceTier": "flex"}\n'


def git(*args: str, cwd) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path):
    git("init", "-q", cwd=tmp_path)
    files = [
        "body.json", "generated/body.json", "logs/run.json", "logs/keep.json", "sub/body.json", "sub/local.json",
        "sub/deep/body.yaml", "secret.json", "notes/a.json", "build.json",
    ]
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(BAD if name.endswith(".json") else "model: gpt-5.4-mini\ninput: hi\nserviceTier: flex\n")
    (tmp_path / ".gitignore").write_text("# generated output\ngenerated/\nlogs/*.json\n!logs/keep.json\n/build.json\n")
    (tmp_path / "sub" / ".gitignore").write_text("local.json\n*.yaml\n")
    (tmp_path / ".git" / "info" / "exclude").write_text("secret.json\n")
    return tmp_path


def linted(cwd, *args: str) -> set[str]:
    proc = run_cli("--format", "json", *args, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return {d["path"] for d in json.loads(proc.stdout)}


def test_walk_lists_what_git_lists(repo):
    expected = set(git("ls-files", "--cached", "--others", "--exclude-standard", cwd=repo).split())
    expected = {p for p in expected if p.endswith((".json", ".yaml"))}
    assert linted(repo, ".") == expected == {"body.json", "logs/keep.json", "sub/body.json", "notes/a.json"}


def test_a_walk_below_the_root_honours_the_root_ignore_files(repo):
    assert linted(repo / "sub", ".") == {"body.json"}
    assert linted(repo, "logs") == {"logs/keep.json"}


def test_named_files_are_always_read(repo):
    assert linted(repo, "generated/body.json", "secret.json") == {"generated/body.json", "secret.json"}


def test_no_respect_gitignore_reads_everything(repo):
    every = {"body.json", "generated/body.json", "logs/run.json", "logs/keep.json", "sub/body.json",
             "sub/local.json", "sub/deep/body.yaml", "secret.json", "notes/a.json", "build.json"}
    assert linted(repo, "--no-respect-gitignore", ".") == every
    (repo / ".flexlint.toml").write_text("respect-gitignore = false\n")
    assert linted(repo, ".") == every
    assert linted(repo, "--isolated", ".") == {"body.json", "logs/keep.json", "sub/body.json", "notes/a.json"}


def test_outside_a_repository_ignore_files_mean_nothing(tmp_path):
    (tmp_path / "a.json").write_text(BAD)
    (tmp_path / ".gitignore").write_text("a.json\n")
    assert linted(tmp_path, ".") == {"a.json"}


def test_a_bad_respect_gitignore_value_is_a_configuration_error(tmp_path):
    (tmp_path / ".flexlint.toml").write_text('respect-gitignore = "no"\n')
    proc = run_cli(".", cwd=tmp_path)
    assert proc.returncode == 2 and "`respect-gitignore` must be true or false" in proc.stderr.decode()


def test_a_folder_named_on_the_command_line_is_walked_even_when_git_ignores_it(repo):
    assert linted(repo, "generated") == {"generated/body.json"}
    # As for a Python installed inside a repository whose .gitignore has `/versions/`: naming it reads it.
    (repo / ".gitignore").write_text("/versions/\n")
    (repo / "versions" / "3.11" / "lib").mkdir(parents=True)
    (repo / "versions" / "3.11" / "lib" / "body.json").write_text(BAD)
    (repo / "versions" / "3.11" / "lib" / "build").mkdir()
    (repo / "versions" / "3.11" / "lib" / ".gitignore").write_text("build/\n")
    (repo / "versions" / "3.11" / "lib" / "build" / "body.json").write_text(BAD)
    assert linted(repo, "versions/3.11/lib") == {"versions/3.11/lib/body.json"}  # its own ignore files still apply
    assert "versions/3.11/lib/body.json" not in linted(repo, ".")
