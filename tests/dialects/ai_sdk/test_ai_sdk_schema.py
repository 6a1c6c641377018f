"""Tests for schemas/ai-sdk/openai-provider-options.json."""

import json
from pathlib import Path

import jsonschema
import pytest

SCHEMA_PATH = (
    Path(__file__).resolve().parents[3]
    / "schemas"
    / "ai-sdk"
    / "openai-provider-options.json"
)


@pytest.fixture(scope="module")
def schema():
    with SCHEMA_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


def validator_for(schema, name):
    """A validator for one of the $defs, resolving refs against the document."""
    return jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{name}"})


def errors(schema, name, instance):
    return list(validator_for(schema, name).iter_errors(instance))


def iter_properties(node, path=""):
    """Yield (path, subschema) for every property, including nested ones."""
    if isinstance(node, dict):
        for key, sub in node.get("properties", {}).items():
            here = f"{path}.{key}" if path else key
            yield here, sub
            yield from iter_properties(sub, here)
        if isinstance(node.get("items"), dict):
            yield from iter_properties(node["items"], path + "[]")


def test_schema_is_valid_2020_12(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_file_is_pretty_printed_with_indent_1(schema):
    text = SCHEMA_PATH.read_text(encoding="utf-8")
    assert text == json.dumps(schema, indent=1, ensure_ascii=False) + "\n"


def test_source_is_recorded(schema):
    src = schema["x-source"]
    assert src["repository"] == "https://github.com/vercel/ai"
    assert len(src["commit"]) == 40
    assert src["packages"]["@ai-sdk/openai"]
    assert src["files"]
    assert src["date_read"]


def test_valid_responses_options(schema):
    options = {
        "reasoningEffort": "none",
        "reasoningSummary": "auto",
        "forceReasoning": True,
        "store": True,
        "serviceTier": "flex",
    }
    assert errors(schema, "responses", options) == []


def test_snake_case_key_is_additional_property(schema):
    errs = errors(schema, "responses", {"service_tier": "flex"})
    assert [e.validator for e in errs] == ["additionalProperties"]
    assert "service_tier" in errs[0].message


def test_snake_case_key_is_additional_property_for_chat(schema):
    errs = errors(schema, "chat", {"reasoning_effort": "low"})
    assert [e.validator for e in errs] == ["additionalProperties"]


@pytest.mark.parametrize("kind", ["responses", "chat"])
@pytest.mark.parametrize("tier", ["scale", "ultrafast", "FLEX"])
def test_unknown_service_tier_is_enum_error(schema, kind, tier):
    errs = errors(schema, kind, {"serviceTier": tier})
    assert [e.validator for e in errs] == ["enum"]


@pytest.mark.parametrize("kind", ["responses", "chat"])
@pytest.mark.parametrize("tier", ["auto", "flex", "priority", "fast", "default"])
def test_known_service_tiers(schema, kind, tier):
    assert errors(schema, kind, {"serviceTier": tier}) == []


def test_null_allowed_only_for_nullish_keys(schema):
    assert errors(schema, "responses", {"serviceTier": None}) == []
    assert errors(schema, "chat", {"serviceTier": None}) != []
    assert errors(schema, "responses", {"reasoningMode": None}) != []


def test_chat_reasoning_effort_is_an_enum(schema):
    assert errors(schema, "chat", {"reasoningEffort": "max"}) == []
    assert errors(schema, "chat", {"reasoningEffort": "extreme"}) != []
    # the Responses model accepts any string
    assert errors(schema, "responses", {"reasoningEffort": "extreme"}) == []


def test_responses_logprobs_range(schema):
    assert errors(schema, "responses", {"logprobs": True}) == []
    assert errors(schema, "responses", {"logprobs": 20}) == []
    assert errors(schema, "responses", {"logprobs": 0}) != []
    assert errors(schema, "responses", {"logprobs": 21}) != []


def test_chat_logit_bias_keys(schema):
    assert errors(schema, "chat", {"logitBias": {"50256": -100}}) == []
    assert errors(schema, "chat", {"logitBias": {"abc": 1}}) != []


def test_nested_objects(schema):
    ok = {
        "promptCacheOptions": {"mode": "explicit", "ttl": "30m"},
        "contextManagement": [{"type": "compaction", "compactThreshold": 1000}],
        "allowedTools": {"toolNames": ["search"], "mode": "required"},
    }
    assert errors(schema, "responses", ok) == []
    assert errors(schema, "responses", {"promptCacheOptions": {"ttl": "12h"}}) != []
    assert errors(schema, "responses", {"allowedTools": {"toolNames": []}}) != []
    assert errors(schema, "responses", {"contextManagement": [{"type": "compaction"}]}) != []


@pytest.mark.parametrize("kind", ["responses", "chat"])
def test_every_property_has_x_wire(schema, kind):
    definition = schema["$defs"][kind]
    assert definition["additionalProperties"] is False
    props = list(iter_properties(definition))
    assert props
    for path, sub in props:
        assert "x-wire" in sub, path
        assert sub["x-wire"] is None or isinstance(sub["x-wire"], str), path


@pytest.mark.parametrize(
    "kind, key, wire",
    [
        ("responses", "serviceTier", "service_tier"),
        ("responses", "reasoningEffort", "reasoning.effort"),
        ("responses", "textVerbosity", "text.verbosity"),
        ("responses", "logprobs", "top_logprobs"),
        ("responses", "strictJsonSchema", "text.format.strict"),
        ("responses", "forceReasoning", None),
        ("responses", "systemMessageMode", None),
        ("chat", "reasoningEffort", "reasoning_effort"),
        ("chat", "textVerbosity", "verbosity"),
        ("chat", "maxCompletionTokens", "max_completion_tokens"),
        ("chat", "forceReasoning", None),
    ],
)
def test_selected_wire_mappings(schema, kind, key, wire):
    assert schema["$defs"][kind]["properties"][key]["x-wire"] == wire


def test_responses_has_no_max_completion_tokens(schema):
    assert "maxCompletionTokens" not in schema["$defs"]["responses"]["properties"]


def test_call_settings(schema):
    call = schema["$defs"]["callSettings"]
    assert call["additionalProperties"] is True
    props = call["properties"]
    assert props["maxRetries"]["default"] == 2
    assert props["maxOutputTokens"]["x-wire-responses"] == "max_output_tokens"
    assert props["maxOutputTokens"]["x-wire-chat"] == "max_tokens"
    assert props["stopSequences"]["x-wire-chat"] == "stop"
    for name, sub in props.items():
        for key in ("x-wire-responses", "x-wire-chat"):
            assert key in sub, name
            assert sub[key] is None or isinstance(sub[key], str), name
    assert errors(schema, "callSettings", {"maxRetries": -1}) != []
    assert errors(schema, "callSettings", {"maxOutputTokens": 1.5}) != []
    assert errors(schema, "callSettings", {"messages": [], "maxRetries": 0}) == []
