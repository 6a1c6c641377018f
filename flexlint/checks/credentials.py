"""API keys written into configuration or code instead of read from the environment.

Dialects list the values that hold credentials; this kind reports those
that are the secret itself. The message never quotes the value.
"""

from __future__ import annotations

from typing import Iterator

from ..core.diagnostics import Finding
from ..knowledge.secrets import literal_secret
from ..core.site import RequestSite
from . import Ask


def check_site(site: RequestSite, ask: Ask) -> Iterator[Finding]:
    if not ask.on("hardcoded-api-key"):
        return
    for node in site.credentials:
        if not literal_secret(node.value):
            continue
        name = node.key.value if node.key is not None else "the API key"
        yield Finding(
            "hardcoded-api-key",
            f"`{name}` holds a literal API key: anyone who can read this file can spend on the account, "
            "and the key stays in version control history after it is removed",
            node,
            fix="read the key from the environment (or a secret store) and rotate this one",
        )
