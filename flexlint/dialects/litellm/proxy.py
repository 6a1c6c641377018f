"""``litellm``: a LiteLLM proxy configuration (``config.yaml`` with ``model_list``).

Each ``model_list`` entry is a deployment; keys of its ``litellm_params``
that are OpenAI request parameters (``service_tier``, ``temperature``, …)
are sent as defaults with every request routed to it. The provider comes from
the model prefix (``openai/gpt-5.4-mini``) and decides whether LiteLLM keeps
``service_tier``: for a provider that does not support it, ``drop_params:
true`` (global or per deployment) removes it silently, and without it the
request fails. ``additional_drop_params`` removes it in any case. The table
of providers is data (``schemas/litellm/service-tier.yaml``).

A site's ``model`` is the model as the provider receives it: the provider
prefix is stripped (``openai/gpt-5.4-mini`` → ``gpt-5.4-mini``); for Azure
that is the deployment name, and the target carries ``model_info.base_model``
as the model behind it. Where requests go is :mod:`.target`'s.
"""

from __future__ import annotations

import math

from functools import lru_cache
from typing import Any, Iterator

from ...core.document import Document, Node, text_of
from ...knowledge.openai_api import norm, wire_params
from ...knowledge.data import load_yaml
from ...core.site import ClientOptions, Drop, Effective, Layer, RequestSite
from ...knowledge.tiers import is_tier_key
from .adjusts import SAMPLING_AND_TOKENS
from .target import provider_target
from ...core.regex import lazy

NAME = "litellm"
LITELLM = Layer(
    "litellm-params",
    "snake",
    "LiteLLM's `litellm_params`",
    "LiteLLM passes it to the provider as written and the OpenAI API rejects the whole request with HTTP 400 unknown_parameter",
    "LiteLLM sends it as written and the OpenAI API rejects the request with HTTP 400 invalid_value",
    adjusts=frozenset(SAMPLING_AND_TOKENS),
)
DEFAULT_TIMEOUT = 600.0  # litellm completion() when no timeout is configured
# Models LiteLLM routes to OpenAI without a prefix (get_llm_provider), and to Anthropic.
_OPENAI_NAMES = lazy(r"^(gpt-|o\d|chatgpt-|ft:gpt|davinci|babbage|text-embedding|omni-)")
_ANTHROPIC_NAMES = lazy(r"^claude")


@lru_cache(maxsize=None)
def _tiers() -> dict[str, Any]:
    return load_yaml("litellm/service-tier.yaml")["providers"]


@lru_cache(maxsize=None)
def _openai_params() -> dict[str, str]:
    """norm(name) → name of every OpenAI request parameter (either API)."""
    names = wire_params("chat") | wire_params("responses")
    return {norm(n): n for n in names if n != "model"}


def _entries(root: Node) -> list[Node]:
    models = root.get("model_list")
    if models is None or not models.is_sequence:
        return []
    return [e for e in models.value if e.is_mapping and e.get("litellm_params") is not None]


def score(document: Document) -> int:
    root = document.root
    if root is None or not root.is_mapping:
        return 0
    if _entries(root):
        return 10
    if "model_list" in root.value and ({"litellm_settings", "router_settings", "general_settings"} & set(root.value)):
        return 8
    return 0


# ------------------------------------------------------------------ provider


def split_model(model: str, explicit: str | None = None) -> tuple[str, str]:
    """(LiteLLM provider, model as the provider receives it) for ``litellm_params.model``."""
    if explicit:
        return explicit.lower(), model.split("/", 1)[1] if model.lower().startswith(explicit.lower() + "/") else model
    if "/" in model:
        prefix, rest = model.split("/", 1)
        return prefix.lower(), rest
    if _OPENAI_NAMES.match(model):
        return "openai", model
    if _ANTHROPIC_NAMES.match(model):
        return "anthropic", model
    return "unknown", model


def provider_how(written: str, provider: str, explicit: Node | None) -> str:
    """How the entry names its provider, in words."""
    if explicit is not None:
        return f'custom_llm_provider "{provider}"'
    if written.lower().startswith(provider + "/"):
        return f'the model prefix "{written.split("/", 1)[0]}/"'
    if provider == "unknown":
        return f'the model name "{written}", which names no provider'
    return f'the model name "{written}" (LiteLLM sends such names to its {provider} provider)'


def tier_support(provider: str, model: str, base_model: str | None, tier: str) -> tuple[str, str]:
    """("yes" | "no" | "unknown", why) for ``service_tier: tier`` on a LiteLLM provider."""
    entry = _tiers().get(provider)
    if entry is None:
        return "unknown", ""
    support = entry.get("support")
    if support == "all":
        return "yes", ""
    if support == "none":
        return "no", f"LiteLLM's {provider} provider does not support `service_tier`"
    if support == "models":
        name = (base_model or model).lower()
        ok = any(m in name for m in entry.get("markers", ())) and not any(m in name for m in entry.get("except", ()))
        if ok:
            return "yes", ""
        return "no", (
            f"LiteLLM reads Azure deployment `{base_model or model}` as a gpt-4.1/gpt-4o-family model, whose "
            "parameter list leaves out `service_tier` (only deployments it recognises as o-series or gpt-5 keep it; "
            "set `model_info.base_model` when the deployment name does not say which model it is)"
        )
    if support == "values":
        values = [str(v) for v in entry.get("values", ())]
        if tier in values:
            return "yes", ""
        return "no", f"LiteLLM's {provider} provider accepts `service_tier` only as {', '.join(values)}"
    return "unknown", ""


# ------------------------------------------------------------------ settings


def _setting(nodes: list[tuple[Node | None, str]]) -> tuple[Node | None, str]:
    """The first of several settings that is set (most specific first), with its name."""
    for parent, key in nodes:
        node = parent.get(key) if parent is not None else None
        if node is not None and node.value is not None:
            return node, key
    return None, ""


def _number(node: Node | None) -> float | None:
    if node is None or isinstance(node.value, bool):
        return None
    try:
        value = float(node.value) if isinstance(node.value, (int, float, str)) else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def _client(params: Node, root: Node) -> ClientOptions:
    router, settings = root.get("router_settings"), root.get("litellm_settings")
    timeout, _ = _setting([(params, "timeout"), (router, "timeout"), (settings, "request_timeout")])
    retries, retries_key = _setting(
        [(params, "num_retries"), (params, "max_retries"), (router, "num_retries"), (settings, "num_retries")]
    )
    value = _number(retries)
    return ClientOptions(
        timeout=timeout,
        timeout_seconds=_number(timeout),
        default_timeout=DEFAULT_TIMEOUT,
        max_retries=retries,
        max_retries_value=int(value) if value is not None else None,
        label=retries_key or "num_retries",
    )


def _strings(node: Node | None) -> dict[str, Node]:
    if node is None or not node.is_sequence:
        return {}
    return {item.value: item for item in node.value if isinstance(item.value, str)}


def _true(node: Node | None) -> bool:
    return node is not None and (node.value is True or (isinstance(node.value, str) and node.value.lower() == "true"))


def sites(document: Document) -> Iterator[RequestSite]:
    root = document.root
    if root is None or not root.is_mapping:
        return
    settings = root.get("litellm_settings")
    global_drop = settings.get("drop_params") if settings is not None else None
    general = root.get("general_settings")
    shared_credentials = [general.get("master_key")] if general is not None and general.get("master_key") is not None else []
    openai_params = _openai_params()
    for index, entry in enumerate(_entries(root)):
        params = entry.get("litellm_params")
        if params is None or not params.is_mapping:
            continue
        name_node = entry.get("model_name")
        label = f'model_list entry "{name_node.value}"' if name_node is not None and isinstance(name_node.value, str) else f"model_list entry #{index + 1}"
        model_node = params.get("model")
        written = model_node.value if model_node is not None and isinstance(model_node.value, str) else ""
        explicit = params.get("custom_llm_provider")
        provider, model = split_model(written, text_of(explicit))
        info = entry.get("model_info")
        base_node = info.get("base_model") if info is not None else None
        base_model = text_of(base_node)
        explicit_node = explicit if explicit is not None and isinstance(explicit.value, str) else None
        target = provider_target(
            provider, provider_how(written, provider, explicit_node), explicit_node or model_node, params.get("api_base"),
            deployment=model_node, deployment_name=model or None,
            base_model=split_model(base_model)[1] if base_model else None, base_model_node=base_node,
        )

        written_params = {k: v for k, v in params.items() if norm(k) in openai_params}
        effective = {(k,): Effective(v.plain(), v) for k, v in written_params.items()}
        if written:
            effective[("model",)] = Effective(model, model_node)
        drops: list[Drop] = []
        local_drop = params.get("drop_params")
        drop_switch = local_drop if local_drop is not None else global_drop
        additional = _strings(params.get("additional_drop_params"))
        allowed = _strings(params.get("allowed_openai_params"))
        tier = params.get("service_tier")
        if tier is not None and isinstance(tier.value, str):
            drops.extend(_tier_fate(effective, tier, provider, model, base_model, additional, allowed, drop_switch))
        for key, node in written_params.items():
            if key != "service_tier" and key in additional:
                effective.pop((key,), None)
                drops.append(
                    Drop(key, node, "dropped", f"`additional_drop_params` lists `{key}`, so LiteLLM removes it before sending", cause=additional[key], fix=f'remove "{key}" from additional_drop_params')
                )
        drops.extend(_misplaced(entry, info))
        yield RequestSite(
            document=document,
            dialect=NAME,
            api="unknown",
            layer=LITELLM,
            params=written_params,
            container=params,
            effective=effective,
            drops=drops,
            model=model or None,
            model_node=model_node,
            target=target,
            client=_client(params, root),
            origin=label,
            credentials=([params.get("api_key")] if params.get("api_key") is not None else [])
            + (shared_credentials if index == 0 else []),
        )


def _tier_fate(
    effective: dict,
    tier: Node,
    provider: str,
    model: str,
    base_model: str | None,
    additional: dict[str, Node],
    allowed: dict[str, Node],
    drop_switch: Node | None,
) -> Iterator[Drop]:
    value = tier.value
    if "service_tier" in additional:
        effective.pop(("service_tier",), None)
        yield Drop(
            "service_tier",
            tier,
            "dropped",
            f'`additional_drop_params` lists `service_tier`, so LiteLLM removes it before sending and every request runs without service_tier "{value}"',
            cause=additional["service_tier"],
            fix='remove "service_tier" from additional_drop_params',
        )
        return
    if "service_tier" in allowed:
        return
    support, why = tier_support(provider, model, base_model, value)
    if support != "no":
        return
    effective.pop(("service_tier",), None)
    if _true(drop_switch):
        yield Drop(
            "service_tier",
            tier,
            "dropped",
            f'{why}, and `drop_params: true` makes LiteLLM remove it silently: every request runs without service_tier "{value}"',
            cause=drop_switch,
            fix="use a provider and model that support this tier, or remove `service_tier` (it is never sent here)",
        )
        return
    status = _tiers().get(provider, {}).get("status", 500)
    yield Drop(
        "service_tier",
        tier,
        "rejected",
        f"{why}, so LiteLLM raises UnsupportedParamsError and answers every request routed here with HTTP {status}",
        fix="remove `service_tier` from this deployment, or use a provider and model that support it",
    )


def _misplaced(entry: Node, info: Node | None) -> Iterator[Drop]:
    """A service tier written next to ``litellm_params`` or in ``model_info``, where LiteLLM does not take request parameters."""
    for where, node in (("the model_list entry", entry), ("model_info", info)):
        for key, child in node.items() if node is not None else ():
            if is_tier_key(key):
                yield Drop(
                    key,
                    child,
                    "ignored",
                    f"LiteLLM takes request defaults only from `litellm_params`; `{key}` in {where} is never sent",
                    fix=f"move it into `litellm_params` as `service_tier: {child.value}`" if isinstance(child.value, str) else "move it into `litellm_params`",
                )
