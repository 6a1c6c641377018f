"""Regular expressions compiled when first used, not when their module is imported.

Compiling a pattern costs tens to hundreds of microseconds; flexlint's
modules hold about a hundred, and a run on one file uses a few of them. A
:func:`lazy` pattern is written where it belongs (at the top of its module)
and compiled on its first ``match``/``search``/...: after that, each method
is a plain attribute of the object, as fast as the compiled pattern's own.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """A ``re.Pattern`` compiled on the first use of any of its attributes."""

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:  # only for attributes not yet on the object
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = self.compiled
        value = getattr(compiled, name)
        self.__dict__[name] = value  # bound methods of the compiled pattern: later lookups skip this
        return value

    @property
    def compiled(self) -> re.Pattern[Any]:
        """The compiled pattern (for the ``re`` functions that take only a real one)."""
        found = self.__dict__.get("_compiled")
        if found is None:
            found = self.__dict__["_compiled"] = re.compile(self.pattern, self._flags)
        return found

    def __reduce__(self) -> tuple[Any, ...]:  # pickled as its source, not as the methods it has taken on
        return LazyPattern, (self.pattern, self._flags)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def lazy(pattern: str | bytes, flags: int = 0) -> Any:
    """A pattern compiled on first use (typed ``Any``: it answers whatever ``re.Pattern`` does)."""
    return LazyPattern(pattern, flags)
