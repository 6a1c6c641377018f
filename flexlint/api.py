"""The public API: lint files, directories or a buffer without the command line.

Editors and scripts use these; everything else in the package is internal
and may move. (The pipeline itself lives in :mod:`flexlint.run`.)
"""

from __future__ import annotations

from .run.paths import Options, RunResult, build_selection, lint_paths, lint_source

__all__ = ["Options", "RunResult", "build_selection", "lint_paths", "lint_source"]
