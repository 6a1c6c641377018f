"""What LibreChat sends: one request site per model an endpoint serves, per preset, per unread setting.

LibreChat has no service tier setting of its own. A request gets one only
through ``addParams`` of a custom endpoint (``endpoints.custom[]``) or of an
Azure group (``endpoints.azureOpenAI.groups[]``); ``dropParams`` runs after
``addParams`` and wins; ``addParams`` anywhere else is never read; keys a
model-spec preset does not define are stripped when the file is loaded. How
the request is built is data (``schemas/librechat/request.yaml``).
"""

from __future__ import annotations

from typing import Iterator

from ...core.document import Document, Node
from ...core.site import ClientOptions, Drop, Effective, RequestSite, Target, WirePath
from ...knowledge.app_schema import known_keys, unread_keys, version_key
from ...knowledge.secrets import is_secret_name
from ...knowledge.tiers import is_tier_key
from .app_config import _meant
from .facts import ADD_PARAMS, BUILTIN_ENDPOINTS, NAME, SCHEMAS, declared_version, layer_for, request_facts
from .target import azure_target, builtin_target, custom_target


def _strings(node: Node | None) -> list[Node]:
    if node is None or not node.is_sequence:
        return []
    return [item for item in node.value if isinstance(item.value, str)]


def _models(models: Node | None) -> list[Node]:
    """The scalar nodes of ``models.default`` (strings, or the ``name`` of ``{name, description}``)."""
    default = models.get("default") if models is not None else None
    out = []
    for item in default.value if default is not None and default.is_sequence else ():
        if isinstance(item.value, str):
            out.append(item)
        elif item.is_mapping and isinstance(getattr(item.get("name"), "value", None), str):
            out.append(item.get("name"))
    return out


class _Endpoint:
    """What one custom endpoint or Azure group sends: addParams minus what dropParams deletes."""

    def __init__(self, node: Node, label: str, target: Target | None) -> None:
        self.node = node
        self.label = label
        self.target = target  # None: per model (an Azure group's deployments)
        add = node.get("addParams")
        self.add = add if add is not None and add.is_mapping else None
        self.drop_nodes = {item.value: item for item in _strings(node.get("dropParams"))}
        self.effective: dict[WirePath, Effective] = {}
        self.drops: list[Drop] = []
        self.client = ClientOptions(label="addParams.maxRetries")
        self.api = "unknown"
        known = request_facts()["known_params"]
        handled = set(request_facts().get("handled", ()))
        for key, value in self.add.items() if self.add is not None else ():
            if key in handled:
                continue
            if key in known and key in self.drop_nodes:
                self.drops.append(
                    Drop(
                        key,
                        value,
                        "dropped",
                        f"`dropParams` also lists `{key}`, and LibreChat applies dropParams after addParams, "
                        f"so it deletes the value addParams sets"
                        + (
                            f' and the request is sent without service_tier "{value.value}"'
                            if is_tier_key(key) and isinstance(value.value, str)
                            else ""
                        ),
                        cause=self.drop_nodes[key],
                        fix=f'remove "{key}" from dropParams',
                    )
                )
                continue
            if key == "maxRetries":
                self.client.max_retries = value
                self.client.max_retries_value = value.value if isinstance(value.value, int) and not isinstance(value.value, bool) else None
                continue
            if key == "timeout":
                self.client.timeout = value
                if isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
                    self.client.timeout_seconds = value.value / 1000  # LibreChat's client takes milliseconds
                continue
            if key == "useResponsesApi" and value.value is True:
                self.api = "responses"
            if key in known:
                wire = known[key]
                if wire:
                    self.effective[(wire,)] = Effective(value.plain(), value)
                continue
            self.effective[(key,)] = Effective(value.plain(), value)  # modelKwargs: sent as written
        self._defaults(node)

    def _defaults(self, node: Node) -> None:
        """`customParams.paramDefinitions[].default`: applied when nothing else sets the parameter."""
        custom = node.get("customParams")
        if custom is None or not custom.is_mapping:
            return
        base = custom.get("defaultParamsEndpoint")
        if base is not None and base.value not in (None, "custom", "openAI"):
            return  # another provider's parameter set: its keys are not OpenAI's
        sent = request_facts().get("param_defaults") or {}
        definitions = custom.get("paramDefinitions")
        for item in definitions.value if definitions is not None and isinstance(definitions.value, list) else ():
            if not item.is_mapping:
                continue
            key, default = item.get("key"), item.get("default")
            wire = sent.get(key.value) if key is not None and isinstance(key.value, str) else None
            if wire and default is not None and (wire,) not in self.effective and wire not in self.drop_nodes:
                self.effective[(wire,)] = Effective(default.plain(), default)

    @property
    def params(self) -> dict[str, Node]:
        return dict(self.add.value) if self.add is not None else {}


def _credentials(node: Node) -> list[Node]:
    out = []
    key = node.get("apiKey")
    if key is not None:
        out.append(key)
    for header in ("headers", "additionalHeaders"):
        headers = node.get(header)
        for name, value in headers.items() if headers is not None else ():
            if is_secret_name(name):
                out.append(value)
    return out


def _misplaced(document: Document, node: Node, path: tuple, where: str, *, skip_unread: bool) -> Iterator[Drop]:
    """Settings written where LibreChat never reads them, in one object of the file."""
    parent_keys: frozenset[str] = frozenset()
    for key, child, known in unread_keys(SCHEMAS, node, path):
        if key in ("addParams", "dropParams"):
            yield Drop(key, child, "ignored", _params_reason(path, key), fix=_params_fix(path, key))
        elif is_tier_key(key):
            yield Drop(
                key,
                child,
                "ignored",
                f"LibreChat sends an endpoint's request parameters only from `addParams`; `{key}` here does nothing",
                fix=f"move it under `addParams` as `service_tier: {child.value}`" if isinstance(child.value, str) else "move it under `addParams`",
            )
        elif not skip_unread:
            if path and not parent_keys:
                parent_keys = _known_at(path[:-1])
            up = key in parent_keys and not isinstance(path[-1], int)
            meant = _meant(key, known)
            if up:
                fix = f"move `{key}` up one level, next to `{path[-1]}`"
            elif meant:
                fix = f"rename `{key}` to `{meant}`"
            else:
                elsewhere = _sections_with(key)
                fix = f"remove `{key}` (LibreChat has no such setting in {where})" + (
                    f"; LibreChat reads it as {', '.join(f'`{s}.{key}`' for s in elsewhere)}" if elsewhere else ""
                )
            yield Drop(key, child, "ignored", f"LibreChat has no `{key}` setting in {where}, so it is silently ignored", fix=fix)


def _sections_with(key: str) -> list[str]:
    """Top-level sections that define ``key`` (``allowedDomains`` → actions, mcpSettings, registration)."""
    schema = SCHEMAS[-1].load()
    return sorted(s for s in schema.get("properties", {}) if key in (known_keys(schema, (s,)) or ()))


def _known_at(path: tuple) -> frozenset[str]:
    keys: set[str] = set()
    for schema in SCHEMAS:
        keys.update(known_keys(schema.load(), path) or ())
    return frozenset(keys)


def _params_reason(path: tuple, key: str) -> str:
    endpoint = path[1] if len(path) >= 2 else ""
    if endpoint == "openAI":
        return (
            f"LibreChat's built-in OpenAI endpoint never applies `{key}` (it builds its requests from environment "
            "variables); only custom endpoints (`endpoints.custom`) and Azure groups do"
        )
    if endpoint == "azureOpenAI":
        return f"LibreChat applies `{key}` of Azure OpenAI per group, never from `endpoints.azureOpenAI` itself"
    return f"LibreChat applies `{key}` only on custom endpoints (`endpoints.custom`) and Azure groups"


def _params_fix(path: tuple, key: str) -> str:
    endpoint = path[1] if len(path) >= 2 else ""
    if endpoint == "openAI":
        return (
            f"move `{key}` to a custom endpoint with `baseURL: https://api.openai.com/v1` "
            '(name it e.g. "OpenAI": the name "openAI" is reserved)'
        )
    if endpoint == "azureOpenAI":
        return f"move `{key}` into each entry of `endpoints.azureOpenAI.groups`"
    return f"move `{key}` to a custom endpoint"


def _beyond_known(root: Node) -> bool:
    """A file that declares a newer config version than any known schema may use settings flexlint cannot know."""
    declared = version_key(declared_version(root) or "")
    newest = version_key(SCHEMAS[-1].version)
    return declared is not None and newest is not None and declared > newest


def sites(document: Document) -> Iterator[RequestSite]:
    root = document.root
    if root is None or not root.is_mapping:
        return
    skip_unread = _beyond_known(root)
    endpoints = root.get("endpoints")
    by_name: dict[str, _Endpoint] = {}
    if endpoints is not None and endpoints.is_mapping:
        custom = endpoints.get("custom")
        for i, node in enumerate(custom.value if custom is not None and custom.is_sequence else ()):
            if not node.is_mapping:
                continue
            name = node.get("name")
            label = name.value if name is not None and isinstance(name.value, str) else f"#{i + 1}"
            endpoint = _Endpoint(node, f'custom endpoint "{label}"', custom_target(node, f'custom endpoint "{label}"'))
            by_name.setdefault(label, endpoint)
            path = ("endpoints", "custom", i)
            drops = endpoint.drops + list(_misplaced(document, node, path, "a custom endpoint", skip_unread=skip_unread))
            models = node.get("models")
            if models is not None and models.is_mapping:
                drops += list(_misplaced(document, models, path + ("models",), "`models`", skip_unread=skip_unread))
            fetch = models.get("fetch") if models is not None else None
            yield from _endpoint_sites(document, endpoint, _models(models), drops, fetch if fetch is not None and fetch.value is True else None)
        azure = endpoints.get("azureOpenAI")
        groups = azure.get("groups") if azure is not None else None
        for i, node in enumerate(groups.value if groups is not None and groups.is_sequence else ()):
            if not node.is_mapping:
                continue
            name = node.get("group")
            label = name.value if name is not None and isinstance(name.value, str) else f"#{i + 1}"
            endpoint = _Endpoint(node, f'Azure group "{label}"', None)
            path = ("endpoints", "azureOpenAI", "groups", i)
            drops = endpoint.drops + list(_misplaced(document, node, path, "an Azure group", skip_unread=skip_unread))
            models = node.get("models")
            names = [child.key for _, child in models.items()] if models is not None and models.is_mapping else []
            yield from _endpoint_sites(document, endpoint, [n for n in names if n is not None], drops, None)
        for name in BUILTIN_ENDPOINTS:
            node = endpoints.get(name)
            if node is None or not node.is_mapping:
                continue
            drops = list(_misplaced(document, node, ("endpoints", name), f"`endpoints.{name}`", skip_unread=skip_unread))
            if drops:
                add = node.get("addParams")
                yield RequestSite(
                    document=document,
                    dialect=NAME,
                    api="unknown",
                    layer=ADD_PARAMS,
                    params=dict(add.value) if add is not None and add.is_mapping else {},
                    drops=drops,
                    target=builtin_target(name, node),
                    origin=f'built-in endpoint "{name}"',
                    complete=False,
                )
    yield from _preset_sites(document, root, by_name, skip_unread)


def _endpoint_sites(
    document: Document, endpoint: _Endpoint, models: list[Node], drops: list[Drop], fetch: Node | None
) -> Iterator[RequestSite]:
    for index, model in enumerate(models or [None]):  # type: ignore[list-item]
        effective = dict(endpoint.effective)
        if model is not None:
            effective[("model",)] = Effective(model.value, model)
        yield RequestSite(
            document=document,
            dialect=NAME,
            api=endpoint.api,  # type: ignore[arg-type]
            layer=layer_for(model.value if model is not None else None),
            params=endpoint.params,
            container=endpoint.add,
            effective=effective,
            drops=drops if index == 0 else [],
            model=model.value if model is not None else None,
            model_node=model,
            models_open=fetch,
            target=_target(endpoint, model),
            client=endpoint.client,
            origin=endpoint.label,
            credentials=_credentials(endpoint.node) if index == 0 else [],
        )


def _target(endpoint: _Endpoint, model: Node | None) -> Target:
    if endpoint.target is not None:
        return endpoint.target
    return azure_target(endpoint.node, endpoint.label.split(" ", 2)[-1], model)


def _preset_target(preset: Node, label: str) -> Target:
    """A preset whose endpoint is not a custom endpoint of the file: a built-in one, or one flexlint cannot see."""
    name = preset.get("endpoint")
    if name is not None and name.value in BUILTIN_ENDPOINTS:
        return builtin_target(name.value, name)
    return Target("unknown", f"{label}, whose endpoint is not one of this file's", (name or preset).anchor)


def _preset_sites(document: Document, root: Node, by_name: dict[str, _Endpoint], skip_unread: bool) -> Iterator[RequestSite]:
    specs = root.get("modelSpecs")
    items = specs.get("list") if specs is not None else None
    renamed = set(request_facts().get("renamed_before_drop", ()))
    for i, item in enumerate(items.value if items is not None and items.is_sequence else ()):
        preset = item.get("preset") if item.is_mapping else None
        if preset is None or not preset.is_mapping:
            continue
        spec_name = item.get("name")
        label = f'model spec "{spec_name.value}"' if spec_name is not None and isinstance(spec_name.value, str) else f"model spec #{i + 1}"
        endpoint_node = preset.get("endpoint")
        endpoint = by_name.get(endpoint_node.value) if endpoint_node is not None and isinstance(endpoint_node.value, str) else None
        drops: list[Drop] = []
        path = ("modelSpecs", "list", i, "preset")
        stripped = {key for key, _, _ in unread_keys(SCHEMAS, preset, path)}
        for key, child, _known in unread_keys(SCHEMAS, preset, path):
            if is_tier_key(key):
                target = f'`addParams` of {endpoint.label}' if endpoint is not None else "`addParams` of the custom endpoint the preset uses"
                drops.append(
                    Drop(
                        key,
                        child,
                        "ignored",
                        "LibreChat strips keys a model-spec preset does not define when it loads the file, and no "
                        "preset field carries a service tier, so requests from this spec never send it",
                        fix=f"set `service_tier: {child.value}` in {target}" if isinstance(child.value, str) else f"set it in {target}",
                    )
                )
            elif not skip_unread:
                drops.append(
                    Drop(
                        key,
                        child,
                        "ignored",
                        "LibreChat strips keys a model-spec preset does not define when it loads the file",
                        fix=f"remove `{key}` from the preset",
                    )
                )
        if endpoint is not None:
            for key, child in preset.items():
                if key in endpoint.drop_nodes and key not in renamed and key not in stripped:
                    drops.append(
                        Drop(
                            key,
                            child,
                            "dropped",
                            f'`dropParams` of {endpoint.label} lists `{key}`, so LibreChat deletes it from every request of that endpoint',
                            cause=endpoint.drop_nodes[key],
                            fix=f'remove `{key}` from the preset, or "{key}" from dropParams',
                        )
                    )
        model = preset.get("model")
        model_node = model if model is not None and isinstance(model.value, str) else None
        effective = dict(endpoint.effective) if endpoint is not None else {}
        if model_node is not None:
            effective[("model",)] = Effective(model_node.value, model_node)
        if not drops and endpoint is None:
            continue
        yield RequestSite(
            document=document,
            dialect=NAME,
            api=endpoint.api if endpoint is not None else "unknown",  # type: ignore[arg-type]
            layer=layer_for(model_node.value if model_node is not None else None),
            params=endpoint.params if endpoint is not None else {},
            effective=effective,
            drops=drops,
            model=model_node.value if model_node is not None else None,
            model_node=model_node,
            target=_target(endpoint, model_node) if endpoint is not None else _preset_target(preset, label),
            client=endpoint.client if endpoint is not None else ClientOptions(),
            origin=f"{label} on {endpoint.label}" if endpoint is not None else label,
        )
