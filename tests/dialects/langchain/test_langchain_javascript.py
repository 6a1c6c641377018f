"""LangChain.js: the constructor's fields, and a per-call service_tier that the Responses path drops."""

from __future__ import annotations

import textwrap

from conftest import column_of as at, found_in as found, lint_code as lint


HEAD = 'import { ChatOpenAI } from "@langchain/openai";\n'
SLOW = "timeout: 900000"


def test_per_call_service_tier_on_the_responses_path_is_dropped():
    """Done when: a per-call `service_tier` on the Responses path gets the drop finding (langchainjs#11353)."""
    code = HEAD + textwrap.dedent(f'''\
        const model = new ChatOpenAI({{ model: "gpt-5.4-mini", useResponsesApi: true, {SLOW} }});
        await model.invoke("Summarise", {{ service_tier: "flex" }});
        const background = model.withConfig({{ service_tier: "flex" }});
        await model.bindTools([], {{ service_tier: "flex" }}).invoke("x");
    ''')
    diags = lint(code)
    assert [(d.rule, d.line, d.column) for d in diags] == [
        ("parameter-dropped", 3, at(code, 3, "service_tier")),
        ("parameter-dropped", 4, at(code, 4, "service_tier")),
        ("parameter-dropped", 5, at(code, 5, "service_tier")),
    ]
    message = diags[0].message
    assert "Responses API (`useResponsesApi: true`)" in message and "langchain-ai/langchainjs#11353" in message
    assert "sent without a service_tier" in message
    assert diags[0].fix.startswith("set `service_tier` on the ChatOpenAI constructor")


def test_the_constructor_tier_is_what_is_sent_instead():
    code = HEAD + f'const m = new ChatOpenAI({{ model: "gpt-5.4", useResponsesApi: true, service_tier: "auto", {SLOW} }});\nm.invoke("x", {{ service_tier: "flex" }});\n'
    diags = lint(code)
    assert [(d.rule, d.line) for d in diags] == [("parameter-dropped", 3)]
    assert 'the constructor\'s service_tier "auto" is sent instead' in diags[0].message


def test_codex_models_and_responses_only_call_options_take_the_responses_path():
    code = HEAD + textwrap.dedent(f'''\
        const codex = new ChatOpenAI({{ model: "gpt-5.4-codex", {SLOW} }});
        codex.invoke("x", {{ service_tier: "priority" }});
        const plain = new ChatOpenAI({{ model: "gpt-5.4", {SLOW} }});
        plain.invoke("x", {{ service_tier: "flex", previous_response_id: "resp_1" }});
    ''')
    diags = lint(code, select=["parameter-dropped"])
    assert [(d.rule, d.line) for d in diags] == [("parameter-dropped", 3), ("parameter-dropped", 5)]
    assert "sends codex models such as `gpt-5.4-codex` to the Responses API" in diags[0].message
    assert "the call option `previous_response_id`" in diags[1].message


def test_on_chat_completions_or_an_unknown_path_the_per_call_tier_is_sent_and_judged():
    code = HEAD + textwrap.dedent(f'''\
        const chat = new ChatOpenAI({{ model: "gpt-4.1-mini", useResponsesApi: false, {SLOW} }});
        await chat.invoke("x", {{ service_tier: "flex" }});
        const unknown = new ChatOpenAI({{ model: "gpt-5.4-mini", {SLOW} }});
        await unknown.stream("x", {{ service_tier: "flex" }});
    ''')
    assert found(code) == [("flex-unsupported-model", 2, at(code, 2, '"gpt'))]


def test_constructor_fields():
    code = HEAD + textwrap.dedent('''\
        const a = new ChatOpenAI({ model: "gpt-5.3-codex", service_tier: "flex", timeout: 30000, maxRetries: 0 });
        const b = new ChatOpenAI({ model: "gpt-5.4", serviceTier: "flex", timeout: 900000 });
        const c = new ChatOpenAI("gpt-5.4", { modelKwargs: { serviceTier: "flex" }, timeout: 900000 });
    ''')
    diags = lint(code)
    assert [(d.rule, d.line, d.column) for d in diags] == [
        ("flex-unsupported-model", 2, at(code, 2, '"gpt')),
        ("flex-short-timeout", 2, at(code, 2, "timeout")),
        ("flex-no-retry", 2, at(code, 2, "maxRetries")),
        ("parameter-ignored", 3, at(code, 3, "serviceTier")),
        ("wrong-key-casing", 4, at(code, 4, "serviceTier")),
    ]
    assert "ChatOpenAI reads `service_tier` (snake_case) and ignores `serviceTier`" in diags[3].message
    assert "HTTP 400 unknown_parameter" in diags[4].message  # modelKwargs are spread into the body as written


def test_default_timeout_and_retries():
    code = HEAD + 'const m = new ChatOpenAI({ model: "gpt-5.4", service_tier: "flex" });\n'
    diags = lint(code)
    assert [(d.rule, d.line) for d in diags] == [("flex-short-timeout", 2)]
    assert "600 s default timeout" in diags[0].message


def test_another_server_and_values_not_known():
    code = HEAD + textwrap.dedent(f'''\
        const local = new ChatOpenAI({{ model: "gpt-5.3-codex", service_tier: "flex", configuration: {{ baseURL: "http://localhost:8000/v1" }}, {SLOW} }});
        const m = new ChatOpenAI({{ model: process.env.MODEL, useResponsesApi: flag, {SLOW} }});
        m.invoke("x", {{ service_tier: tier }});
        m.invoke("x", {{ service_tier: "flex" }});
    ''')
    assert found(code) == []


def test_objects_that_are_not_chat_models_are_not_read():
    code = textwrap.dedent('''\
        import { ChatOpenAI } from "./my-wrapper";
        const m = new ChatOpenAI({ model: "gpt-5.3-codex", useResponsesApi: true, service_tier: "flex" });
        m.invoke("x", { service_tier: "flex" });
        const chain = prompt.pipe(other);
        chain.invoke({ service_tier: "flex" }, { service_tier: "flex" });
    ''')
    assert found(code) == []


def test_azure_chat_model():
    code = 'import { AzureChatOpenAI } from "@langchain/openai";\nconst m = new AzureChatOpenAI({ model: "prod-deployment", service_tier: "flex", timeout: 900000 });\n'
    assert found(code) == [("azure-deployment-unchecked", 2, at(code, 2, '"prod'))]


def test_bind_and_batch_options_on_the_responses_path():
    code = HEAD + textwrap.dedent(f'''\
        const model = new ChatOpenAI({{ model: "gpt-5.4-mini", useResponsesApi: true, {SLOW} }});
        const bound = model.bind({{ service_tier: "flex" }});
        await model.batch(["a", "b"], {{ service_tier: "flex" }});
        await model.withConfig({{ tags: ["x"] }}).invoke("x", {{ serviceTier: "flex" }});
    ''')
    assert found(code, select=["parameter-dropped", "parameter-ignored"]) == [
        ("parameter-dropped", 3, at(code, 3, "service_tier")),
        ("parameter-dropped", 4, at(code, 4, "service_tier")),
        ("parameter-ignored", 5, at(code, 5, "serviceTier")),
    ]
