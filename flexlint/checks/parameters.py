"""The parameter rules, through JSON Schema validation (as cfn-lint does).

Two validations per request site: the keys of the site's own layer (an SDK's
options, when the layer has a schema) against that layer's schema, and the body that goes on
the wire against OpenAI's generated schema. Every ``jsonschema`` error is
mapped to the node it concerns and to one rule:

* an unexpected key becomes ``wrong-key-casing`` (the same name spelt for
  another layer), ``wrong-api-parameter`` (a parameter of the other API) or
  ``unknown-parameter`` (with a did-you-mean);
* any other error becomes ``invalid-value`` at the value.

When the API cannot be told from the request, a problem is reported only if
it is a problem for both APIs.

OpenAI's wire schema judges only requests whose target is OpenAI or Azure
OpenAI (``openai_schema`` in ``schemas/servers.yaml``). For any other server
only what the layer itself refuses is reported: a keyword the OpenAI Python
SDK does not take is a ``TypeError`` before anything is sent, whatever the
base URL; a key the server may well accept (``top_k`` for vLLM) is not.
Values written in code may be present but unknown (``UNKNOWN``), and a
mapping may hold keys that cannot be seen (``Partial``): an error about such
a value, about what such a mapping lacks, or about a whole value that holds
either (a union, an enum, uniqueness) is never reported, since the value
that is sent could satisfy the schema.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..core.diagnostics import Finding
from ..core.document import UNKNOWN, Node, Partial, is_uncertain
from ..core.spelling import close_matches
from ..knowledge.openai_api import (
    API_LABEL,
    OTHER_API,
    WIRE_SCHEMAS,
    cross_api,
    cross_api_moves,
    enum_values,
    norm,
    wire_schema,
)
from ..knowledge.data import load_json
from ..knowledge.servers import server
from ..core.site import HTTP, RequestSite
from . import Ask
from .schema_accept import certainly_valid
from .schema_errors import dotted, extra_keys as _extra_keys, leaves as _leaves, show
from ..knowledge.secrets import shorten
from ..knowledge.tiers import is_tier_key
from ..core.records import record

if TYPE_CHECKING:  # fixes are built only for the findings that have one
    from ..core.edits import Autofix, Safety

SLUGS = ("unknown-parameter", "wrong-key-casing", "wrong-api-parameter", "invalid-value")
# When a key is wrong for both APIs in different ways, the most useful advice first.
PREFERENCE = {"wrong-key-casing": 0, "wrong-api-parameter": 1, "invalid-value": 2, "unknown-parameter": 3}
# Conversation content and tool definitions: the SDK's types are stricter than
# the API here (a function tool without `strict`, an assistant item without
# `id`), so only the parameter's own type is checked, never its items.
CONTENT_PARAMS = frozenset({"input", "messages", "tools", "tool_choice", "functions", "prompt", "prediction", "conversation"})


@lru_cache(maxsize=None)
def _schema(schema_file: str, ref: str | None = None) -> dict[str, Any]:
    schema = load_json(schema_file)
    if ref is not None:
        schema = {"$ref": f"#/$defs/{ref}", "$defs": schema["$defs"]}
    return schema


@lru_cache(maxsize=None)
def _validator(schema_file: str, ref: str | None = None):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema(schema_file, ref))


def _errors(schema_file: str, ref: str | None, instance: Any) -> list[Any]:
    """jsonschema's errors, or none without importing it when the value is plainly valid."""
    if certainly_valid(_schema(schema_file, ref), instance):
        return []
    return list(_validator(schema_file, ref).iter_errors(instance))


@record
class _Raw:
    """A finding before the two-API comparison: slug, node and words."""

    slug: str
    node: Node
    message: str
    fix: str | None
    autofix: Autofix | None = None

    def key(self) -> int:
        return id(self.node)


def classify_key(
    key: str,
    known: Iterable[str],
    other_known: Iterable[str] = (),
    cross: dict[str, Any] | None = None,
) -> tuple[str, str | None, str | None]:
    """(slug, the key meant, what to use instead) for a key a layer does not know."""
    slug, meant = _classify(key, tuple(known), tuple(other_known))
    use = (cross or {}).get(meant) if slug == "wrong-api-parameter" and meant else None
    return slug, meant, use


@lru_cache(maxsize=4096)
def _classify(key: str, known: tuple[str, ...], other_known: tuple[str, ...]) -> tuple[str, str | None]:
    """Memoised: the same misspelt key recurs across the sites of a file (and a did-you-mean is slow)."""
    known_by_norm = {norm(k): k for k in known}
    nk = norm(key)
    if nk in known_by_norm and known_by_norm[nk] != key:
        return "wrong-key-casing", known_by_norm[nk]
    other_by_norm = {norm(k): k for k in other_known}
    if nk in other_by_norm:
        return "wrong-api-parameter", other_by_norm[nk]
    close = close_matches(nk, list(known_by_norm), n=1, cutoff=0.75)
    return "unknown-parameter", (known_by_norm[close[0]] if close else None)


def _tier_consequence(site: RequestSite, key: str, node: Node) -> str:
    if site.layer.strips_unknown and is_tier_key(key) and isinstance(node.value, str):
        return f' The request then runs without service_tier "{node.value}" (the project default tier).'
    return ""


def _key_finding(
    site: RequestSite,
    key: str,
    node: Node,
    *,
    known: Iterable[str],
    api: str,
    top_level: bool,
    parent: str,
    other: Iterable[str] = (),
    cross: dict[str, Any] | None = None,
    layer_label: str | None = None,
    container: Node | None = None,
    moves: dict[str, str] | None = None,
) -> _Raw:
    """The finding for a key the schema does not allow.

    ``container`` is the mapping that holds it, given only when the key is
    written there as it is judged (not renamed or moved by an app on the
    way): then the finding can carry a fix, from ``moves`` (the other API's
    key → where its value goes here) for a key of the other API.
    """
    layer = site.layer
    label = layer_label or (layer.label if site.layer is not HTTP else API_LABEL.get(api, layer.label))
    slug, meant, use = classify_key(key, known, other if top_level else (), cross)
    where, noun = "", "parameter"
    if parent:
        noun = "key"
        label, where = f"`{parent}`", f" in {label}"
    fate = layer.unknown_fate
    if slug == "wrong-key-casing":
        style = "camelCase" if layer.casing == "camel" else "snake_case"
        msg = (
            f"`{key}` is not a {noun} of {label}{where}, which spells them in {style}: "
            f"write `{meant}`. {fate[:1].upper() + fate[1:]}.{_tier_consequence(site, key, node)}"
        )
        from ..core.edits import rename

        autofix = rename(node, meant, container, _safety(site)) if container is not None and meant else None
        return _Raw(slug, node.anchor, msg, f"rename `{key}` to `{meant}`", autofix)
    if slug == "wrong-api-parameter":
        other_api = OTHER_API.get(api, "")
        other_label = API_LABEL.get(other_api, "the other API")
        written = f" (spelt `{meant}` there)" if meant != key else ""
        instead = f" Use {use} instead." if use else f" {API_LABEL.get(api, label)} has no equivalent."
        msg = (
            f"`{key}` belongs to {other_label}{written}, not to {label}: {fate}.{instead}"
        )
        fix = f"replace `{key}` with {use}" if use else f"remove `{key}`"
        autofix = _move(site, node, meant, container, moves) if container is not None and meant and moves else None
        return _Raw(slug, node.anchor, msg, fix, autofix)
    hint = f" Did you mean `{meant}`?" if meant else ""
    msg = f"`{key}` is not a {noun} of {label}{where}: {fate}.{hint}{_tier_consequence(site, key, node)}"
    fix = f"rename `{key}` to `{meant}`" if meant else f"remove `{key}` or check its spelling"
    return _Raw(slug, node.anchor, msg, fix)


def _safety(site: RequestSite) -> Safety:
    """Renaming or moving a key fixes a request that fails today (safe), unless the layer drops the key
    silently: then the request works without the setting, and the fix makes it take effect (unsafe)."""
    return "unsafe" if site.layer.strips_unknown else "safe"


def _move(site: RequestSite, node: Node, meant: str, parent: Node, moves: dict[str, str]) -> Autofix | None:
    """Move a key of the other API to where this API takes the same value (``schemas/openai/cross-api-moves.yaml``)."""
    from ..core.edits import move

    target = moves.get(meant)
    if target is not None:
        return move(node, node, parent, tuple(target.split(".")), _safety(site))
    if node.is_mapping and len(node.value) == 1:  # {"reasoning": {"effort": x}} -> reasoning_effort
        (inner, value), = node.value.items()
        target = moves.get(f"{meant}.{inner}")
        if target is not None and "." not in target:
            return move(node, value, parent, (target,), _safety(site))
    return None


def _closest_value(value: Any, allowed: list[str]) -> list[str]:
    """The allowed value meant: the same word in another case ("FLEX"), or a near spelling."""
    if not isinstance(value, str):
        return []
    by_case = [a for a in allowed if a.lower() == value.strip().lower()]
    if by_case:
        return by_case[:1]
    lowered = {a.lower(): a for a in allowed}
    close = close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return [lowered[c] for c in close]


def _value_finding(error, node: Node, name: str, wire_note: str, fate: str, root: dict[str, Any]) -> _Raw:
    value = error.instance
    if error.validator in ("enum", "const"):
        allowed = enum_values(error.schema, root)
        close = _closest_value(value, [str(a) for a in allowed])
        hint = f' Did you mean "{close[0]}"?' if close else ""
        listing = ", ".join(str(a) for a in allowed)
        msg = f"`{name}` is {show(value, name=name.rsplit('.', 1)[-1])}{wire_note}, which is not an accepted value ({listing}): {fate}.{hint}"
        fix = f'use "{close[0]}"' if close else f"use one of: {listing}"
        autofix = None
        if close and isinstance(value, str) and node.value == value and close[0].lower() == value.strip().lower():
            from ..core.edits import replace_value

            autofix = replace_value(node, close[0])  # the same word in the accepted case: the value meant
        return _Raw("invalid-value", node, msg, fix, autofix)
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in (value or {})]
        names = ", ".join(f"`{m}`" for m in missing)
        msg = f"`{name}`{wire_note} lacks the required {names}: {fate}."
        return _Raw("invalid-value", node, msg, f"add {names} to `{name}`")
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        msg = f"`{name}` is {show(value, name=name.rsplit('.', 1)[-1])}{wire_note}, but it must be of type {expected}: {fate}."
        return _Raw("invalid-value", node, msg, f"make `{name}` a {expected}")
    detail = shorten(error.message, 160)
    msg = f"`{name}`{wire_note} is not valid: {detail} ({error.validator}): {fate}."
    return _Raw("invalid-value", node, msg, None)


# ------------------------------------------------------------------ validations


# Errors that judge a mapping by the keys it lacks, and errors that judge a whole value at once.
ABSENCE = frozenset({"required", "dependentRequired", "dependentSchemas", "minProperties"})
WHOLE = frozenset({"anyOf", "oneOf", "allOf", "not", "if", "then", "else", "const", "enum", "uniqueItems", "contains",
                   "minContains", "maxContains"})


def _uncertain(error) -> bool:
    """Whether an error could be wrong about what is sent: it concerns a value that cannot be known."""
    instance = error.instance
    if instance is UNKNOWN:
        return True
    if error.validator in ABSENCE and type(instance) is Partial:
        return True
    return error.validator in WHOLE and is_uncertain(instance)


def _map_errors(
    site: RequestSite,
    errors: Iterable[Any],
    lookup: Callable[[tuple], tuple[Node | None, tuple]],
    *,
    api: str,
    other: Iterable[str],
    cross: dict[str, Any],
    fate: str,
    root: dict[str, Any],
    default_name: str,
    moves: dict[str, str] | None = None,
    as_written: bool = False,
) -> list[_Raw]:
    """jsonschema errors → raw findings at the key (unexpected property) or value (anything else).

    ``as_written``: ``lookup`` finds keys in the written mapping itself (a layer's own keys),
    not through the wire paths an app maps them to.
    """
    out: list[_Raw] = []
    for top in errors:
        for error in _leaves(top):
            if _uncertain(error):
                continue
            path = tuple(error.absolute_path)
            if error.validator == "required" and not path:
                continue  # a request site rarely holds the whole body; top-level presence is not ours to judge
            if path and path[0] in CONTENT_PARAMS and (len(path) > 1 or error.validator != "type"):
                continue
            node, set_at = lookup(path)
            if node is None:
                continue
            if error.validator == "additionalProperties":
                known = list((error.schema or {}).get("properties", {}))
                if not path:
                    known += sorted(site.layer.names - set(known))
                for key in _extra_keys(error):
                    child, child_at = lookup(path + (key,))
                    if child is not None:
                        # A fix only where the key is written as judged, in the mapping that holds it.
                        written_here = (
                            child.key is not None and child.key.value == key and node.is_mapping
                            and (as_written or child_at == path + (key,))
                        )
                        out.append(
                            _key_finding(
                                site, key, child, known=known, api=api, top_level=not path,
                                parent=dotted(path), other=other, cross=cross,
                                container=node if written_here else None, moves=moves if not path else None,
                            )
                        )
                continue
            where = dotted(path) or default_name
            written = node.key.value if node.key is not None and set_at == path else None
            name = written if written is not None else where
            note = f" (sent as `{where}`)" if written is not None and written != where else ""
            out.append(_value_finding(error, node, name, note, fate, root))
    return out


def _shallow(body: dict[str, Any]) -> dict[str, Any]:
    """The body with conversation content reduced to an empty value of the same JSON type.

    Only the type of a content parameter is judged (see CONTENT_PARAMS), and
    validating a long ``input`` through the SDK's unions of item types is
    most of the cost of a check.
    """
    out = dict(body)
    for key in CONTENT_PARAMS.intersection(body):
        value = body[key]
        if isinstance(value, (str, list, dict)):
            out[key] = type(value)()
    return out


def _canonical(value: Any) -> Any:
    """A hashable key that tells apart every body the schema could judge differently.

    ``json.dumps`` would not: an unknown value would equal the string
    ``"UNKNOWN"``, a ``Partial`` mapping the complete one, ``1`` the ``True``.
    """
    if isinstance(value, dict):
        return ("P" if type(value) is Partial else "D", tuple(sorted((k, _canonical(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("L", tuple(_canonical(v) for v in value))
    if value is UNKNOWN:
        return ("U",)
    return (type(value).__name__, value if isinstance(value, (str, int, float, bool, type(None))) else repr(value))


_ERRORS: dict[tuple[str, Any], list[Any]] = {}
_ERRORS_MAX = 4096


def _wire_errors(api: str, body: dict[str, Any]) -> list[Any]:
    """Validation errors of a wire body, memoised: sites of one loop differ only in the model."""
    instance = _shallow(body)
    key = (api, _canonical(instance))
    errors = _ERRORS.get(key)
    if errors is None:
        if len(_ERRORS) >= _ERRORS_MAX:
            _ERRORS.clear()
        errors = _ERRORS[key] = _errors(WIRE_SCHEMAS[api], None, instance)
    return errors


def _wire_findings(site: RequestSite, api: str) -> list[_Raw]:
    """The body as sent, against OpenAI's schema for ``api``."""
    return _map_errors(
        site,
        _wire_errors(api, site.wire_body(api)),
        lambda path: site.locate(path, api) if path else (site.container, ()),
        api=api,
        other=wire_schema(OTHER_API[api])["properties"],
        cross=cross_api().get(api, {}),
        fate=site.layer.bad_value_fate if site.layer.schema is None else HTTP.bad_value_fate,
        root=wire_schema(api),
        default_name="request body",
        moves=cross_api_moves().get(api) if site.api == api else None,
    )


def _layer_findings(site: RequestSite, api: str) -> list[_Raw]:
    """The site's own keys against its layer's schema (``Layer.schema``)."""
    container = site.container
    layer = site.layer.schema
    if container is None or not container.is_mapping or layer is None:
        return []
    schema_file = layer.file
    defs = load_json(schema_file)["$defs"]
    return _map_errors(
        site,
        _errors(schema_file, api, container.plain()),
        lambda path: (container.find(path), ()),
        api=api,
        other=defs[OTHER_API[api]]["properties"],
        cross=cross_api().get(f"{layer.cross}/{api}", {}),
        fate=site.layer.bad_value_fate,
        root={"$defs": defs, **defs[api]},
        default_name=layer.container,
        as_written=True,
    )


def _for_api(site: RequestSite, api: str, wire: bool) -> list[_Raw]:
    raws = _layer_findings(site, api)
    if wire:
        return raws + _wire_findings(site, api)
    if site.layer.refuses_unknown:
        # The layer itself fails on a key it does not know (a TypeError), whatever server the request is for.
        keys = {id(node.anchor) for node in site.params.values()}
        return raws + [r for r in _wire_findings(site, api) if r.slug != "invalid-value" and id(r.node) in keys]
    return raws


def judged_by_openai(site: RequestSite) -> bool:
    """Whether OpenAI's request schemas judge what this site sends: only requests to OpenAI or Azure OpenAI.

    Another server (Groq, OpenRouter, a local server, an unknown gateway)
    has parameters and tier values of its own; what OpenAI would answer says
    nothing about it.
    """
    return server(site.target.server).openai_schema


def raws(site: RequestSite, wire: bool) -> list[_Raw]:
    """The findings for a site, the OpenAI wire schema included or not, compared across APIs when the API is unknown."""
    if site.api in ("responses", "chat"):
        return _for_api(site, site.api, wire)
    per_api = [_for_api(site, api, wire) for api in ("responses", "chat")]
    flagged = [{r.key() for r in found} for found in per_api]
    common = flagged[0] & flagged[1]
    best: dict[int, _Raw] = {}
    for found in per_api:
        for raw in found:
            if raw.key() in common:
                cur = best.get(raw.key())
                if cur is None or PREFERENCE[raw.slug] < PREFERENCE[cur.slug]:
                    best[raw.key()] = raw
    return list(best.values())


def check_site(site: RequestSite, ask: Ask) -> Iterator[Finding]:
    if not any(ask.on(s) for s in SLUGS):
        return
    wire = judged_by_openai(site)
    if not wire and site.layer.schema is None and not site.layer.refuses_unknown:
        return
    seen: set[tuple[int, str]] = set()
    for raw in raws(site, wire):
        ident = (raw.key(), raw.slug)
        if ident in seen or not ask.on(raw.slug):
            continue
        seen.add(ident)
        yield Finding(raw.slug, raw.message, raw.node, fix=raw.fix, autofix=raw.autofix)


def warm_up() -> None:
    """Compile the validators ahead of time (before a process pool forks its workers)."""
    for schema_file in WIRE_SCHEMAS.values():
        _validator(schema_file)
