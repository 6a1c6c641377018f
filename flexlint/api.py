"""Lint paths, bytes or stdin without the CLI (editors and tests use this).

Files named explicitly are always read; files found by walking a directory
pass a byte-level prefilter first (some dialect's markers must occur in
them), so a repository's unrelated JSON and YAML never reach a parser.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .diagnostics import Diagnostic
from .document import SourceError
from .engine import FileResult, Selection, lint_bytes, make_selection, source_error
from .ruleset import RuleSet, load_ruleset

DEFAULT_EXCLUDES = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox",
     ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", "dist", "build", ".eggs"}
)
MAX_FILE_SIZE = 64 * 1024 * 1024
PARALLEL_THRESHOLD = 32  # below this many files a process pool costs more than it saves


@dataclass
class Options:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    rules_dirs: list[str] = field(default_factory=list)
    max_file_size: int = MAX_FILE_SIZE
    jobs: int = 0  # 0: one per core


@dataclass
class RunResult:
    diagnostics: list[Diagnostic]
    unreadable: bool
    files: int
    recognised: int


@dataclass(frozen=True)
class Candidate:
    path: Path
    display: str
    explicit: bool


def build_selection(options: Options, ruleset: RuleSet | None = None) -> Selection:
    ruleset = ruleset or load_ruleset(options.rules_dirs)
    return make_selection(ruleset, options.select, options.ignore, options.extend_select, options.severity)


def _suffixes() -> frozenset[str]:
    from .sources import SUFFIXES

    return SUFFIXES


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith(".." + os.sep + "..") else rel


def discover(paths: Iterable[str | Path]) -> Iterator[Candidate]:
    """Files to lint, in a stable order: explicit files as given, directories walked sorted."""
    suffixes = _suffixes()
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield Candidate(path, str(raw), True)
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in DEFAULT_EXCLUDES and not d.startswith("."))
            for name in sorted(files):
                if Path(name).suffix.lower() in suffixes:
                    full = Path(root) / name
                    yield Candidate(full, _display(full), False)


def _head(path: Path, size: int = 4096) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


def _read(candidate: Candidate, max_size: int) -> bytes | SourceError:
    try:
        size = candidate.path.stat().st_size
        if size > max_size and not _partial(candidate.path):
            return SourceError(
                f"file is {size / 1e6:.1f} MB, larger than the {max_size / 1e6:.0f} MB flexlint reads",
                hint="raise the limit with --max-file-size if this file really is a configuration",
            )
        return candidate.path.read_bytes()
    except FileNotFoundError:
        return SourceError("no such file or directory")
    except IsADirectoryError:
        return SourceError("is a directory")
    except OSError as exc:
        return SourceError(f"cannot read file: {exc.strerror or exc}")


def _partial(path: Path) -> bool:
    """A file whose reader parses only a small part of it: the size limit does not apply."""
    from .sources import reads_partially

    return reads_partially(_head(path))


_WORKER: dict[str, object] = {}


def _lint_candidate(candidate: Candidate, selection: Selection, max_size: int) -> FileResult | None:
    from .sources import container_kind, wanted

    # Containers (zip, SQLite) are opened by their reader, which bounds what it reads.
    kind = container_kind(str(candidate.path), _head(candidate.path, 16) if candidate.explicit else b"")
    if kind is not None and candidate.path.is_file():
        if not candidate.explicit and not wanted(candidate.path, kind):
            return None
        return lint_bytes(candidate.display, candidate.path, selection, kind)
    data = _read(candidate, max_size)
    if isinstance(data, SourceError):
        diag = source_error(candidate.display, None, data, selection)
        return FileResult(candidate.display, [diag] if diag else [], unreadable=True)
    if not candidate.explicit:
        from .dialects import markers

        if not markers().search(data):
            return None
    return lint_bytes(candidate.display, data, selection)


def _init_worker(selection: Selection, max_size: int) -> None:
    _WORKER["selection"] = selection
    _WORKER["max_size"] = max_size


def _worker(candidate: Candidate) -> FileResult | None:
    return _lint_candidate(candidate, _WORKER["selection"], _WORKER["max_size"])  # type: ignore[arg-type]


def lint_paths(paths: Iterable[str | Path], options: Options | None = None, selection: Selection | None = None) -> RunResult:
    options = options or Options()
    selection = selection or build_selection(options)
    candidates = list(discover(paths))
    jobs = options.jobs or os.cpu_count() or 1
    if jobs > 1 and len(candidates) >= PARALLEL_THRESHOLD:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(selection, options.max_file_size)) as pool:
            results = list(pool.map(_worker, candidates, chunksize=max(8, len(candidates) // (jobs * 16))))
    else:
        results = [_lint_candidate(c, selection, options.max_file_size) for c in candidates]
    return _collect(r for r in results if r is not None)


def lint_source(data: bytes, filename: str, options: Options | None = None, selection: Selection | None = None) -> RunResult:
    """Lint content that is not on disk (stdin, an editor buffer) as if it were ``filename``."""
    options = options or Options()
    selection = selection or build_selection(options)
    return _collect([lint_bytes(filename, data, selection)])


def _collect(results: Iterable[FileResult]) -> RunResult:
    diagnostics: list[Diagnostic] = []
    unreadable = False
    files = recognised = 0
    for result in results:
        files += 1
        recognised += result.recognised
        unreadable |= result.unreadable
        diagnostics.extend(result.diagnostics)
    diagnostics.sort(key=Diagnostic.sort_key)
    return RunResult(diagnostics, unreadable, files, recognised)
