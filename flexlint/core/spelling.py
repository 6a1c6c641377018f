"""Near spellings ("Did you mean ...?") in time bounded by the options, not by the input.

``difflib.get_close_matches`` indexes every character of the word it is
given before it compares anything, so a ten-megabyte value from a hostile
file costs seconds for each hint. Its similarity is ``2 * M / (len(a) +
len(b))`` with ``M <= min(len(a), len(b))``, so an option can only reach
``cutoff`` when the two lengths are within a factor of ``2 / cutoff - 1``
of each other. Options outside that band are dropped first, with the
ratio computed as difflib computes it (no hint is lost), and a word too
long for every option is never indexed.
"""

from __future__ import annotations

from typing import Iterable

__all__ = ["close_matches"]


def close_matches(word: str, options: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """``difflib.get_close_matches``, without its cost on words no option could match."""
    size = len(word)
    within = [o for o in options if _best_ratio(size, len(o)) >= cutoff]
    if not within:
        return []
    import difflib  # only for a did-you-mean: kept out of start-up

    return difflib.get_close_matches(word, within, n=n, cutoff=cutoff)


def _best_ratio(a: int, b: int) -> float:
    """The highest similarity two sequences of these lengths can have (difflib's formula, all matching)."""
    return 2.0 * min(a, b) / (a + b) if a + b else 1.0
