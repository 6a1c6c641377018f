"""Path globs and JSON path patterns, as configuration files write them.

Globs follow the gitignore/ruff habit: matched against the path relative to
the configuration file's folder with ``/`` separators; ``*`` and ``?`` stay
within one path segment, ``**`` spans any number of them; a pattern without
a ``/`` also matches a file or folder name anywhere below (``*.lock.json``,
``fixtures``). A pattern that matches a folder matches everything in it.

JSON path patterns are the paths flexlint prints (``endpoints.custom[0].addParams``)
where a ``*`` segment stands for any key and ``[*]`` for any index. A pattern
covers the path itself and everything below it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from ..core.regex import lazy


MAX_GLOB_LENGTH = 512
MAX_GLOBS = 256  # per configuration key
FAST_WILDCARDS = 2  # patterns with at most this many wildcards are matched by a regular expression


def check_glob(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used as a glob (None when it can)."""
    if len(pattern) > MAX_GLOB_LENGTH:
        return f"a glob may be at most {MAX_GLOB_LENGTH} characters"
    try:
        _tokens(pattern)
    except re.error as exc:
        return f"invalid glob {pattern!r}: {exc}"
    return None


@lru_cache(maxsize=1024)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """The pattern as a regular expression (patterns with few wildcards only: see :func:`glob_match`)."""
    parts = []
    for kind, arg in _tokens(pattern):
        parts.append({"lit": lambda a: re.escape(a), "one": lambda a: "[^/]", "class": lambda a: "(?!/)" + a.pattern,
                      "star": lambda a: "[^/]*", "all": lambda a: ".*", "dirs": lambda a: "(?:.*/)?"}[kind](arg))
    return re.compile("^" + "".join(parts) + "(?:/.*)?$")


@lru_cache(maxsize=1024)
def _tokens(pattern: str) -> tuple[tuple[str, object], ...]:
    """The glob as tokens: lit, one (?), class ([...], compiled), star (*), all (**), dirs (**/ and the
    implicit leading folders of a pattern without a /). Runs of wildcards are collapsed (``**/**/`` is one).

    Raises ``re.error`` for a malformed class.
    """
    pattern = pattern.strip().replace("\\", "/")
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.strip("/")
    out: list[tuple[str, object]] = [] if anchored else [("dirs", None)]

    def add(kind: str, arg: object = None) -> None:
        if out and kind in ("dirs", "all", "star") and out[-1][0] == kind:
            return
        if out and kind == "star" and out[-1][0] == "all":
            return
        out.append((kind, arg))

    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**/", i):
            add("dirs")
            i += 3
            continue
        if pattern.startswith("**", i):
            add("all")
            i += 2
            continue
        if ch == "*":
            add("star")
        elif ch == "?":
            add("one")
        elif ch == "[" and pattern.find("]", i + 1) != -1:
            close = pattern.find("]", i + 1)
            body = pattern[i + 1 : close]
            if body.startswith("!"):
                body = "^" + body[1:]
            add("class", re.compile(f"[{body}]"))
            i = close + 1
            continue
        else:
            add("lit", ch)
        i += 1
    return tuple(out)


def glob_match(pattern: str, relative: str) -> bool:
    """Does ``pattern`` match ``relative`` (a ``/``-separated path) or one of its parent folders?

    A pattern with few wildcards is a regular expression; one with more is
    matched by simulating its automaton over the path, which takes time
    linear in the path whatever the pattern (a regular expression of many
    wildcards can backtrack for minutes on a hostile pattern from a checkout).
    """
    relative = relative.strip("/")
    tokens = _tokens(pattern)
    if sum(1 for kind, _ in tokens if kind != "lit") <= FAST_WILDCARDS:
        return bool(glob_regex(pattern).match(relative))
    return _simulate(tokens, relative)


def _simulate(tokens: tuple[tuple[str, object], ...], text: str) -> bool:
    """Thompson simulation: the set of token positions reachable after each character.

    State ``i`` is "before token i"; ``-i - 1`` is "inside the dirs token i"
    (after some characters of ``(?:.*/)``, before its closing slash).
    """
    n = len(tokens)

    def closure(states: set[int]) -> set[int]:
        todo = list(states)
        while todo:
            state = todo.pop()
            if 0 <= state < n and tokens[state][0] in ("star", "all", "dirs") and state + 1 not in states:
                states.add(state + 1)  # a wildcard may match nothing
                todo.append(state + 1)
        return states

    current = closure({0})
    for index, ch in enumerate(text):
        if n in current and ch == "/":
            return True  # the pattern matched a parent folder
        following: set[int] = set()
        for state in current:
            if state < 0:  # inside dirs token -state-1
                following.add(state)
                if ch == "/":
                    following.add(-state)
                continue
            if state >= n:
                continue
            kind, arg = tokens[state]
            if kind == "lit":
                if ch == arg:
                    following.add(state + 1)
            elif kind == "one":
                if ch != "/":
                    following.add(state + 1)
            elif kind == "class":
                if ch != "/" and arg.match(ch):  # type: ignore[attr-defined]
                    following.add(state + 1)
            elif kind == "star":
                if ch != "/":
                    following.add(state)
            elif kind == "all":
                following.add(state)
            elif kind == "dirs":
                following.add(-state - 1)
                if ch == "/":
                    following.add(state + 1)
        if not following:
            return False
        current = closure(following)
    return n in current


_SEGMENT = lazy(r"\[(\*|\d+)\]|\.?([^.\[\]]+)")


def parse_json_path(text: str) -> tuple[str, ...]:
    """``a.b[0].c`` → ('a', 'b', '[0]', 'c'); raises ValueError on a malformed path."""
    parts: list[str] = []
    pos = 0
    text = text.strip()
    if text.startswith("$"):
        text = text[1:].lstrip(".")
    while pos < len(text):
        m = _SEGMENT.match(text, pos)
        if m is None or m.end() == pos or (m.group(2) is not None and pos > 0 and text[pos] != "." and parts):
            raise ValueError(f"cannot read {text!r} as a JSON path (near {text[pos:pos + 10]!r})")
        parts.append(f"[{m.group(1)}]" if m.group(1) is not None else m.group(2))
        pos = m.end()
    if not parts:
        raise ValueError("empty JSON path")
    return tuple(parts)


def json_path_match(pattern: tuple[str, ...], path: str | None) -> bool:
    """Does the parsed ``pattern`` cover ``path`` (a path as flexlint prints it) or a parent of it?"""
    if not path:
        return False
    try:
        parts = parse_json_path(path)
    except ValueError:
        return False
    if len(parts) < len(pattern):
        return False
    for want, have in zip(pattern, parts):
        if want == have or (want == "*" and not have.startswith("[")) or (want == "[*]" and have.startswith("[")):
            continue
        return False
    return True
