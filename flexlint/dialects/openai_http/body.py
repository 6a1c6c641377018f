"""``openai-http``: a raw Responses or Chat Completions request body.

Recognised by content: a mapping with ``model`` and ``input``/``messages``
and other OpenAI body keys (also inside a Batch API line's ``body``, and a
request recorded in an HTTP Archive, which sources give the same shape). The
API is told from the endpoint or the body's own keys; when they do not tell,
the parameter rules only report what is wrong for both APIs. A recorded URL
names the server (see :mod:`.target`), so a body sent to a host that is not
OpenAI's is not judged by OpenAI's schemas and model catalog.
"""

from __future__ import annotations

from typing import Iterator

from ...core.document import Document, Node
from ...knowledge.openai_api import api_from_exclusive, norm, wire_params
from ...core.site import HTTP, Api, Effective, RequestSite
from .target import body_target

NAME = "openai-http"


def _norm_params(api: str) -> frozenset[str]:
    return frozenset(norm(p) for p in wire_params(api))


def detect_api(keys: list[str], url: str | None = None) -> Api:
    """Responses or Chat, from the endpoint when known, else from the keys only one API has."""
    if url:
        if "/responses" in url:
            return "responses"
        if "/chat/completions" in url:
            return "chat"
    names = {norm(k) for k in keys}
    if "input" in names and "messages" not in names:
        return "responses"
    if "messages" in names and "input" not in names:
        return "chat"
    return api_from_exclusive(names, _norm_params("responses"), _norm_params("chat"))  # type: ignore[return-value]


def _body(document: Document) -> tuple[Node | None, Node | None]:
    root = document.root
    if root is None or not root.is_mapping:
        return None, None
    body, url = root.get("body"), root.get("url")
    if body is not None and body.is_mapping and url is not None and isinstance(url.value, str):
        return body, url  # a Batch API input line
    return root, None


def score(document: Document) -> int:
    body, url = _body(document)
    if body is None or "providerOptions" in body.value:
        return 0
    names = {norm(k) for k in body.value}
    known = _norm_params("responses") | _norm_params("chat")
    hits = len(names & known)
    has_model = isinstance(getattr(body.get("model"), "value", None), str)
    has_input = bool(names & {"input", "messages"})
    if url is not None and has_model:
        return 6
    if has_model and (has_input or hits >= 3):
        return 4 + min(hits, 5)
    if has_input and hits >= 3:
        return 3
    return 0


def sites(document: Document) -> Iterator[RequestSite]:
    body, url = _body(document)
    if body is None:
        return
    api = detect_api(list(body.value), url.value if url is not None else None)
    model = body.get("model")
    yield RequestSite(
        document=document,
        dialect=NAME,
        api=api,
        layer=HTTP,
        params=dict(body.value),
        container=body,
        effective={(k,): Effective(v.plain(), v) for k, v in body.value.items()},
        model=model.value if model is not None and isinstance(model.value, str) else None,
        model_node=model,
        target=body_target(body, url),
        origin="request body",
    )
