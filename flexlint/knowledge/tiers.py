"""What each ``service_tier`` value means, in one place every rule can import.

The values come from the openai SDK's ``ServiceTier`` literals; their
meaning from OpenAI's flex and Fast-mode guides:

- ``flex``: half price, slower, may answer 429 "Resource Unavailable";
  only some models offer it (the model catalog says which).
- ``priority`` and ``fast`` are one tier: Priority processing was renamed
  Fast mode on 2026-07-30 and both values behave the same (responses from
  GPT-5.6 and earlier report ``priority`` either way).
- ``ultrafast``: access-controlled, Responses API only (Chat Completions
  does not accept it).
- ``scale``: the committed-capacity Scale Tier, bought by contract; not a
  self-serve option.
- ``auto``: the project's default tier (Standard unless the project is set
  to Fast); ``default``: Standard processing. Neither is flex.

Model support is decided per *catalog column*: ``flex`` for flex,
``priority`` for priority and fast. Other values are not model-gated in the
catalog. Values are compared case-insensitively here so that a mis-cased
value still shows what the user meant; the API itself accepts only the
lower-case spellings (the parameter rules report that).
"""

from __future__ import annotations

from typing import Any, Literal, Optional
from ..core.records import record

Column = Literal["flex", "priority"]


@record(frozen=True)
class Tier:
    """A ``service_tier`` value, what it means and where it is accepted."""

    value: str
    canonical: str  # "priority" for "fast"; otherwise the value itself
    column: Optional[Column]  # the model-catalog column that decides support, if any
    apis: frozenset[str]  # APIs whose enum accepts the value
    self_serve: bool  # False: needs a contract or an access grant
    meaning: str


_BOTH = frozenset({"responses", "chat"})

TIERS: dict[str, Tier] = {
    t.value: t
    for t in (
        Tier("auto", "auto", None, _BOTH, True, "the project's default tier (Standard unless the project is set to Fast)"),
        Tier("default", "default", None, _BOTH, True, "Standard processing"),
        Tier("flex", "flex", "flex", _BOTH, True, "Flex processing: half price, slower, may answer 429 when out of capacity"),
        Tier("priority", "priority", "priority", _BOTH, True, "Priority processing, called Fast mode since 2026-07-30"),
        Tier("fast", "priority", "priority", _BOTH, True, "Fast mode, the same tier as priority"),
        Tier("ultrafast", "ultrafast", None, frozenset({"responses"}), False,
             "Ultrafast mode: access-controlled, Responses API only"),
        Tier("scale", "scale", None, _BOTH, False, "the Scale Tier: committed capacity bought by contract"),
    )
}


def is_tier_key(name: Any) -> bool:
    """Whether a key names the service tier, in any spelling (``service_tier``, ``serviceTier``, ``Service-Tier``)."""
    return isinstance(name, str) and name.replace("_", "").replace("-", "").replace(" ", "").lower() == "servicetier"


def tier(value: Any) -> Tier | None:
    """The tier a ``service_tier`` value names (any case, surrounding space ignored), or None."""
    if not isinstance(value, str):
        return None
    return TIERS.get(value.strip().lower())


def is_flex(value: Any) -> bool:
    """True when the value asks for flex processing (``auto``/``default`` never do)."""
    t = tier(value)
    return t is not None and t.canonical == "flex"


def is_priority(value: Any) -> bool:
    """True for ``priority`` and ``fast``, which are the same tier."""
    t = tier(value)
    return t is not None and t.canonical == "priority"


def catalog_column(value: Any) -> Column | None:
    """Which model-catalog column decides whether a model offers this tier (None: not model-gated)."""
    t = tier(value)
    return t.column if t is not None else None


def same_tier(a: Any, b: Any) -> bool:
    """Whether two values ask for the same tier (``fast`` and ``priority`` do)."""
    ta, tb = tier(a), tier(b)
    return ta is not None and tb is not None and ta.canonical == tb.canonical
