"""Where LiteLLM sends a request: the provider its model names, and the ``api_base`` it is given.

LiteLLM picks the provider from the model's prefix (``groq/llama-3.3``),
``custom_llm_provider``, or for a bare name the names it knows (``gpt-…`` is
OpenAI, ``claude…`` Anthropic). ``api_base`` points that provider at another
URL: an ``openai/`` model on ``http://localhost:11434/v1`` goes to Ollama,
on an unknown host to an unknown server. ``os.environ/NAME`` values are read
by LiteLLM when it starts, so they name nothing here. For Azure the model
after the prefix is the deployment, and ``model_info.base_model`` the model
behind it.
"""

from __future__ import annotations

from ...core.document import Node, text_of
from ...core.site import Target, assumed_openai
from ...knowledge.servers import servers, url_target

# Providers LiteLLM translates into another API's own format: ``api_base`` is only where that API lives.
TRANSLATED = frozenset({"anthropic", "vertex", "gemini", "bedrock"})
ENVIRONMENT = (
    "no api_base is given, so LiteLLM's OpenAI provider uses OPENAI_BASE_URL / OPENAI_API_BASE when the "
    "environment sets them (flexlint cannot see it) and otherwise https://api.openai.com/v1: both are assumed unset"
)


def provider_target(provider: str, how: str, node: Node | None, api_base: Node | None, *,
                    deployment: Node | None = None, deployment_name: str | None = None,
                    base_model: str | None = None, base_model_node: Node | None = None) -> Target:
    """The target of a LiteLLM request for ``provider`` (named as ``how`` says, at ``node``) and its ``api_base``."""
    named = servers().by_name(provider)
    url = text_of(api_base)
    from_env = url is not None and url.strip().startswith("os.environ/")
    if url and not from_env and (named is None or named.id not in TRANSLATED):
        target = url_target(url, api_base, "api_base")
        local_named = named is not None and named.kind == "local"
        if not (local_named and target.server in ("local", "unknown")) and not (named is not None and named.id == "azure"):
            return target
    if named is None:
        target = Target("unknown", how if provider == "unknown" else f"{how} (a provider flexlint does not know)", node)
    elif named.id == "openai" and from_env:
        # An OpenAI-compatible provider pointed at a URL only the running proxy knows: any server.
        target = Target("unknown", f"api_base ({url.strip()})", api_base,  # type: ignore[union-attr]
                        assumed="api_base is read from the environment when LiteLLM starts")
    elif named.id == "openai" and url is None:
        target = assumed_openai(ENVIRONMENT)
        target.how, target.node = how, node
    else:
        assumed = f"api_base is read from the environment ({url.strip()})" if from_env and url else None
        target = Target(named.id, how, node, assumed=assumed)
    if target.server == "azure":
        target.deployment = deployment_name
        target.deployment_node = deployment
        target.base_model, target.base_model_node = base_model, base_model_node
    return target
