"""Where pydantic-ai's OpenAI models send requests, as far as a module says.

Model settings do not name their model, so a settings dict is tied to the
providers the same module gives pydantic-ai's OpenAI models: an
``OpenAIProvider(base_url=…)``, the ``provider=`` of an OpenAI model class
(a name such as ``"openrouter"``, or a provider object such as
``OllamaProvider(…)``), or a model string such as
``"openrouter:openai/gpt-5"``. Providers handed to other model classes
(``CerebrasModel(…, provider=CerebrasProvider())``) do not count. When they all name
one server, that is the target; when they name several, which settings go
with which model is not followed and the target is unknown; when the module
names none, the OpenAI provider's default (api.openai.com, unless
``OPENAI_BASE_URL`` is set) is assumed. Model strings of providers whose own
model classes never read OpenAI settings (``anthropic:``, ``groq:``,
``google-gla:``, …) do not count.
"""

from __future__ import annotations

import libcst as cst

from ...core.site import Target, assumed_openai
from ...knowledge.servers import servers
from ..python.module import Module
from ..python.target import base_url_target

# pydantic-ai's provider names that differ from the server table's.
ALIASES = {"openai-chat": "openai", "openai-responses": "openai", "grok": "xai"}
# Model-string prefixes whose models are pydantic-ai's own classes, not its OpenAI models.
OWN_MODELS = frozenset({"anthropic", "groq", "google-gla", "google-vertex", "bedrock", "mistral", "cohere",
                        "huggingface", "test", "function"})
# pydantic-ai's OpenAI model classes (their `settings=` are the model's default settings).
MODEL_CLASSES = frozenset({"OpenAIChatModel", "OpenAIResponsesModel", "OpenAIModel"})
URL_PROVIDERS = frozenset({"OpenAIProvider", "OllamaProvider", "LiteLLMProvider"})
ENVIRONMENT = (
    "no provider is named in this module, so pydantic-ai's OpenAI provider uses OPENAI_BASE_URL when the "
    "environment sets it (flexlint cannot see it) and otherwise https://api.openai.com/v1: it is assumed unset"
)


def _named(name: str, how: str, node) -> Target:
    found = servers().by_name(ALIASES.get(name, name))
    if found is None:
        return Target("unknown", f"{how} (a provider flexlint does not know)", node)
    return Target(found.id, how, node)


def module_target(mod: Module) -> Target:
    """The target of the OpenAI model settings in this module."""
    found: list[Target] = []
    for call in mod.calls:
        qualname = mod.qualname(call.func) or ""
        if qualname.split(".")[0] != "pydantic_ai":
            continue
        last = qualname.rsplit(".", 1)[-1]
        if last == "OpenAIProvider":
            found.append(_provider(mod, call, last))
        elif last in MODEL_CLASSES:
            for arg in call.args:
                if arg.keyword is None or arg.keyword.value != "provider":
                    continue
                value = mod.value(arg.value, {})
                origin = mod.origin(arg.value)
                if value is not None and isinstance(value.value, str):
                    found.append(_named(value.value, f'provider="{value.value}"', value))
                elif isinstance(origin, cst.Call):
                    cls = (mod.qualname(origin.func) or "").rsplit(".", 1)[-1]
                    if cls.endswith("Provider") and cls != "OpenAIProvider":  # OpenAIProvider calls count anyway
                        found.append(_provider(mod, origin, cls))
                else:
                    found.append(Target("unknown", "the provider of an OpenAI model class, not known before the code runs",
                                        mod.node(arg.value, None)))
        elif not last.endswith("Provider"):
            for arg in call.args[:1]:
                value = mod.value(arg.value, {}) if arg.keyword is None or arg.keyword.value == "model" else None
                if value is not None and isinstance(value.value, str) and ":" in value.value:
                    prefix = value.value.split(":", 1)[0]
                    if prefix not in OWN_MODELS:
                        found.append(_named(prefix, f'the model string "{value.value}"', value))
    servers_named = {t.server for t in found}
    if not found:
        return assumed_openai(ENVIRONMENT)
    if len(servers_named) == 1:
        return found[0]
    names = ", ".join(sorted(servers().get(s).label for s in servers_named))
    return Target("unknown", f"this module's providers ({names})", None,
                  assumed="which model a settings dict is used with is not followed, so its server is not known")


def _provider(mod: Module, call: cst.Call, cls: str) -> Target:
    name = cls[: -len("Provider")].lower()
    node = mod.node(call.func, cls)
    if cls in URL_PROVIDERS:
        default = _named(name, f"the class {cls}", node) if cls != "OpenAIProvider" else assumed_openai(ENVIRONMENT)
        if cls == "OpenAIProvider":
            default.how, default.node = "the class OpenAIProvider", node
        kwargs = {a.keyword.value: a for a in call.args if a.keyword is not None}
        value = mod.value(kwargs["base_url"].value, {}) if "base_url" in kwargs else None
        return base_url_target(mod, call, ("base_url",), {}, value, default)
    return _named(name, f"the class {cls}", node)
