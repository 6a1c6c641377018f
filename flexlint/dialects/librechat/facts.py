"""What LibreChat is: its config versions, schemas and the facts every part of the dialect shares."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ...core.document import Node, text_of
from ...core.site import Layer
from ...knowledge.app_schema import AppSchema
from ...knowledge.data import load_yaml

NAME = "librechat"
SCHEMAS = [
    AppSchema("1.2.1", "librechat/config-1.2.1.json"),
    AppSchema("1.3.17", "librechat/config-1.3.17.json"),
]
# Top-level keys that say "this is a librechat.yaml" (all are in every schema above).
TOP_KEYS = frozenset(
    {"version", "cache", "endpoints", "modelSpecs", "interface", "registration", "fileConfig", "speech",
     "mcpServers", "rateLimits", "actions", "fileStrategy", "secureImageLinks", "imageOutputType",
     "includedTools", "filteredTools"}
)
BUILTIN_ENDPOINTS = ("all", "openAI", "google", "anthropic", "azureOpenAI", "azureAssistants", "assistants", "agents", "bedrock")
ENDPOINT_LABEL = {"openAI": "OpenAI", "azureOpenAI": "Azure OpenAI"}

ADD_PARAMS = Layer(
    "librechat-addparams",
    "snake",
    "LibreChat's `addParams`",
    "LibreChat sends it to the API as written and the API rejects the whole request with HTTP 400 unknown_parameter",
    "LibreChat sends it as written and the API rejects the request with HTTP 400 invalid_value",
)


def layer_for(model: Any) -> Layer:
    """The addParams layer for a model: for o1/o3/gpt-5 ids LibreChat drops sampling parameters itself."""
    drops = request_facts().get("reasoning_drops") or {}
    if isinstance(model, str) and drops and re.search(drops["pattern"], model):
        return _dropping_layer()
    return ADD_PARAMS


@lru_cache(maxsize=None)
def _dropping_layer() -> Layer:
    return replace(ADD_PARAMS, adjusts=ADD_PARAMS.adjusts | frozenset(request_facts()["reasoning_drops"]["params"]))


REJECTED = (
    "Current releases stop with exit code 1 (with CONFIG_BYPASS_VALIDATION=true they start with the default "
    "configuration instead); older releases ignore the whole file, so none of its endpoints exist"
)

@lru_cache(maxsize=None)
def request_facts() -> dict[str, Any]:
    """How LibreChat builds a request (``schemas/librechat/request.yaml``)."""
    return load_yaml("librechat/request.yaml")


def declared_version(root: Node) -> str | None:
    node = root.get("version")
    return text_of(node)
