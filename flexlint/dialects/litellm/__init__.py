"""``litellm``: LiteLLM, as a proxy configuration (``config.yaml``) and as a Python library."""

from __future__ import annotations

from ..base import SiteDialect
from .proxy import NAME, score, sites

DIALECT = SiteDialect(NAME, score, sites)
