"""Where JavaScript and TypeScript clients send requests (the AI SDK, the openai package, LangChain.js), and what that changes.

Each case is real source text through the public API: the target a site
gets, and the findings a user sees for it. The same base URLs give the same
servers as in Python code.
"""

from __future__ import annotations

import textwrap

import pytest

from conftest import column_of, lint_code
from flexlint.dialects import dialect
from flexlint.run.documents import read_documents


def sites(code: str, name: str = "app.ts"):
    (doc,) = read_documents(name, textwrap.dedent(code).encode())
    return [s for s in dialect("javascript").read(doc).sites if s.effective or s.params or s.drops]


def found(code: str, select: list[str] | None = None):
    return [(d.rule, d.severity, d.line, d.column) for d in lint_code(code, "app.ts", select)]


at = column_of

# The base URLs of the Python cases, written the JavaScript way.
BASE_URLS = [
    (None, "openai", ""),
    ('"http://localhost:8000/v1"', "vllm", 'baseURL "http://localhost:8000/v1" (port 8000 is vLLM\'s default)'),
    ('"http://localhost:11434/v1"', "ollama", None),
    ('"https://openrouter.ai/api/v1"', "openrouter", 'baseURL "https://openrouter.ai/api/v1"'),
    ('"https://api.groq.com/openai/v1"', "groq", None),
    ('"https://api.x.ai/v1"', "xai", None),
    ('"https://generativelanguage.googleapis.com/v1beta/openai/"', "gemini", None),
    ('"https://res.openai.azure.com/openai/v1/"', "azure", None),
    ("`https://${RESOURCE}.openai.azure.com/openai/v1/`", "azure", None),
    ('"https://api.openai.com/v1"', "openai", 'baseURL "https://api.openai.com/v1"'),
    ('"https://llm.example.com/v1"', "unknown", None),
    ("settings.url", "unknown", "`baseURL`, computed when the code runs"),
    ("process.env.LLM_URL", "unknown", None),
    ('process.env.LLM_URL ?? "http://localhost:1234/v1"', "lmstudio", None),
    ('process.env["LLM_URL"] || "http://localhost:8080/v1"', "llamacpp", None),
    ("process.env.OPENAI_BASE_URL", "openai", ""),
    ('HOST + "/v1"', "unknown", None),
    ("`${HOST}/v1`", "unknown", None),
]


def _client_options(base_url: str | None) -> str:
    return "{}" if base_url is None else f"{{ baseURL: {base_url} }}"


@pytest.mark.parametrize("base_url,server,how", BASE_URLS)
def test_openai_package_client_targets(base_url, server, how):
    code = f"""
    import OpenAI from "openai";
    const client = new OpenAI({_client_options(base_url)});
    await client.chat.completions.create({{ model: "m", messages: [], temperature: 0.1 }});
    """
    (site,) = sites(code)
    assert site.target.server == server
    if how is not None:
        assert site.target.how == how


@pytest.mark.parametrize("base_url,server,how", BASE_URLS)
def test_ai_sdk_provider_targets(base_url, server, how):
    code = f"""
    import {{ generateText }} from "ai";
    import {{ createOpenAI }} from "@ai-sdk/openai";
    const provider = createOpenAI({_client_options(base_url)});
    await generateText({{ model: provider.chat("m"), prompt: "x", providerOptions: {{ openai: {{ serviceTier: "flex" }} }} }});
    """
    (site,) = sites(code)
    assert site.target.server == server
    if how is not None and how != "":
        assert site.target.how == how


@pytest.mark.parametrize("base_url,server,how", BASE_URLS)
def test_langchain_configuration_targets(base_url, server, how):
    configuration = "" if base_url is None else f", configuration: {{ baseURL: {base_url} }}"
    code = f"""
    import {{ ChatOpenAI }} from "@langchain/openai";
    const model = new ChatOpenAI({{ model: "m", service_tier: "flex"{configuration} }});
    """
    (site,) = sites(code)
    assert site.target.server == server
    if how is not None and how != "":
        assert site.target.how == how


@pytest.mark.parametrize(
    "code,server,how",
    [
        ('import OpenAI from "openai";\nconst c = new OpenAI(opts);', "unknown",
         "the client's options, which the code does not show in full"),
        ('import OpenAI from "openai";\nconst c = new OpenAI({ ...opts, timeout: 900000 });', "unknown", None),
        ('import OpenAI from "openai";\nconst c = new OpenAI({ ...{ maxRetries: 3 }, timeout: 900000 });', "openai", ""),
        ('import OpenAI from "openai";\nconst c = new OpenAI().withOptions({ baseURL: "http://localhost:11434/v1" });',
         "ollama", None),
        ('import { AzureOpenAI } from "openai";\nconst c = new AzureOpenAI({ endpoint: E, deployment: "batch" });', "azure",
         "the client class AzureOpenAI"),
        ('import OpenAI from "openai";\nfunction f(c: OpenAI) { return c; }\nconst c = f(x);', None, None),
    ],
)
def test_openai_package_clients_that_hide_or_derive(code, server, how):
    code += '\nawait c.responses.create({ model: "m", input: "x", temperature: 0.1 });\n'
    got = sites(code)
    if server is None:
        assert got == []  # a value returned by a function is not a client the code shows
        return
    (site,) = got
    assert site.target.server == server
    if how is not None:
        assert site.target.how == how


def test_what_was_assumed_is_said():
    (plain,) = sites('import OpenAI from "openai";\nnew OpenAI().responses.create({ model: "gpt-5.4", input: "x" });\n')
    assert "OPENAI_BASE_URL" in plain.target.assumed
    (env,) = sites('import OpenAI from "openai";\n'
                   'new OpenAI({ baseURL: process.env.BASE ?? "http://localhost:11434/v1" }).responses.create({ model: "m", input: "x" });\n')
    assert env.target.assumed == "the environment variable BASE is not set"
    (azure,) = sites('import { AzureOpenAI } from "openai";\n'
                     'new AzureOpenAI({ deployment: "batch" }).responses.create({ model: "m", input: "x" });\n')
    assert (azure.target.deployment, azure.target.assumed) == ("batch", None)
    (typed,) = sites('import OpenAI from "openai";\n'
                     'export async function run(client: OpenAI) { await client.responses.create({ model: "m", input: "x" }); }\n')
    assert (typed.target.server, typed.target.how) == ("openai", "a parameter typed OpenAI")
    assert "made elsewhere" in typed.target.assumed


def test_ai_sdk_default_providers_and_azure_deployments():
    code = """
    import { generateText } from "ai";
    import { openai } from "@ai-sdk/openai";
    import { azure, createAzure } from "@ai-sdk/azure";
    const gateway = createAzure({ baseURL: "https://llm-gateway.example.com/openai" });
    await generateText({ model: openai("gpt-5.4"), prompt: "x", providerOptions: { openai: { serviceTier: "flex" } } });
    await generateText({ model: azure("prod-gpt5"), prompt: "x", providerOptions: { azure: { serviceTier: "flex" } } });
    await generateText({ model: gateway("prod-gpt5"), prompt: "x", providerOptions: { azure: { serviceTier: "flex" } } });
    """
    plain, deployed, gateway = sites(code)
    assert (plain.target.server, plain.target.how) == ("openai", "the provider `openai` of @ai-sdk/openai")
    assert "OPENAI_BASE_URL" in plain.target.assumed
    assert (deployed.target.server, deployed.target.deployment) == ("azure", "prod-gpt5")
    assert deployed.target.how == "the provider `azure` of @ai-sdk/azure"
    assert gateway.target.server == "unknown"  # createAzure with a gateway that is not Azure's


def test_another_providers_model_never_reads_the_openai_options():
    """A model of @ai-sdk/anthropic or @openrouter/ai-sdk-provider: providerOptions.openai is never read, so a tier
    written only there is never sent; options for several providers side by side are normal and not reported."""
    code = """
    import { generateText } from "ai";
    import { anthropic } from "@ai-sdk/anthropic";
    import { createOpenRouter } from "@openrouter/ai-sdk-provider";
    import { createGoogleGenerativeAI } from "@ai-sdk/google";
    const openrouter = createOpenRouter({ apiKey: KEY });
    const google = createGoogleGenerativeAI({});
    await generateText({ model: openrouter("openai/gpt-5.4"), prompt: "x", providerOptions: { openai: { serviceTier: "flex" } } });
    await generateText({ model: anthropic("claude-sonnet-4-5"), prompt: "x", providerOptions: { openai: { service_tier: "flex" } } });
    await generateText({ model: openrouter.chat("openai/gpt-5.3-codex"), prompt: "x",
                         providerOptions: { openai: { serviceTier: "flex" }, openrouter: { reasoning: { effort: "low" } } } });
    await generateText({ model: google("gemini-2.5-flash"), prompt: "x", providerOptions: { openai: { reasoningEffort: "low" } } });
    """
    diags = lint_code(code, "app.ts")
    assert [(d.rule, d.line, d.column) for d in diags] == [
        ("parameter-ignored", 8, at(code, 8, "openai:")),
        ("parameter-ignored", 9, at(code, 9, "openai:")),
    ]
    assert "comes from @openrouter/ai-sdk-provider, which reads providerOptions.openrouter" in diags[0].message
    assert diags[1].fix.startswith("put the options for this model under `providerOptions.anthropic`")
    assert {s.target.server for s in sites(code)} == {"openrouter", "anthropic"}


def test_langchain_azure_and_legacy_configuration():
    code = """
    import { ChatOpenAI, AzureChatOpenAI } from "@langchain/openai";
    const azure = new AzureChatOpenAI({ azureOpenAIApiDeploymentName: "prod", service_tier: "flex" });
    const legacy = new ChatOpenAI({ model: "m", service_tier: "flex" }, { basePath: "http://0.0.0.0:4000" });
    const older = new ChatOpenAI({ model: "m", service_tier: "flex", azureOpenAIApiInstanceName: "acme" });
    const hidden = new ChatOpenAI({ ...fields, service_tier: "flex" });
    """
    azure, legacy, older, hidden = sites(code)
    assert (azure.target.server, azure.target.deployment) == ("azure", "prod")
    assert legacy.target.server == "local"
    assert older.target.server == "unknown" and "Azure OpenAI" in older.target.assumed
    assert hidden.target.server == "unknown"


# ---------------------------------------------------------------- what the target changes


def test_a_local_server_gets_no_openai_verdict():
    code = """
    import OpenAI from "openai";
    const client = new OpenAI({ baseURL: "http://localhost:8000/v1", apiKey: "EMPTY" });
    await client.chat.completions.create({ model: "Qwen/Qwen3-8B", messages: [], top_k: 20, service_tier: "flex" });
    """
    assert found(code) == []


def test_openai_itself_still_gets_the_verdict():
    code = """
    import OpenAI from "openai";
    const client = new OpenAI({ baseURL: "https://api.openai.com/v1" });
    await client.chat.completions.create({ model: "gpt-5.4", messages: [], top_k: 20 });
    """
    assert [(r, s) for r, s, *_ in found(code)] == [("unknown-parameter", "error")]


def test_unknown_server_gets_one_info_per_client():
    code = """
    import OpenAI from "openai";
    const client = new OpenAI({ baseURL: "https://llm.example.com/v1" });
    await client.chat.completions.create({ model: "qwen3", messages: [], top_k: 20 });
    await client.chat.completions.create({ model: "gpt-5.3-codex", messages: [], service_tier: "flex" });
    """
    assert found(code) == [("unknown-target", "info", 3, at(code, 3, '"https'))]


def test_a_server_that_refuses_the_tier():
    code = """
    import OpenAI from "openai";
    const client = new OpenAI({ baseURL: "https://api.x.ai/v1", timeout: 10000 });
    await client.chat.completions.create({ model: "grok-4", messages: [], service_tier: "flex" });
    """
    diags = lint_code(code, "app.ts")
    assert [(d.rule, d.severity) for d in diags] == [("tier-not-offered", "error")]  # and no flex hygiene
    assert diags[0].message.startswith('xAI (baseURL "https://api.x.ai/v1") does not offer service_tier "flex"')


def test_the_ai_sdk_layer_still_strips_a_miscased_key_on_any_server():
    """The AI SDK's own options schema strips `service_tier` whatever server the provider points at; OpenAI's
    model catalog is not asked about a local server's model."""
    code = """
    import { generateText } from "ai";
    import { createOpenAI } from "@ai-sdk/openai";
    const local = createOpenAI({ baseURL: "http://localhost:11434/v1" });
    await generateText({ model: local.chat("gpt-5.3-codex"), prompt: "x", providerOptions: { openai: { service_tier: "flex" } } });
    await generateText({ model: local.chat("gpt-5.3-codex"), prompt: "x", providerOptions: { openai: { serviceTier: "flex" } } });
    """
    assert [(r, line) for r, _, line, _ in found(code)] == [("wrong-key-casing", 5)]


def test_langchain_per_call_drop_holds_on_any_server_and_groq_is_judged_by_its_own_tiers():
    code = """
    import { ChatOpenAI } from "@langchain/openai";
    const groq = new ChatOpenAI({ model: "openai/gpt-oss-120b", useResponsesApi: true, configuration: { baseURL: "https://api.groq.com/openai/v1" } });
    await groq.invoke("x", { service_tier: "flex" });
    const xai = new ChatOpenAI({ model: "grok-4", service_tier: "flex", timeout: 900000, configuration: { baseURL: "https://api.x.ai/v1" } });
    """
    assert [(r, line) for r, _, line, _ in found(code)] == [("parameter-dropped", 4), ("tier-not-offered", 5)]
