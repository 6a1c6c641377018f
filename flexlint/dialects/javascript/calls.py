"""Building request sites from JavaScript calls: what every JavaScript library's finder shares.

An options object becomes positioned nodes (a value computed at run time
stays a node holding ``UNKNOWN``, so its *name* can still be checked), and
client settings written in milliseconds become a :class:`ClientOptions`
in seconds.
"""

from __future__ import annotations

from typing import Any

from ...core.document import UNKNOWN, Document, Node
from ...core.site import ClientOptions, Effective, Layer, RequestSite, WirePath
from .module import Module


def known(node: Node | None) -> bool:
    return node is not None and node.value is not UNKNOWN


def literal_string(node: Node | None) -> str | None:
    if known(node) and isinstance(node.value, str):  # type: ignore[union-attr]
        return node.value  # type: ignore[union-attr]
    return None


def number(node: Node | None) -> float | None:
    if known(node) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):  # type: ignore[union-attr]
        return float(node.value)  # type: ignore[union-attr]
    return None


def options_object(mod: Module, expr: Any) -> Node | None:
    """The object an argument holds (a literal, or a name bound to one), positioned where it is written."""
    if expr is None:
        return None
    node = mod.value(expr)
    if node is None or not node.is_mapping:
        return None
    return node


def plain(node: Node) -> Any:
    """The value without positions (``UNKNOWN`` where it is computed at run time)."""
    return node.plain()


def effective_of(entries: dict[str, Node], names: Any) -> dict[WirePath, Effective]:
    """Known values of ``entries`` whose keys are in ``names``, keyed by wire path."""
    return {(k,): Effective(v.plain(), v) for k, v in entries.items() if k in names and known(v)}


def client_options_ms(
    timeout: Node | None,
    retries: Node | None,
    *,
    default_timeout_ms: float | None,
    default_retries: int | None,
    label: str = "maxRetries",
) -> ClientOptions:
    """Client settings as JavaScript libraries take them: the timeout in milliseconds."""
    ms = number(timeout)
    value = number(retries)
    return ClientOptions(
        timeout=timeout,
        timeout_seconds=ms / 1000 if ms is not None and ms > 0 else None,
        default_timeout=default_timeout_ms / 1000 if timeout is None and default_timeout_ms is not None else None,
        max_retries=retries if known(retries) else None,
        max_retries_value=int(value) if value is not None and value.is_integer() else None,
        default_max_retries=default_retries,
        label=label,
        timeout_unit="ms",
    )


def credentials_site(document: Document, dialect: str, nodes: list[Node], origin: str, layer: Layer) -> RequestSite:
    """A client made with a key written into the code (reported once, where the client is made)."""
    return RequestSite(document=document, dialect=dialect, api="unknown", layer=layer, credentials=nodes,
                       origin=origin, complete=False)


def label_of(mod: Module, expr: Any, limit: int = 40) -> str:
    """How an expression reads in a message (``client``, ``this.client``), cut short."""
    text = " ".join(mod.text(expr).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
