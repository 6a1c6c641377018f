"""The quick accept-path never says "valid" where jsonschema finds an error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from jsonschema import Draft202012Validator

from flexlint.checks.schema_accept import certainly_valid
from flexlint.knowledge.data import load_json
from flexlint.knowledge.openai_api import WIRE_SCHEMAS

SCHEMAS = {api: load_json(path) for api, path in WIRE_SCHEMAS.items()}
AI_SDK = load_json("ai-sdk/openai-provider-options.json")


def _layer(name: str):
    return {"$ref": f"#/$defs/{name}", "$defs": AI_SDK["$defs"]}


def _values(schema: dict) -> st.SearchStrategy:
    enums = [v for sub in schema.get("anyOf", [schema]) for v in (sub.get("enum") or [])]
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(-3, 300_000), st.floats(-3, 3, allow_nan=False),
        st.text(max_size=6), st.sampled_from(enums or ["flex"]),
    )
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=2) | st.dictionaries(
        st.sampled_from(["effort", "type", "summary", "verbosity", "format", "name", "x"]), inner, max_size=2), max_leaves=4)


@st.composite
def bodies(draw, schema: dict) -> dict:
    props = schema["properties"] if "properties" in schema else schema["$defs"][schema["$ref"].rsplit("/", 1)[1]]["properties"]
    keys = draw(st.lists(st.sampled_from(sorted(props)) | st.text(min_size=1, max_size=5), max_size=5, unique=True))
    return {k: draw(_values(props.get(k, {}))) for k in keys}


CASES = [(SCHEMAS["responses"], "responses"), (SCHEMAS["chat"], "chat")] + [
    (_layer(name), f"ai-sdk {name}") for name in ("responses", "chat") if name in AI_SDK["$defs"]
]


@pytest.mark.parametrize("schema,label", CASES, ids=[label for _, label in CASES])
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_accepted_bodies_have_no_jsonschema_errors(schema, label, data):
    body = data.draw(bodies(schema))
    if certainly_valid(schema, body):
        assert not list(Draft202012Validator(schema).iter_errors(body)), (label, body)


@pytest.mark.parametrize("body", [
    {"model": "gpt-5-mini", "service_tier": "flex", "input": ""},
    {"model": "gpt-5", "service_tier": "auto", "reasoning": {"effort": "low"}, "store": False, "max_output_tokens": 100},
    {"model": "o3", "temperature": 1, "top_p": 0.5, "metadata": {"a": "b"}},
])
def test_plain_valid_bodies_skip_jsonschema(body):
    assert certainly_valid(SCHEMAS["responses"], body)


@pytest.mark.parametrize("body", [
    {"model": "gpt-5-mini", "serviceTier": "flex"},  # unknown key
    {"model": "gpt-5-mini", "service_tier": "Flex"},  # not in the enum
    {"model": "gpt-5-mini", "max_output_tokens": "100"},  # wrong type
    {"model": "gpt-5-mini", "temperature": True},  # a boolean is not a number
    {"model": "gpt-5-mini", "reasoning": {"effort": "loud"}},
])
def test_invalid_bodies_are_never_accepted(body):
    assert list(Draft202012Validator(SCHEMAS["responses"]).iter_errors(body))
    assert not certainly_valid(SCHEMAS["responses"], body)


def test_keywords_it_does_not_model_send_the_value_to_jsonschema():
    assert not certainly_valid({"type": "string", "pattern": "^a"}, "abc")
    assert not certainly_valid({"oneOf": [{"type": "string"}]}, "abc")
    assert not certainly_valid({"$ref": "https://example.com/schema"}, "abc")
    assert not certainly_valid({"type": "integer"}, 1.0)  # valid, but not proven here
