"""`-j auto`: workers only when the parsing outweighs starting them."""

from __future__ import annotations

import concurrent.futures
import json
from pathlib import Path

from conftest import run_cli
from flexlint.run import paths
from flexlint.run.paths import AUTO, AUTO_MIN_WORK, Candidate, Options, auto_jobs, lint_paths

BODY = b'{"model": "gpt-5-mini", "serviceTier": "flex", "input": "hi"}'


def _candidates(root: Path, name: str, count: int, size: int) -> list[Candidate]:
    root.mkdir(exist_ok=True)
    out = []
    for i in range(count):
        path = root / f"{i}{name}"
        path.write_bytes(b"#" * size)
        out.append(Candidate(path, str(path), False))
    return out


def test_small_work_gets_one_process_and_large_python_work_gets_workers(tmp_path):
    json_files = _candidates(tmp_path / "j", ".json", 1000, 200)
    assert auto_jobs(json_files, cores=8) == 1  # 200 kB of JSON: a pool costs more than it saves
    big_json = _candidates(tmp_path / "bj", ".json", 4, AUTO_MIN_WORK)
    assert auto_jobs(big_json, cores=8) == 1  # JSON parses fast: 6 MB are still not worth a pool
    python = _candidates(tmp_path / "p", ".py", 40, AUTO_MIN_WORK // 10)
    assert auto_jobs(python, cores=2) == 2
    assert auto_jobs(python, cores=1) == 1


def test_auto_on_many_small_files_starts_no_pool_and_finds_the_same(tmp_path, monkeypatch):
    for i in range(60):
        (tmp_path / f"b{i:02d}.json").write_bytes(BODY if i % 3 == 0 else b'{"name": "x"}')
    monkeypatch.chdir(tmp_path)
    one = lint_paths(["."], Options(jobs=1, isolated=True)).diagnostics

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a few kilobytes of JSON")

    monkeypatch.setattr(paths, "_cores", lambda: 2)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    auto = lint_paths(["."], Options(jobs=AUTO, isolated=True)).diagnostics
    assert auto == one and len(auto) == 20


def test_cli_jobs_values(tmp_path):
    (tmp_path / "body.json").write_bytes(BODY)
    outputs = [run_cli("--format", "json", "-j", value, ".", cwd=tmp_path) for value in ("auto", "0", "1", "2")]
    assert {proc.returncode for proc in outputs} == {1}
    assert len({json.dumps(json.loads(proc.stdout)) for proc in outputs}) == 1
    bad = run_cli("-j", "many", ".", cwd=tmp_path)
    assert bad.returncode == 2 and "neither a number nor auto" in bad.stderr.decode()
