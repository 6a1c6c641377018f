"""`flexlint lsp`: a language server that lints what the editor has, as you type.

It calls the library in-process (:func:`flexlint.api.lint_source`) with the
buffer's text and file name, so a document is read exactly as the CLI would
read that file, with the configuration file that applies to it (including
its `exclude`). Diagnostics carry the rule code, a link to the rule's
documentation, and in ``data`` the rule, the fix and the JSON path; a quick
fix renames a misspelt key, and for formats with comments another one adds a
`flexlint: ignore[...]` comment.

Positions: flexlint counts 1-based lines and code-point columns; LSP counts
0-based lines and, unless the client negotiates otherwise, UTF-16 code units.
:func:`lsp_character` does that conversion from the line's text.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePath
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..core.diagnostics import Diagnostic

SEVERITY = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
}
COMMENT_PREFIX = {".yaml": "#", ".yml": "#", ".py": "#", ".jsonc": "//"}
LANGUAGE_SUFFIX = {"json": ".json", "jsonc": ".jsonc", "yaml": ".yaml", "python": ".py"}
_RENAME = re.compile(r"^rename `([^`]+)` to `([^`]+)`$")


def lsp_character(line_text: str, column: int, encoding: str = lsp.PositionEncodingKind.Utf16) -> int:
    """A 1-based code-point column on ``line_text`` as a 0-based LSP character in ``encoding``."""
    prefix = line_text[: max(column - 1, 0)]
    if encoding == lsp.PositionEncodingKind.Utf32:
        return len(prefix)
    if encoding == lsp.PositionEncodingKind.Utf8:
        return len(prefix.encode("utf-8"))
    return len(prefix.encode("utf-16-le")) // 2


class Lines:
    """The buffer's lines, to convert positions (a BOM the linter skipped is counted back in)."""

    def __init__(self, text: str, encoding: str) -> None:
        self.lines = text.split("\n")
        self.bom = 1 if text.startswith("\ufeff") else 0
        self.encoding = encoding

    def position(self, line: int, column: int) -> lsp.Position:
        index = max(line - 1, 0)
        if index >= len(self.lines):
            return lsp.Position(line=len(self.lines) - 1, character=len(self.lines[-1]))
        text = self.lines[index].rstrip("\r")
        if index == 0:
            column += self.bom
        return lsp.Position(line=index, character=lsp_character(text, column, self.encoding))


def filename_for(uri: str, language_id: str | None = None) -> str:
    """The file name flexlint reads a document as (an untitled buffer gets one from its language)."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    if path:
        return path
    return "untitled" + LANGUAGE_SUFFIX.get(language_id or "", ".json")


def to_lsp(d: Diagnostic, lines: Lines, uri: str, filename: str, rule_url: str | None) -> lsp.Diagnostic:
    related = []
    for rel in d.related:
        same = rel.path == d.path
        position = lines.position(rel.line, rel.column) if same else lsp.Position(line=max(rel.line - 1, 0), character=max(rel.column - 1, 0))
        target = uri if same else (from_fs_path(str(Path(filename).parent / rel.path)) or uri)
        related.append(lsp.DiagnosticRelatedInformation(
            location=lsp.Location(uri=target, range=lsp.Range(start=position, end=position)), message=rel.message))
    return lsp.Diagnostic(
        range=lsp.Range(start=lines.position(d.line, d.column), end=lines.position(d.end_line, d.end_column)),
        severity=SEVERITY[d.severity],
        code=d.code,
        code_description=lsp.CodeDescription(href=rule_url) if rule_url else None,
        source="flexlint",
        message=d.message_with_fix(),
        related_information=related or None,
        data={"rule": d.rule, "code": d.code, "fix": d.fix, "json_path": d.json_path},
    )


def lint_text(text: str, filename: str, encoding: str) -> list[lsp.Diagnostic]:
    """Lint a buffer; raises ConfigError/ValueError for a broken configuration."""
    from ..run.paths import Options, lint_source
    from ..config.rulesets import load_ruleset

    result = lint_source(text.encode("utf-8"), filename, Options(force_exclude=True))
    lines = Lines(text, encoding)
    rules = load_ruleset()
    uri = from_fs_path(filename) or filename
    out = []
    for d in result.diagnostics:
        if d.path != filename:
            continue
        rule = rules.get(d.code)
        out.append(to_lsp(d, lines, uri, filename, rule.url if rule else None))
    return out


class FlexlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("flexlint", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self.shown_errors: set[str] = set()

    def lint(self, uri: str) -> None:
        document = self.workspace.get_text_document(uri)
        filename = filename_for(uri, document.language_id)
        encoding = self.workspace.position_encoding or lsp.PositionEncodingKind.Utf16
        try:
            diagnostics = lint_text(document.source, filename, str(encoding))
        except Exception as exc:  # a broken configuration file: say it once, keep serving
            from ..config.files import ConfigError

            if not isinstance(exc, (ConfigError, ValueError)):
                raise
            message = f"flexlint: {exc}"
            if message not in self.shown_errors:
                self.shown_errors.add(message)
                self.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=message))
            diagnostics = []
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=diagnostics))


def make_server() -> FlexlintServer:
    """A server with its handlers (built on demand: nothing happens at import time)."""
    server = FlexlintServer()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: FlexlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.lint(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: FlexlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.lint(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: FlexlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.shown_errors.clear()  # a saved configuration may be fixed now
        ls.lint(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: FlexlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    def code_action(ls: FlexlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        document = ls.workspace.get_text_document(params.text_document.uri)
        filename = filename_for(params.text_document.uri, document.language_id)
        encoding = str(ls.workspace.position_encoding or lsp.PositionEncodingKind.Utf16)
        return quick_fixes(params.text_document.uri, filename, document.source, params.context.diagnostics, encoding)

    return server


def quick_fixes(uri: str, filename: str, text: str, diagnostics: list[lsp.Diagnostic], encoding: str) -> list[lsp.CodeAction]:
    actions = []
    lines = text.split("\n")
    comment = COMMENT_PREFIX.get(PurePath(filename).suffix.lower())
    for diag in diagnostics:
        data: Any = diag.data if isinstance(diag.data, dict) else None
        if diag.source != "flexlint" or data is None:
            continue
        rename = _RENAME.match(data.get("fix") or "")
        if rename and diag.range.start.line == diag.range.end.line:
            line = lines[diag.range.start.line] if diag.range.start.line < len(lines) else ""
            old, new = rename.groups()
            start = _index(line, diag.range.start.character, encoding)
            end = _index(line, diag.range.end.character, encoding)
            span = line[start:end]
            if span.count(old) == 1:
                at = start + span.index(old)
                edit_range = lsp.Range(
                    start=lsp.Position(line=diag.range.start.line, character=lsp_character(line, at + 1, encoding)),
                    end=lsp.Position(line=diag.range.start.line, character=lsp_character(line, at + len(old) + 1, encoding)),
                )
                actions.append(lsp.CodeAction(
                    title=f"Rename `{old}` to `{new}`", kind=lsp.CodeActionKind.QuickFix, diagnostics=[diag],
                    is_preferred=True,
                    edit=lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(range=edit_range, new_text=new)]})))
        if comment:
            number = diag.range.start.line
            line = lines[number].rstrip("\r") if number < len(lines) else ""
            if "flexlint:" in line:
                continue
            end = lsp.Position(line=number, character=lsp_character(line, len(line) + 1, encoding))
            actions.append(lsp.CodeAction(
                title=f"Ignore {data.get('code')} ({data.get('rule')}) on this line",
                kind=lsp.CodeActionKind.QuickFix, diagnostics=[diag],
                edit=lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(
                    range=lsp.Range(start=end, end=end), new_text=f"  {comment} flexlint: ignore[{data.get('rule')}]")]})))
    return actions


def _index(line: str, character: int, encoding: str) -> int:
    """The code-point index of an LSP character offset on ``line``."""
    if encoding == lsp.PositionEncodingKind.Utf32:
        return character
    units = 0
    for i, ch in enumerate(line):
        if units >= character:
            return i
        units += len(ch.encode("utf-8")) if encoding == lsp.PositionEncodingKind.Utf8 else (2 if ord(ch) > 0xFFFF else 1)
    return len(line)


def serve() -> None:
    make_server().start_io()
