"""``opencode``: opencode's ``opencode.json``, whose model and agent options are AI SDK provider options."""

from __future__ import annotations

from ..base import SiteDialect
from .config import NAME, score, sites

DIALECT = SiteDialect(NAME, score, sites)
