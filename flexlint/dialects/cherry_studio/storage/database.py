"""Cherry Studio 2.x: the SQLite database (``Data/cherrystudio.sqlite``, backup format 7).

Providers, models and assistants are rows; their settings are JSON text in
columns. Of the preference table only the default chat model is read. A row
has no line and column a user could open, so every node of this document
sits at offset 0 (line 1) and carries its table, row and column in its path,
which the dialect names in messages. The database is
opened read-only and immutable (nothing is written beside a file on disk),
or deserialised from memory when it comes out of a backup zip or is in WAL
mode, as the app writes it (``flexlint.sources.sqlite``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Sequence

from ....core.document import Document, Node, SourceError
from ....sources.jsonc import parse_json
from ....core.limits import current
from ....sources.sqlite import reason as _reason, connect, read_rows, readable_columns, tables as table_names

__all__ = ["read_sqlite", "TABLES"]

KIND = "cherry-studio"
# Table → (key column, the columns the dialect reads); JSON columns are parsed. Only these are
# selected, by name: a column the app does not define (or a generated one) is never evaluated.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "user_provider": ("provider_id", ("id", "provider_id", "preset_provider_id", "name", "default_chat_endpoint",
                                      "provider_settings", "api_features", "api_compatibility", "endpoint_configs",
                                      "base_urls")),
    "user_model": ("id", ("id", "provider_id", "model_id", "preset_model_id", "name")),
    "assistant": ("id", ("id", "name", "model_id", "settings", "deleted_at")),
}
# Preference keys read (the rest of the table is the app's UI state).
PREFERENCE_KEYS = ("chat.default_model_id",)
JSON_COLUMNS = frozenset(
    {"provider_settings", "api_features", "api_compatibility", "endpoint_configs", "settings", "base_urls", "api_keys"}
)


class _AtZero(Sequence[int]):
    """An offset map that puts every position of a column's JSON at the document's start."""

    def __init__(self, size: int) -> None:
        self._size = size

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index):  # type: ignore[override]
        return 0


def _value(raw: Any, path: tuple) -> Node:
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    return Node(raw, 0, 0, path)


def _json_value(raw: Any, path: tuple) -> Node:
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    if not isinstance(raw, str):
        return _value(raw, path)
    try:
        root, _ = parse_json(raw, offsets=_AtZero(len(raw) + 1))
    except SourceError:
        return _value(raw, path)  # the app reads such a column as missing
    if root is None:
        return _value(None, path)
    _prefix(root, path)
    return root


def _prefix(root: Node, path: tuple) -> None:
    for node in root.walk():
        node.path = path + node.path
        if node.key is not None:
            node.key.path = path + node.key.path


def read_sqlite(path: str, source: bytes | Path, extra: dict[str, Node] | None = None,
                wal: bytes | None = None) -> list[Document]:
    """The provider, model and assistant rows as a ``cherry-studio`` document (empty if not Cherry's).

    ``wal``: the ``-wal`` file that came with database bytes (a file on disk
    finds its own).
    """
    conn = connect(source, wal)
    try:
        tables = table_names(conn)
        if not {"user_provider", "assistant"} <= tables:
            return []
        members: dict[str, Node] = {}
        limit = current().max_rows
        for table, (key_column, wanted) in TABLES.items():
            if table not in tables:
                continue
            columns, records = read_rows(conn, table, list(wanted), limit)
            rows = []
            for record in records:
                data = dict(zip(columns, record))
                row_id = str(data.get(key_column, data.get("id", "")))
                cells: dict[str, Node] = {}
                for column, raw in data.items():
                    cell_path = (table, row_id, column)
                    make = _json_value if column in JSON_COLUMNS else _value
                    cells[column] = make(raw, cell_path)
                    cells[column].key = Node(column, 0, 0, cell_path)
                rows.append(Node(cells, 0, 0, (table, row_id)))
            members[table] = Node(rows, 0, 0, (table,))
        if "preference" in tables:
            members["preference"] = _preferences(conn)
    except (sqlite3.Error, ValueError, OverflowError) as exc:
        raise SourceError(f"cannot read the SQLite database ({_reason(exc)})") from None
    finally:
        conn.close()
    members["format"] = Node(7, 0, 0, ("format",))
    members.update(extra or {})
    return [Document(path, "", Node(members, 0, 0), KIND)]


def _preferences(conn: sqlite3.Connection) -> Node:
    """The preference rows flexlint reads, key → value node (the default model of chats without an assistant).

    2.0.x keeps preferences as rows (scope, key, value); ``value`` is a drizzle
    ``text({mode: 'json'})`` column, so it holds ``JSON.stringify`` of the value
    (a model id is the text ``"openai::gpt-5.4-mini"`` with its quotes), and
    only scope ``default`` is used (``src/main/data/db/schemas/preference.ts``
    and ``migrations/sqlite-drizzle/0000_orange_jasper_sitwell.sql`` in
    CherryHQ/cherry-studio at e31b31b43 / bfcb90563, releases 2.0.0 / 2.0.8).
    """
    out: dict[str, Node] = {}
    columns = set(readable_columns(conn, "preference"))
    if {"key", "value"} <= columns:
        where = " AND \"scope\" = 'default'" if "scope" in columns else ""
        marks = ",".join("?" * len(PREFERENCE_KEYS))
        query = f'SELECT "key", "value" FROM "preference" WHERE "key" IN ({marks}){where} LIMIT 100'
        for key, raw in conn.execute(query, PREFERENCE_KEYS):
            path = ("preference", str(key), "value")
            out[str(key)] = _json_value(raw, path)
            out[str(key)].key = Node("value", 0, 0, path)
    return Node(out, 0, 0, ("preference",))
