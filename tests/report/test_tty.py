"""Human output on a real terminal: the CLI runs with stdout and stderr on a pseudo-terminal."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time

import pytest

from conftest import CASES, ROOT, run_cli, run_in_pty

pty = pytest.importorskip("pty")


@pytest.fixture
def body(tmp_path):
    (tmp_path / "body.json").write_bytes((CASES / "openai-raw" / "responses-body.json").read_bytes())
    return tmp_path


def test_terminal_gets_frames_colours_and_summary(body):
    code, screen = run_in_pty("body.json", cwd=body)
    assert code == 1
    assert "\x1b[1;31merror:\x1b[0m" in screen
    plain = strip_ansi(screen)
    lines = plain.splitlines()
    first = lines.index(next(line for line in lines if line.startswith("body.json:4:3: error: ")))
    assert lines[first + 1] == '  4 |   "serviceTier": "flex",'
    assert lines[first + 2] == "    |   ^^^^^^^^^^^^^"
    assert lines[first + 3] == "    = help: rename `serviceTier` to `service_tier`"
    assert lines[-1] == "Found 3 problems (3 errors, 0 warnings, 0 info) in 1 file. 3 fixable with --fix."
    assert "\r\x1b[2K" not in screen  # a short run never draws progress


def test_no_color_keeps_frames_without_escape_codes(body):
    code, screen = run_in_pty("body.json", cwd=body, env_extra={"NO_COLOR": "1"})
    assert code == 1 and "\x1b[" not in screen
    assert "    |   ^^^^^^^^^^^^^" in screen and "= help: rename" in screen


@pytest.mark.parametrize("flag,coloured", [("--no-color", False), ("--color", True)])
def test_color_flags_win(body, flag, coloured):
    _, screen = run_in_pty(flag, "body.json", cwd=body, env_extra={"NO_COLOR": "1"})
    assert ("\x1b[" in screen) is coloured


def test_clean_run_on_a_terminal_says_so(tmp_path):
    (tmp_path / "good.json").write_bytes((ROOT / "examples" / "good-body.json").read_bytes())
    code, screen = run_in_pty("good.json", cwd=tmp_path, env_extra={"NO_COLOR": "1"})
    assert code == 0 and screen == "No problems in 1 file.\n"


def test_no_frames_or_colours_when_piped(body):
    proc = subprocess.run([sys.executable, "-m", "flexlint", "body.json"], cwd=body, capture_output=True,
                          env={**{k: v for k, v in os.environ.items() if k != "NO_COLOR"}, "PYTHONPATH": str(ROOT)})
    out = proc.stdout.decode()
    assert "\x1b[" not in out and "^" not in out and len(out.splitlines()) == 3
    assert "\x1b[" not in proc.stderr.decode()


def test_progress_draws_after_the_delay_and_erases_itself():
    from flexlint.report.progress import Progress

    stream = io.StringIO()
    with Progress(stream, delay=0.05, interval=0.01) as progress:
        progress.update(3, 40, "configs/big.zip")
        time.sleep(0.3)
    text = stream.getvalue()
    assert "flexlint: 3/40 files · configs/big.zip" in text
    assert text.endswith("\r\x1b[2K")


def test_progress_stays_silent_for_short_runs():
    from flexlint.report.progress import Progress

    stream = io.StringIO()
    with Progress(stream, delay=5) as progress:
        progress.update(1, 2, "a.json")
    assert stream.getvalue() == ""


def strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_source_lines_never_show_credentials(tmp_path):
    """Keys of any shape are masked under the caret: by their shape, or by the name they are written under."""
    (tmp_path / "litellm_config.yaml").write_text(
        "model_list:\n  - model_name: m\n    litellm_params:\n      model: openai/gpt-5.4-mini\n"
        "      api_key: proxyKeyForTeamAlphaOnly\n      service_tier: flex\n"
    )
    (tmp_path / "options.json").write_text(
        '{"apiKey": "abc123short", "headers": {"Authorization": "Bearer tok-1234"}, '
        '"model": "gpt-4o", "providerOptions": {"openai": {"service_tier": "flex"}}}'
    )
    proc = run_cli("--show-source", "litellm_config.yaml", "options.json", cwd=tmp_path)
    out = proc.stdout.decode()
    assert "api_key: ****" in out and "|" in out
    for secret in ("proxyKeyForTeamAlphaOnly", "abc123short", "tok-1234"):
        assert secret not in out
