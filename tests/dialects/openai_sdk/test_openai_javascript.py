"""The openai package in TypeScript and JavaScript: the body is sent as written, key for key."""

from __future__ import annotations

import textwrap

from conftest import column_of as at, found_in as found, lint_code as lint


def test_camel_case_tier_and_a_model_without_flex():
    code = textwrap.dedent('''\
        import OpenAI from "openai";
        const client = new OpenAI({ timeout: 15 * 60 * 1000 });
        await client.responses.create({ model: "gpt-5.3-codex", input: "x", serviceTier: "flex" });
    ''')
    diags = lint(code)
    assert [(d.rule, d.line, d.column) for d in diags] == [
        ("flex-unsupported-model", 3, at(code, 3, '"gpt')), ("wrong-key-casing", 3, at(code, 3, "serviceTier"))]
    assert "the openai package's responses.create()" in diags[1].message
    assert "HTTP 400 unknown_parameter" in diags[1].message and diags[1].fix == "rename `serviceTier` to `service_tier`"


def test_python_style_extra_body_is_sent_as_a_key():
    code = 'import OpenAI from "openai";\nconst c = new OpenAI();\nc.chat.completions.create({ model: "gpt-5.4", messages: [], extra_body: { x: 1 } });\n'
    assert found(code) == [("unknown-parameter", 3, at(code, 3, "extra_body"))]


def test_timeouts_are_milliseconds_and_the_default_is_ten_minutes():
    code = textwrap.dedent('''\
        import { OpenAI } from "openai";
        const short = new OpenAI({ timeout: 60000, maxRetries: 0 });
        const plain = new OpenAI();
        await short.responses.create({ model: "gpt-5.4", input: "x", service_tier: "flex" });
        await plain.responses.create({ model: "gpt-5.4", input: "x", service_tier: "flex" });
        await plain.responses.create({ model: "gpt-5.4", input: "x", service_tier: "flex" }, { timeout: 900_000 });
    ''')
    diags = lint(code)
    assert [(d.rule, d.line, d.column) for d in diags] == [
        ("flex-short-timeout", 2, at(code, 2, "timeout")), ("flex-no-retry", 2, at(code, 2, "maxRetries")),
        ("flex-short-timeout", 5, at(code, 5, "service_tier"))]
    assert "allows 60 s" in diags[0].message and "`timeout: 900000`" in diags[0].fix
    assert "600 s default timeout" in diags[2].message


def test_clients_through_this_fields_with_options_and_typed_parameters():
    code = textwrap.dedent('''\
        import OpenAI, { AzureOpenAI } from "openai";
        class Service {
          private client = new OpenAI({ timeout: 900000 });
          run() { return this.client.withOptions({ maxRetries: 5 }).responses.create({ model: "gpt-5.3-codex", service_tier: "flex" }); }
        }
        export function viaParameter(client: OpenAI) {
          return client.chat.completions.create({ model: "gpt-5.3-codex", messages: [], service_tier: "flex" });
        }
        const az = new AzureOpenAI({ apiVersion: "2025-04-01-preview" });
        az.chat.completions.create({ model: "my-deployment", messages: [], service_tier: "flex" });
    ''')
    assert found(code) == [
        ("flex-unsupported-model", 4, at(code, 4, '"gpt')),
        ("flex-unsupported-model", 7, at(code, 7, '"gpt')),
        ("azure-deployment-unchecked", 10, at(code, 10, '"my')),
        ("flex-short-timeout", 10, at(code, 10, "service_tier")),  # AzureOpenAI has the same 600 s default
    ]


def test_commonjs_and_a_server_that_is_not_openai():
    """Another server (or one known only at run time) is not judged by OpenAI's parameters and catalog; a server
    known only at run time gets one note where its baseURL is written."""
    code = textwrap.dedent('''\
        const OpenAI = require("openai");
        const gemini = new OpenAI({ baseURL: "https://generativelanguage.googleapis.com/v1beta/openai/" });
        const fromEnv = new OpenAI({ baseURL: process.env.BASE_URL });
        gemini.chat.completions.create({ model: "gemini-2.5-flash", messages: [], extra_body: { google: {} } });
        fromEnv.chat.completions.create({ model: "gpt-5.3-codex", messages: [], service_tier: "flex" });
    ''')
    assert found(code, "app.cjs") == [("unknown-target", 3, at(code, 3, "process"))]


def test_objects_that_are_not_clients_are_not_read():
    code = textwrap.dedent('''\
        import OpenAI from "openai";
        const db = { responses: { create: (x) => x } };
        db.responses.create({ model: "gpt-5.3-codex", serviceTier: "flex" });
        function f(client) { client.responses.create({ model: "gpt-5.3-codex", serviceTier: "flex" }); }
        let c = new OpenAI(); c = other;
        c.responses.create({ model: "gpt-5.3-codex", serviceTier: "flex" });
    ''')
    assert found(code) == []


def test_body_in_a_shared_constant_and_unknown_values():
    code = textwrap.dedent('''\
        import OpenAI from "openai";
        const client = new OpenAI({ timeout: 900000 });
        const BASE = { model: "gpt-5.3-codex", service_tier: "flex" } as const;
        await client.responses.create({ ...BASE, input: "x" });
        await client.responses.create({ model: pick(), input: "x", service_tier: tier, reasoning: { effort: e } });
    ''')
    assert found(code) == [("flex-unsupported-model", 3, at(code, 3, '"gpt'))]


def test_hardcoded_key():
    code = 'import OpenAI from "openai";\nconst c = new OpenAI({ apiKey: "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD" });\n'
    assert found(code) == [("hardcoded-api-key", 2, at(code, 2, '"sk'))]
