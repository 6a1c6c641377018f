"""Dialects know the apps and SDKs: they recognise documents and yield request sites.

A dialect module defines ``NAME``, ``KINDS`` (document kinds it reads),
``MARKERS`` (a bytes regex: a file found by walking a directory is read only
if some dialect's markers occur in it), ``score(document) -> int`` (0: not
mine; the highest score wins, so a file is never read two ways) and
``sites(document) -> Iterator[RequestSite]``. Adding an app means adding a
module here; no rule changes.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from types import ModuleType

from ..document import Document

DIALECT_MODULES: list[str] = [
    "flexlint.dialects.openai_http",
    "flexlint.dialects.ai_sdk",
    "flexlint.dialects.librechat",
    "flexlint.dialects.litellm",
    "flexlint.dialects.cherry_studio",
    "flexlint.dialects.python_code",
]


@lru_cache(maxsize=None)
def dialects() -> tuple[ModuleType, ...]:
    return tuple(importlib.import_module(m) for m in DIALECT_MODULES)


@lru_cache(maxsize=None)
def markers() -> re.Pattern[bytes]:
    """One regex of every dialect's markers, for the byte-level prefilter."""
    return re.compile(b"|".join(b"(?:" + d.MARKERS.pattern + b")" for d in dialects()))


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
