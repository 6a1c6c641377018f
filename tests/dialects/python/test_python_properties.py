"""Any syntactically valid module gives findings or silence, never an internal error.

Three sources of modules, each checked through the public API (the same
path the CLI takes):

- modules in which every library flexlint reads is used, their arguments,
  keys, bindings and loops drawn from a grammar of Python expressions built
  for the shapes real code gives readers (attribute and call keys, spreads,
  names imported from elsewhere, f-strings, huge numbers, walrus, lambdas);
- modules from hypothesmith's generator (any Python at all), behind imports
  of the libraries so that every reader runs over them;
- the real Python corpus with expressions replaced by generated ones
  (through libcst, so the result is still a valid module).

Kept brief (a few hundred examples) so that it runs in CI on every change.
"""

from __future__ import annotations

import textwrap
import warnings

import libcst as cst
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from flexlint.api import lint_source

HEADER = textwrap.dedent(
    """\
    import enum, httpx, litellm, openai
    from openai import OpenAI, AsyncOpenAI, DefaultAsyncHttpxClient
    from langchain_openai import ChatOpenAI
    from langchain.chat_models import init_chat_model
    from pydantic_ai import Agent
    from pydantic_ai.direct import model_request_sync
    from pydantic_ai.models.openai import OpenAIModel, OpenAIResponsesModel, OpenAIResponsesModelSettings
    from pydantic_ai.providers.openai import OpenAIProvider
    from pydantic_ai.settings import ModelSettings
    from .schemas import RESPONSE_SCHEMA
    """
)
NAMES = ["x", "y", "cfg", "client", "settings", "provider", "model", "agent", "RESPONSE_SCHEMA", "Color", "self",
         "None", "True", "dict", "openai", "litellm", "httpx"]
ATTRS = ["RED", "value", "timeout", "responses", "create", "chat", "completions", "with_options", "run_sync",
         "service_tier", "request_timeout", "Timeout", "AsyncClient"]
STRINGS = ["flex", "FLEX", "auto", "priority", "standard", "gpt-5.4-mini", "openai:gpt-5", "openai/gpt-5.4",
           "anthropic:claude", "openai_service_tier", "service_tier", "timeout", "schema", "json_schema", "", "é",
           "model", "input", "http://localhost:8000/v1"]
KEYWORDS = ["model", "input", "messages", "service_tier", "timeout", "max_retries", "http_client", "extra_body",
            "text", "reasoning", "model_settings", "settings", "provider", "openai_client", "openai_service_tier",
            "request_timeout", "num_retries", "model_kwargs", "base_url", "api_key", "limits", "read"]
CALLEES = ["OpenAI", "AsyncOpenAI", "httpx.AsyncClient", "httpx.Timeout", "DefaultAsyncHttpxClient", "dict",
           "OpenAIProvider", "OpenAIResponsesModel", "OpenAIModel", "OpenAIResponsesModelSettings", "ModelSettings",
           "Agent", "ChatOpenAI", "init_chat_model", "litellm.completion", "model_request_sync", "make", "Color"]


def _atoms() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NAMES),
        st.sampled_from(STRINGS).map(repr),
        st.integers(-(10**30), 10**30).map(str),
        st.sampled_from(["0.5", "1e308", "5.0", "900", "600", "10**400", "1_000", "0x10", "3j", "..."]),
        st.sampled_from(['f"{x}"', "b'flex'", "rb'x'", '"fl" "ex"', "u'flex'", "'''flex'''"]),
    )


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    keyword = st.tuples(st.sampled_from(KEYWORDS), inner).map(lambda kv: f"{kv[0]}=({kv[1]})")
    argument = st.one_of(keyword, inner.map(lambda v: f"({v})"), inner.map(lambda v: f"*({v})"),
                         inner.map(lambda v: f"**({v})"))
    key = st.one_of(st.sampled_from(STRINGS).map(repr), inner.map(lambda v: f"({v})"))
    entry = st.one_of(st.tuples(key, inner).map(lambda kv: f"{kv[0]}: ({kv[1]})"), inner.map(lambda v: f"**({v})"))
    return st.one_of(
        st.tuples(inner, st.sampled_from(ATTRS)).map(lambda t: f"({t[0]}).{t[1]}"),
        st.tuples(st.one_of(st.sampled_from(CALLEES), inner.map(lambda v: f"({v})")), st.lists(argument, max_size=4))
        .map(lambda t: f"{t[0]}({', '.join(_ordered(t[1]))})"),
        st.lists(entry, max_size=4).map(lambda es: "{" + ", ".join(es) + "}"),
        st.lists(st.one_of(inner.map(lambda v: f"({v})"), inner.map(lambda v: f"*({v})")), max_size=4)
        .map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(inner, min_size=1, max_size=3).map(lambda items: "(" + ", ".join(f"({i})" for i in items) + ",)"),
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "//", "%", "**", "|", "and", "or", "==", "if x else"]),
                  inner).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
        inner.map(lambda v: f"-({v})"),
        inner.map(lambda v: f"not ({v})"),
        st.tuples(inner, inner).map(lambda t: f"({t[0]})[{t[1]}]"),
        inner.map(lambda v: f"lambda y: ({v})"),
        inner.map(lambda v: f"[y for y in ({v})]"),
        inner.map(lambda v: f"{{y: y for y in ({v})}}"),
        inner.map(lambda v: f"(y := ({v}))"),
    )


def _ordered(arguments: list[str]) -> list[str]:
    """Positional arguments first, then keywords (each keyword once), as Python requires."""
    positional = [a for a in arguments if "=" not in a.split("(", 1)[0] and not a.startswith("**")]
    seen: set[str] = set()
    named = []
    for a in arguments:
        if a.startswith("**"):
            named.append(a)
        elif "=" in a.split("(", 1)[0]:
            name = a.split("=", 1)[0]
            if name not in seen:
                seen.add(name)
                named.append(a)
    return positional + named


EXPRESSIONS = st.recursive(_atoms(), _compound, max_leaves=12)


def _statement(expr: str, kind: int, name: str, keyword: str) -> str:
    return [
        f"{name} = {expr}",
        f"{name}: int = {expr}",
        f"for {name} in {expr}:\n    client.responses.create({keyword}={name})",
        f"{name}.{keyword} = {expr}",
        f"{name}[{expr}] = 1",
        f"{expr}",
        f"def f({name}=({expr})):\n    return {name}.responses.create(model={name}, **{name})",
        f"class C:\n    def __init__(self):\n        self.client = {expr}\n    def go(self):\n"
        f"        return self.client.responses.create({keyword}=1)",
        f"with {expr} as {name}:\n    pass",
        f"global {name}\n{name} += {expr}",
        f"{name}.run_sync('hi', model_settings={expr})",
    ][kind]


STATEMENTS = st.builds(
    _statement, EXPRESSIONS, st.integers(0, 10), st.sampled_from(NAMES[:9]), st.sampled_from(KEYWORDS)
)
USES = st.sampled_from(
    [
        "client.responses.create(model=model, input=x, service_tier=settings, timeout=cfg)",
        "client.chat.completions.create(**settings)",
        "OpenAI(http_client=provider).with_options(timeout=cfg).responses.create(model='gpt-5.4', input='', service_tier='flex')",
        "Agent(model, model_settings=settings).run_sync('hi', model_settings=cfg)",
        "OpenAIResponsesModel(model, provider=provider, settings=settings)",
        "Holder(model=OpenAIResponsesModel('gpt-5.4', provider=provider), settings=settings)",
        "ChatOpenAI(model=model, service_tier=settings, timeout=cfg, **x)",
        "init_chat_model(model, model_provider=y, service_tier=settings)",
        "litellm.completion(model=model, messages=[], service_tier=settings, extra_body=cfg)",
        "model_request_sync(model, [], model_settings=settings)",
    ]
)


def _lint(code: str) -> None:
    result = lint_source(code.encode("utf-8", "surrogatepass"), "generated.py")
    assert [d.message for d in result.diagnostics if d.rule == "internal-error"] == []
    lines = code.count("\n") + 1
    for d in result.diagnostics:
        assert 1 <= d.line <= lines + 1 and d.column >= 1 and d.message


def _valid(code: str) -> bool:
    try:
        cst.parse_module(code)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # `'bytes' object is not callable`: valid, if odd
            compile(code, "generated.py", "exec")
    except (cst.ParserSyntaxError, SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(STATEMENTS, min_size=1, max_size=6), st.lists(USES, min_size=1, max_size=3))
def test_generated_modules_never_crash_a_reader(statements, uses):
    code = HEADER + "\n".join(statements) + "\n" + "\n".join(uses) + "\n"
    assume(_valid(code))
    _lint(code)


hypothesmith = pytest.importorskip("hypothesmith")


# hypothesmith compiles what it generates: `'str' object is not callable` warnings are its own.
@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_node())
def test_any_python_module_never_crashes_a_reader(body):
    code = HEADER + body
    assume(_valid(code))
    _lint(code)


SEEDS = sorted(
    p for folder in ("tests/corpus/real", "tests/python_cases", "tests/cases")
    for p in (ROOT / folder).rglob("*.py")
)


class _Replace(cst.CSTTransformer):
    """Replace the expressions at the chosen positions (in visiting order) with new ones."""

    def __init__(self, chosen: dict[int, str]) -> None:
        self.chosen = chosen
        self.seen = 0

    def on_leave(self, original, updated):
        if isinstance(original, cst.BaseExpression) and not isinstance(original, (cst.Name, cst.Attribute)):
            index = self.seen
            self.seen += 1
            if index in self.chosen:
                try:
                    return cst.parse_expression(f"({self.chosen[index]})")
                except cst.ParserSyntaxError:
                    return updated
        return updated


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(SEEDS), st.dictionaries(st.integers(0, 400), EXPRESSIONS, min_size=1, max_size=4))
def test_mutated_real_files_never_crash_a_reader(path, chosen):
    module = cst.parse_module(path.read_text(encoding="utf-8"))
    try:
        code = module.visit(_Replace(chosen)).code
    except Exception:  # a replacement libcst refuses in that place (e.g. a decorator)
        assume(False)
    assume(_valid(code))
    _lint(code)


def test_there_are_real_python_seeds():
    assert len(SEEDS) >= 10
