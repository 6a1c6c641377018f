"""Baselines through the real CLI: record today's findings, see only new ones tomorrow."""

from __future__ import annotations

import json

from conftest import CASES, ROOT, run_cli

BODY = (CASES / "openai-raw" / "responses-body.json").read_text()
OPTIONS = (ROOT / "examples" / "ai-sdk-options.json").read_text()


def setup(tmp_path):
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "body.json").write_text(BODY)
    (tmp_path / "options.json").write_text(OPTIONS)
    proc = run_cli("--write-baseline", "flexlint-baseline.json", ".", cwd=tmp_path)
    assert proc.returncode == 0 and b"recorded 5 findings in flexlint-baseline.json" in proc.stderr
    return json.loads((tmp_path / "flexlint-baseline.json").read_text())


def test_baseline_file_is_keyed_without_lines(tmp_path):
    data = setup(tmp_path)
    assert data["flexlint_baseline"] == 1
    entry = next(e for e in data["findings"] if e["rule"] == "wrong-key-casing" and e["path"] == "configs/body.json")
    assert entry["json_path"] == "serviceTier" and entry["count"] == 1 and "line" not in entry


def test_known_findings_are_hidden_even_after_lines_move(tmp_path):
    setup(tmp_path)
    proc = run_cli("--baseline", "flexlint-baseline.json", ".", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, b"")
    assert proc.stderr.decode() == "No problems in 3 files. (5 known problems hidden by the baseline)\n"
    body = tmp_path / "configs" / "body.json"
    body.write_text("\n\n" + BODY.replace('"input"', '"metadata": {"team": "search"},\n  "input"'))
    proc = run_cli("--baseline", "flexlint-baseline.json", "--format", "json", ".", cwd=tmp_path)
    assert (proc.returncode, json.loads(proc.stdout)) == (0, [])


def test_new_findings_show_and_fixed_ones_are_counted(tmp_path):
    setup(tmp_path)
    (tmp_path / "options.json").write_text(OPTIONS.replace('"maxRetries": 0', '"maxRetries": 3'))
    body = tmp_path / "configs" / "body.json"
    body.write_text(BODY.replace('"model"', '"temprature": 0.2,\n  "model"'))
    proc = run_cli("--baseline", "flexlint-baseline.json", ".", cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 1 and "FLX101 unknown-parameter" in lines[0]
    err = proc.stderr.decode()
    assert "(4 known problems hidden by the baseline)" in err
    assert "1 recorded finding no longer occurs;" in err


def test_a_second_copy_of_a_known_finding_still_shows(tmp_path):
    setup(tmp_path)
    (tmp_path / "configs" / "copy.json").write_text(BODY)  # same findings, another file
    found = json.loads(run_cli("--baseline", "flexlint-baseline.json", "--format", "json", ".", cwd=tmp_path).stdout)
    assert {d["path"] for d in found} == {"configs/copy.json"} and len(found) == 3


def test_baseline_paths_do_not_depend_on_the_working_directory(tmp_path):
    setup(tmp_path)
    proc = run_cli("--baseline", "../flexlint-baseline.json", "body.json", cwd=tmp_path / "configs")
    assert (proc.returncode, proc.stdout) == (0, b"")


def test_missing_or_broken_baseline_is_exit_2(tmp_path):
    (tmp_path / "body.json").write_text(BODY)
    proc = run_cli("--baseline", "nope.json", "body.json", cwd=tmp_path)
    assert proc.returncode == 2 and b"baseline nope.json does not exist" in proc.stderr
    (tmp_path / "bad.json").write_text('{"findings": 3}')
    proc = run_cli("--baseline", "bad.json", "body.json", cwd=tmp_path)
    assert proc.returncode == 2 and b"not a flexlint baseline" in proc.stderr
