"""pydantic-ai through the CLI: the provider's default timeout reaches the settings that ask for flex."""

from __future__ import annotations

import json

from conftest import ROOT, run_cli

CASE = ROOT / "tests" / "python_cases" / "pydantic_ai_defaults.py"


def test_default_provider_timeout_is_reported_where_nothing_sets_one():
    proc = run_cli("--format", "json", str(CASE))
    assert proc.stderr == b""
    found = json.loads(proc.stdout)
    # The model string, the provider on the same line, the provider bound to a name; every other
    # use in the file sets a long timeout, or one that cannot be seen. Last, the settings handed
    # with a model to a project's own holder are read as settings (a dict under another name is not).
    assert [(d["line"], d["column"], d["rule"]) for d in found] == [
        (8, 54, "flex-short-timeout"),
        (11, 75, "flex-short-timeout"),
        (14, 66, "flex-short-timeout"),
        (36, 105, "invalid-value"),
    ]
    for d in found[:3]:
        assert "600 s default timeout of pydantic-ai's OpenAIProvider()" in d["message"]
        assert d["fix"].startswith("set a timeout to at least 900 s")


def test_provider_default_is_recorded_from_pydantic_ai():
    from flexlint.dialects.pydantic_ai.usage import defaults

    assert defaults()["provider_timeout"] == 600
