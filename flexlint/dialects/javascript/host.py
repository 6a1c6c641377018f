"""``javascript``: requests made from JavaScript and TypeScript code, through any library the registry lists.

One parsed file can make requests through several libraries, so this
dialect builds the file's :class:`~flexlint.dialects.javascript.module.Module`
once and asks each library for its request sites. The libraries are given to
it by the registry (``flexlint.dialects.SCRIPT_LIBRARIES``); each lives in
its app's folder.
"""

from __future__ import annotations

from ..base import CodeDialect, FinderLibrary, Library
from .module import Module

__all__ = ["FinderLibrary", "Library", "script_dialect"]

NAME = "javascript"


def script_dialect(libraries: tuple[Library, ...]) -> CodeDialect:
    return CodeDialect(NAME, libraries, lambda document: [Module(document)])  # type: ignore[arg-type]
