"""The client defaults in schemas/python/libraries.json come from the libraries' sources, and stop on a change.

The generator reads wheels that are not a test dependency: with
``FLEXLINT_WHEELS`` pointing at the unpacked wheels (see the script's usage)
the recorded file is compared with a fresh run. Without them, the guards
that stop the script when a library changes how a default applies are
checked on small source trees shaped like the libraries'.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "derive_python_library_params.py"


def _script():
    spec = importlib.util.spec_from_file_location("derive_python_library_params", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.mark.skipif(not os.environ.get("FLEXLINT_WHEELS"), reason="needs the unpacked wheels (FLEXLINT_WHEELS)")
def test_recorded_file_matches_the_wheels():
    proc = subprocess.run([sys.executable, str(SCRIPT), os.environ["FLEXLINT_WHEELS"]], capture_output=True, check=True)
    recorded = json.loads((ROOT / "schemas" / "python" / "libraries.json").read_text(encoding="utf-8"))
    assert json.loads(proc.stdout) == recorded


def _litellm_tree(tmp_path, env_line: str):
    pkg = tmp_path / "litellm-1.0.0"
    for rel, text in {
        "litellm/constants.py": (
            "DEFAULT_REQUEST_TIMEOUT_SECONDS: Final[float] = 6000.0\n"
            "COMPLETION_HTTP_FALLBACK_SECONDS: Final[float] = 600.0\n"
            f"{env_line}\n"
            "request_timeout: float = (\n"
            "    DEFAULT_REQUEST_TIMEOUT_SECONDS if _request_timeout_from_env is None else _request_timeout_from_env\n"
            ")\n"
        ),
        "litellm/litellm_core_utils/completion_timeout.py": "def f(g):\n    if g is None:\n        return COMPLETION_HTTP_FALLBACK_SECONDS\n",
        "litellm/responses/main.py": "from litellm.constants import DEFAULT_CHAT_COMPLETION_PARAM_VALUES, request_timeout\n",
    }.items():
        (pkg / rel).parent.mkdir(parents=True, exist_ok=True)
        (pkg / rel).write_text(text, encoding="utf-8")
    return pkg


def test_litellm_defaults_and_their_environment_variable(tmp_path):
    pkg = _litellm_tree(tmp_path, '_request_timeout_from_env: Final = get_env_float_or_none("REQUEST_TIMEOUT")')
    found = _script().litellm_defaults(pkg)
    assert (found["completion_timeout"], found["responses_timeout"], found["environment"]) == (600.0, 6000.0, "REQUEST_TIMEOUT")


def test_a_release_that_reads_another_variable_stops_the_script(tmp_path):
    pkg = _litellm_tree(tmp_path, '_request_timeout_from_env: Final = get_env_float_or_none("LITELLM_TIMEOUT")')
    with pytest.raises(SystemExit, match="REQUEST_TIMEOUT"):
        _script().litellm_defaults(pkg)
