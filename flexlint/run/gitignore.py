"""What git ignores, so a directory walk skips it as ruff's does (`--no-respect-gitignore` turns it off).

Inside a git repository (a folder with `.git` at or above the walk), the
`.gitignore` of every folder from the repository's root down, and
`.git/info/exclude`, apply with git's precedence: a deeper file's patterns
win over a shallower one's, and within a file the last matching pattern wins
(`!keep.json` re-includes). Outside a repository they mean nothing, to git as
here. Files named on the command line are always read.

The patterns are git's wildmatch syntax, which `pathspec`'s ``GitIgnoreSpec``
implements (negation, anchoring, `**`, directory-only patterns); it is
imported only when a walk meets an ignore file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

MAX_IGNORE_BYTES = 1024 * 1024  # an ignore file is hand-written; a huge one is not read


class GitIgnore:
    """Answers "does git ignore this path?" for paths found by a walk; caches each folder's patterns."""

    def __init__(self) -> None:
        self._specs: dict[Path, Any] = {}
        self._roots: dict[Path, Path | None] = {}

    def ignored(self, path: Path, is_dir: bool = False) -> bool:
        full = Path(os.path.abspath(path))
        root = self.repository(full.parent)
        if root is None or full == root:
            return False
        folder = full.parent
        while True:  # the deepest .gitignore with a matching pattern decides
            decided = self._check(self._spec(folder / ".gitignore"), full, folder, is_dir)
            if decided is not None:
                return decided
            if folder == root:
                break
            folder = folder.parent
        decided = self._check(self._spec(root / ".git" / "info" / "exclude"), full, root, is_dir)
        return bool(decided)

    def repository(self, folder: Path) -> Path | None:
        """The working tree root of the repository ``folder`` is in, or None."""
        if folder not in self._roots:
            found = None
            for candidate in (folder, *folder.parents):
                if candidate in self._roots:
                    found = self._roots[candidate]
                    break
                if (candidate / ".git").exists():
                    found = candidate
                    break
            self._roots[folder] = found
        return self._roots[folder]

    def _spec(self, file: Path) -> Any:
        if file not in self._specs:
            self._specs[file] = _load(file)
        return self._specs[file]

    @staticmethod
    def _check(spec: Any, full: Path, folder: Path, is_dir: bool) -> bool | None:
        if spec is None:
            return None
        rel = full.relative_to(folder).as_posix() + ("/" if is_dir else "")
        return spec.check_file(rel).include


def _load(file: Path) -> Any:
    try:
        with open(file, "rb") as fh:
            data = fh.read(MAX_IGNORE_BYTES)
    except OSError:
        return None
    lines = data.decode("utf-8", errors="replace").splitlines()
    if not any(line.strip() and not line.startswith("#") for line in lines):
        return None
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(lines)
