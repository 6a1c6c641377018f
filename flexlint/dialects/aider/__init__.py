"""``aider``: Aider's model settings and configuration, whose `extra_params` go to LiteLLM."""

from __future__ import annotations

from ..base import SiteDialect
from .settings import NAME, config, score, sites

DIALECT = SiteDialect(NAME, score, sites, config)
