"""The results cache (``.flexlint_cache/``): a re-run on unchanged files does no parsing.

A file's findings are a pure function of its bytes, its path as shown, the
rules that apply to it (with their parameters and severities: the
configuration and rule packs) and flexlint's own code and data (version, the
model catalog, schemas and shipped rules). The key of an entry hashes all of
them, so any change is a miss, never a stale answer; nothing is ever
invalidated in place.

Entries are small JSON files, one per key, written to a temporary file and
renamed into place: two runs at once (an editor and a hook) at worst both
write the same entry, and a reader never sees half of one. An entry that
cannot be read is a miss; a cache that cannot be written is no cache.
Only complete results are kept: a file that could not be read, or whose
check failed, is linted again next time. The key holds the run's limits
(depth, size, time, memory): a reading under other limit flags is a miss.

``flexlint clean`` removes the folder (it holds a ``CACHEDIR.TAG``, so
backup tools skip it, and a ``.gitignore`` of ``*``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config.selection import Selection
from ..core.diagnostics import Diagnostic, Related
from ..core.limits import Limits
from ..core.edits import Edit, Fix
from ..knowledge.data import data_dir
from .engine import FileResult

CACHE_DIR = ".flexlint_cache"
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is flexlint's cache (flexlint clean removes it).\n"


def fingerprint_roots() -> list[Path]:
    """The folders whose files make flexlint's findings: its data, and its code in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    roots = [data_dir("rules"), data_dir("schemas")]
    if (package.parent / "pyproject.toml").is_file():
        roots.append(package)
    return roots


@lru_cache(maxsize=None)
def code_fingerprint() -> str:
    """flexlint's version and the identity (size, time) of its data files, and of its code in a checkout.

    An installed release changes its code only with its version; a source
    checkout (a ``pyproject.toml`` beside the package) changes it in place.
    """
    from .. import __version__

    h = hashlib.sha256(__version__.encode())
    for root in fingerprint_roots():
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".json", ".yaml")):
                    st = os.stat(os.path.join(folder, name))
                    h.update(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


_SELECTIONS: dict[int, tuple[Selection, str]] = {}


# Rule fields that never change a finding: the examples (run as tests, not as rules).
_NOT_IN_FINDINGS = frozenset({"valid", "invalid"})


def selection_fingerprint(selection: Selection) -> str:
    """The rules that run, with every field that can change a finding (parameters, severity, fix safety, ...)."""
    known = _SELECTIONS.get(id(selection))
    if known is not None and known[0] is selection:
        return known[1]
    h = hashlib.sha256()
    for rule in sorted(selection.rules.values(), key=lambda r: r.code):
        for f in fields(rule):
            if f.name not in _NOT_IN_FINDINGS:
                h.update(f"{f.name}={getattr(rule, f.name)!r}\0".encode("utf-8", "backslashreplace"))
        h.update(f"severity={selection.severity_of(rule)}\n".encode())
    value = h.hexdigest()
    _SELECTIONS[id(selection)] = (selection, value)
    return value


# Findings that say a file was not (fully) read: a parse error (a limit, a crash, a timeout, broken
# syntax) or our own bug. A result holding one is never kept: the next run reads the file again.
NOT_READ = frozenset({"parse-error", "internal-error"})


def cacheable(result: FileResult) -> bool:
    """Whether a result is a complete reading of its file (the only kind the cache keeps)."""
    return not result.unreadable and not any(d.rule in NOT_READ for d in result.diagnostics)


class Cache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / code_fingerprint()
        self._ready = False

    def key(self, display: str, data: bytes, selection: Selection, limits: Limits | None = None) -> str:
        """The entry of ``data`` shown as ``display``, under the rules and the limits (depth, size, time, memory) of the run."""
        h = hashlib.sha256(data)
        h.update(b"\0" + display.encode("utf-8", "surrogateescape") + b"\0" + selection_fingerprint(selection).encode())
        h.update(b"\0" + repr(limits or Limits()).encode())
        return h.hexdigest()

    def get(self, key: str, display: str) -> FileResult | None:
        try:
            with open(self.folder / key[:2] / key, encoding="utf-8") as fh:
                entry = json.load(fh)
            return _result(display, entry)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, result: FileResult) -> None:
        if not cacheable(result):
            return
        target = self.folder / key[:2] / key
        tmp = target.with_name(f"{key}.{os.getpid()}.tmp")
        try:
            self._prepare()
            target.parent.mkdir(exist_ok=True)
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(_entry(result), fh, separators=(",", ":"))
            os.replace(tmp, target)
        except OSError:
            try:
                tmp.unlink()
            except OSError:
                pass

    def _prepare(self) -> None:
        if self._ready:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        mark_cache(self.root)
        self._ready = True


def mark_cache(root: Path) -> None:
    """Tag a cache folder (backup tools skip it, ``flexlint clean`` knows it as its own) and keep it out of git."""
    for name, text in (("CACHEDIR.TAG", TAG), (".gitignore", "*\n")):
        path = root / name
        if not path.exists():
            path.write_text(text, encoding="utf-8")


def _entry(result: FileResult) -> dict[str, Any]:
    out = {f.name: getattr(result, f.name) for f in fields(result) if f.name not in ("diagnostics", "path")}
    out["diagnostics"] = [asdict(d) for d in result.diagnostics]
    return out


def _result(display: str, entry: dict[str, Any]) -> FileResult:
    diagnostics = []
    for raw in entry.pop("diagnostics"):
        raw["related"] = tuple(Related(**r) for r in raw.get("related", ()))
        fix = raw.get("autofix")
        if fix is not None:
            raw["autofix"] = Fix(fix["rule"], fix["safety"], fix["title"], tuple(Edit(**e) for e in fix["edits"]))
        diagnostics.append(Diagnostic(**raw))
    return FileResult(display, diagnostics, **entry)


def clean(root: Path) -> bool:
    """Remove a cache folder; False when ``root`` is not one (no tag: never delete a folder we did not make)."""
    tag = root / "CACHEDIR.TAG"
    try:
        if not tag.read_text(encoding="utf-8").startswith(TAG.splitlines()[0]) or "flexlint" not in tag.read_text(encoding="utf-8"):
            return False
    except OSError:
        return False
    shutil.rmtree(root, ignore_errors=True)
    return True
