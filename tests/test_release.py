"""What a release needs: a licence, a changelog for the current version, and an sdist and wheel that pass
`twine check` (RELEASING.md's steps, run on a copy of this checkout)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import zipfile

import pytest

from conftest import ROOT

VERSION = re.search(r'__version__ = "([^"]+)"', (ROOT / "flexlint" / "__init__.py").read_text()).group(1)


def pyproject() -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_licence_file_and_metadata_agree():
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License\n") and "Permission is hereby granted, free of charge" in text
    project = pyproject()["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]


def test_changelog_has_unreleased_and_the_current_version():
    text = (ROOT / "CHANGELOG.md").read_text()
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings[0] == "[Unreleased]"
    versions = [h for h in headings[1:]]
    assert all(re.fullmatch(r"\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}", h) for h in versions), versions
    assert versions[0].startswith(f"[{VERSION}] - "), "the newest released section must be the current version"
    for section in re.findall(r"^### (.+)$", text, flags=re.M):
        assert section in ("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")


@pytest.mark.slow
def test_sdist_and_wheel_build_and_pass_twine_check(tmp_path):
    pytest.importorskip("build")
    pytest.importorskip("twine")
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache", ".hypothesis"))
    built = subprocess.run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(tmp_path / "dist"), str(src)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    sdist, = (tmp_path / "dist").glob("flexlint-*.tar.gz")
    wheel, = (tmp_path / "dist").glob("flexlint-*.whl")
    assert sdist.name == f"flexlint-{VERSION}.tar.gz" and wheel.name.startswith(f"flexlint-{VERSION}-py3-none-any")
    check = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(sdist), str(wheel)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("PASSED") == 2
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        metadata = zf.read(f"flexlint-{VERSION}.dist-info/METADATA").decode()
    assert "License-Expression: MIT" in metadata and "License-File: LICENSE" in metadata
    assert f"flexlint-{VERSION}.dist-info/licenses/LICENSE" in names
    assert "flexlint/docs/rules/wrong-key-casing.md" in names and "flexlint/rules/source.yaml" in names
    with tarfile.open(sdist) as tf:
        members = {m.name.split("/", 1)[1] for m in tf.getmembers() if "/" in m.name}
    assert {"LICENSE", "CHANGELOG.md", "RELEASING.md", "docs/rules/README.md", "pyproject.toml"} <= members
