"""Automatic fixes: what a check wants changed, and the text edits that do it.

Two halves, so checks never learn a file format:

* a check attaches an :class:`Autofix` to its finding: *changes* in terms of
  the nodes it already holds (rename this key, replace this value, remove
  this entry, move this value to ``reasoning.effort``);
* the engine *places* it: the document's format (:mod:`flexlint.sources.editing`)
  turns the changes into :class:`Edit` objects, spans of the document's text
  and their replacements, and the result is a :class:`Fix` with the rule and
  how safe it is to apply without asking.

Every face (``--fix``, ``--diff``, the language server) applies the same
``Fix`` objects through :mod:`flexlint.run.fixing`, so they produce the same
bytes.
"""

from __future__ import annotations

from typing import Any, Literal, Union

from .document import Node
from .records import record

# "safe": it changes nothing that works today (the request failed, or the
# file means the same); "unsafe": it changes what is sent (a setting that was
# silently dropped takes effect), so it is applied only with --unsafe-fixes.
Safety = Literal["safe", "unsafe"]


@record(frozen=True)
class Edit:
    """Replace ``text[start:end]`` (character offsets into the document's text) with ``new``."""

    start: int
    end: int
    new: str

    def overlaps(self, other: Edit) -> bool:
        """Two edits that cannot be applied together in one pass (an insertion at the other's edge counts)."""
        if self.start == self.end or other.start == other.end:
            return max(self.start, other.start) <= min(self.end, other.end)
        return max(self.start, other.start) < min(self.end, other.end)


@record(frozen=True)
class Fix:
    """A placed fix: the edits that resolve one finding, all applied or none."""

    rule: str  # the slug of the rule whose finding it fixes
    safety: Safety
    title: str  # "rename `serviceTier` to `service_tier`"
    edits: tuple[Edit, ...]

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    def overlaps(self, other: Fix) -> bool:
        return any(a.overlaps(b) for a in self.edits for b in other.edits)


# ------------------------------------------------------------------ changes


@record(frozen=True, eq=False)
class RenameKey:
    """Give the key of ``entry`` (a value node whose ``key`` is set) the name ``new``.

    ``container`` is the mapping (or call) that holds the entry: a name it
    already has is never written twice.
    """

    entry: Node
    new: str
    container: Node


@record(frozen=True, eq=False)
class ReplaceValue:
    """Write ``new`` in place of the scalar ``node`` (as written, in the same quoting)."""

    node: Node
    new: Any


@record(frozen=True, eq=False)
class RemoveEntry:
    """Delete ``entry`` (key and value, with its separator) from ``container``.

    ``prune``: what to remove instead when the container would be left empty
    (the ``extra_body={...}`` argument around its only key).
    """

    entry: Node
    container: Node
    prune: RemoveEntry | None = None


@record(frozen=True, eq=False)
class MoveEntry:
    """Move a value to ``container[to[0]][to[1]...]`` and delete ``entry``, the entry that held it.

    ``value`` is ``entry`` itself or a node inside it (``reasoning.effort``
    moving up to ``reasoning_effort``); missing objects on the way are
    created, existing ones get the key added.
    """

    entry: Node
    value: Node
    container: Node
    to: tuple[str, ...]


Change = Union[RenameKey, ReplaceValue, RemoveEntry, MoveEntry]


@record(frozen=True, eq=False)
class Autofix:
    """What a check would change to resolve its finding (placed by the engine into a :class:`Fix`).

    ``safety`` is the check's verdict for this finding; the rule's
    ``fix_safety`` can only make it stricter.
    """

    title: str
    changes: tuple[Change, ...]
    safety: Safety = "safe"


def rename(entry: Node, new: str, container: Node, safety: Safety = "safe") -> Autofix:
    old = entry.key.value if entry.key is not None else "?"
    return Autofix(f"rename `{old}` to `{new}`", (RenameKey(entry, new, container),), safety)


def remove(entry: Node, container: Node, safety: Safety = "safe", prune: RemoveEntry | None = None,
           title: str | None = None) -> Autofix:
    name = entry.key.value if entry.key is not None else "the entry"
    return Autofix(title or f"remove `{name}`", (RemoveEntry(entry, container, prune),), safety)


def replace_value(node: Node, new: Any, safety: Safety = "safe") -> Autofix:
    return Autofix(f"replace {_show(node.value)} with {_show(new)}", (ReplaceValue(node, new),), safety)


def move(entry: Node, value: Node, container: Node, to: tuple[str, ...], safety: Safety = "safe") -> Autofix:
    old = entry.key.value if entry.key is not None else "?"
    return Autofix(f"move `{old}` to `{'.'.join(to)}`", (MoveEntry(entry, value, container, to),), safety)


def stricter(a: Safety, b: str) -> Safety | None:
    """The safety of a fix under a rule's ``fix_safety`` (None: the rule has no fix)."""
    if b == "none":
        return None
    return "unsafe" if "unsafe" in (a, b) else "safe"


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)
