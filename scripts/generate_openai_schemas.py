#!/usr/bin/env python3
"""Generate JSON Schemas of OpenAI request bodies from the ``openai`` SDK's types.

The ``openai`` Python SDK ships its request parameters as ``TypedDict`` /
``Literal`` types generated from OpenAI's OpenAPI spec.  This script walks
those types by introspection (``typing.get_type_hints(include_extras=True)``,
``typing.get_origin`` / ``typing.get_args``) and writes one JSON Schema
(draft 2020-12) per API method:

* ``responses.create.json``        - ``client.responses.create(...)``
* ``chat.completions.create.json`` - ``client.chat.completions.create(...)``

Usage::

    python scripts/generate_openai_schemas.py            # (re)write the files
    python scripts/generate_openai_schemas.py --check    # exit 1 on drift
    python scripts/generate_openai_schemas.py --output-dir DIR

Mapping rules
-------------
* ``Literal[...]`` -> ``{"enum": [...]}`` (order kept).  Several Literals in
  one Union are merged into a single enum.  A Literal that a non-literal
  member of the same Union already admits (``Union[str, Literal["a", "b"]]``,
  the SDK's "open enum") collapses into that member; its values are kept as
  ``"examples"`` (an annotation, it never causes a validation error).
* ``str`` / ``int`` / ``float`` / ``bool`` -> ``"string"`` / ``"integer"`` /
  ``"number"`` / ``"boolean"``.
* ``List`` / ``Iterable`` / ``Sequence`` / ``SequenceNotStr`` -> array with
  ``items``; ``Dict[str, X]`` / ``Mapping[str, X]`` -> object with
  ``additionalProperties: X``; ``object`` / ``Any`` -> ``{}``.
* Every ``TypedDict`` -> ``{"type": "object", "properties", "required",
  "additionalProperties": false}`` in ``$defs``, referenced with ``$ref``
  (so recursive types work).  The def is named after the class; when two
  reachable classes share a name, each of them gets a ``__<module>`` suffix.
* ``Required`` / ``NotRequired`` / ``Annotated`` are unwrapped; an
  ``Annotated[..., PropertyInfo(alias="x")]`` key is emitted as ``x`` (the key
  the SDK puts on the wire).
* Anything else raises :class:`UnmappableTypeError` naming the type, so a new
  SDK release cannot silently produce a wrong schema.

Required keys: the top-level object has no ``required`` list (callers decide
which top-level keys they insist on) but has ``additionalProperties: false``.
Nested objects list their required keys.  ``__required_keys__`` alone is not
trustworthy here: the SDK modules use ``from __future__ import annotations``,
so on the Python versions we run on the TypedDict metaclass sees the string
``"Required[str]"`` and files the key as optional.  A ``Required[...]`` /
``NotRequired[...]`` wrapper in the resolved hints therefore takes
precedence; keys without a wrapper follow ``__required_keys__``.

Nullable values (``Optional[X]``)
---------------------------------
Chosen so that a validation error comes out at the innermost node, with as
little ``anyOf`` as possible:

* scalars, arrays and maps get ``"null"`` added to their ``"type"``
  (``{"type": ["string", "null"]}``, ``{"type": ["array", "null"],
  "items": ...}``): no ``anyOf``, errors are reported directly;
* enums get ``null`` appended to the ``enum`` itself and carry no ``"type"``
  (a ``"type"`` next to the enum would add a second, redundant error for a
  wrongly typed value): ``"flexx"`` gives exactly one ``enum`` error at the
  property itself;
* a nullable ``$ref`` (a TypedDict) becomes
  ``{"anyOf": [{"$ref": ...}, {"type": "null"}]}``.  A wrong value inside it
  is reported by ``jsonschema`` as one ``anyOf`` error at the property whose
  ``.context`` holds the ``$ref`` branch's errors (deeper paths) and the
  ``{"type": "null"}`` branch's one type error (at the property itself).
  ``jsonschema.exceptions.best_match([error])`` descends into the deepest
  one, e.g. the ``enum`` error at ``reasoning/effort``.  To report every
  problem of the branch, drop the context errors whose
  ``relative_schema_path`` starts with the index of the ``{"type": "null"}``
  branch and report the rest.

Output is deterministic: ``json.dumps(indent=1, ensure_ascii=False)`` plus a
trailing newline, ``$defs`` sorted by name, properties in declaration order.
"""

from __future__ import annotations

import argparse
import collections.abc
import datetime
import difflib
import json
import sys
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
GENERATED_BY = "scripts/generate_openai_schemas.py"
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT_DIR = REPO_ROOT / "schemas" / "openai"

Schema = Dict[str, Any]


class UnmappableTypeError(TypeError):
    """A type in the SDK that this script does not know how to express."""


@dataclass(frozen=True)
class Method:
    """One API method: the file it goes to and the SDK types of its body."""

    filename: str
    title: str
    module: str
    # The TypedDicts whose keys together are the JSON body (the SDK picks the
    # streaming or non-streaming one depending on ``stream``).
    variants: Tuple[str, ...]


METHODS: Tuple[Method, ...] = (
    Method(
        filename="responses.create.json",
        title="OpenAI Responses API request body (POST /v1/responses, client.responses.create)",
        module="openai.types.responses.response_create_params",
        variants=("ResponseCreateParamsNonStreaming", "ResponseCreateParamsStreaming"),
    ),
    Method(
        filename="chat.completions.create.json",
        title=(
            "OpenAI Chat Completions API request body "
            "(POST /v1/chat/completions, client.chat.completions.create)"
        ),
        module="openai.types.chat.completion_create_params",
        variants=("CompletionCreateParamsNonStreaming", "CompletionCreateParamsStreaming"),
    ),
)

# Keyword arguments of the SDK methods that are request options, never part
# of the JSON body.  They are not in the TypedDicts; this is a guard only.
REQUEST_OPTIONS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})

_PY_SCALARS: Dict[Any, str] = {str: "string", int: "integer", float: "number", bool: "boolean"}
_ARRAY_ORIGINS = (list, collections.abc.Iterable, collections.abc.Sequence, collections.abc.MutableSequence)
_MAPPING_ORIGINS = (dict, collections.abc.Mapping, collections.abc.MutableMapping)
# Keywords that only constrain one JSON type; a schema made of "type" and
# these can share a "type" list with other JSON types without changing
# what it accepts.
_TYPE_SPECIFIC = {
    "array": {"items"},
    "object": {"properties", "required", "additionalProperties"},
    "string": set(),
    "integer": set(),
    "number": set(),
    "boolean": set(),
    "null": set(),
}
_ANNOTATIONS = {"examples"}
_UNION_TYPE = getattr(types, "UnionType", typing.Union)  # X | Y (Python 3.10+)


def _is_typeddict(tp: Any) -> bool:
    import typing_extensions

    return isinstance(tp, type) and (typing.is_typeddict(tp) or typing_extensions.is_typeddict(tp))


def _origin_is(origin: Any, name: str) -> bool:
    """True if ``origin`` is ``typing.<name>`` or ``typing_extensions.<name>``."""
    import typing_extensions

    return any(origin is getattr(mod, name, object()) for mod in (typing, typing_extensions))


@dataclass
class _Field:
    tp: Any
    required: Optional[bool]  # None: not said by a Required/NotRequired wrapper
    alias: Optional[str]
    fmt: Optional[str]


def _unwrap(tp: Any) -> _Field:
    """Strip Required/NotRequired/Annotated, keeping what they said."""
    required: Optional[bool] = None
    alias: Optional[str] = None
    fmt: Optional[str] = None
    while True:
        origin = typing.get_origin(tp)
        if _origin_is(origin, "Required") or _origin_is(origin, "NotRequired"):
            required = _origin_is(origin, "Required")
            (tp,) = typing.get_args(tp)
        elif _origin_is(origin, "ReadOnly"):
            (tp,) = typing.get_args(tp)
        elif _origin_is(origin, "Annotated"):
            for meta in tp.__metadata__:
                if type(meta).__name__ == "PropertyInfo":
                    alias = getattr(meta, "alias", None) or alias
                    fmt = getattr(meta, "format", None) or fmt
            tp = tp.__origin__
        else:
            return _Field(tp, required, alias, fmt)


def _json_type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    raise UnmappableTypeError(f"Literal value {value!r} of type {type(value).__name__} has no JSON form")


def _types_of(schema: Schema) -> List[str]:
    t = schema.get("type", [])
    return [t] if isinstance(t, str) else list(t)


def _set_types(schema: Schema, json_types: List[str]) -> None:
    # "null" last, otherwise first-seen order.
    ordered = [t for t in json_types if t != "null"] + (["null"] if "null" in json_types else [])
    schema["type"] = ordered[0] if len(ordered) == 1 else ordered


def _is_mergeable(schema: Schema) -> bool:
    """A schema made only of ``type`` and keywords specific to those types."""
    if "type" not in schema:
        return False
    allowed = set(_ANNOTATIONS) | {"type"}
    for t in _types_of(schema):
        allowed |= _TYPE_SPECIFIC[t]
    return set(schema) <= allowed


def _admits(json_types: List[str], value: Any) -> bool:
    vt = _json_type_of(value)
    return vt in json_types or (vt == "integer" and "number" in json_types)


class SchemaBuilder:
    """Converts SDK types to JSON Schema, collecting TypedDicts in ``$defs``."""

    def __init__(self) -> None:
        self._defs: Dict[type, Schema] = {}
        self._refs: List[Tuple[Schema, type]] = []  # $ref objects to name at the end

    # -- public -----------------------------------------------------------

    def request_body(self, method: Method) -> Schema:
        import importlib

        import openai

        module = importlib.import_module(method.module)
        variants = [getattr(module, name) for name in method.variants]
        for variant in variants:
            if not _is_typeddict(variant):
                raise UnmappableTypeError(f"{method.module}.{variant!r} is not a TypedDict")

        # Keys of all variants, in declaration order; a key whose type differs
        # between variants (``stream``) gets the union of its types.
        variant_hints = [typing.get_type_hints(variant, include_extras=True) for variant in variants]
        per_key: Dict[str, List[Any]] = {}
        for hints in variant_hints:
            for key, hint in hints.items():
                per_key.setdefault(key, [])
                inner = _unwrap(hint)
                if inner.tp not in per_key[key]:
                    per_key[key].append(inner.tp)
        leaked = REQUEST_OPTIONS & set(per_key)
        if leaked:
            raise UnmappableTypeError(f"request options {sorted(leaked)} found among the body keys of {method.module}")
        if "stream" not in per_key:
            raise UnmappableTypeError(f"{method.module}: no 'stream' key in {method.variants}")

        properties: Schema = {}
        for key, key_types in per_key.items():
            where = f"{method.module}.{key}"
            # Aliases are resolved per variant hint; all variants must agree.
            aliases = {_unwrap(hints[key]).alias for hints in variant_hints if key in hints}
            if len(aliases) != 1:
                raise UnmappableTypeError(f"{where}: variants disagree on the wire name: {aliases!r}")
            wire = aliases.pop() or key
            tp = key_types[0] if len(key_types) == 1 else typing.Union[tuple(key_types)]
            properties[wire] = self.convert(tp, where)

        defs = self._finish_defs()
        schema: Schema = {
            "$schema": JSON_SCHEMA_DIALECT,
            "$comment": f"Generated from the openai Python SDK's request types by {GENERATED_BY}; do not edit by hand.",
            "title": method.title,
            "x-openai-sdk-version": openai.__version__,
            "x-openai-sdk-types": [f"{method.module}.{name}" for name in method.variants],
            "x-generated-by": GENERATED_BY,
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if defs:
            schema["$defs"] = defs
        return schema

    # -- conversion -----------------------------------------------------

    def convert(self, tp: Any, where: str, fmt: Optional[str] = None) -> Schema:
        field = _unwrap(tp)
        tp, fmt = field.tp, field.fmt or fmt
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)

        if tp is None or tp is type(None):
            return {"type": "null"}
        if _origin_is(origin, "Literal"):
            values = self._literal_values(tp, where)
            return {"enum": values}
        if origin is typing.Union or origin is _UNION_TYPE:
            return self._union(args, where, fmt)
        if _is_typeddict(tp):
            return self._ref(tp, where)
        if tp in _PY_SCALARS:
            return {"type": _PY_SCALARS[tp]}
        if tp is object or tp is typing.Any:
            return {}
        if origin in _ARRAY_ORIGINS or _is_sequence_not_str(origin):
            if len(args) != 1:
                raise UnmappableTypeError(f"cannot map {tp!r} at {where}: expected one item type")
            return {"type": "array", "items": self.convert(args[0], f"{where}[]")}
        if origin in _MAPPING_ORIGINS:
            if len(args) != 2 or _unwrap(args[0]).tp is not str:
                raise UnmappableTypeError(f"cannot map {tp!r} at {where}: only str-keyed mappings have a JSON form")
            return {"type": "object", "additionalProperties": self.convert(args[1], f"{where}{{}}")}
        if tp in (datetime.datetime, datetime.date) and fmt == "iso8601":
            # The SDK serializes these with isoformat() before sending.
            return {"type": "string", "format": "date-time" if tp is datetime.datetime else "date"}
        if fmt == "base64" and _is_file_like(tp):
            # PropertyInfo(format="base64"): the SDK reads the file/bytes and
            # sends a base64 string, so on the wire this is a string.
            return {"type": "string", "contentEncoding": "base64"}
        # Bare bytes / IO / PathLike / FileTypes only make sense for multipart
        # uploads; a JSON body cannot carry them, so refuse rather than guess.
        raise UnmappableTypeError(f"cannot map {tp!r} at {where}")

    def _literal_values(self, tp: Any, where: str) -> List[Any]:
        values: List[Any] = []
        for value in typing.get_args(tp):
            if _origin_is(typing.get_origin(value), "Literal"):  # nested Literal
                candidates = self._literal_values(value, where)
            else:
                candidates = [value]
            for v in candidates:
                _json_type_of(v)  # raises for enum members, bytes, ...
                if not any(type(v) is type(seen) and v == seen for seen in values):
                    values.append(v)
        return values

    def _union(self, members: Tuple[Any, ...], where: str, fmt: Optional[str]) -> Schema:
        # Flatten (Annotated/Required around a union member, nested unions).
        flat: List[Any] = []

        def add(member: Any) -> None:
            inner = _unwrap(member).tp
            origin = typing.get_origin(inner)
            if origin is typing.Union or origin is _UNION_TYPE:
                for m in typing.get_args(inner):
                    add(m)
            elif inner not in flat:
                flat.append(inner)

        for member in members:
            add(member)

        nullable = False
        literal_values: List[Any] = []
        # Branches in order of first appearance: (schema, is_enum_placeholder)
        branches: List[Schema] = []
        enum_branch: Optional[Schema] = None
        for member in flat:
            if member is None or member is type(None):
                nullable = True
                continue
            schema = self.convert(member, where, fmt)
            if schema == {}:
                return {}  # object/Any admits everything, null included
            if "enum" in schema and set(schema) == {"enum"}:
                for v in schema["enum"]:
                    if v is None:
                        nullable = True
                    elif not any(type(v) is type(seen) and v == seen for seen in literal_values):
                        literal_values.append(v)
                if enum_branch is None:
                    enum_branch = {"enum": literal_values}
                    branches.append(enum_branch)
                continue
            branches.append(schema)

        # Merge the typed branches whose JSON types do not overlap into one
        # schema with a "type" list.  {"type": "integer"} is dropped when
        # "number" is present (JSON Schema's number includes integers).
        merged: Optional[Schema] = None
        rest: List[Schema] = []
        for schema in branches:
            if schema is enum_branch:
                rest.append(schema)
                continue
            if _is_mergeable(schema):
                if merged is None:
                    merged = dict(schema)
                    rest.append(merged)
                    continue
                have, new = _types_of(merged), _types_of(schema)
                if new == ["integer"] and set(schema) == {"type"} and "number" in have:
                    continue
                if not set(have) & set(new) and not (set(schema) - {"type"}) & (set(merged) - {"type"}):
                    extra = [t for t in new if t not in have]
                    if "number" in extra:
                        have = [t for t in have if t != "integer"]
                    merged.update({k: v for k, v in schema.items() if k != "type"})
                    _set_types(merged, have + extra)
                    continue
            rest.append(schema)

        # Literals already admitted by a merged type are documentation only.
        if enum_branch is not None and merged is not None and all(
            _admits(_types_of(merged), v) for v in literal_values
        ):
            rest.remove(enum_branch)
            if _types_of(merged) != ["boolean"]:
                examples = list(merged.get("examples", []))
                examples += [v for v in literal_values if v not in examples]
                merged["examples"] = examples
            enum_branch = None
        # Literal[True] + Literal[False] is just boolean.
        if enum_branch is not None and sorted(map(repr, literal_values)) == ["False", "True"]:
            enum_branch.clear()
            enum_branch["type"] = "boolean"
            if merged is None:
                merged = enum_branch
            enum_branch = None

        if nullable:
            if merged is not None:
                _set_types(merged, _types_of(merged) + ["null"])
            elif enum_branch is not None:
                enum_branch["enum"].append(None)
            else:
                rest.append({"type": "null"})

        if not rest:
            raise UnmappableTypeError(f"empty union at {where}: {members!r}")
        if len(rest) == 1:
            return rest[0]
        return {"anyOf": rest}

    def _ref(self, td: type, where: str) -> Schema:
        ref: Schema = {"$ref": None}
        self._refs.append((ref, td))
        if td not in self._defs:
            self._defs[td] = {}  # placeholder first: recursion stops here
            self._defs[td].update(self._typeddict(td))
        return ref

    def _typeddict(self, td: type) -> Schema:
        where = f"{td.__module__}.{td.__qualname__}"
        try:
            hints = typing.get_type_hints(td, include_extras=True)
        except Exception as exc:  # unresolvable forward reference, ...
            raise UnmappableTypeError(f"cannot resolve the annotations of {td!r}: {exc}") from exc
        properties: Schema = {}
        required: List[str] = []
        for key, hint in hints.items():
            field = _unwrap(hint)
            wire = field.alias or key
            if wire in properties:
                raise UnmappableTypeError(f"{where}: two keys map to the wire name {wire!r}")
            properties[wire] = self.convert(field.tp, f"{where}.{key}", field.fmt)
            is_required = field.required if field.required is not None else key in td.__required_keys__
            if is_required:
                required.append(wire)
        schema: Schema = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        return schema

    def _finish_defs(self) -> Schema:
        """Name every def and point the ``$ref`` objects at those names.

        A def is named after its class.  Same-named classes from different
        modules whose schemas are identical (the generator repeats small
        helper types per module) share one def under the bare name; when
        same-named schemas differ, every one of them gets a ``__<module>``
        suffix.
        """
        # Merge identical same-named classes: iterate to a fixed point, since
        # two classes can only be seen to be equal once the classes they
        # refer to have been merged.
        rep: Dict[type, type] = {td: td for td in self._defs}
        changed = True
        while changed:
            changed = False
            for ref, td in self._refs:
                target = rep[td]
                ref["$ref"] = f"{target.__module__}.{target.__qualname__}"
            canonical: Dict[Tuple[str, str], type] = {}
            for td in self._defs:
                if rep[td] is not td:
                    continue
                key = (td.__name__, json.dumps(self._defs[td], sort_keys=True))
                first = canonical.setdefault(key, td)
                if first is not td:
                    for other, r in rep.items():
                        if r is td:
                            rep[other] = first
                    changed = True

        by_name: Dict[str, List[type]] = {}
        for td in self._defs:
            if rep[td] is td:
                by_name.setdefault(td.__name__, []).append(td)
        names: Dict[type, str] = {}
        for name, tds in by_name.items():
            if len(tds) == 1:
                names[tds[0]] = name
                continue
            tails = {td: td.__module__.rsplit(".", 1)[-1] for td in tds}
            if len(set(tails.values())) != len(tds):
                tails = {td: td.__module__.removeprefix("openai.types.").replace(".", "_") for td in tds}
            for td in tds:
                names[td] = f"{name}__{tails[td]}"
        if len(set(names.values())) != len(names):
            raise UnmappableTypeError(f"could not give the TypedDicts unique names: {sorted(names.values())}")
        for ref, td in self._refs:
            ref["$ref"] = f"#/$defs/{names[rep[td]]}"
        return {names[td]: self._defs[td] for td in sorted(names, key=lambda t: names[t])}


def _is_sequence_not_str(origin: Any) -> bool:
    # At run time openai._types.SequenceNotStr is typing.Sequence; under a
    # type checker it is a Protocol class of that name.
    return isinstance(origin, type) and origin.__name__ == "SequenceNotStr"


def _is_file_like(tp: Any) -> bool:
    import io
    import os

    origin = typing.get_origin(tp) or tp
    return origin in (bytes, io.IOBase, typing.IO, os.PathLike) or getattr(origin, "__name__", "") in {
        "FileTypes",
        "FileContent",
        "Base64FileInput",
    }


# -- rendering and I/O -----------------------------------------------------


def build_schemas() -> Dict[str, Schema]:
    """Filename -> schema for every method, from the installed SDK."""
    return {method.filename: SchemaBuilder().request_body(method) for method in METHODS}


def render(schema: Schema) -> str:
    return json.dumps(schema, indent=1, ensure_ascii=False) + "\n"


def render_all() -> Dict[str, str]:
    return {name: render(schema) for name, schema in build_schemas().items()}


def check(output_dir: Path, rendered: Dict[str, str], out: Callable[[str], None] = print, max_lines: int = 40) -> int:
    """Compare ``rendered`` with the files in ``output_dir``; 1 on drift."""
    drift = False
    for name, text in rendered.items():
        path = output_dir / name
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if old == text:
            continue
        drift = True
        if not old:
            out(f"{path}: missing")
            continue
        try:
            old_version = json.loads(old).get("x-openai-sdk-version")
        except ValueError:
            old_version = None
        new_version = json.loads(text).get("x-openai-sdk-version")
        if old_version != new_version:
            out(f"{path}: generated with openai {old_version}, installed openai is {new_version}")
        diff = list(
            difflib.unified_diff(
                old.splitlines(), text.splitlines(), f"{name} (committed)", f"{name} (regenerated)", lineterm="", n=2
            )
        )
        for line in diff[:max_lines]:
            out(line)
        if len(diff) > max_lines:
            out(f"... {len(diff) - max_lines} more diff lines")
    if drift:
        out(f"OpenAI schemas are out of date: run python {GENERATED_BY}")
        return 1
    return 0


def write(output_dir: Path, rendered: Dict[str, str]) -> List[Path]:
    output_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered.items():
        path = output_dir / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk; exit 1 on drift")
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=DEFAULT_OUTPUT_DIR,
        help=f"where the schemas live (default: {DEFAULT_OUTPUT_DIR.relative_to(REPO_ROOT)} in the repository)",
    )
    args = parser.parse_args(argv)
    rendered = render_all()
    if args.check:
        status = check(args.output_dir, rendered)
        if status == 0:
            print(f"OpenAI schemas in {args.output_dir} are up to date")
        return status
    for path in write(args.output_dir, rendered):
        print(f"wrote {path} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
