"""`flexlint --watch` on a real pseudo-terminal: it lints, waits, and lints again after an edit."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, run_cli

pty = pytest.importorskip("pty")

BAD = '{"model": "gpt-5.4-mini", "input": "hi", "serviceTier": "flex"}\n'
GOOD = '{"model": "gpt-5.4-mini", "input": "hi", "service_tier": "flex"}\n'


class Session:
    def __init__(self, cwd, *args: str, env_extra: dict[str, str] | None = None) -> None:
        self.master, slave = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "INSIDE_EMACS")}
        env.update({"PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "NO_COLOR": "1", **(env_extra or {})})
        self.proc = subprocess.Popen([sys.executable, "-m", "flexlint", "--watch", *args], cwd=cwd,
                                     stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
        os.close(slave)
        self.screen = ""

    def until(self, text: str, timeout: float = 30) -> str:
        """Read the terminal until ``text`` appears (after what was read before); return what was read."""
        start = len(self.screen)
        deadline = time.monotonic() + timeout
        while text not in self.screen[start:]:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} never appeared; the screen:\n{self.screen[start:]}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                self.screen += chunk.decode("utf-8", errors="replace").replace("\r\n", "\n")
        return self.screen[start:]

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout=30)
        os.close(self.master)
        return code


def test_watch_lints_again_after_an_edit_and_a_configuration_change(tmp_path):
    body = tmp_path / "body.json"
    body.write_text(BAD)
    session = Session(tmp_path, ".")
    try:
        first = session.until("watching for changes")
        assert "\x1b[2J" in first  # a fresh screen for each run on a terminal
        assert "body.json:1:42: error: `serviceTier`" in first and "Found 1 problem" in first
        body.write_text(GOOD)
        second = session.until("watching for changes")
        assert "body.json changed, checking again" in second
        assert "serviceTier" not in second.split("checking again", 1)[1] and "No problems in 1 file." in second
        (tmp_path / "new.json").write_text(BAD)  # a new file is noticed too
        third = session.until("watching for changes")
        assert "new.json:1:42: error: `serviceTier`" in third
        (tmp_path / ".flexlint.toml").write_text('ignore = ["wrong-key-casing"]\n')
        fourth = session.until("watching for changes")
        assert "No problems in 2 files." in fourth
        (tmp_path / ".flexlint.toml").write_text('selct = ["FLX1"]\n')
        fifth = session.until("watching for changes")
        assert "unknown key `selct`" in fifth  # a broken configuration is said, and watching goes on
    finally:
        code = session.stop()
    assert code == 0


def test_no_screen_clearing_inside_emacs(tmp_path):
    (tmp_path / "body.json").write_text(BAD)
    session = Session(tmp_path, "body.json", env_extra={"INSIDE_EMACS": "29.1,compile", "TERM": "dumb"})
    try:
        first = session.until("watching for changes")
    finally:
        session.stop()
    assert "\x1b" not in first and first.startswith("body.json:1:42: error: ")


@pytest.mark.parametrize("args,message", [
    (("--watch", "-"), "cannot read standard input"),
    (("--watch", "--stdin-filename", "x.json"), "cannot read standard input"),
    (("--watch", "--write-baseline", "b.json", "."), "cannot be combined with --write-baseline"),
])
def test_watch_refuses_what_it_cannot_do(tmp_path, args, message):
    proc = run_cli(*args, cwd=tmp_path, stdin=b"{}")
    assert proc.returncode == 2 and message in proc.stderr.decode()
