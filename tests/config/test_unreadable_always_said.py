"""No configuration, flag, baseline or comment can make an unreadable file silent (exit 2 says why)."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli

BROKEN = '{"model": "gpt-5.4-mini",\n  "service_tier": "flex"\n'


@pytest.fixture
def project(tmp_path):
    (tmp_path / "broken.json").write_text(BROKEN)
    return tmp_path


@pytest.mark.parametrize("config,args", [
    ('select = ["FLX1", "FLX3", "FLX4"]\n', ()),  # the README's own example selection
    ('ignore = ["parse-error"]\n', ()),
    ('ignore = ["FLX0"]\n', ()),
    ('[per-file-ignores]\n"*.json" = ["FLX001"]\n', ()),
    ("", ("--ignore", "parse-error")),
    ("", ("--select", "FLX102")),
    ("", ("--ignore", "ALL")),
])
def test_selection_cannot_silence_a_parse_error(project, config, args):
    if config:
        (project / ".flexlint.toml").write_text(config)
    text = run_cli(*args, "broken.json", cwd=project)
    assert text.returncode == 2
    assert text.stdout.decode().startswith("broken.json:3:1: error: unexpected end of file"), text.stdout
    assert "[FLX001 parse-error]" in text.stdout.decode()
    machine = run_cli(*args, "--format", "json", "broken.json", cwd=project)
    assert machine.returncode == 2
    assert [d["rule"] for d in json.loads(machine.stdout)] == ["parse-error"]


def test_show_config_says_the_source_rules_are_always_on(project):
    (project / ".flexlint.toml").write_text('select = ["FLX1"]\n')
    out = run_cli("show-config", ".", cwd=project).stdout.decode()
    assert "  FLX001  parse-error" in out and "error  (always on)" in out.split("FLX001", 1)[1].splitlines()[0]
    assert out.split("FLX002", 1)[1].splitlines()[0].rstrip().endswith("off")
    rule = run_cli("rule", "parse-error", cwd=project).stdout.decode()
    assert "always on" in rule


def test_a_baseline_never_records_or_hides_an_unreadable_file(project):
    (project / "body.json").write_text('{"model": "gpt-5.4-mini", "input": "hi", "serviceTier": "flex"}\n')
    wrote = run_cli("--write-baseline", "base.json", ".", cwd=project)
    assert wrote.returncode == 2  # the unreadable file still fails the run
    recorded = json.loads((project / "base.json").read_text())["findings"]
    assert [f["rule"] for f in recorded] == ["wrong-key-casing"]
    proc = run_cli("--baseline", "base.json", ".", cwd=project)
    assert proc.returncode == 2
    assert proc.stdout.decode().startswith("broken.json:3:1: error: ")


def test_the_library_api_reports_it_with_any_selection(project):
    from flexlint.config.rulesets import load_ruleset
    from flexlint.config.selection import make_selection
    from flexlint.run.paths import lint_source

    selection = make_selection(load_ruleset(), select=["FLX102"], ignore=["parse-error", "internal-error"])
    assert {"parse-error", "internal-error", "wrong-key-casing"} == set(selection.rules)
    result = lint_source(BROKEN.encode(), "broken.json", selection=selection)
    assert result.unreadable and [d.rule for d in result.diagnostics] == ["parse-error"]


def test_ignoring_it_on_the_command_line_says_it_cannot(project):
    proc = run_cli("--ignore", "FLX001", "broken.json", cwd=project)
    assert proc.returncode == 2
    assert "flexlint: warning: parse-error cannot be switched off" in proc.stderr.decode()
    assert "cannot be switched off" not in run_cli("--ignore", "FLX0", "broken.json", cwd=project).stderr.decode()
