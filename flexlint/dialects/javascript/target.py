"""Where a JavaScript client sends its requests: the ``baseURL`` it is made with, read as far as the code says it.

A base URL is a literal, a name bound once to one, a template literal whose
unknown parts stay ``{value}`` placeholders (``https://${name}.openai.azure.com``
still names Azure, ``${host}/v1`` names nothing), or ``process.env.X ?? "…"``
/ ``|| "…"``, which gives the default and says ``X`` was assumed unset.
``process.env.X`` alone is the library's own default only when ``X`` is the
variable the library itself reads (``OPENAI_BASE_URL``); any other variable
is a server chosen when the code runs. Client options that cannot be seen
(a parameter, a spread of something unknown) may hold a base URL, so the
target is unknown, never OpenAI.
"""

from __future__ import annotations

from typing import Any

from ...core.document import Node
from ...core.site import Target
from ..urls import UNKNOWN_PART, UNREADABLE, UrlValue, join_assumed as _join, value_target
from .module import Module
from .names import unwrap

MAX_DEPTH = 12


def _env_name(mod: Module, expr: Any) -> str | None:
    """``X`` for ``process.env.X`` / ``process.env["X"]`` (also ``import.meta.env.X``), else None."""
    expr = unwrap(expr)
    if expr is None or expr.type not in ("member_expression", "subscript_expression"):
        return None
    obj = unwrap(expr.child_by_field_name("object"))
    if obj is None or mod.text(obj).replace(" ", "") not in ("process.env", "import.meta.env"):
        return None
    if expr.type == "member_expression":
        prop = expr.child_by_field_name("property")
        return mod.text(prop) if prop is not None else None
    name, _ = mod.string(expr.child_by_field_name("index"))
    return name


def url_value(mod: Module, expr: Any, own_env: tuple[str, ...], depth: int = 0) -> UrlValue:
    """What a base URL expression evaluates to, as far as the code says; ``own_env``: variables the library reads."""
    if expr is None or depth > MAX_DEPTH:
        return UNREADABLE
    node = mod.value(expr)
    if node is not None and not node.is_mapping and node.value is not None and not isinstance(node.value, list):
        return UrlValue(node.value) if isinstance(node.value, str) else UNREADABLE
    expr = mod.origin(expr)
    if expr is None:
        return UNREADABLE
    env = _env_name(mod, expr)
    if env is not None:
        if env in own_env:
            return UrlValue(None, assumed=f"the environment variable {env} is not set")
        return UNREADABLE
    if expr.type == "binary_expression":
        operator = expr.child_by_field_name("operator")
        left, right = expr.child_by_field_name("left"), expr.child_by_field_name("right")
        op = mod.text(operator) if operator is not None else ""
        name = _env_name(mod, mod.origin(left))
        if op in ("??", "||") and name is not None:
            fallback = url_value(mod, right, own_env, depth + 1)
            if not fallback.known:
                return UNREADABLE
            return UrlValue(fallback.text, assumed=_join(f"the environment variable {name} is not set", fallback.assumed))
        if op == "+":
            parts = [url_value(mod, side, own_env, depth + 1) for side in (left, right)]
            text = "".join(p.text if p.known and p.text is not None else UNKNOWN_PART for p in parts)
            return UrlValue(text, assumed=_join(*(p.assumed for p in parts)))
        return UNREADABLE
    if expr.type == "template_string":
        pieces: list[str] = []
        assumed = None
        for child in expr.named_children:
            if child.type == "template_substitution":
                inner = url_value(mod, child.named_children[0] if child.named_child_count else None, own_env, depth + 1)
                if inner.known and inner.text is not None:
                    pieces.append(inner.text)
                    assumed = _join(assumed, inner.assumed)
                else:
                    pieces.append(UNKNOWN_PART)
            elif child.type == "string_fragment":
                pieces.append(mod.text(child))
        return UrlValue("".join(pieces), assumed=assumed)
    return UNREADABLE


def hides_keys(mod: Module, expr: Any) -> bool:
    """Whether an options object may hold keys the code does not show: it is not a literal the code writes,
    or it spreads (``...opts``) or computes (``[k]: v``) what cannot be seen."""
    obj = mod.origin(expr)
    if obj is None or obj.type != "object":
        return True
    for child in obj.named_children:
        if child.type == "spread_element":
            inner = mod.value(child.named_children[0] if child.named_child_count else None)
            if inner is None or not inner.is_mapping:
                return True
        elif child.type == "pair":
            key = child.child_by_field_name("key")
            if key is not None and key.type == "computed_property_name" and mod.values.key(key) is None:
                return True
    return False


def property_expr(mod: Module, expr: Any, name: str) -> Any:
    """The expression written as property ``name`` of the object literal ``expr`` stands for, or None."""
    obj = mod.origin(expr)
    if obj is None or obj.type != "object":
        return None
    found = None
    for child in obj.named_children:
        if child.type == "pair" and mod.values.key(child.child_by_field_name("key")) == name:
            found = child.child_by_field_name("value")
        elif child.type == "shorthand_property_identifier" and mod.text(child) == name:
            found = child
    return found


def base_url_target(mod: Module, settings: Node | None, expr: Any, names: tuple[str, ...], own_env: tuple[str, ...],
                    default: Target, what: str = "the client's options") -> Target:
    """The target the base URL in client options names; ``default`` when the options name none.

    ``settings`` are the options as nodes (None when they cannot be read);
    ``expr`` is the options argument as written, to tell whether it may
    hide a base URL; ``names`` are the keys a base URL is written under,
    the first one as the library spells it.
    """
    if expr is None:
        return default
    found = next(((n, settings.get(n)) for n in names if settings is not None and settings.get(n) is not None), None)
    if found is None:
        if settings is None or hides_keys(mod, expr):
            return Target("unknown", f"{what}, which the code does not show in full", mod.node(expr, None),
                          assumed=f"a {names[0]} may be among them")
        return default
    name, node = found
    if node.value is None or isinstance(node.value, str):
        value = UrlValue(node.value)
    else:
        value = url_value(mod, mod.expr_of(node), own_env)
    return value_target(value, name, node, default, f"`{name}` is not set")
