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
        yield Finding(
            "duplicate-key",
            f"`{dup.name}` is set twice in the same object (first on line {line}): most parsers "
            f"keep only the last one, so the first value is silently ignored",
            dup.repeat,
            fix=f"keep one `{dup.name}` and delete the other",
            related=[RelatedNode(dup.first, f"first `{dup.name}`, silently replaced")],
        )
