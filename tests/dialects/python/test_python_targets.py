"""Where Python clients send requests (OpenAI SDK, LangChain, LiteLLM, pydantic-ai), and what that changes.

Each case is real source text through the public API: the target a site
gets, and the findings a user sees for it.
"""

from __future__ import annotations

import textwrap

import pytest

from flexlint.api import Options, build_selection, lint_source
from flexlint.dialects import dialect
from flexlint.run.documents import read_documents


def sites(code: str, name: str = "app.py"):
    (doc,) = read_documents(name, textwrap.dedent(code).encode())
    return [s for s in dialect("python").read(doc).sites if s.effective or s.params]


def lint(code: str, name: str = "app.py"):
    data = textwrap.dedent(code).encode()
    return [(d.rule, d.severity, d.line, d.column) for d in lint_source(data, name, selection=build_selection(Options())).diagnostics]


def findings(code: str):
    return lint_source(textwrap.dedent(code).encode(), "app.py", selection=build_selection(Options())).diagnostics


# ---------------------------------------------------------------- the OpenAI SDK


@pytest.mark.parametrize(
    "client,server,how",
    [
        ('OpenAI()', "openai", ""),
        ('OpenAI(base_url="http://localhost:8000/v1")', "vllm", 'base_url "http://localhost:8000/v1" (port 8000 is vLLM\'s default)'),
        ('OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")', "ollama", None),
        ('OpenAI(base_url="https://openrouter.ai/api/v1")', "openrouter", 'base_url "https://openrouter.ai/api/v1"'),
        ('OpenAI(base_url="https://api.groq.com/openai/v1")', "groq", None),
        ('OpenAI(base_url="https://api.x.ai/v1")', "xai", None),
        ('OpenAI(base_url="https://generativelanguage.googleapis.com/v1beta/openai/")', "gemini", None),
        ('OpenAI(base_url="https://res.openai.azure.com/openai/v1/")', "azure", None),
        ('OpenAI(base_url=f"https://{RESOURCE}.openai.azure.com/openai/v1/")', "azure", None),
        ('OpenAI(base_url="https://llm.example.com/v1")', "unknown", None),
        ('OpenAI(base_url=settings.url)', "unknown", "`base_url`, computed when the code runs"),
        ('OpenAI(base_url=os.environ["LLM_URL"])', "unknown", None),
        ('OpenAI(base_url=os.getenv("LLM_URL", "http://localhost:1234/v1"))', "lmstudio", None),
        ('OpenAI(base_url=os.getenv("OPENAI_BASE_URL"))', "openai", ""),
        ('OpenAI(base_url=HOST + "/v1")', "unknown", None),
        ('OpenAI(**config)', "unknown", None),
        ('AzureOpenAI(azure_endpoint="https://x.openai.azure.com", azure_deployment="batch")', "azure", "the client class AzureOpenAI"),
        ('OpenAI().with_options(base_url="http://localhost:8080/v1")', "llamacpp", None),
    ],
)
def test_openai_client_targets(client, server, how):
    code = f"""
    import os
    from openai import OpenAI, AzureOpenAI
    client = {client}
    client.chat.completions.create(model="m", messages=[], temperature=0.1)
    """
    (site,) = sites(code)
    assert site.target.server == server
    if how is not None:
        assert site.target.how == how


def test_what_was_assumed_is_said():
    (plain,) = sites('from openai import OpenAI\nOpenAI().responses.create(model="gpt-5.4", input="x")\n')
    assert "OPENAI_BASE_URL" in plain.target.assumed
    (env,) = sites('import os\nfrom openai import OpenAI\n'
                   'OpenAI(base_url=os.getenv("BASE", "http://localhost:11434/v1")).responses.create(model="m", input="x")\n')
    assert env.target.assumed == "the environment variable BASE is not set"
    (azure,) = sites('from openai import AzureOpenAI\n'
                     'AzureOpenAI(azure_deployment="batch").responses.create(model="m", input="x")\n')
    assert (azure.target.deployment, azure.target.assumed) == ("batch", None)


def test_module_level_client():
    code = 'import openai\nopenai.base_url = "https://api.groq.com/openai/v1"\nopenai.chat.completions.create(model="m", messages=[])\n'
    assert [s.target.server for s in sites(code)] == ["groq"]


def test_a_local_server_gets_no_openai_verdict_on_extra_body():
    """Done when: a client on a localhost base URL with top_k in extra_body gives no error or warning."""
    code = """
    from openai import OpenAI
    client = OpenAI(base_url="http://localhost:8000/v1", api_key="EMPTY")
    client.chat.completions.create(
        model="Qwen/Qwen3-8B", messages=[], top_p=0.8, presence_penalty=1.5, max_tokens=8000,
        extra_body={"top_k": 20, "chat_template_kwargs": {"enable_thinking": False}, "service_tier": "flex"},
    )
    """
    assert lint(code) == []


def test_openai_itself_still_gets_the_verdict():
    code = """
    from openai import OpenAI
    client = OpenAI()
    client.chat.completions.create(model="gpt-5.4", messages=[], extra_body={"top_k": 20})
    """
    assert [(r, s) for r, s, *_ in lint(code)] == [("unknown-parameter", "error")]


def test_a_keyword_the_sdk_does_not_take_fails_on_any_server():
    """The SDK raises TypeError before anything is sent: the server does not matter."""
    code = """
    from openai import OpenAI
    client = OpenAI(base_url="http://localhost:11434/v1")
    client.chat.completions.create(model="llama3", messages=[], top_k=20, service_tier="nope")
    """
    found = findings(code)
    assert [(d.rule, d.line) for d in found] == [("unknown-parameter", 4)]
    assert "TypeError" in found[0].message


def test_unknown_server_gets_one_info_per_client():
    code = """
    from openai import OpenAI
    client = OpenAI(base_url="https://llm.example.com/v1")
    client.chat.completions.create(model="qwen3", messages=[], extra_body={"top_k": 20})
    client.chat.completions.create(model="gpt-5.3-codex", messages=[], service_tier="flex")
    client.chat.completions.create(model="qwen3", messages=[], temperature=0.1)
    """
    assert lint(code) == [("unknown-target", "info", 3, 26)]


def test_a_server_that_refuses_the_tier():
    code = """
    from openai import OpenAI
    client = OpenAI(base_url="https://api.x.ai/v1")
    client.chat.completions.create(model="grok-4", messages=[], service_tier="flex", timeout=10)
    """
    found = findings(code)
    assert [(d.rule, d.severity) for d in found] == [("tier-not-offered", "error")]  # and no flex hygiene
    assert found[0].message.startswith('xAI (base_url "https://api.x.ai/v1") does not offer service_tier "flex"')


def test_groq_flex_needs_retries_not_a_long_timeout():
    code = """
    from openai import OpenAI
    client = OpenAI(base_url="https://api.groq.com/openai/v1", timeout=30, max_retries=0)
    client.chat.completions.create(model="llama-3.3-70b-versatile", messages=[], service_tier="flex")
    """
    found = findings(code)
    assert [d.rule for d in found] == ["flex-no-retry"]
    assert "Groq answers 498 capacity_exceeded at once" in found[0].message


# ---------------------------------------------------------------- LangChain, LiteLLM, pydantic-ai


def test_langchain_targets():
    code = """
    from langchain_openai import ChatOpenAI, AzureChatOpenAI
    local = ChatOpenAI(model="llama3:latest", base_url="http://localhost:11434/v1", api_key="ollama", top_k=3)
    proxy = ChatOpenAI(model="gpt-5.4", openai_api_base="https://openrouter.ai/api/v1")
    plain = ChatOpenAI(model="gpt-5.4")
    azure = AzureChatOpenAI(model="gpt-5.5", azure_deployment="prod", service_tier="flex")
    """
    found = {s.origin + s.target.server for s in sites(code)}
    assert [s.target.server for s in sites(code) if not s.origin.startswith(("model_kwargs", "extra_body"))] == [
        "ollama", "openrouter", "openai", "azure"]
    assert found
    azure = [s for s in sites(code) if s.target.server == "azure"][0]
    assert (azure.target.deployment, azure.target.base_model) == ("prod", "gpt-5.5")
    # LangChain moves top_k into model_kwargs and the SDK raises TypeError, on any server; Azure refuses flex for gpt-5.5.
    assert [(r, line) for r, _, line, _ in lint(code)] == [("unknown-parameter", 3), ("flex-unsupported-model", 6)]


def test_litellm_python_api_base():
    code = """
    import litellm
    litellm.completion(model="openai/gpt-oss:latest", api_base="http://localhost:11434/v1", messages=[],
                       extra_body={"options": {"num_ctx": 8192}}, service_tier="flex", timeout=10)
    litellm.completion(model="openai/gpt-5.4", messages=[], extra_body={"options": {}})
    """
    assert [s.target.server for s in sites(code) if not s.origin.startswith("extra_body")] == ["ollama", "openai"]
    assert [(r, line) for r, _, line, _ in lint(code)] == [("unknown-parameter", 5)]


@pytest.mark.parametrize(
    "providers,server",
    [
        ("", "openai"),
        ('provider = OpenAIProvider(base_url="http://localhost:11434/v1")', "ollama"),
        ('model = OpenAIChatModel("anthropic/claude-sonnet-4.5", provider="openrouter")', "openrouter"),
        ('agent = Agent("openrouter:openai/gpt-5.4")', "openrouter"),
        ('agent = Agent("anthropic:claude-sonnet-4-5")', "openai"),  # its own model class: not the OpenAI settings' server
        ('a = Agent("openrouter:x")\nb = OpenAIProvider(base_url="http://localhost:8000/v1")', "unknown"),
    ],
)
def test_pydantic_ai_settings_follow_the_modules_providers(providers, server):
    code = (
        "from pydantic_ai import Agent\n"
        "from pydantic_ai.models.openai import OpenAIChatModel, OpenAIResponsesModelSettings\n"
        "from pydantic_ai.providers.openai import OpenAIProvider\n"
        f"{providers}\n"
        'settings = OpenAIResponsesModelSettings(openai_service_tier="flex")\n'
    )
    (site,) = sites(code)
    assert site.target.server == server


def test_pydantic_ai_providers_of_other_model_classes_do_not_count():
    code = """
    from pydantic_ai.models.cerebras import CerebrasModel, CerebrasModelSettings
    from pydantic_ai.providers.cerebras import CerebrasProvider
    from pydantic_ai.models.openai import OpenAIResponsesModel, OpenAIResponsesModelSettings
    from pydantic_ai.providers.openai import OpenAIProvider
    from pydantic_ai.providers.ollama import OllamaProvider
    from pydantic_ai.models.openai import OpenAIChatModel

    cerebras = CerebrasModel("gpt-oss-120b", provider=CerebrasProvider())
    CerebrasModelSettings(openai_reasoning_effort="medium")
    model = OpenAIResponsesModel("gpt-5.6-terra", provider=OpenAIProvider())
    settings = OpenAIResponsesModelSettings(openai_service_tier="flex")
    """
    assert {s.target.server for s in sites(code) if s.origin.startswith("OpenAIResponsesModelSettings")} == {"openai"}
    local = code.replace('provider=OpenAIProvider()', 'provider=OllamaProvider(base_url="http://gpu-box:11434/v1")')
    assert {s.target.server for s in sites(local) if s.origin.startswith("OpenAIResponsesModelSettings")} == {"ollama"}
