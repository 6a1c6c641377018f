"""Where LibreChat sends an endpoint's requests.

A custom endpoint goes to its ``baseURL`` (``${VAR}`` is filled in from the
environment when LibreChat starts, so it names nothing here); an Azure group
to Azure OpenAI, with the deployment its model maps to (``deploymentName``
of the model, else of the group, else the model's own name); a built-in
endpoint to the service it is named after.
"""

from __future__ import annotations

from ...core.document import Node
from ...core.site import Target, assumed_openai
from ...knowledge.servers import servers, url_target

BUILTIN = {"openAI": "openai", "azureOpenAI": "azure", "azureAssistants": "azure", "assistants": "openai",
           "anthropic": "anthropic", "google": "gemini", "bedrock": "bedrock"}
BUILTIN_OPENAI = (
    "LibreChat's built-in OpenAI endpoint reads its base URL from the environment (OPENAI_REVERSE_PROXY), which "
    "flexlint cannot see; it is assumed unset, so requests go to https://api.openai.com/v1"
)


def custom_target(endpoint: Node, label: str) -> Target:
    """A custom endpoint's target: its ``baseURL``."""
    declared = endpoint.get("provider")
    if declared is not None and isinstance(declared.value, str):
        named = servers().by_name(declared.value)
        if named is not None:
            return Target(named.id, f'provider "{declared.value}" of {label}', declared)
    base = endpoint.get("baseURL")
    if base is None or not isinstance(base.value, str):
        return Target("unknown", f"{label}, which has no baseURL", endpoint.key or endpoint)
    return url_target(base.value, base, "baseURL")


def azure_target(group: Node, label: str, model: Node | None) -> Target:
    """An Azure group's target, with the deployment that serves ``model`` (the key of ``models``)."""
    deployment: Node | None = None
    if model is not None:
        spec = group.get("models")
        entry = spec.get(model.value) if spec is not None and isinstance(model.value, str) else None
        if entry is not None and entry.is_mapping:
            deployment = entry.get("deploymentName")
    if deployment is None or not isinstance(deployment.value, str):
        deployment = group.get("deploymentName")
    if deployment is None or not isinstance(deployment.value, str):
        deployment = model
    named = deployment is not None and isinstance(deployment.value, str)
    return Target("azure", f"the Azure group {label} (endpoints.azureOpenAI)", group.key or group,
                  deployment=deployment.value if named else None,  # type: ignore[union-attr]
                  deployment_node=deployment if named else None)


def builtin_target(name: str, node: Node) -> Target:
    """A built-in endpoint's target: the service it is named after."""
    server = BUILTIN.get(name)
    if server == "openai":
        target = assumed_openai(BUILTIN_OPENAI)
        target.how, target.node = f"the built-in endpoint `{name}`", node.key or node
        return target
    if server is None:
        return Target("unknown", f"the built-in endpoint `{name}`", node.key or node)
    return Target(server, f"the built-in endpoint `{name}`", node.key or node)
