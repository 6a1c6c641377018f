"""`flexlint lsp` driven over real stdio JSON-RPC, the way an editor talks to it."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ROOT

pytest.importorskip("pygls")

EMOJI_BODY = '{"model": "gpt-5.4-mini", "input": "🙂🙂 hi", "serviceTier": "flex"}\n'
DUPLICATE = '{\n  "model": "gpt-5.4-mini",\n  "input": "hi",\n  "service_tier": "flex",\n  "service_tier": "auto"\n}\n'


class Client:
    """A minimal LSP client: Content-Length framing over the server's stdin and stdout."""

    def __init__(self, cwd: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "flexlint", "lsp"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        self.messages: queue.Queue = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self) -> None:
        stream = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                name, _, value = line.partition(":")
                headers[name.lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.proc.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict | None = None) -> None:
        self.send({"method": method, "params": params or {}})

    def request(self, method: str, params: dict | None = None) -> dict:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params or {}})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)

    def wait(self, predicate, timeout: float = 30) -> dict:
        while True:
            try:
                message = self.messages.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError("no answer from the language server: " + self.proc.stderr.read1(4000).decode()) from None
            if predicate(message):
                return message

    def diagnostics(self, uri: str) -> list[dict]:
        message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        return message["params"]["diagnostics"]

    def start(self, root: Path, encodings: list[str] | None = None) -> dict:
        capabilities: dict = {"textDocument": {"publishDiagnostics": {"relatedInformation": True}}}
        if encodings:
            capabilities["general"] = {"positionEncodings": encodings}
        result = self.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": capabilities})
        self.notify("initialized")
        return result["result"]

    def open(self, path: Path, text: str, language: str = "json") -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}})
        return uri

    def stop(self) -> int:
        assert self.request("shutdown")["result"] is None
        self.notify("exit")
        return self.proc.wait(timeout=30)

    def close(self) -> None:
        """End a server a failed test left running."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def client(tmp_path):
    c = Client(tmp_path)
    yield c
    c.close()


def utf16_index(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def test_open_change_save_with_utf16_ranges(client, tmp_path):
    init = client.start(tmp_path)
    assert init["capabilities"]["textDocumentSync"]["openClose"] is True
    assert init["capabilities"].get("positionEncoding", "utf-16") == "utf-16"
    path = tmp_path / "body.json"
    uri = client.open(path, EMOJI_BODY)
    [diag] = client.diagnostics(uri)
    key = EMOJI_BODY.index('"serviceTier"')
    assert diag["range"] == {"start": {"line": 0, "character": utf16_index(EMOJI_BODY, key)},
                             "end": {"line": 0, "character": utf16_index(EMOJI_BODY, key) + 13}}
    assert utf16_index(EMOJI_BODY, key) == key + 2  # each emoji is two UTF-16 code units
    assert diag["severity"] == 1 and diag["code"] == "FLX102" and diag["source"] == "flexlint"
    assert diag["codeDescription"]["href"].endswith("/docs/rules/wrong-key-casing.md")  # a page that exists
    inside = utf16_index(EMOJI_BODY, key) + 1  # the edit changes the name inside the quotes, nothing else
    assert diag["data"] == {
        "rule": "wrong-key-casing", "code": "FLX102", "fix": "rename `serviceTier` to `service_tier`",
        "json_path": "serviceTier",
        "autofix": {"title": "rename `serviceTier` to `service_tier`", "safety": "safe", "edits": [
            {"range": {"start": {"line": 0, "character": inside}, "end": {"line": 0, "character": inside + 11}},
             "newText": "service_tier"}]},
    }
    assert "Fix: rename" in diag["message"]

    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": diag["range"], "context": {"diagnostics": [diag]}})["result"]
    [rename] = [a for a in actions if a["title"].startswith("Fix: rename")]
    assert rename["kind"] == "quickfix" and rename["isPreferred"] is True
    [edit] = rename["edit"]["changes"][uri]
    assert edit["newText"] == "service_tier"
    assert edit["range"]["start"]["character"] == inside
    assert not [a for a in actions if a["title"].startswith("Ignore")]  # JSON has no comments

    fixed = EMOJI_BODY.replace("serviceTier", "service_tier")
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]})
    assert client.diagnostics(uri) == []
    broken = fixed.replace('"flex"', '"flexx"')
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": broken}]})
    [invalid] = client.diagnostics(uri)
    assert invalid["code"] == "FLX104"
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert [d["code"] for d in client.diagnostics(uri)] == ["FLX104"]
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.diagnostics(uri) == []
    assert client.stop() == 0


@pytest.mark.parametrize("encoding,expected", [("utf-32", lambda t, i: i), ("utf-8", lambda t, i: len(t[:i].encode()))])
def test_negotiated_position_encoding(client, tmp_path, encoding, expected):
    init = client.start(tmp_path, encodings=[encoding, "utf-16"])
    assert init["capabilities"]["positionEncoding"] == encoding
    uri = client.open(tmp_path / "body.json", EMOJI_BODY)
    [diag] = client.diagnostics(uri)
    assert diag["range"]["start"]["character"] == expected(EMOJI_BODY, EMOJI_BODY.index('"serviceTier"'))
    assert client.stop() == 0


def test_related_information_severity_and_yaml_ignore_action(client, tmp_path):
    client.start(tmp_path)
    uri = client.open(tmp_path / "dup.json", DUPLICATE)
    [dup] = client.diagnostics(uri)
    assert dup["severity"] == 2 and dup["range"]["start"] == {"line": 4, "character": 2}
    [related] = dup["relatedInformation"]
    assert related["location"]["uri"] == uri and related["location"]["range"]["start"] == {"line": 3, "character": 2}

    text = "model: gpt-5.4-mini\ninput: hi\nserviceTier: flex\n"
    yaml_uri = client.open(tmp_path / "body.yaml", text, language="yaml")
    [diag] = client.diagnostics(yaml_uri)
    assert diag["range"]["start"] == {"line": 2, "character": 0}
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": yaml_uri}, "range": diag["range"], "context": {"diagnostics": [diag]}})["result"]
    [ignore] = [a for a in actions if a["title"].startswith("Ignore")]
    [edit] = ignore["edit"]["changes"][yaml_uri]
    assert edit["newText"] == "  # flexlint: ignore[wrong-key-casing]"
    assert edit["range"]["start"] == {"line": 2, "character": len("serviceTier: flex")}
    # the comment the action writes really silences the finding
    commented = text.replace("serviceTier: flex", "serviceTier: flex" + edit["newText"])
    client.notify("textDocument/didChange", {"textDocument": {"uri": yaml_uri, "version": 2}, "contentChanges": [{"text": commented}]})
    assert client.diagnostics(yaml_uri) == []
    assert client.stop() == 0


TS_CALL = (
    'import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\n'
    'await generateText({ model: openai("gpt-5.4-mini"), providerOptions: { openai: { service_tier: "flex" } } });\n'
)


def test_typescript_buffer_and_line_comment_ignore(client, tmp_path):
    client.start(tmp_path)
    uri = client.open(tmp_path / "summarise.ts", TS_CALL, language="typescript")
    [diag] = client.diagnostics(uri)
    key = TS_CALL.splitlines()[2].index("service_tier")
    assert diag["code"] == "FLX102" and diag["range"]["start"] == {"line": 2, "character": key}
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": diag["range"], "context": {"diagnostics": [diag]}})["result"]
    [ignore] = [a for a in actions if a["title"].startswith("Ignore")]
    [edit] = ignore["edit"]["changes"][uri]
    assert edit["newText"] == "  // flexlint: ignore[wrong-key-casing]"
    # the comment the action writes really silences the finding
    lines = TS_CALL.splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + edit["newText"] + "\n"
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "".join(lines)}]})
    assert client.diagnostics(uri) == []
    assert client.stop() == 0


def test_configuration_applies_and_a_broken_one_is_shown(client, tmp_path):
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / ".flexlint.toml").write_text('ignore = ["FLX102"]\n')
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / ".flexlint.toml").write_text('selct = ["FLX1"]\n')
    (tmp_path / "excluded").mkdir()
    (tmp_path / "excluded" / ".flexlint.toml").write_text('exclude = ["*.json"]\n')
    client.start(tmp_path)
    assert client.diagnostics(client.open(tmp_path / "team" / "body.json", EMOJI_BODY)) == []
    assert client.diagnostics(client.open(tmp_path / "excluded" / "body.json", EMOJI_BODY)) == []
    uri = client.open(tmp_path / "broken" / "body.json", EMOJI_BODY)
    shown = client.wait(lambda m: m.get("method") == "window/showMessage")
    assert "unknown key `selct`" in shown["params"]["message"] and shown["params"]["type"] == 1
    assert client.diagnostics(uri) == []
    assert client.stop() == 0


def test_character_conversion():
    from flexlint.faces.lsp import lsp_character

    line = 'a🙂é"k"'
    assert [lsp_character(line, c) for c in range(1, 7)] == [0, 1, 3, 4, 5, 6]
    assert lsp_character(line, 3, "utf-8") == 5 and lsp_character(line, 3, "utf-32") == 2


def _big_python(lines: int, tier: str) -> str:
    head = "from openai import OpenAI\n\nclient = OpenAI(timeout=900)\n\n"
    body = "".join(
        f"def ask_{i}(prompt):\n    data = [x * {i} for x in range(10)]\n    return len(data), prompt.strip()\n\n"
        for i in range(lines // 4)
    )
    call = f"client.responses.create(model='gpt-5-mini', input='hi', service_tier='{tier}')\n"
    return head + body + call


def test_an_edit_of_a_range_is_applied_before_the_lint(client, tmp_path):
    """Incremental sync: the editor sends the change only; the server lints the buffer it makes."""
    client.start(tmp_path)
    text = '{\n  "model": "gpt-5.4-mini",\n  "input": "🙂", "service_tier": "flex"\n}\n'
    uri = client.open(tmp_path / "body.json", text, language="json")
    first = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
    assert first["params"]["diagnostics"] == []
    # Rename the key after the emoji (two UTF-16 units, as LSP counts by default) to the camelCase spelling.
    edit = {"range": {"start": {"line": 2, "character": 18}, "end": {"line": 2, "character": 30}}, "text": "serviceTier"}
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [edit]})
    message = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                          and m["params"]["uri"] == uri and m["params"].get("version") == 2)
    assert [d["code"] for d in message["params"]["diagnostics"]] == ["FLX102"]
    assert message["params"]["diagnostics"][0]["range"]["start"] == {"line": 2, "character": 17}
    assert client.stop() == 0


def test_quick_edits_publish_only_the_newest_version(client, tmp_path):
    """Five edits in a row to a large file: superseded versions are never published, the last one is."""
    client.start(tmp_path)
    path = tmp_path / "big.py"
    uri = client.open(path, _big_python(3000, "flex"), language="python")
    for version in range(2, 7):
        tier = "flexx" if version == 6 else "flex"
        text = _big_python(3000, tier) + f"# edit {version}\n"
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                 "contentChanges": [{"text": text}]})
    published = []
    while True:
        message = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                              and m["params"]["uri"] == uri, timeout=120)
        published.append(message["params"].get("version"))
        if published[-1] == 6:
            break
    assert set(published) <= {1, 6}, published  # 2 to 5 were superseded before they were published
    assert [d["code"] for d in message["params"]["diagnostics"]] == ["FLX104"]
    assert client.stop() == 0


def test_superseded_lint_stops_at_its_next_step(tmp_path):
    """The cooperative stop: a lint told to stop raises Cancelled instead of finishing."""
    from flexlint.run.engine import Cancelled, cancellable
    from flexlint.run.paths import Options, lint_source

    body = EMOJI_BODY.encode()
    with cancellable(lambda: False):
        assert lint_source(body, "body.json", Options(isolated=True)).diagnostics
    with cancellable(lambda: True), pytest.raises(Cancelled):
        lint_source(body, "body.json", Options(isolated=True))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
def test_edits_by_offset_match_pygls_own_applier(encoding):
    """The fast applier makes the same buffer as pygls's own, on lines with wide characters and CRLF,
    for the positions an editor sends (on a character boundary, within the line)."""
    import random

    from lsprotocol import types as t
    from pygls.workspace.position_codec import PositionCodec
    from pygls.workspace.text_document import TextDocument

    from flexlint.faces.lsp import range_offsets

    codec = {"utf-16": "utf-16-le", "utf-8": "utf-8", "utf-32": "utf-32-le"}[encoding]
    width = {"utf-16": 2, "utf-8": 1, "utf-32": 4}[encoding]
    rng = random.Random(7)
    alphabet = ["a", "b", " ", "\n", "\r\n", "é", "中", "🙂", "𝄞", '"', "{"]
    for _ in range(500):
        source = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        lines = source.split("\n")

        def position() -> t.Position:
            line = rng.randrange(0, len(lines))
            text = lines[line].rstrip("\r")
            cut = rng.randrange(0, len(text) + 1)
            return t.Position(line=line, character=len(text[:cut].encode(codec)) // width)

        a, b = sorted((position(), position()), key=lambda p: (p.line, p.character))
        change = t.TextDocumentContentChangePartial(range=t.Range(start=a, end=b), text=rng.choice(["", "x", "🙂\n"]))
        reference = TextDocument("file:///x.json", source=source, sync_kind=t.TextDocumentSyncKind.Incremental,
                                 position_codec=PositionCodec(encoding))
        reference.apply_change(change)
        start, end = range_offsets(source, change.range, encoding)
        assert source[:start] + change.text + source[end:] == reference.source, (source, a, b)


def test_the_negotiated_encoding_is_named_by_its_lsp_value():
    from lsprotocol import types as t

    from flexlint.faces.lsp import encoding_name, lsp_character

    assert encoding_name(t.PositionEncodingKind.Utf8) == "utf-8" and encoding_name("utf-32") == "utf-32"
    assert encoding_name(None) == "utf-16"
    assert lsp_character("é🙂x", 3, encoding_name(t.PositionEncodingKind.Utf8)) == 6  # not UTF-16's 3


def test_where_no_linting_process_can_run_the_server_lints_in_itself(tmp_path, monkeypatch):
    """Without fork and pass_fds (Windows), or with FLEXLINT_DEBUG, buffers are linted in the server's process."""
    from flexlint.faces import lsp as server_module
    from flexlint.run import workers

    monkeypatch.setattr(workers, "available", lambda: False)
    server = server_module.FlexlintServer()

    def no_process(*args):
        raise AssertionError("a linting process was asked for")

    monkeypatch.setattr(server._process, "lint", no_process)
    server._wanted["file:///body.json"] = 1
    body = '{"model": "gpt-5.3-codex", "serviceTier": "flex", "input": "x"}'
    found = server._lint("file:///body.json", 1, body, str(tmp_path / "body.json"), "utf-16")
    assert {"FLX102", "FLX201"} <= {str(d.code) for d in found}
    server._wanted["file:///body.json"] = 2  # a newer version: the older one is not linted
    assert server._lint("file:///body.json", 1, body, str(tmp_path / "body.json"), "utf-16") is None
