"""Where the shipped data lives: inside the installed package, or the checkout."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    """``rules`` or ``schemas``: packaged copy first, then the source tree's top level."""
    packaged = _PACKAGE / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name


@lru_cache(maxsize=None)
def load_json(relative: str) -> Any:
    """A JSON data file under ``schemas/``, parsed once per process."""
    with open(data_dir("schemas") / relative, encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=None)
def load_yaml(relative: str) -> Any:
    """A YAML data file under ``schemas/``, parsed once per process (precompiled when it can be)."""
    with open(data_dir("schemas") / relative, "rb") as fh:
        return parse_yaml(fh.read())


def parse_yaml(raw: bytes) -> Any:
    """YAML bytes as a value: the precompiled value of a shipped file, else PyYAML's safe load.

    Raises ``yaml.YAMLError`` or ``UnicodeDecodeError`` for bytes that are not YAML.
    """
    from .precompiled import MISSING, lookup

    value = lookup(raw)
    if value is not MISSING:
        return value
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(raw.decode("utf-8"), Loader=loader)
