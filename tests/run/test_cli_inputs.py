"""Bad and odd input through the real CLI: a diagnostic with a position, never a traceback."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli


def lint(tmp_path, name: str, data: bytes, *args: str):
    (tmp_path / name).write_bytes(data)
    proc = run_cli("--format", "json", *args, name, cwd=tmp_path)
    assert b"Traceback" not in proc.stderr + proc.stdout
    return proc, json.loads(proc.stdout or b"[]")


BODY = b'{\n  "model": "gpt-5.4-mini",\n  "input": "hi",\n  "serviceTier": "flex"\n}\n'


def test_empty_file_is_nothing_to_check(tmp_path):
    proc, found = lint(tmp_path, "empty.json", b"")
    assert proc.returncode == 0 and found == []


def test_bom_and_crlf_keep_positions(tmp_path):
    proc, found = lint(tmp_path, "body.json", b"\xef\xbb\xbf" + BODY.replace(b"\n", b"\r\n"))
    assert [(d["line"], d["column"], d["rule"]) for d in found] == [(4, 3, "wrong-key-casing")]


def test_utf16_file(tmp_path):
    proc, found = lint(tmp_path, "body.json", BODY.decode().encode("utf-16"))
    assert [(d["line"], d["column"]) for d in found] == [(4, 3)]


def test_unicode_keys_count_code_points(tmp_path):
    data = '{"model": "gpt-5.4-mini", "input": "héllo 中文 🙂", "sérvice": 1}'.encode()
    proc, found = lint(tmp_path, "body.json", data)
    assert [(d["column"], d["rule"]) for d in found] == [(50, "unknown-parameter")]


@pytest.mark.parametrize("opening,closing", [(b"[", b"]"), (b'{"a":', b"}")])
def test_deep_nesting_is_a_clear_error(tmp_path, opening, closing):
    data = opening * 10_000 + b"1" + closing * 10_000
    proc, found = lint(tmp_path, "deep.json", data)
    assert proc.returncode == 2
    assert found[0]["rule"] == "parse-error" and "nesting deeper than" in found[0]["message"]


def test_deep_yaml_is_a_clear_error(tmp_path):
    data = b"[" * 10_000 + b"]" * 10_000
    proc, found = lint(tmp_path, "deep.yaml", data)
    assert proc.returncode == 2 and "nesting deeper than" in found[0]["message"]


def test_yaml_bomb_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i-1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    proc, found = lint(tmp_path, "bomb.yaml", "\n".join(lines).encode() + b"\nmodel: gpt-5\n")
    assert proc.returncode == 2 and "YAML bomb" in found[0]["message"] + (found[0]["fix"] or "")


def test_binary_file(tmp_path):
    proc, found = lint(tmp_path, "blob.json", b"\x00\x01\x02PK\x03\x04" * 100)
    assert proc.returncode == 2 and "binary" in found[0]["message"]


def test_invalid_utf8_points_at_the_byte(tmp_path):
    proc, found = lint(tmp_path, "body.json", b'{"model": "gpt-5",\n "input": "caf\xe9"}')
    assert proc.returncode == 2
    assert (found[0]["line"], found[0]["column"]) == (2, 15)
    assert "UTF-8" in found[0]["message"] + (found[0]["fix"] or "")


def test_truncated_json_names_the_open_bracket(tmp_path):
    proc, found = lint(tmp_path, "body.json", b'{"model": "gpt-5",\n "input": [1, 2')
    assert proc.returncode == 2
    assert found[0]["related"] and found[0]["related"][0]["line"] == 2


def test_unrecognised_json_is_left_alone(tmp_path):
    proc, found = lint(tmp_path, "package.json", b'{"name": "x", "version": "1.0.0", "service_tier": 3}')
    assert proc.returncode == 0 and found == []


def test_file_too_large(tmp_path):
    proc, found = lint(tmp_path, "big.json", b" " * (2 * 1024 * 1024) + b"{}", "--max-file-size", "1")
    assert proc.returncode == 2 and "larger than" in found[0]["message"]


def test_secrets_never_printed(tmp_path):
    key = "sk-proj-" + "A1b2C3d4E5f6G7h8" * 3
    data = json.dumps({"model": "gpt-5.4-mini", "input": "hi", "api_key": key, "service_tier": key}).encode()
    for fmt in ("text", "json"):
        (tmp_path / "body.json").write_bytes(data)
        proc = run_cli("--format", fmt, "body.json", cwd=tmp_path)
        assert proc.returncode == 1
        assert key not in proc.stdout.decode() and key[8:] not in proc.stdout.decode()
        assert b"sk-proj-****" in proc.stdout


def test_values_of_key_like_fields_are_never_quoted(tmp_path):
    """Redaction catches key-shaped strings; a short token under a key-like name is hidden by its name."""
    data = b'{"model": "gpt-5.4-mini", "input": "hi", "metadata": {"api_key": 12345}, "prompt_cache_key": {"token": "hunter2"}}'
    proc, found = lint(tmp_path, "body.json", data)
    text = json.dumps(found)
    assert [d["rule"] for d in found] == ["invalid-value", "invalid-value"]
    assert "12345" not in text and "hunter2" not in text and text.count("****") == 2


def test_token_counts_are_not_hidden(tmp_path):
    proc, found = lint(tmp_path, "body.json", b'{"model": "gpt-5.4-mini", "input": "hi", "max_output_tokens": "lots"}')
    assert '"lots"' in found[0]["message"]


def test_fast_and_priority_are_one_tier(tmp_path):
    """`fast` overridden by `priority` is no override; `fast` counts as priority for the models rules."""
    code = (
        'from openai import OpenAI\nclient = OpenAI(timeout=900)\n'
        'client.responses.create(model="gpt-5.4-mini", input="x", service_tier="fast",'
        ' extra_body={"service_tier": "priority"})\n'
    )
    proc, found = lint(tmp_path, "job.py", code.encode())
    assert found == []
