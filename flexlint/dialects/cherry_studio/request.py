"""What Cherry Studio puts on the wire for one assistant, per release range.

The storage layouts (v1 redux state, v2 SQLite rows) are read elsewhere into
:class:`Provider` and :class:`Assistant`; this module knows how each release
builds the request from them:

* ``legacy`` (≤ 1.5.x): the OpenAI SDK request gets the tier setting, then
  every custom parameter spread last, as written: custom parameters win.
* ``ai-sdk`` (1.6.0–1.9.12): custom parameters go into the AI SDK's
  ``providerOptions`` after the built-in options. Which SDK class sends the
  request, and whether it reads the namespace Cherry wrote, depends on the
  provider and the release (:mod:`.providers`): ``@ai-sdk/openai`` and
  ``@ai-sdk/groq`` send only the camelCase options they know, so a snake_case
  ``service_tier`` is dropped and the provider's Service Tier setting is sent;
  ``@ai-sdk/openai-compatible`` copies unknown keys as written; where the
  namespaces differ nothing custom arrives.
* ``v2.0`` (2.0.0–2.0.8): as ``ai-sdk``, plus flat custom keys copied into the
  HTTP body where the SDK did not write that field: the migrated, invisible
  ``provider_settings.serviceTier`` wins over a custom ``service_tier``.
* ``v2-main``: no provider-level tier; OpenRouter and Groq send the
  assistant's Service Tier selection (default Standard), applied after custom
  parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Literal, Sequence

from ...core.document import Document, Node
from ...knowledge.openai_api import norm
from ...core.site import AppVersion, Drop, Effective, Layer, RequestSite, TierSetting
from ..ai_sdk.options import NOT_PLAIN, gate_tier, provider_options
from .models import is_openai_model, supports_flex
from .providers import Route, sdk_options
from .target import provider_target
from .versions import Behaviour
from ...knowledge.tiers import is_tier_key

NAME = "cherry-studio"
# streamText() arguments: never provider options (extractAiSdkStandardParams).
STANDARD_PARAMS = frozenset(
    {"maxOutputTokens", "temperature", "topP", "topK", "presencePenalty", "frequencyPenalty", "stopSequences", "seed"}
)
OPENAI_TIERS = frozenset({"auto", "default", "flex", "priority"})
GROQ_TIERS = frozenset({"auto", "on_demand", "flex"})

RAW_LAYER = Layer(
    "app",
    "snake",
    "the request body Cherry Studio sends (custom parameters are copied into it as written)",
    "the API rejects the whole request with HTTP 400 unknown_parameter",
    "the API rejects the request with HTTP 400 invalid_value",
)
SDK_LAYER = Layer(
    "app",
    "camel",
    "the AI SDK options Cherry Studio builds (custom parameters go into providerOptions)",
    "the AI SDK strips keys it does not know without any warning, so it never reaches OpenAI",
    "the AI SDK rejects the options and the request fails (invalid provider options)",
    strips_unknown=True,
)


@dataclass
class Provider:
    """A provider as the request builder needs it."""

    id: str
    name: str
    node: Node | None
    kind: str  # openai | azure | openrouter | groq | openai-compatible (the target: .target.provider_target)
    # strict: the SDK sends only options it knows (@ai-sdk/openai, @ai-sdk/groq); passthrough: unknown keys are
    # copied as written (@ai-sdk/openai-compatible); lost: the SDK reads another namespace than Cherry writes.
    sdk: Literal["strict", "passthrough", "lost"]
    namespace: str  # providerOptions key Cherry fills
    api: Literal["responses", "chat"]
    tier: Node | None = None  # the built-in tier setting, as written
    supports_tier: bool = False  # whether the app applies the setting to this provider
    settings_group: str = "OpenAI Settings"  # chat Settings tab group that holds Service Tier
    tier_where: str = ""  # where the setting lives, for messages about stored data (v2 rows)
    document: Document | None = None
    package: str = "@ai-sdk/openai"  # the AI SDK package that sends the request (1.6 and later)
    options: dict[str, str | None] | None = None  # option → wire key of a strict SDK other than @ai-sdk/openai
    route: Route | None = None  # the era of providers.yaml this request follows
    assumed: str | None = None  # what was assumed because the release range treats this provider differently
    caveat: str = ""  # older releases of the range where even the fix does not arrive


@dataclass
class Custom:
    """One custom parameter after conversion: name as written, value node keyed by the name."""

    name: str
    node: Node  # value (JSON already parsed for type json); node.key is the name


@dataclass
class Assistant:
    name: str
    node: Node
    custom: list[Custom] = field(default_factory=list)
    model_id: str | None = None
    model_node: Node | None = None
    model_name: str | None = None
    selection: Node | None = None  # v2-main: settings.service_tier
    label: str = ""  # "assistant", "default assistant", or "chats without an assistant" (then no name)
    where: str = ""  # where the row is, when the storage has no lines (v2: table, row, column)
    model_setting: str = ""  # the app setting that picks the model, when it is not the assistant's own


def convert_custom(entries: Sequence[Node], parse_json_text) -> list[Custom]:
    """getCustomParameters: skip blank names, parse ``json`` values, last name wins (order kept)."""
    out: dict[str, Custom] = {}
    for entry in entries:
        if not entry.is_mapping:
            continue
        name_node, value_node, type_node = entry.get("name"), entry.get("value"), entry.get("type")
        if name_node is None or not isinstance(name_node.value, str) or not name_node.value.strip():
            continue
        if value_node is None:
            value_node = Node(None, entry.start, entry.start, entry.path + ("value",))
        if type_node is not None and type_node.value == "json" and isinstance(value_node.value, str):
            if value_node.value == "undefined":
                continue
            parsed = parse_json_text(value_node)
            if parsed is not None:
                value_node = parsed
        node = Node(value_node.value, value_node.start, value_node.end, value_node.path, name_node)
        out.pop(name_node.value, None)
        out[name_node.value] = Custom(name_node.value, node)
    return list(out.values())


def _tier_ok(provider: Provider, value: Any) -> bool:
    return isinstance(value, str) and value in (GROQ_TIERS if provider.id == "groq" else OPENAI_TIERS)


def _quote(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


class Builder:
    """Builds one assistant's request site; one instance per assistant."""

    def __init__(self, document: Document, behaviour: Behaviour, assistant: Assistant, provider: Provider,
                 version: AppVersion | None) -> None:
        self.doc, self.b, self.a, self.p = document, behaviour, assistant, provider
        self.model = assistant.model_id or ""
        shown = assistant.model_name if assistant.model_name and assistant.model_name != self.model else None
        model = f'model "{shown}" ({self.model})' if shown else f'model "{self.model}"'
        where = f" ({assistant.where})" if assistant.where else ""
        who = f'{assistant.label or "assistant"} "{assistant.name}"' if assistant.name else assistant.label
        self.origin = f'{who}{where}, provider "{provider.name}", {model}'
        api = provider.api
        raw = behaviour.era == "legacy"
        self.site = RequestSite(
            document=document,
            dialect=NAME,
            api=api,
            layer=RAW_LAYER if raw else SDK_LAYER,
            params={c.name: c.node for c in assistant.custom},
            container=assistant.node,
            model=assistant.model_id,
            model_node=assistant.model_node,
            target=provider_target(provider),
            origin=self.origin,
            app_version=version,
        )
        if assistant.model_node is not None:
            self.site.effective[("model",)] = Effective(self.model, assistant.model_node)

    # ------------------------------------------------------------------ helpers

    @property
    def openai_host(self) -> bool:
        """Only requests to OpenAI itself carry arbitrary keys worth checking against OpenAI's schema."""
        return self.p.kind in ("openai", "azure")

    def use_model(self, what: str) -> str:
        """A fix that changes the model, in the words of the setting that picks it."""
        if self.a.model_setting:
            return f"choose {what} as {self.a.model_setting}"
        return f"use {what} for this assistant"

    def ui_tier(self) -> str:
        return f"the chat page's Settings tab → {self.p.settings_group} → Service Tier"

    def builtin(self) -> Node | None:
        """The provider's tier setting if the app applies it to this request (getServiceTier)."""
        tier = self.p.tier
        if tier is None or not tier.value or not self.p.supports_tier or not is_openai_model(self.model):
            if tier is not None and tier.value in ("flex", "priority") and is_openai_model(self.model) and not self.p.supports_tier:
                self.site.drops.append(Drop(
                    "serviceTier", tier, "dropped",
                    f'on {self.b.label} the Service Tier setting is only sent for providers that support it '
                    f'(OpenAI, Azure OpenAI, Groq, or a provider with "Supports service_tier" on in its API '
                    f'settings); provider "{self.p.name}" is not one, so {_quote(tier.value)} is never sent',
                    fix=f'turn on "Supports service_tier" in the API settings of provider "{self.p.name}" '
                        "(Settings → Model Provider), if its API accepts service_tier",
                ))
            return None
        if not _tier_ok(self.p, tier.value):
            return None
        if tier.value == "flex" and not supports_flex(self.model):
            self.site.drops.append(Drop(
                "serviceTier", tier, "dropped",
                f'Cherry Studio sends a Service Tier of "flex" only for models its own check accepts (ids '
                f"with o3 but not o3-mini, o4-mini, or gpt-5); `{self.model}` is not one, so the request "
                "goes out without service_tier",
                cause=self.a.model_node,
                # 2.0.0–2.0.8 have no control for the carried-over setting: only the model can change.
                fix=self.use_model("a flex-capable model (e.g. gpt-5.4-mini)")
                + ("" if self.b.era == "v2.0" else ", or set Service Tier to auto"),
            ))
            return None
        return tier

    def set_tier(self, value: Any, node: Node | None, cause: Node | None = None, note: str = "",
                 fix: str | None = None) -> None:
        self.site.effective[("service_tier",)] = Effective(value, node, cause, note, self.p.document, fix)

    def wire(self, key: str, node: Node, strict: bool) -> None:
        """A key that reaches the body as written (raw copy)."""
        if key == "service_tier":
            self.set_tier(node.value if not node.is_mapping else node.plain(), node)
        elif self.openai_host:
            self.site.effective[(key,)] = Effective(node.plain(), node)

    # ------------------------------------------------------------------ eras

    def build(self) -> RequestSite:
        era = self.b.era
        if era == "legacy":
            self.legacy()
        elif era == "v2-main":
            self.sdk(reinject=True, builtin=None)
            self.main_selection()
        else:
            self.sdk(reinject=era == "v2.0", builtin=self.builtin())
        return self.site

    def legacy(self) -> None:
        """≤ 1.5.x: service_tier from the setting, then custom parameters spread last."""
        tier = self.builtin()
        if tier is not None:
            self.set_tier(tier.value, tier)
        for custom in self.a.custom:
            self.wire(custom.name, custom.node, strict=False)
        own = self.site.effective.get(("service_tier",))
        setting = self.p.tier
        if (setting is not None and setting.value and setting.value != "flex" and own is not None
                and own.node is not setting and own.value == "flex"):
            self.site.tier_setting = TierSetting(
                setting,
                f'the Service Tier setting of provider "{self.p.name}"',
                f"on {self.b.label} custom parameters are sent last, so the custom service_tier wins today; "
                f"from Cherry Studio 1.6 on a snake_case custom service_tier is dropped and this setting "
                f"({_quote(setting.value)}) is sent instead, and 2.0 carries it over where no screen shows it",
                fix=f"choose flex in {self.ui_tier()} before upgrading, then delete the custom parameter",
                document=self.p.document,
            )

    def sdk(self, reinject: bool, builtin: Node | None) -> None:
        """1.6.0 and later: providerOptions built in, custom parameters merged after."""
        if self.p.sdk == "lost":
            self.lost()
            return
        ns = self.p.namespace
        strict = self.p.sdk == "strict"
        if builtin is not None:
            self.set_tier(builtin.value, builtin)
        if strict and self.p.options is None:
            self.site.effective[("store",)] = Effective(False)  # hard-coded store:false
        known = self.known() if strict else {}
        snake_tier: Custom | None = None
        body: list[Custom] = []  # flat keys copied into the HTTP body (2.0 and later)
        for custom in self.a.custom:
            key = custom.name
            if key in STANDARD_PARAMS:
                continue
            if key in (ns, self.p.id) and custom.node.is_mapping:
                for inner, node in custom.node.items():
                    self.option(inner, node, known, strict, in_namespace=True)
                continue
            if reinject:
                body.append(custom)
            if strict and key not in known and is_tier_key(key):
                snake_tier = custom
                continue
            self.option(key, custom.node, known, strict, in_namespace=False, reinjected=reinject)
        sdk_tier = self.site.effective.get(("service_tier",))
        if snake_tier is not None:
            self.snake_tier(snake_tier, sdk_tier, builtin, reinject)
        for custom in body:
            wire = (custom.name,)
            if wire not in self.site.effective and custom.name != "service_tier" and self.openai_host:
                self.site.effective[wire] = Effective(custom.node.plain(), custom.node)
        if strict and self.p.options is None:
            self.gate()

    def known(self) -> dict[str, Any]:
        """The options the strict SDK sends, each with its wire name (``x-wire``)."""
        if self.p.options is None:
            return provider_options(self.p.api)
        return {k: ({"x-wire": v} if v else {}) for k, v in self.p.options.items()}

    def lost(self) -> None:
        """The SDK class reads another providerOptions namespace than Cherry writes: nothing custom arrives."""
        route = self.p.route
        reads = route.reads if route is not None else "?"
        why = (f"on {self.b.label} Cherry Studio writes the options of provider \"{self.p.name}\" into "
               f"providerOptions.{self.p.namespace}, but the {self.p.package} request class it uses for "
               f"`{self.model}` reads only providerOptions.{reads}, so no custom parameter reaches the request")
        fix = route.fix if route is not None and route.fix else None
        for custom in self.a.custom:
            if custom.name in STANDARD_PARAMS:
                continue  # passed to streamText() itself
            self.site.drops.append(Drop(custom.name, custom.node, "dropped", why, fix=fix))
        tier = self.p.tier
        if (tier is not None and tier.value in ("flex", "priority") and self.p.supports_tier
                and is_openai_model(self.model)):
            self.site.drops.append(Drop(
                "serviceTier", tier, "dropped",
                why.replace("no custom parameter reaches", "neither a custom parameter nor this Service Tier "
                            "setting reaches"),
                fix=fix,
            ))

    def option(self, key: str, node: Node, known: dict, strict: bool, in_namespace: bool,
               reinjected: bool = False) -> None:
        """One key of providerOptions[ns]."""
        if not strict:
            self.wire(key, node, strict=False)
            return
        spec = known.get(key)
        target = spec.get("x-wire") if isinstance(spec, dict) else None
        if target and key not in NOT_PLAIN:
            self.site.effective[tuple(target.split("."))] = Effective(node.plain(), node)
            return
        if spec is not None or reinjected:
            return  # an SDK-only control, or copied into the body as written (2.0)
        meant = {norm(k): k for k in known}.get(norm(key))
        where = "the JSON parameter's keys go" if in_namespace else "custom parameters go"
        self.site.drops.append(Drop(
            key, node, "dropped",
            f"on {self.b.label} {where} into the AI SDK's providerOptions.{self.p.namespace}, and "
            f"{self.p.package} sends only the camelCase options it knows: `{key}` is silently removed",
            fix=f"rename the custom parameter to `{meant}`" if meant else
                f"remove `{key}`: {self.p.package} has no such option",
        ))

    def snake_tier(self, custom: Custom, sdk_tier: Effective | None, builtin: Node | None, reinject: bool) -> None:
        """A custom ``service_tier`` under @ai-sdk/openai: dropped (1.x) or re-injected but outranked (2.0)."""
        node = custom.node
        if sdk_tier is not None and sdk_tier.node is builtin and builtin is not None:
            if self.b.era == "v2.0":
                note = (
                    f"on {self.b.label} the AI SDK writes service_tier from the provider setting serviceTier "
                    f"({_quote(builtin.value)}, {self.p.tier_where}) carried over from Cherry Studio 1.x, and a "
                    "custom parameter copied into the request body never replaces a field the SDK wrote"
                )
                fix = (
                    'replace the custom parameter with one named `openai` of type JSON and value '
                    '{"serviceTier": "flex"}, which sets the SDK option itself (Cherry Studio 2.0 has no '
                    "control for the carried-over setting)"
                )
            else:
                note = (
                    f"on {self.b.label} custom parameters go into the AI SDK's providerOptions."
                    f"{self.p.namespace}, where {self.p.package} silently drops the snake_case `service_tier`, and "
                    f"the provider's Service Tier setting ({_quote(builtin.value)}) is sent instead"
                )
                fix = self.tier_fix()
            self.set_tier(builtin.value, builtin, builtin.anchor, note, fix)
            return
        if sdk_tier is not None:
            return  # a camelCase serviceTier (or the JSON form) sets the tier; the snake one adds nothing
        if reinject:
            self.set_tier(node.plain(), node)  # 2.0: copied into the body, nothing outranks it
            return
        self.site.drops.append(Drop(
            custom.name, node, "dropped",
            f"on {self.b.label} custom parameters go into the AI SDK's providerOptions.{self.p.namespace}, "
            f"and {self.p.package} sends only the camelCase options it knows, so `{custom.name}` is silently "
            "removed and the request runs at the "
            + ("default tier (on_demand)" if self.p.options is not None else "project's default tier"),
            fix=self.tier_fix(),
        ))

    def tier_fix(self) -> str:
        if supports_flex(self.model) and self.p.supports_tier:
            fix = (f"choose flex in {self.ui_tier()} (offered for {self.model}), then delete this custom "
                   "parameter; or rename the custom parameter to `serviceTier`")
        else:
            fix = "rename the custom parameter to `serviceTier`"
        return f"{fix} ({self.p.caveat})" if self.p.caveat else fix

    def gate(self) -> None:
        """@ai-sdk/openai removes flex/priority for models its own list rejects (only a warning results)."""
        eff = self.site.effective.get(("service_tier",))
        drop = gate_tier(
            self.site, self.model, self.a.model_node,
            name="serviceTier" if eff is not None and eff.node is self.p.tier else "service_tier",
            trace="Cherry Studio does not show the SDK's warning",
            fix="use a model the AI SDK allows for this tier (e.g. gpt-5.4-mini)",
        )
        if drop is not None:
            self.site.drops.append(drop)

    def main_selection(self) -> None:
        """v2 after 2.0.8: OpenRouter/Groq send the assistant's Service Tier selection, after custom parameters."""
        wire_values = {
            "openrouter": {"standard": "default", "fast": "priority", "flex": "flex"},
            "groq": {"standard": "on_demand", "auto": "auto", "flex": "flex"},
        }.get(self.p.id)
        if wire_values is None:
            return
        sel = self.a.selection
        choice = sel.value if sel is not None and isinstance(sel.value, str) else "standard"
        value = wire_values.get(choice)
        if value is None:
            return
        asked = [c for c in self.a.custom if is_tier_key(c.name)]
        cause = sel.anchor if sel is not None else self.a.node.anchor
        shown = f"{choice.title()}, sent as {_quote(value)}" + ("" if sel is not None else ", the default")
        note = (f"on {self.b.label} the assistant's Service Tier selection ({shown}) is written after custom "
                "parameters and replaces them") if asked else ""
        self.set_tier(value, sel if sel is not None else None, cause if asked else None, note,
                      "set the assistant's Service Tier to Flex and delete this custom parameter" if asked else None)
        if asked and sel is None:
            self.site.effective[("service_tier",)].node = None


def use_route(provider: Provider, eras: list[Route], behaviour: Behaviour) -> Provider:
    """The provider as its era sends it; a release range over eras that differ keeps only what is certain.

    When some releases of the range send a custom ``service_tier`` as written
    and others do not, the forwarding era is assumed (nothing is reported
    from doubt) and the site says so. When none forwards it, the newest era
    decides, and a fix that older ones ignore says so.
    """
    chosen = eras[-1]
    span = behaviour.releases
    if any(e.forwards for e in eras) and not all(e.forwards for e in eras):
        chosen = next(e for e in reversed(eras) if e.forwards)
        others = "; ".join(
            f"on {e.releases(span)} " + ("no custom parameter reaches it" if e.lost else
                                         f"{e.package} drops a snake_case custom service_tier")
            for e in eras if not e.forwards
        )
        provider.assumed = (
            f'these releases treat provider "{provider.name}" differently: on {chosen.releases(span)} a custom '
            f"service_tier is sent as written, {others}. flexlint assumed {chosen.releases(span)} and reported nothing "
            "about it; a backup made with the Backup button (a zip with metadata.json) names the exact release"
        )
    elif not chosen.lost:
        lost = [e for e in eras if e.lost]
        if lost:
            provider.caveat = "; ".join(f"on {e.releases(span)} no custom parameter reaches {chosen.provider}: {e.fix}"
                                        for e in lost)
    provider.route = chosen
    provider.sdk = "lost" if chosen.lost else "passthrough" if chosen.sdk == "compatible" else "strict"
    provider.namespace = chosen.writes
    provider.package = chosen.package
    provider.options = sdk_options(chosen.sdk)
    if chosen.api is not None:
        provider.api = chosen.api  # type: ignore[assignment]
    return provider


def sites_for(document: Document, behaviour: Behaviour, pairs: Iterator[tuple[Assistant, Provider]],
              version: AppVersion | None) -> Iterator[RequestSite]:
    for assistant, provider in pairs:
        own = version
        if provider.assumed and version is not None:
            own = AppVersion(version.label, version.node, version.document, provider.assumed)
        yield Builder(document, behaviour, assistant, provider, own).build()
