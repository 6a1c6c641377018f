"""Machine formats as their consumers read them: SARIF against the official schema, GitHub annotations."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import pytest

from conftest import CASES, ROOT, run_cli

SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"

DUPLICATE = b'{\n  "model": "gpt-5.4-mini",\n  "input": "hi",\n  "service_tier": "flex",\n  "service_tier": "auto"\n}\n'


@pytest.fixture
def project(tmp_path):
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "body.json").write_bytes((CASES / "openai-raw" / "responses-body.json").read_bytes())
    (tmp_path / "configs" / "dup.json").write_bytes(DUPLICATE)
    (tmp_path / "configs" / "broken.json").write_bytes(b'{"model": "gpt-5", "input": [1, 2')
    (tmp_path / "options.json").write_bytes((ROOT / "examples" / "ai-sdk-options.json").read_bytes())
    return tmp_path


def sarif_validator():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_sarif_is_valid_against_the_official_schema(project):
    proc = run_cli("--format", "sarif", ".", cwd=project)
    assert proc.returncode == 2, proc.stderr.decode()  # broken.json is unreadable
    log = json.loads(proc.stdout)
    errors = sorted(sarif_validator().iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])

    run = log["runs"][0]
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": False}]
    driver = run["tool"]["driver"]
    assert driver["name"] == "flexlint" and driver["version"]
    listed = run_cli("rules", "--format", "json").stdout
    assert [r["id"] for r in driver["rules"]] == [r["code"] for r in json.loads(listed)]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"] and "helpUri" not in rule  # no web site to link
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert len(rule["fullDescription"]["text"]) <= 1024 * 4 and len(rule["name"]) <= 255

    results = run["results"]
    by_rule = {}
    for result in results:
        by_rule.setdefault(result["properties"]["rule"], []).append(result)
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not urlparse(location["artifactLocation"]["uri"]).scheme  # relative to the root
        region = location["region"]
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
        assert result["partialFingerprints"]["flexlintKey/v1"]
    casing = by_rule["wrong-key-casing"][0]
    assert casing["ruleId"] == "FLX102" and casing["level"] == "error"
    assert casing["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "configs/body.json"
    assert casing["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4, "startColumn": 3, "endLine": 4, "endColumn": 16}
    assert "Fix: rename `serviceTier` to `service_tier`" in casing["message"]["text"]
    dup = by_rule["duplicate-key"][0]
    assert dup["level"] == "warning"
    related = dup["relatedLocations"][0]
    assert related["physicalLocation"]["region"]["startLine"] == 4 and related["message"]["text"]
    assert by_rule["parse-error"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "configs/broken.json"
    root = Path(urlparse(run["originalUriBaseIds"]["%SRCROOT%"]["uri"]).path)
    assert root == project.resolve()


def test_sarif_with_no_findings_is_valid(tmp_path):
    (tmp_path / "good.json").write_bytes((ROOT / "examples" / "good-body.json").read_bytes())
    proc = run_cli("--format", "sarif", "good.json", cwd=tmp_path)
    assert proc.returncode == 0
    log = json.loads(proc.stdout)
    assert not list(sarif_validator().iter_errors(log))
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"]


def test_sarif_fingerprint_survives_line_shifts(project):
    first = json.loads(run_cli("--format", "sarif", "configs/body.json", cwd=project).stdout)
    body = project / "configs" / "body.json"
    body.write_text("\n\n\n" + body.read_text())
    second = json.loads(run_cli("--format", "sarif", "configs/body.json", cwd=project).stdout)
    prints = [[r["partialFingerprints"]["flexlintKey/v1"] for r in log["runs"][0]["results"]] for log in (first, second)]
    lines = [[r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in log["runs"][0]["results"]]
             for log in (first, second)]
    assert prints[0] == prints[1] and lines[0] != lines[1]


def test_github_annotations(project):
    proc = run_cli("--format", "github", "options.json", "configs/dup.json", cwd=project)
    assert proc.returncode == 1
    lines = proc.stdout.decode().splitlines()
    assert lines[0].startswith("::warning file=configs/dup.json,line=5,col=3,endLine=5,endColumn=17,"
                               "title=flexlint FLX002 (duplicate-key)::`service_tier` is set twice")
    casing = next(line for line in lines if "FLX102" in line)
    assert casing.startswith("::error file=options.json,line=6,col=7,endLine=6,endColumn=21,"
                             "title=flexlint FLX102 (wrong-key-casing)::")
    # one line per annotation: the fix is joined with an escaped newline
    assert "%0AFix: rename `service_tier` to `serviceTier`" in casing
    assert len(lines) == 3 and proc.stderr == b""


def test_github_escapes_and_notice_level(tmp_path):
    (tmp_path / ".flexlint.toml").write_text('[severity]\nduplicate-key = "info"\n')
    (tmp_path / "a,b:c.json").write_bytes(DUPLICATE)
    proc = run_cli("--format", "github", "a,b:c.json", cwd=tmp_path)
    line = proc.stdout.decode().splitlines()[0]
    assert line.startswith("::notice file=a%2Cb%3Ac.json,line=5,")
    assert proc.returncode == 0  # an info finding does not fail the run


def test_output_file_keeps_text_on_stdout(project):
    proc = run_cli("--format", "sarif", "--output-file", "out/flexlint.sarif", "configs/body.json", cwd=project)
    assert proc.returncode == 2 and b"cannot write out/flexlint.sarif" in proc.stderr  # no such folder
    proc = run_cli("--format", "sarif", "-o", "flexlint.sarif", "configs/body.json", cwd=project)
    assert proc.returncode == 1
    assert proc.stdout.decode().startswith("configs/body.json:4:3: error: ")
    log = json.loads((project / "flexlint.sarif").read_text())
    assert len(log["runs"][0]["results"]) == 3
    proc = run_cli("--format", "json", "-o", "findings.json", "configs/body.json", cwd=project)
    assert [d["line"] for d in json.loads((project / "findings.json").read_text())] == [4, 5, 6]
    assert b"Found 3 problems" in proc.stderr


def test_summary_goes_to_stderr_and_json_stays_clean(project):
    proc = run_cli("options.json", cwd=project)
    assert proc.stderr.decode() == ("Found 2 problems (1 error, 1 warning, 0 info) in 1 file. "
                                    "1 fixable with --fix --unsafe-fixes (the fix changes what is sent).\n")
    assert b"Found" not in proc.stdout
    proc = run_cli("--format", "json", "options.json", cwd=project)
    assert proc.stderr == b"" and len(json.loads(proc.stdout)) == 2
    proc = run_cli("--quiet", "options.json", cwd=project)
    assert proc.stderr == b"" and proc.stdout.count(b"\n") == 2


def test_statistics(project):
    proc = run_cli("--statistics", ".", cwd=project)
    lines = proc.stdout.decode().splitlines()
    assert lines[0].split() == ["2", "FLX102", "wrong-key-casing", "error"]
    assert ["2", "FLX103", "wrong-api-parameter", "error"] in [line.split() for line in lines]
    data = json.loads(run_cli("--statistics", "--format", "json", ".", cwd=project).stdout)
    assert {"code": "FLX102", "rule": "wrong-key-casing", "severity": "error", "count": 2} in data
    assert run_cli("--statistics", "--format", "sarif", ".", cwd=project).returncode == 2


def test_show_source_frame_without_a_tty(project):
    proc = run_cli("--show-source", "configs/body.json", cwd=project)
    lines = proc.stdout.decode().splitlines()
    assert lines[0].startswith("configs/body.json:4:3: error: ")
    assert lines[1] == '  4 |   "serviceTier": "flex",'
    assert lines[2] == "    |   ^^^^^^^^^^^^^"
    assert lines[3] == "    = help: rename `serviceTier` to `service_tier`"
    assert "\x1b[" not in proc.stdout.decode()


def test_source_frame_redacts_secrets_and_keeps_the_caret(tmp_path):
    key = "sk-proj-" + "Q7w8E9r0T1y2U3i4" * 3
    line = f'{{"model": "gpt-5.4-mini", "input": "hi", "api_key": "{key}", "serviceTier": "flex"}}'
    (tmp_path / "body.json").write_text(line + "\n")
    proc = run_cli("--show-source", "--select", "wrong-key-casing", "body.json", cwd=tmp_path)
    out = proc.stdout.decode()
    assert key[8:20] not in out and "\"api_key\": \"****\"" in out
    source, caret = out.splitlines()[1:3]
    start = caret.index("^")
    assert source[start:start + len('"serviceTier"')] == '"serviceTier"'
    assert caret.count("^") == len('"serviceTier"')


def test_long_minified_line_is_cut_around_the_finding(tmp_path):
    filler = ", ".join(f'"k{i}": {i}' for i in range(400))
    data = '{"model": "gpt-5.4-mini", "input": "hi", "metadata": {' + filler + '}, "serviceTier": "flex"}'
    (tmp_path / "body.json").write_text(data)
    proc = run_cli("--show-source", "--select", "wrong-key-casing", "body.json", cwd=tmp_path)
    source, caret = proc.stdout.decode().splitlines()[1:3]
    assert len(source) < 140 and "…" in source
    start = caret.index("^")
    assert source[start:start + 13] == '"serviceTier"'


def test_caret_under_wide_characters(tmp_path):
    data = '{"model": "gpt-5.4-mini", "input": "中文 🙂", "serviceTier": "flex"}'
    (tmp_path / "body.json").write_text(data)
    proc = run_cli("--show-source", "body.json", cwd=tmp_path)
    source, caret = proc.stdout.decode().splitlines()[1:3]
    # each wide character takes two cells: the caret starts below the key's quote on screen
    prefix = source[: source.index('"serviceTier"')]
    from flexlint.report.frame import _width

    assert caret.index("^") == _width(prefix)


def test_related_places_are_note_lines_of_their_own(tmp_path):
    (tmp_path / "dup.json").write_bytes(DUPLICATE)
    proc = run_cli("--show-source", "dup.json", cwd=tmp_path)
    lines = proc.stdout.decode().splitlines()
    assert lines[0].startswith("dup.json:5:3: warning: `service_tier` is set twice")
    assert lines[1:] == ['  5 |   "service_tier": "auto"', "    |   ^^^^^^^^^^^^^^",
                         "    = help: keep one `service_tier` and delete the other",
                         "dup.json:4:3: note: first `service_tier`, silently replaced"]


def test_a_fix_already_in_the_message_is_not_repeated(tmp_path):
    """The Cherry Studio override names its fix in the message (its case asks for it); formats add it once."""
    import shutil

    shutil.copy(CASES / "cherry-studio" / "backup-v1.9-data.json", tmp_path / "data.json")
    github = run_cli("--format", "github", "data.json", cwd=tmp_path).stdout.decode()
    assert github.count("Fix:") == 1
    sarif = json.loads(run_cli("--format", "sarif", "data.json", cwd=tmp_path).stdout)
    (result,) = sarif["runs"][0]["results"]
    assert result["message"]["text"].count("Fix:") == 1
