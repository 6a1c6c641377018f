"""The language server's fixes give the same bytes as `flexlint --fix` (a real server over stdio)."""

from __future__ import annotations

import shutil

import pytest

from conftest import CASES, ROOT, run_cli
from test_lsp import client, utf16_index  # noqa: F401 (client: the fixture, a real server)

pytest.importorskip("pygls")

GOLDEN = ROOT / "tests" / "golden" / "fixes"
FILES = [
    (CASES / "openai-raw" / "responses-body.json", "json"),
    (GOLDEN / "wrong-api-parameter" / "chat.before.jsonc", "jsonc"),
    (GOLDEN / "wrong-api-parameter" / "body.before.yaml", "yaml"),
    (GOLDEN / "wrong-key-casing" / "librechat.before.yaml", "yaml"),
    (GOLDEN / "wrong-api-parameter" / "sdk.before.py", "python"),
    (GOLDEN / "duplicate-key" / "body.before.json", "json"),
]


def offset(text: str, position: dict) -> int:
    """A UTF-16 LSP position as an index into ``text``."""
    lines = text.split("\n")
    line = position["line"]
    if line >= len(lines):
        return len(text)
    start = sum(len(x) + 1 for x in lines[:line])
    units = 0
    for i, ch in enumerate(lines[line]):
        if units >= position["character"]:
            return start + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return start + len(lines[line])


def apply_edits(text: str, edits: list[dict]) -> str:
    """What an editor does with a WorkspaceEdit's TextEdits (all ranges refer to the text before any)."""
    spans = sorted(((offset(text, e["range"]["start"]), offset(text, e["range"]["end"]), e["newText"]) for e in edits),
                   reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def edits_of(action: dict, uri: str) -> list[dict]:
    edit = action["edit"]
    if "documentChanges" in edit:
        [change] = edit["documentChanges"]
        assert change["textDocument"]["uri"] == uri
        return change["edits"]
    return edit["changes"][uri]


def fixed_by_cli(tmp_path, name: str, text: str) -> str:
    folder = tmp_path / "cli"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(text.encode("utf-8"))
    run_cli("--fix", name, cwd=folder)
    return (folder / name).read_bytes().decode("utf-8")


@pytest.mark.parametrize("source,language", FILES, ids=lambda v: getattr(v, "name", v))
def test_fix_all_gives_the_bytes_of_fix(client, tmp_path, source, language):
    name = source.name.replace(".before", "")
    text = source.read_text(encoding="utf-8")
    client.start(tmp_path)
    uri = client.open(tmp_path / name, text, language)
    diagnostics = client.diagnostics(uri)
    assert any(d["data"].get("autofix") for d in diagnostics)
    [action] = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": [], "only": ["source.fixAll"]}})["result"]
    assert action["kind"] == "source.fixAll.flexlint"
    after = apply_edits(text, edits_of(action, uri))
    assert after == fixed_by_cli(tmp_path, name, text)
    assert client.stop() == 0


def test_one_quick_fix_gives_the_bytes_of_fix_and_is_versioned(client, tmp_path):
    text = '{"model": "gpt-5.4-mini", "input": "🙂 hi", "serviceTier": "flex"}\n'
    result = client.request("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {
        "workspace": {"workspaceEdit": {"documentChanges": True}}}})
    assert "source.fixAll.flexlint" in result["result"]["capabilities"]["codeActionProvider"]["codeActionKinds"]
    client.notify("initialized")
    uri = client.open(tmp_path / "body.json", text)
    [diag] = client.diagnostics(uri)
    assert diag["data"]["autofix"]["edits"][0]["range"]["start"]["character"] == utf16_index(text, text.index("serviceTier"))
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": diag["range"], "context": {"diagnostics": [diag]}})["result"]
    [quick] = [a for a in actions if a["kind"] == "quickfix"]
    assert quick["title"] == "Fix: rename `serviceTier` to `service_tier`" and quick["isPreferred"] is True
    assert quick["edit"]["documentChanges"][0]["textDocument"]["version"] == 1  # stale edits are refused
    after = apply_edits(text, edits_of(quick, uri))
    assert after == fixed_by_cli(tmp_path, "body.json", text)
    assert [a for a in actions if a["kind"] == "source.fixAll.flexlint"]  # offered too: a safe fix is here
    assert client.stop() == 0


def test_unsafe_fix_is_offered_one_at_a_time_not_in_fix_all(client, tmp_path):
    text = (ROOT / "examples" / "ai-sdk-options.json").read_text()
    client.start(tmp_path)
    uri = client.open(tmp_path / "options.json", text)
    diags = client.diagnostics(uri)
    [casing] = [d for d in diags if d["code"] == "FLX102"]
    assert casing["data"]["autofix"]["safety"] == "unsafe"
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": casing["range"], "context": {"diagnostics": [casing]}})["result"]
    [quick] = [a for a in actions if a["kind"] == "quickfix"]
    assert quick["title"].endswith("(changes what is sent)") and not quick.get("isPreferred")
    assert '"serviceTier": "flex"' in apply_edits(text, edits_of(quick, uri))
    fix_all = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": casing["range"], "context": {"diagnostics": [], "only": ["source"]}})["result"]
    assert fix_all == []  # nothing safe to fix
    assert client.stop() == 0


def test_backup_buffer_offers_no_fix(client, tmp_path):
    shutil.copy(CASES / "cherry-studio" / "backup-v1.9-data.json", tmp_path / "data.json")
    text = (tmp_path / "data.json").read_text(encoding="utf-8")
    client.start(tmp_path)
    uri = client.open(tmp_path / "data.json", text)
    diags = client.diagnostics(uri)
    assert diags and not any("autofix" in d["data"] for d in diags)
    assert client.stop() == 0
