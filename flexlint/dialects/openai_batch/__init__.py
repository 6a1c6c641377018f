"""``openai-batch``: OpenAI Batch API input files (``.jsonl``, one request per line).

Each line is ``{"custom_id", "method", "url", "body"}``; its ``body`` is a
raw request to the endpoint in ``url``, read by the ``openai-http``
dialect's site building, so every finding points at the line and column
in the ``.jsonl``. Lines to endpoints other than Responses and Chat
Completions (embeddings, moderations, images) are not request bodies
flexlint judges.

A JSON Lines file is the Batch API's when its first readable line has the
batch shape; then every line is one: a line that is not JSON, or lacks a
field the Batch API needs, makes the upload fail validation (the whole
batch is refused), and is reported at that line. Any other ``.jsonl`` (a
fine-tuning set, an eval log) is left alone.
"""

from __future__ import annotations

from typing import Any, Iterator

from ...core.document import Document, Node
from ...core.site import RequestSite
from ...knowledge.app_schema import AppConfigSpec, AppSchema
from ..base import SiteDialect
from ..openai_http.body import sites as body_sites

NAME = "openai-batch"
SCHEMA = AppSchema("1", "openai-batch/input-line.json")
REQUEST_ENDPOINTS = ("/responses", "/chat/completions")
REJECTED = "the Batch API fails the whole batch at validation, so none of its requests run"


def _batch_shaped(node: Node | None) -> bool:
    if node is None or not node.is_mapping:
        return False
    body, url = node.get("body"), node.get("url")
    return body is not None and body.is_mapping and url is not None and isinstance(url.value, str)


def score(document: Document) -> int:
    if _batch_shaped(document.root):
        return 10
    head = getattr(document, "head", None)
    return 10 if _batch_shaped(head) else 0


def sites(document: Document) -> Iterator[RequestSite]:
    root = document.root
    if not _batch_shaped(root):
        return
    url = root.get("url").value.split("?", 1)[0].rstrip("/")  # type: ignore[union-attr]
    if not url.endswith(REQUEST_ENDPOINTS):
        return
    for site in body_sites(document):
        custom = root.get("custom_id")  # type: ignore[union-attr]
        if custom is not None and isinstance(custom.value, str):
            site.origin = f'batch request "{custom.value}"'
        yield site


def _describe(issue: Any) -> tuple[str, str | None]:
    if issue.kind == "required":
        return (
            f"this Batch API input line has no `{issue.key}`, which every line needs: {REJECTED}",
            f"add `{issue.key}` (each line is {{\"custom_id\", \"method\", \"url\", \"body\"}})",
        )
    name = ".".join(str(p) for p in issue.path) or "the line"
    if name == "method":
        return f"`method` is {issue.text or 'not POST'}, but the Batch API takes only \"POST\": {REJECTED}", 'use "POST"'
    if not issue.path:
        return f"this line is not a JSON object, which every Batch API input line must be: {REJECTED}", None
    return f"`{name}` of this Batch API input line is not valid ({issue.error.message}): {REJECTED}", None


def _well_formed(root: Node | None) -> bool:
    """The shape every line needs, checked without a schema (most lines of a real file pass)."""
    if not _batch_shaped(root):
        return False
    custom, method = root.get("custom_id"), root.get("method")  # type: ignore[union-attr]
    return custom is not None and isinstance(custom.value, str) and bool(custom.value) and (
        method is not None and method.value == "POST")


def config(document: Document) -> AppConfigSpec | None:
    if _well_formed(document.root):
        return None  # nothing for the schema to find: skip validating a line per request
    return AppConfigSpec(app="the OpenAI Batch API", schemas=[SCHEMA], describe=_describe, rejected=REJECTED,
                         label="Batch validation failed")


DIALECT = SiteDialect(NAME, score, sites, config)
