"""The closing line and the progress line, on a real pseudo-terminal, in a shell and inside Emacs."""

from __future__ import annotations

import json

import pytest

from conftest import run_in_pty

pytest.importorskip("pty")


def test_a_clean_walk_of_unrelated_files_says_what_it_looked_at(tmp_path):
    (tmp_path / "pkg").mkdir()
    for i in range(5):
        (tmp_path / "pkg" / f"mod{i}.py").write_text(f"def f{i}():\n    return {i}\n")
    (tmp_path / "package.json").write_text('{"name": "x"}\n')
    code, screen = run_in_pty(".", cwd=tmp_path, env_extra={"NO_COLOR": "1"})
    assert code == 0
    assert screen == "No problems: none of the 6 files looked at mentions anything flexlint checks.\n"
    code, screen = run_in_pty("package.json", cwd=tmp_path, env_extra={"NO_COLOR": "1"})
    assert screen == "No problems in 1 file.\n"  # a named file is always read


def test_a_walk_that_finds_no_file_flexlint_reads_says_so(tmp_path):
    (tmp_path / "notes.txt").write_text("hello\n")
    code, screen = run_in_pty(".", cwd=tmp_path, env_extra={"NO_COLOR": "1"})
    assert code == 0 and screen.startswith("No problems: no files to check (flexlint reads .")
    assert all(f" {suffix}," in screen for suffix in (".har", ".json", ".py", ".ts", ".yaml"))


@pytest.fixture(scope="module")
def slow(tmp_path_factory):
    """One request body large enough that reading it takes more than the second before progress shows."""
    folder = tmp_path_factory.mktemp("slow")
    body = {"model": "gpt-5.4-mini", "service_tier": "flex",
            "input": [{"role": "user", "content": "x" * 50} for _ in range(90000)]}
    # The comment keeps the messages on the positioned parser (the C decoder reads only strict JSON
    # and would take a fraction of the second).
    (folder / "big.json").write_text(json.dumps(body)[:-2] + "\n// the last message\n]}")
    return folder


def test_progress_shows_on_a_terminal(slow):
    code, screen = run_in_pty("big.json", cwd=slow, env_extra={"NO_COLOR": "1"})
    assert code == 0 and "\r\x1b[2Kflexlint: 0/1 files · big.json" in screen


@pytest.mark.parametrize("env", [{"INSIDE_EMACS": "29.1,compile", "TERM": "dumb"}, {"INSIDE_EMACS": "29.1,compile"},
                                 {"TERM": "dumb"}])
def test_no_progress_escapes_in_emacs_or_on_a_dumb_terminal(slow, env):
    code, screen = run_in_pty("big.json", cwd=slow, env_extra={"NO_COLOR": "1", **env})
    assert code == 0 and "\x1b" not in screen and screen == "No problems in 1 file.\n"
