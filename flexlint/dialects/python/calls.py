"""Building request sites from Python calls: what every Python library dialect shares.

Keyword arguments become positioned nodes (a value that cannot be known is
kept as a placeholder so its *name* can still be checked), ``**`` of a
literal dict adds its entries, ``extra_body`` is merged last and wins, and
keys that go to the wire only through ``extra_body`` become a site of their
own at the HTTP layer, where an unknown key means HTTP 400.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

import libcst as cst

from ...core.document import UNKNOWN, Document, Node, Partial
from ...core.edits import RemoveEntry, remove
from ...core.site import HTTP, PYTHON_SDK, Api, ClientOptions, Effective, Layer, RequestSite, Target, WirePath
from .module import Module
from .values import TimeoutValue

FLEX_TIMEOUT_HINT = 900.0


@dataclass(eq=False)
class Override(Effective):
    """A wire value replaced by a later setting; ``fix`` says how to keep the one meant."""

    fix: str | None = None


def known(node: Node | None) -> bool:
    return node is not None and node.value is not UNKNOWN


def call_kwargs(mod: Module, call: cst.Call, env: dict) -> tuple[dict[str, Node], Node | None]:
    """Keyword arguments as positioned nodes, and where the call passes keywords that cannot be seen.

    Every keyword written is present (its value ``UNKNOWN`` when it cannot be
    known); ``**`` of a known dict adds its entries. A ``**``/``*`` of
    anything else may pass any keyword: the mapping is then a ``Partial`` and
    the second item is that argument, as a node whose value is ``UNKNOWN``
    (None when every keyword can be seen). Python refuses a keyword given
    twice, so a spread never replaces one written beside it.
    """
    out: dict[str, Node] = {}
    hidden: Node | None = None
    for arg in call.args:
        if arg.keyword is not None:
            name = arg.keyword.value
            key = mod.node(arg.keyword, name, (name,))
            out[name] = mod.value(arg.value, env, (name,), key)
        elif arg.star:
            spread = mod.value(arg.value, env, ()) if arg.star == "**" else None
            if spread is not None and spread.is_mapping:
                for name, node in spread.value.items():
                    out[name] = Node(node.value, node.start, node.end, (name,), node.key)
                if type(spread.value) is not Partial:
                    continue
            if hidden is None:
                hidden = mod.node(arg, UNKNOWN)
    return (Partial(out) if hidden is not None else out), hidden


def option(kwargs: dict[str, Node], hidden: Node | None, name: str) -> Node | None:
    """A keyword's node; where it may hide in a spread, that spread (present, value unknown); else None."""
    found = kwargs.get(name)
    if found is not None:
        return found
    return hidden


def seconds(node: Node | None) -> float | None:
    """A timeout in seconds; None for no limit or a value that cannot be known."""
    if not known(node):
        return None
    value = node.value  # type: ignore[union-attr]
    if isinstance(value, TimeoutValue):
        return value.seconds
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def int_value(node: Node | None) -> int | None:
    if known(node) and isinstance(node.value, int) and not isinstance(node.value, bool):  # type: ignore[union-attr]
        return node.value  # type: ignore[union-attr]
    return None


def client_options(
    timeout: Node | None,
    retries: Node | None,
    *,
    default_timeout: float | None,
    default_retries: int | None,
    label: str = "max_retries",
    default_from: str = "",
) -> ClientOptions:
    """What a request's client does with a slow or refused request.

    ``timeout`` is the setting that applies (a node whose value may be
    unknown; None when nothing sets it, and then ``default_timeout`` applies:
    None there means the library has none or it cannot be known).
    """
    return ClientOptions(
        timeout=timeout,
        timeout_seconds=seconds(timeout),
        default_timeout=default_timeout if timeout is None else None,
        default_from=default_from if timeout is None else "",
        max_retries=retries if known(retries) else None,
        max_retries_value=int_value(retries),
        default_max_retries=default_retries,
        label=label,
    )


def merge_extra_body(
    effective: dict[WirePath, Effective],
    extra_body: Node | None,
    wire_names: Iterable[str],
    *,
    where: str,
    call: Node | None = None,
) -> dict[str, Node]:
    """Apply ``extra_body`` (merged last, it wins); return the entries the API does not know.

    ``call`` is the call's node (its value the keyword arguments): the fix
    that removes an overriding key removes the whole ``extra_body`` argument
    when that key is all it holds.
    """
    if not known(extra_body) or not extra_body.is_mapping:  # type: ignore[union-attr]
        return {}
    wire = set(wire_names)
    unknown: dict[str, Node] = {}
    for name, node in extra_body.value.items():  # type: ignore[union-attr]
        current = effective.get((name,))
        if current is not None and current.node is not None:
            prune = RemoveEntry(extra_body, call) if call is not None and call.get("extra_body") is extra_body else None
            effective[(name,)] = Override(
                node.plain(),
                node,
                cause=node.anchor,
                note=f"`extra_body` is merged into the request last, so its `{name}` replaces the `{name}` argument",
                fix=f"remove `{name}` from `extra_body` (or set the value you want in one place only)",
                # The argument's value then goes on the wire: a change of what is sent, so unsafe.
                autofix=remove(node, extra_body, "unsafe", prune, f"remove `{name}` from `extra_body`"),  # type: ignore[arg-type]
            )
        elif name in wire:
            effective[(name,)] = Effective(node.plain(), node)
        else:
            unknown[name] = node
    return unknown


def wire_site(
    document: Document,
    dialect: str,
    api: Api,
    container: Node,
    entries: dict[str, Node],
    origin: str,
    target: Target,
) -> RequestSite:
    """Keys that reach the server verbatim (``extra_body``): checked as the HTTP layer sees them, for the client's target."""
    return RequestSite(
        document=document,
        dialect=dialect,
        api=api,
        layer=HTTP,
        params=dict(entries),
        container=container,
        effective={(k,): Effective(v.plain(), v) for k, v in entries.items()},
        target=target,
        origin=origin,
        complete=False,
    )


def credentials_site(document: Document, dialect: str, nodes: list[Node], origin: str, layer: Layer = PYTHON_SDK) -> RequestSite:
    """A client made with a key written into the code (reported once, where the client is made)."""
    return RequestSite(document=document, dialect=dialect, api="unknown", layer=layer, credentials=nodes, origin=origin,
                       complete=False)


def literal_string(node: Node | None) -> str | None:
    if known(node) and isinstance(node.value, str):  # type: ignore[union-attr]
        return node.value  # type: ignore[union-attr]
    return None


def plain(node: Node) -> Any:
    return None if node.value is UNKNOWN else node.plain()
