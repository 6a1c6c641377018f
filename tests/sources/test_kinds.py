"""How a file's kind is told: by its suffix, else by its content; kinds flexlint does not read are skipped."""

from __future__ import annotations

import pytest

from conftest import run_cli


@pytest.mark.parametrize("head,kind", [
    (b'{"model": "x"}', "json"),
    (b"\xef\xbb\xbf  [1, 2]", "json"),
    (b"// logged\n{}", "json"),
    (b"model: gpt-5.4-mini\n", "yaml"),
    (b"# comment\n\nmodel: x\n", "yaml"),
    (b"---\nversion: 1.2.1\n", "yaml"),
    (b"- model_name: x\n", "yaml"),
    (b'"model": x\n', "yaml"),
    (b"from openai import OpenAI\n", "python"),
    (b"import openai\n", "python"),
    (b"#!/usr/bin/env python3\nprint(1)\n", "python"),
    (b"async def main():\n    pass\n", "python"),
    (b"hello world\n", None),
    (b"", None),
])
def test_sniff(head, kind):
    from flexlint.sources import sniff

    assert sniff(head) == kind


def test_a_toml_file_no_app_claims_named_on_the_command_line_is_skipped_not_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.ruff]\nline-length = 100\n')
    (tmp_path / "codex.toml").write_text('model = "gpt-5.4"\nservice_tier = "flex"\n')
    proc = run_cli("pyproject.toml", "codex.toml", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, b""), proc.stdout.decode()


def test_a_broken_toml_file_no_app_claims_is_left_alone_in_a_walk(tmp_path):
    (tmp_path / "broken.toml").write_text("[[[\n")
    proc = run_cli("--format", "json", ".", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, b"[]\n")
