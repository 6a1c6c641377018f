"""The lower bounds in pyproject.toml are honest: the suite passes with exactly those releases.

Builds a virtual environment (with the oldest supported Python when the
machine has it) holding the declared minimum of every dependency, and runs
the CLI and rule tests in it against this checkout.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def minimum_pins() -> list[str]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = []
    for dep in project["dependencies"]:
        req, _, marker = dep.partition(";")
        m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][^,\s]*)\s*", req)
        assert m, f"dependency {dep!r} has no plain lower bound"
        pins.append(f"{m.group(1)}=={m.group(2)}" + (f";{marker}" if marker else ""))
    return pins


def oldest_python() -> str:
    """Python 3.10 (the oldest supported) when installed, else the running interpreter."""
    candidates = [os.path.expanduser("~/.pyenv/versions/3.10.13/bin/python"), shutil.which("python3.10")]
    for candidate in candidates:
        if candidate and subprocess.run([candidate, "-c", "import venv"], capture_output=True).returncode == 0:
            return candidate
    return sys.executable


def test_suite_passes_at_minimum_versions(tmp_path):
    env_dir = tmp_path / "venv"
    subprocess.run([oldest_python(), "-m", "venv", str(env_dir)], check=True)
    py = env_dir / "bin" / "python"
    pins = minimum_pins()
    install = subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "pytest", "hypothesis", *pins], capture_output=True, text=True
    )
    assert install.returncode == 0, install.stderr
    freeze = subprocess.run([str(py), "-m", "pip", "freeze"], capture_output=True, text=True).stdout.lower()
    for pin in pins:
        if ";" not in pin:  # conditional pins depend on the venv's Python
            assert pin.lower() in freeze, f"{pin} not installed"
    tests = [
        "tests/checks/test_rule_examples.py", "tests/faces/test_cli.py", "tests/run/test_cli_inputs.py",
        "tests/dialects/python/test_python_source.py", "tests/config/test_config.py", "tests/config/test_rule_packs.py",
        "tests/dialects/librechat/test_librechat.py", "tests/dialects/litellm/test_litellm.py",
        "tests/dialects/cherry_studio/test_cherry_studio.py", "tests/dialects/cherry_studio/test_leveldb.py",
        "tests/dialects/cherry_studio/test_direct_backup.py", "tests/sources/test_sqlite_wal.py",
        "tests/sources/test_editing.py", "tests/run/test_fixing.py",
        "tests/sources/test_javascript_source.py", "tests/dialects/javascript/test_javascript_host.py",
        "tests/dialects/ai_sdk/test_ai_sdk_javascript.py", "tests/dialects/langchain/test_langchain_javascript.py",
        "tests/dialects/openai_sdk/test_openai_javascript.py",
        "tests/run/test_gitignore.py",
    ] + sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_sources_*.py")
    )
    run = subprocess.run(
        [str(py), "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
