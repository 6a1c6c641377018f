"""Dialects know the apps and SDKs: they recognise documents and yield request sites.

A dialect module defines ``NAME``, ``KINDS`` (document kinds it reads),
``NEEDLES`` (byte strings: a file found by walking a directory is read only
if one of the needles of a dialect that reads its kind occurs in it), ``score(document) -> int`` (0: not
mine; the highest score wins, so a file is never read two ways) and
``sites(document) -> Iterator[RequestSite]``. Adding an app means adding a
module here; no rule changes.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType

from ..core.document import Document

DIALECT_MODULES: list[str] = [
    "flexlint.dialects.openai_http.body",
    "flexlint.dialects.ai_sdk.options",
    "flexlint.dialects.librechat.config",
    "flexlint.dialects.litellm.proxy",
    "flexlint.dialects.cherry_studio",
    "flexlint.dialects.python.host",
]


@lru_cache(maxsize=None)
def dialects() -> tuple[ModuleType, ...]:
    return tuple(importlib.import_module(m) for m in DIALECT_MODULES)


# The document kind each file kind becomes (a notebook is read as Python).
DOCUMENT_KIND = {"notebook": "python"}


@lru_cache(maxsize=None)
def needles(file_kind: str) -> tuple[bytes, ...]:
    """Byte strings of which one must occur in a file of this kind for any dialect to read it.

    Plain substring tests (``bytes in``) rather than one regex: the prefilter
    runs on every file of a repository, and a regex alternation is several
    times slower than a handful of substring searches.
    """
    kind = DOCUMENT_KIND.get(file_kind, file_kind)
    found: list[bytes] = []
    for dialect in dialects():
        if kind in dialect.KINDS or (kind == "json" and "cherry-studio" in dialect.KINDS):
            found.extend(n for n in dialect.NEEDLES if n not in found)
    return tuple(found)


def may_matter(file_kind: str, data: bytes) -> bool:
    return any(needle in data for needle in needles(file_kind))


def choose(document: Document) -> ModuleType | None:
    """The dialect that reads this document, or None when none recognises it."""
    best, best_score = None, 0
    for dialect in dialects():
        if document.kind not in dialect.KINDS:
            continue
        score = dialect.score(document)
        if score > best_score:
            best, best_score = dialect, score
    return best
