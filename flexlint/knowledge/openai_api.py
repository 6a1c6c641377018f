"""What OpenAI's APIs accept, read from the generated schemas.

Everything here derives from ``schemas/openai/*.json`` (generated from the
``openai`` SDK) and the small hand-kept table of cross-API equivalents, so
enums and parameter names are never typed in by hand.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

from .data import load_json, load_yaml

WIRE_SCHEMAS = {
    "responses": "openai/responses.create.json",
    "chat": "openai/chat.completions.create.json",
}
API_LABEL = {"responses": "the Responses API", "chat": "Chat Completions", "unknown": "either API"}
OTHER_API = {"responses": "chat", "chat": "responses"}


def norm(name: str) -> str:
    """Case- and separator-insensitive form of a key: serviceTier == service_tier == SERVICE-TIER."""
    return re.sub(r"[_\-\s]", "", name).lower()


def to_snake(name: str) -> str:
    s = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    return s.replace("-", "_").lower()


def to_camel(name: str) -> str:
    parts = re.split(r"[_\-]+", name)
    head, *tail = [p for p in parts if p] or [name]
    return head[:1].lower() + head[1:] + "".join(p[:1].upper() + p[1:] for p in tail)


@lru_cache(maxsize=None)
def wire_schema(api: str) -> dict[str, Any]:
    return load_json(WIRE_SCHEMAS[api])


@lru_cache(maxsize=None)
def wire_params(api: str) -> frozenset[str]:
    return frozenset(wire_schema(api)["properties"])


def sdk_version() -> str:
    return str(wire_schema("responses").get("x-openai-sdk-version", "?"))


@lru_cache(maxsize=None)
def cross_api() -> dict[str, dict[str, Any]]:
    """For each API/layer, the keys of the other one and what to use instead."""
    return load_yaml("openai/cross-api.yaml")


@lru_cache(maxsize=None)
def cross_api_moves() -> dict[str, dict[str, str]]:
    """For each API, the other API's keys whose value it takes as is, and where (dotted: nested)."""
    return load_yaml("openai/cross-api-moves.yaml")


def resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """Follow local ``$ref``s (``#/$defs/...``)."""
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 32:
        ref = schema["$ref"]
        target: Any = root
        for part in ref.lstrip("#/").split("/"):
            target = target[part]
        schema = target
        seen += 1
    return schema


def enum_values(schema: dict[str, Any], root: dict[str, Any]) -> list[Any]:
    """Every enum/const value a (possibly nullable, possibly combined) schema allows."""
    schema = resolve(schema, root)
    values: list[Any] = []
    if "enum" in schema:
        values.extend(schema["enum"])
    if "const" in schema:
        values.append(schema["const"])
    for key in ("anyOf", "oneOf"):
        for sub in schema.get(key, ()):
            values.extend(enum_values(sub, root))
    out: list[Any] = []
    for v in values:
        if v is not None and v not in out:
            out.append(v)
    return out


def property_schema(api: str, path: tuple[str, ...]) -> dict[str, Any] | None:
    """Schema of a wire parameter by path (``("reasoning", "effort")``), through refs and nullables."""
    root = wire_schema(api)
    schema: dict[str, Any] | None = root
    for part in path:
        schema = resolve(schema, root) if schema else None
        if not schema:
            return None
        candidates = [schema] + [resolve(s, root) for k in ("anyOf", "oneOf") for s in schema.get(k, ())]
        nxt = None
        for cand in candidates:
            props = cand.get("properties") if isinstance(cand, dict) else None
            if props and part in props:
                nxt = props[part]
                break
        schema = nxt
    return resolve(schema, root) if schema else None


def tier_values(api: str) -> list[str]:
    schema = property_schema(api, ("service_tier",)) or {}
    return [str(v) for v in enum_values(schema, wire_schema(api))]


def api_from_exclusive(keys: Iterable[str], responses: Iterable[str], chat: Iterable[str]) -> str:
    """"responses" or "chat" when ``keys`` hold names only one side has, else "unknown"."""
    names, r, c = set(keys), set(responses), set(chat)
    only_r, only_c = names & (r - c), names & (c - r)
    if only_r and not only_c:
        return "responses"
    if only_c and not only_r:
        return "chat"
    return "unknown"
