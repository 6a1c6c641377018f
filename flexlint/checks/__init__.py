"""Check kinds: the Python half of the rules.

Each kind is a module with ``check_site(site, ctx)`` and/or
``check_document(document, ctx)`` returning findings tagged with rule slugs.
Modules are imported only when a rule of their kind is enabled.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

KIND_MODULES: dict[str, str] = {
    "source": "",  # findings made while reading the file (parse-error)
    "duplicate-key": "flexlint.checks.duplicate_keys",
    "parameters": "flexlint.checks.parameters",
    "effects": "flexlint.checks.effects",
    "client-option": "flexlint.checks.client",
    "credentials": "flexlint.checks.credentials",
    "model-capability": "flexlint.checks.models",
    "app-config": "flexlint.checks.app_config",
    "model-list": "flexlint.checks.model_list",
    "app": "flexlint.checks.app",
}


def register_kind(name: str, module: str) -> None:
    """Let a dialect or extension add a check kind (by module path, imported lazily)."""
    KIND_MODULES[name] = module


def kind_module(name: str) -> ModuleType | None:
    path = KIND_MODULES.get(name)
    if not path:
        return None
    return importlib.import_module(path)


@dataclass
class CheckContext:
    """What a check may know about the run: which rules are on, and their options."""

    enabled: frozenset[str]
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    # For document checks: the dialect module that recognised the document, so a
    # check can ask it for app-specific data (e.g. the app's own config schema).
    dialect: ModuleType | None = None

    def on(self, slug: str) -> bool:
        return slug in self.enabled
