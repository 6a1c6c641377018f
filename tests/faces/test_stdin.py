"""Standard input as editors and shell pipes use it: `-`, `--stdin-filename` (with or without `-`)."""

from __future__ import annotations

import json

import pytest

from conftest import CASES, run_cli

YAML_BODY = b"model: gpt-5.4-mini\ninput: hi\nserviceTier: flex\n"
PYTHON = b'from openai import OpenAI\nOpenAI().responses.create(model="gpt-5.3-codex", input="hi", service_tier="flex")\n'


def test_stdin_filename_without_dash_reads_stdin_as_ruff_does(tmp_path):
    (tmp_path / "elsewhere.json").write_text('{"model": "gpt-5.4-mini", "input": "hi", "serviceTier": "flex"}\n')
    proc = run_cli("--stdin-filename", "body.yaml", stdin=YAML_BODY, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.decode().splitlines()[0].startswith("body.yaml:3:1: error: `serviceTier`")
    assert "elsewhere.json" not in proc.stdout.decode()  # the folder is not walked


def test_stdin_filename_with_paths_warns_and_reads_stdin(tmp_path):
    (tmp_path / "other.json").write_text("{}")
    proc = run_cli("--stdin-filename", "body.yaml", "other.json", stdin=YAML_BODY, cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout.decode().startswith("body.yaml:3:1: ")
    assert "ignoring other.json" in proc.stderr.decode()


@pytest.mark.parametrize("data,first", [
    (YAML_BODY, "-:3:1: error: `serviceTier`"),
    (b"# logged request\n" + YAML_BODY, "-:4:1: error: `serviceTier`"),
    (b"---\n" + YAML_BODY, "-:4:1: error: `serviceTier`"),
    (b'{"model": "gpt-5.4-mini", "input": "hi", "serviceTier": "flex"}\n', "-:1:42: error: `serviceTier`"),
    (PYTHON, "-:2:33: error: model \"gpt-5.3-codex\""),
])
def test_unnamed_stdin_is_read_by_its_content(data, first):
    proc = run_cli("-", stdin=data)
    assert proc.returncode == 1, proc.stdout.decode() + proc.stderr.decode()
    assert proc.stdout.decode().splitlines()[0].startswith(first)


def test_a_name_decides_over_the_content():
    proc = run_cli("--format", "json", "--stdin-filename", "body.json", "-", stdin=YAML_BODY)
    assert proc.returncode == 2
    assert [d["rule"] for d in json.loads(proc.stdout)] == ["parse-error"]


def test_unnamed_stdin_of_unknown_content_is_still_said():
    proc = run_cli("-", stdin=b"hello world\n")
    assert proc.returncode == 2 and "[FLX001 parse-error]" in proc.stdout.decode()


def test_code_frames_for_unnamed_stdin():
    proc = run_cli("--show-source", "-", stdin=(CASES / "openai-raw" / "responses-body.json").read_bytes())
    assert '  4 |   "serviceTier": "flex",' in proc.stdout.decode()
