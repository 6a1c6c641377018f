"""The command line as users run it: real subprocess, real exit codes, golden output."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import CASES, ROOT, run_cli

GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("FLEXLINT_UPDATE_GOLDEN") == "1"

# What tests/cases/README.md promises for each case: (severity, rule, line, column).
EXPECTED = {
    "seed/ai-sdk-request.json": (1, [("error", "wrong-key-casing", 15, 7), ("warning", "flex-no-retry", 18, 3)]),
    "openai-raw/responses-body.json": (
        1,
        [
            ("error", "wrong-key-casing", 4, 3),
            ("error", "wrong-api-parameter", 5, 3),
            ("error", "wrong-api-parameter", 6, 3),
        ],
    ),
    "seed/ai-sdk-request-curly-quotes.json": (2, [("error", "parse-error", 2, 1)]),
    "cherry-studio/backup-v1.9-data.json": (1, [("error", "service-tier-overridden", 5, 2248)]),
    # The direct backup (format 6) of the same kind of state, newest revision: Service Tier flex, nothing to say.
    "cherry-studio/format6/backup-v1.9.12-direct.zip": (0, []),
    # The loop carries each model of the list to `model=`: the finding is at "gpt-5.3-codex" in the list.
    "seed/flex_probe.py": (
        1,
        [
            ("warning", "flex-short-timeout", 3, 17),
            ("warning", "flex-no-retry", 3, 30),
            ("error", "flex-unsupported-model", 4, 36),
        ],
    ),
}


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {name}; run with FLEXLINT_UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_case_findings_json(case):
    code, expected = EXPECTED[case]
    proc = run_cli("--format", "json", case, cwd=CASES)
    assert proc.returncode == code, proc.stderr.decode()
    assert proc.stderr == b""
    found = json.loads(proc.stdout)
    assert [(d["severity"], d["rule"], d["line"], d["column"]) for d in found] == expected
    for d in found:
        assert set(d) >= {"path", "line", "column", "end_line", "end_column", "severity", "code", "rule",
                          "message", "fix", "related"}
        assert d["path"] == case and d["fix"]
    golden(case.replace("/", "__") + ".json", proc.stdout.decode())


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_case_findings_text(case):
    code, expected = EXPECTED[case]
    proc = run_cli(case, cwd=CASES)
    assert proc.returncode == code
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == len(expected)
    for line, (severity, rule, ln, col) in zip(lines, expected):
        assert line.startswith(f"{case}:{ln}:{col}: {severity}: ")
        assert line.endswith(f" {rule}]")
    golden(case.replace("/", "__") + ".txt", proc.stdout.decode())


def test_messages_say_what_when_and_fix():
    found = json.loads(run_cli("--format", "json", "seed/ai-sdk-request.json", cwd=CASES).stdout)
    casing = found[0]
    assert "`serviceTier`" in casing["message"] and "strips" in casing["message"]
    assert casing["fix"] == "rename `service_tier` to `serviceTier`"
    raw = json.loads(run_cli("--format", "json", "openai-raw/responses-body.json", cwd=CASES).stdout)
    assert "400 unknown_parameter" in raw[0]["message"] and raw[0]["fix"] == "rename `serviceTier` to `service_tier`"
    assert "max_output_tokens" in raw[2]["fix"]
    curly = json.loads(run_cli("--format", "json", "seed/ai-sdk-request-curly-quotes.json", cwd=CASES).stdout)
    assert "curly quote" in curly[0]["message"] and "Traceback" not in curly[0]["message"]


def test_nothing_said_about_valid_ai_sdk_options():
    found = json.loads(run_cli("--format", "json", "seed/ai-sdk-request.json", cwd=CASES).stdout)
    text = " ".join(d["message"] for d in found)
    for valid in ("reasoningEffort", "reasoningSummary", "forceReasoning", "`store`"):
        assert valid not in text


# The only findings on the real corpus, each checked against LibreChat's source:
# GDCh nests `titleConvo` under `models` (which reads only default/fetch/userIdQuery),
# and writes `allowedDomains` under `endpoints.agents`, which LibreChat parses with
# agentsEndpointSchema (zod strips the unknown key); `actions.allowedDomains` is the setting.
# hypn4's Aider model settings really write `data_collection` twice in one mapping (lines 44 and 45).
# The TypeScript examples of the AI SDK's repository carry three true findings (see SOURCES.md): o3-mini has
# no flex, `invalidOption` is written on purpose, and `prediction` is a Chat-only option on a Responses model.
CORPUS_FINDINGS = [
    ("GDCh-de__librechat.yaml__librechat.yaml", 16, 9, "warning", "parameter-ignored", "`titleConvo`"),
    ("GDCh-de__librechat.yaml__librechat.yaml", 43, 5, "warning", "parameter-ignored", "`allowedDomains`"),
    ("hypn4__my-aider-config__aider_configs__.aider.model.settings.yml", 45, 9, "warning", "duplicate-key",
     "`data_collection`"),
    ("vercel__ai__examples__ai-functions__src__generate-text__openai__provider-options.ts", 22, 9, "error",
     "unknown-parameter", "`invalidOption`"),
    ("vercel__ai__examples__ai-functions__src__stream-text__openai__flex-processing.ts", 12, 19, "error",
     "flex-unsupported-model", 'model "o3-mini"'),
    ("vercel__ai__examples__ai-functions__src__stream-text__openai__predicted-output.ts", 44, 9, "error",
     "wrong-api-parameter", "`prediction` belongs to Chat Completions"),
]


def test_real_corpus_is_clean():
    """The real configuration files (the Python modules have labels of their own: tests/corpus/)."""
    proc = run_cli("--format", "json", "tests/corpus/real")
    assert proc.stderr == b""
    found = [d for d in json.loads(proc.stdout) if not d["path"].endswith(".py")]
    assert [(Path(d["path"]).name, d["line"], d["column"], d["severity"], d["rule"]) for d in found] == [
        f[:5] for f in CORPUS_FINDINGS
    ]
    for diag, expected in zip(found, CORPUS_FINDINGS):
        assert expected[5] in diag["message"] and diag["fix"]
    assert "move `titleConvo` up one level" in found[0]["fix"]
    assert "`actions.allowedDomains`" in found[1]["fix"]


def test_real_corpus_files_are_recognised():
    """Every real config file is read by its dialect (a silent corpus must not mean an unread one)."""
    from flexlint.dialects import choose
    from flexlint.run.documents import read_documents as load

    corpus = ROOT / "tests" / "corpus" / "real"
    # A Python module's name may mention an app (litellm_openai_provider_native.py): the suffix decides first.
    by_name = [(".py", "python"), ("litellm", "litellm"), ("librechat", "librechat"), ("promptfoo", "promptfoo"),
               ("aider", "aider"), ("opencode", "opencode"), (".toml", "codex"), (".jsonl", "openai-batch"),
               ("_request.json", "openai-http"), (".ts", "javascript"), (".js", "javascript")]
    for path in sorted(p for p in corpus.iterdir() if p.name != "SOURCES.md"):
        expected = next(name for marker, name in by_name if marker in path.name)
        found = {getattr(choose(doc), "name", None) for doc in load(str(path), path.read_bytes())}
        assert found == {expected}, path.name
    assert sum(1 for p in corpus.iterdir() if p.suffix in (".ts", ".js")) == 9


def test_directory_walk_and_exit_code():
    proc = run_cli("examples")
    assert proc.returncode == 1
    out = proc.stdout.decode()
    assert "examples/responses-body.json:4:3" in out and "good-body.json" not in out


def test_clean_file_exits_zero():
    proc = run_cli("examples/good-body.json")
    assert (proc.returncode, proc.stdout) == (0, b"")


def test_stdin_with_filename():
    data = (CASES / "openai-raw" / "responses-body.json").read_bytes()
    proc = run_cli("--stdin-filename", "body.json", "-", stdin=data)
    assert proc.returncode == 1
    assert proc.stdout.decode().startswith("body.json:4:3: error: ")


def test_stdin_yaml_by_filename():
    proc = run_cli("--stdin-filename", "body.yaml", "-", stdin=b"model: gpt-5.4-mini\ninput: hi\nserviceTier: flex\n")
    assert proc.stdout.decode().startswith("body.yaml:3:1: error: ")


@pytest.mark.parametrize("selector", ["FLX102", "wrong-key-casing", "FLX10"])
def test_select(selector):
    proc = run_cli("--select", selector, "--format", "json", "openai-raw/responses-body.json", cwd=CASES)
    rules = {d["rule"] for d in json.loads(proc.stdout)}
    assert "wrong-key-casing" in rules
    if selector != "FLX10":
        assert rules == {"wrong-key-casing"}


def test_ignore_by_slug_and_code():
    proc = run_cli("--ignore", "wrong-api-parameter,FLX102", "openai-raw/responses-body.json", cwd=CASES)
    assert (proc.returncode, proc.stdout) == (0, b"")


def test_warnings_pass_unless_strict():
    args = ("--select", "flex-no-retry", "seed/ai-sdk-request.json")
    assert run_cli(*args, cwd=CASES).returncode == 0
    assert run_cli("--strict", *args, cwd=CASES).returncode == 1


def test_unknown_selector_is_a_usage_error():
    proc = run_cli("--select", "no-such-rule", "examples")
    assert proc.returncode == 2 and b"unknown rule selector" in proc.stderr


def test_missing_file_is_unreadable():
    proc = run_cli("does-not-exist.json")
    assert proc.returncode == 2
    assert b"does-not-exist.json:1:1: error: no such file" in proc.stdout


def test_rules_listing():
    proc = run_cli("rules")
    assert proc.returncode == 0
    out = proc.stdout.decode()
    for slug in ("parse-error", "duplicate-key", "unknown-parameter", "wrong-key-casing", "wrong-api-parameter",
                 "invalid-value", "flex-no-retry"):
        assert slug in out
    listed = json.loads(run_cli("rules", "--format", "json").stdout)
    assert all(r["explanation"] and r["fix"] for r in listed)


@pytest.mark.parametrize("ident", ["FLX102", "wrong-key-casing", "flx102"])
def test_rule_doc(ident):
    proc = run_cli("rule", ident)
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert out.startswith("FLX102 wrong-key-casing (error)")
    assert "Why" in out and "Fix" in out and "Flagged" in out
    assert "options.json:3:16: error:" in out  # the example was really run


def test_unknown_rule_doc():
    proc = run_cli("rule", "nope")
    assert proc.returncode == 2 and b"no rule 'nope'" in proc.stderr


def test_help_and_version():
    proc = run_cli("--help")
    assert proc.returncode == 0 and b"Exit codes" in proc.stdout
    assert run_cli("--version").stdout.startswith(b"flexlint, version ")
