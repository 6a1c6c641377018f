"""Where the AI SDK sends a call's requests: the provider that reads the options.

``providerOptions.azure`` is read by the Azure provider, whose model id is a
deployment name. ``providerOptions.openai`` is read by ``@ai-sdk/openai``;
when the call was logged with its model object, ``model.provider``
(``openai.responses``, ``azure.chat``, ``groq.chat``, a name given to an
OpenAI-compatible provider) says which provider instance made the request.
Without it the provider's default base URL, api.openai.com, is assumed: a
``baseURL`` set where the provider is created is not in this file.
"""

from __future__ import annotations

from ...core.document import Node
from ...core.site import Target, assumed_openai
from ...knowledge.servers import servers

DEFAULT = (
    "the options do not say which provider instance sends them; @ai-sdk/openai's default base URL "
    "(https://api.openai.com/v1) is assumed, since a baseURL set where the provider is created is not in this file"
)


def options_target(root: Node, namespace: str, options: Node, model: str | None, model_node: Node | None) -> Target:
    logged = root.get("model")
    provider = logged.get("provider") if logged is not None and logged.is_mapping else None
    if provider is not None and isinstance(provider.value, str) and provider.value:
        name = provider.value.split(".", 1)[0]
        named = servers().by_name(name)
        how = f'the logged model.provider "{provider.value}"'
        if named is None:
            return Target("unknown", how + " (a provider flexlint does not know)", provider)
        target = Target(named.id, how, provider)
    elif namespace == "azure":
        target = Target("azure", "providerOptions.azure (read by the Azure provider)", options.key or options)
    else:
        target = assumed_openai(DEFAULT)
        target.how, target.node = f"providerOptions.{namespace}", options.key or options
    if target.server == "azure" and model is not None:
        target.deployment, target.deployment_node = model, model_node
    return target
