"""Where Cherry Studio keeps its settings, read without changing anything.

* ``backup_json``: ``data.json`` (backup formats 1–5), read without parsing
  the chat history;
* ``backup_zip``: the backup zip, which holds ``data.json`` (format 5),
  Chromium's storage (format 6: ``direct`` reads the settings from it
  through ``leveldb``) or the v2 database;
* ``database``: the v2 SQLite database (``cherrystudio.sqlite``, format 7).

Each gives documents of kind ``cherry-studio`` that only this dialect reads.
"""

from __future__ import annotations

from pathlib import Path

from ....core.document import Document
from ....sources.archive import Archive


class CherryStorage:
    """The registry's reader of Cherry Studio's own files (see ``flexlint.dialects.Storage``)."""

    def read_archive(self, path: str, archive: Archive) -> list[Document]:
        from .backup_zip import read_archive

        return read_archive(path, archive)

    def read_database(self, path: str, source: bytes | Path) -> list[Document]:
        from .database import read_sqlite

        return read_sqlite(path, source)

    def read_file(self, path: str, data: bytes) -> list[Document]:
        from .backup_json import read_data_json

        return read_data_json(path, data)


READER = CherryStorage()
