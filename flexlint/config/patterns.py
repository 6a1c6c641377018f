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


@lru_cache(maxsize=1024)
def glob_regex(pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip().replace("\\", "/")
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.strip("/")
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            close = pattern.find("]", i + 1)
            if close == -1:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1 : close]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = close + 1
                continue
        else:
            out.append(re.escape(ch))
        i += 1
    body = "".join(out)
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"^{prefix}{body}(?:/.*)?$")


def glob_match(pattern: str, relative: str) -> bool:
    """Does ``pattern`` match ``relative`` (a ``/``-separated path) or one of its parent folders?"""
    return bool(glob_regex(pattern).match(relative.strip("/")))


_SEGMENT = re.compile(r"\[(\*|\d+)\]|\.?([^.\[\]]+)")


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
