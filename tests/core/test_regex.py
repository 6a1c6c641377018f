"""Lazy patterns: compiled on first use, and then the same as ``re.compile``'s."""

from __future__ import annotations

import pickle
import re

from hypothesis import given, strategies as st

from flexlint.core.regex import LazyPattern, lazy


def test_nothing_is_compiled_before_first_use(monkeypatch):
    calls = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda *a: calls.append(a) or real(*a))
    pattern = lazy(r"(\d+)-(\w+)", re.ASCII)
    assert calls == [] and pattern.pattern == r"(\d+)-(\w+)"
    assert pattern.match("12-ab").groups() == ("12", "ab")
    assert pattern.search("x 3-c").group(0) == "3-c"
    assert len(calls) == 1
    pattern.fullmatch("4-d")
    pattern.sub("", "5-e")
    assert len(calls) == 1  # once, whatever is asked after


def test_it_answers_what_the_compiled_pattern_answers():
    text = "a1 b22 c333"
    for source, flags in ((r"[a-z](\d+)", 0), (rb"(?P<word>\w+)", 0), (r"B(\d)", re.IGNORECASE)):
        mine, theirs = lazy(source, flags), re.compile(source, flags)
        subject = text.encode() if isinstance(source, bytes) else text
        assert [m.span() for m in mine.finditer(subject)] == [m.span() for m in theirs.finditer(subject)]
        assert mine.findall(subject) == theirs.findall(subject)
        assert mine.split(subject) == theirs.split(subject)
        assert (mine.flags, mine.groups, mine.groupindex) == (theirs.flags, theirs.groups, theirs.groupindex)
        assert mine.compiled == theirs


def test_a_pickled_pattern_travels_as_its_source_even_after_use():
    pattern = lazy(r"\bflex\b")
    pattern.search("service tier flex")  # it now holds bound methods, which cannot be pickled
    copy = pickle.loads(pickle.dumps(pattern))
    assert isinstance(copy, LazyPattern) and copy.search("a flex b").span() == (2, 6)


@given(st.text(alphabet="ab1-(|)*?", max_size=12), st.text(alphabet="ab1-", max_size=20))
def test_same_matches_as_re_for_any_pattern(source, subject):
    try:
        theirs = re.compile(source)
    except re.error:
        return
    mine = lazy(source)
    assert [m.span() for m in mine.finditer(subject)] == [m.span() for m in theirs.finditer(subject)]
