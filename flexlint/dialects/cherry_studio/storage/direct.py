"""Cherry Studio's direct backup (format 6): the settings inside Chromium's localStorage.

Every ordinary backup of 1.8.1–1.9.12 is a zip of Chromium's own folders.
The settings are the newest value of ``persist:cherry-studio`` for origin
``file://`` in ``Local Storage/leveldb/`` (read by :mod:`.leveldb`): the
same two-layer redux-persist JSON a ``data.json`` holds in its
``localStorage``, so it becomes the same document and the same findings.

There is no line a user could open inside LevelDB, so no position is
kept: each layer is parsed with ``json.loads`` (the value reaches 5 million
characters near Chromium's quota, where a positioned parse costs seconds),
the tree gets one distinct offset per node, the document reports line 1, and
:meth:`SettingsDocument.where` names the setting instead, the way the app
shows it: ``persist:cherry-studio › llm › providers[openai] › serviceTier``.
Node paths are those of the same state in a ``data.json``, so a baseline or
an ignored JSON path applies to both forms of a backup. An assistant's chat
list (``topics``, ``messages``: most of the value) becomes no nodes at all.
"""

from __future__ import annotations

import json
from typing import Any

from ....core.document import Document, Node, SourceError
from ....sources.archive import Archive
from .backup_json import KIND, SLICES
from .leveldb import LEVELDB_DIR, read_local_storage_from_archive

__all__ = ["SettingsDocument", "read_direct_backup"]

ORIGIN = "file://"  # the app loads its page with loadFile
PERSIST = "persist:cherry-studio"
SEPARATOR = " › "
# How an element of a list is named in a place: the field the app shows for it.
LABELS = {"providers": "id", "models": "id", "assistants": "name", "presets": "name", "customParameters": "name"}
# Members of an assistant that hold its chats, not its settings: no request is configured there.
CHATS = frozenset({"topics", "messages"})


class SettingsDocument(Document):
    """Settings decoded from app storage that has no lines: positions are line 1, places are named."""

    def __init__(self, path: str, root: Node, slices: dict[str, Node], places: list[tuple[str, tuple]]) -> None:
        super().__init__(path, "", root, KIND)
        self._slices = slices
        self._places = places  # node offset → (slice, path)

    def position(self, offset: int) -> tuple[int, int]:
        return 1, 1

    def where(self, offset: int) -> str:
        name, path = self._places[offset] if 0 < offset < len(self._places) else ("", ())
        if not name:
            return ""
        return SEPARATOR.join([PERSIST, name, *self._named(self._slices[name], path)])

    @staticmethod
    def _named(root: Node, path: tuple) -> list[str]:
        """``providers[openai]`` instead of ``providers[3]``: list elements by the field the app shows."""
        parts: list[str] = []
        node: Node | None = root
        for i, part in enumerate(path):
            if isinstance(part, int) and parts and node is not None and node.is_sequence and part < len(node.value):
                element = node.value[part]
                field = LABELS.get(str(path[i - 1]) if i else "")
                label = None
                for key in ([field] if field else []) + ["id", "name"]:
                    value = element.get(key) if element.is_mapping else None
                    if value is not None and isinstance(value.value, str) and value.value:
                        label = value.value
                        break
                parts[-1] += f"[{label}]" if label is not None else f"[{part}]"
                if field and i + 1 == len(path) - 1 and path[-1] == field:
                    return parts  # the entry's own label field: the entry is the place
                node = element
                continue
            parts.append(str(part))
            node = node.get(part) if node is not None and node.is_mapping and isinstance(part, str) else None
        return parts


def read_direct_backup(path: str, archive: Archive, extra: dict[str, Node]) -> list[Document]:
    """The settings of a format-6 zip as a ``cherry-studio`` document at ``<zip>/Local Storage/leveldb``."""
    storage = read_local_storage_from_archive(archive)
    value = storage.get(ORIGIN, PERSIST)
    where = f"{path}/{LEVELDB_DIR.rstrip('/')}"
    if value is None:
        meta = extra.get("metadata_document")
        name = meta.value.root.get("appName") if meta is not None and meta.value.root is not None else None
        if name is None or name.value != "Cherry Studio":
            return []  # another Electron app's profile: not Cherry Studio's to judge
        raise SourceError(
            f"{LEVELDB_DIR.rstrip('/')} holds no {PERSIST} for {ORIGIN}: this backup carries no Cherry Studio settings",
            0,
            "make a new backup in Cherry Studio (Settings → Data Settings → Backup)",
        )
    root, places = _persist(value)
    members: dict[str, Node] = {"persist": root, "format": Node(6, 0, 0, ("format",))}
    members.update({k: v for k, v in extra.items() if k != "format"})
    return [SettingsDocument(where, Node(members, 0, 0), dict(root.value), places)]


def _persist(value: str) -> tuple[Node, list[tuple[str, tuple]]]:
    """Layer one (slice name → JSON string) and layer two (the slices that configure requests) as nodes."""
    try:
        layer1 = json.loads(value)
        if not isinstance(layer1, dict):
            raise ValueError("it does not hold an object")
        slices: dict[str, Node] = {}
        places: list[tuple[str, tuple]] = [("", ())]  # offset 0 is the document itself
        for name in SLICES:
            text = layer1.get(name)
            if isinstance(text, str):
                skip = CHATS if name == "assistants" else frozenset()
                slices[name] = _tree(json.loads(text), skip, name, places)
                slices[name].key = Node(name, 0, 0, ())
    except (ValueError, RecursionError) as exc:
        raise SourceError(
            f"{PERSIST} in {LEVELDB_DIR.rstrip('/')} is not valid JSON ({exc})",
            0,
            "the backup may be damaged; make a new backup in Cherry Studio (Settings → Data Settings → Backup)",
        ) from None
    return Node(slices, 0, 0, ("localStorage", PERSIST)), places


def _tree(data: Any, skip: frozenset[str], name: str, places: list[tuple[str, tuple]]) -> Node:
    """Plain JSON data as nodes with paths, without the members named in ``skip`` (no recursion, no depth limit).

    A node's offset is its index in ``places``, which records where it is: distinct offsets for every
    node and key of the document.
    """
    def node(value: Any, path: tuple, key: Node | None = None) -> Node:
        at = len(places)
        places.append((name, path))
        return Node(value, at, at + 1, path, key)

    root = node(data, ())
    todo = [root]
    while todo:
        parent = todo.pop()
        if isinstance(parent.value, dict):
            members = {}
            for k, v in parent.value.items():
                if k not in skip:
                    path = parent.path + (k,)
                    members[k] = child = node(v, path, node(k, path))
                    todo.append(child)
            parent.value = members
        elif isinstance(parent.value, list):
            items = [node(v, parent.path + (i,)) for i, v in enumerate(parent.value)]
            todo.extend(items)
            parent.value = items
    return root
