"""Fixing files: rounds, conflicts, a fix that would break the file, encodings, and safe writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from flexlint.core.edits import Edit, Fix
from flexlint.run.fixing import choose, file_linter, fix_bytes, fix_files, fix_text
from flexlint.run.writing import NotWritten, replace_if_unchanged

BODY = '{\n  "model": "gpt-5.4-mini",\n  "input": "hi",\n  "serviceTier": "flex",\n  "reasoning_effort": "low",\n  "max_tokens": 2000\n}\n'
FIXED = '{\n  "model": "gpt-5.4-mini",\n  "input": "hi",\n  "service_tier": "flex",\n  "reasoning": {"effort": "low"},\n  "max_output_tokens": 2000\n}\n'


@pytest.fixture
def linter():
    from flexlint.run.paths import Options

    return file_linter(Options(isolated=True))


def test_every_fix_in_one_pass_and_nothing_left(linter):
    result = fix_bytes("body.json", BODY.encode(), linter)
    assert result.fixed == FIXED.encode()
    assert sorted(d.rule for d in result.outcome.fixed) == ["wrong-api-parameter", "wrong-api-parameter", "wrong-key-casing"]
    assert result.outcome.remaining == []
    again = fix_bytes("body.json", result.fixed, linter)
    assert again.fixed is None and again.outcome.fixed == []


def test_duplicates_three_times_over_take_rounds(linter):
    text = '{"model": "gpt-5.4-mini", "input": "hi", "service_tier": "auto", "service_tier": "default", "service_tier": "flex"}\n'
    result = fix_bytes("body.json", text.encode(), linter)
    assert result.fixed == b'{"model": "gpt-5.4-mini", "input": "hi", "service_tier": "flex"}\n'
    assert [d.rule for d in result.outcome.fixed] == ["duplicate-key", "duplicate-key"]


def test_overlapping_fixes_wait_for_the_next_round():
    def diag(start, end, rule):
        from flexlint.core.diagnostics import Diagnostic

        fix = Fix(rule, "safe", rule, (Edit(start, end, ""),))
        return Diagnostic("f", 1, 1, 1, 1, "error", "X", rule, "m", autofix=fix)

    fixes, fixed = choose([diag(0, 5, "a"), diag(4, 8, "b"), diag(8, 9, "c"), diag(0, 5, "d")])
    assert [f.rule for f in fixes] == ["a", "c"]
    assert sorted(d.rule for d in fixed) == ["a", "c", "d"]  # the same edits fix both a and d


def test_unsafe_fixes_only_when_asked(linter):
    options = '{"providerOptions": {"openai": {"service_tier": "flex"}}}\n'
    assert fix_bytes("o.json", options.encode(), linter).fixed is None
    result = fix_bytes("o.json", options.encode(), linter, unsafe=True)
    assert result.fixed == b'{"providerOptions": {"openai": {"serviceTier": "flex"}}}\n'
    assert [d.autofix.safety for d in result.outcome.fixed] == ["unsafe"]


def test_a_fix_that_would_break_the_file_is_dropped(monkeypatch, linter):
    from flexlint.run import fixing

    real = fixing.apply_fixes

    def breaking(text, fixes):  # as if the editor wrote one brace too many
        out = real(text, fixes)
        return out + "}" if any(f.rule == "wrong-key-casing" for f in fixes) else out

    monkeypatch.setattr(fixing, "apply_fixes", breaking)
    result = fix_bytes("body.json", BODY.encode(), linter)
    assert result.fixed is not None and b'"serviceTier"' in result.fixed  # the casing fix was dropped ...
    assert b'"max_output_tokens"' in result.fixed  # ... the others applied
    assert any("wrong-key-casing" in note and "no longer read" in note for note in result.notes)


def test_fixes_that_undo_each_other_change_nothing():
    from flexlint.core.diagnostics import Diagnostic
    from flexlint.run.engine import FileResult

    def lint(text: str) -> FileResult:  # a rule that wants A where B is, and one that wants B where A is
        i = text.find("A") if "A" in text else text.find("B")
        new = "B" if text[i] == "A" else "A"
        fix = Fix("flip", "safe", "flip", (Edit(i, i + 1, new),))
        return FileResult("f", [Diagnostic("f", 1, 1, 1, 1, "error", "X", "flip", "m", autofix=fix)])

    outcome = fix_text("xAx", "f", lint)
    assert outcome.text == "xAx" and not outcome.changed
    assert "undo each other" in outcome.notes[0]


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe")])
def test_the_file_keeps_its_encoding_bom_and_line_breaks(linter, encoding, bom):
    text = BODY.replace("\n", "\r\n").replace('"hi"', '"hé 🙂"')
    result = fix_bytes("body.json", bom + text.encode(encoding), linter)
    expected = FIXED.replace("\n", "\r\n").replace('"hi"', '"hé 🙂"')
    assert result.fixed == bom + expected.encode(encoding)


def test_files_are_replaced_atomically_with_their_mode(tmp_path, linter):
    path = tmp_path / "body.json"
    path.write_text(BODY)
    os.chmod(path, 0o640)
    inode = path.stat().st_ino
    [result] = fix_files([str(path)], linter)
    assert result.written and path.read_text() == FIXED
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_ino != inode  # a new file renamed over the old one
    assert [p.name for p in tmp_path.iterdir()] == ["body.json"]  # no temporary file left


def test_diff_mode_writes_nothing(tmp_path, linter):
    path = tmp_path / "body.json"
    path.write_text(BODY)
    [result] = fix_files([str(path)], linter, write=False)
    assert result.fixed == FIXED.encode() and not result.written
    assert path.read_text() == BODY


def test_a_file_changed_since_it_was_read_is_not_written(tmp_path):
    path = tmp_path / "body.json"
    path.write_text(BODY)
    with pytest.raises(NotWritten, match="changed while"):
        replace_if_unchanged(path, b"something else", FIXED.encode())
    assert path.read_text() == BODY


def test_a_symbolic_link_is_not_written_through(tmp_path, linter):
    target = tmp_path / "real.json"
    target.write_text(BODY)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    [result] = fix_files([str(link)], linter)
    assert not result.written and "symbolic link" in result.notes[-1]
    assert target.read_text() == BODY and link.is_symlink()


def test_backups_and_notebooks_are_never_fixed(tmp_path, linter):
    from conftest import CASES

    backup = CASES / "cherry-studio" / "backup-v1.9-data.json"
    data = backup.read_bytes()
    first = linter(str(backup), data)
    assert first.diagnostics and all(d.autofix is None for d in first.diagnostics)
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": [
            "from openai import OpenAI\n", "OpenAI().responses.create(model='gpt-5.4-mini', input='hi', serviceTier='flex')\n"]}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }
    import json

    found = linter("probe.ipynb", json.dumps(notebook).encode())
    assert "wrong-key-casing" in [d.rule for d in found.diagnostics]
    assert all(d.autofix is None for d in found.diagnostics)


def test_python_fixes_keep_the_code_as_written(linter):
    code = (
        "from openai import OpenAI\n\n"
        "client = OpenAI(timeout=900)\n"
        "resp = client.responses.create(\n"
        "    model='gpt-5.4-mini',  # cheap\n"
        "    input=PROMPT,\n"
        "    serviceTier='flex',\n"
        "    reasoning={'summary': 'auto'},\n"
        "    reasoning_effort='low',\n"
        ")\n"
    )
    result = fix_bytes("job.py", code.encode(), linter)
    assert result.fixed.decode() == code.replace("serviceTier=", "service_tier=").replace(
        "    reasoning={'summary': 'auto'},\n    reasoning_effort='low',\n", "    reasoning={'summary': 'auto', 'effort': 'low'},\n")


def test_the_extra_body_override_is_removed_only_as_an_unsafe_fix(linter):
    code = (
        "from openai import OpenAI\n\n"
        "OpenAI(timeout=900).responses.create(model='gpt-5.4-mini', input='hi', service_tier='flex',\n"
        "                                     extra_body={'service_tier': 'auto', 'store': False})\n"
    )
    assert fix_bytes("job.py", code.encode(), linter).fixed is None
    result = fix_bytes("job.py", code.encode(), linter, unsafe=True)
    assert result.fixed.decode() == code.replace("'service_tier': 'auto', ", "")


def test_a_path_that_cannot_be_read_is_said(tmp_path, linter):
    [result] = fix_files([str(tmp_path / "gone.json")], linter)
    assert not result.written and "cannot read" in result.notes[0]


def test_a_rule_switched_off_by_the_configuration_is_not_fixed(tmp_path):
    from flexlint.run.paths import Options

    (tmp_path / ".flexlint.toml").write_text('ignore = ["wrong-key-casing"]\n')
    path = tmp_path / "body.json"
    path.write_text(BODY)
    linter = file_linter(Options())
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        [result] = fix_files(["body.json"], linter)
    finally:
        os.chdir(cwd)
    assert b'"serviceTier"' in result.fixed  # its rule is off: neither reported nor fixed
