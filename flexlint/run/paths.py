"""Lint paths, bytes or stdin without the CLI (editors and tests use this).

Files named explicitly are always read; files found by walking a directory
pass a byte-level prefilter first (some dialect's markers must occur in
them), so a repository's unrelated JSON and YAML never reach a parser.
(`prefilter=True` treats named files the same way, for hooks that pass
every file of a commit.)

Unless a selection is passed in, each file is linted with the settings of
its nearest configuration file (see :mod:`flexlint.config`).
"""

from __future__ import annotations

import os
import stat
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from ..core.diagnostics import Diagnostic
from ..core.document import SourceError
from ..core.limits import Limits, applied
from ..config.selection import Selection, make_selection
from .engine import FileResult, internal_error, lint_bytes, source_error
from ..knowledge.rules import RuleSet
from ..config.rulesets import load_ruleset
from ..core.records import record

if TYPE_CHECKING:
    from ..config.resolver import FilePlan, Resolver
    from . import workers
    from .cache import Cache

DEFAULT_EXCLUDES = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox",
     ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", "dist", "build", ".eggs"}
)
MAX_FILE_SIZE = Limits().max_file_size
MAX_PARTIAL_SIZE = 1024 * 1024 * 1024  # a file only part of which is parsed (an app's backup) may be this large
PARALLEL_THRESHOLD = 32  # below this many files more than one worker costs more than it saves
AUTO = -1  # `jobs`: decide from the work (see auto_jobs)
# `-j auto`: workers start only for at least this much parsing work, in bytes of Python (about
# half a second of reading on one core, measured on the benchmark's real SDK code; forking a warm
# worker costs milliseconds); other formats weigh WEIGHTS of their bytes.
AUTO_MIN_WORK = 200_000
WEIGHTS = {"python": 1.0, "notebook": 1.0}
OTHER_WEIGHT = 0.1  # JSON, YAML, TOML: a fast scanner per byte, compared with a full Python parse


@record
class Options:
    """Everything a run is told (by the command line, an editor or a caller of the API)."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    rules_dirs: list[str] = field(default_factory=list)
    max_file_size: int = MAX_FILE_SIZE
    jobs: int = AUTO  # AUTO: decided from the work; 0: one per core
    config: str | None = None  # one configuration file for every path (instead of discovery)
    isolated: bool = False  # ignore configuration files
    force_exclude: bool = False  # apply `exclude` to files named explicitly too
    prefilter: bool = False  # named files pass the same name and byte prefilter as walked ones
    respect_gitignore: bool = True  # a directory walk skips what git ignores (as ruff)
    limits: Limits = field(default_factory=Limits)  # depth, time and memory per file (max_file_size above wins)
    # Lint in supervised worker processes where the platform can fork (see .workers): a file that
    # crashes a parser, or runs out of time or memory, costs only itself. The command line and the
    # language server do; in-process callers that read untrusted files should too.
    isolate: bool = False
    cache: bool = False  # keep results by content in `cache_dir` (see .cache); the command line turns it on
    cache_dir: str = ".flexlint_cache"

    def effective_limits(self) -> Limits:
        return replace(self.limits, max_file_size=self.max_file_size)


@record
class RunResult:
    """A run's diagnostics and counts, for the report and the exit code."""

    diagnostics: list[Diagnostic]
    unreadable: bool
    files: int  # files read
    recognised: int  # files some dialect recognised
    looked_at: int = 0  # files considered (a walk's prefilter leaves most of them unread)
    notes: list[str] = field(default_factory=list)  # "path: what happened" for files that were skipped


@record(frozen=True)
class Candidate:
    """A file to lint, as the walk found it (shown as ``display``)."""

    path: Path
    display: str
    explicit: bool
    plan: int = 0  # index of the run's selection for this file
    screened: bool = False  # already passed the byte-level prefilter


def build_selection(options: Options, ruleset: RuleSet | None = None) -> Selection:
    ruleset = ruleset or load_ruleset(options.rules_dirs)
    return make_selection(ruleset, options.select, options.ignore, options.extend_select, options.severity)


def _suffixes() -> frozenset[str]:
    from ..sources import SUFFIXES

    return SUFFIXES


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith(".." + os.sep + "..") else rel


def make_resolver(options: Options) -> "Resolver":
    """The per-file settings of a run: configuration files combined with ``options``."""
    from ..config.resolver import Resolver

    return Resolver(
        select=options.select,
        extend_select=options.extend_select,
        ignore=options.ignore,
        severity=options.severity,
        rules_dirs=options.rules_dirs,
        config=options.config,
        isolated=options.isolated,
    )


def discover(
    paths: Iterable[str | Path],
    resolver: "Resolver | None" = None,
    force_exclude: bool = False,
    prefilter: bool = False,
    respect_gitignore: bool = True,
) -> Iterator[Candidate]:
    """Files to lint, in a stable order: explicit files as given, directories walked sorted.

    With a resolver, `exclude` globs prune the walk (and, with
    ``force_exclude``, drop files named explicitly). What git ignores is
    skipped in walks unless ``respect_gitignore`` is off or the configuration
    of the walked folder says `respect-gitignore = false`.
    """
    from .gitignore import GitIgnore

    suffixes = _suffixes()
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            if resolver is not None and force_exclude and resolver.excluded(path):
                continue
            if prefilter and path.suffix.lower() not in suffixes:
                continue
            yield Candidate(path, str(raw), not prefilter)
            continue
        if resolver is not None and force_exclude and str(raw) not in (".", "") and resolver.excluded(path, is_dir=True):
            continue
        git = GitIgnore(path) if respect_gitignore and (resolver is None or resolver.respects_gitignore(path)) else None
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(
                d for d in dirs
                if d not in DEFAULT_EXCLUDES and not d.startswith(".")
                and not (resolver is not None and resolver.excluded(Path(root) / d, is_dir=True))
                and not (git is not None and git.ignored(Path(root) / d, is_dir=True))
            )
            for name in sorted(files):
                if Path(name).suffix.lower() in suffixes:
                    full = Path(root) / name
                    if resolver is not None and resolver.excluded(full):
                        continue
                    if git is not None and git.ignored(full):
                        continue
                    yield Candidate(full, _display(full), False)


def _head(path: Path, size: int = 4096) -> bytes:
    """The first bytes of a regular file (never opens a pipe or a device)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return b""
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file or a folder is, in words (None for those two)."""
    for test, name in _SPECIAL:
        if test(mode):
            return name
    return None


def _read(candidate: Candidate, max_size: int) -> bytes | SourceError | Skipped:
    """The file's bytes, reading at most ``max_size`` (what is read counts, not what the file claims).

    A pipe named on the command line (``flexlint <(cat body.json)``) is read
    like a file; pipes, devices and sockets found in a walk are skipped with a
    note (reading one could block forever or never end), and devices and
    sockets named on the command line are refused.
    """
    try:
        mode = os.stat(candidate.path).st_mode
        if stat.S_ISDIR(mode):
            return SourceError("is a directory")
        special = special_kind(mode)
        if special is not None and not (candidate.explicit and stat.S_ISFIFO(mode)):
            if not candidate.explicit:
                return Skipped(f"skipped: {special}, not a file")
            return SourceError(f"{special}, not a file: flexlint reads files and pipes only", hint="name the file itself")
        limit = max_size
        if special is None and os.stat(candidate.path).st_size > max_size and _partial(candidate.path):
            limit = max(max_size, MAX_PARTIAL_SIZE)  # its reader parses only a small part of it
        data = _read_bounded(candidate.path, limit, fifo=special is not None)
        if data is None:
            return SourceError(
                f"file is larger than the {limit / 1e6:.0f} MB flexlint reads",
                hint="raise the limit with --max-file-size if this file really is a configuration",
            )
        return data
    except FileNotFoundError:
        return SourceError("no such file or directory")
    except IsADirectoryError:
        return SourceError("is a directory")
    except OSError as exc:
        return SourceError(f"cannot read file: {exc.strerror or exc}")


def _read_bounded(path: Path, limit: int, fifo: bool) -> bytes | None:
    """At most ``limit`` bytes of ``path``; None when there is more."""
    flags = os.O_RDONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    if fifo:
        # A pipe without a writer would block open() forever: open without
        # waiting, then read normally (EOF at once if nobody ever writes).
        flags |= getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        if fifo and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    return None if len(data) > limit else data


def _partial(path: Path) -> bool:
    """A file whose reader parses only a small part of it: the size limit does not apply."""
    from .documents import reads_partially

    return reads_partially(_head(path))


@record(frozen=True)
class Skipped:
    """A file a walk found that is not read at all, and why (shown as a note)."""

    reason: str


def _lint_candidate(candidate: Candidate, selection: Selection, max_size: int) -> FileResult | None:
    from ..sources import container_kind
    from .documents import wanted

    # Containers (zip, SQLite) on disk are opened by their reader, which bounds what it reads.
    if candidate.path.is_file():
        kind = container_kind(str(candidate.path), _head(candidate.path, 16) if candidate.explicit else b"")
        if kind is not None:
            if not candidate.explicit and not wanted(candidate.path, kind):
                return None
            return lint_bytes(candidate.display, candidate.path, selection, kind)
    data = _read(candidate, max_size)
    if isinstance(data, Skipped):
        return FileResult(candidate.display, [], notes=[data.reason])
    if isinstance(data, SourceError):
        return FileResult(candidate.display, [source_error(candidate.display, None, data, selection)], unreadable=True)
    if not candidate.explicit and not candidate.screened and not _needles_in(candidate, data):
        return None
    # A pipe holding a zip or a database: its bytes go to the container's reader.
    return lint_bytes(candidate.display, data, selection, container_kind(str(candidate.path), data[:16]))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use, not the machine's
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def auto_jobs(work: list[Candidate], cores: int) -> int:
    """Workers for ``work`` (files past the prefilter): one unless the parsing outweighs starting a pool."""
    from ..sources import kind_of

    weight = 0.0
    for c in work:
        try:
            size = c.path.stat().st_size
        except OSError:
            continue
        weight += size * WEIGHTS.get(kind_of(str(c.path), b"") or "", OTHER_WEIGHT)
    if cores < 2 or weight < AUTO_MIN_WORK:
        return 1
    return max(2, min(cores, int(weight // AUTO_MIN_WORK) + 1))


def _guarded(candidate: Candidate, selection: Selection, max_size: int) -> FileResult | None:
    """``_lint_candidate``, with a bug of ours turned into an ``internal-error`` for this file."""
    try:
        return _lint_candidate(candidate, selection, max_size)
    except (MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:
        if os.environ.get("FLEXLINT_DEBUG"):
            raise
        return FileResult(candidate.display, [internal_error(candidate.display, exc, selection)], unreadable=True)


def _screen(
    candidate: Candidate, selection: Selection, max_size: int, cache: "Cache | None", limits: Limits
) -> tuple[FileResult | None, str | None] | None:
    """In this process, before any worker: None when a walked file does not matter (the prefilter),
    else (the cached result, or None; the cache key the worker's result is to be kept under, or None).

    Only regular files within the size limit are keyed (a pipe is read once, by its worker; a
    container is read by its own reader); anything else goes to a worker uncached.
    """
    from ..sources import container_kind
    from .documents import wanted

    if candidate.explicit and cache is None:
        return None, None
    if not candidate.explicit:
        kind = container_kind(str(candidate.path))
        if kind is not None and candidate.path.is_file():
            return (None, None) if wanted(candidate.path, kind) else None
    try:
        st = os.stat(candidate.path)
    except OSError:
        return None, None  # its worker says why
    if not stat.S_ISREG(st.st_mode) or st.st_size > max_size:
        if candidate.explicit:
            return None, None
        data = _read(candidate, max_size)
        return (None, None) if not isinstance(data, bytes) or _needles_in(candidate, data) else None
    data = _read(candidate, max_size)
    if not isinstance(data, bytes):
        return None, None
    if not candidate.explicit and not _needles_in(candidate, data):
        return None
    if cache is None or container_kind(str(candidate.path), data[:16]) is not None:
        return None, None
    key = cache.key(candidate.display, data, selection, limits)
    return cache.get(key, candidate.display), key


def _needles_in(candidate: Candidate, data: bytes) -> bool:
    """The byte-level prefilter: does the file mention anything a dialect for its kind reads?"""
    from ..dialects import may_matter
    from ..sources import kind_of

    return may_matter(kind_of(str(candidate.path), data) or "json", data)


_WORKER: dict[str, object] = {}


def _warm_up(candidates: list[Candidate], selections: list[Selection], checks: bool = True) -> None:
    """Import parsers (and, with ``checks``, compile schemas) once, in the parent, so forked workers share them.

    Schemas are worth compiling ahead only for several workers or a long-lived caller: one worker
    of a one-shot run needs jsonschema only for a value that is not plainly valid (see
    :mod:`flexlint.checks.schema_accept`), so importing it up front would cost every run.
    """
    from ..dialects import DIALECTS, dialect
    from ..sources import kind_of

    from ..dialects import DOCUMENT_KIND

    kinds = {kind_of(str(c.path), b"") for c in candidates}
    documents = {DOCUMENT_KIND.get(k, k) for k in kinds if k}
    known = {kind for entry in DIALECTS for kind in entry.kinds}
    code = {"python", "javascript"}
    for entry in DIALECTS:
        if entry.kinds & documents:
            dialect(entry.name)  # the dialects that may read these files
        elif not documents <= known and not entry.kinds & code:
            dialect(entry.name)  # a container or a file told by its content: any app's format may be inside
        elif "json" in documents and entry.storage is not None and entry.storage.json_head is not None:
            dialect(entry.name)  # an app's own JSON format (a backup)
    if "javascript" in kinds:
        from ..sources.javascript import grammar_of, parser

        for grammar in {grammar_of(str(c.path)) for c in candidates if kind_of(str(c.path), b"") == "javascript"}:
            parser(grammar)
    for selection in selections if checks else ():
        for run in selection.runs():
            warm = getattr(run.module, "warm_up", None)
            if warm is not None:
                warm()


def _init_worker(selections: list[Selection], max_size: int, limits: Limits) -> None:
    _WORKER["selections"] = selections
    _WORKER["max_size"] = max_size
    _WORKER["limits"] = limits


def _worker(candidate: Candidate) -> FileResult | None:
    with applied(_WORKER["limits"]):  # type: ignore[arg-type]
        return _guarded(candidate, _WORKER["selections"][candidate.plan], _WORKER["max_size"])  # type: ignore[index,arg-type]


Progress = Callable[[int, int, str], None]  # (files done, files in all, file being read)


def lint_paths(
    paths: Iterable[str | Path],
    options: Options | None = None,
    selection: Selection | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Lint files and directories. Raises ConfigError for an unusable configuration file."""
    options = options or Options()
    plans: list[FilePlan | None] = []
    selections: list[Selection] = []
    candidates: list[Candidate] = []
    index: dict[int, int] = {}

    def add(c: Candidate, plan: FilePlan | None, chosen: Selection) -> None:
        if id(chosen) not in index:  # one entry per distinct selection (a rule's `files` narrows it)
            index[id(chosen)] = len(selections)
            selections.append(chosen)
            plans.append(plan)
        candidates.append(Candidate(c.path, c.display, c.explicit, index[id(chosen)]))

    if selection is not None:
        for c in discover(paths, prefilter=options.prefilter, respect_gitignore=options.respect_gitignore):
            add(c, None, selection.for_path(c.display))
    else:
        resolver = make_resolver(options)
        for c in discover(paths, resolver, options.force_exclude, options.prefilter, options.respect_gitignore):
            plan = resolver.plan(c.path)
            add(c, plan, plan.selection_for(c.path))
    total = len(candidates)
    limits = options.effective_limits()
    cache = _cache(options)
    cores = _cores()
    jobs = cores if options.jobs == 0 else options.jobs
    results: list[FileResult | None] = [None] * total
    keys: dict[int, str] = {}  # cache keys of the files the workers lint
    wide = (jobs > 1 or (jobs == AUTO and cores > 1)) and total >= PARALLEL_THRESHOLD  # more than one worker may pay
    with applied(limits):
        if wide or cache is not None:
            # Screen here (and answer from the cache what it holds: a warm run starts no
            # worker), then load what the remaining files need before the workers are
            # forked: they start with it instead of each importing it again, and a tree
            # where nothing matters never starts a worker or imports a parser.
            work = []
            for i, c in enumerate(candidates):
                screened = _screen(c, selections[c.plan], options.max_file_size, cache, limits)
                if screened is None:
                    continue
                hit, key = screened
                if hit is not None:
                    results[i] = hit
                    continue
                if key is not None:
                    keys[i] = key
                work.append((i, replace(c, screened=True)))
        else:
            work = list(enumerate(candidates))
        if jobs == AUTO:  # decided on what is left to parse, before any worker starts
            jobs = auto_jobs([c for _, c in work], cores) if wide else 1
        parallel = wide and jobs > 1
        supervise = options.isolate and (parallel or not all(_plain_json(c) for _, c in work))
        if work and supervise:
            _warm_up([c for _, c in work], selections, checks=parallel)  # workers are forked warm
        run = _run(work, selections, options.max_file_size, supervise, limits, jobs if parallel else 1, progress)
        for done, (i, result) in enumerate(run, start=1):
            results[i] = result
            if cache is not None and i in keys and result is not None:
                cache.put(keys[i], result)  # only a complete reading is kept (see Cache.put)
            if progress and parallel:
                progress(done, len(work), "")
    filtered = []
    for c, result in zip(candidates, results):
        if result is None:
            continue
        plan = plans[c.plan]
        if plan is not None and plan.json_ignores:
            result.diagnostics = [d for d in result.diagnostics if plan.keep(d)]
        filtered.append(result)
    collected = _collect(filtered)
    collected.looked_at = total
    return collected


# Small JSON files are read by the standard library's C decoder and flexlint's own Python, under the
# size and nesting limits: nothing there can crash the process, expand or run away, so one worker
# would only cost its start (a fork and the pages it copies: about a tenth of a one-file run).
IN_PROCESS_MAX = 256 * 1024


def _plain_json(candidate: Candidate) -> bool:
    """Whether a file is small JSON text no app reader claims (linted safely in this process)."""
    from ..dialects import storages
    from ..sources import container_kind, kind_of

    path = str(candidate.path)
    if kind_of(path, b"") != "json":  # by its name first: most files need no reading here
        return False
    try:
        if candidate.path.stat().st_size > IN_PROCESS_MAX:
            return False
    except (OSError, ValueError):
        return False
    head = _head(candidate.path, 256)
    return bool(head) and container_kind(path, head) is None and kind_of(path, head) == "json" \
        and not any(storage.json_head_matches(head) for _, storage in storages())


def _run(
    work: list[tuple[int, Candidate]],
    selections: list[Selection],
    max_size: int,
    isolate: bool,
    limits: Limits,
    jobs: int,
    progress: Progress | None,
) -> Iterator[tuple[int, FileResult | None]]:
    """(index, result) of each candidate: in supervised workers where possible, else in this process."""
    if not work:
        return
    if isolate:
        from . import workers  # a run linted in this process never loads it

        isolate = workers.available()
    if isolate:
        def started(k: int) -> None:
            if progress and jobs == 1:
                progress(k, len(work), work[k][1].display)

        def failed(task: tuple[int, Candidate], failure: workers.Failure) -> FileResult:
            return failed_result(task[1].display, selections[task[1].plan], failure)

        tasks = [(i, c) for i, c in work]
        for k, result in workers.supervised(
            tasks, lambda task: _guarded(task[1], selections[task[1].plan], max_size), failed, limits, jobs, started
        ):
            yield tasks[k][0], result
        return
    if jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        chunk = max(1, min(8, len(work) // (jobs * 4)))
        with ProcessPoolExecutor(min(jobs, len(work)), initializer=_init_worker,
                                 initargs=(selections, max_size, limits)) as pool:
            yield from zip((i for i, _ in work), pool.map(_worker, [c for _, c in work], chunksize=chunk))
        return
    for done, (i, c) in enumerate(work):
        if progress:
            progress(done, len(work), c.display)
        yield i, _guarded(c, selections[c.plan], max_size)


def failed_result(display: str, selection: Selection, failure: "workers.Failure") -> FileResult:
    """The result of a file whose worker crashed, ran out of time or memory: a parse-error, never the end of the run."""
    message, hint = failure.describe()
    diag = source_error(display, None, SourceError(message, hint=hint), selection)
    return FileResult(display, [diag] if diag else [], unreadable=True)


def _cache(options: Options) -> "Cache | None":
    if not options.cache:
        return None
    from .cache import Cache

    return Cache(Path(options.cache_dir))


def lint_source(data: bytes, filename: str, options: Options | None = None, selection: Selection | None = None) -> RunResult:
    """Lint content that is not on disk (stdin, an editor buffer) as if it were ``filename``.

    The configuration that applies to ``filename`` is used (and its
    `exclude`, when ``options.force_exclude``), as editors expect.
    """
    options = options or Options()
    plan = None
    if selection is not None:
        chosen = selection.for_path(filename)
    else:
        resolver = make_resolver(options)
        path = Path(filename)
        if options.force_exclude and resolver.excluded(path):
            return _collect([])
        plan = resolver.plan(path)
        chosen = plan.selection_for(path)
    limits = options.effective_limits()
    with applied(limits):
        result = _lint_data(filename, data, chosen, options, limits)
    if plan is not None:
        result.diagnostics = [d for d in result.diagnostics if plan.keep(d)]
    return _collect([result])


def _lint_data(filename: str, data: bytes, selection: Selection, options: Options, limits: Limits) -> FileResult:
    from . import workers

    def lint(_: object) -> FileResult:
        if len(data) > limits.max_file_size:
            error = SourceError(
                f"the content is {len(data) / 1e6:.1f} MB, larger than the {limits.max_file_size / 1e6:.0f} MB flexlint reads",
                hint="raise the limit with --max-file-size if this really is a configuration",
            )
            diag = source_error(filename, None, error, selection)
            return FileResult(filename, [diag] if diag else [], unreadable=True)
        return lint_bytes(filename, data, selection)

    if options.isolate and workers.available():
        _warm_up([Candidate(Path(filename), filename, True)], [selection])
        for _, result in workers.supervised([None], lint, lambda _, failure: failed_result(filename, selection, failure), limits):
            return result
    return lint(None)


def _collect(results: Iterable[FileResult]) -> RunResult:
    diagnostics: list[Diagnostic] = []
    notes: list[str] = []
    unreadable = False
    files = recognised = 0
    for result in results:
        files += 1
        recognised += result.recognised
        unreadable |= result.unreadable
        diagnostics.extend(result.diagnostics)
        notes.extend(f"{result.path}: {note}" for note in result.notes)
    diagnostics.sort(key=Diagnostic.sort_key)
    return RunResult(diagnostics, unreadable, files, recognised, files, notes)
