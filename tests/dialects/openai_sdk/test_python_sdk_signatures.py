"""schemas/python/openai-sdk.json matches the openai SDK it was recorded from (a test dependency)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_python_sdk_signatures_are_current():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_python_sdk_signatures.py"), "--check"], capture_output=True
    )
    assert proc.returncode == 0, proc.stderr.decode()
