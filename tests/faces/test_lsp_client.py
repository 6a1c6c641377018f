"""`flexlint lsp` driven by pygls's own LanguageClient, a full LSP client implementation (not ours).

An editor session as a user has it: open a file, see the finding, change the configuration (the
client is told through the file watcher the server registered), see the finding go away without a
restart, take the quick fix it offers, shut down cleanly.
"""

from __future__ import annotations

import asyncio
import os
import sys

import pytest

pytest.importorskip("pygls")

from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from conftest import ROOT  # noqa: E402

BODY = '{\n  "model": "gpt-5.4-mini",\n  "input": "hi",\n  "serviceTier": "flex"\n}\n'


async def _session(root) -> dict:
    client = LanguageClient("flexlint-tests", "1")
    published: asyncio.Queue = asyncio.Queue()
    watched: list[str] = []

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        for registration in params.registrations:
            watched.extend(w["globPattern"] for w in (registration.register_options or {}).get("watchers", []))

    async def next_codes(uri: str) -> list[str]:
        while True:
            params = await asyncio.wait_for(published.get(), timeout=60)
            if params.uri == uri:
                return [str(d.code) for d in params.diagnostics], params.diagnostics

    await client.start_io(sys.executable, "-m", "flexlint", "lsp", cwd=str(root),
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        capabilities = types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(
                did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)),
            text_document=types.TextDocumentClientCapabilities(
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(),
                code_action=types.CodeActionClientCapabilities()),
        )
        result = await client.initialize_async(types.InitializeParams(
            capabilities=capabilities, process_id=os.getpid(), root_uri=root.as_uri()))
        client.initialized(types.InitializedParams())
        body = root / "body.json"
        body.write_text(BODY)
        uri = body.as_uri()
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="json", version=1, text=BODY)))
        first, found = await next_codes(uri)
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=found[0].range,
            context=types.CodeActionContext(diagnostics=found)))
        config = root / ".flexlint.toml"
        config.write_text('ignore = ["wrong-key-casing"]\n')
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]))
        after, _ = await next_codes(uri)
        await client.shutdown_async(None)
        client.exit(None)
        return {"server": result.server_info.name, "first": first, "after": after, "watched": watched,
                "actions": [(a.title, a.edit.changes[uri][0].new_text) for a in actions or [] if a.edit]}
    finally:
        await asyncio.wait_for(client.stop(), timeout=30)


def test_an_lsp_client_sees_a_changed_configuration_without_restart(tmp_path):
    session = asyncio.run(_session(tmp_path))
    assert session["server"] == "flexlint"
    assert session["first"] == ["FLX102"]
    assert ("Fix: rename `serviceTier` to `service_tier`", "service_tier") in session["actions"]
    assert any(".flexlint.toml" in pattern for pattern in session["watched"])
    assert session["after"] == []  # the new configuration applies at once: no restart
