"""``aider``: Aider's ``.aider.model.settings.yml`` and ``.aider.conf.yml``.

Aider calls ``litellm.completion(**kwargs)`` with the keys of an entry's
``extra_params`` merged into ``kwargs``, and it sets ``litellm.drop_params =
True``: so LiteLLM's rules decide what reaches the provider (the provider
from the model prefix, a ``service_tier`` silently removed where LiteLLM
does not support it), and ``extra_params.extra_body`` goes to the provider's
client unchanged, merged into the JSON body without LiteLLM's checks. An
entry applies to requests of the model named in ``name`` only. A key that
is not a field of Aider's ``ModelSettings`` stops Aider at start-up
(``app-config-invalid``). Facts and sources: ``schemas/aider/facts.yaml``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePath
from typing import Any, Iterator

from ...core.document import Document, Node, text_of
from ...core.site import ClientOptions, Drop, Effective, Layer, RequestSite, WirePath
from ...knowledge.app_schema import AppConfigSpec, AppSchema
from ...knowledge.data import load_yaml
from ...knowledge.openai_api import norm, wire_params
from ..litellm.proxy import provider_how, split_model, tier_support
from ..litellm.target import provider_target

NAME = "aider"
SCHEMA = AppSchema("0.86", "aider/model-settings.json")
AIDER = Layer(
    "aider-extra-params",
    "snake",
    "Aider's `extra_params` (keyword arguments of litellm.completion)",
    "LiteLLM passes it to the provider as written and the OpenAI API rejects the whole request with HTTP 400 unknown_parameter",
    "LiteLLM sends it as written and the OpenAI API rejects the request with HTTP 400 invalid_value",
    # LiteLLM renames max_tokens for reasoning models, refuses or drops sampling values they do not take, and
    # moves function tools with a reasoning effort to the Responses API (gpt-5.4 on), before OpenAI sees them.
    adjusts=frozenset({"max_tokens", "temperature", "top_p", "logprobs", "top_logprobs", "presence_penalty",
                       "frequency_penalty", "tools", "reasoning_effort"}),
)
# Keys of a settings entry only Aider has (ModelSettings fields other than `name`).
ENTRY_KEYS = frozenset({
    "edit_format", "weak_model_name", "use_repo_map", "send_undo_reply", "lazy", "overeager", "reminder",
    "examples_as_sys_msg", "extra_params", "cache_control", "caches_by_default", "use_system_prompt",
    "use_temperature", "streaming", "editor_model_name", "editor_edit_format", "reasoning_tag",
    "remove_reasoning", "system_prompt_prefix", "accepts_settings",
})
# Options of .aider.conf.yml (aider/args.py) that say the file is Aider's.
CONF_KEYS = frozenset({
    "weak-model", "editor-model", "editor-edit-format", "edit-format", "auto-commits", "dirty-commits",
    "model-settings-file", "model-metadata-file", "map-tokens", "architect", "openai-api-base",
    "openai-api-key", "anthropic-api-key", "reasoning-effort", "thinking-tokens", "attribute-author",
    "attribute-committer", "auto-lint", "lint-cmd", "test-cmd", "show-diffs", "dark-mode", "light-mode",
    "cache-prompts", "chat-mode", "subtree-only", "gitignore", "aiderignore", "read", "alias",
})
REJECTED = "Aider stops at start-up with \"Error loading model settings\""


@lru_cache(maxsize=None)
def facts() -> dict[str, Any]:
    return load_yaml("aider/facts.yaml")


@lru_cache(maxsize=None)
def _openai_params() -> dict[str, str]:
    names = wire_params("chat") | wire_params("responses")
    return {norm(n): n for n in names if n != "model"}


def _is_settings(root: Node | None) -> bool:
    if root is None or not root.is_sequence or not root.value:
        return False
    entries = [e for e in root.value if e.is_mapping]
    return bool(entries) and all(isinstance(getattr(e.get("name"), "value", None), str) for e in entries) and any(
        set(e.value) & ENTRY_KEYS for e in entries)


def score(document: Document) -> int:
    name = PurePath(document.path).name
    root = document.root
    if _is_settings(root):
        return 10 if name in facts()["files"]["settings"] else 8
    if root is not None and root.is_mapping:
        hits = len(set(root.value) & CONF_KEYS)
        if name in facts()["files"]["conf"] and (hits or "model" in root.value):
            return 10
        if hits >= 3:
            return 7
    return 0


def _entry_site(document: Document, entry: Node, index: int) -> RequestSite:
    name_node = entry.get("name")
    written = text_of(name_node) or ""
    provider, model = split_model(written)
    extra = entry.get("extra_params")
    extra = extra if extra is not None and extra.is_mapping else None
    openai = _openai_params()
    params: dict[str, Node] = {}
    effective: dict[WirePath, Effective] = {("model",): Effective(model, name_node)} if written else {}
    drops: list[Drop] = []
    for key, node in extra.items() if extra is not None else ():
        if key == "extra_body" and node.is_mapping:
            for inner, value in node.items():
                params[inner] = value
                effective[(inner,)] = Effective(value.plain(), value, note="sent unchanged in extra_body")
        elif norm(key) in openai:
            params[key] = node
            effective[(key,)] = Effective(node.plain(), node)
    tier = extra.get("service_tier") if extra is not None else None
    if tier is not None and isinstance(tier.value, str):
        support, why = tier_support(provider, model, None, tier.value)
        if support == "no":
            effective.pop(("service_tier",), None)
            drops.append(Drop(
                "service_tier", tier, "dropped",
                f"{why}, and Aider sets `litellm.drop_params = True`, so LiteLLM removes it silently: requests of "
                f'`{written}` run without service_tier "{tier.value}"',
                fix="use a provider and model that support this tier, or remove `service_tier` (it is never sent here)",
            ))
    timeout = extra.get("timeout") if extra is not None else None
    seconds = timeout.value if timeout is not None and isinstance(timeout.value, (int, float)) and not isinstance(timeout.value, bool) else None
    return RequestSite(
        document=document,
        dialect=NAME,
        api="chat",
        layer=AIDER,
        params=params,
        container=extra,
        effective=effective,
        drops=drops,
        model=model or None,
        model_node=name_node,
        target=provider_target(provider, provider_how(written, provider, None), name_node,
                               extra.get("api_base") if extra is not None else None),
        client=ClientOptions(timeout=timeout, timeout_seconds=float(seconds) if seconds is not None else None,
                             label="timeout"),
        origin=f'model settings "{written}"' if written else f"model settings entry #{index + 1}",
        complete=False,
    )


def _conf_site(document: Document, root: Node) -> RequestSite | None:
    """The main model of ``.aider.conf.yml``, with the API keys written in it."""
    credentials = [n for k in ("openai-api-key", "anthropic-api-key") if (n := root.get(k)) is not None]
    keys = root.get("api-key")
    for item in keys.value if keys is not None and keys.is_sequence else ():
        credentials.append(item)
    model_node = root.get("model")
    written = text_of(model_node)
    if not credentials and not written:
        return None
    provider, model = split_model(written or "")
    base = root.get("openai-api-base") if provider == "openai" else None
    target = provider_target(provider, provider_how(written or "", provider, None), model_node, base)
    return RequestSite(
        document=document, dialect=NAME, api="chat", layer=AIDER, model=model or None, model_node=model_node,
        target=target, origin="the main model of .aider.conf.yml", credentials=credentials, complete=False,
    )


def sites(document: Document) -> Iterator[RequestSite]:
    root = document.root
    if _is_settings(root):
        for index, entry in enumerate(root.value):  # type: ignore[union-attr]
            if entry.is_mapping:
                yield _entry_site(document, entry, index)
        return
    if root is not None and root.is_mapping:
        site = _conf_site(document, root)
        if site is not None:
            yield site


def _describe(issue: Any) -> tuple[str, str | None]:
    if issue.kind == "unknown-key":
        known = ", ".join(sorted(issue.known)) if issue.known else ""
        hint = ""
        if norm(str(issue.key)) in _openai_params():
            hint = f"; request parameters go under `extra_params` (`extra_params: {{{issue.key}: ...}}`)"
        return (
            f"`{issue.key}` is not a model setting of Aider: ModelSettings() refuses it and {REJECTED}{hint}",
            f"move `{issue.key}` under `extra_params`" if hint else f"remove `{issue.key}` (settings: {known})",
        )
    if issue.kind == "required":
        return f"this model settings entry has no `name`: {REJECTED}", "add `name:` with the model's name"
    return f"`{issue.where}` is {issue.text or 'not valid'}: {issue.error.message}", None


def config(document: Document) -> AppConfigSpec | None:
    if not _is_settings(document.root):
        return None
    return AppConfigSpec(app="Aider", schemas=[SCHEMA], describe=_describe, rejected=REJECTED,
                         label="Error loading model settings")
