"""The language server picks up changed configuration files and rule packs without a restart.

Driven over real stdio JSON-RPC like an editor: one client that lets the
server register file watchers (and answers its registration request), one
that cannot and only saves the configuration in the editor.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from test_lsp import EMOJI_BODY, Client  # noqa: E402  (the stdio client of the LSP tests)

CREATED, CHANGED, DELETED = 1, 2, 3
PACK = """rules:
  - code: TEAM101
    slug: approved-models
    kind: model-policy
    reports: model-policy
    params: {{allow: ["{allow}"]}}
    severity: error
    summary: Only approved models.
    explanation: The team pays for approved models only.
    fix: Use an approved model.
"""


class Editor(Client):
    def begin(self, root: Path, watch: bool) -> None:
        capabilities: dict = {"textDocument": {"publishDiagnostics": {}, "synchronization": {"didSave": True}}}
        if watch:
            capabilities["workspace"] = {"didChangeWatchedFiles": {"dynamicRegistration": True}}
        self.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": capabilities})
        self.notify("initialized")

    def watchers(self) -> list[str]:
        """Answer the server's registration request, as an editor does, and return what it asked to watch."""
        request = self.wait(lambda m: m.get("method") == "client/registerCapability")
        self.send({"id": request["id"], "result": None})
        [registration] = request["params"]["registrations"]
        assert registration["method"] == "workspace/didChangeWatchedFiles"
        return [w["globPattern"] for w in registration["registerOptions"]["watchers"]]

    def changed(self, path: Path, kind: int = CHANGED) -> None:
        self.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": path.as_uri(), "type": kind}]})

    def codes(self, uri: str) -> list[str]:
        return [d["code"] for d in self.diagnostics(uri)]


@pytest.fixture
def editor(tmp_path):
    c = Editor(tmp_path)
    yield c
    c.close()


def test_a_new_changed_and_deleted_configuration_applies_at_once(editor, tmp_path):
    editor.begin(tmp_path, watch=True)
    assert set(editor.watchers()) >= {"**/.flexlint.toml", "**/flexlint.toml", "**/pyproject.toml", "**/*.yaml"}
    uri = editor.open(tmp_path / "body.json", EMOJI_BODY)
    assert editor.codes(uri) == ["FLX102"]

    config = tmp_path / ".flexlint.toml"
    config.write_text('ignore = ["wrong-key-casing"]\n')
    editor.changed(config, CREATED)
    assert editor.codes(uri) == []

    config.write_text('ignore = []\n[severity]\nwrong-key-casing = "warning"\n')
    editor.changed(config)
    [diag] = editor.diagnostics(uri)
    assert diag["code"] == "FLX102" and diag["severity"] == 2

    config.unlink()
    editor.changed(config, DELETED)
    [diag] = editor.diagnostics(uri)
    assert diag["severity"] == 1
    assert editor.stop() == 0


def test_pyproject_and_a_broken_then_fixed_configuration(editor, tmp_path):
    editor.begin(tmp_path, watch=True)
    editor.watchers()
    uri = editor.open(tmp_path / "body.json", EMOJI_BODY)
    assert editor.codes(uri) == ["FLX102"]
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n\n[tool.flexlint]\nselct = ["FLX2"]\n')
    editor.changed(pyproject, CREATED)
    shown = editor.wait(lambda m: m.get("method") == "window/showMessage")
    assert "unknown key `selct`" in shown["params"]["message"]
    assert editor.codes(uri) == []
    pyproject.write_text('[project]\nname = "x"\n\n[tool.flexlint]\nselect = ["FLX2"]\n')
    editor.changed(pyproject)
    assert editor.codes(uri) == []  # FLX102 is not selected any more, and nothing is broken
    pyproject.write_text('[project]\nname = "x"\n\n[tool.flexlint]\nselect = ["FLX1"]\n')
    editor.changed(pyproject)
    assert editor.codes(uri) == ["FLX102"]
    assert editor.stop() == 0


def test_a_changed_rule_pack_applies(editor, tmp_path):
    (tmp_path / "team").mkdir()
    pack = tmp_path / "team" / "models.yaml"
    pack.write_text(PACK.format(allow="gpt-5.4-mini"))
    (tmp_path / ".flexlint.toml").write_text('rule-packs = ["team"]\n')
    editor.begin(tmp_path, watch=True)
    editor.watchers()
    body = EMOJI_BODY.replace("serviceTier", "service_tier")
    uri = editor.open(tmp_path / "body.json", body)
    assert editor.codes(uri) == []
    pack.write_text(PACK.format(allow="gpt-5.5"))
    editor.changed(pack)
    assert editor.codes(uri) == ["TEAM101"]
    assert editor.stop() == 0


def test_an_editor_without_file_watching_reloads_when_it_saves_the_configuration(editor, tmp_path):
    editor.begin(tmp_path, watch=False)
    uri = editor.open(tmp_path / "body.json", EMOJI_BODY)
    assert editor.codes(uri) == ["FLX102"]
    config = tmp_path / ".flexlint.toml"
    config.write_text('ignore = ["FLX102"]\n')
    config_uri = editor.open(config, config.read_text(), language="toml")
    editor.notify("textDocument/didSave", {"textDocument": {"uri": config_uri}})
    assert editor.codes(uri) == []
    assert editor.stop() == 0
