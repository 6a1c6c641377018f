"""Where Cherry Studio sends an assistant's requests: its provider, by type and host.

The app's own providers for OpenAI, Azure OpenAI, OpenRouter and Groq are
those servers (OpenAI's only while its host is OpenAI's); any other
OpenAI-shaped provider goes to its API host (``apiHost`` in 1.x,
``base_urls`` in 2.x), which names a known server, a server on the user's
machine, or one flexlint does not know.
"""

from __future__ import annotations

from ...core.document import Node
from ...core.site import Target
from ...knowledge.servers import url_target, written_url

OWN = {"azure": "azure", "openrouter": "openrouter", "groq": "groq"}


def _host(node: Node | None) -> tuple[Node | None, str]:
    """The provider's API host as written, and its name: 1.x ``apiHost``, 2.x the first URL of ``base_urls``."""
    if node is None or not node.is_mapping:
        return None, ""
    host = node.get("apiHost")
    if host is not None and isinstance(host.value, str) and host.value.strip():
        return host, "apiHost"
    urls = node.get("base_urls")
    if urls is None:
        return None, ""
    if urls.is_mapping:
        values = list(urls.value.values())
    elif urls.is_sequence:
        values = list(urls.value)
    else:
        values = [urls]
    return next((u for u in values if isinstance(u.value, str) and u.value.strip()), None), "base_urls"


def provider_target(provider) -> Target:
    """The target of requests through a provider (a ``request.Provider``)."""
    how = f'provider "{provider.name}"'
    at = provider.node.key if provider.node is not None and provider.node.key is not None else provider.node
    host, field = _host(provider.node)
    if provider.kind in OWN:
        return Target(OWN[provider.kind], how, at, provider.document, url=written_url(host.value) if host else None)
    if provider.kind == "openai" and host is None:
        return Target("openai", how, at, provider.document)
    if host is None:
        return Target("unknown", f"{how}, which has no API host", at, provider.document)
    return url_target(host.value, host, f"{how}, {field}", document=provider.document)
