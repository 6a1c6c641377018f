"""`flexlint explain`: every kind of request site with its target, the model, and where each parameter comes from."""

from __future__ import annotations

import json
import textwrap

import pytest

from conftest import CASES, ROOT, run_cli

KEY = "sk-proj-Zx81kLmN0pQrStUv2345abcdefghijk"

FILES = {
    "client.py": f"""
        import os
        from openai import OpenAI

        client = OpenAI(base_url="http://user:pa55word@localhost:8000/v1", api_key="{KEY}", timeout=240)
        client.chat.completions.create(
            model="Qwen/Qwen3-8B",
            messages=[{{"role": "user", "content": "hi"}}],
            top_p=0.8,
            extra_body={{"top_k": 20, "api_key": "plain-short-secret"}},
        )
        """,
    "claude_request.json": """
        {"model": "claude-sonnet-4-5", "max_tokens": 512, "system": "Be brief.",
         "messages": [{"role": "user", "content": "hi"}]}
        """,
    "litellm_config.yaml": """
        model_list:
          - model_name: azure55
            litellm_params:
              model: azure/my-gpt55
              api_base: os.environ/AZURE_API_BASE
              service_tier: flex
            model_info:
              base_model: azure/gpt-5.5
        """,
    "librechat.yaml": """
        version: 1.3.1
        endpoints:
          custom:
            - name: Local
              apiKey: "${KEY}"
              baseURL: http://localhost:11434/v1
              models:
                default: [llama3]
              addParams:
                keep_alive: 5m
        """,
    "options.json": """
        {"model": "batch-eastus", "providerOptions": {"azure": {"serviceTier": "flex"}}, "maxRetries": 0}
        """,
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("explain")
    for name, text in FILES.items():
        (root / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


def explain(root, *args):
    proc = run_cli("explain", *args, cwd=root)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    return proc


def test_every_site_kind_shows_its_target(project):
    proc = explain(project, "--format", "json", *FILES, str(CASES / "cherry-studio" / "backup-v1.9-data.json"))
    assert proc.returncode == 0, proc.stderr.decode()
    files = {Path_name(f["path"]): f for f in json.loads(proc.stdout)}
    servers = {name: [s["target"]["server"] for s in f["sites"]] for name, f in files.items()}
    assert servers == {
        "client.py": ["vllm", "vllm"],  # the call, and its extra_body keys
        "claude_request.json": ["anthropic"],
        "litellm_config.yaml": ["azure"],
        "librechat.yaml": ["ollama"],
        "options.json": ["azure"],
        "backup-v1.9-data.json": ["openai", "openai"],
    }
    call = files["client.py"]["sites"][0]
    assert call["target"]["how"] == 'base_url "http://localhost:8000/v1" (port 8000 is vLLM\'s default)'
    assert call["target"]["at"] == {"path": "client.py", "line": 4, "column": 26}
    assert call["model"] == {"name": "Qwen/Qwen3-8B", "at": {"path": "client.py", "line": 6, "column": 11}}
    assert {p["name"]: p["at"]["line"] for p in call["parameters"]} == {"model": 6, "messages": 7, "top_p": 8}
    assert call["client"]["timeout"]["seconds"] == 240
    azure = files["litellm_config.yaml"]["sites"][0]["target"]
    assert (azure["deployment"]["name"], azure["base_model"]["name"]) == ("my-gpt55", "gpt-5.5")
    assert azure["base_model"]["at"]["line"] == 8
    assert "environment" in azure["assumed"]
    anthropic = files["claude_request.json"]["sites"][0]["target"]
    assert anthropic["native"] is True and "`system`" in anthropic["how"]


def Path_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def test_text_says_where_each_parameter_comes_from(project):
    proc = explain(project, "client.py", "litellm_config.yaml")
    out = proc.stdout.decode()
    assert "target     vLLM, from base_url \"http://localhost:8000/v1\"" in out
    assert "top_p = 0.8 (8:11)" in out
    assert "base model gpt-5.5 (8:19)" in out
    assert "assumed    api_base is read from the environment" in out


def test_secrets_are_never_printed(project):
    for fmt in ("text", "json"):
        proc = explain(project, "--format", fmt, *FILES)
        out = proc.stdout + proc.stderr
        for secret in (KEY, KEY[8:30], "pa55word", "plain-short-secret"):
            assert secret.encode() not in out, (fmt, secret)


def test_a_file_that_cannot_be_read_exits_2(tmp_path):
    (tmp_path / "broken.json").write_text('{"model": "gpt-5.4", "input": ', encoding="utf-8")
    proc = explain(tmp_path, "broken.json")
    assert proc.returncode == 2 and b"broken.json: cannot be read" in proc.stdout
    (tmp_path / "notes.json").write_text('{"title": "not a request"}', encoding="utf-8")
    assert b"no request site" in explain(tmp_path, "notes.json").stdout


def test_seed_case_says_what_was_assumed():
    out = run_cli("explain", "seed/flex_probe.py", cwd=CASES).stdout.decode()
    assert out.count("target     OpenAI") == 6  # one per model of the loop
    assert "OPENAI_BASE_URL is assumed unset" in out


def test_help_lists_the_command():
    assert b"explain" in run_cli("--help", cwd=ROOT).stdout


def test_a_library_default_says_whose_it_is(tmp_path):
    """The timeout a request gets when the code sets none is the library's, and explain names that library."""
    path = tmp_path / "agent.py"
    path.write_text(
        'from pydantic_ai import Agent\nAgent("openai:gpt-5.4-mini", model_settings={"openai_service_tier": "flex"})\n',
        encoding="utf-8",
    )
    (site,) = json.loads(run_cli("explain", "--format", "json", str(path)).stdout)[0]["sites"]
    assert site["client"]["timeout"] == {"default_seconds": 600.0, "default_of": "pydantic-ai's OpenAIProvider()"}
    text = run_cli("explain", str(path)).stdout.decode()
    assert "timeout 600 s (the default of pydantic-ai's OpenAIProvider())" in text


def test_typescript_sites_show_their_target(tmp_path):
    (tmp_path / "app.ts").write_text(textwrap.dedent(f"""\
        import OpenAI from "openai";
        const client = new OpenAI({{ baseURL: "https://bot:hunter2@openrouter.ai/api/v1", apiKey: "{KEY}", timeout: 240_000 }});
        await client.responses.create({{ model: "openai/gpt-5.4", input: "hi", service_tier: "flex" }});
        """))
    proc = explain(tmp_path, "--format", "json", "app.ts")
    assert proc.returncode == 0, proc.stderr.decode()
    [site] = [s for s in json.loads(proc.stdout)[0]["sites"] if s["target"]["server"] != "unknown" and s["model"]]
    assert site["target"]["server"] == "openrouter"
    assert site["target"]["how"] == 'baseURL "https://openrouter.ai/api/v1"'
    assert site["target"]["at"] == {"path": "app.ts", "line": 2, "column": 38}
    assert site["client"]["timeout"]["seconds"] == 240
    assert KEY.encode() not in proc.stdout and b"hunter2" not in proc.stdout
