"""``promptfoo``: ``promptfooconfig.yaml`` (also JSON), the providers of an eval.

Each entry of ``providers`` is an id (``openai:responses:gpt-5.4``) with an
optional ``config`` that holds the request parameters. promptfoo's OpenAI
providers build the body from the ``config`` keys they name (snake_case:
``service_tier``, ``max_output_tokens``, ...) plus ``config.passthrough``;
any other key is never sent. A site is made for OpenAI and Azure chat and
responses providers only; what it knows for sure goes on the wire
(``model``, ``service_tier``, the passthrough keys), and keys promptfoo
does not read are reported where they are written: a ``config`` nested in
``config`` (promptfoo/promptfoo#6492) and a tier spelt another way.
Facts and sources: ``schemas/promptfoo/facts.yaml``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePath
from typing import Any, Iterator

from ...core.document import Document, Node, text_of
from ...core.site import Drop, Effective, Layer, RequestSite, Target, WirePath, assumed_openai
from ...knowledge.data import load_yaml
from ...knowledge.servers import url_target
from ...knowledge.tiers import is_tier_key
from ...core.regex import lazy

NAME = "promptfoo"
PROMPTFOO = Layer(
    "promptfoo-config",
    "snake",
    "promptfoo's provider `config`",
    "promptfoo builds the request from the config keys it knows and never sends this one",
    "promptfoo sends it as written and the API rejects the request with HTTP 400 invalid_value",
    strips_unknown=True,
    # promptfoo's OpenAI provider sends max_completion_tokens and no sampling values to the models it takes for
    # reasoning models, whatever the config says.
    adjusts=frozenset({"max_tokens", "temperature", "top_p", "presence_penalty", "frequency_penalty"}),
)
_SCHEMA_URL = lazy(r"promptfoo\.dev/config-schema\.json")


@lru_cache(maxsize=None)
def facts() -> dict[str, Any]:
    return load_yaml("promptfoo/facts.yaml")


def score(document: Document) -> int:
    root = document.root
    if root is None or not root.is_mapping:
        return 0
    named = PurePath(document.path).name in facts()["files"]["names"]
    if "providers" not in root.value:
        return 0
    if named or (document.text and _SCHEMA_URL.search(document.text[:512])):
        return 10
    if {"prompts", "tests"} & set(root.value):
        return 8
    return 0


def _entries(root: Node) -> Iterator[tuple[Node, Node | None, Node | None]]:
    """(entry, id node, config node) of each provider written inline."""
    providers = root.get("providers")
    items = providers.value if providers is not None and providers.is_sequence else []
    for entry in items:
        if not entry.is_mapping:
            continue
        ident = entry.get("id")
        holder = entry
        if ident is None and len(entry.value) == 1:  # the older `- openai:gpt-4o: {config: ...}` form
            only_key, only = next(iter(entry.value.items()))
            if only.is_mapping and ":" in only_key:
                ident, holder = only.key, only
        config = holder.get("config")
        yield entry, ident, config if config is not None and config.is_mapping else None


def _route(ident: str) -> tuple[str, str, str] | None:
    """(target, api, model) of an OpenAI or Azure chat/responses provider id."""
    parts = ident.split(":")
    if len(parts) < 2 or parts[0] not in ("openai", "azure"):
        return None
    ids = facts()["providers"]["ids"]
    if len(parts) >= 3 and f"{parts[0]}:{parts[1]}" in ids:
        api, model = ids[f"{parts[0]}:{parts[1]}"], ":".join(parts[2:])
    elif parts[1] in facts()["providers"]["skip"]:
        return None
    elif parts[0] == "openai":
        api, model = ids["openai"], ":".join(parts[1:])
    else:
        return None
    return ("azure" if parts[0] == "azure" else "openai"), api, model


def _target(ident: Node, config: Node, server: str, model: str) -> Target:
    """Where the provider sends requests: its ``config`` base URL when written, else the provider's default."""
    facts_ = facts()["providers"]["base_url"]
    label = f'the provider id "{text_of(ident)}"'
    for key in facts_["keys"]:
        base = config.get(key)
        if base is not None and isinstance(base.value, str) and base.value.strip():
            target = url_target(base.value, base, f"config.{key}")
            if server == "azure":
                target.server = "azure" if target.server in ("unknown", "azure") else target.server
                target.deployment, target.deployment_node = model or None, ident
            return target
    if server == "azure":
        return Target("azure", label, ident, deployment=model or None, deployment_node=ident)
    target = assumed_openai(facts_["assumed"])
    target.how, target.node = label, ident
    return target


def _site(document: Document, ident: Node, config: Node, server: str, api: str, model: str) -> RequestSite:
    params = dict(config.value)
    effective: dict[WirePath, Effective] = {("model",): Effective(model, ident)}
    drops: list[Drop] = []
    tier_key = facts()["config"]["tier_key"]
    for key, node in config.items():
        if key == tier_key:
            effective[("service_tier",)] = Effective(node.plain(), node)
        elif key == "reasoning_effort" and isinstance(node.value, str):
            path = ("reasoning", "effort") if api == "responses" else ("reasoning_effort",)
            effective[path] = Effective(node.plain(), node)
        elif key in facts()["config"].get("sent_as_written", ()) and isinstance(node.value, list):
            effective[(key,)] = Effective(node.plain(), node)  # a `file://` reference is loaded at run time
        elif key == "passthrough" and node.is_mapping:
            for inner, value in node.items():
                effective[(inner,)] = Effective(value.plain(), value, note="sent as written (passthrough)")
        elif is_tier_key(key):
            drops.append(Drop(key, node, "ignored",
                              f"promptfoo's OpenAI provider reads the tier from `config.{tier_key}` only",
                              fix=f"rename `{key}` to `{tier_key}`"))
        elif key == "config" and node.is_mapping:
            drops.append(Drop(key, node, "ignored",
                              "promptfoo reads request parameters from the provider's `config` itself; a `config` "
                              "inside it is never read, so none of its keys are sent (promptfoo/promptfoo#6492)",
                              fix="move the keys of this nested `config` up one level, into the provider's `config`"))
    label = text_of(ident) or "provider"
    return RequestSite(
        document=document,
        dialect=NAME,
        api=api,  # type: ignore[arg-type]
        layer=PROMPTFOO,
        params=params,
        container=config,
        effective=effective,
        drops=drops,
        model=model or None,
        model_node=ident,
        target=_target(ident, config, server, model),
        origin=f'provider "{label}"',
        complete=False,
    )


def sites(document: Document) -> Iterator[RequestSite]:
    root = document.root
    if root is None or not root.is_mapping:
        return
    for _entry, ident, config in _entries(root):
        name = text_of(ident)
        if name is None or config is None:
            continue
        route = _route(name)
        if route is None:
            continue
        target, api, model = route
        yield _site(document, ident, config, target, api, model)  # type: ignore[arg-type]
