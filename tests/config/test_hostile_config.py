"""Configuration found in the scanned tree is input too: bounded, and a bad one is a configuration error."""

from __future__ import annotations

import random
import re
import time

import pytest

from conftest import run_cli
from flexlint.config.patterns import _simulate, _tokens, glob_match, glob_regex

BODY = b'{"model": "gpt-5.3-codex", "input": "hi", "service_tier": "flex"}'


@pytest.mark.parametrize("toml, key", [
    ('exclude = ["[z-a]"]', "`exclude[0]`"),
    ('[tool.flexlint.per-file-ignores]\n"[b-a].json" = ["FLX1"]', '`per-file-ignores."[b-a].json"`'),
    ('[tool.flexlint.ignore-json-paths]\n"[b-a].json" = ["metadata"]', '`ignore-json-paths."[b-a].json"`'),
    ("exclude = [" + ", ".join(['"x"'] * 300) + "]", "`exclude` may hold at most 256 globs"),
    ('exclude = ["' + "a" * 600 + '"]', "at most 512 characters"),
])
def test_a_bad_glob_in_pyproject_is_a_configuration_error_naming_file_and_key(tmp_path, toml, key):
    (tmp_path / "pyproject.toml").write_text("[tool.flexlint]\n" + toml + "\n")
    (tmp_path / "body.json").write_bytes(BODY)
    proc = run_cli("body.json", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err
    assert "pyproject.toml [tool.flexlint]" in err and key in err


def test_a_pathological_pattern_is_matched_in_linear_time(tmp_path):
    pattern = "*a" * 40 + "*b"
    (tmp_path / "pyproject.toml").write_text(f'[tool.flexlint]\nexclude = ["{pattern}", "{"**/" * 40}x"]\n')
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / ("a" * 200 + ".json")).write_bytes(BODY)
    began = time.monotonic()
    proc = run_cli("--format", "json", ".", cwd=tmp_path)
    assert time.monotonic() - began < 30 and proc.returncode == 1  # a backtracking regex takes hours
    for path in ("a" * 250, "a/" * 300 + "y"):
        began = time.monotonic()
        glob_match(pattern, path)
        glob_match("/**/a" * 50 + "/x", path)
        assert time.monotonic() - began < 2


def test_the_linear_matcher_agrees_with_the_regular_expression():
    rng = random.Random(7)
    alphabet = ["a", "b", "/", "*", "**", "**/", "?", "[ab]", "[!a]", "."]
    for _ in range(20_000):
        pattern = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7)))
        path = "".join(rng.choice("ab/.") for _ in range(rng.randint(0, 8))).strip("/")
        assert bool(glob_regex(pattern).match(path)) == _simulate(_tokens(pattern), path), (pattern, path)


def test_a_rule_pack_with_a_bad_files_glob_names_file_and_rule(tmp_path):
    pack = tmp_path / "packs"
    pack.mkdir()
    (pack / "team.yaml").write_text(
        "rules:\n  - code: TEAM001\n    slug: team-rule\n    kind: parameter-policy\n    reports: parameter-policy\n"
        "    severity: error\n    summary: s\n    explanation: e\n    fix: f\n    files: ['[z-a]']\n"
        "    params: {parameter: service_tier, forbid: priority}\n")
    (tmp_path / "body.json").write_bytes(BODY)
    proc = run_cli("--rules", "packs", "body.json", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err
    assert re.search(r"team\.yaml: rule team-rule: files: invalid glob", err), err


def test_a_huge_configuration_file_is_refused(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.flexlint]\n# " + "x" * (2 * 1024 * 1024) + "\n")
    (tmp_path / "body.json").write_bytes(BODY)
    proc = run_cli("body.json", cwd=tmp_path)
    assert proc.returncode == 2 and "may be at most 1024 KB" in proc.stderr.decode()


def _pack(tmp_path, text: str):
    pack = tmp_path / "packs"
    pack.mkdir()
    (pack / "team.yaml").write_text(text)
    (tmp_path / "body.json").write_bytes(BODY)
    return run_cli("--rules", "packs", "body.json", cwd=tmp_path)


def test_a_huge_rule_pack_is_refused_unread(tmp_path):
    proc = _pack(tmp_path, "rules: []\n# " + "x" * (5 * 1024 * 1024) + "\n")
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "team.yaml: a rule pack may be at most 4 MB" in err and "Traceback" not in err


def test_an_alias_tower_in_a_rule_pack_is_a_configuration_error_not_a_walk(tmp_path):
    tower = "x0: &x0 [" + ",".join(["'a'"] * 10) + "]\n" + "".join(
        f"x{i}: &x{i} [" + ",".join([f"*x{i - 1}"] * 10) + "]\n" for i in range(1, 9))  # 10**9 strings when walked
    rule = ("  - code: TEAM001\n    slug: team-rule\n    kind: parameter-policy\n    reports: parameter-policy\n"
            "    severity: error\n    summary: s\n    explanation: e\n    fix: f\n    tags: *x8\n"
            "    params: {parameter: service_tier, forbid: priority}\n    examples: {valid: *x8, invalid: *x8}\n")
    proc = _pack(tmp_path, tower + "rules:\n" + rule)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "team.yaml: rule team-rule: examples" in err and "Traceback" not in err
