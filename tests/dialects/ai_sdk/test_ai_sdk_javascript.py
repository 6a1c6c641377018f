"""The AI SDK in TypeScript and JavaScript: the same findings and messages as its options dumped to JSON."""

from __future__ import annotations

import json
import textwrap

import pytest

from conftest import column_of as at, found_in as found, lint_code as lint
from flexlint.api import lint_source




HEAD = 'import { generateText, streamText } from "ai";\nimport { openai } from "@ai-sdk/openai";\n'


def test_snake_case_tier_in_typescript_has_the_message_of_the_json_dump():
    """Done when: `providerOptions: { openai: { service_tier: "flex" } }` in TypeScript is wrong-key-casing at
    that key, with the same message as the same options dumped to JSON."""
    code = HEAD + textwrap.dedent('''\
        const { text } = await generateText({
          model: openai("gpt-5.4-mini"),
          prompt: "Summarise",
          providerOptions: { openai: { service_tier: "flex" } },
        });
    ''')
    ts = lint(code)
    assert [(d.rule, d.line, d.column) for d in ts] == [("wrong-key-casing", 6, at(code, 6, "service_tier"))]
    dump = json.dumps({"prompt": "Summarise", "providerOptions": {"openai": {"service_tier": "flex"}}})
    js = lint_source(dump.encode(), "call-options.json").diagnostics
    assert [d.rule for d in js] == ["wrong-key-casing"]
    assert ts[0].message == js[0].message and ts[0].fix == js[0].fix


def test_chat_model_that_does_not_offer_flex():
    """Done when: `openai.chat("gpt-5.3-codex")` with `serviceTier: "flex"` is flex-unsupported-model."""
    code = HEAD + textwrap.dedent('''\
        await generateText({
          model: openai.chat("gpt-5.3-codex"),
          prompt: "hi",
          providerOptions: { openai: { serviceTier: "flex" } },
        });
    ''')
    diags = lint(code)
    assert [(d.rule, d.line, d.column) for d in diags] == [("flex-unsupported-model", 4, at(code, 4, '"gpt'))]
    assert diags[0].related[0].line == 6


def test_the_sdks_own_gate_drops_the_tier_for_a_chat_latest_model():
    code = HEAD + 'await streamText({ model: openai("gpt-5-chat-latest"), prompt: "x", providerOptions: { openai: { serviceTier: "flex" } } });\n'
    assert found(code) == [("parameter-dropped", 3, at(code, 3, "serviceTier"))]


def test_values_followed_through_names_spreads_and_shared_objects():
    code = HEAD + textwrap.dedent('''\
        const TIER = "flex" as const;
        const openaiOptions = { service_tier: TIER };
        const shared = { providerOptions: { openai: openaiOptions } } satisfies object;
        const model = openai.chat("gpt-5.3-codex");
        await streamText({ ...shared, model, prompt: "x" });
    ''')
    assert found(code) == [("wrong-key-casing", 4, at(code, 4, "service_tier")),
                           ("flex-unsupported-model", 6, at(code, 6, '"gpt'))]


def test_tier_computed_at_run_time_is_silent():
    code = HEAD + textwrap.dedent('''\
        await generateText({
          model: openai.chat("gpt-5.3-codex"),
          prompt: "x",
          providerOptions: { openai: { serviceTier: process.env.TIER, reasoningEffort: effort } },
        });
    ''')
    assert found(code) == []


def test_name_of_an_option_is_checked_even_when_its_value_is_not_known():
    code = HEAD + 'await generateText({ model: openai("gpt-5.4"), prompt: "x", providerOptions: { openai: { service_tier: tier } } });\n'
    assert found(code) == [("wrong-key-casing", 3, at(code, 3, "service_tier"))]


def test_a_model_made_elsewhere_still_has_its_options_judged_but_not_its_model():
    code = HEAD + 'export async function run(model) { await generateText({ model, prompt: "x", providerOptions: { openai: { serviceTier: "flex", reasoning_effort: "low" } } }); }\n'
    assert found(code) == [("wrong-key-casing", 3, at(code, 3, "reasoning_effort"))]


def test_another_server_behind_create_openai_is_not_judged_by_the_openai_catalog():
    code = textwrap.dedent('''\
        import { generateText } from "ai";
        import { createOpenAI } from "@ai-sdk/openai";
        const local = createOpenAI({ baseURL: "http://localhost:11434/v1" });
        const official = createOpenAI({ baseURL: "https://api.openai.com/v1" });
        await generateText({ model: local.chat("gpt-5.3-codex"), prompt: "x", providerOptions: { openai: { serviceTier: "flex" } } });
        await generateText({ model: official.chat("gpt-5.3-codex"), prompt: "x", providerOptions: { openai: { serviceTier: "flex" } } });
    ''')
    assert found(code) == [("flex-unsupported-model", 6, at(code, 6, '"gpt'))]


def test_azure_deployments():
    """A deployment name is not a model id: only an info. But the AI SDK's own gate reads the deployment
    name as a model id, so a deployment not named like a flex model loses the tier."""
    code = textwrap.dedent('''\
        import { generateText } from "ai";
        import { azure } from "@ai-sdk/azure";
        await generateText({ model: azure("gpt-5-mini-prod"), prompt: "x", providerOptions: { azure: { serviceTier: "flex" } } });
        await generateText({ model: azure("my-deployment"), prompt: "x", providerOptions: { azure: { serviceTier: "flex" } } });
    ''')
    assert found(code) == [("azure-deployment-unchecked", 3, at(code, 3, '"gpt')),
                           ("parameter-dropped", 4, at(code, 4, "serviceTier"))]


def test_agents_and_their_settings():
    code = textwrap.dedent('''\
        import { ToolLoopAgent, Experimental_Agent as Agent } from "ai";
        import { openai } from "@ai-sdk/openai";
        const a = new ToolLoopAgent({ model: openai("gpt-5.3-codex"), instructions: "Be brief", providerOptions: { openai: { serviceTier: "flex" } } });
        const b = new Agent({ model: openai("gpt-5.4"), instructions: "x", providerOptions: { openai: { service_tier: "flex" } } });
    ''')
    assert found(code) == [("flex-unsupported-model", 3, at(code, 3, '"gpt')),
                           ("wrong-key-casing", 4, at(code, 4, "service_tier"))]


def test_options_outside_a_known_call_are_read_when_they_are_language_model_options():
    code = textwrap.dedent('''\
        import { embed, generateImage } from "ai";
        export const defaults = { providerOptions: { openai: { service_tier: "flex" } } };
        export const imageDefaults = { providerOptions: { openai: { quality: "hd", style: "vivid" } } };
        await embed({ model: m, value: "x", providerOptions: { openai: { dimensions: 512, serviceTier: "flex" } } });
        await generateImage({ model: m, prompt: "x", providerOptions: { openai: { quality: "hd", service_tier: "flex" } } });
    ''')
    assert found(code) == [("wrong-key-casing", 2, at(code, 2, "service_tier"))]


def test_other_packages_named_like_the_sdk_are_not_read():
    code = textwrap.dedent('''\
        import { generateText } from "./my-ai";
        import { openai } from "./providers";
        await generateText({ model: openai.chat("gpt-5.3-codex"), providerOptions: { groq: { serviceTier: "flex" } } });
    ''')
    assert found(code) == []


def test_top_level_openai_option_is_misplaced_but_call_keys_are_not():
    code = HEAD + 'await generateText({ model: openai("gpt-5.4"), instructions: "x", serviceTier: "flex", prompt: "x" });\n'
    assert found(code) == [("parameter-ignored", 3, at(code, 3, "serviceTier"))]


def test_max_retries_zero_with_flex():
    code = HEAD + 'await generateText({ model: openai("gpt-5.4"), maxRetries: 0, prompt: "x", providerOptions: { openai: { serviceTier: "flex" } } });\n'
    assert found(code) == [("flex-no-retry", 3, at(code, 3, "maxRetries"))]


def test_hardcoded_key_in_a_provider():
    code = 'import { createOpenAI } from "@ai-sdk/openai";\nconst p = createOpenAI({ apiKey: "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD" });\n'
    diags = lint(code)
    assert [(d.rule, d.line, d.column) for d in diags] == [("hardcoded-api-key", 2, at(code, 2, '"sk'))]
    assert "sk-proj" not in diags[0].message


@pytest.mark.parametrize("name", ["app.ts", "app.js", "app.mjs", "app.cjs", "app.jsx", "app.tsx", "app.mts", "app.cts"])
def test_every_suffix_is_read(name):
    code = HEAD + 'await generateText({ model: openai("gpt-5.4"), prompt: "x", providerOptions: { openai: { service_tier: "flex" } } });\n'
    assert found(code, name) == [("wrong-key-casing", 3, at(code, 3, "service_tier"))]


def test_commonjs_require():
    code = textwrap.dedent('''\
        const { generateText } = require("ai");
        const { openai } = require("@ai-sdk/openai");
        generateText({ model: openai.chat("gpt-5.3-codex"), providerOptions: { openai: { serviceTier: "flex" } } });
    ''')
    assert found(code, "app.cjs") == [("flex-unsupported-model", 3, at(code, 3, '"gpt'))]


def test_inline_suppression_in_a_line_comment():
    code = HEAD + textwrap.dedent('''\
        await generateText({
          model: openai("gpt-5.4"),
          // flexlint: ignore[wrong-key-casing]
          providerOptions: { openai: { service_tier: "flex" } },
        });
        await generateText({ model: openai("gpt-5.4"), providerOptions: { openai: { service_tier: "flex" } } });  // flexlint: ignore[FLX102]
    ''')
    assert found(code) == []


def test_a_tier_in_the_options_of_an_openai_embedding_model_is_stripped():
    code = textwrap.dedent('''\
        import { embed, embedMany } from "ai";
        import { openai, createOpenAI } from "@ai-sdk/openai";
        import { cohere } from "@ai-sdk/cohere";
        await embed({ model: openai.embedding("text-embedding-3-small"), value: "x",
                      providerOptions: { openai: { serviceTier: "flex", dimensions: 512 } } });
        const own = createOpenAI({});
        await embedMany({ model: own.textEmbeddingModel("text-embedding-3-large"), values: ["a"],
                          providerOptions: { openai: { service_tier: "flex", user: "u" } } });
        await embed({ model: openai.embedding("text-embedding-3-small"), value: "x", providerOptions: { openai: { dimensions: 8 } } });
        await embed({ model: cohere.embedding("embed-english-v3.0"), value: "x", providerOptions: { openai: { serviceTier: "flex" } } });
        await embed({ model: someModel, value: "x", providerOptions: { openai: { serviceTier: "flex" } } });
    ''')
    diags = lint(code)
    assert [(d.rule, d.line, d.column) for d in diags] == [
        ("parameter-dropped", 5, at(code, 5, "serviceTier")),
        ("parameter-dropped", 8, at(code, 8, "service_tier")),
    ]
    assert "reads only `dimensions` and `user`" in diags[0].message and "embed(...)" in diags[0].message
    assert "embedMany(...)" in diags[1].message


def test_every_call_and_model_factory():
    code = textwrap.dedent('''\
        import { generateObject, streamObject } from "ai";
        import { openai } from "@ai-sdk/openai";
        import { createAzure } from "@ai-sdk/azure";
        const azure = createAzure({ resourceName: "acme" });
        await generateObject({ model: openai.responses("gpt-5.3-codex"), schema, prompt: "x", providerOptions: { openai: { serviceTier: "flex" } } });
        streamObject({ model: openai.languageModel("gpt-5.4"), schema, prompt: "x", providerOptions: { openai: { service_tier: "flex" } } });
        streamObject({ model: openai.responses("gpt-5.4"), schema, prompt: "x", providerOptions: { openai: { prediction: { type: "content", content: "" } } } });
        await generateObject({ model: azure.chat("my-deployment"), schema, prompt: "x", providerOptions: { azure: { serviceTier: "flex" } } });
    ''')
    assert found(code) == [
        ("flex-unsupported-model", 5, at(code, 5, '"gpt')),
        ("wrong-key-casing", 6, at(code, 6, "service_tier")),
        ("wrong-api-parameter", 7, at(code, 7, "prediction")),
        ("azure-deployment-unchecked", 8, at(code, 8, '"my-')),
        ("parameter-ignored", 8, at(code, 8, "azure:")),  # and nothing of it is judged: it is never sent
    ]
