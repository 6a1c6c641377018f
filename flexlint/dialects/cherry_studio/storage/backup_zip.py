"""A Cherry Studio backup zip: which backup format it is, and its settings.

* format 5 (v1.0–1.8.0 backups, and "Export to phone → Export as file" in
  1.8.1–1.9.x): ``data.json`` (+ ``Data/``);
* format 6 (the "direct" backup of 1.8.1–1.9.x): ``metadata.json`` and
  Chromium's raw ``Local Storage/`` and ``IndexedDB/`` LevelDB folders;
* format 7 (v2): ``metadata.json`` and ``Data/cherrystudio.sqlite``.

Findings inside a member are reported at ``archive.zip/member`` (the form
Python itself uses for files inside zips); format 6 at
``archive.zip/Local Storage/leveldb``, with the setting named in the message.
"""

from __future__ import annotations

from ....core.document import Document, Node, SourceError
from ....sources.archive import Archive

__all__ = ["read_archive"]

DATA_JSON = "data.json"
METADATA = "metadata.json"
SQLITE = "Data/cherrystudio.sqlite"
LEVELDB = "Local Storage/leveldb/"
METADATA_LIMIT = 1024 * 1024


def _metadata(archive: Archive, path: str) -> tuple[Document | None, dict[str, Node]]:
    """metadata.json as a positioned document, and its version nodes."""
    if not archive.has(METADATA):
        return None, {}
    from ....sources.jsonc import parse_json
    from ....sources.text import decode

    member = f"{path}/{METADATA}"
    try:
        text = decode(archive.read(METADATA, METADATA_LIMIT))
        root, _ = parse_json(text)
    except SourceError:
        return None, {}
    if root is None or not root.is_mapping:
        return None, {}
    doc = Document(member, text, root, "json")
    found = {}
    if root.get("version") is not None:
        found["format"] = root.get("version")
    if root.get("appVersion") is not None:
        found["appVersion"] = root.get("appVersion")
    return doc, found


def read_archive(path: str, archive: Archive) -> list[Document]:
    """The settings of a Cherry Studio backup zip (format 5, 6 or 7)."""
    meta_doc, meta = _metadata(archive, path)
    extra: dict[str, Node] = dict(meta)
    if meta_doc is not None:
        # The document itself, so a finding about the version can point into metadata.json.
        extra["metadata_document"] = Node(meta_doc, 0, 0, ("metadata",))
    if archive.has(SQLITE):
        from .database import read_sqlite

        # A copy of the live folder may hold the -wal file with changes not yet in the database.
        wal = archive.read(SQLITE + "-wal") if archive.has(SQLITE + "-wal") else None
        return read_sqlite(f"{path}/{SQLITE}", archive.read(SQLITE), extra, wal)
    if archive.has(DATA_JSON):
        from .backup_json import read_data_json

        member = f"{path}/{DATA_JSON}"
        try:
            docs = read_data_json(member, archive.read(DATA_JSON))
        except SourceError as error:
            error.message = f"{DATA_JSON}: {error.message}"
            raise
        for doc in docs:
            if doc.root is not None and doc.root.is_mapping:
                doc.root.value.update({k: v for k, v in extra.items() if k != "format"})
        return docs
    if any(name.startswith(LEVELDB) for name in archive.names()):
        from .direct import read_direct_backup

        return read_direct_backup(path, archive, extra)
    return []
