"""``opencode``: opencode's ``opencode.json`` / ``opencode.jsonc``.

opencode calls the Vercel AI SDK. The options of a request are
``provider.<id>.models.<model>.options``, then ``agent.<name>.options``, then
the chosen ``variants.<name>``, wrapped as the AI SDK's ``providerOptions``
under the namespace of the provider's package; for OpenAI (``@ai-sdk/openai``,
the Responses API) and Azure that is the AI SDK's ``providerOptions.openai``,
so the AI SDK's knowledge applies as it is (camelCase keys, zod stripping
the others, its own flex gate): ``serviceTier`` reaches the wire,
``service_tier`` never does. Providers of other packages (OpenRouter,
OpenAI-compatible servers, Anthropic) read options of their own and are
left alone. Facts and sources: ``schemas/opencode/facts.yaml``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePath
from typing import Any, Iterator

from ...core.document import Document, Node, text_of
from ...core.site import Drop, RequestSite, Target, assumed_openai
from ...knowledge.data import load_yaml
from ...knowledge.servers import url_target
from ..ai_sdk.options import AI_SDK, gate_tier, provider_options, wire_effective
from ...core.regex import lazy

NAME = "opencode"
ENVIRONMENT = (
    "no baseURL is given, so @ai-sdk/openai uses OPENAI_BASE_URL when the environment sets it (flexlint cannot see "
    "it) and otherwise https://api.openai.com/v1: it is assumed unset"
)
_SCHEMA_URL = lazy(r"opencode\.ai/config\.json")


@lru_cache(maxsize=None)
def facts() -> dict[str, Any]:
    return load_yaml("opencode/facts.yaml")


def score(document: Document) -> int:
    root = document.root
    if root is None or not root.is_mapping:
        return 0
    schema = root.get("$schema")
    if schema is not None and isinstance(schema.value, str) and _SCHEMA_URL.search(schema.value):
        return 10
    named = PurePath(document.path).name in facts()["files"]["names"]
    if named and ({"provider", "agent", "model", "mode"} & set(root.value)):
        return 9
    return 0


def _route(root: Node, provider_id: str) -> tuple[Target, str] | None:
    """(target, api) when the provider's requests go through @ai-sdk/openai or @ai-sdk/azure."""
    known = facts()["providers"]
    providers = root.get("provider")
    entry = providers.get(provider_id) if providers is not None else None
    npm = text_of(entry.get("npm")) if entry is not None else None
    info = known["npm"].get(npm) if npm else known.get(provider_id) if provider_id in ("openai", "azure") else None
    if info is None:
        return None
    how = f'provider "{provider_id}"' + (f" ({npm})" if npm else "")
    at = entry.key if entry is not None else None
    options = entry.get("options") if entry is not None else None
    base = options.get("baseURL") if options is not None else None
    if info["target"] == "azure":
        target = Target("azure", how, at)
    elif base is not None and isinstance(base.value, str):
        target = url_target(base.value, base, f"options.baseURL of {how}")
    else:
        target = assumed_openai(ENVIRONMENT)
        target.how, target.node = how, at
    return target, info["api"]


def _site(document: Document, options: Node, api: str, target: Target, model: str | None, model_node: Node | None,
          origin: str) -> RequestSite:
    known = provider_options(api)
    site = RequestSite(
        document=document,
        dialect=NAME,
        api=api,  # type: ignore[arg-type]
        layer=AI_SDK,
        params=dict(options.value),
        container=options,
        effective=wire_effective(options, api),
        drops=[Drop(k, n, "unknown", "zod strips keys the AI SDK does not know") for k, n in options.items() if k not in known],
        model=model,
        model_node=model_node,
        target=target,
        origin=origin,
        complete=False,
    )
    if model:
        drop = gate_tier(
            site, model, model_node, name="serviceTier",
            trace="opencode shows no warning",
            fix="use a model the AI SDK allows for this tier, or remove serviceTier",
        )
        if drop is not None:
            site.drops.append(drop)
    return site


def _split(ref: str) -> tuple[str, str]:
    provider, _, model = ref.partition("/")
    return provider, model


def sites(document: Document) -> Iterator[RequestSite]:
    root = document.root
    if root is None or not root.is_mapping:
        return
    providers = root.get("provider")
    for provider_id, entry in providers.items() if providers is not None else ():
        route = _route(root, provider_id)
        models = entry.get("models") if entry.is_mapping else None
        if route is None or models is None or not models.is_mapping:
            continue
        target, api = route
        for model_key, model in models.items():
            if not model.is_mapping:
                continue
            ident = model.get("id")
            model_id = text_of(ident) or model_key
            model_node = ident if text_of(ident) else model.key
            options = model.get("options")
            if options is not None and options.is_mapping and options.value:
                yield _site(document, options, api, target, model_id, model_node,
                            f'model "{provider_id}/{model_key}"')
            variants = model.get("variants")
            for name, variant in variants.items() if variants is not None else ():
                if variant.is_mapping and variant.value:
                    yield _site(document, variant, api, target, model_id, model_node,
                                f'variant "{name}" of model "{provider_id}/{model_key}"')
    default = root.get("model")
    for section in ("agent", "mode"):
        agents = root.get(section)
        for name, agent in agents.items() if agents is not None else ():
            options = agent.get("options") if agent.is_mapping else None
            if options is None or not options.is_mapping or not options.value:
                continue
            ref_node = agent.get("model") or default
            ref = text_of(ref_node)
            if not ref or "/" not in ref:
                continue  # the model comes from the session: the provider is not known here
            provider_id, model_id = _split(ref)
            route = _route(root, provider_id)
            if route is None:
                continue
            target, api = route
            yield _site(document, options, api, target, model_id, ref_node, f'{section} "{name}"')
