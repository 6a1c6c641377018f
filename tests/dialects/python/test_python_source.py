"""Python source and notebooks: each construct flexlint follows, flagged and clean.

Every test lints real source text through the public API (or the CLI) and
checks rule, line and column, so a construct that stops being understood
fails here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from conftest import CASES, ROOT, run_cli
from flexlint.api import Options, build_selection, lint_source

PY_CASES = ROOT / "tests" / "python_cases"


def lint(code: str, name: str = "app.py", select: list[str] | None = None):
    selection = build_selection(Options(select=select or []))
    data = textwrap.dedent(code).encode()
    return [(d.rule, d.line, d.column) for d in lint_source(data, name, selection=selection).diagnostics]


def messages(code: str, name: str = "app.py") -> list[str]:
    return [d.message for d in lint_source(textwrap.dedent(code).encode(), name).diagnostics]


# ---------------------------------------------------------------- the seed case


def test_seed_probe_cli_output():
    """The seed script: the short timeout and the retries; nothing about the five good models."""
    proc = run_cli("--select", "FLX1,FLX3,FLX4,FLX5", "--format", "json", "seed/flex_probe.py", cwd=CASES)
    assert proc.returncode == 0, proc.stderr.decode()
    found = json.loads(proc.stdout)
    assert [(d["severity"], d["rule"], d["line"], d["column"]) for d in found] == [
        ("warning", "flex-short-timeout", 3, 17),
        ("warning", "flex-no-retry", 3, 30),
    ]
    assert "240 s" in found[0]["message"] and "900" in found[0]["fix"]
    text = run_cli("--select", "FLX1,FLX3,FLX4,FLX5", "seed/flex_probe.py", cwd=CASES).stdout.decode()
    assert text.splitlines()[0].startswith("seed/flex_probe.py:3:17: warning: `timeout` allows 240 s")


def test_seed_probe_one_site_per_model_with_model_node_at_the_list_element():
    """The loop over the literal list gives one site per model; the model finding will land on the element."""
    from flexlint.dialects import choose
    from flexlint.run.documents import read_documents as load

    data = (CASES / "seed" / "flex_probe.py").read_bytes()
    (document,) = load("seed/flex_probe.py", data)
    sites = [s for s in choose(document).read(document).sites if s.model]
    assert [s.model for s in sites] == ["gpt-5-mini", "gpt-5.2", "gpt-5.3-codex", "gpt-5.4", "gpt-5.4-mini", "gpt-5.5"]
    codex = sites[2]
    span = document.span(codex.model_node)
    assert (span.line, span.column, span.end_column) == (4, 36, 51)
    assert document.text[codex.model_node.start : codex.model_node.end] == '"gpt-5.3-codex"'
    assert codex.model_node.key is not None and document.span(codex.model_node.key).line == 22  # `model=model`
    assert all(s.api == "responses" and s.effective[("service_tier",)].value == "flex" for s in sites)


# ---------------------------------------------------------------- OpenAI SDK


@pytest.mark.parametrize(
    "code,expected",
    [
        (  # aliased import, chat: camelCase kwarg is a TypeError
            """
            from openai import OpenAI as O
            O(timeout=900).chat.completions.create(model="gpt-5.4-mini", messages=[], serviceTier="flex")
            """,
            [("wrong-key-casing", 3, 75)],
        ),
        (  # a Chat parameter on responses.create
            """
            import openai
            openai.OpenAI().responses.create(model="gpt-5.4-mini", input="hi", reasoning_effort="low")
            """,
            [("wrong-api-parameter", 3, 68)],
        ),
        (  # ** of a literal dict, value checked where it is written
            """
            from openai import OpenAI
            params = {"model": "gpt-5.4-mini", "input": "hi", "service_tier": "flexx"}
            OpenAI().responses.create(**params)
            """,
            [("invalid-value", 3, 67)],
        ),
        (  # extra_body wins over the argument; an unknown key in it is an HTTP 400
            """
            from openai import OpenAI
            OpenAI(timeout=900).responses.create(
                model="gpt-5.4-mini", input="hi", service_tier="flex",
                extra_body={"service_tier": "auto", "serviceTier": "flex"},
            )
            """,
            [("service-tier-overridden", 4, 39), ("wrong-key-casing", 5, 41)],
        ),
        (  # the module-level client keeps the 600 s default
            """
            import openai
            openai.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex")
            """,
            [("flex-short-timeout", 3, 59)],
        ),
        (  # the module-level client's settings
            """
            import openai
            openai.max_retries = 0
            openai.timeout = 1200
            openai.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex")
            """,
            [("flex-no-retry", 3, 8)],
        ),
        (  # with_options with an httpx.Timeout and no retries; beta parse
            """
            import httpx
            from openai import OpenAI
            client = OpenAI()
            slow = client.with_options(timeout=httpx.Timeout(300.0, connect=5.0), max_retries=0)
            slow.beta.chat.completions.parse(model="gpt-5.4-mini", messages=[], service_tier="flex")
            """,
            [("flex-short-timeout", 5, 28), ("flex-no-retry", 5, 71)],
        ),
        (  # self attribute, async Azure client, with_streaming_response
            """
            from openai import AsyncAzureOpenAI
            class Service:
                def __init__(self):
                    self.client = AsyncAzureOpenAI(timeout=100)
                async def run(self):
                    async with self.client.responses.with_streaming_response.create(
                        model="deployment", input="x", service_tier="flex"
                    ) as response:
                        pass
            """,
            # An Azure deployment name: the catalog does not guess the model behind it.
            [("flex-short-timeout", 5, 40), ("azure-deployment-unchecked", 8, 19)],
        ),
        (  # copy(), a loop over a tuple, a kwarg the method does not take
            """
            from openai import OpenAI
            client = OpenAI(timeout=1000)
            for m in ("gpt-5.4", "gpt-5.5"):
                client.copy(max_retries=5).responses.create(model=m, input="x", max_retries=3)
            """,
            [("unknown-parameter", 5, 69)],
        ),
        (  # a literal key passed to the client (once, where the client is made)
            """
            from openai import OpenAI
            client = OpenAI(api_key="sk-proj-Zx81kLmN0pQrStUv2345abc")
            client.responses.create(model="gpt-5.4-mini", input="a")
            client.responses.create(model="gpt-5.4-mini", input="b")
            """,
            [("hardcoded-api-key", 3, 25)],
        ),
        (  # with ... as client; the per-call timeout is arithmetic
            """
            from openai import OpenAI
            with OpenAI() as client:
                client.responses.with_raw_response.create(model="gpt-5.4", input="x", service_tier="flex", timeout=5 * 60)
            """,
            [("flex-short-timeout", 4, 96)],
        ),
    ],
)
def test_openai_sdk_invalid(code, expected):
    assert lint(code) == expected


@pytest.mark.parametrize(
    "code",
    [
        """
        from openai import OpenAI
        client = OpenAI(timeout=900.0)
        client.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex", reasoning={"effort": "low"})
        client.chat.completions.create(model="gpt-5.4-mini", messages=[], service_tier="flex", reasoning_effort="low")
        """,
        """
        from openai import OpenAI
        OpenAI(timeout=60).responses.create(model="gpt-5.4-mini", input="hi")  # no flex: any timeout is fine
        """,
        """
        from openai import OpenAI
        OpenAI(timeout=None).responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex")
        """,
        """
        import httpx
        from openai import OpenAI
        OpenAI(http_client=httpx.Client(timeout=1200)).responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex")
        """,
        """
        from openai import OpenAI
        OpenAI(timeout=900).responses.parse(model="gpt-5.4-mini", input="hi", text_format=Answer, service_tier="flex")
        """,
        """
        import os
        from openai import OpenAI
        client = OpenAI(api_key=os.environ["OPENAI_API_KEY"], timeout=900)
        client.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex", extra_body={"service_tier": "flex"})
        """,
    ],
)
def test_openai_sdk_valid(code):
    assert lint(code) == []


def test_override_message_names_both_places():
    code = """
    from openai import OpenAI
    OpenAI(timeout=900).responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex", extra_body={"service_tier": "auto"})
    """
    selection = build_selection(Options(select=["service-tier-overridden"]))
    (diag,) = lint_source(textwrap.dedent(code).encode(), "app.py", selection=selection).diagnostics
    assert "extra_body" in diag.message and 'sent with service_tier "auto"' in diag.message
    assert diag.related[0].column > diag.column and diag.fix.startswith("remove `service_tier` from `extra_body`")


def test_unknown_kwarg_fate_is_type_error_and_extra_body_fate_is_http_400():
    code = """
    from openai import OpenAI
    OpenAI(timeout=900).responses.create(model="gpt-5.4-mini", input="hi", temprature=1, extra_body={"top_k": 1})
    """
    first, second = messages(code)
    assert "TypeError" in first and "Did you mean `temperature`?" in first
    assert "HTTP 400 unknown_parameter" in second


# ---------------------------------------------------------------- values


def test_function_scope_and_shadowing():
    code = """
    from openai import OpenAI
    tier = "flex"
    def run(client: OpenAI):
        tier = "auto"
        OpenAI().responses.create(model="gpt-5.4", input="x", service_tier=tier)
    def run2():
        OpenAI().responses.create(model="gpt-5.4", input="x", service_tier=tier)
    """
    # only run2 sees the module's "flex" (the default timeout is reported at its service_tier)
    assert lint(code) == [("flex-short-timeout", 8, 59)]


def test_only_unknowable_values_give_nothing():
    proc = run_cli(str(PY_CASES / "unknowable.py"))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")


def test_things_that_are_not_openai_requests_stay_silent():
    proc = run_cli(str(PY_CASES / "not_openai.py"))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")


# ---------------------------------------------------------------- other libraries


def test_langchain():
    code = """
    from langchain_openai import ChatOpenAI
    from langchain.chat_models import init_chat_model
    llm = ChatOpenAI(model="gpt-5.4-mini", service_tier="flex", timeout=60, max_retries=0, serviceTier="flex")
    m = init_chat_model("openai:gpt-5.4-mini", service_tier="flex", request_timeout=120)
    ok = ChatOpenAI(model="gpt-5.4-mini", service_tier="flex", callbacks=[], tags=["x"], stream_usage=True)
    other = init_chat_model("anthropic:claude-sonnet-4", service_tier="flex", timeout=1)
    """
    assert lint(code) == [
        ("flex-short-timeout", 4, 61),
        ("flex-no-retry", 4, 73),
        ("wrong-key-casing", 4, 88),
        ("flex-short-timeout", 5, 65),
    ]
    assert "model_kwargs" in messages(code)[2]


def test_langchain_default_timeout_is_not_short():
    """ChatOpenAI gives the SDK ``timeout=None`` (no limit) unless it sets one, over an http_client's own timeout too."""
    code = """
    import httpx
    from langchain_openai import ChatOpenAI
    ChatOpenAI(model="gpt-5.4", service_tier="flex")
    ChatOpenAI(model="gpt-5.4", service_tier="flex", http_client=httpx.Client(timeout=30))
    ChatOpenAI(model="gpt-5.4", service_tier="flex", **options)
    ChatOpenAI(model="gpt-5.4", service_tier="flex", request_timeout=None)
    """
    # `**options` may hold a base URL: the one note says where requests go is not known.
    assert lint(code) == [("unknown-target", 6, 1)]


def test_langchain_defaults_are_the_recorded_ones():
    from flexlint.dialects.langchain.python import client_defaults
    from flexlint.knowledge.data import load_json

    recorded = load_json("python/libraries.json")["langchain-openai"]["defaults"]
    assert (recorded["timeout"], recorded["max_retries"]) == (None, None)
    # No timeout at all; retries not passed, so the SDK's own default.
    assert client_defaults() == (None, load_json("python/openai-sdk.json")["defaults"]["max_retries"])


def test_litellm():
    code = """
    import litellm
    from litellm import completion
    completion(model="openai/gpt-5.4-mini", messages=[], service_tier="flex", serviceTier="flex", num_retries=0, timeout=900)
    litellm.responses(model="openai/gpt-5.4-mini", input="hi", service_tier="flex", foo=1)
    litellm.completion(model="anthropic/claude-sonnet-4", messages=[], service_tier="flex", foo=1)
    litellm.acompletion(model="openai/gpt-5.4", messages=[], service_tier="flex", metadata={"a": "b"}, caching=True)
    """
    assert lint(code) == [
        ("wrong-key-casing", 4, 75),
        ("flex-no-retry", 4, 95),
        ("unknown-parameter", 5, 81),
    ]
    assert "HTTP 400" in messages(code)[0]


def test_calling_the_litellm_module_itself_is_not_a_request():
    assert lint("import litellm\nlitellm()\nlitellm.completion.__doc__\n") == []


def test_litellm_timeouts():
    """LiteLLM's default follows REQUEST_TIMEOUT, which code cannot show: only a timeout the code sets is judged."""
    code = """
    import litellm
    litellm.request_timeout = 300
    litellm.completion(model="openai/gpt-5.4", messages=[], service_tier="flex")
    litellm.responses(model="openai/gpt-5.4", input="hi", service_tier="flex")
    litellm.completion(model="openai/gpt-5.4", messages=[], service_tier="flex", request_timeout=60)
    """
    # responses() reads the value bound when litellm was imported: the assignment does not reach it.
    assert lint(code) == [("flex-short-timeout", 3, 9), ("flex-short-timeout", 6, 78)]
    unset = """
    import litellm
    litellm.acompletion(model="openai/gpt-5.4", messages=[], service_tier="flex")
    litellm.completion(model="openai/gpt-5.4", messages=[], service_tier="flex", **options)
    """
    assert lint(unset) == [("unknown-target", 4, 1)]  # `**options` may hold an api_base


def test_pydantic_ai():
    code = """
    from pydantic_ai.models.openai import OpenAIResponsesModelSettings, OpenAIChatModelSettings
    a = OpenAIResponsesModelSettings(service_tier="flex", openai_service_tier="auto")
    b = OpenAIChatModelSettings(openai_service_tier="flex", timeout=30, max_retries=0, openai_servicetier="x")
    c = {"openai_service_tier": "flexx"}
    d = OpenAIResponsesModelSettings(openai_service_tier="flex", openai_reasoning_effort="low", anthropic_thinking=1)
    """
    assert lint(code) == [
        ("service-tier-overridden", 3, 34),
        ("flex-short-timeout", 4, 57),
        ("flex-no-retry", 4, 69),
        ("parameter-ignored", 4, 84),
        ("invalid-value", 5, 29),
    ]


# ---------------------------------------------------------------- notebooks, comments, errors


def notebook(cells: list[list[str]]) -> bytes:
    return json.dumps(
        {
            "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": c} for c in cells]
            + [{"cell_type": "markdown", "metadata": {}, "source": ["openai"]}],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        indent=1,
    ).encode()


def test_notebook_positions_are_cell_and_line(tmp_path):
    data = notebook(
        [
            ["!pip install openai\n", "from openai import OpenAI\n", "client = OpenAI(timeout=240)"],
            ["%time\n", "client.responses.create(\n", '    model="gpt-5.4", input="hi", service_tier="flex")\n'],
        ]
    )
    (tmp_path / "probe.ipynb").write_bytes(data)
    proc = run_cli("--format", "json", "probe.ipynb", cwd=tmp_path)
    (found,) = json.loads(proc.stdout)
    assert found["rule"] == "flex-short-timeout" and found["message"].startswith("cell 1, line 3: ")
    line = data.decode().splitlines()[found["line"] - 1]
    assert line[found["column"] - 1 :].startswith("timeout=240")
    assert found["related"][0]["message"].startswith("cell 2, line 3: ")


def test_notebook_suppression_comment_on_its_own_line(tmp_path):
    data = notebook([["from openai import OpenAI\n", "# flexlint: ignore[FLX102]\n", 'OpenAI(timeout=900).responses.create(model="gpt-5.4-mini", serviceTier="flex")']])
    assert [d.rule for d in lint_source(data, "n.ipynb").diagnostics] == []


def test_suppressions_in_python():
    code = """
    # flexlint: ignore-file[hardcoded-api-key]
    from openai import OpenAI
    client = OpenAI(timeout=10, api_key="sk-proj-Zx81kLmN0pQrStUv2345abc")  # flexlint: ignore[flex-short-timeout]
    client.responses.create(model="gpt-5.4", input="x", service_tier="flex")
    # flexlint: ignore[FLX1]
    client.responses.create(model="gpt-5.4", input="x", serviceTier="flex")
    """
    assert lint(code) == []


def test_syntax_error_is_a_parse_error(tmp_path):
    (tmp_path / "bad.py").write_text("from openai import OpenAI\nclient = OpenAI(\nx = 1\n")
    proc = run_cli("--format", "json", "bad.py", cwd=tmp_path)
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
    (found,) = json.loads(proc.stdout)
    assert (found["rule"], found["line"], found["column"]) == ("parse-error", 2, 16)
    assert "never closed" in found["message"]


def test_prefilter_skips_files_that_cannot_matter(tmp_path):
    (tmp_path / "broken.py").write_text("def f(:\n")  # not Python, but nothing OpenAI either
    assert run_cli("broken.py", cwd=tmp_path).returncode == 0


def test_json_only_run_never_imports_libcst(tmp_path):
    (tmp_path / "body.json").write_text('{"model": "gpt-5.4-mini", "input": "hi", "serviceTier": "flex"}')
    (tmp_path / "util.py").write_text("import os\nprint(os.getcwd())\n")
    script = (
        "import sys\nfrom flexlint.api import lint_paths, Options\n"
        f"r = lint_paths([{str(tmp_path)!r}], Options(jobs=1))\n"
        "assert r.diagnostics, r\nprint('libcst' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)})
    assert proc.stdout.strip() == b"False", proc.stderr.decode()



@pytest.mark.parametrize(
    "code,mutated",
    [
        ("models.append(1)", True),
        ("x = 1\nmodels[0] = 2", True),
        ("models[i] += 1", True),
        ("del models[0]", True),
        ("mymodels.append(1)", False),
        ("a.models.append(1)", False),
        ("models == [1]", False),
        ("models[0] == 1", False),
    ],
)
def test_in_place_mutation_makes_a_name_unknowable(code, mutated):
    from flexlint.dialects.python.names import mutated_in

    assert mutated_in(code, "models") is mutated


# ------------------------------------------------- the span pass and its fallback

NON_ASCII = '''\
# Zusammenfassung für das Café ☕ (𝄞: four bytes in UTF-8)
from openai import OpenAI

client = OpenAI(timeout=600)  # «kurz»
client.responses.create(model="gpt-5.4", input="Résumé ☕ 𝄞", service_tier="flex", serviceTier="flex")
'''


def _positions(code: str) -> list[tuple]:
    found = lint_source(code.encode(), "app.py").diagnostics
    return [(d.rule, d.line, d.column, d.end_line, d.end_column) for d in found]


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


def test_span_routes_agree_on_non_ascii_code():
    """The private codegen pass and the public byte-span provider give the same character spans."""
    import libcst

    from flexlint.dialects.python.offset_codegen import offset_spans
    from flexlint.dialects.python.spans import KEPT_KINDS, UNASKED, provider_spans

    module = libcst.parse_module(NON_ASCII)
    fast, fast_kept = offset_spans(module, KEPT_KINDS, UNASKED)
    public, public_kept = provider_spans(module, NON_ASCII)
    del fast[id(module)], public[id(module)]
    # Punctuation met as a syntactic position may stay in the fast route's table; nothing else differs.
    unasked = {id(n) for n in _walk(module) if type(n) in UNASKED}
    assert {k: v for k, v in fast.items() if k not in unasked} == public
    assert len(public) > 20 and not unasked & set(public)
    assert [id(n) for n in sorted(fast_kept, key=lambda n: fast[id(n)][0])] == [
        id(n) for n in sorted(public_kept, key=lambda n: public[id(n)][0])
    ]


@pytest.fixture
def fresh_span_pass():
    """The span route is chosen once per process: choose again, and again after the test."""
    from flexlint.dialects.python import spans

    spans.span_pass.cache_clear()
    yield spans
    spans.span_pass.cache_clear()


def test_without_libcsts_private_codegen_state_the_public_provider_is_used(monkeypatch, fresh_span_pass):
    import libcst._nodes.internal

    expected = _positions(NON_ASCII)
    line = NON_ASCII.splitlines()[4]
    assert ("wrong-key-casing", 5, line.index("serviceTier") + 1, 5, line.index("serviceTier") + 12) in expected
    assert fresh_span_pass.span_pass() is not fresh_span_pass.provider_spans  # the fast route, while it is there

    fresh_span_pass.span_pass.cache_clear()
    monkeypatch.delattr(libcst._nodes.internal, "CodegenState")
    monkeypatch.delitem(sys.modules, "flexlint.dialects.python.offset_codegen", raising=False)
    assert fresh_span_pass.span_pass() is fresh_span_pass.provider_spans
    assert _positions(NON_ASCII) == expected


@pytest.mark.parametrize("broken", ["wrong spans", "raises"])
def test_a_fast_pass_that_no_longer_fits_libcst_is_not_used(monkeypatch, fresh_span_pass, broken):
    def fast(module, code):
        if broken == "raises":
            raise AttributeError("'_OffsetState' object has no attribute 'tokens'")
        return {}, []

    monkeypatch.setattr(fresh_span_pass, "_fast_route", lambda: fast)
    assert fresh_span_pass.span_pass() is fresh_span_pass.provider_spans


def test_a_default_timeout_is_judged_only_where_flex_reaches_a_server_that_offers_it():
    """Library defaults and targets together: Groq refuses at once (no timeout to judge), Ollama has no flex."""
    proc = run_cli("--format", "json", str(PY_CASES / "defaults_by_target.py"))
    assert proc.stderr == b""
    found = [(d["line"], d["column"], d["rule"]) for d in json.loads(proc.stdout)]
    # The base URL read through os.getenv's default inside an f-string: OpenAI, the SDK's 600 s.
    assert found == [(18, 69, "flex-short-timeout")]
    explained = json.loads(run_cli("explain", "--format", "json", str(PY_CASES / "defaults_by_target.py")).stdout)
    servers = sorted(s["target"]["server"] for s in explained[0]["sites"] if s["client"]["timeout"])
    assert servers == ["groq", "ollama", "openai"]
