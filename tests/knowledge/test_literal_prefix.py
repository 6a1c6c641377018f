"""A pattern's literal prefix is a necessary condition of its full match (catalog lookups skip on it)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flexlint.knowledge.catalog import catalog, literal_prefix

PATTERNS = sorted({e.pattern for e in catalog().entries} | {r.pattern for r in catalog().rows})


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_full_match_of_a_catalog_pattern_starts_with_its_prefix(pattern: str, data: st.DataObject) -> None:
    text = data.draw(st.from_regex(pattern, fullmatch=True))
    assert text.startswith(literal_prefix(pattern))


@pytest.mark.parametrize(("pattern", "prefix"), [
    (r"gpt-5\.4(-mini|-nano)?", "gpt-5.4"),
    (r"o3(-\d{4})?", "o3"),
    (r"gpt-5?x", "gpt-"),
    (r"ab*c", "a"),
    (r"ab+c", "ab"),
    (r"ab{0,2}", "a"),
    (r"a|b", ""),
    (r"(a|b)c", ""),
    (r"ab[|]c", "ab"),
    (r"ab[]|]c", ""),
    (r"ab\d", "ab"),
    (r"(?i)gpt", ""),
    (r".*", ""),
    (r"ft:\S+", "ft:"),
])
def test_prefixes(pattern: str, prefix: str) -> None:
    assert literal_prefix(pattern) == prefix
    re.compile(pattern)


def test_lookups_are_the_same_as_trying_every_pattern() -> None:
    cat = catalog()
    ids = {e.id for e in cat.entries} | {x for e in cat.entries for x in e.examples} | {r.id for r in cat.rows}
    ids |= {f"{i}-2026-01-01" for i in list(ids)} | {"gpt-5", "gpt-5x", "o", "", "gpt-6.9-astra", "ft:gpt-4o:org"}
    for model in sorted(ids):
        norm = cat.normalise(model)
        entry = next(e for e in cat.entries if e.regex.fullmatch(norm.id))
        assert cat.match(model).entry is entry, model
        row = next((r for r in cat.rows if r.regex.fullmatch(norm.id)), None)
        expected = None if row is None or row.pattern == ".*" else row
        assert cat.parameters(model).row is expected, model
