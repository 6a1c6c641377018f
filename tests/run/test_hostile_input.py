"""Hostile input: no crash, no hang, no unbounded read; a broken file costs only itself.

Each test builds its reproducer in code (nothing is checked in): the shapes
a fuzzing campaign and targeted attacks found breaking flexlint.
"""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from flexlint.api import Options, lint_paths, lint_source
from flexlint.core.limits import Limits
from flexlint.run import workers
from flexlint.run.paths import PARALLEL_THRESHOLD
from flexlint.sources.archive import Archive

FLEX_BODY = b'{"model": "gpt-5.3-codex", "input": "hi", "service_tier": "flex"}'
HEAD = "from openai import OpenAI\nclient = OpenAI()\n"
needs_fork = pytest.mark.skipif(not workers.available(), reason="supervised workers need fork()")


def rules(result) -> list[str]:
    return [d.rule for d in result.diagnostics]


def only(result, rule: str):
    found = [d for d in result.diagnostics if d.rule == rule]
    assert len(found) == 1, result.diagnostics
    return found[0]


# ------------------------------------------------------------------ Python that libcst cannot take


@pytest.mark.parametrize(
    "code, words",
    [
        ("x = " + "(" * 1500 + "1" + ")" * 1500, "nested deeper than 200 brackets"),  # segfaulted libcst
        ("x = " + "-" * 20000 + "1", "nests or chains more than 500"),  # 3 GB and an abort
        ("x = " + "not " * 20000 + "1", "nests or chains more than 500"),
        ("x = a" + ".b" * 8000, "nests or chains more than 500"),  # minutes
        ("x = a" + "+b" * 8000, "nests or chains more than 500"),
        ("x = f" + "()" * 8000, "nests or chains more than 500"),
        ("x = 'a'" + " 'a'" * 8000, "nests or chains more than 500"),
    ],
)
def test_python_beyond_the_shape_limits_is_a_parse_error_before_libcst(code, words):
    result = lint_source((HEAD + code + "\n").encode(), "deep.py")
    d = only(result, "parse-error")
    assert words in d.message and d.line == 3 and result.unreadable


def test_python_within_the_limits_is_parsed_and_checked():
    code = HEAD + "x = a" + "+b" * 450 + "\n" + "y = " + "(" * 150 + "1" + ")" * 150 + "\n" \
        + "client.responses.create(model='gpt-5.3-codex', input='x', service_tier='flex')\n"
    result = lint_source(code.encode(), "ok.py")
    assert "flex-unsupported-model" in rules(result) and "parse-error" not in rules(result)


def test_long_plus_chains_allowed_by_a_raised_limit_do_not_recurse_out(tmp_path):
    code = HEAD + "client.responses.create(model='gpt-5.3-codex', input='a'" + "+'a'" * 3000 + ", service_tier='flex')\n"
    (tmp_path / "plus.py").write_text(code)
    proc = run_cli("--max-python-chain", "4000", "--format", "json", "plus.py", cwd=tmp_path)
    found = {d["rule"] for d in json.loads(proc.stdout)}
    assert "flex-unsupported-model" in found and "internal-error" not in found, proc.stderr


def test_python_larger_than_the_limit_is_not_parsed():
    code = HEAD + "x = 1\n" * 5
    result = lint_source(code.encode(), "big.py", Options(limits=Limits(max_python_size=50)))
    assert "larger than" in only(result, "parse-error").message


# ------------------------------------------------------------------ a crash, a hang, a memory bomb: only that file


def _crash_on(marker: str, how: str):
    """A stand-in for a native parser failing on one input (the real ones are fixed; the guard must stay)."""
    from flexlint.sources import python_source

    real = python_source.parse

    def parse(code, unit, *rest):
        if marker in code:
            if how == "segv":
                os.kill(os.getpid(), signal.SIGSEGV)
            elif how == "hang":
                time.sleep(60)
            elif how == "memory":
                hog = [bytearray(64 * 1024 * 1024) for _ in range(1000)]
                return hog
        return real(code, unit, *rest)

    return parse


def _tree(tmp_path: Path, files: int) -> None:
    for i in range(files):
        (tmp_path / f"b{i:03d}.json").write_bytes(FLEX_BODY)
    (tmp_path / "zz_bad.py").write_text(HEAD + "# CRASH-HERE\nclient.responses.create(model='gpt-5', input='x')\n")


@needs_fork
@pytest.mark.parametrize("files", [2, PARALLEL_THRESHOLD + 4])  # one worker, and the parallel pool
@pytest.mark.parametrize("how, words", [("segv", "killed by SIGSEGV"), ("hang", "longer than 2 seconds"),
                                        ("memory", "memory")])
def test_a_file_that_kills_its_worker_is_a_parse_error_and_the_rest_is_checked(tmp_path, monkeypatch, files, how, words):
    from flexlint.sources import python_source

    monkeypatch.setattr(python_source, "parse", _crash_on("CRASH-HERE", how))
    _tree(tmp_path, files)
    limits = Limits(timeout=2, max_memory=256 * 1024 * 1024)
    result = lint_paths([tmp_path], Options(isolate=True, jobs=2, isolated=True, limits=limits))
    bad = [d for d in result.diagnostics if d.path.endswith("zz_bad.py")]
    assert [d.rule for d in bad] == ["parse-error"] and words in bad[0].message, bad
    assert result.unreadable
    flagged = {d.path for d in result.diagnostics if d.rule == "flex-unsupported-model"}
    assert len(flagged) == files  # every other file still has its findings


@needs_fork
def test_a_one_line_json_bigger_than_the_memory_limit_costs_only_itself(tmp_path):
    """A 53 MB one-line JSON took 1.3 GB; past --max-memory it is that file's parse-error, named as memory."""
    # 600,000 parts: even decoded by the C decoder (the fast route for large JSON) they take more than 64 MB.
    items = b",".join([b'{"type": "input_text", "text": "x"}'] * 600_000)
    (tmp_path / "big.json").write_bytes(b'{"model": "gpt-5.3-codex", "input": [' + items + b'], "service_tier": "flex"}')
    (tmp_path / "small.json").write_bytes(FLEX_BODY)
    limits = Limits(max_memory=64 * 1024 * 1024)
    result = lint_paths([tmp_path], Options(isolate=True, isolated=True, limits=limits))
    big = [d for d in result.diagnostics if d.path.endswith("big.json")]
    assert [d.rule for d in big] == ["parse-error"] and "more than the 64 MB of memory" in big[0].message, big
    assert any(d.path.endswith("small.json") and d.rule == "flex-unsupported-model" for d in result.diagnostics)


@needs_fork
def test_the_language_server_survives_a_file_that_crashes_the_parser(monkeypatch):
    pytest.importorskip("pygls")
    from flexlint.faces.lsp import lint_text
    from flexlint.sources import python_source

    monkeypatch.setattr(python_source, "parse", _crash_on("CRASH-HERE", "segv"))
    (diag,) = lint_text(HEAD + "# CRASH-HERE\n", "/tmp/editor.py", "utf-16")
    assert "killed by SIGSEGV" in diag.message
    assert lint_text(FLEX_BODY.decode(), "/tmp/body.json", "utf-16")  # and goes on serving


@needs_fork
def test_supervised_workers_name_the_task_that_crashed():
    def work(n):
        if n == 3:
            os.kill(os.getpid(), signal.SIGABRT)
        return n * 2

    out = dict(workers.supervised(list(range(6)), work, lambda n, f: f, Limits(timeout=30), jobs=2))
    assert {i: out[i] for i in (0, 1, 2, 4, 5)} == {0: 0, 1: 2, 2: 4, 4: 8, 5: 10}
    assert out[3].kind == "crash" and "SIGABRT" in out[3].detail


# ------------------------------------------------------------------ reading: what is read counts, special files


def test_a_sparse_file_is_refused_by_what_is_read(tmp_path):
    sparse = tmp_path / "sparse.json"
    with open(sparse, "wb") as fh:
        fh.write(b'{"model": "gpt-5", "x": "')
        fh.truncate(8 * 1024 * 1024)  # claims 8 MB, holds a few bytes and a hole
    result = lint_paths([sparse], Options(max_file_size=1024 * 1024))
    assert "larger than the 1 MB" in only(result, "parse-error").message


def test_a_symlink_to_an_endless_device_named_explicitly_is_refused(tmp_path):
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    proc = run_cli("--format", "json", "zero.json", cwd=tmp_path)
    assert proc.returncode == 2 and "character device" in json.loads(proc.stdout)[0]["message"]


def test_special_files_found_in_a_walk_are_skipped_with_a_note(tmp_path):
    (tmp_path / "body.json").write_bytes(FLEX_BODY)
    os.mkfifo(tmp_path / "pipe.json")  # no writer: opening it would block forever
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock.json"))
    try:
        proc = run_cli("--format", "json", ".", cwd=tmp_path)
    finally:
        sock.close()
    assert proc.returncode == 1, proc.stderr
    assert {d["path"] for d in json.loads(proc.stdout)} == {"body.json"}
    notes = proc.stderr.decode()
    for name, what in (("pipe.json", "named pipe"), ("zero.json", "character device"), ("sock.json", "socket")):
        assert f"note: {name}: skipped: a {what}" in notes


def test_a_device_named_on_the_command_line_is_refused(tmp_path):
    proc = run_cli("--format", "json", "/dev/urandom", cwd=tmp_path)
    assert proc.returncode == 2 and "character device, not a file" in json.loads(proc.stdout)[0]["message"]


def test_a_pipe_named_on_the_command_line_is_read():
    proc = subprocess.run(
        ["bash", "-c", f'{sys.executable} -m flexlint --format json <(printf %s \'{FLEX_BODY.decode()}\')'],
        capture_output=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 1, proc.stderr
    assert "flex-unsupported-model" in {d["rule"] for d in json.loads(proc.stdout)}


def test_a_named_fifo_without_a_writer_named_explicitly_reads_as_empty(tmp_path):
    os.mkfifo(tmp_path / "pipe.json")
    proc = run_cli("--format", "json", "pipe.json", cwd=tmp_path)
    assert proc.returncode in (0, 2) and b"Traceback" not in proc.stderr


# ------------------------------------------------------------------ containers: one bad member or database, one file


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _cherry_data_json() -> bytes:
    return (ROOT / "tests/cases/cherry-studio/backup-v1.9-data.json").read_bytes()


def _patch_method(raw: bytes, method: int) -> bytes:
    out = bytearray(raw)
    for sig, offset in ((b"PK\x01\x02", 10), (b"PK\x03\x04", 8)):
        at = out.find(sig)
        while at != -1:
            out[at + offset : at + offset + 2] = method.to_bytes(2, "little")
            at = out.find(sig, at + 4)
    return bytes(out)


def _undecodable_name(raw: bytes) -> bytes:
    out = bytearray(raw)
    at = out.find(b"PK\x01\x02")
    out[at + 8 : at + 10] = (int.from_bytes(out[at + 8 : at + 10], "little") | 0x800).to_bytes(2, "little")
    out[at + 46] = 0xFF
    return bytes(out)


def _corrupt_data(raw: bytes) -> bytes:
    out = bytearray(raw)
    at = out.find(b"PK\x03\x04") + 30 + len("data.json")
    for k in range(at, at + 40):
        out[k] ^= 0x5A
    return bytes(out)


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_LZMA, zipfile.ZIP_BZIP2])
@pytest.mark.parametrize("damage", ["unsupported method", "undecodable name", "corrupt data"])
def test_a_broken_zip_aborts_only_itself(tmp_path, method, damage):
    raw = _zip({"data.json": _cherry_data_json(), "Data/": b""}, method)
    raw = {"unsupported method": lambda r: _patch_method(r, 99), "undecodable name": _undecodable_name,
           "corrupt data": _corrupt_data}[damage](raw)
    (tmp_path / "backup.zip").write_bytes(raw)
    (tmp_path / "body.json").write_bytes(FLEX_BODY)
    proc = run_cli("--format", "json", "backup.zip", "body.json", cwd=tmp_path)
    found = json.loads(proc.stdout)
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr and b"Usage" not in proc.stderr
    assert {(d["path"], d["rule"]) for d in found if d["path"] == "backup.zip"} <= {("backup.zip", "parse-error")}
    assert any(d["path"] == "body.json" and d["rule"] == "flex-unsupported-model" for d in found)
    assert all(d["rule"] != "internal-error" for d in found)


def test_a_zip_member_that_lies_about_its_size_costs_what_it_holds():
    import tracemalloc

    raw = bytearray(_zip({"data.json": b"{}"}, zipfile.ZIP_STORED))
    at = raw.find(b"PK\x01\x02")
    raw[at + 24 : at + 28] = (900 * 1024 * 1024).to_bytes(4, "little")  # says 900 MB uncompressed
    raw[at + 20 : at + 24] = (8 * 1024 * 1024).to_bytes(4, "little")  # and 8 MB compressed
    assert len(raw) < 200
    tracemalloc.start()
    with Archive(bytes(raw)) as archive:
        with pytest.raises(Exception) as caught:
            archive.read("data.json")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert type(caught.value).__name__ == "SourceError" and peak < 16 * 1024 * 1024


def test_a_zip_listing_too_many_members_is_refused_before_its_directory_is_read():
    raw = _zip({f"f{i}": b"" for i in range(50)})
    result = lint_source(raw, "backup.zip", Options(limits=Limits(max_members=10)))
    assert "lists 50 members" in only(result, "parse-error").message


def _cherry_db(path: Path, bomb: str | None = None, bad_schema: bool = False) -> None:
    conn = sqlite3.connect(path)
    extra = ", bomb BLOB GENERATED ALWAYS AS (1) VIRTUAL" if bomb else ""
    conn.executescript(
        f"CREATE TABLE user_provider (id TEXT, provider_id TEXT, preset_provider_id TEXT, name TEXT, provider_settings TEXT,"
        f" api_keys TEXT {extra});"
        f"CREATE TABLE user_model (id TEXT, provider_id TEXT, model_id TEXT, name TEXT);"
        f"CREATE TABLE assistant (id TEXT, name TEXT, model_id TEXT, settings TEXT {extra});"
    )
    conn.execute("INSERT INTO user_provider VALUES ('p', 'openai', 'openai', 'OpenAI', '{\"serviceTier\": \"flex\"}',"
                 " '[{\"key\": \"sk-proj-Zx81kLmN0pQrStUv2345abcdef\"}]')")
    conn.execute("INSERT INTO assistant (id, name, model_id, settings) VALUES ('a', CAST(? AS TEXT), 'openai::gpt-5.4-mini', '{}')",
                 (b"\xff\xfe name with shortsecret",))
    conn.commit()
    if bomb or bad_schema:
        conn.execute("PRAGMA writable_schema = ON")
        if bomb:
            conn.execute("UPDATE sqlite_master SET sql = replace(sql, 'AS (1)', ?) WHERE type = 'table'", (f"AS ({bomb})",))
        if bad_schema:
            conn.execute("UPDATE sqlite_master SET sql = CAST(? AS TEXT) WHERE name = 'user_model'",
                         (b"CREATE TABLE user_model (id \xff\xfe TEXT",))
        conn.commit()
    conn.close()


@pytest.mark.parametrize("bomb", ["zeroblob(2000000000)", "printf('%.*c', 1000000000, 'x')",
                                  "length(replace(hex(zeroblob(100000000)), '00', 'x'))"])
def test_sqlite_generated_columns_never_run(tmp_path, bomb):
    _cherry_db(tmp_path / "cherrystudio.sqlite", bomb)
    began = time.monotonic()
    result = lint_paths([tmp_path / "cherrystudio.sqlite"], Options(isolated=True))
    assert time.monotonic() - began < 20  # evaluating any of them takes seconds and gigabytes
    assert "internal-error" not in rules(result) and "parse-error" not in rules(result)


def test_a_sqlite_database_with_an_undecodable_schema_aborts_only_itself(tmp_path):
    _cherry_db(tmp_path / "cherrystudio.sqlite", bad_schema=True)
    (tmp_path / "body.json").write_bytes(FLEX_BODY)
    proc = run_cli("--format", "json", "cherrystudio.sqlite", "body.json", cwd=tmp_path)
    found = json.loads(proc.stdout)
    assert b"Traceback" not in proc.stderr and all(d["rule"] != "internal-error" for d in found)
    assert any(d["path"] == "body.json" and d["rule"] == "flex-unsupported-model" for d in found)
    assert "shortsecret" not in proc.stdout.decode() and "\\xff" not in proc.stdout.decode()


# ------------------------------------------------------------------ what used to be internal errors


def test_yaml_aliases_nesting_deeper_than_the_limit_are_a_parse_error():
    text = "a0: &a0 [x]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 1000))
    d = only(lint_source(text.encode(), "config.yaml"), "parse-error")
    assert "aliases nest deeper than 256 levels" in d.message


@pytest.mark.parametrize("name, text", [
    ("b.yaml", "model: gpt-5\ninput: x\nservice_tier: 0x" + "f" * 5000 + "\n"),
    ("a.py", HEAD + "client.responses.create(model='gpt-5', input='x', service_tier=0x" + "f" * 5000 + ")\n"),
    ("a.py", HEAD + "client.responses.create(model='gpt-5', input='x', timeout=1e308*" + "9" * 400 + ")\n"),
])
def test_integers_too_long_to_print_are_never_an_internal_error(name, text):
    assert "internal-error" not in rules(lint_source(text.encode(), name))


@pytest.mark.parametrize("notebook", [
    {"worksheets": [{"cells": "x"}, 5, {"cells": [5, {"cell_type": "code", "input": 5}]}], "nbformat": 3},
    {"worksheets": {"a": 1}},
    {"cells": [5, None, {"cell_type": "code", "source": {"a": 1}}, {"cell_type": "code", "source": ["x", 5]}]},
])
def test_notebooks_of_any_shape(notebook):
    assert "internal-error" not in rules(lint_source(json.dumps(notebook).encode(), "n.ipynb"))


def test_nbformat_3_worksheets_are_read():
    code = "from openai import OpenAI\nOpenAI().responses.create(model='gpt-5.3-codex', input='x', service_tier='flex')\n"
    nb = {"worksheets": [{"cells": [{"cell_type": "code", "input": code}]}], "nbformat": 3}
    assert "flex-unsupported-model" in rules(lint_source(json.dumps(nb).encode(), "n.ipynb"))


@pytest.mark.parametrize("code", ["import litellm\nlitellm()\n", "import litellm as l\nl()\nl.completion()\n"])
def test_a_call_of_the_litellm_module_itself(code):
    assert rules(lint_source(code.encode(), "a.py")) == []


@pytest.mark.parametrize("name, text", [
    ("librechat.yaml", "version: 1." + "9" * 5000 + "\nendpoints: {}\n"),
    ("body.json", json.dumps({"model": "gpt-" + "9" * 5000, "input": "x", "service_tier": "flex"})),
    ("body.json", json.dumps({"model": "o" + "9" * 5000, "input": "x", "service_tier": "flex"})),
])
def test_versions_with_thousands_of_digits_are_no_version(name, text):
    assert "internal-error" not in rules(lint_source(text.encode(), name))


# ------------------------------------------------------------------ TOML and JSON Lines

BATCH_LINE = json.dumps({"custom_id": "r1", "method": "POST", "url": "/v1/responses",
                         "body": {"model": "gpt-5.3-codex", "input": "hi", "service_tier": "flex"}})


@pytest.mark.parametrize("text, words", [
    ("model = 'gpt-5.4'\nx." + ".".join(["a"] * 30_000) + " = 1\n", "a dotted key of 30001 parts"),
    ("model = 'gpt-5.4'\n[" + ".".join(["a"] * 30_000) + "]\nx = 1\n", "a dotted key of 30000 parts"),
    ("model = 'gpt-5.4'\nx = " + "[" * 30_000 + "]" * 30_000 + "\n", "nesting deeper than 256 levels"),
])
def test_toml_nested_or_dotted_beyond_the_limit_is_a_parse_error_at_its_line(text, words):
    """A 60 kB dotted key took 20 s and 3.4 GB in tomllib, then an internal-error (recursion)."""
    d = only(lint_source(text.encode(), ".codex/config.toml"), "parse-error")
    assert words in d.message and d.line == 2
    assert "internal-error" not in rules(lint_source(text.encode(), "pyproject.toml"))


def test_the_depth_limit_is_the_runs_for_toml_and_json_lines():
    limits = Options(limits=Limits(max_depth=8))
    toml = "model = 'gpt-5.4'\nx = " + "[" * 9 + "]" * 9 + "\n"
    assert "nesting deeper than 8 levels" in only(lint_source(toml.encode(), ".codex/config.toml", limits), "parse-error").message
    assert "parse-error" not in rules(lint_source(toml.encode(), ".codex/config.toml"))
    lines = f"{BATCH_LINE}\n" + "[" * 9 + "]" * 9 + f"\n{BATCH_LINE}\n"
    result = lint_source(lines.encode(), "batch.jsonl", limits)
    broken = only(result, "parse-error")
    assert "nesting deeper than 8 levels" in broken.message and (broken.line, broken.column) == (2, 9)
    assert result.unreadable and rules(result).count("flex-unsupported-model") == 2


def test_the_broken_lines_of_a_json_lines_file_index_it_once(monkeypatch):
    """Each broken line indexed the whole file again: 20,000 of them took four minutes."""
    from flexlint.core.document import Document

    built = []
    real = Document.line_starts.fget

    def counted(self):
        if self._line_starts is None:
            built.append(len(self.text))
        return real(self)

    monkeypatch.setattr(Document, "line_starts", property(counted))
    text = BATCH_LINE + "\n" + "x\n" * 2000
    result = lint_source(text.encode(), "batch.jsonl")
    assert rules(result).count("parse-error") == 2000 and result.diagnostics[-1].line == 2001
    assert len([n for n in built if n == len(text)]) <= 2
