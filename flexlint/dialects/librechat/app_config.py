"""LibreChat's own validation of ``librechat.yaml``, in LibreChat's words.

LibreChat runs zod's ``configSchema.strict()`` on the file at start-up; the
schema of each known release is converted to JSON Schema
(``schemas/librechat/config-*.json``). The app-config check validates the
file with them; this module gives the check what it needs as data: the
schemas, the version the file declares, and how LibreChat words each problem.
"""

from __future__ import annotations

import json
from typing import Any

from ...core.document import Document, Node
from ...core.spelling import close_matches
from ...knowledge.app_schema import AppConfigSpec, LegacyKeys
from ...knowledge.openai_api import norm
from ...knowledge.secrets import hide_secret_values
from .facts import REJECTED, SCHEMAS, declared_version, request_facts

def _js_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _literals(schema: Any) -> list[Any] | None:
    """The values of an enum, a const, or a union of consts (zod's union of literals)."""
    if not isinstance(schema, dict):
        return None
    if "enum" in schema:
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    options = schema.get("anyOf")
    if options:
        values: list[Any] = []
        for option in options:
            sub = _literals(option)
            if sub is None:
                return None
            values.extend(sub)
        return values
    return None


def _quote(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else json.dumps(value)


def _endpoint_name(root: Node, path: tuple) -> str:
    if len(path) >= 3 and path[:2] == ("endpoints", "custom") and isinstance(path[2], int):
        name = root.find(path[:3] + ("name",))
        if name is not None and isinstance(name.value, str):
            return f' (custom endpoint "{name.value}")'
    if len(path) >= 4 and path[:3] == ("endpoints", "azureOpenAI", "groups") and isinstance(path[3], int):
        name = root.find(path[:4] + ("group",))
        if name is not None and isinstance(name.value, str):
            return f' (Azure group "{name.value}")'
    return ""


def _describe_value(issue) -> tuple[str, str | None]:
    error = issue.error
    value = error.instance
    key = issue.path[-1] if issue.path else "value"
    schema = error.schema if isinstance(error.schema, dict) else {}
    if isinstance(schema.get("x-message"), str) and error.validator in ("not", "minProperties"):
        if error.validator == "not":
            fix = (
                "rename the endpoint: LibreChat reserves the names of its built-in endpoints "
                '(the comparison is case-sensitive, so "OpenAI" is accepted)'
            )
        else:
            fix = "add at least one setting, or remove the key"
        return schema["x-message"], fix
    literals = _literals(schema) if error.validator in ("enum", "const", "anyOf") else None
    if literals:
        expected = " | ".join(_quote(v) for v in literals)
        close = close_matches(str(value), [str(v) for v in literals], n=1, cutoff=0.6)
        fix = f"use {_quote(close[0])}" if close else f"use one of {expected}"
        return f"Invalid enum value. Expected {expected}, received {_quote(hide_secret_values(value, str(key)))}", fix
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        received = _js_type(value)
        if issue.path == ("version",) and received == "number":
            text = issue.text.strip() or str(value)
            return (
                f"Expected string, received number (YAML reads an unquoted {text} as a number)",
                f'quote the version: version: "{text}"',
            )
        article = "an" if str(expected)[:1] in "aeiou" else "a"
        return f"Expected {expected}, received {received}", f"make `{key}` {article} {expected}"
    if error.validator == "minItems":
        n = error.validator_value
        return f"Array must contain at least {n} element(s)", f"add at least {n} entry to `{key}`"
    if error.validator == "minLength":
        n = error.validator_value
        return f"String must contain at least {n} character(s)", None
    if error.validator in ("minimum", "exclusiveMinimum"):
        word = "greater than or equal to" if error.validator == "minimum" else "greater than"
        return f"Number must be {word} {error.validator_value}", None
    if error.validator in ("maximum", "exclusiveMaximum"):
        word = "less than or equal to" if error.validator == "maximum" else "less than"
        return f"Number must be {word} {error.validator_value}", None
    return "Invalid input", None


def _describer(root: Node):
    def describe(issue) -> tuple[str, str | None]:
        where = issue.where
        named = _endpoint_name(root, issue.path)
        if issue.kind == "unknown-key":
            zod = f"Unrecognized key(s) in object: '{issue.key}'"
            meant = _meant(issue.key, issue.known)
            if issue.legacy is not None:
                fix = f"move `{issue.key}` under `{issue.legacy.moved_to}:` (the file format changed after config version {issue.legacy.accepted_until})"
            elif meant is not None:
                fix = f"rename `{issue.key}` to `{meant}` (keys are case-sensitive)"
            else:
                fix = f"remove `{issue.key}` (it is not a setting of `{where}`)"
            return f'LibreChat refuses this file at start-up ("Invalid custom config file"): {zod} at `{where}`{named}. {REJECTED}.', fix
        if issue.kind == "required":
            return (
                f'LibreChat refuses this file at start-up ("Invalid custom config file"): Required: `{where}`{named} '
                f"is missing. {REJECTED}.",
                f"add `{issue.key}`",
            )
        zod, fix = _describe_value(issue)
        zod = zod.rstrip(".")
        return f'LibreChat refuses this file at start-up ("Invalid custom config file"): {zod} at `{where}`{named}. {REJECTED}.', fix

    return describe


def _meant(key: str, known: frozenset[str]) -> str | None:
    by_norm = {norm(k): k for k in known}
    if norm(key) in by_norm:
        return by_norm[norm(key)]
    close = close_matches(key, sorted(known), n=1, cutoff=0.8)
    return close[0] if close else None


def _legacy() -> list[LegacyKeys]:
    return [
        LegacyKeys(tuple(e["path"]), frozenset(e["keys"]), str(e["accepted_until"]), e.get("moved_to", ""), e.get("source", ""))
        for e in request_facts().get("legacy", ())
    ]


def app_config(document: Document) -> AppConfigSpec | None:
    root = document.root
    if root is None or not root.is_mapping:
        return None
    return AppConfigSpec(
        app="LibreChat",
        schemas=SCHEMAS,
        declared=declared_version(root),
        legacy=_legacy(),
        describe=_describer(root),
        rejected=REJECTED,
        label="Invalid custom config file",
    )
