"""A quick, sound "this value is valid" for simple JSON Schemas, so most runs never import jsonschema.

Importing jsonschema and the stack it builds on costs more than the rest of
a one-file run, yet almost every request body flexlint sees is valid: the
keys are known and each value is a string, a number, an enum member or a
small object. ``certainly_valid`` answers True only when it can prove that
jsonschema (Draft 2020-12, without a format checker, as the checks use it)
would report no error; for any keyword it does not model, any ``oneOf`` or
``pattern``, or any doubt, it answers False and the caller runs jsonschema,
which stays the only judge of what is wrong. Hand-written because no
library offers an accept-only pre-check; it is a subset of the validator's
semantics, and ``tests/checks/test_schema_accept.py`` checks it against
jsonschema on generated bodies.
"""

from __future__ import annotations

from typing import Any

# Keywords that never make an instance invalid (without a format checker, `format` is one).
_ANNOTATIONS = frozenset({
    "title", "description", "$comment", "default", "examples", "deprecated", "readOnly", "writeOnly",
    "format", "$schema", "$defs", "definitions", "contentMediaType", "contentEncoding",
})
_MAX_DEPTH = 48

_TYPES: dict[str, Any] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}


def certainly_valid(schema: Any, instance: Any, root: dict[str, Any] | None = None) -> bool:
    """True only if ``instance`` is valid against ``schema`` (``root`` holds the ``$defs``)."""
    return _valid(schema, instance, schema if root is None else root, 0)


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON values of one type (strings, integers, booleans, null only)."""
    return type(a) is type(b) and isinstance(a, (str, int, bool, type(None))) and a == b


def _valid(schema: Any, value: Any, root: dict[str, Any], depth: int) -> bool:
    if schema is True or schema == {}:
        return True
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return False
    for key, rule in schema.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        check = _KEYWORDS.get(key)
        if check is None or not check(rule, value, schema, root, depth):
            return False
    return True


def _type(rule, value, schema, root, depth) -> bool:
    names = rule if isinstance(rule, list) else [rule]
    return any(name in _TYPES and _TYPES[name](value) for name in names)


def _enum(rule, value, schema, root, depth) -> bool:
    return isinstance(rule, list) and any(_same(option, value) for option in rule)


def _const(rule, value, schema, root, depth) -> bool:
    return _same(rule, value)


def _properties(rule, value, schema, root, depth) -> bool:
    if not isinstance(rule, dict):
        return False
    if not isinstance(value, dict):
        return True
    return all(key not in value or _valid(sub, value[key], root, depth + 1) for key, sub in rule.items())


def _additional(rule, value, schema, root, depth) -> bool:
    if not isinstance(value, dict):
        return True
    if "patternProperties" in schema:
        return False
    known = schema.get("properties", {})
    if not isinstance(known, dict):
        return False
    return all(_valid(rule, v, root, depth + 1) for k, v in value.items() if k not in known)


def _required(rule, value, schema, root, depth) -> bool:
    return isinstance(rule, list) and (not isinstance(value, dict) or all(key in value for key in rule))


def _items(rule, value, schema, root, depth) -> bool:
    if not isinstance(value, list):
        return True
    if "prefixItems" in schema:
        return False
    return all(_valid(rule, item, root, depth + 1) for item in value)


def _sized(kind: type | tuple[type, ...], measure, compare):
    def check(rule, value, schema, root, depth) -> bool:
        if not isinstance(value, kind) or isinstance(value, bool):
            return True
        return isinstance(rule, (int, float)) and not isinstance(rule, bool) and compare(measure(value), rule)

    return check


def _any_of(rule, value, schema, root, depth) -> bool:
    return isinstance(rule, list) and any(_valid(sub, value, root, depth + 1) for sub in rule)


def _all_of(rule, value, schema, root, depth) -> bool:
    return isinstance(rule, list) and all(_valid(sub, value, root, depth + 1) for sub in rule)


def _ref(rule, value, schema, root, depth) -> bool:
    if not isinstance(rule, str) or not rule.startswith("#/$defs/") or "/" in rule[8:] or "~" in rule:
        return False
    target = root.get("$defs", {}).get(rule[8:])
    return target is not None and _valid(target, value, root, depth + 1)


def _identity(value):
    return value


_KEYWORDS = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "properties": _properties,
    "additionalProperties": _additional,
    "required": _required,
    "items": _items,
    "anyOf": _any_of,
    "allOf": _all_of,
    "$ref": _ref,
    "minLength": _sized(str, len, lambda n, r: n >= r),
    "maxLength": _sized(str, len, lambda n, r: n <= r),
    "minItems": _sized(list, len, lambda n, r: n >= r),
    "maxItems": _sized(list, len, lambda n, r: n <= r),
    "minProperties": _sized(dict, len, lambda n, r: n >= r),
    "maxProperties": _sized(dict, len, lambda n, r: n <= r),
    "minimum": _sized((int, float), _identity, lambda n, r: n >= r),
    "maximum": _sized((int, float), _identity, lambda n, r: n <= r),
    "exclusiveMinimum": _sized((int, float), _identity, lambda n, r: n > r),
    "exclusiveMaximum": _sized((int, float), _identity, lambda n, r: n < r),
}
