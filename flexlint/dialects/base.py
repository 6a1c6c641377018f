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

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Protocol

from ..core.document import Document
from ..core.site import Reading, RequestSite

if TYPE_CHECKING:
    from ..knowledge.app_schema import AppConfigSpec
    from ..sources.archive import Archive


class Dialect(Protocol):
    name: str

    def score(self, document: Document) -> int:
        """0: not mine; otherwise how sure (the highest score reads the document)."""

    def read(self, document: Document) -> Reading:
        """The request sites of a document this dialect recognised."""


@dataclass
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


class StorageReader(Protocol):
    """Reads an app's own files into documents (of a kind only that app's dialect reads)."""

    def read_archive(self, path: str, archive: Archive) -> list[Document]:
        """Documents of a zip whose member names the dialect claimed."""

    def read_database(self, path: str, source: bytes | Path) -> list[Document]:
        """Documents of a SQLite database whose tables the dialect claimed."""

    def read_file(self, path: str, data: bytes) -> list[Document]:
        """Documents of a JSON file whose first bytes the dialect claimed."""
