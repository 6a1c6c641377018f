"""Structural rules that need the document, not a request site."""

from __future__ import annotations

from typing import Iterator

from ..core.diagnostics import Finding, RelatedNode
from ..core.document import Document
from ..core.site import Reading
from . import Ask


def check_document(document: Document, reading: Reading, ask: Ask) -> Iterator[Finding]:
    if not ask.on("duplicate-key"):
        return
    for dup in document.duplicates:
        line, _ = document.position(dup.first.start)
        # Keep the last, as parsers do: delete the first entry (only when its value is its own, not an alias).
        autofix = None
        if dup.value is not None and dup.container is not None and dup.value.key is dup.first:
            from ..core.edits import remove

            autofix = remove(dup.value, dup.container, title=f"delete the first `{dup.name}` (line {line})")
        yield Finding(
            "duplicate-key",
            f"`{dup.name}` is set twice in the same object (first on line {line}): most parsers "
            f"keep only the last one, so the first value is silently ignored",
            dup.repeat,
            fix=f"keep one `{dup.name}` and delete the other",
            related=[RelatedNode(dup.first, f"first `{dup.name}`, silently replaced")],
            autofix=autofix,
        )
