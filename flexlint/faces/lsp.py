"""`flexlint lsp`: a language server that lints what the editor has, as you type.

It calls the library (:func:`flexlint.api.lint_source`, in its linting
process: see below) with the buffer's text and file name, so a document is read exactly as the CLI would
read that file, with the configuration file that applies to it (including
its `exclude`). Diagnostics carry the rule code, a link to the rule's
documentation, and in ``data`` the rule, the fix and the JSON path. A
finding with an automatic fix carries its edits in ``data`` too: the quick
fix applies them, and "Fix all flexlint problems" (``source.fixAll.flexlint``,
what editors run on save) applies every safe fix the way ``flexlint --fix``
does, through the same code (:mod:`flexlint.run.fixing`), so the buffer ends
up with the same bytes. For formats with comments another quick fix adds a
`flexlint: ignore[...]` comment.

Configuration files and rule packs are read again when they change: the
server asks the editor to watch them (``workspace/didChangeWatchedFiles``)
and also reloads when one is saved in the editor, then re-lints every open
document, so a changed `.flexlint.toml` applies without a restart.

Editors send each change as an edit of a range (incremental sync), not the
whole buffer again. Edits are debounced: a document is linted once it has
been quiet for ``DEBOUNCE`` seconds. Lints run in the server's own linting process
(:mod:`flexlint.faces.lsp_worker`: warm, restarted after a crash, a timeout
or a memory bomb, which become a parse-error for that buffer), driven from a
background thread so that newer edits keep arriving; a lint whose version
has been superseded is told so, stops at its next step and publishes nothing.

Positions: flexlint counts 1-based lines and code-point columns; LSP counts
0-based lines and, unless the client negotiates otherwise, UTF-16 code units.
:func:`lsp_character` does that conversion from the line's text.
"""

from __future__ import annotations

import asyncio
import os
from bisect import bisect_right
from concurrent.futures import Future, ThreadPoolExecutor
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
COMMENT_PREFIX = {".yaml": "#", ".yml": "#", ".py": "#", ".jsonc": "//",
                  **{s: "//" for s in (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts")}}
LANGUAGE_SUFFIX = {"json": ".json", "jsonc": ".jsonc", "yaml": ".yaml", "python": ".py", "typescript": ".ts",
                   "typescriptreact": ".tsx", "javascript": ".js", "javascriptreact": ".jsx"}
FIX_ALL = f"{lsp.CodeActionKind.SourceFixAll.value}.flexlint"
# Seconds of quiet after an edit before the document is linted: enough for the edits an editor
# sends back to back (a paste, a multi-cursor change) to arrive; typing is slower, and a lint a
# newer keystroke supersedes stops at its next step.
DEBOUNCE = 0.02


def encoding_name(encoding: Any) -> str:
    """The negotiated position encoding as its LSP name ("utf-16" when none was): pygls may hold the
    enum member, whose ``str()`` is its Python name, not its value."""
    return str(getattr(encoding, "value", encoding) or lsp.PositionEncodingKind.Utf16.value)


def lsp_character(line_text: str, column: int, encoding: str = lsp.PositionEncodingKind.Utf16) -> int:
    """A 1-based code-point column on ``line_text`` as a 0-based LSP character in ``encoding``."""
    prefix = line_text[: max(column - 1, 0)]
    if encoding == lsp.PositionEncodingKind.Utf32:
        return len(prefix)
    if encoding == lsp.PositionEncodingKind.Utf8:
        return len(prefix.encode("utf-8"))
    return len(prefix.encode("utf-16-le")) // 2


def buffer_offset(source: str, position: lsp.Position, encoding: str, known: tuple[int, int] = (0, 0)) -> int:
    """The character offset of an LSP position (0-based line, ``encoding`` units) in ``source``.

    Past the end of a line means its end, past the last line the end of the buffer (as LSP says).
    ``known``: a line at or before the position and the offset where it starts, to search from there.
    """
    line_no, start = known
    for _ in range(position.line - line_no):
        nl = source.find("\n", start)
        if nl == -1:
            return len(source)
        start = nl + 1
    end = source.find("\n", start)
    line = source[start:len(source) if end == -1 else end]
    units = position.character
    if encoding == lsp.PositionEncodingKind.Utf32 or line.isascii():
        return start + min(units, len(line))
    codec = "utf-8" if encoding == lsp.PositionEncodingKind.Utf8 else "utf-16-le"
    width = 1 if codec == "utf-8" else 2
    prefix = line.encode(codec, "surrogatepass")[: units * width]
    return start + len(prefix.decode(codec, "ignore"))


def range_offsets(source: str, where: lsp.Range, encoding: str) -> tuple[int, int]:
    """The character offsets an edit's range covers in ``source`` (its end searched from its start's line)."""
    start = buffer_offset(source, where.start, encoding)
    known = (where.start.line, source.rfind("\n", 0, start) + 1)
    return start, max(start, buffer_offset(source, where.end, encoding, known))


def _fast_documents(workspace: Any) -> None:
    """Have the workspace apply edits by offsets (see :class:`_Buffer`)."""
    from pygls.workspace.text_document import TextDocument

    class _Buffer(TextDocument):
        """pygls's document, with an edit applied by offsets: its own applier rewrites the buffer line
        by line and counts UTF-16 units one character at a time, seconds per keystroke in a one-line
        5 MB JSON file; here the line is found with ``str.find`` and the units counted by a codec."""

        def _apply_incremental_change(self, change: Any) -> None:
            source = self.source
            encoding = encoding_name(self._position_codec.encoding)
            start, end = range_offsets(source, change.range, encoding)
            self._source = source[:start] + change.text + source[end:]

    def create(doc_uri: str, source: str | None = None, version: int | None = None,
               language_id: str | None = None) -> Any:
        return _Buffer(doc_uri, source=source, version=version, language_id=language_id,
                       sync_kind=workspace._sync_kind, position_codec=workspace.position_codec)

    workspace._create_text_document = create


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


class Offsets:
    """Character offsets of the buffer as LSP positions (in the negotiated encoding)."""

    def __init__(self, text: str, encoding: str) -> None:
        self.text = text
        self.encoding = encoding
        starts = [0]
        pos = text.find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self.starts = starts

    def position(self, offset: int) -> lsp.Position:
        offset = min(max(offset, 0), len(self.text))
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        return lsp.Position(line=line, character=lsp_character(self.text[start:offset], offset - start + 1, self.encoding))

    def edit(self, start: int, end: int, new: str) -> lsp.TextEdit:
        return lsp.TextEdit(range=lsp.Range(start=self.position(start), end=self.position(end)), new_text=new)


def text_edits(before: str, after: str, encoding: str) -> list[lsp.TextEdit]:
    """Edits that turn ``before`` into ``after``, line by line (what changed, nothing more)."""
    import difflib

    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    offsets = Offsets(before, encoding)
    line_offsets = [0]
    for line in old:
        line_offsets.append(line_offsets[-1] + len(line))
    edits = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            edits.append(offsets.edit(line_offsets[i1], line_offsets[i2], "".join(new[j1:j2])))
    return edits


def filename_for(uri: str, language_id: str | None = None) -> str:
    """The file name flexlint reads a document as (an untitled buffer gets one from its language)."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    if path:
        return path
    return "untitled" + LANGUAGE_SUFFIX.get(language_id or "", ".json")


def to_lsp(d: Diagnostic, lines: Lines, uri: str, filename: str, rule_url: str | None,
           offsets: Offsets | None = None, bom: int = 0) -> lsp.Diagnostic:
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
        data=_data(d, offsets, bom),
    )


def _data(d: Diagnostic, offsets: Offsets | None, bom: int) -> dict[str, Any]:
    """What a code action needs later: the rule, the fix in words and, when there is one, its edits."""
    data: dict[str, Any] = {"rule": d.rule, "code": d.code, "fix": d.fix, "json_path": d.json_path}
    if d.autofix is not None and offsets is not None:
        data["autofix"] = {
            "title": d.autofix.title,
            "safety": d.autofix.safety,
            "edits": [lsp_json(offsets.edit(e.start + bom, e.end + bom, e.new)) for e in d.autofix.edits],
        }
    return data


def lsp_json(value: Any) -> Any:
    from lsprotocol import converters

    return converters.get_converter().unstructure(value)


def lint_text(text: str, filename: str, encoding: str, isolate: bool = True) -> list[lsp.Diagnostic]:
    """Lint a buffer; raises ConfigError/ValueError for a broken configuration.

    ``isolate``: in a supervised worker process forked from this one (a parser crash, a timeout
    or a memory bomb is a parse-error). The server lints in its own linting process instead
    (:mod:`flexlint.faces.lsp_worker`), which calls this without forking.
    """
    from ..run.paths import Options, lint_source

    result = lint_source(text.encode("utf-8", "surrogatepass"), filename, Options(force_exclude=True, isolate=isolate))
    return lsp_diagnostics(result.diagnostics, text, filename, encoding)


def lsp_diagnostics(diagnostics: list, text: str, filename: str, encoding: str) -> list[lsp.Diagnostic]:
    """flexlint's findings in a buffer as the editor's diagnostics."""
    from ..config.rulesets import load_ruleset

    lines = Lines(text, encoding)
    offsets = Offsets(text, encoding) if any(d.autofix is not None for d in diagnostics) else None
    rules = load_ruleset()
    uri = from_fs_path(filename) or filename
    out = []
    for d in diagnostics:
        if d.path != filename:
            continue
        rule = rules.get(d.code)
        out.append(to_lsp(d, lines, uri, filename, rule.url if rule else None, offsets, lines.bom))
    return out


def fix_all(text: str, filename: str) -> str | None:
    """The buffer after every safe fix, as `flexlint --fix` leaves the same file (None: nothing to fix)."""
    from ..run.fixing import file_linter, fix_text
    from ..run.paths import Options, make_resolver

    if make_resolver(Options()).excluded(Path(filename)):
        return None
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    linter = file_linter(Options())
    outcome = fix_text(text[len(bom):], filename, lambda version: linter(filename, version.encode("utf-8")))
    return bom + outcome.text if outcome.changed else None


CONFIG_NAMES = (".flexlint.toml", "flexlint.toml", "pyproject.toml")
WATCHED = [f"**/{name}" for name in CONFIG_NAMES] + ["**/*.yaml", "**/*.yml"]  # YAML: rule packs


class FlexlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("flexlint", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.shown_errors: set[str] = set()
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._wanted: dict[str, int | None] = {}  # uri -> the version whose findings are wanted (None: closed)
        self._executor: ThreadPoolExecutor | None = None
        self._process = LintProcess()
        self._requests = 0
        self._inflight: tuple[str, int] | None = None  # (uri, request number) of the lint under way

    def document_changes(self) -> bool:
        """Does the client take versioned edits (``documentChanges``)?"""
        workspace = self.client_capabilities.workspace
        edit = workspace.workspace_edit if workspace else None
        return bool(edit and edit.document_changes)

    def watch_configuration(self) -> None:
        """Ask the editor to tell us when a configuration file or a rule pack changes (if it can)."""
        workspace = self.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        if not (watched and watched.dynamic_registration):
            return  # such an editor still tells us when it saves one (didSave)
        options = lsp.DidChangeWatchedFilesRegistrationOptions(
            watchers=[lsp.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED])
        self.client_register_capability(lsp.RegistrationParams(registrations=[lsp.Registration(
            id="flexlint-configuration", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options)]))

    def affects_configuration(self, paths: list[str]) -> bool:
        """Is any of ``paths`` a configuration file, or in a rule pack a configuration names?"""
        if any(PurePath(p).name in CONFIG_NAMES for p in paths):
            return True
        packs = [Path(pack) for pack in self.rule_packs()]
        return any(pack == Path(p) or pack in Path(p).parents for p in paths for pack in packs)

    def rule_packs(self) -> set[str]:
        from ..config.files import ConfigError
        from ..run.paths import Options, make_resolver

        packs: set[str] = set()
        resolver = make_resolver(Options())
        for uri in list(self.workspace.text_documents):
            if uri.startswith("file:"):
                try:
                    packs.update(resolver.config_for(Path(filename_for(uri))).rule_packs)
                except (ConfigError, ValueError):
                    continue
        return packs

    def reload(self) -> None:
        """Read configuration files and rule packs again and re-lint every open document."""
        from ..config.resolver import forget_configuration

        forget_configuration()
        self.shown_errors.clear()
        if self._executor is not None:
            self._executor.submit(self._process.reload)  # in order with the lints
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    # -- scheduling (on the event loop's thread) --------------------------------
    def schedule(self, uri: str, delay: float = DEBOUNCE) -> None:
        """Lint ``uri`` once it has been quiet for ``delay`` seconds (a newer call restarts the wait)."""
        document = self.workspace.get_text_document(uri)
        self._wanted[uri] = document.version
        inflight = self._inflight
        if inflight is not None and inflight[0] == uri:
            self._process.cancel(inflight[1])  # its lint stops at its next step
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self._timers[uri] = asyncio.get_event_loop().call_later(delay, self._start, uri)

    def forget(self, uri: str) -> None:
        """A closed document: nothing pending for it is linted to the end or published."""
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self._wanted[uri] = None
        inflight = self._inflight
        if inflight is not None and inflight[0] == uri:
            self._process.cancel(inflight[1])

    def _start(self, uri: str) -> None:
        self._timers.pop(uri, None)
        document = self.workspace.get_text_document(uri)
        version = document.version
        if self._wanted.get(uri) != version:
            return
        filename = filename_for(uri, document.language_id)
        encoding = encoding_name(self.workspace.position_encoding)
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="flexlint-lint")
        future = self._executor.submit(self._lint, uri, version, document.source, filename, encoding)
        loop = asyncio.get_event_loop()
        future.add_done_callback(lambda done: loop.call_soon_threadsafe(self._finish, uri, version, done))

    def _superseded(self, uri: str, version: int | None) -> bool:
        return self._wanted.get(uri) != version

    # -- linting (on the lint thread, in the linting process) ----------------------
    def _lint(self, uri: str, version: int | None, text: str, filename: str, encoding: str) -> list[lsp.Diagnostic] | None:
        if self._superseded(uri, version):
            return None
        self._requests += 1
        number = self._requests
        self._inflight = (uri, number)
        try:
            if self._superseded(uri, version):
                return None
            from ..run.workers import available

            if not available():  # no separate process here (Windows, FLEXLINT_DEBUG): lint in this one
                from ..run.engine import Cancelled, cancellable

                try:
                    with cancellable(lambda: self._superseded(uri, version)):
                        return lint_text(text, filename, encoding, isolate=False)
                except Cancelled:
                    return None
            return self._process.lint(number, text, filename, encoding)
        finally:
            self._inflight = None

    # -- publishing (on the event loop's thread) ----------------------------------
    def _finish(self, uri: str, version: int | None, done: Future) -> None:
        try:
            diagnostics = done.result()
        except Exception as exc:  # a broken configuration file: say it once, keep serving
            from ..config.files import ConfigError

            if not isinstance(exc, (ConfigError, ValueError)):
                raise
            message = f"flexlint: {exc}"
            if message not in self.shown_errors:
                self.shown_errors.add(message)
                self.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=message))
            diagnostics = []
        if diagnostics is None or self._superseded(uri, version):
            return  # a newer version is on its way
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics))


class LintProcess:
    """The server's side of its linting process (:mod:`flexlint.faces.lsp_worker`), used from one thread.

    Started on the first lint, as a new interpreter (never a fork of the threaded server), and
    started again after it crashed, ran out of memory or was killed for taking too long.
    """

    def __init__(self, limits: Any = None) -> None:
        import threading

        from ..core.limits import Limits

        self.limits = limits or Limits()  # its timeout and memory cap apply to each lint
        self.proc: Any = None
        self.cancels = -1
        self.lock = threading.Lock()  # the cancel pipe is written from the event loop's thread too

    def _ensure(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            return
        import subprocess
        import sys

        self.close()
        read, write = os.pipe()
        self.proc = subprocess.Popen([sys.executable, "-m", "flexlint.faces.lsp_worker", str(read), str(self.limits.max_memory)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, pass_fds=(read,))
        os.close(read)
        os.set_blocking(write, False)
        with self.lock:
            self.cancels = write

    def lint(self, number: int, text: str, filename: str, encoding: str) -> list[lsp.Diagnostic] | None:
        """The buffer's diagnostics; None when the lint was cancelled. Raises ConfigError for a broken configuration."""
        from ..run.workers import Channel, Failure, readable

        limits = self.limits
        self._ensure()
        requests, replies = Channel(self.proc.stdin.fileno()), Channel(self.proc.stdout.fileno())
        failure: Failure | None = None
        try:
            requests.send(("lint", number, text, filename, encoding))
            if not readable([replies.fd], limits.timeout):
                failure = Failure("timeout", f"{limits.timeout:g}")
            else:
                reply = replies.recv()
                while reply[1] != number:  # an answer to an earlier, abandoned request
                    reply = replies.recv()
        except (EOFError, OSError, ValueError):
            failure = Failure("crash", "")
        if failure is None:
            if reply[0] == "ok":
                return reply[2]
            if reply[0] == "cancelled":
                return None
            if reply[0] == "config":
                from ..config.files import ConfigError

                raise ConfigError(reply[2])
            if reply[0] == "error":  # a bug of ours: the buffer's parse-error, as a worker of the command line says it
                failure = Failure("crash", f"the worker failed with {reply[2]}")
            else:
                failure = Failure("memory", str(limits.max_memory // (1024 * 1024)))
        code = self.close()
        if failure.kind == "crash" and not failure.detail:
            from ..run.workers import OUT_OF_MEMORY, describe_exit

            failure = Failure("memory", str(limits.max_memory // (1024 * 1024))) if code == OUT_OF_MEMORY \
                else Failure("crash", describe_exit(code))
        return lsp_diagnostics(failed_file(filename, failure), text, filename, encoding)

    def cancel(self, number: int) -> None:
        """Tell the process that request ``number`` (and any before it) is no longer wanted (any thread)."""
        with self.lock:
            if self.cancels < 0:
                return
            try:
                os.write(self.cancels, number.to_bytes(8, "little"))
            except (OSError, ValueError):
                pass

    def reload(self) -> None:
        """Configuration files or rule packs changed: the process reads them again."""
        if self.proc is None or self.proc.poll() is not None:
            return
        from ..run.workers import Channel

        try:
            Channel(self.proc.stdin.fileno()).send(("reload",))
        except OSError:
            self.close()

    def close(self) -> int | None:
        """Stop the process; its exit status (None when there was none)."""
        proc, self.proc = self.proc, None
        with self.lock:
            if self.cancels >= 0:
                os.close(self.cancels)
                self.cancels = -1
        if proc is None:
            return None
        if proc.poll() is None:
            proc.kill()
        code = proc.wait()
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        return code


def failed_file(filename: str, failure: Any) -> list:
    """The parse-error of a buffer whose lint crashed, ran out of time or of memory."""
    from ..run.paths import Options, failed_result, make_resolver

    path = Path(filename)
    return failed_result(filename, make_resolver(Options()).plan(path).selection_for(path), failure).diagnostics


def make_server() -> FlexlintServer:
    """A server with its handlers (built on demand: nothing happens at import time)."""
    server = FlexlintServer()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: FlexlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: FlexlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: FlexlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri.startswith("file:") and ls.affects_configuration([filename_for(uri)]):
            ls.reload()  # a configuration or a rule pack saved in this editor
            return
        ls.schedule(uri, 0)

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: FlexlintServer, params: lsp.InitializeParams) -> None:
        _fast_documents(ls.workspace)  # created just before this handler runs, before any document opens

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: FlexlintServer, params: lsp.InitializedParams) -> None:
        ls.watch_configuration()

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: FlexlintServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        paths = [to_fs_path(change.uri) or change.uri for change in params.changes]
        if ls.affects_configuration(paths):
            ls.reload()

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: FlexlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL]))
    def code_action(ls: FlexlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        document = ls.workspace.get_text_document(uri)
        filename = filename_for(uri, document.language_id)
        encoding = encoding_name(ls.workspace.position_encoding)
        only = params.context.only
        actions: list[lsp.CodeAction] = []
        if _wants(only, lsp.CodeActionKind.QuickFix):
            actions += quick_fixes(uri, filename, document.source, params.context.diagnostics, encoding,
                                   document.version, ls.document_changes())
        if _wants(only, FIX_ALL) and (only or _has_safe_fix(params.context.diagnostics)):
            action = fix_all_action(uri, filename, document.source, encoding, document.version, ls.document_changes())
            if action is not None:
                actions.append(action)
        return actions

    return server


def _wants(only: list[str] | None, kind: str) -> bool:
    """Does the client ask for this kind of action (``only`` absent: every kind)?"""
    asked = [k.value if isinstance(k, lsp.CodeActionKind) else str(k) for k in only or ()]
    return not asked or any(kind == k or kind.startswith(f"{k}.") for k in asked)


def _has_safe_fix(diagnostics: list[lsp.Diagnostic]) -> bool:
    for diag in diagnostics:
        data = diag.data if isinstance(diag.data, dict) else {}
        if diag.source == "flexlint" and (data.get("autofix") or {}).get("safety") == "safe":
            return True
    return False


def _workspace_edit(uri: str, version: int | None, edits: list[lsp.TextEdit], versioned: bool) -> lsp.WorkspaceEdit:
    """The edits for one document; versioned when the client supports it (it refuses a stale edit)."""
    if versioned and version is not None:
        return lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(
            text_document=lsp.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version), edits=edits)])
    return lsp.WorkspaceEdit(changes={uri: edits})


def fix_all_action(uri: str, filename: str, text: str, encoding: str, version: int | None = None,
                   versioned: bool = False) -> lsp.CodeAction | None:
    fixed = fix_all(text, filename)
    if fixed is None:
        return None
    return lsp.CodeAction(title="Fix all flexlint problems (safe fixes)", kind=FIX_ALL,
                          edit=_workspace_edit(uri, version, text_edits(text, fixed, encoding), versioned))


def quick_fixes(uri: str, filename: str, text: str, diagnostics: list[lsp.Diagnostic], encoding: str,
                version: int | None = None, versioned: bool = False) -> list[lsp.CodeAction]:
    from lsprotocol import converters

    actions = []
    lines = text.split("\n")
    comment = COMMENT_PREFIX.get(PurePath(filename).suffix.lower())
    for diag in diagnostics:
        data: Any = diag.data if isinstance(diag.data, dict) else None
        if diag.source != "flexlint" or data is None:
            continue
        autofix = data.get("autofix")
        if isinstance(autofix, dict) and autofix.get("edits"):
            edits = [converters.get_converter().structure(e, lsp.TextEdit) for e in autofix["edits"]]
            unsafe = autofix.get("safety") != "safe"
            title = f"Fix: {autofix.get('title')}" + (" (changes what is sent)" if unsafe else "")
            actions.append(lsp.CodeAction(
                title=title, kind=lsp.CodeActionKind.QuickFix, diagnostics=[diag], is_preferred=not unsafe,
                edit=_workspace_edit(uri, version, edits, versioned)))
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


def serve() -> None:
    make_server().start_io()
