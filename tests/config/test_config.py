"""Configuration files, found by walking up from each file, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CASES, ROOT, run_cli

BODY = (CASES / "openai-raw" / "responses-body.json").read_bytes()  # FLX102 at 4:3, FLX103 at 5:3 and 6:3
OPTIONS = (ROOT / "examples" / "ai-sdk-options.json").read_bytes()  # FLX102 at 6:7, FLX402 at 11:3


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def findings(root: Path, *args: str) -> list[tuple[str, str, int]]:
    proc = run_cli("--format", "json", *args, cwd=root)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return [(d["path"], d["rule"], d["line"]) for d in json.loads(proc.stdout)]


def test_pyproject_table_applies_to_files_below(tmp_path):
    write(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n\n[tool.flexlint]\nignore = ["wrong-api-parameter"]\n',
                     "sub/body.json": BODY})
    assert findings(tmp_path, "sub/body.json") == [("sub/body.json", "wrong-key-casing", 4)]
    assert findings(tmp_path / "sub", "body.json") == [("body.json", "wrong-key-casing", 4)]


def test_nearest_file_wins_and_pyproject_without_table_is_skipped(tmp_path):
    write(tmp_path, {
        ".flexlint.toml": 'select = ["FLX103"]\n',
        "a/pyproject.toml": '[project]\nname = "a"\n',  # no [tool.flexlint]: keep walking up
        "a/body.json": BODY,
        "b/flexlint.toml": 'select = ["FLX102"]\n',
        "b/body.json": BODY,
        "c/.flexlint.toml": 'select = ["FLX102"]\n',
        "c/pyproject.toml": '[tool.flexlint]\nselect = ["FLX103"]\n',  # .flexlint.toml wins in one folder
        "c/body.json": BODY,
    })
    found = findings(tmp_path, "a", "b", "c")
    assert found == [("a/body.json", "wrong-api-parameter", 5), ("a/body.json", "wrong-api-parameter", 6),
                     ("b/body.json", "wrong-key-casing", 4), ("c/body.json", "wrong-key-casing", 4)]


def test_command_line_select_beats_the_file_and_ignore_adds(tmp_path):
    write(tmp_path, {".flexlint.toml": 'select = ["FLX103"]\nextend-select = ["FLX4"]\n', "body.json": BODY,
                     "options.json": OPTIONS})
    assert {r for _, r, _ in findings(tmp_path, ".")} == {"wrong-api-parameter", "flex-no-retry"}
    assert {r for _, r, _ in findings(tmp_path, "--select", "FLX102", ".")} == {"wrong-key-casing"}
    assert {r for _, r, _ in findings(tmp_path, "--ignore", "FLX402", ".")} == {"wrong-api-parameter"}
    assert findings(tmp_path, "--isolated", "--select", "FLX402", ".") == [("options.json", "flex-no-retry", 11)]


def test_per_file_ignores_and_severity(tmp_path):
    write(tmp_path, {
        ".flexlint.toml": '[per-file-ignores]\n"legacy/**" = ["FLX1"]\n"*.jsonc" = ["invalid-value"]\n\n'
                          '[severity]\nflex-no-retry = "error"\n"FLX102" = "warning"\n',
        "legacy/old/body.json": BODY,
        "new/body.json": BODY,
        "options.json": OPTIONS,
    })
    proc = run_cli("--format", "json", ".", cwd=tmp_path)
    got = [(d["path"], d["rule"], d["severity"]) for d in json.loads(proc.stdout)]
    assert ("legacy/old/body.json", "wrong-key-casing", "warning") not in got
    assert not [g for g in got if g[0].startswith("legacy/")]
    assert ("new/body.json", "wrong-key-casing", "warning") in got
    assert ("options.json", "flex-no-retry", "error") in got


def test_exclude_prunes_the_walk_and_needs_force_for_named_files(tmp_path):
    write(tmp_path, {".flexlint.toml": 'exclude = ["fixtures", "*.generated.json", "deep/**/skip.json"]\n',
                     "fixtures/body.json": BODY, "x.generated.json": BODY, "deep/a/b/skip.json": BODY,
                     "deep/a/b/keep.json": BODY, "body.json": BODY})
    assert sorted({p for p, _, _ in findings(tmp_path, ".")}) == ["body.json", "deep/a/b/keep.json"]
    assert {p for p, _, _ in findings(tmp_path, "fixtures/body.json")} == {"fixtures/body.json"}
    named = ("fixtures/body.json", "x.generated.json", "deep/a/b/skip.json", "body.json")
    assert {p for p, _, _ in findings(tmp_path, "--force-exclude", *named)} == {"body.json"}
    # editors lint unsaved buffers by name: the same exclusion applies
    proc = run_cli("--force-exclude", "--stdin-filename", "fixtures/body.json", "-", stdin=BODY, cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, b"")


def test_ignore_by_json_path(tmp_path):
    write(tmp_path, {
        ".flexlint.toml": '[ignore-json-paths]\n'
                          '"options.json" = ["providerOptions.openai.service_tier"]\n'
                          '"**/body.json" = [{ path = "*", rules = ["wrong-api-parameter"] }]\n',
        "options.json": OPTIONS,
        "sub/body.json": BODY,
    })
    assert findings(tmp_path, ".") == [("options.json", "flex-no-retry", 11), ("sub/body.json", "wrong-key-casing", 4)]


def test_rule_packs_from_the_configuration(tmp_path):
    """A copy of a shipped rule under a new code and slug is a new rule that fires (rules are data)."""
    pack = (ROOT / "rules" / "client.yaml").read_text().replace("FLX402", "FLX902").replace(
        "slug: flex-no-retry", "slug: team-flex-no-retry").replace("FLX401", "FLX901").replace(
        "slug: flex-short-timeout", "slug: team-flex-short-timeout")
    write(tmp_path, {"team-rules/client.yaml": pack, ".flexlint.toml": 'rule-packs = ["team-rules"]\nselect = ["FLX9"]\n',
                     "options.json": OPTIONS})
    proc = run_cli("--format", "sarif", "options.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()  # the finding is a warning
    run = json.loads(proc.stdout)["runs"][0]
    assert "FLX902" in [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]] == [
        ("FLX902", 11)
    ]
    (tmp_path / ".flexlint.toml").write_text('select = ["FLX9"]\n')
    proc = run_cli("options.json", cwd=tmp_path)
    assert proc.returncode == 2 and b"unknown rule selector 'FLX9'" in proc.stderr


def test_stdin_uses_the_configuration_of_its_name(tmp_path):
    write(tmp_path, {"team/.flexlint.toml": 'ignore = ["FLX103"]\n'})
    proc = run_cli("--format", "json", "--stdin-filename", "team/body.json", "-", stdin=BODY, cwd=tmp_path)
    assert [d["rule"] for d in json.loads(proc.stdout)] == ["wrong-key-casing"]


def test_explicit_config_file(tmp_path):
    write(tmp_path, {"ci/strict.toml": 'select = ["FLX103"]\n', "body.json": BODY})
    assert {r for _, r, _ in findings(tmp_path, "--config", "ci/strict.toml", "body.json")} == {"wrong-api-parameter"}


@pytest.mark.parametrize(
    "name,content,expected",
    [
        (".flexlint.toml", 'select = ["FLX1"\n', ".flexlint.toml: invalid TOML"),
        (".flexlint.toml", 'selct = ["FLX1"]\n', "unknown key `selct`; did you mean `select`?"),
        (".flexlint.toml", 'select = "FLX1"\n', "`select` must be a list of rule codes"),
        (".flexlint.toml", 'ignore = ["FLX999"]\n', "`ignore`: unknown rule selector 'FLX999'"),
        (".flexlint.toml", '[severity]\nFLX102 = "fatal"\n', '`severity.FLX102` must be "error", "warning" or "info"'),
        (".flexlint.toml", '[ignore-json-paths]\n"a.json" = ["a..b"]\n', '`ignore-json-paths."a.json"[0]`'),
        (".flexlint.toml", '[per-file-ignores]\n"*.json" = "FLX1"\n', '`per-file-ignores."*.json"` must be'),
        (".flexlint.toml", 'rule-packs = ["missing"]\n', "`rule-packs`"),
        ("pyproject.toml", '[tool.flexlint]\nexclude = [1]\n', "pyproject.toml [tool.flexlint]: `exclude[0]` must be"),
    ],
)
def test_broken_configuration_is_a_clear_error(tmp_path, name, content, expected):
    write(tmp_path, {name: content, "body.json": BODY})
    proc = run_cli("body.json", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and proc.stdout == b""
    assert err.startswith("flexlint: error: ") and expected in err, err
    assert "Traceback" not in err


def test_broken_toml_names_line_and_column(tmp_path):
    write(tmp_path, {".flexlint.toml": 'select = ["FLX1"]\nignore = [\n  "FLX2",\n  = 3\n]\n', "body.json": BODY})
    err = run_cli("body.json", cwd=tmp_path).stderr.decode()
    assert "line 4" in err


def test_unknown_selector_on_the_command_line_is_still_a_usage_error(tmp_path):
    write(tmp_path, {".flexlint.toml": 'select = ["FLX1"]\n', "body.json": BODY})
    proc = run_cli("--ignore", "nope", "body.json", cwd=tmp_path)
    assert proc.returncode == 2 and b"unknown rule selector 'nope'" in proc.stderr


def test_patterns():
    from flexlint.config.patterns import glob_match, json_path_match, parse_json_path

    assert glob_match("fixtures", "a/fixtures/x.json") and glob_match("fixtures", "fixtures")
    assert glob_match("*.json", "deep/down/x.json") and not glob_match("/x.json", "deep/x.json")
    assert glob_match("src/**/gen.json", "src/gen.json") and glob_match("src/**/gen.json", "src/a/b/gen.json")
    assert not glob_match("src/*.json", "src/a/b.json")
    assert parse_json_path("endpoints.custom[0].addParams.service_tier") == (
        "endpoints", "custom", "[0]", "addParams", "service_tier")
    assert json_path_match(parse_json_path("endpoints.custom[*].addParams"), "endpoints.custom[3].addParams.service_tier")
    assert not json_path_match(parse_json_path("endpoints.custom[*].addParams"), "endpoints.custom[3].dropParams")
    assert not json_path_match(parse_json_path("a.b"), "a")
    for bad in ("a..b", "a[x]", "", "a[0]b"):
        with pytest.raises(ValueError):
            parse_json_path(bad)


def test_json_output_names_the_json_path_to_ignore(tmp_path):
    write(tmp_path, {"options.json": OPTIONS})
    found = json.loads(run_cli("--format", "json", "options.json", cwd=tmp_path).stdout)
    assert [d["json_path"] for d in found] == ["providerOptions.openai.service_tier", "maxRetries"]
    (tmp_path / ".flexlint.toml").write_text(f'[ignore-json-paths]\n"options.json" = ["{found[0]["json_path"]}"]\n')
    assert [d["rule"] for d in json.loads(run_cli("--format", "json", "options.json", cwd=tmp_path).stdout)] == [
        "flex-no-retry"]


def test_show_config_explains_what_applies(tmp_path):
    write(tmp_path, {".flexlint.toml": 'ignore = ["FLX402"]\nexclude = ["vendor"]\n[severity]\nFLX002 = "error"\n'
                                       '[ignore-json-paths]\n"*.json" = ["metadata"]\n',
                     "vendor/body.json": BODY, "body.json": BODY})
    out = run_cli("show-config", "body.json", cwd=tmp_path).stdout.decode().splitlines()
    assert out[0] == f"configuration: {tmp_path.resolve() / '.flexlint.toml'}"
    assert out[1] == "excluded: no"
    assert ["FLX402", "flex-no-retry", "off"] in [line.split() for line in out]
    assert ["FLX002", "duplicate-key", "error"] in [line.split() for line in out]
    assert out[-1] == "ignored at JSON path metadata: every rule"
    assert run_cli("show-config", "vendor", cwd=tmp_path).stdout.decode().splitlines()[1] == "excluded: yes"
    isolated = run_cli("show-config", "--isolated", "body.json", cwd=tmp_path).stdout.decode()
    assert "configuration: none (built-in defaults)" in isolated
