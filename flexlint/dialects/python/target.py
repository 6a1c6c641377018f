"""Where a Python client sends its requests: the base URL it is given, read as far as the code says it.

A base URL is a literal, a name bound once to one, an f-string or ``+`` of
such parts, or an environment lookup: ``os.getenv("X", "http://…")`` and
``os.environ.get("X", "…")`` give their default (and the target says that
``X`` was assumed unset), ``os.getenv("X")`` without one gives ``None``, so
the library's own default applies. A part that cannot be known stays a
``{value}`` placeholder: ``f"https://{name}.openai.azure.com"`` still names
Azure, ``f"{host}/v1"`` names nothing. What this module cannot read makes
the target unknown, never OpenAI.
"""

from __future__ import annotations

import libcst as cst

from ...core.document import UNKNOWN, Node
from ...core.site import Target
from ..urls import UNKNOWN_PART, UNREADABLE, UrlValue, join_assumed as _join, value_target
from .module import Module

ENV_LOOKUPS = frozenset({"os.getenv", "os.environ.get"})


def url_value(mod: Module, expr: cst.BaseExpression, env: dict, depth: int = 0) -> UrlValue:
    """What a base URL expression evaluates to, as far as the code says."""
    if depth > 12:
        return UNREADABLE
    node = mod.value(expr, env)
    if node.value is not UNKNOWN:  # known: a literal, or a name bound to one
        if isinstance(node.value, str):
            return UrlValue(node.value)
        if node.value is None:
            return UrlValue(None)
        return UNREADABLE
    expr = mod.origin(expr)
    if isinstance(expr, cst.Call) and mod.qualname(expr.func) in ENV_LOOKUPS and expr.args:
        name = mod.value(expr.args[0].value, env)
        var = name.value if name is not None and isinstance(name.value, str) else "an environment variable"
        default = next((a.value for a in expr.args[1:] if a.keyword is None or a.keyword.value == "default"), None)
        if default is None:
            return UrlValue(None, assumed=f"the environment variable {var} is not set")
        inner = url_value(mod, default, env, depth + 1)
        if not inner.known:
            return UNREADABLE
        return UrlValue(inner.text, assumed=_join(f"the environment variable {var} is not set", inner.assumed))
    if isinstance(expr, cst.FormattedString):
        parts: list[str] = []
        assumed = None
        for part in expr.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value)
                continue
            inner = url_value(mod, part.expression, env, depth + 1) if isinstance(part, cst.FormattedStringExpression) else UNREADABLE
            if inner.known and inner.text is not None and part.format_spec is None and part.conversion is None:  # type: ignore[union-attr]
                parts.append(inner.text)
                assumed = _join(assumed, inner.assumed)
            else:
                parts.append(UNKNOWN_PART)
        return UrlValue("".join(parts), assumed=assumed)
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
        left, right = url_value(mod, expr.left, env, depth + 1), url_value(mod, expr.right, env, depth + 1)
        text = "".join(v.text if v.known and v.text is not None else UNKNOWN_PART for v in (left, right))
        return UrlValue(text, assumed=_join(left.assumed, right.assumed))
    return UNREADABLE


def keyword(call: cst.Call, names: tuple[str, ...]) -> tuple[str, cst.BaseExpression] | None:
    """The first of ``names`` passed to ``call`` as a keyword, with its expression."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value in names:
            return arg.keyword.value, arg.value
    return None


def hidden(call: cst.Call) -> bool:
    """Whether some arguments are passed through ``*``/``**`` of values the code does not show."""
    return any(arg.star for arg in call.args)


def base_url_target(mod: Module, call: cst.Call, names: tuple[str, ...], env: dict, node: Node | None,
                    default: Target) -> Target:
    """The target a client call's base URL argument names; ``default`` when it names none.

    ``node`` is the argument's value as a positioned node (the key when the
    value cannot be read), for messages and ``flexlint explain``.
    """
    found = keyword(call, names)
    if found is None:
        if hidden(call):
            return Target("unknown", "the client's arguments, passed with ** from values the code does not show",
                          mod.node(call, None), assumed="the base URL may be among them")
        return default
    name, expr = found
    return value_target(url_value(mod, expr, env), name, node, default, f"`{name}` is None")
