"""The shipped YAML data (rules, model catalog, fact tables), precompiled to JSON.

Parsing the YAML files on every start costs more than the rest of a small
run, and importing PyYAML alone costs more than loading all of them as JSON.
So ``precompiled.json`` (generated, checked in, shipped in the wheel) holds
each file's parsed value, as JSON text of its own, keyed by the BLAKE2b
digest of its bytes: a start decodes the table's strings (fast) and parses
only the values it asks for (a one-file run needs about half). A reader hashes
the bytes it read and takes the precompiled value when the hash is known;
a YAML file edited since (a checkout, a user's rule pack) simply misses
and is parsed as YAML. So the table can make a start slower when it is
stale, never wrong; ``tests/knowledge/test_precompiled.py`` keeps it fresh.

Regenerate with ``python -m flexlint.knowledge.precompiled``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .data import data_dir

TABLE = Path(__file__).with_name("precompiled.json")
MISSING: Any = object()
_table: dict[str, Any] | None = None
_parsed: dict[str, Any] = {}


def digest(raw: bytes) -> str:
    try:
        from _blake2 import blake2b  # what hashlib's blake2b is, without loading OpenSSL's bindings
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import blake2b
    return blake2b(raw, digest_size=32).hexdigest()


def lookup(raw: bytes) -> Any:
    """The parsed value of YAML bytes that were precompiled, else ``MISSING``.

    The value is shared, like the once-per-process results of ``load_yaml``:
    callers read it and never change it.
    """
    global _table
    if _table is None:
        try:
            with open(TABLE, encoding="utf-8") as fh:
                _table = json.load(fh)["data"]
        except (OSError, ValueError, KeyError, TypeError):
            _table = {}
    key = digest(raw)
    value = _parsed.get(key, MISSING)
    if value is MISSING:
        text = _table.get(key)
        if not isinstance(text, str):
            return MISSING
        value = _parsed[key] = json.loads(text)
    return value


def sources() -> list[tuple[str, Path]]:
    """The YAML files shipped with flexlint: (name relative to the data folders, path)."""
    out = []
    for folder in ("rules", "schemas"):
        root = data_dir(folder)
        for path in sorted(root.rglob("*.yaml")):
            out.append((f"{folder}/{path.relative_to(root).as_posix()}", path))
    return out


def _json_exact(value: Any) -> bool:
    """Whether ``value`` survives a JSON round trip unchanged (types included)."""
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    if isinstance(value, list):
        return all(_json_exact(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_exact(v) for k, v in value.items())
    return False  # dates, sets, tuples, bytes: left to the YAML parser


def build() -> dict[str, Any]:
    """The table: every shipped YAML file whose value JSON holds exactly."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files: dict[str, str] = {}
    data: dict[str, Any] = {}
    for name, path in sources():
        raw = path.read_bytes()
        value = yaml.load(raw.decode("utf-8"), Loader=loader)
        if not _json_exact(value):
            continue
        files[name] = digest(raw)
        data[digest(raw)] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return {"generated-by": "python -m flexlint.knowledge.precompiled", "files": files, "data": data}


def render(table: dict[str, Any]) -> str:
    """The table as JSON, keys in the YAML files' own order: readers (`flexlint models`, rule
    listings) show mappings in the order they were written, so sorting would change the output."""
    return json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n"


def main() -> None:
    tmp = TABLE.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(render(build()), encoding="utf-8")
    os.replace(tmp, TABLE)
    print(f"wrote {TABLE}")


if __name__ == "__main__":
    main()
