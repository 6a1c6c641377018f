"""What an app accepts in its own configuration file, per config version.

An app that validates its configuration at start-up (with a strict schema
such as zod's) is described by JSON Schemas
of the releases flexlint knows, each tagged with the config version it ships.
A file declares the version it was written for; it is judged by every known
schema from that version on, plus the nearest older one (standing in for the
release the file was written against), and a problem counts only when all of
them agree. So a key a later release added is never reported to someone who
may run that release, and a key a later release removed is reported only once
the file claims that release. Keys known to be accepted up to some version
(``legacy``) are allowed for files declaring that version or an older one.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any, Callable, Iterator

from ..core.document import Node
from .data import load_json
from ..core.records import record


def version_key(text: str) -> tuple[int, ...] | None:
    """``"1.2.8"`` → ``(1, 2, 8)``; None for anything that is not a dotted version."""
    if not isinstance(text, str) or not re.fullmatch(r"\s*\d{1,9}(\.\d{1,9}){0,9}\s*", text):  # no 5,000-digit part
        return None
    return tuple(int(p) for p in text.strip().split("."))


@record(frozen=True)
class AppSchema:
    """The JSON Schema of one version of an app's configuration file."""

    version: str  # the config version this schema belongs to
    file: str  # under schemas/

    def load(self) -> dict[str, Any]:
        return load_json(self.file)


@record(frozen=True)
class LegacyKeys:
    """Keys an object accepted up to a config version, and where they went after."""

    path: tuple[str, ...]  # the object that held them ((): the top level)
    keys: frozenset[str]
    accepted_until: str
    moved_to: str = ""
    source: str = ""


@record
class AppConfigSpec:
    """What a dialect tells the app-config check about one document."""

    app: str  # the app's name
    schemas: list[AppSchema]  # oldest first
    declared: str | None = None  # the config version the file declares, when it is a version string
    legacy: list[LegacyKeys] = field(default_factory=list)
    # The app's own words for a schema error (what its users see in its log).
    describe: Callable[[Any], str] | None = None
    rejected: str = ""  # what the app does with an invalid file
    label: str = ""  # how the app names the failure in its log
    # How to name a node for the user ("endpoint \"Mistral\"") from its path.
    name_of: Callable[[tuple], str] | None = None

    def relevant(self) -> list[AppSchema]:
        """The schemas that judge this file (see the module docstring)."""
        declared = version_key(self.declared or "")
        if declared is None:
            return self.schemas[-1:]
        newer = [s for s in self.schemas if (version_key(s.version) or ()) >= declared]
        if newer and version_key(newer[0].version) == declared:
            return newer  # the declared release itself is known
        older = [s for s in self.schemas if (version_key(s.version) or ()) < declared]
        return (older[-1:] + newer) or self.schemas[-1:]

    def legacy_allows(self, path: tuple, key: str) -> LegacyKeys | None:
        """The legacy entry that makes ``key`` at ``path`` acceptable for this file, if any."""
        for entry in self.legacy:
            if entry.path == tuple(path) and key in entry.keys:
                declared = version_key(self.declared or "")
                until = version_key(entry.accepted_until)
                if declared is not None and until is not None and declared <= until:
                    return entry
        return None

    def legacy_entry(self, path: tuple, key: str) -> LegacyKeys | None:
        for entry in self.legacy:
            if entry.path == tuple(path) and key in entry.keys:
                return entry
        return None


# ------------------------------------------------------------------ schema walking


def _branches(schema: Any) -> Iterator[dict[str, Any]]:
    """A schema and the sub-schemas of its combinators (an object may be split over allOf/anyOf)."""
    if not isinstance(schema, dict):
        return
    yield schema
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(key, ()):
            yield from _branches(sub)


def at(schema: dict[str, Any], path: tuple) -> list[dict[str, Any]]:
    """Every sub-schema that can apply at ``path`` (keys and list indices)."""
    current = [schema]
    for part in path:
        nxt: list[dict[str, Any]] = []
        for sch in current:
            for branch in _branches(sch):
                if isinstance(part, int):
                    items = branch.get("items")
                    if isinstance(items, dict):
                        nxt.append(items)
                else:
                    props = branch.get("properties", {})
                    if part in props:
                        nxt.append(props[part])
                    elif isinstance(branch.get("additionalProperties"), dict):
                        nxt.append(branch["additionalProperties"])
        current = nxt
        if not current:
            break
    return current


def known_keys(schema: dict[str, Any], path: tuple) -> frozenset[str] | None:
    """The keys an object at ``path`` defines; None when it takes any key (a record, no schema)."""
    keys: set[str] = set()
    found = False
    for sch in at(schema, path):
        for branch in _branches(sch):
            if isinstance(branch.get("additionalProperties"), dict):
                return None
            if "properties" in branch:
                found = True
                keys.update(branch["properties"])
    return frozenset(keys) if found else None


def unread_keys(schemas: list[AppSchema], node: Node, path: tuple) -> Iterator[tuple[str, Node, frozenset[str]]]:
    """Keys of the mapping ``node`` that no known schema defines at ``path`` (with the keys that are)."""
    if not node.is_mapping:
        return
    per_schema = [known_keys(s.load(), path) for s in schemas]
    if any(keys is None for keys in per_schema):
        return
    union: frozenset[str] = frozenset().union(*per_schema)  # type: ignore[arg-type]
    for key, child in node.items():
        if key not in union:
            yield key, child, union
