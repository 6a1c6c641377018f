"""The generated OpenAI request-body schemas: up to date, valid, and right.

``openai`` and ``jsonschema`` are test dependencies: a missing one is an
error here, never a skip.
"""

from __future__ import annotations

import copy
import importlib.metadata
import importlib.util
import json
import sys
import time
import typing
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Union

import openai
import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from openai._utils import PropertyInfo
from typing_extensions import Annotated, Literal, NotRequired, Required, TypedDict

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "generate_openai_schemas.py"
SCHEMA_DIR = REPO_ROOT / "schemas" / "openai"
RESPONSES = "responses.create.json"
CHAT = "chat.completions.create.json"
REGENERATE = f"run `python {SCRIPT.relative_to(REPO_ROOT)}` and commit the result"


def _load_script():
    spec = importlib.util.spec_from_file_location("generate_openai_schemas", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _load_script()


def _committed(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rendered() -> dict:
    return gen.render_all()


@pytest.fixture(scope="module")
def responses_schema() -> dict:
    return _committed(RESPONSES)


@pytest.fixture(scope="module")
def chat_schema() -> dict:
    return _committed(CHAT)


@pytest.fixture(scope="module")
def responses_validator(responses_schema) -> Draft202012Validator:
    return Draft202012Validator(responses_schema)


@pytest.fixture(scope="module")
def chat_validator(chat_schema) -> Draft202012Validator:
    return Draft202012Validator(chat_schema)


def resolve(schema: dict, node: dict) -> dict:
    """Follow a local ``$ref`` (also one inside a nullable ``anyOf``)."""
    if "anyOf" in node:
        refs = [branch for branch in node["anyOf"] if "$ref" in branch]
        assert len(refs) == 1, node
        node = refs[0]
    while "$ref" in node:
        prefix = "#/$defs/"
        assert node["$ref"].startswith(prefix), node
        node = schema["$defs"][node["$ref"][len(prefix) :]]
    return node


def errors(validator: Draft202012Validator, body: dict) -> list:
    return sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))


def describe(errs) -> str:
    return "\n".join(f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.validator}: {e.message[:300]}" for e in errs)


# -- generation --------------------------------------------------------------


@pytest.mark.parametrize("name", [RESPONSES, CHAT])
def test_committed_schema_matches_installed_sdk(name, rendered):
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    recorded = json.loads(committed).get("x-openai-sdk-version")
    assert recorded == openai.__version__, (
        f"{name} was generated with openai {recorded}, but openai {openai.__version__} is installed: {REGENERATE}"
    )
    assert committed == rendered[name], f"{name} differs from what the installed SDK gives: {REGENERATE}"


def test_check_mode_reports_no_drift(capsys):
    assert gen.main(["--check"]) == 0, capsys.readouterr().out


def test_check_mode_reports_drift(tmp_path, rendered):
    for name, text in rendered.items():
        (tmp_path / name).write_text(text.replace('"flex"', '"flexible"', 1), encoding="utf-8")
    lines: list = []
    assert gen.check(tmp_path, rendered, out=lines.append) == 1
    output = "\n".join(lines)
    assert '-    "flexible",' in output and '+    "flex",' in output, output
    assert "run python scripts/generate_openai_schemas.py" in output
    (tmp_path / CHAT).unlink()
    lines.clear()
    assert gen.check(tmp_path, rendered, out=lines.append) == 1
    assert any("missing" in line for line in lines)


def test_output_is_deterministic(rendered):
    assert gen.render_all() == rendered


def test_write_to_output_dir(tmp_path, rendered):
    assert gen.main(["--output-dir", str(tmp_path)]) == 0
    for name, text in rendered.items():
        assert (tmp_path / name).read_bytes() == text.encode("utf-8")
    assert gen.main(["--check", "--output-dir", str(tmp_path)]) == 0


def test_default_output_dir_is_in_the_repository():
    assert gen.DEFAULT_OUTPUT_DIR == SCHEMA_DIR


@pytest.mark.parametrize("name", [RESPONSES, CHAT])
def test_schema_is_valid_draft_2020_12(name):
    schema = _committed(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["x-generated-by"] == "scripts/generate_openai_schemas.py"
    assert schema["x-openai-sdk-version"] == openai.__version__
    assert schema["title"]
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert "required" not in schema
    assert list(schema["$defs"]) == sorted(schema["$defs"])
    # every $ref points at a def
    text = json.dumps(schema)
    for ref in set(part.split('"')[0] for part in text.split('"$ref": "#/$defs/')[1:]):
        assert ref in schema["$defs"], ref


@pytest.mark.parametrize(
    "name, module, variants",
    [
        (RESPONSES, "openai.types.responses.response_create_params", ("ResponseCreateParamsNonStreaming", "ResponseCreateParamsStreaming")),
        (CHAT, "openai.types.chat.completion_create_params", ("CompletionCreateParamsNonStreaming", "CompletionCreateParamsStreaming")),
    ],
)
def test_properties_are_the_sdk_body_keys(name, module, variants):
    mod = importlib.import_module(module)
    keys: set = set()
    for variant in variants:
        keys |= set(typing.get_type_hints(getattr(mod, variant)))
    props = set(_committed(name)["properties"])
    assert props == keys
    assert "stream" in props
    assert not props & {"extra_headers", "extra_query", "extra_body", "timeout"}


def test_properties_match_the_sdk_method_signatures():
    import inspect

    from openai.resources.chat.completions.completions import Completions
    from openai.resources.responses.responses import Responses

    options = {"self", "extra_headers", "extra_query", "extra_body", "timeout"}
    for method, name in [(Responses.create, RESPONSES), (Completions.create, CHAT)]:
        params = set(inspect.signature(method).parameters) - options
        assert params == set(_committed(name)["properties"]), method.__qualname__


def test_nested_required_keys_follow_required_wrappers(responses_schema, chat_schema):
    # The SDK modules use string annotations, so __required_keys__ alone
    # would say these are optional; Required[...] must win.
    defs = responses_schema["$defs"]
    assert defs["ContextManagement"]["required"] == ["type"]
    assert set(defs["FunctionToolParam"]["required"]) >= {"name", "type"}
    assert defs["ResponseInputTextParam"]["required"] == ["text", "type"]
    assert set(chat_schema["$defs"]["ChatCompletionToolMessageParam"]["required"]) == {"content", "role", "tool_call_id"}
    for schema in (responses_schema, chat_schema):
        for name, node in schema["$defs"].items():
            assert node["type"] == "object", name
            assert node["additionalProperties"] is False, name
            assert set(node.get("required", [])) <= set(node["properties"]), name


# -- the enums come from the SDK ---------------------------------------------


def test_responses_enums(responses_schema):
    props = responses_schema["properties"]
    tiers = props["service_tier"]["enum"]
    assert {"flex", "priority", "fast", "ultrafast", "scale", "auto", "default"} <= set(tiers)
    assert None in tiers  # nullable
    effort = resolve(responses_schema, props["reasoning"])["properties"]["effort"]["enum"]
    assert {"none", "minimal", "low", "medium", "high", "xhigh", "max"} <= set(effort)
    verbosity = resolve(responses_schema, props["text"])["properties"]["verbosity"]["enum"]
    assert {"low", "medium", "high"} <= set(verbosity)
    for key in ("max_output_tokens", "reasoning", "text", "input", "instructions", "stream", "include"):
        assert key in props
    for key in ("max_tokens", "reasoning_effort", "messages", "response_format", "verbosity"):
        assert key not in props


def test_chat_enums(chat_schema):
    props = chat_schema["properties"]
    tiers = props["service_tier"]["enum"]
    assert {"flex", "priority", "auto", "default"} <= set(tiers)
    assert "ultrafast" not in tiers
    assert {"none", "minimal", "low", "medium", "high", "xhigh", "max"} <= set(props["reasoning_effort"]["enum"])
    assert {"low", "medium", "high"} <= set(props["verbosity"]["enum"])
    for key in ("messages", "response_format", "max_completion_tokens", "max_tokens", "stream", "stream_options"):
        assert key in props
    for key in ("input", "instructions", "max_output_tokens", "reasoning", "text"):
        assert key not in props


def test_enum_order_is_the_sdks():
    from openai.types.shared.reasoning_effort import ReasoningEffort

    def literal_values(tp):
        out = []
        for arg in typing.get_args(tp):
            if arg is type(None):
                continue
            out.extend(literal_values(arg) if typing.get_args(arg) else [arg])
        return out

    chat = _committed(CHAT)
    assert chat["properties"]["reasoning_effort"]["enum"] == literal_values(ReasoningEffort) + [None]


def test_open_enums_accept_any_string_and_keep_known_values(responses_schema):
    model = responses_schema["properties"]["model"]
    assert model["type"] == "string"
    assert "gpt-4o" in model["examples"]


# -- realistic valid bodies: zero errors -------------------------------------

VALID_RESPONSES_BODIES = {
    "minimal": {"model": "gpt-5.4-mini", "input": "hi"},
    "easy_messages": {"model": "gpt-5.4-mini", "input": [{"role": "user", "content": "hi"}]},
    "typed_messages": {
        "model": "gpt-5.4-mini",
        "input": [{"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]}],
    },
    "developer_and_user": {
        "model": "gpt-5.4-mini",
        "input": [
            {"role": "developer", "content": "be terse"},
            {"role": "user", "content": [{"type": "input_text", "text": "hi"}]},
            {"role": "assistant", "content": "hello"},
        ],
    },
    "function_call_round_trip": {
        "model": "gpt-5.4-mini",
        "input": [
            {"role": "user", "content": "weather?"},
            {"type": "function_call", "call_id": "call_1", "name": "f", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "call_1", "output": "sunny"},
        ],
    },
    "everything": {
        "model": "gpt-5.4-mini",
        "input": "hi",
        "instructions": "be brief",
        "reasoning": {"effort": "low", "summary": "auto"},
        "text": {
            "verbosity": "low",
            "format": {"type": "json_schema", "name": "x", "schema": {"type": "object"}, "strict": True},
        },
        "tools": [
            {"type": "function", "name": "f", "parameters": {"type": "object", "properties": {}}, "strict": True}
        ],
        "tool_choice": "auto",
        "metadata": {"a": "b"},
        "service_tier": "flex",
        "store": False,
        "include": ["reasoning.encrypted_content"],
        "previous_response_id": "resp_123",
        "stream": True,
        "max_output_tokens": 1000,
        "temperature": 0.2,
        "top_p": 1,
        "parallel_tool_calls": True,
        "truncation": "auto",
        "user": "u",
    },
    "nulls": {
        "model": "gpt-5.4-mini",
        "input": "hi",
        "reasoning": None,
        "service_tier": None,
        "stream": None,
        "instructions": None,
        "metadata": None,
        "include": None,
    },
    "reasoning_effort_null": {"model": "o3", "input": "hi", "reasoning": {"effort": None}},
    "text_format_text": {"model": "gpt-5.4-mini", "input": "hi", "text": {"format": {"type": "text"}}},
    "tool_choice_function": {
        "model": "gpt-5.4-mini",
        "input": "hi",
        "tool_choice": {"type": "function", "name": "f"},
    },
    "stream_false": {"model": "gpt-5.4-mini", "input": "hi", "stream": False},
    "conversation_id": {"model": "gpt-5.4-mini", "input": "hi", "conversation": "conv_1"},
    "web_search": {"model": "gpt-5.4-mini", "input": "hi", "tools": [{"type": "web_search"}]},
    "priority_tier": {"model": "gpt-5.4-mini", "input": "hi", "service_tier": "priority"},
}

VALID_CHAT_BODIES = {
    "minimal": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]},
    "everything": {
        "model": "gpt-4o",
        "messages": [
            {"role": "system", "content": "x"},
            {
                "role": "user",
                "content": [{"type": "text", "text": "hi"}, {"type": "image_url", "image_url": {"url": "https://x"}}],
            },
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f", "arguments": "{}"}}],
            },
            {"role": "tool", "tool_call_id": "c", "content": "ok"},
        ],
        "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {}}},
        "tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}],
        "stream_options": {"include_usage": True},
        "max_completion_tokens": 100,
        "logit_bias": {"50256": -100},
        "stop": ["\n"],
        "n": 1,
    },
    "reasoning": {
        "model": "gpt-5.4-mini",
        "messages": [{"role": "developer", "content": "x"}, {"role": "user", "content": "hi"}],
        "reasoning_effort": "minimal",
        "verbosity": "low",
        "service_tier": "flex",
        "store": False,
        "stream": True,
        "stream_options": {"include_usage": True},
        "metadata": {"k": "v"},
        "response_format": {"type": "json_object"},
        "tool_choice": "required",
        "temperature": 1,
        "seed": 1,
        "stop": "END",
        "max_tokens": 50,
    },
    "nulls": {
        "model": "gpt-4o",
        "messages": [{"role": "user", "content": "hi"}],
        "service_tier": None,
        "reasoning_effort": None,
        "verbosity": None,
        "stop": None,
        "stream": None,
        "stream_options": None,
    },
}


@pytest.mark.parametrize("body", VALID_RESPONSES_BODIES.values(), ids=VALID_RESPONSES_BODIES.keys())
def test_valid_responses_bodies(responses_validator, body):
    errs = errors(responses_validator, body)
    assert not errs, describe(errs)


@pytest.mark.parametrize("body", VALID_CHAT_BODIES.values(), ids=VALID_CHAT_BODIES.keys())
def test_valid_chat_bodies(chat_validator, body):
    errs = errors(chat_validator, body)
    assert not errs, describe(errs)


# -- invalid bodies: the right error at the right node -----------------------


def _only_error(validator, body):
    errs = errors(validator, body)
    assert len(errs) == 1, describe(errs)
    return errs[0]


def test_unknown_top_level_key(responses_validator, chat_validator):
    err = _only_error(responses_validator, {"model": "gpt-5.4-mini", "input": "hi", "max_tokens": 5})
    assert err.validator == "additionalProperties"
    assert list(err.absolute_path) == []
    assert "max_tokens" in err.message
    err = _only_error(chat_validator, {"model": "gpt-4o", "messages": [], "reasoning": {"effort": "low"}})
    assert err.validator == "additionalProperties"
    assert "reasoning" in err.message


def test_bad_service_tier_is_a_plain_enum_error(responses_validator, chat_validator):
    err = _only_error(responses_validator, {"service_tier": "flexx"})
    assert err.validator == "enum"
    assert list(err.absolute_path) == ["service_tier"]
    assert not err.context
    assert best_match([err]) is err
    err = _only_error(chat_validator, {"service_tier": "ultrafast"})
    assert err.validator == "enum"
    assert list(err.absolute_path) == ["service_tier"]


def test_bad_reasoning_effort_best_match_is_the_nested_enum(responses_validator):
    err = _only_error(responses_validator, {"reasoning": {"effort": "extreme"}})
    # The nullable object is anyOf[$ref, null]: one anyOf error at reasoning ...
    assert err.validator == "anyOf"
    assert list(err.absolute_path) == ["reasoning"]
    # ... whose context has the $ref branch's enum error and the null branch's type error.
    ctx = {(e.validator, tuple(e.absolute_path)) for e in err.context}
    assert ctx == {("enum", ("reasoning", "effort")), ("type", ("reasoning",))}
    best = best_match([err])
    assert best.validator == "enum"
    assert list(best.absolute_path) == ["reasoning", "effort"]
    assert best.instance == "extreme"
    assert "'extreme' is not one of" in best.message
    # the same through best_match over the whole iterator
    best = best_match(responses_validator.iter_errors({"reasoning": {"effort": "extreme"}}))
    assert (best.validator, list(best.absolute_path)) == ("enum", ["reasoning", "effort"])


def test_bad_verbosity_is_a_plain_enum_error(responses_validator):
    err = _only_error(responses_validator, {"text": {"verbosity": "loud"}})
    assert err.validator == "enum"
    assert list(err.absolute_path) == ["text", "verbosity"]
    assert best_match([err]) is err


def test_unknown_reasoning_key(responses_validator):
    err = _only_error(responses_validator, {"reasoning": {"effort": "low", "bogus": 1}})
    best = best_match([err])
    assert best.validator == "additionalProperties"
    assert list(best.absolute_path) == ["reasoning"]
    assert "bogus" in best.message


def test_wrong_type_for_a_nullable_scalar(responses_validator):
    err = _only_error(responses_validator, {"max_output_tokens": "100"})
    assert err.validator == "type"
    assert list(err.absolute_path) == ["max_output_tokens"]


def test_wrong_type_inside_a_list(responses_validator):
    err = _only_error(responses_validator, {"include": ["reasoning.encrypted_contents"]})
    assert err.validator == "enum"
    assert list(err.absolute_path) == ["include", 0]


def test_error_inside_a_union_of_object_types(chat_validator):
    # Unions of TypedDicts are plain anyOf: the error is reported once, at
    # the union's node, and best_match cannot pick between branches whose
    # errors are equally deep (here: five role mismatches and one missing
    # key).  The branch meant is the one whose discriminator matched.
    err = _only_error(chat_validator, {"messages": [{"role": "tool", "content": "ok"}]})
    assert err.validator == "anyOf"
    assert list(err.absolute_path) == ["messages", 0]
    assert best_match([err]) is err
    branches: dict = {}
    for e in err.context:
        branches.setdefault(e.relative_schema_path[0], []).append(e)
    matching = [
        errs for errs in branches.values() if not any(list(e.path) == ["role"] and e.validator == "enum" for e in errs)
    ]
    assert len(matching) == 1
    assert [(e.validator, list(e.absolute_path)) for e in matching[0]] == [("required", ["messages", 0])]
    assert "tool_call_id" in matching[0][0].message


# -- speed -------------------------------------------------------------------


def test_time_to_validate_a_long_input(responses_validator):
    body = {
        "model": "gpt-5.4-mini",
        "input": [
            {"role": "user", "content": "hi"}
            if i % 2 == 0
            else {"type": "message", "role": "user", "content": [{"type": "input_text", "text": f"turn {i}"}]}
            for i in range(200)
        ],
    }
    start = time.perf_counter()
    errs = errors(responses_validator, body)
    elapsed = time.perf_counter() - start
    assert not errs, describe(errs)
    bad = copy.deepcopy(body)
    bad["input"][199]["content"][0]["type"] = "input_txt"
    start = time.perf_counter()
    bad_errs = errors(responses_validator, bad)
    bad_elapsed = time.perf_counter() - start
    assert len(bad_errs) == 1
    print(
        f"\nvalidating a 200-item input: {elapsed * 1000:.1f} ms valid, "
        f"{bad_elapsed * 1000:.1f} ms with one bad item (jsonschema {importlib.metadata.version('jsonschema')})"
    )


# -- the mapping itself ------------------------------------------------------


def test_unmappable_types_fail_loudly():
    builder = gen.SchemaBuilder()
    with pytest.raises(gen.UnmappableTypeError, match="complex"):
        builder.convert(complex, "x")
    with pytest.raises(gen.UnmappableTypeError, match="Tuple"):
        builder.convert(typing.Tuple[int, str], "x")
    with pytest.raises(gen.UnmappableTypeError, match="int"):
        builder.convert(typing.Dict[int, str], "x")
    with pytest.raises(gen.UnmappableTypeError, match="bytes"):
        builder.convert(bytes, "x")


class Node(TypedDict, total=False):
    # String annotations (this module uses PEP 563), as in the SDK.
    name: Required[Annotated[str, PropertyInfo(alias="Name")]]
    children: Iterable[Node]
    kind: Optional[Literal["a", "b"]]


class Strict(TypedDict):
    a: int
    b: NotRequired[float]


def test_mapping_rules():
    builder = gen.SchemaBuilder()
    conv = builder.convert
    assert conv(Optional[str], "x") == {"type": ["string", "null"]}
    assert conv(Union[Literal["a"], Literal["b", "a"], None], "x") == {"enum": ["a", "b", None]}
    assert conv(Union[str, Literal["a", "b"]], "x") == {"type": "string", "examples": ["a", "b"]}
    assert conv(Union[int, float], "x") == {"type": "number"}
    assert conv(Optional[List[int]], "x") == {"type": ["array", "null"], "items": {"type": "integer"}}
    assert conv(Union[str, List[str], None], "x") == {"type": ["string", "array", "null"], "items": {"type": "string"}}
    assert conv(Dict[str, object], "x") == {"type": "object", "additionalProperties": {}}
    assert conv(Mapping[str, bool], "x") == {"type": "object", "additionalProperties": {"type": "boolean"}}
    assert conv(Optional[object], "x") == {}
    assert conv(Union[Literal[True], Optional[Literal[False]]], "x") == {"type": ["boolean", "null"]}
    ref = conv(Optional[Node], "x")
    strict = conv(Strict, "x")
    either = conv(Union[Node, Strict], "x")
    defs = builder._finish_defs()
    assert ref == {"anyOf": [{"$ref": "#/$defs/Node"}, {"type": "null"}]}
    assert strict == {"$ref": "#/$defs/Strict"}
    assert either == {"anyOf": [{"$ref": "#/$defs/Node"}, {"$ref": "#/$defs/Strict"}]}
    assert defs["Node"] == {
        "type": "object",
        "properties": {
            "Name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
            "kind": {"enum": ["a", "b", None]},
        },
        "required": ["Name"],
        "additionalProperties": False,
    }
    assert defs["Strict"]["required"] == ["a"]


def test_same_named_types_get_distinct_defs_only_when_they_differ(responses_schema, chat_schema):
    # Reasoning: shared_params.reasoning and a narrower one elsewhere.
    names = set(responses_schema["$defs"])
    assert "Reasoning" not in names
    assert {n for n in names if n.startswith("Reasoning__")} == {
        "Reasoning__reasoning",
        "Reasoning__response_configuration_update_item_param_param",
    }
    assert resolve(responses_schema, responses_schema["properties"]["reasoning"]) is responses_schema["$defs"][
        "Reasoning__reasoning"
    ]
    # PromptCacheBreakpoint is repeated identically in many modules: one def.
    assert "PromptCacheBreakpoint" in names
    assert not any(n.startswith("PromptCacheBreakpoint__") for n in names)
