"""Keep secrets out of every output.

Configurations are full of API keys, and a message that quotes a value (an
invalid value, a source line under a caret) could print one. Every text that
leaves flexlint passes through :func:`redact`, which replaces anything shaped
like a credential; rules that quote values need not think about it.
"""

from __future__ import annotations

import re
from ..core.regex import lazy

# Prefixes of well-known credential formats: kept (they say what the key is), the rest masked.
_PREFIXED = lazy(
    r"""(?x)
    \b(
        sk-(?:proj-|svcacct-|admin-|ant-(?:api\d\d-)?|or-v1-)?   # OpenAI, Anthropic, OpenRouter
      | gsk_ | xai- | pplx- | r8_ | hf_ | ghp_ | gho_ | ghs_ | github_pat_ | glpat-
      | AIza | AKIA | ASIA | xox[abpr]- | sk_live_ | sk_test_ | rk_live_
    )
    ([A-Za-z0-9_\-]{12,})
    """
)
_BEARER = lazy(r"(?i)\b(bearer|basic)\s+([A-Za-z0-9._~+/\-]{12,}=*)")
# Long opaque tokens: runs of 32+ characters mixing letters and digits (hex keys, base64 secrets).
# Matched as whole runs and judged in Python, so the cost is linear in the text.
_RUN = lazy(r"[A-Za-z0-9_\-+/=]{32,}")
_HAS_DIGIT = lazy(r"\d")
_HAS_LETTER = lazy(r"[A-Za-z]")
_IDENTIFIER = lazy(r"\w+")
# Credentials in URLs: `?key=...` (Google), `&access_token=...`, `?sig=...` (Azure SAS).
_URL_SECRET = lazy(
    r"(?i)([?&;](?:key|api[_-]?key|apikey|access[_-]?token|token|auth|sig|signature|secret|client[_-]?secret"
    r"|password|code)=)([^&#\s\"'<>`]+)"
)

MASK = "****"
_WHOLE_REFERENCE = lazy(r"\$\{?[A-Za-z_]\w{0,100}\}?|\{\{[^}\n]{0,200}\}\}")  # `?key=${GEMINI_KEY}`: no secret


def _opaque(m: re.Match[str]) -> str:
    run = m.group()
    text, start, end = m.string, m.start(), m.end()
    # An identifier in a dotted name (a module path, a file name): not a secret. A run with `-`,
    # `+`, `/` or `=` is not an identifier, whatever surrounds it (a key pasted into code).
    dotted = (start >= 2 and text[start - 1] == "." and text[start - 2].isalnum()) or (
        end + 1 < len(text) and text[end] == "." and text[end + 1].isalnum()
    )
    if dotted and _IDENTIFIER.fullmatch(run):
        return run
    return MASK if _HAS_DIGIT.search(run) and _HAS_LETTER.search(run) else run


def redact(text: str) -> str:
    """``text`` with anything shaped like a credential masked; linear in the length of ``text``."""
    if not text:
        return text
    text = _PREFIXED.sub(lambda m: m.group(1) + MASK, text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", text)
    text = _URL_SECRET.sub(lambda m: m.group(1) + (m.group(2) if _WHOLE_REFERENCE.fullmatch(m.group(2)) else MASK), text)
    return _RUN.sub(_opaque, text)


def shorten(text: str, limit: int) -> str:
    """A quoted value fit to show: masked whole (key shapes, and values of key-like names), then cut
    to ``limit`` characters, so a secret is never cut before it is masked."""
    text = redact_source(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# `token` only as a whole word part: `max_tokens`, `token_budget` are counts, `access_token` is a secret.
SECRET_KEY_NAMES = lazy(
    r"(?i)(api[_-]?key|apikey|secret|password|passwd|authorization|credential|private[_-]?key"
    r"|(?:^|[_\-.])(?:access[_-]?|auth[_-]?|bearer[_-]?|session[_-]?|refresh[_-]?)?token$|[a-z]Token$)"
)


def is_secret_name(name: str) -> bool:
    """A key whose value must never be quoted, whatever it looks like."""
    return bool(SECRET_KEY_NAMES.search(name))


# Values that are references or placeholders, not keys: env lookups, templates, app sentinels.
_REFERENCE = lazy(
    r"""(?xi)
    ^\s*$
    | ^os\.environ[/\[.]            # os.environ/NAME references
    | \$\{?[A-Z_][A-Z0-9_]*\}?      # ${NAME} / $NAME
    | \{\{.{0,200}?\}\}               # {{template}}
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


# `name: value`, `"name": "value"`, `name="value"` (also with the quotes escaped, as a notebook's
# JSON holds code): a value written right after a key-like name.
_NAMED_VALUE = lazy(
    r"""(?<![\w.\-])(?P<name>[\w.\-]+)(?P<q1>\\?["']|)(?P<sep>\s*[:=]\s*)(?P<q2>\\?["']|)(?P<value>\$\{[^}\n]{0,200}\}|\{\{[^}\n]{0,200}\}\}|[^"'\\\s,;(){}\[\]=]+(?:\s+[^"'\\\s,;(){}\[\]=]+)?)"""
)


def redact_source(line: str) -> str:
    """A source line fit to show under a caret: key-shaped strings and values of key-like names masked.

    A line of a configuration file is shown whole, so besides :func:`redact`
    the value after any key-like name (``api_key: proxyKeyForTeamAlpha``,
    ``"Authorization": "Bearer tok"``) is masked whatever its shape. A value
    is searched for names too (``"effort": "api_key": "tok"`` in a broken
    line), so each match resumes where its value starts.
    """
    # Names are looked for after redact() (which may uncover values: `?key=` tokens), and before it
    # for a name redact() would mask as a long run, hiding the name (`x_0xfff…api_key = tok`).
    return _mask_named_values(redact(_mask_named_values(line, hidden_names=True)))


def _mask_named_values(text: str, hidden_names: bool = False) -> str:
    out = []
    done = 0  # text[:done] is in out
    pos = 0
    while True:
        m = _NAMED_VALUE.search(text, pos)
        if m is None:
            break
        name = m.group("name")
        if (is_secret_name(name) and not _REFERENCE.search(m.group("value"))
                and (not hidden_names or redact(name) != name)):
            start = max(m.start("value"), done)
            out.append(text[done:start])
            out.append(MASK)
            done = m.end("value")
        pos = m.start("value")
    out.append(text[done:])
    return "".join(out)
