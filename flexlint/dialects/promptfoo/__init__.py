"""``promptfoo``: the providers of a ``promptfooconfig.yaml`` and the request parameters in their `config`."""

from __future__ import annotations

from ..base import SiteDialect
from .config import NAME, score, sites

DIALECT = SiteDialect(NAME, score, sites)
