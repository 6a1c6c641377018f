"""LangChain's ChatOpenAI: a misspelt argument is matched against LangChain's own names, not only the wire's."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli


@pytest.mark.parametrize("typo,meant", [
    ("reasoning_efort", "reasoning_effort"),  # the wire alone would suggest `reasoning`
    ("streamng", "streaming"),  # ... and `stream`
    ("max_retry", "max_retries"),  # LangChain's own, not a wire parameter
    ("request_timout", "request_timeout"),
    ("api_ky", "api_key"),
    ("max_token", "max_tokens"),
    ("service_teir", "service_tier"),
])
def test_did_you_mean_names_what_langchain_takes(tmp_path, typo, meant):
    (tmp_path / "chain.py").write_text(
        "from langchain_openai import ChatOpenAI\n"
        f'llm = ChatOpenAI(model="gpt-5.4-mini", service_tier="flex", timeout=1200, {typo}=1)\n'
    )
    proc = run_cli("--format", "json", "chain.py", cwd=tmp_path)
    [finding] = [d for d in json.loads(proc.stdout) if d["rule"] == "unknown-parameter"]
    assert finding["message"].endswith(f"Did you mean `{meant}`?"), finding["message"]


def test_camel_case_of_a_langchain_argument_is_a_casing_finding(tmp_path):
    (tmp_path / "chain.py").write_text(
        "from langchain_openai import ChatOpenAI\n"
        'llm = ChatOpenAI(model="gpt-5.4-mini", service_tier="flex", timeout=1200, maxRetries=3)\n'
    )
    [finding] = json.loads(run_cli("--format", "json", "chain.py", cwd=tmp_path).stdout)
    assert (finding["rule"], finding["fix"]) == ("wrong-key-casing", "rename `maxRetries` to `max_retries`")
