"""`flexlint --watch`: lint, then lint again whenever a file it reads or a configuration changes.

Changes are found by polling a snapshot (path, modification time, size) of
what a run depends on: the files a walk of the targets could read, the
configuration files and `.gitignore` files in and above them, and the rule
packs. Polling is hand-written rather than an inotify/FSEvents library so
that it needs no extra dependency and works the same on every platform,
network mount and container; a snapshot of a repository costs about as much
as flexlint's own walk, twice a second.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

import click

CONFIG_NAMES = (".flexlint.toml", "flexlint.toml", "pyproject.toml", ".gitignore")
Snapshot = dict[str, tuple[int, int]]


def snapshot(targets: Iterable[str], extra: Iterable[str] = ()) -> Snapshot:
    """(mtime, size) of every file a run over ``targets`` may depend on."""
    from ..run.paths import DEFAULT_EXCLUDES
    from ..sources import SUFFIXES

    found: Snapshot = {}

    def add(path: str) -> None:
        try:
            st = os.stat(path)
        except OSError:
            return
        found[os.path.abspath(path)] = (st.st_mtime_ns, st.st_size)

    for target in targets:
        full = Path(os.path.abspath(target))
        for folder in (full if full.is_dir() else full.parent, *full.parents):
            for name in CONFIG_NAMES:
                add(str(folder / name))
        if not full.is_dir():
            add(str(full))
            continue
        for root, dirs, files in os.walk(full):
            dirs[:] = [d for d in dirs if d not in DEFAULT_EXCLUDES and not d.startswith(".")]
            for name in files:
                if name in CONFIG_NAMES or os.path.splitext(name)[1].lower() in SUFFIXES:
                    add(os.path.join(root, name))
    for path in extra:
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                add(os.path.join(path, name))
        else:
            add(path)
    return found


def watch(run: Callable[[], int], targets: list[str], packs: Callable[[], list[str]], interval: float = 0.5) -> int:
    """Run, then run again after every change, until interrupted (Ctrl-C ends it with exit code 0)."""
    from ..config.resolver import forget_configuration

    redraw = sys.stdout.isatty() and not os.environ.get("INSIDE_EMACS") and os.environ.get("TERM") != "dumb"
    try:
        while True:
            if redraw:
                sys.stdout.write("\x1b[2J\x1b[H")  # a fresh screen for each run, as ruff's watch mode
                sys.stdout.flush()
            forget_configuration()
            before = snapshot(targets, _safe(packs))  # taken first: an edit during the run triggers another
            _run(run)
            click.echo(f"[{datetime.now():%H:%M:%S}] flexlint: watching for changes (Ctrl-C to stop)", err=True)
            while True:
                time.sleep(interval)
                now = snapshot(targets, _safe(packs))
                if now != before:
                    changed = sorted(set(now.items()) ^ set(before.items()))
                    name = os.path.relpath(changed[0][0]) if changed else "a file"
                    click.echo(f"[{datetime.now():%H:%M:%S}] flexlint: {name} changed, checking again", err=True)
                    break
    except KeyboardInterrupt:
        return 0


def _run(run: Callable[[], int]) -> None:
    """One run; its exit code only matters for a single run, and a broken configuration is said and waited out."""
    try:
        run()
    except SystemExit:
        pass
    except click.ClickException as exc:
        exc.show()
    finally:
        sys.stdout.flush()


def _safe(packs: Callable[[], list[str]]) -> list[str]:
    try:
        return packs()
    except Exception:  # a broken configuration: the run says so; keep watching the files
        return []
