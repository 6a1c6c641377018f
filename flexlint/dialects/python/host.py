"""``python``: OpenAI requests made from Python code and notebooks.

One parsed module can hold requests through several libraries (the OpenAI
SDK, LangChain, LiteLLM, pydantic-ai), so this dialect reads the module once
(:class:`~flexlint.dialects.python_model.Module`) and asks each library's
finder for its request sites.
"""

from __future__ import annotations

import importlib
from typing import Iterator

from ...core.document import Document
from ...core.site import RequestSite
from ...sources.python_source import NEEDLES as NEEDLES  # the prefilter of this dialect

NAME = "python"
KINDS = frozenset({"python"})
LIBRARIES = (
    "flexlint.dialects.openai_sdk.python",
    "flexlint.dialects.langchain.python",
    "flexlint.dialects.litellm.python",
    "flexlint.dialects.pydantic_ai.python",
)


def score(document: Document) -> int:
    return 10 if getattr(document, "parsed", False) else 0


def sites(document: Document) -> Iterator[RequestSite]:
    from .module import Module

    finders = [importlib.import_module(m) for m in LIBRARIES]
    for unit in getattr(document, "units", ()):
        if unit.module is None:
            continue
        mod = Module(unit)
        for finder in finders:
            yield from finder.sites(document, mod)


def warm_up() -> None:
    """Import libcst and the finders ahead of time (before a process pool forks its workers)."""
    import libcst  # noqa: F401

    from . import module  # noqa: F401

    for module in LIBRARIES:
        importlib.import_module(module)
