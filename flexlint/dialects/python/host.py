"""``python``: requests made from Python code and notebooks, through any library the registry lists.

One parsed module can hold requests through several libraries, so this
dialect builds the module's
model once (:class:`~flexlint.dialects.python.module.Module`) and asks each
library for its request sites. The libraries are given to it by the registry
(``flexlint.dialects.PYTHON_LIBRARIES``); each lives in its app's folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Protocol

from ...core.document import Document
from ...core.site import RequestSite
from ...core.site import Reading
from .module import Module

NAME = "python"


class Library(Protocol):
    """A Python library whose calls make requests."""

    name: str

    def sites(self, document: Document, mod: Module) -> Iterator[RequestSite]:
        """The request sites this library's calls make in a module."""


@dataclass(frozen=True)
class FinderLibrary:
    """A library made of one function: ``sites(document, module)``."""

    name: str
    sites_fn: Callable[[Document, Module], Iterator[RequestSite]]

    def sites(self, document: Document, mod: Module) -> Iterator[RequestSite]:
        return self.sites_fn(document, mod)


@dataclass(frozen=True)
class PythonDialect:
    libraries: tuple[Library, ...]
    name: str = NAME

    def score(self, document: Document) -> int:
        return 10 if getattr(document, "parsed", False) else 0

    def read(self, document: Document) -> Reading:
        sites: list[RequestSite] = []
        for unit in getattr(document, "units", ()):
            if unit.module is None:
                continue
            mod = Module(unit)
            for library in self.libraries:
                sites.extend(library.sites(document, mod))
        return Reading(sites)
