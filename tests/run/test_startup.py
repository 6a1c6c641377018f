"""What a run imports: a JSON-only run never loads PyYAML, jsonschema, libcst or tree-sitter.

Start-up cost is a matter of design (precompiled data, lazy imports, the
quick accept-path before jsonschema), so it is tested by what is imported,
never by a timing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("yaml", "jsonschema", "referencing", "libcst", "tree_sitter", "cramjam", "sqlite3")

PROBE = """
import runpy, sys
sys.argv = ["flexlint", *sys.argv[1:]]
try:
    runpy.run_module("flexlint", run_name="__main__")
except SystemExit:
    pass
import json
print("\\nMODULES=" + json.dumps(sorted(sys.modules)))
"""


def imported(*args: str, cwd: Path, in_process: bool = False) -> tuple[set[str], str]:
    modules, out = imported_modules(*args, cwd=cwd, in_process=in_process)
    return {m.split(".")[0] for m in modules}, out


def imported_modules(*args: str, cwd: Path, in_process: bool = False) -> tuple[set[str], str]:
    """The top-level modules the run's own process imported, and its output.

    Files are linted in a forked worker, which starts with what the parent has and imports the
    rest itself; ``in_process`` lints in the calling process (as where workers are unavailable),
    so what the linting of a file imports is seen too.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    env.pop("FLEXLINT_DEBUG", None)
    if in_process:
        env["FLEXLINT_DEBUG"] = "1"
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd, env=env)
    out, _, modules = proc.stdout.rpartition("\nMODULES=")
    return set(json.loads(modules)), out


def test_a_valid_json_body_imports_no_yaml_schema_validator_or_python_parser(tmp_path):
    body = tmp_path / "body.json"
    body.write_text(json.dumps({"model": "gpt-5-mini", "service_tier": "flex", "input": "hi"}))
    for in_process in (False, True):  # neither the parent of its worker nor the linting itself
        top, out = imported(str(body), cwd=tmp_path, in_process=in_process)
        assert "flexlint" in top and "body.json" not in out
        assert not top.intersection(HEAVY), sorted(top.intersection(HEAVY))


def test_a_json_body_with_a_mistake_still_imports_no_yaml(tmp_path):
    body = tmp_path / "body.json"
    body.write_text(json.dumps({"model": "gpt-5-mini", "serviceTier": "flex", "input": "hi"}))
    top, out = imported(str(body), cwd=tmp_path, in_process=True)
    assert "unknown-parameter" in out or "wrong-key-casing" in out  # found, through jsonschema
    assert "jsonschema" in top and "yaml" not in top and "libcst" not in top


def test_a_yaml_config_loads_the_yaml_parser_it_needs(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("model_list:\n  - model_name: gpt\n    litellm_params:\n      model: openai/gpt-5-mini\n      service_tier: flex\n")
    top, _ = imported(str(config), cwd=tmp_path, in_process=True)
    assert "yaml" in top


def test_a_small_json_file_is_linted_in_the_process_itself(tmp_path):
    """The standard library's decoder cannot crash or expand: a worker would only cost its start."""
    body = tmp_path / "body.json"
    body.write_text(json.dumps({"model": "gpt-5.3-codex", "service_tier": "flex", "input": "hi"}))
    modules, out = imported_modules(str(body), cwd=tmp_path)
    assert "flex-unsupported-model" in out
    assert "flexlint.run.workers" not in modules


@pytest.mark.skipif(not hasattr(os, "fork"), reason="supervised workers need fork()")
@pytest.mark.parametrize("name, text", [
    ("config.yaml", "model_list:\n  - model_name: gpt\n    litellm_params:\n      model: openai/gpt-5-mini\n"),
    ("client.py", "from openai import OpenAI\nOpenAI().responses.create(model='gpt-5', input='x')\n"),
    ("big.json", json.dumps({"model": "gpt-5-mini", "input": "x" * 300_000})),  # beyond the in-process size
])
def test_native_parsers_and_large_files_get_a_supervised_worker(tmp_path, name, text):
    (tmp_path / name).write_text(text)
    modules, _ = imported_modules(name, cwd=tmp_path)
    assert "flexlint.run.workers" in modules


RECORD_PROBE = PROBE.replace('print("\\nMODULES=" + json.dumps(sorted(sys.modules)))', '''
import dataclasses, inspect
generated = []
for name, module in list(sys.modules.items()):
    if not name.startswith("flexlint"):
        continue
    for cls in vars(module).values():
        if inspect.isclass(cls) and cls.__module__ == name and dataclasses.is_dataclass(cls):
            if cls.__init__.__code__.co_filename == "<string>":  # written and compiled by dataclasses at import
                generated.append(f"{name}.{cls.__qualname__}")
print("\\nMODULES=" + json.dumps(sorted(generated)))
''')
# Types built by the thousand keep the methods dataclasses generate (a record's generic __init__ is slower).
HOT_DATACLASSES = {"flexlint.core.document.Span", "flexlint.core.document.Node", "flexlint.core.document.DuplicateKey",
                   "flexlint.core.document.SourceError"}


def test_a_json_run_generates_no_dataclass_code_but_for_the_hot_types(tmp_path):
    """Each @dataclass compiles code as its module loads; the records a run shares are declared with core.records."""
    body = tmp_path / "body.json"
    body.write_text(json.dumps({"model": "gpt-5.3-codex", "serviceTier": "flex", "input": "hi"}))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-c", RECORD_PROBE, str(body)], capture_output=True, text=True, cwd=tmp_path, env=env)
    out, _, listed = proc.stdout.rpartition("\nMODULES=")
    assert "wrong-key-casing" in out  # the run found something: findings, fixes and reports were loaded
    assert set(json.loads(listed)) <= HOT_DATACLASSES, sorted(set(json.loads(listed)) - HOT_DATACLASSES)
