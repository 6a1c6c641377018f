"""Replaying an unchanged run (flexlint.run.replay): same output, and never a stale one.

Each test runs the real command in a subprocess. Whether a run was replayed
is told by what it imported: a replay never imports the command line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flexlint.run import replay

ROOT = Path(__file__).resolve().parents[2]
BODY = '{"model": "gpt-5-mini", "service_tier": "flex", "reasoning_effort": "minimal", "input": "hi"}\n'
PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['flexlint', *sys.argv[2:]]\n"
    "try:\n"
    "    runpy.run_module('flexlint', run_name='__main__')\n"
    "finally:\n"
    "    open(__import__('os').environ['PROBE_LOG'], 'w').write(\n"
    "        'full' if 'flexlint.faces.cli' in sys.modules else 'replayed')\n"
)


def run(cwd: Path, *args: str) -> tuple[str, str, int, str]:
    """(stdout, stderr, exit code, "full" or "replayed") of ``flexlint ARGS`` in ``cwd``."""
    log = cwd.parent / "probe.log"  # one name: the environment is part of the command
    env = {k: v for k, v in os.environ.items() if k not in ("FLEXLINT_DEBUG",)}
    env.update(PYTHONPATH=str(ROOT), PROBE_LOG=str(log))
    proc = subprocess.run([sys.executable, "-c", PROBE, "-", *args], cwd=cwd, env=env, capture_output=True, text=True)
    how = log.read_text()
    log.unlink()
    return proc.stdout, proc.stderr, proc.returncode, how


def settle() -> None:
    time.sleep(replay.RACY_NS / 1e9 + 0.05)  # files written just before a run are not trusted by its recording


def warm(cwd: Path, *args: str) -> tuple[str, str, int, str]:
    """Run until the command is recorded (a fresh lint, then a cached one), then once more."""
    first = run(cwd, *args)
    settle()
    run(cwd, *args)
    settle()
    run(cwd, *args)
    again = run(cwd, *args)
    assert again[:3] == first[:3]
    return again


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "requests").mkdir(parents=True)
    (root / "requests" / "a.json").write_text(BODY)
    (root / "requests" / "b.json").write_text('{"name": "not a request"}\n')
    settle()
    return root


def test_an_unchanged_run_is_replayed_with_the_same_output(project: Path) -> None:
    out, err, code, how = warm(project, "--format", "json", ".")
    assert how == "replayed"
    assert code == 1 and json.loads(out)
    text = warm(project, ".")
    assert text[3] == "replayed" and "Found" in text[1]


def test_an_edited_file_is_linted_again(project: Path) -> None:
    before = warm(project, "--format", "json", ".")
    (project / "requests" / "a.json").write_text(BODY.replace("gpt-5-mini", "gpt-5.3-codex"))
    after = run(project, "--format", "json", ".")
    assert after[3] == "full" and after[0] != before[0]


def test_a_new_file_in_a_walked_folder_is_linted(project: Path) -> None:
    before = warm(project, "--format", "json", ".")
    (project / "requests" / "c.json").write_text(BODY)
    after = run(project, "--format", "json", ".")
    assert after[3] == "full"
    assert len(json.loads(after[0])) > len(json.loads(before[0]))


def test_a_configuration_above_the_linted_folder_is_seen(project: Path) -> None:
    before = warm(project / "requests", "--format", "json", "a.json")
    assert json.loads(before[0])
    (project / ".flexlint.toml").write_text('ignore = ["FLX"]\n')
    after = run(project / "requests", "--format", "json", "a.json")
    assert after[3] == "full" and json.loads(after[0]) == []


def test_other_arguments_or_environment_are_another_command(project: Path) -> None:
    warm(project, ".")
    assert run(project, "--format", "json", ".")[3] == "full"
    assert run(project, ".", "--select", "FLX1")[3] == "full"


@pytest.mark.parametrize("args", [("--no-cache", "."), ("--fix", "."), ("--diff", "."), ("--output-file", "out.json", ".")])
def test_runs_that_do_more_than_report_are_never_replayed(project: Path, args: tuple[str, ...]) -> None:
    for _ in range(3):
        settle()
        assert run(project, *args)[3] == "full"


def test_a_replay_never_reads_a_broken_or_foreign_recording(project: Path) -> None:
    warm(project, ".")
    folder = project / ".flexlint_cache" / replay.FOLDER
    for entry in folder.iterdir():
        entry.write_bytes(b"99999999999999999999999:" + os.urandom(64))
    assert run(project, ".")[3] == "full"


def test_the_format_round_trips_and_refuses_garbage() -> None:
    fields = [b"", b"a:b,c", bytes(range(256))]
    assert replay._unpack(replay._pack(fields)) == fields
    for bad in (b"3:ab,", b"2:abc", b"x:ab,", b"-1:,", b"5"):
        with pytest.raises(ValueError):
            replay._unpack(bad)


def test_a_recording_never_holds_the_environment(project: Path, monkeypatch) -> None:
    """The command's key covers the environment, API keys included: only its digest is written."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-proj-" + "Q" * 40)
    warm(project, ".")
    for entry in (project / ".flexlint_cache" / replay.FOLDER).iterdir():
        assert b"sk-proj-" not in entry.read_bytes() and b"QQQQQQQQ" not in entry.read_bytes()


def test_a_replay_prints_stdout_and_stderr_in_the_order_they_were_written(project: Path) -> None:
    """The warning about `--ignore parse-error` comes before the findings, replayed or not."""
    env = {k: v for k, v in os.environ.items() if k != "FLEXLINT_DEBUG"}
    env.update(PYTHONPATH=str(ROOT), PROBE_LOG=str(project.parent / "probe.log"))

    def merged() -> tuple[str, str]:
        proc = subprocess.run([sys.executable, "-c", PROBE, "-", "--ignore", "parse-error", "."], cwd=project, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return proc.stdout, (project.parent / "probe.log").read_text()

    first = merged()
    for _ in range(3):
        settle()
        last = merged()
    assert last[1] == "replayed" and first[1] == "full"
    assert last[0] == first[0] and last[0].index("cannot be switched off") < last[0].index("Found")


def test_a_recording_alone_makes_a_cache_folder_flexlint_clean_removes(tmp_path: Path) -> None:
    """No file was cached (nothing in the folder is a request): the recording's folder is still tagged and
    ignored by git, and `flexlint clean` removes it."""
    root = tmp_path / "quiet"
    root.mkdir()
    (root / "notes.json").write_text('{"name": "not a request"}\n')
    settle()
    run(root, ".")
    settle()
    run(root, ".")
    assert run(root, ".")[3] == "replayed"
    cache = root / ".flexlint_cache"
    assert (cache / "CACHEDIR.TAG").is_file() and (cache / ".gitignore").read_text() == "*\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    assert subprocess.run([sys.executable, "-m", "flexlint", "clean"], cwd=root, env=env).returncode == 0
    assert not cache.exists()


def test_the_checks_of_watch_are_never_recorded(tmp_path: Path, monkeypatch) -> None:
    """A replay of `--watch` would print once and stop watching."""
    from click.testing import CliRunner

    from flexlint.faces import cli, watch

    (tmp_path / "a.json").write_text(BODY)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(replay, "ENTRY_ARGV", ["--watch", "a.json"])
    def one_round(check, paths, packs) -> int:
        try:
            check()
        except SystemExit:
            pass
        return 0

    monkeypatch.setattr(watch, "watch", one_round)
    settle()
    result = CliRunner().invoke(cli.main, ["--watch", "a.json"])
    assert result.exit_code == 0 and "FLX103" in result.output, result.output
    assert not (tmp_path / ".flexlint_cache" / replay.FOLDER).exists()
