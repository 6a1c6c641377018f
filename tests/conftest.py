from __future__ import annotations

import os
import pty
import subprocess
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


def schema_errors(schema_file: Path, instance) -> list[str]:
    """``path: message`` for each way ``instance`` breaks a JSON Schema file (checked itself first), sorted by path."""
    import json

    import jsonschema

    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{list(e.absolute_path)}: {e.message}" for e in errors]


@pytest.fixture
def cli():
    return run_cli


def run_in_pty(*args: str, cwd, env_extra: dict[str, str] | None = None, drop=("NO_COLOR",),
               reply: tuple[bytes, bytes] | None = None) -> tuple[int, str]:
    """Run `python -m flexlint ARGS` with a pseudo-terminal as stdout and stderr; return (code, screen text).

    With ``reply`` = (prompt, answer) the terminal is stdin too, and ``answer`` is typed once ``prompt`` shows.
    """
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update({"PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "COLUMNS": "120"})
    env.update(env_extra or {})
    proc = subprocess.Popen([sys.executable, "-m", "flexlint", *args], cwd=cwd,
                            stdin=slave if reply else subprocess.DEVNULL, stdout=slave, stderr=slave, env=env,
                            close_fds=True)
    os.close(slave)

    def read(until: bytes | None) -> bytes:
        """The screen until ``until`` shows (None: until the child closes the terminal)."""
        seen = b""
        while until is None or until not in seen:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            seen += data
        return seen

    screen = b""
    if reply:
        screen = read(reply[0])
        os.write(master, reply[1])
    screen += read(None)
    os.close(master)
    code = proc.wait(timeout=60)
    return code, screen.decode("utf-8").replace("\r\n", "\n")


def lint_code(code: str, name: str = "app.ts", select: list[str] | None = None):
    """The diagnostics of source text (dedented) linted as the file ``name``, through the public API."""
    import textwrap

    from flexlint.api import Options, build_selection, lint_source

    selection = build_selection(Options(select=select or []))
    return lint_source(textwrap.dedent(code).encode(), name, selection=selection).diagnostics


def found_in(code: str, name: str = "app.ts", select: list[str] | None = None) -> list[tuple[str, int, int]]:
    """(rule, line, column) of each diagnostic of source text linted as the file ``name``."""
    return [(d.rule, d.line, d.column) for d in lint_code(code, name, select)]


def column_of(code: str, line: int, needle: str) -> int:
    """The 1-based column of ``needle`` on a 1-based line of (dedented) ``code``."""
    import textwrap

    return textwrap.dedent(code).splitlines()[line - 1].index(needle) + 1
