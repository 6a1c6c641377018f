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
    """Answers "does git ignore this path?" for paths found by a walk of ``top``; caches each folder's patterns.

    The walked folder was named by the user, so it is read even when git
    ignores it or a folder above it (as ruff and ripgrep do): a pattern counts
    only when it matches the path itself or a folder below ``top`` (those are
    pruned as the walk meets them), never one at or above ``top``.
    """

    def __init__(self, top: Path | str = ".") -> None:
        self.top = os.path.abspath(top)
        self._chains: dict[str, list[tuple[str, Any, frozenset[int]]]] = {}
        self._roots: dict[str, str | None] = {}
        self._specs: dict[str, Any] = {}

    def ignored(self, path: Path | str, is_dir: bool = False) -> bool:
        full = os.path.abspath(path)
        for folder, spec, named in self._chain(os.path.dirname(full)):  # the deepest ignore file first
            rel = full[len(folder):].lstrip(os.sep).replace(os.sep, "/") + ("/" if is_dir else "")
            result = spec.check_file(rel)
            # A folder pattern (`versions/`) also matches everything below that folder: when the folder it
            # matched is the walked one or above it, the user named what is below, so it does not count.
            if result.include is not None and result.index not in named:
                return bool(result.include)
        return False

    def repository(self, folder: str) -> str | None:
        """The working tree root of the repository ``folder`` is in, or None."""
        if folder not in self._roots:
            parent = os.path.dirname(folder)
            if os.path.exists(os.path.join(folder, ".git")):
                self._roots[folder] = folder
            elif parent == folder:
                self._roots[folder] = None
            else:
                self._roots[folder] = self.repository(parent)
        return self._roots[folder]

    def _chain(self, folder: str) -> list[tuple[str, Any, frozenset[int]]]:
        """The ignore files that apply in ``folder``, deepest first, `.git/info/exclude` last."""
        if folder not in self._chains:
            root = self.repository(folder)
            chain: list[tuple[str, Any, frozenset[int]]] = []
            if root is not None:
                current = folder
                files = []
                while True:
                    files.append((current, os.path.join(current, ".gitignore")))
                    if current == root:
                        break
                    current = os.path.dirname(current)
                files.append((root, os.path.join(root, ".git", "info", "exclude")))
                for where, file in files:
                    if file not in self._specs:
                        self._specs[file] = _load(Path(file))
                    spec = self._specs[file]
                    if spec is not None:
                        chain.append((where, spec, self._named_patterns(spec, where)))
            self._chains[folder] = chain
        return self._chains[folder]

    def _named_patterns(self, spec: Any, folder: str) -> frozenset[int]:
        """The patterns of ``folder``'s ignore file that decide for the walked folder or one above it."""
        found = set()
        above = self.top
        while above != folder and above.startswith(folder + os.sep):
            decided = spec.check_file(os.path.relpath(above, folder).replace(os.sep, "/") + "/")
            if decided.include is not None:
                found.add(decided.index)
            above = os.path.dirname(above)
        return frozenset(found)


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
