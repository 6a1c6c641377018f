"""The results cache: same findings warm as cold, a miss on any change, safe under concurrent runs."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from conftest import CASES, run_cli
from flexlint.core.diagnostics import Diagnostic, Related
from flexlint.run import cache as cache_module
from flexlint.run import paths, workers
from flexlint.run.cache import Cache, clean
from flexlint.run.engine import FileResult
from flexlint.run.paths import Options, lint_paths

BODY = (CASES / "openai-raw" / "responses-body.json").read_bytes()  # wrong-key-casing, wrong-api-parameter


def _tree(root: Path) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "body.json").write_bytes(BODY)
    (root / "client.py").write_text(
        "from openai import OpenAI\nclient = OpenAI(max_retries=0)\n"
        "client.responses.create(model='gpt-5-mini', input='hi', service_tier='flex')\n"
    )
    (root / "unrelated.json").write_text('{"name": "x"}')
    return root


def _run(root: Path, monkeypatch, *, jobs: int = 1, forbid_linting: bool = False, **extra) -> list[Diagnostic]:
    """One run, as a new process would make it (configuration files read afresh)."""
    from flexlint.config import files, resolver

    for cached in (files.find_config, files.load_config, resolver._load_ruleset):
        cached.cache_clear()
    monkeypatch.chdir(root)
    if forbid_linting:
        def fail(*args, **kwargs):
            raise AssertionError("a file was linted although the cache holds its result")

        monkeypatch.setattr(paths, "lint_bytes", fail)
        monkeypatch.setenv("FLEXLINT_DEBUG", "1")  # our bugs are raised, not reported as internal-error findings
    try:
        return lint_paths(["."], Options(jobs=jobs, cache=True, **extra)).diagnostics
    finally:
        monkeypatch.undo() if forbid_linting else None


def test_a_warm_run_gives_the_cold_findings_without_linting(tmp_path, monkeypatch):
    root = _tree(tmp_path / "repo")
    cold = _run(root, monkeypatch)
    assert {d.rule for d in cold} >= {"wrong-key-casing", "wrong-api-parameter"}
    assert (root / ".flexlint_cache" / "CACHEDIR.TAG").is_file()
    assert (root / ".flexlint_cache" / ".gitignore").read_text() == "*\n"
    warm = _run(root, monkeypatch, forbid_linting=True)
    assert warm == cold
    # Fixes are not part of a diagnostic's equality: compare them too (--fix and the editor use them).
    assert [d.autofix for d in warm] == [d.autofix for d in cold]
    assert any(d.autofix is not None and d.autofix.edits for d in warm)
    monkeypatch.chdir(root)
    assert lint_paths(["."], Options(jobs=1)).diagnostics == cold  # and the same as without a cache


def test_a_warm_parallel_run_starts_no_pool(tmp_path, monkeypatch):
    root = _tree(tmp_path / "repo")
    for i in range(40):  # above the parallel threshold
        (root / f"body{i}.json").write_bytes(BODY)
    cold = _run(root, monkeypatch, jobs=2)
    monkeypatch.chdir(root)
    import concurrent.futures

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started although the cache holds every result")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    assert lint_paths(["."], Options(jobs=2, cache=True)).diagnostics == cold


def test_changed_content_configuration_or_rule_pack_is_a_miss(tmp_path, monkeypatch):
    root = _tree(tmp_path / "repo")
    _run(root, monkeypatch)
    (root / "sub" / "body.json").write_bytes(BODY.replace(b"gpt", b"gpt", 1) + b"\n")
    with pytest.raises(AssertionError, match="was linted"):
        _run(root, monkeypatch, forbid_linting=True)
    _run(root, monkeypatch)
    (root / ".flexlint.toml").write_text('ignore = ["wrong-api-parameter"]\n')
    with pytest.raises(AssertionError, match="was linted"):
        _run(root, monkeypatch, forbid_linting=True)
    found = _run(root, monkeypatch)
    assert "wrong-api-parameter" not in {d.rule for d in found}
    # A rule pack: the same rules under new codes are a different selection.
    pack = root / "team"
    pack.mkdir()
    client = (Path(paths.__file__).resolve().parents[2] / "rules" / "client.yaml").read_text()
    (pack / "client.yaml").write_text(client.replace("code: FLX4", "code: FLX9").replace("slug: ", "slug: team-"))
    (root / ".flexlint.toml").write_text('rule-packs = ["team"]\n')
    with pytest.raises(AssertionError, match="was linted"):
        _run(root, monkeypatch, forbid_linting=True)


def test_the_code_and_data_fingerprint_follows_the_catalog(tmp_path, monkeypatch):
    data = tmp_path / "data"
    for name in ("rules", "schemas"):
        (data / name).mkdir(parents=True)
    catalog = data / "schemas" / "models.yaml"
    catalog.write_text("models: []\n")
    monkeypatch.setattr(cache_module, "data_dir", lambda name: data / name)
    cache_module.code_fingerprint.cache_clear()
    try:
        before = cache_module.code_fingerprint()
        catalog.write_text("models: [{id: x}]\n")
        cache_module.code_fingerprint.cache_clear()
        assert cache_module.code_fingerprint() != before
    finally:
        cache_module.code_fingerprint.cache_clear()


def test_a_damaged_entry_is_a_miss_and_is_rewritten(tmp_path, monkeypatch):
    root = _tree(tmp_path / "repo")
    cold = _run(root, monkeypatch)
    for entry in (root / ".flexlint_cache").rglob("*"):
        if entry.is_file() and len(entry.name) == 64:
            entry.write_text('{"diagnostics": [')
    assert _run(root, monkeypatch) == cold
    assert _run(root, monkeypatch, forbid_linting=True) == cold


def _hammer(folder: str, rounds: int) -> int:
    """Write and read the same entries as other processes do; count reads that were not whole."""
    cache = Cache(Path(folder))
    diag = Diagnostic("a.json", 1, 2, 1, 5, "error", "FLX102", "wrong-key-casing", "m" * 2000, "f",
                      (Related("a.json", 3, 4, "r"),), "a.b")
    result = FileResult("a.json", [diag] * 20, recognised=True)
    bad = 0
    for i in range(rounds):
        key = f"{i % 5:064x}"
        cache.put(key, result)
        got = cache.get(key, "a.json")
        if got is None or got.diagnostics != result.diagnostics:
            bad += 1
    return bad


def test_concurrent_runs_never_see_half_an_entry(tmp_path):
    folder = tmp_path / "cache"
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ctx.Pool(4) as pool:
        assert pool.starmap(_hammer, [(str(folder), 150)] * 4) == [0, 0, 0, 0]
    assert not list(folder.rglob("*.tmp"))


def test_clean_removes_only_a_flexlint_cache(tmp_path, monkeypatch):
    root = _tree(tmp_path / "repo")
    _run(root, monkeypatch)
    assert clean(root / ".flexlint_cache")
    assert not (root / ".flexlint_cache").exists()
    other = tmp_path / "not-a-cache"
    other.mkdir()
    (other / "keep.txt").write_text("x")
    assert not clean(other)
    assert (other / "keep.txt").exists()


def test_cli_no_cache_and_clean(tmp_path):
    root = _tree(tmp_path / "repo")
    first = run_cli("--format", "json", "--no-cache", ".", cwd=root)
    assert not (root / ".flexlint_cache").exists()
    second = run_cli("--format", "json", ".", cwd=root)
    assert (root / ".flexlint_cache").is_dir()
    third = run_cli("--format", "json", ".", cwd=root)
    assert json.loads(first.stdout) == json.loads(second.stdout) == json.loads(third.stdout)
    assert first.returncode == second.returncode == third.returncode == 1
    done = run_cli("clean", cwd=root)
    assert done.returncode == 0 and "removed" in done.stderr.decode()
    assert not (root / ".flexlint_cache").exists()
    assert "no cache" in run_cli("clean", cwd=root).stderr.decode()


# ------------------------------------------------------------------ with supervised workers and limits


def _dispatched(monkeypatch) -> list[str]:
    """The files each run hands to its workers (what the cache did not answer)."""
    seen: list[str] = []
    real = paths._run

    def spy(work, *args, **kwargs):
        seen.extend(c.display for _, c in work)
        yield from real(work, *args, **kwargs)

    monkeypatch.setattr(paths, "_run", spy)
    return seen


needs_fork = pytest.mark.skipif(not workers.available(), reason="supervised workers need fork()")


@needs_fork
def test_the_cache_is_read_before_a_worker_and_keeps_only_complete_readings(tmp_path, monkeypatch):
    """A file that crashed its worker is linted (in a worker) again next time; the others are answered here."""
    import os
    import signal

    from flexlint.sources import python_source

    real = python_source.parse

    def parse(code, unit, *rest):
        if "CRASH-HERE" in code:
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(code, unit, *rest)

    monkeypatch.setattr(python_source, "parse", parse)
    root = _tree(tmp_path / "repo")
    (root / "bad.py").write_text("from openai import OpenAI\nclient = OpenAI()\n# CRASH-HERE\n"
                                 "client.responses.create(model='gpt-5', input='x', service_tier='flex')\n")
    monkeypatch.chdir(root)
    seen = _dispatched(monkeypatch)
    options = Options(isolate=True, jobs=1, cache=True, isolated=True)
    cold = lint_paths(["."], options)
    assert [d.rule for d in cold.diagnostics if d.path == "bad.py"] == ["parse-error"]
    assert "killed by SIGSEGV" in next(d.message for d in cold.diagnostics if d.path == "bad.py")
    assert sorted(seen) == ["bad.py", "client.py", os.path.join("sub", "body.json")]
    seen.clear()
    warm = lint_paths(["."], options)
    assert seen == ["bad.py"]  # only the file whose reading failed goes to a worker again
    assert warm.diagnostics == cold.diagnostics


@needs_fork
def test_limit_flags_are_part_of_the_key_and_a_limit_error_is_never_kept(tmp_path, monkeypatch):
    from flexlint.core.limits import Limits

    root = _tree(tmp_path / "repo")
    (root / "deep.json").write_text('{"model": "gpt-5", "service_tier": "flex", "x": ' + "[" * 20 + "]" * 20 + "}")
    monkeypatch.chdir(root)
    seen = _dispatched(monkeypatch)
    lint_paths(["."], Options(isolate=True, jobs=1, cache=True, isolated=True))
    seen.clear()
    shallow = Options(isolate=True, jobs=1, cache=True, isolated=True, limits=Limits(max_depth=5))
    found = lint_paths(["."], shallow)
    assert "deep.json" in seen and len(seen) == 3  # other limits: every file is read again
    assert [d.rule for d in found.diagnostics if d.path == "deep.json"] == ["parse-error"]
    seen.clear()
    again = lint_paths(["."], shallow)
    assert seen == ["deep.json"]  # the limit's parse error was not kept; the complete readings were
    assert again.diagnostics == found.diagnostics


def test_a_result_that_is_not_a_complete_reading_is_never_written(tmp_path):
    cache = Cache(tmp_path / "cache")
    diag = Diagnostic("a.json", 1, 1, 1, 2, "error", "FLX000", "internal-error", "m", "f", (), "")
    for result in (FileResult("a.json", [diag]), FileResult("a.json", [], unreadable=True)):
        cache.put("ab" * 32, result)
        assert cache.get("ab" * 32, "a.json") is None
