"""Base URLs as code writes them: what the Python and JavaScript hosts share once each has read an expression.

Each host reads a base URL expression in its own language into a
:class:`UrlValue` (its text as far as it is known, unknown parts as
``{value}`` placeholders, and what was assumed to get it); turning that into
a :class:`~flexlint.core.site.Target` is the same for both.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.document import Node
from ..core.site import Target
from ..knowledge.servers import url_target

UNKNOWN_PART = "{value}"


@dataclass(frozen=True)
class UrlValue:
    """A URL expression as far as it is known: its text (``None``: no URL, so the library's default applies)."""

    text: str | None
    known: bool = True  # False: nothing useful is known
    assumed: str | None = None  # what was taken for granted to get ``text``


UNREADABLE = UrlValue(None, known=False)


def join_assumed(*parts: str | None) -> str | None:
    """Several assumptions said as one."""
    return "; ".join(p for p in parts if p) or None


def value_target(value: UrlValue, name: str, node: Node | None, default: Target, unset: str) -> Target:
    """The target a base URL argument ``name`` names once read: unknown, the library's ``default``, or a server.

    ``unset`` says in the host's words that no URL was given (```base_url` is
    None``), for the assumption the default then rests on.
    """
    if not value.known:
        return Target("unknown", f"`{name}`, computed when the code runs", node,
                      assumed=f"the value of `{name}` is not known before the code runs")
    if value.text is None:
        extra = unset + (f" ({value.assumed})" if value.assumed else "")
        return Target(default.server, default.how, default.node, default.document,
                      assumed=join_assumed(extra, default.assumed), native=default.native)
    return url_target(value.text, node, name, assumed=value.assumed)
