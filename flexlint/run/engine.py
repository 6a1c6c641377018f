"""The pipeline for one file: bytes → documents → request sites → findings → diagnostics.

Everything here is a pure function of the file's bytes and the settings, so
files can be linted in any order or in parallel and still give the same
output.
"""

from __future__ import annotations

import os

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import field
from pathlib import Path as PathLike
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from ..config.selection import Selection
from ..config.suppressions import Suppressions, scan
from ..core.diagnostics import Diagnostic, Finding, Related, json_path
from ..core.document import Document, Node, SourceError
from ..core.limits import recursion_room
from ..knowledge.rules import Rule
from ..knowledge.secrets import redact, redact_source
from ..core.records import record

if TYPE_CHECKING:
    from ..core.edits import Edit, Fix


class Cancelled(BaseException):
    """The result is no longer wanted (an editor has a newer version): stop at the next step.

    A BaseException, so that no ``except Exception`` turns it into a finding.
    """


_STOP: ContextVar[Callable[[], bool] | None] = ContextVar("flexlint_stop", default=None)


@contextmanager
def cancellable(stop: Callable[[], bool]) -> Iterator[None]:
    """Lint in this block stops with :class:`Cancelled` at the next step once ``stop()`` is true.

    The steps are coarse (after parsing, per document, per check kind): a
    parser already running finishes first.
    """
    token = _STOP.set(stop)
    try:
        yield
    finally:
        _STOP.reset(token)


def _check_stop() -> None:
    stop = _STOP.get()
    if stop is not None and stop():
        raise Cancelled


@record
class FileResult:
    """What linting one file gave: its diagnostics, and whether it could be read and recognised."""

    path: str
    diagnostics: list[Diagnostic]
    unreadable: bool = False
    recognised: bool = False
    notes: list[str] = field(default_factory=list)  # why a file was skipped, for the user


def _diagnostic(
    finding: Finding, document: Document, rule: Rule, selection: Selection, edits: tuple[Edit, ...] | None = None
) -> Diagnostic:
    doc = finding.document or document
    node: Node | None = finding.node
    if finding.position is not None:
        line, column = finding.position
        span = (line, column, line, column)
    elif node is not None:
        s = doc.span(node)
        span = (s.line, s.column, s.end_line, s.end_column)
    else:
        span = (1, 1, 1, 1)
    message = finding.message
    where = doc.where(node.start) if node is not None and finding.position is None else ""
    if where:
        message = f"{where}: {message}"
    keys = _keys_holding_values([node] + [rel.node for rel in finding.related])

    def clean(text: str, prose: bool = True) -> str:
        for raw, masked in keys:
            text = text.replace(raw, masked)
        # A message quotes the user's values (a model name, a tier): a value that holds a key-like name
        # and a value after it (`model="gpt api_key = tok"`) is masked as a source line would be.
        return redact_source(text) if prose else redact(text)

    related = []
    for rel in finding.related:
        rdoc = rel.document or doc
        line, column = rdoc.position(rel.node.start)
        rwhere = rdoc.where(rel.node.start)
        related.append(Related(rdoc.path, line, column, clean(f"{rwhere}: {rel.message}" if rwhere else rel.message)))
    return Diagnostic(
        path=doc.path,
        line=span[0],
        column=span[1],
        end_line=span[2],
        end_column=span[3],
        severity=selection.severity_of(rule),  # type: ignore[arg-type]
        code=rule.code,
        rule=rule.slug,
        message=clean(message),
        fix=clean(finding.fix) if finding.fix else None,
        related=tuple(related),
        json_path=clean(json_path(node.path), prose=False) if node is not None else None,
        autofix=_fix(finding, rule, edits),
    )


def _fix(finding: Finding, rule: Rule, edits: tuple[Edit, ...] | None) -> Fix | None:
    """The finding's placed fix under this rule (whose `fix_safety` may forbid it or make it unsafe)."""
    if not edits or finding.autofix is None:
        return None
    from ..core.edits import Fix, stricter

    safety = stricter(finding.autofix.safety, rule.fix_safety)
    return Fix(rule.slug, safety, finding.autofix.title, edits) if safety is not None else None


def place_fix(finding: Finding, document: Document) -> tuple[Edit, ...] | None:
    """The text edits of a finding's autofix in its document (None when it has none or it cannot be placed)."""
    if finding.autofix is None:
        return None
    doc = finding.document or document
    if not doc.editable:
        return None
    from ..sources.editing import place

    try:
        return place(doc, finding.autofix)
    except (MemoryError, KeyboardInterrupt):
        raise
    except Exception:  # a fix that cannot be placed is only a fix less: the finding is still reported
        if os.environ.get("FLEXLINT_DEBUG"):
            raise
        return None


def _keys_holding_values(nodes: list[Node | None]) -> list[tuple[str, str]]:
    """Key names on these nodes' paths that hold a key-like name and a value (``api_key = tok:`` read
    by YAML as one key), each with its masked form; longest first, so a message quoting one is masked."""
    found: dict[str, str] = {}
    for node in nodes:
        for part in node.path if node is not None else ():
            if isinstance(part, str) and part not in found and ("=" in part or ":" in part):
                masked = redact_source(part)
                if masked != part:
                    found[part] = masked
    return sorted(found.items(), key=lambda item: -len(item[0]))


def source_error(path: str, text: str | Document | None, error: SourceError, selection: Selection) -> Diagnostic:
    """A file that cannot be read, as a ``parse-error`` diagnostic at the right place.

    Always made, whatever the selection: an unreadable file exits 2 and must say why.
    ``text`` may be the document the error belongs to: its index of line
    starts is then reused (the broken lines of one JSON Lines file share it;
    indexing the file again for each took time quadratic in its lines).
    """
    if isinstance(error.extra.get("document"), Document):
        doc = error.extra["document"]  # a reader's own positions (a text with parts of the file left out)
    elif isinstance(text, Document) and error.text is None:
        doc = text
    else:
        whole = text.text if isinstance(text, Document) else text
        doc = Document(path, error.text if error.text is not None else (whole or ""), None, "text")
    line, column = doc.position(min(error.offset, len(doc.text)))
    message = str(error)
    if error.hint:
        message = f"{message} ({error.hint})"
    rule = selection.rule_for("parse-error")
    related: tuple[Related, ...] = ()
    opened = error.extra.get("opened_at")
    if isinstance(opened, int):
        oline, ocol = doc.position(opened)
        related = (Related(path, oline, ocol, "opened here, never closed"),)
    return Diagnostic(
        path=path,
        line=line,
        column=column,
        end_line=line,
        end_column=column + 1,
        severity=selection.severity_of(rule) if rule else "error",  # type: ignore[arg-type]
        code=rule.code if rule else "FLX001",
        rule="parse-error",
        message=redact_source(message),  # a parse error may quote source text: mask values of key-like names too
        fix=redact_source(error.hint) if error.hint else None,
        related=related,
    )


def check_documents(documents: Iterable[Document], selection: Selection) -> tuple[list[Diagnostic], bool, bool]:
    """Run the enabled check kinds on documents a dialect recognises.

    ``documents`` may be a stream (a JSON Lines file yields one document per
    line): each is checked and let go before the next is parsed. Returns the
    diagnostics, whether a dialect recognised any document, and whether some
    of the file was unreadable (a recognised document that could not be
    parsed: the run exits 2, as for any input it could not read, even when
    the rest of the file was checked).
    """
    from ..dialects import choose

    runs = selection.runs()
    out: list[Diagnostic] = []
    recognised = False
    broken = False
    # Documents of one file share its text (and so its comments): scanned once, judged once at the end.
    # Only texts with comments are kept until then, so a JSON Lines file still streams.
    comments: dict[tuple[str, int], _Scanned] = {}
    last: _Scanned | None = None
    for document in documents:
        _check_stop()
        dialect = choose(document)
        scanned = None
        if document.text:
            if last is not None and last.document.text is document.text:
                scanned = last
            else:
                key = (document.path, id(document.text))
                scanned = comments.get(key)
                if scanned is None:
                    scanned = _Scanned(document, scan(document.text))
                    if scanned.suppressions:
                        comments[key] = scanned
            last = scanned
        if dialect is None:
            if scanned is not None:
                scanned.complete = False  # a part of the file no check read: its comments are not judged
            continue
        recognised = True
        if document.error is not None:
            broken = True
            if scanned is not None:
                scanned.complete = False
            diag = source_error(document.path, document, document.error, selection)
            if diag is not None:
                out.append(diag)
            continue
        reading = dialect.read(document)
        found: list[tuple[Finding, tuple[Rule, ...]]] = []
        for run in runs:
            _check_stop()
            check_document = getattr(run.module, "check_document", None)
            if check_document is not None:
                found.extend((f, run.rules.get(f.outcome, ())) for f in check_document(document, reading, run.ask))
            check_site = getattr(run.module, "check_site", None)
            if check_site is None:
                continue
            for site in reading.sites:
                for finding in check_site(site, run.ask):
                    if finding.document is None:
                        finding.document = site.document
                    found.append((finding, run.rules.get(finding.outcome, ())))
        suppressed = scanned.suppressions if scanned is not None else None
        for finding, rules in found:
            edits = place_fix(finding, document) if rules else None
            for rule in rules:
                diag = _diagnostic(finding, document, rule, selection, edits)
                if suppressed and diag.path == document.path and suppressed.covers(diag.line, diag.code, diag.rule):
                    continue
                out.append(diag)
    for group in comments.values():
        out.extend(unused_suppressions(group, selection))
    return out, recognised, broken


@record
class _Scanned:
    """A document with its suppression comments, kept until the unused ones can be told."""

    document: Document
    suppressions: Suppressions
    complete: bool = True


def unused_suppressions(scanned: _Scanned, selection: Selection) -> list[Diagnostic]:
    """`unused-suppression` findings: comments that hid nothing, for rules that ran on every part of the file."""
    rule = selection.rule_for("unused-suppression")
    suppressions = scanned.suppressions
    if rule is None or not suppressions or not scanned.complete:
        return []
    out = []
    # A comment that names this rule itself is not judged (it would judge itself).
    known = [(code, slug) for code, slug in selection.known if slug != rule.slug]
    for comment, stale in suppressions.unused(known, selection.enabled - {rule.slug}):
        if suppressions.silenced(comment.line, rule.code, rule.slug):
            continue
        where = "its line" if comment.target == comment.line else f"line {comment.target}"
        if not stale:
            message = f"`{comment.text}` hides nothing: there is no finding on {where}"
            fix = "remove the comment"
        elif len(stale) == len(comment.selectors):
            names = ", ".join(f"`{s}`" for s in stale)
            message = f"`{comment.text}` hides nothing: no {names} finding on {where}"
            fix = "remove the comment"
        else:
            names = ", ".join(f"`{s}`" for s in stale)
            message = f"{names} in `{comment.text}` hides nothing: no such finding on {where}"
            fix = f"remove {names} from the comment"
        out.append(Diagnostic(
            path=scanned.document.path, line=comment.line, column=comment.column, end_line=comment.line,
            end_column=comment.end_column, severity=selection.severity_of(rule),  # type: ignore[arg-type]
            code=rule.code, rule=rule.slug, message=redact(message), fix=fix,
        ))
    return out


def lint_bytes(path: str, data: bytes | PathLike, selection: Selection, kind: str | None = None) -> FileResult:
    """Lint one file's content (or a container by its path); ``path`` is only used for its name and in output."""
    from .documents import read_documents

    try:
        with recursion_room():
            documents = read_documents(path, data, kind)
            _check_stop()
            diagnostics, recognised, unreadable = check_documents(documents, selection)
    except SourceError as error:
        return FileResult(path, [source_error(path, None, error, selection)], unreadable=True)
    except (MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug of ours must not hide the other files' findings behind a traceback
        if os.environ.get("FLEXLINT_DEBUG"):
            raise
        return FileResult(path, [internal_error(path, exc, selection)], unreadable=True)
    return FileResult(path, dedupe(diagnostics), unreadable=unreadable, recognised=recognised)


def internal_error(path: str, exc: BaseException, selection: Selection) -> Diagnostic:
    """A file flexlint failed on: said plainly, with exit code 2, never as a traceback."""
    rule = selection.rule_for("internal-error")
    detail = redact(f"{type(exc).__name__}: {exc}")[:300]
    return Diagnostic(
        path=path,
        line=1,
        column=1,
        end_line=1,
        end_column=1,
        severity=selection.severity_of(rule) if rule else "error",  # type: ignore[arg-type]
        code=rule.code if rule else "FLX003",
        rule="internal-error",
        message=f"flexlint failed while checking this file and did not check it ({detail})",
        fix="report this with the file (remove API keys first); run with FLEXLINT_DEBUG=1 to see the traceback",
    )


def dedupe(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple] = set()
    out = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        key = (d.path, d.line, d.column, d.code, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out
