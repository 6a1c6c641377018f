"""pydantic-ai: OpenAI model settings (``OpenAIResponsesModelSettings``, ``OpenAIChatModelSettings``).

Settings are TypedDicts: nothing checks them at run time, and a key the
OpenAI model does not read is silently ignored. ``openai_service_tier``
wins over the unified ``service_tier`` setting. A settings mapping is
recognised by the class it is built with, by an ``openai_``-prefixed key
(no other library uses those), or by where it is passed: with an OpenAI
model whose provider is seen. The keys come from pydantic-ai's source
(``schemas/python/libraries.json``). The timeout that applies is the one the
settings (or a settings layer merged after them) write, else the default of
the client the model's provider makes (:mod:`.usage`): a model on
``OpenAIProvider()`` keeps a 600 s timeout unless something sets one. Where the
requests go is read from the providers the module names (:mod:`.target`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

import libcst as cst

from ...core.document import Document, Node
from ...core.spelling import close_matches
from ...knowledge.openai_api import norm
from ...knowledge.data import load_json
from ...core.site import PYTHON_SDK, ClientOptions, Drop, Effective, Layer, RequestSite, Target
from ..python.module import Module
from ..python.calls import Override, call_kwargs, client_options, known, plain
from ..python.host import FinderLibrary
from ..openai_sdk.clients import sdk
from .target import MODEL_CLASSES, module_target
from .usage import Uses

NAME = "pydantic-ai"
LAYER = Layer(
    "pydantic-ai",
    "snake",
    "pydantic-ai's OpenAI model settings",
    "pydantic-ai never reads a settings key it does not define (settings are a TypedDict, nothing checks "
    "them), so the setting has no effect",
    PYTHON_SDK.bad_value_fate,
    strips_unknown=True,
    # The OpenAI model profile removes sampling settings reasoning models refuse (with a warning).
    adjusts=frozenset({"temperature", "top_p", "presence_penalty", "frequency_penalty", "logprobs", "top_logprobs"}),
)
CLASSES = {"OpenAIResponsesModelSettings": "responses", "OpenAIChatModelSettings": "chat"}
# settings key -> wire path per API (None: not sent on that API)
WIRE = {
    "temperature": {"responses": ("temperature",), "chat": ("temperature",)},
    "top_p": {"responses": ("top_p",), "chat": ("top_p",)},
    "seed": {"chat": ("seed",)},
    "presence_penalty": {"chat": ("presence_penalty",)},
    "frequency_penalty": {"chat": ("frequency_penalty",)},
    "parallel_tool_calls": {"responses": ("parallel_tool_calls",), "chat": ("parallel_tool_calls",)},
    "max_tokens": {"responses": ("max_output_tokens",), "chat": ("max_completion_tokens",)},
    "openai_store": {"responses": ("store",), "chat": ("store",)},
    "openai_user": {"responses": ("user",), "chat": ("user",)},
    "openai_truncation": {"responses": ("truncation",)},
    "openai_prompt_cache_key": {"responses": ("prompt_cache_key",), "chat": ("prompt_cache_key",)},
    "openai_prompt_cache_retention": {"responses": ("prompt_cache_retention",), "chat": ("prompt_cache_retention",)},
    "openai_reasoning_effort": {"responses": ("reasoning", "effort"), "chat": ("reasoning_effort",)},
    "openai_reasoning_summary": {"responses": ("reasoning", "summary")},
    "openai_text_verbosity": {"responses": ("text", "verbosity"), "chat": ("verbosity",)},
}


@lru_cache(maxsize=None)
def keys(kind: str) -> frozenset[str]:
    data = load_json("python/libraries.json")["pydantic-ai-slim"]
    return frozenset(data[kind])


def sites(document: Document, mod: Module) -> Iterator[RequestSite]:
    uses: Uses | None = None
    handled: set[int] = set()
    targets: list[Target] = []

    def target() -> Target:
        if not targets:
            targets.append(module_target(mod))
        return targets[0]

    models = _models(mod)
    for call in mod.calls:
        qualname = mod.qualname(call.func)
        if not qualname or qualname.split(".")[0] != "pydantic_ai":
            continue
        cls = qualname.rsplit(".", 1)[1]
        if cls not in CLASSES and cls != "ModelSettings":
            continue
        for arg in call.args:
            handled.add(id(arg.value))
        uses = uses or Uses(mod)
        at = mod.span(call)[0]
        for env in mod.forks([a.value for a in call.args], at):
            settings, _ = call_kwargs(mod, call, env)
            if cls == "ModelSettings" and not any(k.startswith("openai_") for k in settings) and not uses.openai(call):
                continue
            for site in _site(document, settings, CLASSES.get(cls, "unknown"), f"{cls}(...)",
                              mod.node(call, settings), uses, call, target()):
                model = models.get(id(call))
                if model is not None:
                    site.model, site.model_node = model
                yield site
    for node in mod.dicts:
        if id(node) in handled:
            continue
        if not _names_openai_key(mod, node):
            uses = uses or Uses(mod)
            if not uses.openai(node):
                continue
        uses = uses or Uses(mod)
        at = mod.span(node)[0]
        for env in mod.forks([node], at):
            value = mod.value(node, env)
            if value.is_mapping:
                yield from _site(document, value.value, "unknown", "model settings", value, uses, node, target())


def _models(mod: Module) -> dict[int, tuple[str, Node]]:
    """Settings calls written inline as ``settings=`` of an OpenAI model class, and that model's literal name."""
    found: dict[int, tuple[str, Node]] = {}
    for call in mod.calls:
        qualname = mod.qualname(call.func)
        if not qualname or qualname.split(".")[0] != "pydantic_ai" or qualname.rsplit(".", 1)[1] not in MODEL_CLASSES:
            continue
        settings = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "settings"), None)
        name = next((a.value for a in call.args if a.keyword is None or a.keyword.value == "model_name"), None)
        if not isinstance(settings, cst.Call) or not isinstance(name, cst.SimpleString):
            continue
        at = mod.span(call)[0]
        for env in mod.forks([name], at):
            value = mod.value(name, env)
            if value is not None and isinstance(value.value, str):
                found[id(settings)] = (value.value, value)
                break
    return found


def _names_openai_key(mod: Module, node: cst.Dict) -> bool:
    """Whether a dict writes the ``openai_service_tier`` key as a string (keys of any other kind are skipped)."""
    start, end = mod.span(node)
    if "openai_service_tier" not in mod.code[start:end]:
        return False
    for el in node.elements:
        if isinstance(el, cst.DictElement) and isinstance(el.key, (cst.SimpleString, cst.ConcatenatedString)):
            if mod.value(el.key, {}).value == "openai_service_tier":
                return True
    return False


def _site(
    document: Document, settings: dict[str, Node], api: str, origin: str, container: Node, uses: Uses,
    expr: cst.BaseExpression, destination: Target,
) -> Iterator[RequestSite]:
    kind = {"responses": "OpenAIResponsesModelSettings", "chat": "OpenAIChatModelSettings"}.get(api, "OpenAIResponsesModelSettings")
    allowed = keys(kind)
    by_api: dict[str, dict[tuple[str, ...], Effective]] = {}
    for target in ("responses", "chat") if api == "unknown" else (api,):
        effective: dict[tuple[str, ...], Effective] = {}
        for name, node in settings.items():
            path = WIRE.get(name, {}).get(target)
            if path is not None and known(node):
                effective[path] = Effective(plain(node), node)
        _tier(effective, settings)
        by_api[target] = effective
    drops = []
    for name, node in settings.items():
        if name in allowed:
            continue
        if not name.startswith("openai_") and norm(name) not in {norm(k) for k in allowed}:
            continue  # another provider's setting (anthropic_..., google_...): not ours to judge
        close = close_matches(name, sorted(allowed), n=1, cutoff=0.7)
        by_norm = {norm(k): k for k in allowed}
        meant = by_norm.get(norm(name)) or (close[0] if close else None)
        drops.append(
            Drop(
                name,
                node,
                "ignored",
                f"{kind} has no key `{name}`; {LAYER.unknown_fate}" + (f". Did you mean `{meant}`?" if meant else ""),
                fix=f"rename `{name}` to `{meant}`" if meant else f"remove `{name}`",
            )
        )
    first = by_api.get(api) or by_api["responses"]
    yield RequestSite(
        document=document,
        dialect=NAME,
        api=api,  # type: ignore[arg-type]
        layer=LAYER,
        params=settings,
        container=container,
        effective=first,
        effective_by_api=by_api if api == "unknown" else {},
        drops=drops,
        target=destination,
        client=_client(uses, expr, settings),
        origin=origin,
    )


def _client(uses: Uses, expr: cst.BaseExpression, settings: dict[str, Node]) -> ClientOptions:
    """The timeout and retries that apply to requests made with these settings (see :mod:`.usage`)."""
    timeout, client = uses.client_for(expr, settings, "timeout")
    retries, _ = uses.client_for(expr, settings, "max_retries")
    return client_options(
        timeout, retries, default_timeout=client.default, default_retries=int(sdk()["defaults"]["max_retries"]),
        label="max_retries",
        default_from=client.source,
    )


def _tier(effective: dict[tuple[str, ...], Effective], settings: dict[str, Node]) -> None:
    """``openai_service_tier`` wins over the unified ``service_tier``."""
    specific, unified = settings.get("openai_service_tier"), settings.get("service_tier")
    if known(specific):
        if known(unified):
            effective[("service_tier",)] = Override(
                plain(specific),
                specific,
                cause=specific.anchor,  # type: ignore[union-attr]
                note="pydantic-ai's `openai_service_tier` wins over the unified `service_tier` setting",
                fix="set the tier once: remove `service_tier` or give `openai_service_tier` the tier you mean",
            )
        else:
            effective[("service_tier",)] = Effective(plain(specific), specific)
    elif known(unified):
        effective[("service_tier",)] = Effective(plain(unified), unified)


LIBRARY = FinderLibrary(NAME, sites)
