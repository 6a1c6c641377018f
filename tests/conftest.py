from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(os.environ.get("FLEXLINT_CASES", ROOT / "tests" / "cases"))


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None):
    """Run `python -m flexlint` in a subprocess: the real entry point, real exit code."""
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "flexlint", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd or ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
    )


@pytest.fixture
def cli():
    return run_cli
