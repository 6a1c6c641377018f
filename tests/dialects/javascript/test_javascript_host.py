"""The JavaScript/TypeScript host: what a value is, and when it cannot be known.

Each case evaluates the argument of ``probe(...)`` in a small file. A value
flexlint cannot be sure of must be None (unknown), never a guess.
"""

from __future__ import annotations

import pytest

from flexlint.core.document import UNKNOWN
from flexlint.dialects.javascript.module import Module
from flexlint.sources.javascript import Script, ScriptDocument


def module(code: str, grammar: str = "typescript") -> Module:
    return Module(ScriptDocument("a.ts", code, Script(code, grammar)))


def value_of(code: str, grammar: str = "typescript"):
    mod = module(code, grammar)
    for use in mod.names.occurrences("probe", frozenset({"identifier"})):
        call, _ = mod.call_of(use)
        if call is not None:
            node = mod.value(mod.arguments(call)[0])
            return None if node is None else node.plain()
    raise AssertionError("no probe(...) call")


@pytest.mark.parametrize("code,expected", [
    ('probe("flex")', "flex"),
    ("probe('a\\'b\\u0041\\u{1F600}\\x41')", "a'bA😀A"),
    ("probe(`flex`)", "flex"),
    ("const t = 'fl'; probe(`${t}ex`)", "flex"),
    ("probe(15 * 60_000)", 900000),
    ("probe(-1)", -1),
    ("probe(0x10)", 16),
    ("probe(1.5e3)", 1500.0),
    ('probe("gpt-" + "5")', "gpt-5"),
    ("probe(true)", True),
    ("probe(null)", None),
    ('probe("flex" as const)', "flex"),
    ('probe({ a: 1 } satisfies object)', {"a": 1}),
    ("const o = { a: 1 }; probe(o!)", {"a": 1}),
    ('const tier = "flex"; probe({ serviceTier: tier })', {"serviceTier": "flex"}),
    ('const tier = "flex"; probe({ tier })', {"tier": "flex"}),
    ('const base = { a: 1, b: 2 }; probe({ ...base, b: 3 })', {"a": 1, "b": 3}),
    ('probe({ a: 1, ...unknownThing, b: 2 })', {"b": 2}),
    ('probe({ "quoted-key": 1, 2: "n", ["c" + "d"]: 3 })', {"quoted-key": 1, "2": "n", "cd": 3}),
    ('probe({ a: undefined, b: 1 })', {"b": 1}),
    ('const CONFIG = { openai: { tier: "flex" } }; probe(CONFIG.openai.tier)', "flex"),
    ('const CONFIG = { tier: "flex" }; probe(CONFIG["tier"])', "flex"),
    ('probe(Object.freeze({ a: 1 }))', {"a": 1}),
    ('probe([1, "a"])', [1, "a"]),
    ("let t = 'flex'; probe(t)", "flex"),  # a `let` never assigned again holds one value
    ("var t = 'flex'; probe(t)", "flex"),
])
def test_known_values(code, expected):
    assert value_of(code) == expected


@pytest.mark.parametrize("code", [
    "probe(process.env.TIER)",
    "probe(`${process.env.TIER}`)",
    "probe(x ? 'flex' : 'auto')",
    "probe(process.env.TIER || 'flex')",
    "probe(getTier())",
    "let t = 'flex'; t = 'auto'; probe(t)",
    "let t = 'flex'; if (a) { t += '-x' } probe(t)",
    "var t = 'flex'; var t = 'auto'; probe(t)",
    "function f(t = 'flex') { probe(t) }",
    "const { tier } = settings; probe(tier)",
    "probe(10n)",
    "probe('\\1')",
    "const o = { tier: 'flex' }; o.tier = 'auto'; probe(o.tier)",
    "const o = { tier: 'flex' }; delete o.tier; probe(o.tier)",
    "const o = { tier: 'flex' }; Object.assign(o, other); probe(o.tier)",
    "const a = ['flex']; a.push('auto'); probe(a)",
    "const o = { tier: 'flex' }; o.nested.x = 1; probe(o.tier)",
    "const o = { tier: x }; probe(o.tier)",
])
def test_values_computed_at_run_time_are_unknown(code):
    assert value_of(code) is None


def test_a_key_with_an_unknown_value_is_kept_as_unknown():
    assert value_of("probe({ serviceTier: process.env.TIER })") == {"serviceTier": UNKNOWN}


def test_scopes_inner_declarations_shadow_outer_ones():
    assert value_of("const t = 'auto'; function f() { const t = 'flex'; probe(t) }") == "flex"
    assert value_of("const t = 'flex'; function f() { probe(t) } function g() { const t = 'auto' }") == "flex"
    assert value_of("const t = 'flex'; { let t = 'auto'; } probe(t)") == "flex"
    assert value_of("const t = 'flex'; function f(t) { probe(t) }") is None
    assert value_of("const t = 'flex'; for (const t of xs) { probe(t) }") is None
    assert value_of("const t = 'flex'; try {} catch (t) { probe(t) }") is None


def test_a_reassignment_in_another_scope_of_the_same_name_does_not_count():
    assert value_of("let t = 'flex'; function f() { let t = 1; t = 2 } probe(t)") == "flex"


def test_imports_and_require_give_qualified_names():
    mod = module(
        'import OpenAI, { AzureOpenAI as Az } from "openai";\n'
        'import * as ai from "ai";\n'
        'const { ChatOpenAI: C } = require("@langchain/openai");\n'
        'const O2 = require("openai");\n'
        'const O3 = require("openai").OpenAI;\n'
        "OpenAI; Az; ai.generateText; C; O2; O3; O2.AzureOpenAI;\n"
    )
    statements = mod.root.named_children[5:]
    names = [mod.qualname(s.named_children[0]) for s in statements]
    assert names == [("openai", "default"), ("openai", "AzureOpenAI"), ("ai", "generateText"),
                     ("@langchain/openai", "ChatOpenAI"), ("openai", "*"), ("openai", "OpenAI"),
                     ("openai", "AzureOpenAI")]


def test_a_local_name_that_shadows_an_import_is_not_the_import():
    mod = module('import { openai } from "@ai-sdk/openai";\nfunction f(openai) { openai; }\n')
    use = mod.names.occurrences("openai", frozenset({"identifier"}))[-1]
    assert mod.qualname(use) is None


def test_this_fields_are_followed_when_set_once():
    mod = module(
        "class A { c = new X(); m() { this.c; } }\n"
        "class B { constructor() { this.c = new X(); } m() { this.c; } }\n"
        "class D { c = new X(); m() { this.c = other; this.c; } }\n"
    )
    uses = [o.parent for o in mod.names.occurrences("c", frozenset({"property_identifier"}))
            if o.parent.type == "member_expression" and o.parent.parent.type == "expression_statement"]
    assert [len(mod.this_members(u)) for u in uses] == [1, 1, 2]


def test_javascript_grammar_values():
    assert value_of("const o = { a: `x` }; probe(o)", "javascript") == {"a": "x"}
