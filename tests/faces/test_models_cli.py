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
