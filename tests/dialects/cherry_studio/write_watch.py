"""Run code in a child interpreter whose writes an audit hook records: how the tests show reading writes nothing.

The hook sees every file Python opens for writing, every file-system change Python makes, and every
SQLite connection (SQLite writes its own files, out of the hook's sight: only ``:memory:`` and a
read-only ``immutable`` open write nothing beside a database).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

HOOK = r"""
import os, sys
writes = []
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

def hook(event, args):
    if event == "open":
        path, mode, flags = args
        if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (isinstance(flags, int) and flags & WRITE_FLAGS):
            writes.append((event, path, mode))
    elif event == "sqlite3.connect":
        target = str(args[0])
        if target != ":memory:" and not target.endswith("mode=ro&immutable=1"):
            writes.append((event, target))
    elif event in {"os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.truncate", "os.symlink", "os.link",
                   "os.chmod", "shutil.copyfile", "shutil.move", "tempfile.mkstemp", "tempfile.mkdtemp"}:
        writes.append((event, args))

sys.addaudithook(hook)
"""
REPORT = """
for w in writes:
    print("WRITE", w)
"""


def watched(code: str, *argv: str, cwd: Path) -> tuple[list[str], list[str]]:
    """Run ``code`` (with ``argv``) under the hook in ``cwd``, which is also its temp dir: its output lines and the writes seen."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": str(cwd), "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-c", HOOK + code + REPORT, *argv], capture_output=True, text=True, env=env,
                          cwd=cwd)
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stdout.splitlines()
    return [line for line in lines if not line.startswith("WRITE ")], [line for line in lines if line.startswith("WRITE ")]
