"""``librechat``: LibreChat's ``librechat.yaml`` (also as JSON, which LibreChat's YAML loader reads too)."""

from __future__ import annotations

from ...core.document import Document
from ..base import SiteDialect
from .app_config import app_config
from .facts import BUILTIN_ENDPOINTS, NAME, TOP_KEYS
from .requests import sites


def score(document: Document) -> int:
    root = document.root
    if root is None or not root.is_mapping or "model_list" in root.value:
        return 0
    keys = set(root.value)
    hits = len(keys & TOP_KEYS)
    endpoints = root.get("endpoints")
    has_endpoints = endpoints is not None and endpoints.is_mapping and bool(
        set(endpoints.value) & (set(BUILTIN_ENDPOINTS) | {"custom"})
    )
    if has_endpoints and hits >= 2:
        return 9
    if ("version" in keys or "modelSpecs" in keys) and hits >= 3:
        return 7
    return 0


DIALECT = SiteDialect(NAME, score, sites, app_config)
