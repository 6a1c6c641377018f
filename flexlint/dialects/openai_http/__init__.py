"""``openai-http``: raw Responses and Chat Completions request bodies."""

from __future__ import annotations

from ..base import SiteDialect
from .body import NAME, score, sites

DIALECT = SiteDialect(NAME, score, sites)
