"""Placing fixes: a check's changes (in nodes) as edits of the document's text, in its format.

:func:`place` is the one entry point. It refuses (returns None) whenever the
result could be anything but the change meant: a document that is not
editable (backups, archive members, notebooks), text not written the way
the node says (a key reached through a YAML alias or a merge key, a Python
name bound elsewhere), a new key that the mapping already has with another
value, a layout it does not know. A refused fix leaves the finding as it
is; it never guesses.

Only the characters of the fixed spans change: quotes, comments, key order,
indentation and trailing commas around them stay as written.
"""

from __future__ import annotations

from ...core.document import Document, Node, is_uncertain
from ...core.edits import Autofix, Change, Edit, MoveEntry, RemoveEntry, RenameKey, ReplaceValue
from .brackets import Editor

__all__ = ["place", "apply", "editor_for"]

_CACHE: dict[tuple[int, str], tuple[str, Editor | None]] = {}
_CACHE_SIZE = 8


def editor_for(document: Document) -> Editor | None:
    """The editor of an editable document's text (tokenised once per text), or None."""
    if not document.editable or document.kind not in ("json", "jsonl", "yaml", "python"):
        return None
    text = document.text
    key = (id(text), document.kind)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is text:
        return cached[1]
    editor = _make(document.kind, text)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[key] = (text, editor)
    return editor


def _make(kind: str, text: str) -> Editor | None:
    from . import tokens

    if kind in ("json", "jsonl"):  # JSON Lines: one object per line, the same syntax
        from .brackets import JsonEditor

        return JsonEditor(text, tokens.json_tokens(text))
    if kind == "python":
        from .brackets import PythonEditor

        found = tokens.python_tokens(text)
        return PythonEditor(text, found) if found is not None else None
    from .yaml_block import YamlEditor

    found = tokens.yaml_tokens(text)
    return YamlEditor(text, found) if found is not None else None


def place(document: Document, autofix: Autofix) -> tuple[Edit, ...] | None:
    """The edits that carry out ``autofix`` in ``document``'s text, or None when it cannot be done safely."""
    editor = editor_for(document)
    if editor is None:
        return None
    edits: list[Edit] = []
    for change in autofix.changes:
        placed = _place(editor, change)
        if not placed:
            return None
        edits.extend(placed)
    return _normalise(edits)


def apply(text: str, edits: list[Edit] | tuple[Edit, ...]) -> str:
    """``text`` with non-overlapping ``edits`` applied (an insertion goes before a deletion at the same place)."""
    out = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[pos : edit.start])
        out.append(edit.new)
        pos = max(pos, edit.end)
    out.append(text[pos:])
    return "".join(out)


def _normalise(edits: list[Edit]) -> tuple[Edit, ...] | None:
    """Sorted, insertions at one place joined in order; None when two edits overlap."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    out: list[Edit] = []
    for edit in ordered:
        if out and out[-1].start == out[-1].end == edit.start == edit.end:
            out[-1] = Edit(edit.start, edit.end, out[-1].new + edit.new)
            continue
        if out and out[-1].end > edit.start:
            return None
        out.append(edit)
    return tuple(e for e in out if e.start != e.end or e.new)


def _place(editor: Editor, change: Change) -> list[Edit] | None:
    if isinstance(change, RenameKey):
        return _rename(editor, change)
    if isinstance(change, ReplaceValue):
        return _replace(editor, change)
    if isinstance(change, RemoveEntry):
        return _remove(editor, change)
    if isinstance(change, MoveEntry):
        return _move(editor, change)
    return None


def _written_in(node: Node | None, container: Node) -> bool:
    """Is ``node`` written inside ``container``'s text (not reached through an alias, merge or name)?"""
    return node is not None and container.start <= node.start and node.end <= container.end


def _same(a: Node, b: Node) -> bool:
    try:
        x, y = a.plain(), b.plain()
    except RecursionError:
        return False
    return x == y and not is_uncertain(x)


def _name(entry: Node) -> str | None:
    key = entry.key
    return key.value if key is not None and isinstance(key.value, str) else None


def _rename(editor: Editor, change: RenameKey) -> list[Edit] | None:
    entry, container, new = change.entry, change.container, change.new
    old = _name(entry)
    if old is None or not _written_in(entry.key, container) or container.get(old) is not entry:
        return None
    existing = container.get(new)
    if existing is not None:
        return editor.remove(entry.key) if _same(existing, entry) else None  # type: ignore[arg-type]
    return editor.rename_entry_key(entry.key, old, new)  # type: ignore[arg-type]


def _replace(editor: Editor, change: ReplaceValue) -> list[Edit] | None:
    node, new = change.node, change.new
    if not isinstance(node.value, str) or not isinstance(new, str) or node.is_mapping or node.is_sequence:
        return None
    return editor.respell(node, node.value, new, plain_ok=editor.plain_values)


def _remove(editor: Editor, change: RemoveEntry) -> list[Edit] | None:
    entry, container = change.entry, change.container
    name = _name(entry)
    if name is None or not _written_in(entry.key, container):
        return None
    if change.prune is not None and editor.is_only(entry.key):  # type: ignore[arg-type]
        return _remove(editor, change.prune)
    return editor.remove(entry.key)  # type: ignore[arg-type]


def _move(editor: Editor, change: MoveEntry) -> list[Edit] | None:
    entry, value, container, to = change.entry, change.value, change.container, change.to
    old = _name(entry)
    if old is None or not to or len(to) > 2 or container.get(old) is not entry or not _written_in(entry.key, container):
        return None
    head = to[0]
    existing = container.get(head)
    if value is not entry:  # a value inside the entry moves up: {"reasoning": {"effort": x}} -> reasoning_effort
        if len(to) != 1 or existing is not None or not entry.is_mapping or len(entry.value) != 1:
            return None
        if next(iter(entry.value.values())) is not value or value.key is None:
            return None
        return editor.unnest(entry.key, old, value, head)  # type: ignore[arg-type]
    if len(to) == 1:
        if existing is None:
            return editor.rename_entry_key(entry.key, old, head)  # type: ignore[arg-type]
        return editor.remove(entry.key) if _same(existing, entry) else None  # type: ignore[arg-type]
    inner = to[1]
    if existing is None:
        return editor.nest(entry.key, old, head, inner)  # type: ignore[arg-type]
    if not existing.is_mapping or not _written_in(existing, container) or existing is container:
        return None
    current = existing.get(inner)
    if current is not None:
        return editor.remove(entry.key) if _same(current, entry) else None  # type: ignore[arg-type]
    text = editor.value_text(entry.key)  # type: ignore[arg-type]
    if text is None:
        return None
    added = editor.insert(existing, inner, text)
    removed = editor.remove(entry.key)  # type: ignore[arg-type]
    if added is None or removed is None:
        return None
    return added + removed
