"""Output files never follow a planted symlink, and output never fails to encode."""

from __future__ import annotations

import json
import os
import sys

import pytest

from conftest import ROOT, run_cli
from flexlint.core.writing import write_text_atomically

BODY = b'{"model": "gpt-5.3-codex", "input": "hi", "service_tier": "flex"}'


@pytest.mark.parametrize("flag", ["-o", "--write-baseline"])
@pytest.mark.parametrize("planted", ["FILE", "FILE.tmp"])
def test_a_planted_symlink_is_never_followed(tmp_path, flag, planted):
    (tmp_path / "body.json").write_bytes(BODY)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "report.out"
    link = out if planted == "FILE" else tmp_path / "report.out.tmp"
    link.symlink_to(victim)
    args = ["--format", "sarif", flag, "report.out", "body.json"] if flag == "-o" else [flag, "report.out", "body.json"]
    proc = run_cli(*args, cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert victim.read_text() == "precious"
    assert out.is_file() and not out.is_symlink()  # FILE itself is replaced by the new regular file
    json.loads(out.read_text())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report.out.")]  # no temporary file left


def test_writing_is_atomic_and_keeps_the_umask(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    write_text_atomically(target, "new \udc80 text")
    assert target.read_bytes() == b"new \\udc80 text"
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_lone_surrogates_and_undecodable_names_never_fail_any_output(tmp_path):
    (tmp_path / "body.json").write_bytes(
        b'{"model": "gpt-5", "input": "x", "service_tier": "flex", "metadata": {"k\\ud800": {"service_tier": 1}}}')
    weird = os.fsencode(str(tmp_path)) + b"/b\xff\xfe.json"
    with open(weird, "wb") as fh:
        fh.write(BODY)
    for fmt in ("text", "json", "sarif", "github"):
        proc = run_cli("--format", fmt, "-o", f"out.{fmt}", ".", cwd=tmp_path)
        assert proc.returncode == 1 and b"Traceback" not in proc.stderr, proc.stderr
        assert (tmp_path / f"out.{fmt}").stat().st_size > 0
    sarif = json.loads((tmp_path / "out.sarif").read_text())
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert "b%FF%FE.json" in uris  # the name's own bytes


def test_a_strict_ascii_stdout_gets_escapes_not_a_traceback(tmp_path):
    import subprocess

    (tmp_path / "body.json").write_bytes(b'{"model": "gpt-5", "input": "x", "service_tier": "fl\\u00e9x \\ud800"}')
    proc = subprocess.run([sys.executable, "-m", "flexlint", "--show-source", "body.json"], capture_output=True,
                          cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "ascii:strict"})
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr, proc.stderr
    assert b"\\xe9" in proc.stdout or b"\\u" in proc.stdout
