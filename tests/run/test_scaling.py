"""A run's own work grows linearly with the number of files, with and without workers.

Counted, not timed: the number of Python function calls the parent process
makes in ``lint_paths`` for N and 4N files. A lookup that scans a list per
file (``candidate in wanted``) makes the count grow 16-fold; linear work
grows 4-fold plus a constant. Workers are forked, so their calls are not in
the parent's count; the parent's screening, bookkeeping and collection are.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from flexlint.run.paths import Options, lint_paths

MATTERS = b'{"model": "gpt-5-mini", "service_tier": "flex", "input": "hi"}'
UNRELATED = b'{"name": "a package", "version": "1.0.0"}'


def tree(root: Path, n: int) -> Path:
    """``n`` small JSON files in one folder: a tenth are request bodies, the rest unrelated."""
    root.mkdir()
    for i in range(n):
        (root / f"f{i:05d}.json").write_bytes(MATTERS if i % 10 == 0 else UNRELATED)
    return root


def calls(root: Path, jobs: int) -> int:
    count = 0

    def profile(frame, event, arg):  # noqa: ARG001
        nonlocal count
        if event == "call":
            count += 1

    lint_paths([root], Options(jobs=jobs, isolated=True))  # warm: imports and data loads are not per file
    sys.setprofile(profile)
    try:
        lint_paths([root], Options(jobs=jobs, isolated=True))
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("jobs", [1, 2])
def test_parent_work_is_linear_in_files(tmp_path, jobs):
    small = calls(tree(tmp_path / "small", 80), jobs)
    large = calls(tree(tmp_path / "large", 320), jobs)
    # 4x the files: linear work gives about 4x the calls; a per-file list scan gives 16x.
    assert large <= 5 * small, (small, large)
