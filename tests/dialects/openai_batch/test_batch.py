"""Batch API input files: each line's body checked at its line, broken lines reported where they are."""

from __future__ import annotations

import json
from pathlib import Path

from flexlint.api import Options, build_selection, lint_paths, lint_source

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "real"
SELECTION = build_selection(Options(select=["ALL"]))


def line(custom_id: str, url: str, body: dict) -> str:
    return json.dumps({"custom_id": custom_id, "method": "POST", "url": url, "body": body})


BATCH = "\n".join([
    line("ok", "/v1/responses", {"model": "gpt-5.4-mini", "input": "hi", "service_tier": "flex"}),
    line("casing", "/v1/responses", {"model": "gpt-5.4-mini", "input": "hi", "serviceTier": "flex"}),
    line("model", "/v1/chat/completions", {"model": "gpt-4.1", "messages": [], "service_tier": "flex"}),
    '{"custom_id": "json", "method": "POST", "url": "/v1/responses" "body": {}}',
    json.dumps({"custom_id": "fields", "url": "/v1/responses", "body": {"model": "gpt-5.4-mini", "input": "x"}}),
    line("embed", "/v1/embeddings", {"model": "text-embedding-3-small", "input": "x", "encoding_format": "float"}),
]) + "\n"


def lint(text: str, name: str = "batch.jsonl"):
    return lint_source(text.encode(), name, selection=SELECTION)


def test_findings_are_at_the_line_of_the_bad_request():
    found = [(d.rule, d.line) for d in lint(BATCH).diagnostics]
    assert found == [("wrong-key-casing", 2), ("flex-unsupported-model", 3), ("parse-error", 4),
                     ("app-config-invalid", 5)]
    casing = lint(BATCH).diagnostics[0]
    assert casing.column == BATCH.splitlines()[1].index('"serviceTier"') + 1


def test_a_jsonl_file_of_no_batch_is_left_alone():
    data = "\n".join(json.dumps({"messages": [{"role": "user", "content": "x"}], "temperature": 2}) for _ in range(3))
    result = lint(data + "\nnot json\n", "train.jsonl")
    assert (result.diagnostics, result.unreadable) == ([], False)


def test_a_directory_walk_reads_batch_files(tmp_path):
    (tmp_path / "in.jsonl").write_text(BATCH)
    (tmp_path / "other.jsonl").write_text('{"x": 1}\n')
    found = lint_paths([tmp_path], Options(select=["ALL"], isolated=True)).diagnostics
    assert {Path(d.path).name for d in found} == {"in.jsonl"}


def test_real_batch_files_are_clean():
    for path in sorted(CORPUS.glob("*.jsonl")):
        assert lint(path.read_text(), path.name).diagnostics == [], path.name
