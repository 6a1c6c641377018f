"""``cherry-studio``: Cherry Studio backups (data.json, the backup zip, the v2 SQLite database).

One request site per assistant on an OpenAI-shaped provider, with what the
release that wrote the backup really sends: which service tier wins, which
custom parameters never reach the wire, and the node behind each change.
The readers in ``storage`` give a document of kind ``cherry-studio``
whose root holds either the v1 redux slices (``persist``) or the v2 tables.
"""

from __future__ import annotations

from typing import Iterator

from ...core.document import Document
from ...core.site import RequestSite
from ..base import SiteDialect

NAME = "cherry-studio"


def score(document: Document) -> int:
    root = document.root
    if document.kind != "cherry-studio" or root is None or not root.is_mapping:
        return 0
    return 100


def sites(document: Document) -> Iterator[RequestSite]:
    root = document.root
    if root is None or not root.is_mapping:
        return
    if root.get("persist") is not None:
        from .v1 import sites as v1_sites

        yield from v1_sites(document)
    elif root.get("user_provider") is not None:
        from .v2 import sites as v2_sites

        yield from v2_sites(document)


DIALECT = SiteDialect(NAME, score, sites)
