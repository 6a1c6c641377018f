"""JSON Lines (``.jsonl``): one JSON value per line, read as a stream of documents.

Each non-blank line becomes a :class:`LineDocument` whose offsets point into
the whole file, so a finding names the line and column the user sees. Lines
are parsed one at a time as the caller takes them: a file of fifty thousand
requests never holds more than one line's tree. Every document shares the
file's text and one index of line starts (computed once), so positions cost
nothing per line.

A line that is not JSON does not stop the file: it becomes a document with
``error`` set and no tree, reported only if the app that owns the file
claims it. Each document also carries the first line of the file that did
parse (``head``), which is how a dialect tells what kind of file the broken
line belongs to. A line longer than :data:`MAX_LINE` characters is not
parsed (a bound on the memory one line may take) and carries an error that
says so.
"""

from __future__ import annotations

from typing import Iterator

from ..core.document import Document, DuplicateKey, Node, SourceError
from .jsonc import MAX_DEPTH, parse_json, shift_nodes

__all__ = ["LineDocument", "MAX_LINE", "iter_lines"]

MAX_LINE = 16 * 1024 * 1024  # characters; a Batch API request with inline images stays well below


class LineDocument(Document):
    """One line of a JSON Lines file."""

    def __init__(self, path: str, text: str, root: Node | None, duplicates: list[DuplicateKey],
                 line_starts: list[int], number: int, head: Node | None) -> None:
        super().__init__(path, text, root, "jsonl", duplicates)
        self._line_starts = line_starts
        self.number = number  # 1-based line number
        self.head = head  # the first line of the file that parsed (None when none did, yet)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def _parse_line(text: str, start: int, end: int, max_depth: int) -> tuple[Node | None, list[DuplicateKey], SourceError | None]:
    if end - start > MAX_LINE:
        return None, [], SourceError(
            f"line is {(end - start) / 1e6:.1f} million characters long, more than the "
            f"{MAX_LINE / 1e6:.0f} million flexlint reads in one line",
            start,
            hint="split the request, or check this line some other way",
        )
    try:
        root, duplicates = parse_json(text[start:end], max_depth=max_depth, lazy=True)
    except SourceError as error:
        error.offset += start
        error.text = None
        if isinstance(error.extra.get("opened_at"), int):
            error.extra["opened_at"] += start
        return None, [], error
    if root is not None and start:
        shift_nodes([root] + [n for dup in duplicates for n in (dup.first, dup.repeat, dup.value) if n is not None], start)
    return root, duplicates, None


def iter_lines(path: str, text: str, max_depth: int = MAX_DEPTH) -> Iterator[LineDocument]:
    """The documents of a JSON Lines text, one per non-blank line, parsed as they are taken."""
    starts = _line_starts(text)
    head: Node | None = None
    waiting: list[LineDocument] = []  # broken lines before the first good one: their file is not known yet
    for number, start in enumerate(starts, start=1):
        end = starts[number] - 1 if number < len(starts) else len(text)
        if end > start and text[end - 1] == "\r":
            end -= 1
        if not text[start:end].strip(" \t\ufeff"):
            continue
        root, duplicates, error = _parse_line(text, start, end, max_depth)
        if root is not None and head is None:
            head = root
            for pending in waiting:
                pending.head = head
                yield pending
            waiting = []
        document = LineDocument(path, text, root, duplicates, starts, number, head)
        document.editable = root is not None  # its offsets are the file's: a fix is written into the line
        if error is not None or root is None:
            document.error = error or SourceError("no JSON value on this line", start)
            if head is None:
                waiting.append(document)
                continue
        yield document
    yield from waiting
