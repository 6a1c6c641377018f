"""``ai-sdk``: the call options an app passes to the Vercel AI SDK, and what the SDK does with them."""

from __future__ import annotations

from ..base import SiteDialect
from .options import NAME, score, sites

DIALECT = SiteDialect(NAME, score, sites)
