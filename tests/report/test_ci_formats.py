"""The CI formats (`--output-format` with ruff's names), validated against the schemas their readers publish."""

from __future__ import annotations

import json
import re

import pytest

from conftest import CASES, ROOT, run_cli, run_in_pty

DATA = ROOT / "tests" / "data"
# A key with characters XML and JSON must escape, one a terminal must not see raw, and a duplicate.
ODD = '{"model": "gpt-5.4-mini", "input": "hi", "service_tier": "flex", "<b>&\\"x\\u0001": 1, "service_tier": "auto"}\n'


@pytest.fixture
def project(tmp_path):
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "body.json").write_bytes((CASES / "openai-raw" / "responses-body.json").read_bytes())
    (tmp_path / "odd.json").write_text(ODD)
    (tmp_path / "broken.json").write_text('{"model": "gpt-5.4-mini",\n')
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / "good.json").write_bytes((ROOT / "examples" / "good-body.json").read_bytes())
    return tmp_path


def output(project, fmt: str, *paths: str) -> tuple[int, bytes]:
    proc = run_cli("--output-format", fmt, *(paths or (".",)), cwd=project)
    assert proc.stderr == b"", proc.stderr.decode()
    return proc.returncode, proc.stdout


def reference(project) -> list[dict]:
    return json.loads(run_cli("--format", "json", ".", cwd=project).stdout)


def test_gitlab_code_quality_report_is_what_gitlab_reads(project):
    from jsonschema import Draft7Validator

    code, raw = output(project, "gitlab")
    assert code == 2 and not raw.startswith(b"\xef\xbb\xbf")  # GitLab's parser refuses a byte-order mark
    issues = json.loads(raw)
    validator = Draft7Validator(json.loads((DATA / "gitlab" / "codeclimate.json").read_text()))
    assert isinstance(issues, list) and len(issues) == len(reference(project))
    for issue in issues:
        assert not list(validator.iter_errors(issue)), issue
        # What GitLab's documentation of the format requires beyond the schema.
        assert isinstance(issue["check_name"], str) and issue["check_name"].startswith("FLX")
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
        assert not issue["location"]["path"].startswith(("/", "./"))
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # GitLab merges equal fingerprints
    by_path = {(i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"]): i for i in issues}
    assert by_path[("broken.json", 2, "FLX001")]["severity"] == "critical"
    assert by_path[("configs/body.json", 4, "FLX102")]["severity"] == "major"
    assert "Fix: rename `serviceTier` to `service_tier`" in by_path[("configs/body.json", 4, "FLX102")]["description"]
    assert output(project, "gitlab", "clean") == (0, b"[]\n")


def test_gitlab_fingerprints_survive_an_unrelated_edit(project):
    before = {i["check_name"]: i["fingerprint"] for i in json.loads(output(project, "gitlab", "configs")[1])
              if i["check_name"] == "FLX102"}
    body = project / "configs" / "body.json"
    body.write_text("\n\n" + body.read_text())
    after = {i["check_name"]: i["fingerprint"] for i in json.loads(output(project, "gitlab", "configs")[1])
             if i["check_name"] == "FLX102"}
    assert before == after


def test_junit_report_validates_against_the_jenkins_schema(project):
    xmlschema = pytest.importorskip("xmlschema")
    from xml.etree import ElementTree

    schema = xmlschema.XMLSchema(str(DATA / "junit" / "junit-10.xsd"))
    code, raw = output(project, "junit")
    assert code == 2
    schema.validate(raw.decode("utf-8"))
    root = ElementTree.fromstring(raw)
    expected = reference(project)
    assert int(root.get("tests")) == len(expected)
    assert int(root.get("errors")) == 1 and int(root.get("failures")) == len(expected) - 1
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {d["path"] for d in expected}
    [error] = suites["broken.json"].iter("error")
    assert error.get("type") == "error" and "unexpected end of file" in error.get("message")
    cases = [c.get("name") for c in suites["configs/body.json"].iter("testcase")]
    assert cases == ["FLX102 wrong-key-casing at 4:3", "FLX103 wrong-api-parameter at 5:3", "FLX103 wrong-api-parameter at 6:3"]
    odd = [f for f in suites["odd.json"].iter("failure")]
    assert odd and all("\x01" not in (f.text or "") + f.get("message") for f in odd)
    clean_code, clean = output(project, "junit", "clean")
    assert clean_code == 0
    schema.validate(clean.decode("utf-8"))
    assert ElementTree.fromstring(clean).get("failures") == "0"


def test_json_lines_is_the_json_format_one_object_a_line(project):
    code, raw = output(project, "json-lines")
    assert code == 2
    assert [json.loads(line) for line in raw.decode().splitlines()] == reference(project)
    assert output(project, "json-lines", "clean") == (0, b"")


def test_pylint_lines_are_pylint_parseable(project):
    code, raw = output(project, "pylint", "configs")
    lines = raw.decode().splitlines()
    assert code == 1 and len(lines) == 3
    pattern = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): \[(?P<id>[A-Z]+\d+)\((?P<symbol>[a-z-]+)\), (?P<obj>.*?)\] (?P<msg>.+)$")
    first = pattern.match(lines[0])
    assert first and first.group("path", "line", "id", "symbol") == ("configs/body.json", "4", "FLX102", "wrong-key-casing")


def test_format_is_an_alias_of_output_format(project):
    assert run_cli("--format", "gitlab", "configs", cwd=project).stdout == output(project, "gitlab", "configs")[1]


@pytest.mark.parametrize("fmt,frames", [("concise", False), ("full", True), ("text", True)])
def test_concise_and_full_on_a_terminal(project, fmt, frames):
    code, screen = run_in_pty("--output-format", fmt, "configs", cwd=project, env_extra={"NO_COLOR": "1"})
    assert code == 1 and screen.startswith("configs/body.json:4:3: error: ")
    assert ("  4 |   \"serviceTier\": \"flex\"," in screen) is frames
    assert screen.splitlines()[-1].startswith("Found 3 problems (3 errors, 0 warnings, 0 info) in 1 file.")


def test_full_shows_frames_on_a_pipe_too(project):
    proc = run_cli("--output-format", "full", "configs", cwd=project)
    assert '  4 |   "serviceTier": "flex",' in proc.stdout.decode()
    concise = run_cli("--output-format", "concise", "--show-source", "configs", cwd=project)
    assert '  4 |   "serviceTier": "flex",' in concise.stdout.decode()  # the flag wins


@pytest.mark.parametrize("fmt", ["gitlab", "junit", "json-lines", "pylint", "sarif", "github"])
def test_output_file_writes_the_format_and_prints_text(project, fmt):
    proc = run_cli("--output-format", fmt, "-o", "report.out", "configs", cwd=project)
    assert proc.returncode == 1 and proc.stdout.decode().startswith("configs/body.json:4:3: error: ")
    written = (project / "report.out").read_text()
    assert written == output(project, fmt, "configs")[1].decode()
