"""The wheel users install: built from this checkout, installed into a fresh venv, run from elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv

import pytest

from conftest import CASES, ROOT

pytestmark = pytest.mark.slow


def _run(*cmd, cwd=None, check=True):
    # Without PYTHONPATH: the installed wheel must be what runs, even when the suite itself runs from a checkout.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"{cmd}: {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    # Build from a copy so the checkout gets no build artefacts.
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv*", "__pycache__", "*.egg-info", "build", "dist"))
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work / "dist", src)
    wheels = list((work / "dist").glob("flexlint-*.whl"))
    assert len(wheels) == 1
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    _run(bindir / "python", "-m", "pip", "install", "-q", wheels[0])
    return wheels[0], bindir


def test_wheel_contains_data(installed):
    import zipfile

    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert "flexlint/rules/parameters.yaml" in names
    assert "flexlint/schemas/openai/responses.create.json" in names
    assert "flexlint/schemas/ai-sdk/openai-provider-options.json" in names


def test_installed_cli_runs_outside_the_repo(installed, tmp_path):
    _, bindir = installed
    body = tmp_path / "body.json"
    shutil.copy(CASES / "openai-raw" / "responses-body.json", body)
    proc = _run(bindir / "flexlint", "--format", "json", "body.json", cwd=tmp_path, check=False)
    assert proc.returncode == 1, proc.stderr
    assert [d["rule"] for d in json.loads(proc.stdout)] == ["wrong-key-casing", "wrong-api-parameter", "wrong-api-parameter"]
    doc = _run(bindir / "flexlint", "rule", "FLX102", cwd=tmp_path)
    assert "wrong-key-casing" in doc.stdout
    mod = _run(bindir / "python", "-m", "flexlint", "rules", cwd=tmp_path)
    assert "flex-no-retry" in mod.stdout
    where = _run(bindir / "python", "-c", "import flexlint, sys; print(flexlint.__file__)", cwd=tmp_path)
    assert str(ROOT) not in where.stdout


def test_installed_cli_reads_typescript(installed, tmp_path):
    """`pip install flexlint` brings the JavaScript/TypeScript parser: a .ts file is read with no extra step."""
    _, bindir = installed
    (tmp_path / "summarise.ts").write_text(
        'import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\n'
        'await generateText({ model: openai("gpt-5.4-mini"), prompt: "x", providerOptions: { openai: { service_tier: "flex" } } });\n'
    )
    proc = _run(bindir / "flexlint", "--format", "json", "summarise.ts", cwd=tmp_path, check=False)
    assert proc.returncode == 1, proc.stderr
    assert [(d["rule"], d["line"]) for d in json.loads(proc.stdout)] == [("wrong-key-casing", 3)]


def test_installed_rule_links_open_the_shipped_pages(installed, tmp_path):
    _, bindir = installed
    code = ("from flexlint.config.rulesets import load_ruleset; from urllib.parse import urlsplit, unquote; "
            "import pathlib, flexlint; url = load_ruleset().get('FLX102').url; page = pathlib.Path(unquote(urlsplit(url).path)); "
            "print(page.is_file(), page.is_relative_to(pathlib.Path(flexlint.__file__).parent), page.name)")
    out = _run(bindir / "python", "-c", code, cwd=tmp_path).stdout.split()
    assert out == ["True", "True", "wrong-key-casing.md"]
