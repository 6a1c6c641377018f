"""The hand-kept cross-API tables name only parameters the generated schemas have."""

from __future__ import annotations

import pytest

from flexlint.knowledge.openai_api import (
    OTHER_API,
    cross_api,
    cross_api_moves,
    enum_values,
    property_schema,
    wire_params,
    wire_schema,
)


@pytest.mark.parametrize("api", ["responses", "chat"])
def test_cross_api_keys_belong_to_the_other_api_only(api):
    for key in cross_api()[api]:
        assert key in wire_params(OTHER_API[api]) and key not in wire_params(api), key


def _types(schema: dict) -> set[str]:
    found = {schema["type"]} if isinstance(schema.get("type"), str) else set(schema.get("type") or ())
    for sub in schema.get("anyOf", ()) + schema.get("oneOf", ()):
        found |= _types(sub)
    return found - {"null"}


@pytest.mark.parametrize("api", ["responses", "chat"])
def test_moves_keep_the_value_meaning(api):
    other = OTHER_API[api]
    for source, target in cross_api_moves()[api].items():
        src, dst = tuple(source.split(".")), tuple(target.split("."))
        assert src[0] not in wire_params(api), source  # what is moved is wrong here ...
        assert dst[0] not in wire_params(other) or dst == src, target  # ... and its place is this API's own
        from_schema, to_schema = property_schema(other, src), property_schema(api, dst)
        assert from_schema is not None and to_schema is not None, (source, target)
        assert _types(from_schema) == _types(to_schema), (source, target)
        assert enum_values(from_schema, wire_schema(other)) == enum_values(to_schema, wire_schema(api)), (source, target)


def test_every_move_is_listed_as_an_equivalent():
    for api, moves in cross_api_moves().items():
        for source in moves:
            assert source.split(".")[0] in cross_api()[api]
