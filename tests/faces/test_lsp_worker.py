"""The language server's linting process: a crash, a runaway lint or a superseded version costs one lint, never the server."""

from __future__ import annotations

import json
import os
import signal
import threading

import pytest

pytest.importorskip("pygls")

from flexlint.core.limits import Limits  # noqa: E402
from flexlint.faces.lsp import LintProcess  # noqa: E402

BODY = '{\n  "model": "gpt-5.4-mini",\n  "input": "hi",\n  "serviceTier": "flex"\n}\n'


def big_body(items: int = 60_000) -> str:
    """A body slow to read (seconds): a comment in every message keeps every part on the positioned parser."""
    messages = ",".join('{"role": "user", // said\n "content": ' + json.dumps("x" * 200 + str(i)) + "}" for i in range(items))
    return '{"model": "gpt-5-mini", "serviceTier": "flex", "input": [' + messages + "]}\n"


@pytest.fixture()
def process(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    proc = LintProcess()
    yield proc
    proc.close()


def codes(diagnostics) -> list[str]:
    return [str(d.code) for d in diagnostics]


def test_it_lints_and_stays_warm(process: LintProcess, tmp_path) -> None:
    first = process.lint(1, BODY, str(tmp_path / "body.json"), "utf-16")
    pid = process.proc.pid
    second = process.lint(2, BODY, str(tmp_path / "body.json"), "utf-16")
    assert codes(first) == codes(second) and codes(first)
    assert process.proc.pid == pid  # one process for many lints


def test_a_crash_is_a_parse_error_and_the_next_lint_gets_a_new_process(process: LintProcess, tmp_path) -> None:
    process.lint(1, BODY, str(tmp_path / "body.json"), "utf-16")
    victim = process.proc.pid
    threading.Timer(0.3, os.kill, (victim, signal.SIGSEGV)).start()
    crashed = process.lint(2, big_body(), str(tmp_path / "big.jsonc"), "utf-16")
    assert len(crashed) == 1 and "SIGSEGV" in crashed[0].message and "not checked" in crashed[0].message
    again = process.lint(3, BODY, str(tmp_path / "body.json"), "utf-16")
    assert codes(again) and process.proc.pid != victim


def test_a_lint_past_the_timeout_is_killed(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    process = LintProcess(Limits(timeout=0.2))
    try:
        process.lint(1, BODY, str(tmp_path / "body.json"), "utf-16")  # started and warm
        slow = process.lint(2, big_body(), str(tmp_path / "big.jsonc"), "utf-16")
        assert len(slow) == 1 and "longer than 0.2 seconds" in slow[0].message
        assert codes(process.lint(3, BODY, str(tmp_path / "body.json"), "utf-16"))
    finally:
        process.close()


def test_a_superseded_lint_stops_early_and_answers_nothing(process: LintProcess, tmp_path) -> None:
    process.lint(1, BODY, str(tmp_path / "body.json"), "utf-16")
    text = big_body()  # a lint of a second or more: the cancellation arrives while it runs
    threading.Timer(0.05, process.cancel, (2,)).start()
    assert process.lint(2, text, str(tmp_path / "big.jsonc"), "utf-16") is None  # "cancelled", not findings
    assert codes(process.lint(4, BODY, str(tmp_path / "body.json"), "utf-16"))  # a later request is not cancelled


def test_a_bug_in_a_lint_is_named_never_quoted(tmp_path) -> None:
    """A bug's message may quote the buffer (keys included): the linting process answers with its name only."""
    import subprocess
    import sys

    from flexlint.run.workers import Channel

    boom = ("import flexlint.faces.lsp as lsp\n"
            "def lint_text(text, *a, **k):\n"
            "    raise KeyError(text)\n"
            "lsp.lint_text = lint_text\n"
            "import sys\n"
            "from flexlint.faces.lsp_worker import main\n"
            "main(sys.argv[1:])\n")
    read, write = os.pipe()
    proc = subprocess.Popen([sys.executable, "-c", boom, str(read)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            pass_fds=(read,), cwd=tmp_path)
    os.close(read)
    try:
        Channel(proc.stdin.fileno()).send(("lint", 1, '{"api_key": "sk-proj-' + "Q" * 40 + '"}', "b.json", "utf-16"))
        reply = Channel(proc.stdout.fileno()).recv()
        assert reply == ("error", 1, "KeyError")
    finally:
        proc.kill()
        proc.wait()
        os.close(write)


def test_a_broken_configuration_where_the_server_starts_costs_no_process(tmp_path, monkeypatch) -> None:
    """The warm-up reads the configuration of the server's folder; a broken one is said by the lints it covers."""
    (tmp_path / ".flexlint.toml").write_text("select = [\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".flexlint.toml").write_text("")
    monkeypatch.chdir(tmp_path)
    process = LintProcess()
    try:
        first = process.lint(1, BODY, str(elsewhere / "body.json"), "utf-16")
        pid = process.proc.pid
        second = process.lint(2, BODY, str(elsewhere / "body.json"), "utf-16")
        assert codes(first) == codes(second) and "FLX001" not in codes(first) and codes(first)
        assert process.proc.pid == pid  # the same process answered both
    finally:
        process.close()
