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

from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Callable, Literal, Mapping

ParamType = Literal["number", "string", "strings", "values", "boolean", "globs"]


@dataclass(frozen=True)
class Param:
    """One parameter a rule may give its kind (``params:`` in the rule)."""

    type: ParamType
    doc: str
    default: Any = None
    required: bool = False


@dataclass(frozen=True)
class Kind:
    """A check kind: what it can report, what it can be told, where it lives."""

    name: str
    summary: str
    outcomes: tuple[str, ...]
    load: Callable[[], ModuleType] | None = None  # None: reported by the engine itself (parse errors)
    params: Mapping[str, Param] = field(default_factory=dict)
    # An outcome that a rule must not be able to switch off or redefine (what the engine reports).
    builtin_only: bool = False


@dataclass(frozen=True)
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
             builtin_only=True),
        Kind("duplicate-key", "a key written twice in one object", ("duplicate-key",), _duplicate_keys),
        Kind(
            "parameters",
            "request parameters checked against the schema of the layer and of OpenAI's API",
            ("unknown-parameter", "wrong-key-casing", "wrong-api-parameter", "invalid-value"),
            _parameters,
        ),
        Kind(
            "effects",
            "what an app or library does to a parameter: overrides, drops, ignores, rejects",
            ("service-tier-overridden", "parameter-dropped", "parameter-ignored", "parameter-rejected"),
            _effects,
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


def load(name: str) -> ModuleType | None:
    """The implementation of a kind (imported on first use), or None for the engine's own."""
    found = KINDS.get(name)
    return found.load() if found is not None and found.load is not None else None
