"""Real public Python files give exactly the findings labelled by hand, and no others.

The labels (with why each is right) are in ``python-labels.yaml``; the files
and their sources in ``real/SOURCES.md``. The whole folder is linted once
through the CLI, as a user would, and each file is also read to count its
request sites, so a file that stays silent is known to have been read.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_cli

CORPUS = ROOT / "tests" / "corpus" / "real"
LABELS = yaml.safe_load((ROOT / "tests" / "corpus" / "python-labels.yaml").read_text(encoding="utf-8"))
FILES = sorted(p.name for p in CORPUS.glob("*.py"))


@lru_cache(maxsize=1)
def findings() -> dict[str, list[tuple[int, int, str]]]:
    proc = run_cli("--format", "json", str(CORPUS))
    assert proc.stderr == b"", proc.stderr.decode()
    out: dict[str, list[tuple[int, int, str]]] = {name: [] for name in FILES}
    for d in json.loads(proc.stdout):
        name = Path(d["path"]).name
        if name.endswith(".py"):
            out[name].append((d["line"], d["column"], d["rule"]))
            assert d["fix"] and d["message"], d
    return out


def test_every_file_is_labelled_and_every_label_has_a_file():
    assert FILES and sorted(LABELS) == FILES
    for name, label in LABELS.items():
        for finding in label["findings"]:
            assert finding["why"].strip(), (name, finding)


@pytest.mark.parametrize("name", FILES)
def test_real_python_file_gives_its_labelled_findings(name):
    expected = [(f["line"], f["column"], f["rule"]) for f in LABELS[name]["findings"]]
    assert findings()[name] == expected


@pytest.mark.parametrize("name", FILES)
def test_real_python_file_is_read(name):
    from flexlint.dialects import choose
    from flexlint.run.documents import read_documents as load

    path = CORPUS / name
    (document,) = load(str(path), path.read_bytes())
    dialect = choose(document)
    assert dialect is not None and dialect.name == "python"
    assert len(dialect.read(document).sites) == LABELS[name]["sites"]
