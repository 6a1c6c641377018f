"""JSON Lines: one document per line, positions in the whole file, broken lines carried as errors."""

from __future__ import annotations

import inspect

from flexlint.sources import jsonl
from flexlint.sources.jsonl import iter_lines

TEXT = '{"a": 1}\r\n\n  {"b": {"c": [1, "x"]}}\n{"broken": \n{"d": true}'


def test_each_line_is_a_document_with_positions_in_the_file():
    docs = list(iter_lines("f.jsonl", TEXT))
    assert [d.number for d in docs] == [1, 3, 4, 5]
    second = docs[1]
    node = second.root.find(("b", "c", 1))
    assert second.position(node.start) == (3, 19) and TEXT[node.start:node.end] == '"x"'
    assert second.position(second.root.get("b").key.start) == (3, 4)
    assert docs[0].root.plain() == {"a": 1} and docs[0].position(docs[0].root.get("a").start) == (1, 7)


def test_a_broken_line_is_an_error_at_its_place_and_does_not_stop_the_file():
    docs = list(iter_lines("f.jsonl", TEXT))
    broken = docs[2]
    assert broken.root is None and broken.error is not None
    assert broken.position(broken.error.offset)[0] == 4
    assert docs[3].root.plain() == {"d": True}
    assert all(d.head is docs[0].root for d in docs)


def test_broken_lines_before_the_first_good_one_learn_the_head():
    docs = list(iter_lines("f.jsonl", 'nope\n{"x": 1}\n'))
    assert [d.number for d in docs] == [1, 2]
    assert docs[0].error is not None and docs[0].head is docs[1].root


def test_a_file_of_no_json_has_no_head():
    docs = list(iter_lines("f.jsonl", "a\nb\n"))
    assert len(docs) == 2 and all(d.head is None and d.error is not None for d in docs)


def test_lines_are_parsed_as_they_are_taken():
    stream = iter_lines("f.jsonl", '{"a": 1}\n{"b": 2}\n')
    assert inspect.isgenerator(stream)
    first = next(stream)
    assert first.root.plain() == {"a": 1}


def test_a_line_over_the_bound_is_not_parsed(monkeypatch):
    monkeypatch.setattr(jsonl, "MAX_LINE", 20)
    docs = list(iter_lines("f.jsonl", '{"a": 1}\n{"long": "' + "x" * 40 + '"}\n'))
    assert docs[1].root is None and "longer" not in str(docs[1].error) and "million" in str(docs[1].error)
    assert docs[1].position(docs[1].error.offset) == (2, 1)


def test_line_starts_are_shared():
    docs = list(iter_lines("f.jsonl", '{"a": 1}\n{"b": 2}\n'))
    assert docs[0].line_starts is docs[1].line_starts


def test_each_line_is_bounded_in_depth():
    docs = list(iter_lines("f.jsonl", '{"a": 1}\n' + "[" * 9 + "]" * 9 + "\n" + "[" * 8 + "]" * 8 + "\n", max_depth=8))
    assert docs[1].root is None and "nesting deeper than 8 levels" in str(docs[1].error)
    assert docs[1].position(docs[1].error.offset) == (2, 9)
    assert docs[2].error is None
