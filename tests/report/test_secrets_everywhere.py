"""A secret is never printed, in any format or field, whatever its shape or position.

Each reproducer is a file that made an earlier flexlint print (part of) a
key; every output a user can get is rendered and searched.
"""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from conftest import run_cli
from flexlint.api import lint_source
from flexlint.checks.schema_errors import show
from flexlint.knowledge.secrets import redact, redact_source, shorten
from flexlint.report import FORMATS, ReportContext

KEY = "sk-proj-Zx81kLmN0pQrStUv2345abcdefGHIJ"
SHORT = "proxyKeyAlpha"


def every_output(name: str, data: bytes) -> str:
    """All formats, code frames included, plus the LSP's fields and the baseline's entries."""
    result = lint_source(data, name)
    text = data.decode("utf-8", "replace")
    context = ReportContext(sources=lambda path: text, show_source=True)
    outputs = [render(result.diagnostics, context) for render in FORMATS.values()]
    outputs += [json.dumps([d.to_json() for d in result.diagnostics])]
    from flexlint.config.baseline import finding_key

    outputs += [repr(finding_key(d)) for d in result.diagnostics]
    try:
        from flexlint.faces.lsp import Lines, to_lsp
    except ImportError:
        pass
    else:
        outputs += [repr(to_lsp(d, Lines(text, "utf-16"), "file:///x", "/x", None)) for d in result.diagnostics]
    assert result.diagnostics, "the reproducer must give findings, or it tests nothing"
    return "\n".join(outputs)


def test_a_key_used_as_an_object_key_is_not_in_json_path():
    body = {"model": "gpt-5", "input": "x", "service_tier": "flex", "metadata": {KEY: {"service_tier": "x"}}}
    out = every_output("body.json", json.dumps(body).encode())
    assert KEY[10:] not in out and "sk-proj-****" in out


def test_an_unquoted_value_under_a_key_name_is_not_quoted_back_by_the_parse_error():
    out = every_output("body.json", b'{"model": "gpt-5", "input": "x", "api_key": ' + SHORT.encode() + b"}")
    assert SHORT not in out


@pytest.mark.parametrize("text, secret", [
    ('{"model": "gpt-5", "input": "x", "api_key": 0123456789}', "0123456789"),
    ('{"model": "gpt-5", "input": "x", "api_key": 12abc34}', "12abc34"),
    ('{"model": "gpt-5", "input": "x", "api_key": proxyKeyAlpha=', "proxyKeyAlpha"),  # found by the campaign
    ('{"model": "gpt-5", "input": "x", "api_key": proxy.Key-Alpha+x}', "proxy.Key"),
])
def test_a_broken_value_under_a_key_name_is_not_quoted(text, secret):
    assert secret not in every_output("body.json", text.encode())


def test_a_key_in_a_url_query_is_masked_on_a_terminal():
    body = {"model": "gpt-5", "input": f"https://generativelanguage.googleapis.com/v1?key={SHORT}", "service_tier": 5}
    assert SHORT not in every_output("body.json", json.dumps(body, indent=1).encode())
    assert redact(f"?key={SHORT}&alt=sse&api_key={SHORT}") == "?key=****&alt=sse&api_key=****"


def test_a_key_in_a_notebook_string_with_escaped_quotes_is_masked_under_the_caret():
    code = [f'client = OpenAI(api_key="{SHORT}", timeout=5)\n',
            'client.responses.create(model="gpt-5.3-codex", input="x", service_tier="flex")\n']
    nb = {"cells": [{"cell_type": "code", "source": ["from openai import OpenAI\n", *code]}], "nbformat": 4}
    out = every_output("probe.ipynb", json.dumps(nb, indent=1).encode())
    assert SHORT not in out and 'api_key=\\"****\\"' in redact_source(json.dumps(code[0]))


def test_a_sqlite_decode_error_does_not_print_the_row(tmp_path):
    path = tmp_path / "cherrystudio.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE user_provider (id TEXT, provider_id TEXT, name TEXT, provider_settings TEXT);"
                       "CREATE TABLE assistant (id TEXT, name TEXT, model_id TEXT, settings TEXT);")
    conn.execute("INSERT INTO user_provider VALUES ('p', 'openai', CAST(? AS TEXT), '{}')",
                 (b"\xff" + SHORT.encode(),))
    conn.commit()
    conn.close()
    proc = run_cli("--format", "json", "cherrystudio.sqlite", cwd=tmp_path)
    assert SHORT not in proc.stdout.decode() + proc.stderr.decode() and b"Traceback" not in proc.stderr


def test_values_are_masked_whole_before_they_are_cut():
    for prefix in ("", "x" * 11, "x" * 31, "y" * 45):
        value = prefix + KEY
        assert KEY[8:20] not in show({"note": value}), prefix
        assert KEY[8:20] not in shorten(value, 60)
    assert show({"api_key": "short"}) == '{"api_key": "****"}'


def test_redaction_is_linear_in_the_length_of_a_line():
    began = time.monotonic()
    for line in ("a" * 400_000, "a+" * 200_000, "api_key" * 60_000, "a-" * 200_000, "api_key: ${" * 40_000,
                 "api_key: {{" * 40_000, "x: " * 130_000):
        redact_source(line)
        redact(line)
    assert time.monotonic() - began < 20  # was 25 s for a 40 KB line (quadratic): hours at this length


def test_code_frames_of_a_long_line_with_many_findings_are_bounded():
    from flexlint.core.diagnostics import Diagnostic

    line = ('{"service_tier": "flex", "api_key": "' + SHORT + '", "x": "' + "z" * 50 + '"}, ') * 40_000
    findings = [Diagnostic("big.json", 1, col, 1, col + 14, "error", "FLX001", "parse-error", "m")
                for col in range(2, len(line), len(line) // 300)]
    began = time.monotonic()
    out = FORMATS["text"](findings, ReportContext(sources=lambda path: line, show_source=True))
    assert time.monotonic() - began < 20 and SHORT not in out and len(out) < 300 * 800


def test_a_big_backup_on_a_terminal_is_not_quadratic():
    from flexlint.core.diagnostics import Diagnostic

    text = "\n".join(f'  "k{i}": "v"' for i in range(400_000))
    findings = [Diagnostic("big.json", n, 3, n, 5, "warning", "FLX002", "duplicate-key", "m") for n in range(1, 400_000, 400)]
    began = time.monotonic()
    FORMATS["text"](findings, ReportContext(sources=lambda path: text, show_source=True))
    assert time.monotonic() - began < 20


@pytest.mark.parametrize("line", [  # code frames of broken files the campaign found showing a key's value
    '"input": "h"1e999api_key": "proxyKeyAlpha"i',
    '{"m,del": "gpt-5", "input": "x", "0api_key": proxyKeyAlpha}',
    '      apiK(ey: "?key=proxyKeyAlpha${OPENAI_API_KEY}"',
    '      apiKey: "\ufffd?key=proxyKeyAlpha\ufffd${OPENAI_API_KEY}"',
    '    input="hi", service_0x' + "f" * 38 + 'api_key = proxyKeyAlpha fftier="fl ex"',  # a name inside a long run
])
def test_source_lines_of_broken_files_mask_the_value(line):
    assert SHORT not in redact_source(line)
    assert redact("?key=${GEMINI_KEY}") == "?key=${GEMINI_KEY}"  # a reference, not a key


@pytest.mark.parametrize("text", [
    f"model = 'gpt-5.4'\napi_key = {SHORT}\n",  # not TOML: the parse error and its frame
    f"model = 'gpt-5.4'\nservice_tier = 'flex'\n[profiles.\"{KEY}\"]\nservice_tier = 'flex'\nmodel = 'gpt-5.4-mini'\n",
    f"model = 'gpt-5.4'\nmodel_provider = 'p'\nservice_tier = 'flex'\n[model_providers.p]\n"
    f"base_url = 'https://api.openai.com/v1?key={SHORT}'\nhttp_headers = {{ Authorization = 'Bearer {SHORT}' }}\n"
    f"env_key = '{KEY}'\n",
])
def test_toml_secrets_are_never_shown(text):
    out = every_output(".codex/config.toml", text.encode())
    assert SHORT not in out and KEY[10:] not in out
    if f'"{KEY}"' in text:  # a profile named by a key: in the message and the JSON path, masked
        assert "profiles.sk-proj-****.service_tier" in out


def test_json_lines_secrets_are_never_shown():
    line = {"custom_id": "r1", "method": "POST", "url": "/v1/responses",
            "body": {"model": "gpt-5.3-codex", "input": "x", "service_tier": "flex", "metadata": {KEY: "x"}}}
    text = json.dumps(line) + "\n" + '{"custom_id": "r2", "api_key": ' + SHORT + "}\n"
    out = every_output("batch.jsonl", text.encode())
    assert SHORT not in out and KEY[10:] not in out


@pytest.mark.parametrize("name, text", [  # found by the campaign: a key name quoted in the message, fix and JSON path
    (".aider.model.settings.yml", f"- name: openai/gpt-5.4\n  edit_format: diff\n  api_key = {SHORT}:\n    x: 1\n"),
    ("body.json", json.dumps({"model": "gpt-5.4", "input": "x", f"api_key={SHORT}": 1, "service_tier": "flex"})),
])
def test_a_key_name_holding_a_key_like_name_and_its_value_is_masked(name, text):
    out = every_output(name, text.encode())
    assert SHORT not in out and "api_key = ****" in out.replace("api_key=****", "api_key = ****")


@pytest.mark.parametrize("call", [  # found by the campaign: a value quoted in a message holds `api_key = <secret>`
    f'client.responses.create(model="gptapi_key = {SHORT}-5.4-mini", input="hi", service_tier="flex")',
    f'client.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex", '
    f'extra_body={{"service_tier": "autoapi_key = {SHORT}"}})',
])
def test_a_quoted_value_holding_a_key_like_name_and_its_value_is_masked(call):
    code = f"from openai import OpenAI\nclient = OpenAI()\n{call}\n"
    out = every_output("probe.py", code.encode())
    assert SHORT not in out and "api_key = ****" in out
