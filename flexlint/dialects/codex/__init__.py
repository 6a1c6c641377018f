"""``codex``: Codex's ``config.toml``, and what Codex puts in its requests."""

from __future__ import annotations

from ..base import SiteDialect
from .config import NAME, score, sites

DIALECT = SiteDialect(NAME, score, sites)
