"""``javascript``: requests made from JavaScript and TypeScript code, through any library the registry lists.

One parsed file can make requests through several libraries, so this
dialect builds the file's :class:`~flexlint.dialects.javascript.module.Module`
once and asks each library for its request sites. The libraries are given to
it by the registry (``flexlint.dialects.SCRIPT_LIBRARIES``); each lives in
its app's folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Protocol

from ...core.document import Document
from ...core.site import Reading, RequestSite
from .module import Module

NAME = "javascript"


class Library(Protocol):
    """A JavaScript library whose calls make requests."""

    name: str

    def sites(self, document: Document, mod: Module) -> Iterator[RequestSite]:
        """The request sites this library's calls make in a file."""


@dataclass(frozen=True)
class FinderLibrary:
    """A library made of one function: ``sites(document, module)``."""

    name: str
    sites_fn: Callable[[Document, Module], Iterator[RequestSite]]

    def sites(self, document: Document, mod: Module) -> Iterator[RequestSite]:
        return self.sites_fn(document, mod)


@dataclass(frozen=True)
class ScriptDialect:
    libraries: tuple[Library, ...]
    name: str = NAME

    def score(self, document: Document) -> int:
        return 10 if getattr(document, "parsed", False) else 0

    def read(self, document: Document) -> Reading:
        mod = Module(document)  # type: ignore[arg-type]
        sites: list[RequestSite] = []
        for library in self.libraries:
            sites.extend(library.sites(document, mod))
        return Reading(sites)
