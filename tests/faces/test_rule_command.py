"""`flexlint rule ID` and `flexlint rule --all`, as `ruff rule` works."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli


def test_rule_all_prints_every_rule_page():
    listed = [line.split()[1] for line in run_cli("rules").stdout.decode().splitlines()]
    proc = run_cli("rule", "--all")
    assert proc.returncode == 0
    pages = proc.stdout.decode().split("\n\n" + "─" * 72 + "\n\n")
    assert [page.splitlines()[0].split()[1] for page in pages] == listed
    assert all("\nWhy\n" in page and "\nFix\n" in page for page in pages)
    assert "example fails" not in proc.stdout.decode()


def test_rule_all_as_json():
    data = json.loads(run_cli("rule", "--all", "--output-format", "json").stdout)
    assert [r["rule"] for r in data] == [line.split()[1] for line in run_cli("rules").stdout.decode().splitlines()]
    one = json.loads(run_cli("rule", "FLX102", "--format", "json").stdout)
    assert one == next(r for r in data if r["code"] == "FLX102")


def test_rule_needs_an_id_or_all():
    for args in (("rule",), ("rule", "FLX102", "--all")):
        proc = run_cli(*args)
        assert proc.returncode == 2 and "name one rule" in proc.stderr.decode()


@pytest.mark.parametrize("args", [("rules",), ("rule", "wrong-key-casing"), ("models", "gpt-5.4-mini"),
                                  ("explain", "examples/responses-body.json")])
def test_every_command_with_a_format_takes_ruffs_output_format_too(args):
    spelt = [run_cli(*args, option, "json") for option in ("--output-format", "--format")]
    assert [p.returncode for p in spelt] == [0, 0], spelt[0].stderr
    assert spelt[0].stdout == spelt[1].stdout and json.loads(spelt[0].stdout)
