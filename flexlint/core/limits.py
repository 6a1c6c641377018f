"""How much of any one input flexlint is willing to read, parse and spend time on.

flexlint reads files from checkouts, pull requests and app backups it has
no reason to trust. Every reader is bounded by these numbers, so every input
gets an answer in bounded time and memory: a file over a limit is a
``parse-error`` that names the limit and the flag that raises it, never a
hang, a crash or a machine out of memory.

The limits of a run are set once by the run layer (from the command line or
the API's ``Options``) and read by the readers through :func:`current`; they
are never taken from a configuration file in the scanned tree, which could
raise them.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator
from .records import record

MB = 1024 * 1024


@record(frozen=True)
class Limits:
    """What one run allows a file: sizes, nesting and time, set from the command line only."""

    max_file_size: int = 64 * MB  # bytes read from one file (what is read, not what the file claims)
    max_depth: int = 256  # nesting of JSON, YAML, notebook and TOML documents, and of each JSON Lines line
    max_python_size: int = 1 * MB  # Python code handed to the parser (libcst keeps about 1 KB per byte)
    max_python_depth: int = 200  # nested brackets in Python (CPython's own parser stops at 200)
    max_python_chain: int = 500  # operators, attributes and calls chained in one expression
    max_members: int = 100_000  # entries in a zip archive's directory
    max_member_size: int = 1024 * MB  # one zip member, inflated
    max_archive_total: int = 2048 * MB  # all members read from one zip, inflated
    max_rows: int = 100_000  # rows read from one table of a database
    timeout: float = 60.0  # seconds for one file (enforced where files are linted in worker processes)
    max_memory: int = 4096 * MB  # memory one worker may add while linting a file (where workers are used)


DEFAULT = Limits()
_CURRENT: ContextVar[Limits] = ContextVar("flexlint_limits", default=DEFAULT)


def current() -> Limits:
    """The limits of the run in progress (the defaults outside a run)."""
    return _CURRENT.get()


@contextmanager
def applied(limits: Limits) -> Iterator[Limits]:
    """Make ``limits`` the current ones for the duration of a block."""
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


RECURSION = 12_000  # Python frames allowed while one file is read and checked


@contextmanager
def recursion_room(frames: int = RECURSION) -> Iterator[None]:
    """Room for the recursion a tree at the depth limits needs.

    libcst's visitors recurse a few frames per level of the syntax tree, so
    a tree the limits above admit (up to ``max_python_chain`` levels) needs
    more than Python's default of 1,000 frames. Python 3.11+ runs
    Python-to-Python calls without growing the C stack, so this is safe.
    """
    import sys

    before = sys.getrecursionlimit()
    if before < frames:
        sys.setrecursionlimit(frames)
    try:
        yield
    finally:
        if before < frames:
            sys.setrecursionlimit(before)
