"""Keep secrets out of every output.

Configurations are full of API keys, and a message that quotes a value (an
invalid value, a source line under a caret) could print one. Every text that
leaves flexlint passes through :func:`redact`, which replaces anything shaped
like a credential; rules that quote values need not think about it.
"""

from __future__ import annotations

import re

# Prefixes of well-known credential formats: kept (they say what the key is), the rest masked.
_PREFIXED = re.compile(
    r"""(?x)
    \b(
        sk-(?:proj-|svcacct-|admin-|ant-(?:api\d\d-)?|or-v1-)?   # OpenAI, Anthropic, OpenRouter
      | gsk_ | xai- | pplx- | r8_ | hf_ | ghp_ | gho_ | ghs_ | github_pat_ | glpat-
      | AIza | AKIA | ASIA | xox[abpr]- | sk_live_ | sk_test_ | rk_live_
    )
    ([A-Za-z0-9_\-]{12,})
    """
)
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+([A-Za-z0-9._~+/\-]{12,}=*)")
# Long opaque tokens: 32+ chars mixing letters and digits, no spaces (hex keys, base64 secrets).
_OPAQUE = re.compile(r"(?<![A-Za-z0-9_\-/.])(?=[A-Za-z0-9_\-+/=]*\d)(?=[A-Za-z0-9_\-+/=]*[A-Za-z])[A-Za-z0-9_\-+/=]{32,}(?![A-Za-z0-9_\-/.])")

MASK = "****"


def redact(text: str) -> str:
    if not text:
        return text
    text = _PREFIXED.sub(lambda m: m.group(1) + MASK, text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", text)
    return _OPAQUE.sub(MASK, text)


# `token` only as a whole word part: `max_tokens`, `token_budget` are counts, `access_token` is a secret.
SECRET_KEY_NAMES = re.compile(
    r"(?i)(api[_-]?key|apikey|secret|password|passwd|authorization|credential|private[_-]?key"
    r"|(?:^|[_\-.])(?:access[_-]?|auth[_-]?|bearer[_-]?|session[_-]?|refresh[_-]?)?token$|[a-z]Token$)"
)


def is_secret_name(name: str) -> bool:
    """A key whose value must never be quoted, whatever it looks like."""
    return bool(SECRET_KEY_NAMES.search(name))


# Values that are references or placeholders, not keys: env lookups, templates, app sentinels.
_REFERENCE = re.compile(
    r"""(?xi)
    ^\s*$
    | ^os\.environ[/\[.]            # os.environ/NAME references
    | \$\{?[A-Z_][A-Z0-9_]*\}?      # ${NAME} / $NAME
    | \{\{.*\}\}                     # {{template}}
    | ^env[:.]
    | ^(user_provided|none|null|dummy|placeholder|changeme|xxx+|\*+|sk-\.{3}|sk-x+|<.*>|your[-_ ].*|.*here)$
    | ^(bearer\s+)?(sk-)?\.\.\.$
    """
)


def literal_secret(value: object) -> bool:
    """A credential value that is the secret itself, not a reference to one."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if _REFERENCE.search(text):
        return False
    if re.match(r"(?i)^bearer\s+", text):
        text = re.sub(r"(?i)^bearer\s+", "", text)
    return len(text) >= 16 and not re.search(r"\s", text)


def hide_secret_values(value: object, name: str = "") -> object:
    """A copy of ``value`` fit to quote: values under key-like names become ``****``.

    Redaction catches key-shaped strings; this catches the rest (a short
    token, a number) by where it is written, e.g. ``metadata.api_key``.
    """
    if name and is_secret_name(name):
        return MASK
    if isinstance(value, dict):
        return {k: hide_secret_values(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [hide_secret_values(v) for v in value]
    return value


# `name: value`, `"name": "value"`, `name="value"`: a value written right after a key-like name.
_NAMED_VALUE = re.compile(
    r"""(?P<name>[A-Za-z_][\w.\-]*)(?P<q1>["']?)(?P<sep>\s*[:=]\s*)(?P<q2>["']?)(?P<value>\$\{[^}\n]*\}|\{\{[^}\n]*\}\}|[^"'\s,;(){}\[\]=]+(?:\s+[^"'\s,;(){}\[\]=]+)?)"""
)


def redact_source(line: str) -> str:
    """A source line fit to show under a caret: key-shaped strings and values of key-like names masked.

    A line of a configuration file is shown whole, so besides :func:`redact`
    the value after any key-like name (``api_key: proxyKeyForTeamAlpha``,
    ``"Authorization": "Bearer tok"``) is masked whatever its shape.
    """

    def mask(m: re.Match[str]) -> str:
        if not is_secret_name(m.group("name")) or _REFERENCE.search(m.group("value")):
            return m.group(0)
        return m.group("name") + m.group("q1") + m.group("sep") + m.group("q2") + MASK

    return _NAMED_VALUE.sub(mask, redact(line))
