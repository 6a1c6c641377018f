"""What a dialect is: the small interface the engine and the registry rely on.

A dialect knows one app or library. It says how sure it is that a document
is its own (:meth:`Dialect.score`; the highest score wins, so a file is
never read two ways) and reads it (:meth:`Dialect.read`) into a
:class:`Reading`: the request sites, and what else the checks need to know
about the document (the app's own configuration schema). Everything the
checks need travels in the reading as data, so a check never calls a dialect
back. Dialects that store their data in their own files (a backup zip, a
database) also read those files (:class:`StorageReader`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Protocol

from ..core.document import Document
from ..core.site import Reading, RequestSite
from ..core.records import record

if TYPE_CHECKING:
    from ..knowledge.app_schema import AppConfigSpec
    from ..sources.archive import Archive


class Dialect(Protocol):
    name: str

    def score(self, document: Document) -> int:
        """0: not mine; otherwise how sure (the highest score reads the document)."""

    def read(self, document: Document) -> Reading:
        """The request sites of a document this dialect recognised."""


@record
class SiteDialect:
    """A dialect made of two functions (most are): ``score`` and ``sites``."""

    name: str
    score_fn: Callable[[Document], int]
    sites_fn: Callable[[Document], Iterable[RequestSite]]
    config_fn: Callable[[Document], "AppConfigSpec | None"] | None = None

    def score(self, document: Document) -> int:
        return self.score_fn(document)

    def read(self, document: Document) -> Reading:
        config = self.config_fn(document) if self.config_fn is not None else None
        return Reading(list(self.sites_fn(document)), config)


class Library(Protocol):
    """A library whose calls make requests, read by a code host (``python``, ``javascript``).

    ``mod`` is the host's model of one parsed unit of code; a library's
    finder knows which host it runs in.
    """

    name: str

    def sites(self, document: Document, mod: Any) -> Iterator[RequestSite]:
        """The request sites this library's calls make in one unit of code."""


@record(frozen=True)
class FinderLibrary:
    """A library made of one function: ``sites(document, module)``."""

    name: str
    sites_fn: Callable[[Document, Any], Iterator[RequestSite]]

    def sites(self, document: Document, mod: Any) -> Iterator[RequestSite]:
        return self.sites_fn(document, mod)


@record(frozen=True)
class CodeDialect:
    """Source code read by a host: each library is asked for the sites of each parsed unit.

    One unit can make requests through several libraries, so the host
    builds its model of the unit once (``units``) and hands it to every
    library; a file the prefilter let through unparsed is not this
    dialect's (score 0).
    """

    name: str
    libraries: tuple[Library, ...]
    units: Callable[[Document], Iterable[Any]]

    def score(self, document: Document) -> int:
        return 10 if getattr(document, "parsed", False) else 0

    def read(self, document: Document) -> Reading:
        sites: list[RequestSite] = []
        for mod in self.units(document):
            for library in self.libraries:
                sites.extend(library.sites(document, mod))
        return Reading(sites)


class StorageReader(Protocol):
    """Reads an app's own files into documents (of a kind only that app's dialect reads)."""

    def read_archive(self, path: str, archive: Archive) -> list[Document]:
        """Documents of a zip whose member names the dialect claimed."""

    def read_database(self, path: str, source: bytes | Path) -> list[Document]:
        """Documents of a SQLite database whose tables the dialect claimed."""

    def read_file(self, path: str, data: bytes) -> list[Document]:
        """Documents of a JSON file whose first bytes the dialect claimed."""
