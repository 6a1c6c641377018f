"""Check kinds: the Python half of the rules, listed in one place.

A check kind is implemented once and reports *outcomes* (``flex-no-retry``,
``wrong-key-casing``, …). A rule (data, in ``rules/*.yaml`` or a user's rule
pack) binds a kind, the outcome it reports and the kind's parameters; the
engine runs each kind for the rules that need it and turns every outcome
into a finding of each rule bound to it. So a team can define a new rule on
an existing kind (a stricter timeout, a required tier) without any Python.

Each kind's implementation is a module with ``check_site(site, ask)`` and/or
``check_document(document, reading, ask)``; it is imported only when an
enabled rule uses the kind (the loaders below are plain functions, so an
editor and a reader can follow them).
"""

from __future__ import annotations

from dataclasses import field
from types import ModuleType
from typing import Any, Callable, Literal, Mapping

from ..knowledge.rules import RulePackError, did_you_mean, globs
from ..core.records import record

ParamType = Literal["number", "string", "strings", "values", "boolean", "globs"]


@record(frozen=True)
class Param:
    """One parameter a rule may give its kind (``params:`` in the rule)."""

    type: ParamType
    doc: str
    default: Any = None
    required: bool = False


@record(frozen=True)
class Kind:
    """A check kind: what it can report, what it can be told, where it lives."""

    name: str
    summary: str
    outcomes: tuple[str, ...]
    load: Callable[[], ModuleType] | None = None  # None: reported by the engine itself (parse errors)
    params: Mapping[str, Param] = field(default_factory=dict)
    # An outcome that a rule must not be able to switch off or redefine (what the engine reports).
    builtin_only: bool = False
    # The outcomes whose findings can carry an automatic fix (a rule reporting another must say `fix_safety: none`).
    fixes: frozenset[str] = frozenset()
    # Its rules run whatever `select`, `ignore` or a configuration says: a file that cannot be read is
    # always said, never a silent exit 2.
    always_on: bool = False


@record(frozen=True)
class Ask:
    """What one run of a kind is asked for: the outcomes some enabled rule reports, and the parameters."""

    outcomes: frozenset[str]
    params: Mapping[str, Any] = field(default_factory=dict)

    def on(self, outcome: str) -> bool:
        return outcome in self.outcomes

    def param(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)


# ---------------------------------------------------------------- the kinds


def _duplicate_keys() -> ModuleType:
    from . import duplicate_keys

    return duplicate_keys


def _parameters() -> ModuleType:
    from . import parameters

    return parameters


def _effects() -> ModuleType:
    from . import effects

    return effects


def _client() -> ModuleType:
    from . import client

    return client


def _credentials() -> ModuleType:
    from . import credentials

    return credentials


def _models() -> ModuleType:
    from . import models

    return models


def _model_params() -> ModuleType:
    from . import model_params

    return model_params


def _target() -> ModuleType:
    from . import target

    return target


def _app_config() -> ModuleType:
    from . import app_config

    return app_config


def _model_list() -> ModuleType:
    from . import model_list

    return model_list


def _app() -> ModuleType:
    from . import app

    return app


def _policy() -> ModuleType:
    from . import policy

    return policy


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("source", "the file cannot be read, or flexlint failed on it", ("parse-error", "internal-error"),
             builtin_only=True, always_on=True),
        Kind("suppression", "suppression comments that hide nothing", ("unused-suppression",), builtin_only=True),
        Kind("duplicate-key", "a key written twice in one object", ("duplicate-key",), _duplicate_keys,
             fixes=frozenset({"duplicate-key"})),
        Kind(
            "parameters",
            "request parameters checked against the schema of the layer and of OpenAI's API",
            ("unknown-parameter", "wrong-key-casing", "wrong-api-parameter", "invalid-value"),
            _parameters,
            fixes=frozenset({"wrong-key-casing", "wrong-api-parameter", "invalid-value"}),
        ),
        Kind(
            "effects",
            "what an app or library does to a parameter: overrides, drops, ignores, rejects",
            ("service-tier-overridden", "parameter-dropped", "parameter-ignored", "parameter-rejected"),
            _effects,
            fixes=frozenset({"service-tier-overridden"}),
        ),
        Kind(
            "client-option",
            "client settings that make a flex request fail where it could have succeeded",
            ("flex-short-timeout", "flex-no-retry"),
            _client,
            {"min_seconds": Param("number", "the shortest timeout a flex request may have, in seconds", 900.0)},
        ),
        Kind("credentials", "API keys written into the file", ("hardcoded-api-key",), _credentials),
        Kind(
            "model-capability",
            "the model must offer the service tier the request asks for",
            ("flex-unsupported-model", "priority-unsupported-model", "unknown-model", "azure-deployment-unchecked"),
            _models,
        ),
        Kind(
            "model-parameters",
            "the model must accept the parameters and values the request sends (max_tokens, reasoning effort, "
            "sampling, verbosity, function tools with reasoning)",
            ("max-tokens-unsupported", "model-value-unsupported", "model-parameter-unsupported",
             "tools-with-reasoning-on-chat", "sampling-needs-effort-none"),
            _model_params,
            fixes=frozenset({"max-tokens-unsupported"}),
        ),
        Kind(
            "target",
            "the server a request goes to: the tiers it refuses, and whether flexlint knows it",
            ("tier-not-offered", "unknown-target"),
            _target,
        ),
        Kind("app-config", "what an app refuses in its own configuration file", ("app-config-invalid",), _app_config),
        Kind("model-list", "tiers sent to models the file does not list", ("model-list-unknown",), _model_list),
        Kind("app", "an app's own settings and releases", ("app-tier-setting", "app-version-assumed"), _app),
        Kind(
            "parameter-policy",
            "a team policy on a request parameter: the values it must have, or must not have",
            ("parameter-policy",),
            _policy,
            {
                "parameter": Param("string", "the wire parameter, as a dotted path (`service_tier`, `reasoning.effort`)",
                                   required=True),
                "require": Param("values", "the value must be one of these; a request without it is reported too"),
                "forbid": Param("values", "the value must not be one of these"),
            },
        ),
        Kind(
            "model-policy",
            "a team policy on models: the ones allowed, or the ones forbidden",
            ("model-policy",),
            _policy,
            {
                "allow": Param("globs", "model ids allowed (globs such as `gpt-5.4*`); any other model is reported"),
                "forbid": Param("globs", "model ids that must not be used (globs)"),
            },
        ),
    )
}


def kind(name: str) -> Kind | None:
    return KINDS.get(name)


ALWAYS_ON = frozenset(outcome for k in KINDS.values() if k.always_on for outcome in k.outcomes)


def engine_reported(rule: Any) -> bool:
    """A rule whose findings the engine makes itself (no check module runs for it)."""
    found = KINDS.get(rule.kind)
    return found is not None and found.builtin_only and found.load is None


def always_on(rule: Any) -> bool:
    """A rule no selection can switch off (a file that cannot be read is always reported)."""
    found = KINDS.get(rule.kind)
    return found is not None and found.always_on


def load(name: str) -> ModuleType | None:
    """The implementation of a kind (imported on first use), or None for the engine's own."""
    found = KINDS.get(name)
    return found.load() if found is not None and found.load is not None else None


# ---------------------------------------------------------------- binding rules to kinds


def bind(entry: dict[str, Any], where: str, builtin: bool) -> tuple[str, str, dict[str, Any]]:
    """(kind, outcome, parameters) of a rule, checked against the kind it names."""
    name = str(entry["kind"])
    kind = KINDS.get(name)
    if kind is None:
        raise RulePackError(
            f"{where}: `kind`: unknown check kind {name!r}{did_you_mean(name, KINDS)} "
            f"(kinds: {', '.join(k for k in KINDS if not KINDS[k].builtin_only)})"
        )
    if kind.builtin_only and not builtin:
        raise RulePackError(f"{where}: `kind`: {name!r} is reported by flexlint itself; a rule pack cannot bind it")
    reports = entry.get("reports")
    if reports is None:
        if len(kind.outcomes) > 1 and not builtin:
            raise RulePackError(
                f"{where}: `reports`: kind {name!r} reports several things; say which one "
                f"({', '.join(kind.outcomes)})"
            )
        reports = entry["slug"] if entry["slug"] in kind.outcomes else kind.outcomes[0]
    if reports not in kind.outcomes:
        raise RulePackError(
            f"{where}: `reports`: kind {name!r} does not report {reports!r}{did_you_mean(str(reports), kind.outcomes)} "
            f"(it reports: {', '.join(kind.outcomes)})"
        )
    raw = entry.get("params") or {}
    if not isinstance(raw, dict):
        raise RulePackError(f"{where}: `params` must be a mapping")
    params: dict[str, Any] = {}
    for key, value in raw.items():
        spec = kind.params.get(str(key))
        if spec is None:
            known = ", ".join(kind.params) or "none"
            raise RulePackError(
                f"{where}: `params.{key}`: kind {name!r} has no parameter {key!r}"
                f"{did_you_mean(str(key), kind.params)} (its parameters: {known})"
            )
        params[str(key)] = _param(value, spec.type, f"{where}: `params.{key}`")
    for key, spec in kind.params.items():
        if spec.required and key not in params:
            raise RulePackError(f"{where}: `params.{key}` is required by kind {name!r} ({spec.doc})")
        if key not in params and spec.default is not None:
            params[key] = spec.default
    safety = entry.get("fix_safety", "none")
    if safety != "none" and reports not in kind.fixes:
        raise RulePackError(
            f"{where}: `fix_safety`: kind {name!r} has no automatic fix for {reports!r}; leave `fix_safety` out "
            f"(or write none)" + (f" (it fixes: {', '.join(sorted(kind.fixes))})" if kind.fixes else "")
        )
    check = getattr(kind, "validate", None)
    if check is not None:
        problem = check(params)
        if problem:
            raise RulePackError(f"{where}: `params`: {problem}")
    return name, str(reports), params


def _param(value: Any, type_: str, where: str) -> Any:
    scalar = (str, int, float, bool)
    if type_ == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (float("inf"), float("-inf")):
            raise RulePackError(f"{where} must be a number")
        return float(value)
    if type_ == "boolean":
        if not isinstance(value, bool):
            raise RulePackError(f"{where} must be true or false")
        return value
    if type_ == "string":
        if not isinstance(value, str) or not value.strip():
            raise RulePackError(f"{where} must be a non-empty string")
        return value.strip()
    values = value if isinstance(value, list) else [value]
    if type_ in ("strings", "globs"):
        if not values or not all(isinstance(v, str) and v for v in values):
            raise RulePackError(f"{where} must be a string or a list of strings")
        if type_ == "globs":
            return globs(values, where)
        return tuple(values)
    if not values or not all(isinstance(v, scalar) or v is None for v in values):
        raise RulePackError(f"{where} must be a value or a list of values (strings, numbers, true/false, null)")
    return tuple(values)
