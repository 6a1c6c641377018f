"""A run over many files in a process pool gives the same bytes as one process, in the same order."""

from __future__ import annotations

import shutil

from conftest import ROOT, run_cli

from flexlint.run.paths import PARALLEL_THRESHOLD


def test_pool_and_single_process_agree(tmp_path):
    sources = sorted(p for p in (ROOT / "examples").iterdir() if p.is_file())
    copies = 0
    while copies < PARALLEL_THRESHOLD + 8:
        for src in sources:
            folder = tmp_path / f"d{copies:03d}"
            folder.mkdir(exist_ok=True)
            shutil.copy(src, folder / src.name)
            copies += 1
    # unrelated files the prefilter drops, in the same tree
    (tmp_path / "notes.json").write_text('{"title": "nothing here"}')
    (tmp_path / "tool.py").write_text("import os\nprint(os.getcwd())\n")
    one = run_cli("--format", "json", "--jobs", "1", ".", cwd=tmp_path)
    two = run_cli("--format", "json", "--jobs", "2", ".", cwd=tmp_path)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and len(one.stdout) > 1000
