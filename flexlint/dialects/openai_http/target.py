"""Where a raw request body goes: its endpoint when the file records one, else the body's own keys.

A Batch API input line names only a path (``/v1/responses``): it is a
request to OpenAI's Batch API. A recorded request names its full URL, whose
host says the server. Otherwise the body itself tells: an Anthropic Messages
body (``system``, ``stop_sequences`` next to ``max_tokens`` and
``messages``), an Ollama body (``options``, ``keep_alive``, ``format``), a
Mistral body (``safe_prompt``), OpenRouter's routing keys, or sampling keys
only OpenAI-compatible servers take (``top_k``). The shapes are data
(``schemas/servers.yaml`` → ``recognise.body``). A body with none of these
is read as written for OpenAI's API, and the target says it was assumed.
"""

from __future__ import annotations

from ...core.document import Node, text_of
from ...core.site import Target, assumed_openai
from ...knowledge.servers import servers, url_target

ASSUMED = "the body has only keys OpenAI's API takes and no endpoint is recorded, so it is read as a request to OpenAI's API"


def body_target(body: Node, url: Node | None) -> Target:
    written = text_of(url)
    if written and "://" in written:
        return url_target(written, url, "the request URL")
    if written:
        return Target("openai", f'a Batch API input line (url "{written}")', url)
    model = body.get("model")
    found = servers().by_body(body.value, model.value if model is not None else None)
    if found is None:
        return assumed_openai(ASSUMED)
    server, signs = found
    by_model = signs == ["model"]
    node = body.get(signs[0])
    what = (f'the model id "{model.value}"' if by_model and model is not None
            else "the body's own " + ("key " if len(signs) == 1 else "keys ") + ", ".join(f"`{s}`" for s in signs))
    return Target(server.id, what, node.anchor if node is not None else None,
                  native=server.body is not None and server.body.native and not by_model)
