"""`flexlint models` and the model rules through the real command line."""

from __future__ import annotations

import json

from conftest import run_cli
from flexlint.knowledge.catalog import catalog


def test_table_lists_every_entry():
    proc = run_cli("models")
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stdout.decode().splitlines()
    assert lines[0].split() == ["PATTERN", "FLEX", "PRIORITY", "CONFIDENCE", "SOURCES"]
    assert f"{len(catalog().entries)} entries, first match wins" in proc.stdout.decode()
    codex = next(line for line in lines if line.startswith("gpt-5(\\.\\d+)?-codex"))
    assert codex.split()[1:4] == ["no", "unknown", "medium"]
    assert any(line.split() == ["=", "gpt-5.3-codex", "yes", "LITELLM"] for line in lines)


def test_tier_filter():
    proc = run_cli("models", "--tier", "flex")
    assert proc.returncode == 0
    rows = [line for line in proc.stdout.decode().splitlines()[1:] if line and not line.startswith(" ")]
    rows = rows[: rows.index(next(r for r in rows if "entries that offer flex" in r))]
    assert rows and all(r.split()[1] == "yes" for r in rows)
    assert not any(r.startswith("gpt-4o(") for r in rows)
    data = json.loads(run_cli("models", "--tier", "priority", "--format", "json").stdout)
    ids = [e["id"] for e in data]
    assert "gpt-5 codex" in ids and "gpt-5 nano" not in ids and "gpt-4o" in ids


def test_json_keeps_sources_and_conflicts():
    data = json.loads(run_cli("models", "--format", "json").stdout)
    assert len(data) == len(catalog().entries)
    codex = next(e for e in data if e["id"] == "gpt-5 codex")
    assert codex["flex"] is False and codex["priority"] == "unknown"
    assert codex["priority_overrides"]["gpt-5.3-codex"] == {"priority": True, "sources": ["LITELLM"]}
    assert {s["key"] for s in codex["sources"]} == {"USER", "LITELLM"}
    assert any(c["source"] == "VERCEL" and c["flex"] is True for c in codex["conflicts"])


def test_explain_a_dated_snapshot():
    proc = run_cli("models", "gpt-5.3-codex-2026-01-01")
    out = proc.stdout.decode()
    assert proc.returncode == 0
    assert "#17 gpt-5 codex (GPT-5), the first match; entries 1-16 do not match" in out
    assert "dated snapshot `-2026-01-01`" in out
    assert [line.split()[:2] for line in out.splitlines() if line.strip().startswith(("flex ", "priority "))] == [
        ["flex", "no"], ["priority", "yes"]]
    assert "per-id verdict for gpt-5.3-codex" in out and "VERCEL says flex yes" in out


def test_explain_steps_and_json():
    data = json.loads(run_cli("models", "OpenRouter/openai/gpt-4o:free", "--format", "json").stdout)
    assert data["normalised"] == "gpt-4o" and data["route"] == "openai" and len(data["steps"]) == 3
    assert data["flex"] == {"value": False, "sources": ["PROBE", "INSPECT", "LITELLM", "PRIOPAGE"], "override": None}
    out = run_cli("models", "o9-mini").stdout.decode()
    assert "none: no pattern matches" in out
    out = run_cli("models", "azure/batch").stdout.decode()
    assert "deployment name" in out


def test_tier_with_model_is_a_usage_error():
    proc = run_cli("models", "gpt-4o", "--tier", "flex")
    assert proc.returncode == 2 and b"--tier" in proc.stderr


def test_lint_a_raw_body():
    body = b'{"model": "gpt-5.3-codex", "input": "hi", "service_tier": "flex"}\n'
    proc = run_cli("--stdin-filename", "body.json", "-", stdin=body)
    assert proc.returncode == 1
    [line] = proc.stdout.decode().splitlines()
    assert line.startswith("body.json:1:11: error: model \"gpt-5.3-codex\"")
    assert line.endswith("[FLX201 flex-unsupported-model]")
    ok = run_cli("--stdin-filename", "body.json", "-", stdin=body.replace(b"5.3-codex", b"5.4-mini"))
    assert ok.returncode == 0 and ok.stdout == b""


def test_explain_shows_the_whole_parameter_row():
    """`flexlint models MODEL` shows endpoints, efforts and default, token parameter, sampling, verbosity,
    the tools rule and the tiers (OpenAI and Azure), each with confidence and sources."""
    proc = run_cli("models", "gpt-5.6-terra")
    out = proc.stdout.decode()
    assert proc.returncode == 0
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and line.split()}
    assert "row #" in out and "gpt-5.6 (sol / terra / luna" in out
    assert "efforts on Responses: none, low, medium, high, xhigh, max  [high confidence]" in out
    assert "efforts on Chat: none, low, medium, high, xhigh" in out and "default effort: medium" in out
    assert "max_completion_tokens_only" in rows["tokens"]
    assert "temperature when_effort_none" in rows["sampling"] and "[medium confidence]" in rows["sampling"]
    assert "low, medium, high" in rows["verbosity"]
    assert "tools_need_effort_none  [high confidence]" in out
    assert "Function tools with reasoning_effort are not supported for gpt-5.6-terra" in out
    assert "flex yes; priority yes; ultrafast no" in out
    assert "tiers Azure  flex yes (version 2026-07-09, AZFLEX" in out
    assert "LL34569" in out and "https://github.com/BerriAI/litellm/pull/34569" in out
    data = json.loads(run_cli("models", "gpt-5.6-terra", "--format", "json").stdout)
    params = data["parameters"]
    assert params["effective"] == {"efforts_responses": ["none", "low", "medium", "high", "xhigh", "max"],
                                   "efforts_chat": ["none", "low", "medium", "high", "xhigh"],
                                   "default_effort": "medium"}
    assert {"key": "LL34569"} .items() <= next(s for s in params["sources"] if s["key"] == "LL34569").items()
    assert params["chat_tools_with_reasoning"]["rule"] == "tools_need_effort_none"


def test_explain_a_model_without_a_parameter_row():
    out = run_cli("models", "o9-mini").stdout.decode()
    assert "no row: flexlint does not judge this model's parameters" in out
    assert json.loads(run_cli("models", "o9-mini", "--format", "json").stdout)["parameters"] is None


def test_gpt_6_2_flex_is_an_error_with_the_replacement():
    body = b'{"model": "gpt-6.2-sol", "input": "hi", "service_tier": "flex"}\n'
    proc = run_cli("--stdin-filename", "body.json", "-", stdin=body)
    assert proc.returncode == 1
    out = proc.stdout.decode()
    assert "error:" in out and "[FLX201 flex-unsupported-model]" in out
    assert "background mode" in out and "flex-processing" in out
