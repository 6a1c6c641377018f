"""jsonschema errors made readable: the errors a user meant, the keys that are extra, values shown short.

Shared by every check kind that validates configuration with a JSON Schema
(request parameters, app configuration files), so a union error, a nullable
value or an unexpected key is mapped to a node the same way everywhere.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable, Iterator

from ..core.document import UNKNOWN
from ..knowledge.secrets import hide_secret_values, shorten


def show(value: Any, limit: int = 60, name: str = "") -> str:
    """A value quoted in a message: short, and never the value of a key-like field."""
    text = json.dumps(hide_secret_values(value, name), ensure_ascii=False, default=_unseen)
    return shorten(text, limit)  # masked whole, then cut: a cut key would no longer look like one


def _unseen(value: Any) -> str:
    """How a value that JSON cannot show is quoted (one computed at run time shows as an ellipsis)."""
    return "…" if value is UNKNOWN else str(value)


def dotted(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def leaves(error) -> Iterator[Any]:
    """The innermost meaningful errors under a combinator error.

    A nullable object is ``anyOf[{$ref}, {type: null}]``: the null branch's
    error says nothing. Of the remaining branches the one whose errors reach
    deepest into the value is the one the user meant; all of its errors are
    reported (``best_match`` would keep only one).
    """
    if error.validator in ("anyOf", "oneOf") and error.context:
        branches: dict[Any, list[Any]] = {}
        for sub in error.context:
            if sub.validator == "type" and sub.validator_value == "null":
                continue
            branches.setdefault(sub.relative_schema_path[0] if sub.relative_schema_path else 0, []).append(sub)
        if not branches:
            yield error
            return
        # A branch that fails on its discriminator ("type": "text" vs "json_schema") is another shape.
        matching = {b: errs for b, errs in branches.items() if not any(_discriminator(e) for e in errs)}
        branches = matching or branches
        depth = {b: max(len(e.absolute_path) for e in errs) for b, errs in branches.items()}
        best = max(branches, key=lambda b: (depth[b], -len(branches[b]), -_index(b)))
        if depth[best] <= len(error.absolute_path) and len(branches) > 1:
            yield error  # no branch got further than the value itself: the value's shape is wrong
            return
        for sub in branches[best]:
            yield from leaves(sub)
        return
    yield error


def _discriminator(error) -> bool:
    path = error.relative_path
    return error.validator in ("const", "enum") and bool(path) and path[-1] in ("type", "role")


def _index(branch: Any) -> int:
    return branch if isinstance(branch, int) else 0


def extra_keys(error) -> list[str]:
    """The keys of an ``additionalProperties: false`` error that the schema does not name."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    props = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    return [
        k
        for k in (error.instance if isinstance(error.instance, dict) else {})
        if k not in props and not any(re.search(p, k) for p in patterns)
    ]
