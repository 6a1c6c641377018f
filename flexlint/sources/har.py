"""HTTP Archives (`.har`, HAR 1.2): the request bodies a browser or a proxy recorded, as documents.

A HAR file is JSON: ``log.entries[].request`` has the ``method``, the
``url`` and, for a POST, ``postData`` whose ``text`` is the body as it was
sent, JSON text inside a JSON string. Each POST to an OpenAI-style endpoint
(a path ending in ``/responses`` or ``/chat/completions``) becomes one
document shaped like a Batch API line, ``{"url": ..., "body": {...}}``, so
the body is read as the request body it is and its endpoint (the API, the
server it went to) is known. Positions inside the body are mapped back to
line and column of the `.har` file (:mod:`flexlint.sources.embedded`).

A body that is not JSON (multipart, a truncated capture) is skipped: the
archive itself was read, and a body the API never parsed is not a request.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..core.document import Document, DuplicateKey, Node, SourceError
from ..core.regex import lazy

ENDPOINT = lazy(r"/(?:responses|chat/completions)/?$")


class EntryDocument(Document):
    """One recorded request body; messages name the entry, which the line alone does not say."""

    def __init__(self, path: str, text: str, root: Node, duplicates: list[DuplicateKey], label: str) -> None:
        super().__init__(path, text, root, "json", duplicates)
        self.label = label

    def where(self, offset: int) -> str:
        return self.label


def is_har(root: Node | None) -> bool:
    log = root.get("log") if root is not None else None
    return log is not None and log.is_mapping and isinstance(getattr(log.get("entries"), "value", None), list)


def har_documents(path: str, text: str, root: Node) -> list[Document]:
    """A document per recorded request to an OpenAI-style endpoint (none when there is none)."""
    from .embedded import parse_embedded

    log = root.get("log")
    entries = log.get("entries") if log is not None else None
    out: list[Document] = []
    for number, entry in enumerate(entries.value if entries is not None else (), start=1):
        request = entry.get("request")
        method = request.get("method") if request is not None else None
        url = request.get("url") if request is not None else None
        post = request.get("postData") if request is not None else None
        body = post.get("text") if post is not None else None
        if not (isinstance(getattr(method, "value", None), str) and method.value.upper() == "POST"):  # type: ignore[union-attr]
            continue
        if url is None or not isinstance(url.value, str) or body is None or not isinstance(body.value, str):
            continue
        try:
            parts = urlsplit(url.value)
        except ValueError:
            continue
        if not ENDPOINT.search(parts.path) or not body.value.lstrip().startswith("{"):
            continue
        try:
            parsed, duplicates = parse_embedded(text, body)
        except SourceError:
            continue
        if parsed is None or not parsed.is_mapping:
            continue
        wrapper = Node({"url": url, "body": parsed}, body.start, body.end)
        label = f"entry {number}, POST {parts.netloc}{parts.path}"
        out.append(EntryDocument(path, text, wrapper, duplicates, label))
    return out
