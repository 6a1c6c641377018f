"""Near spellings: the same hints as difflib, without indexing a word no option could match."""

from __future__ import annotations

import difflib

from hypothesis import given
from hypothesis import strategies as st

from flexlint.core.spelling import close_matches

WORDS = st.text(alphabet="abcfx-_", max_size=14)


@given(word=WORDS, options=st.lists(WORDS, max_size=6), cutoff=st.sampled_from([0.5, 0.6, 0.7, 0.75, 0.8]))
def test_the_same_hint_as_difflib(word, options, cutoff):
    assert close_matches(word, options, cutoff=cutoff) == difflib.get_close_matches(word, options, n=1, cutoff=cutoff)


def test_a_huge_value_is_never_indexed(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("difflib was asked to index a word no option can match")

    monkeypatch.setattr(difflib, "get_close_matches", refuse)
    assert close_matches("flex" * 2_500_000, ["flex", "auto", "priority", "default"]) == []


def test_a_value_found_in_a_hostile_file_costs_no_hint(monkeypatch):
    """A ten-megabyte `service_tier` value took eleven seconds in difflib before any hint was given."""
    from flexlint.api import Options, lint_source

    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda word, *a, **k: calls.append(len(word)) or real(word, *a, **k))
    body = '{"model": "gpt-5.4-mini", "input": "x", "service_tier": "' + "flexx" * 200_000 + '"}'
    result = lint_source(body.encode(), "body.json", Options(isolated=True))
    assert [d.rule for d in result.diagnostics] == ["invalid-value"]
    assert all(n < 1000 for n in calls)
