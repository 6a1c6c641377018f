"""``python``: requests made from Python code and notebooks, through any library the registry lists.

One parsed module can hold requests through several libraries, so this
dialect builds the module's
model once (:class:`~flexlint.dialects.python.module.Module`) and asks each
library for its request sites. The libraries are given to it by the registry
(``flexlint.dialects.PYTHON_LIBRARIES``); each lives in its app's folder.
"""

from __future__ import annotations

from typing import Iterator

from ...core.document import Document
from ..base import CodeDialect, FinderLibrary, Library
from .module import Module

__all__ = ["FinderLibrary", "Library", "python_dialect"]

NAME = "python"


def python_dialect(libraries: tuple[Library, ...]) -> CodeDialect:
    return CodeDialect(NAME, libraries, _modules)


def _modules(document: Document) -> Iterator[Module]:
    for unit in getattr(document, "units", ()):
        if unit.module is not None:
            yield Module(unit)
