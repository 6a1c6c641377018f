"""Scopes read from ast (for a module libcst parsed in part) are the scopes read from libcst's whole tree.

The test that lints every file both ways compares findings; this one compares
the scope tables themselves, binding by binding, on the same files, and
checks that a binding followed into a statement libcst did not parse is
found where it is written, by each of the ways a statement is parsed alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

import libcst
import pytest

from flexlint.dialects import may_matter
from flexlint.dialects.python.ast_scopes import LazyNodes, ast_scopes
from flexlint.dialects.python.scopes import read_scopes
from flexlint.dialects.python.spans import Spans
from flexlint.sources import python_slice
from flexlint.sources.python_source import CodeUnit

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "sources"))
from test_python_slice import FILES, SHAPES, assert_same  # noqa: E402


def _relevant(raw: bytes) -> bool:
    return may_matter("python", raw)


def _both(code: str, monkeypatch) -> tuple | None:
    """(libcst's table and spans, ast's table and spans) for code that slicing cuts; None when it does not.

    Both tables are asked about the names of the statements libcst was given: they are all ast's
    table is read for (the bodies around no kept statement are left unread).
    """
    monkeypatch.setattr(python_slice, "MODE", "always")
    sliced = python_slice.slice_module(code, _relevant)
    if not isinstance(sliced, python_slice.Sliced):
        return None
    whole = CodeUnit(code)
    whole.module = libcst.parse_module(code)
    whole_spans = Spans(whole)
    part = CodeUnit(code, source=sliced.text, sliced=sliced)
    part.module = libcst.parse_module(sliced.text)
    part_spans = Spans(part)
    return (read_scopes(whole_spans, len(code)), whole_spans), (ast_scopes(part, part_spans), part_spans)


def _names(node: libcst.CSTNode):
    yield node
    for child in node.children:
        yield from _names(child)


def _described(table, spans, tree: libcst.Module, code: str) -> list:
    """What each name of the kept statements stands for where it is written: the bindings it finds (their
    kinds, imports' names, where a followed expression is written) and, for ``self.x``, what sets it."""
    out = []
    for node in _names(tree):
        if type(node) is libcst.Name and id(node) in spans.by_id:
            at = spans.by_id[id(node)][0]
            found = []
            for b in table.lookup(node.value, at):
                value = b.node if b.kind in ("value", "loop") else None
                found.append((b.kind, b.qualname, spans.by_id[id(value)] if value is not None else None, _inner(b.body, code)))
            out.append((node.value, at, found))
        elif type(node) is libcst.Attribute and type(node.value) is libcst.Name and node.value.value == "self":
            at = spans.by_id[id(node)][0]
            cls = table.enclosing_class(at)
            sets = table.self_attrs.get((id(cls), node.attr.value), []) if cls is not None else []
            out.append((node.attr.value, at, [spans.by_id[id(b.node)] for b in sets]))
    return out


def _python_files() -> list[Path]:
    return [p for p in FILES if p.suffix == ".py"]


@pytest.mark.parametrize("path", _python_files(), ids=str)
def test_the_tables_agree_on_every_file(path, monkeypatch):
    code = path.read_text(encoding="utf-8", errors="surrogatepass") if path.stat().st_size < 2_000_000 else ""
    try:
        found = _both(code, monkeypatch)
    except libcst.ParserSyntaxError:
        return  # libcst refuses the whole file: there is no table to compare (the lint reports the error)
    if found is None:
        return
    (whole, whole_spans), (part, part_spans) = found
    # The names of the statements libcst was given (the same offsets in both trees: only those are looked up).
    tree = part_spans.unit.module
    assert _described(part, part_spans, tree, code) == _described(whole, _Rebased(whole_spans, part_spans), tree, code)


@pytest.mark.parametrize("name", list(SHAPES))
def test_the_tables_agree_on_the_shapes(name, monkeypatch):
    code = SHAPES[name]
    if "\r" in code or code.startswith("\ufeff") or "syntax error" in name or "\x0c" in code:
        return
    found = _both(code, monkeypatch)
    if found is None:
        return
    (whole, whole_spans), (part, part_spans) = found
    tree = part_spans.unit.module
    assert _described(part, part_spans, tree, code) == _described(whole, _Rebased(whole_spans, part_spans), tree, code)


def _inner(span, code: str):
    """A loop's body without the blanks and brackets at its ends: what the two trees may count differently
    (``f( x for x in y )``), and where no name can be."""
    if span is None:
        return None
    start, end = span
    while start < end and code[start] in " \t\n\\([":
        start += 1
    while end > start and code[end - 1] in " \t\n\\)]":
        end -= 1
    return start, end


class _Rebased:
    """The whole tree's spans, asked about the part's nodes: a part's node is placed by the part's spans
    (same offsets), a node of the whole tree (a binding found there) by the whole's."""

    def __init__(self, whole: Spans, part: Spans) -> None:
        self.by_id = {**whole.by_id, **part.by_id}


def _parses(monkeypatch) -> list[tuple[bool, int]]:
    """Record each statement libcst parses apart: (the whole length of the code, the offset of its text)."""
    seen: list[tuple[bool, int]] = []
    original = LazyNodes._parse

    def recording(self, text, base):
        seen.append((len(text) == len(self.unit.code), base))
        return original(self, text, base)

    monkeypatch.setattr(LazyNodes, "_parse", recording)
    monkeypatch.setattr(python_slice, "MODE", "always")
    return seen


def test_an_indented_statement_is_parsed_alone_under_a_header(monkeypatch):
    seen = _parses(monkeypatch)
    assert_same(SHAPES["indented binder after non-ascii"].encode(), "indented.py")
    assert any(not whole and base > 0 for whole, base in seen)


def test_a_statement_on_its_clause_line_is_parsed_at_its_place(monkeypatch):
    """``else: MODEL = ...`` does not parse alone: the text with only it (and its holders) kept does."""
    seen = _parses(monkeypatch)
    assert_same(SHAPES["binder on its clause's line"].encode(), "clause.py")
    assert (True, 0) in seen


def test_the_whole_code_is_the_last_resort(monkeypatch):
    """Should a statement parse neither alone nor at its place, the whole code is parsed (once)."""
    seen = _parses(monkeypatch)
    monkeypatch.setattr(python_slice.Sliced, "alone", lambda self, offset: "(")  # nothing libcst parses
    code = "from openai import OpenAI\nclient = OpenAI()\nif True:\n    pass\nelse: MODEL = 'o3'\n" + (
        "client.responses.create(model=MODEL, service_tier='flex', zz=1)\n"
    )
    assert_same(code.encode(), "last.py")
    assert seen.count((True, 0)) == 1  # "(" has another length: the one whole-length text parsed is the code


def test_a_binding_is_found_only_when_followed(monkeypatch):
    """Most bindings are never followed: no statement is parsed for them."""
    seen = _parses(monkeypatch)
    unrelated = "".join(f"v{i} = {i}\n" for i in range(60))
    code = "from openai import OpenAI\nclient = OpenAI()\n" + unrelated + (
        "client.responses.create(model='o3', service_tier='flex')\n"
    )
    assert_same(code.encode(), "few.py")
    assert seen == []
