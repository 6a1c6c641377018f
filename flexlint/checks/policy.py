"""Team policies, written as rules in a rule pack: parameter values and models a project allows.

* ``parameter-policy``: the value a request sends for a wire parameter
  (``service_tier``, ``reasoning.effort``, …) must be one of ``require`` and
  must not be one of ``forbid``. With ``require``, a complete request that
  does not send the parameter at all is reported too (it runs with the
  server's default). ``service_tier`` values are compared as tiers (``fast``
  is ``priority``, case does not matter).
* ``model-policy``: the model must match one of ``allow`` and none of
  ``forbid`` (globs, compared without case).

What is judged is what goes on the wire (``effective``); a value that is
computed at run time is unknown and never reported. Sites that show only
part of a request (keys passed through ``extra_body``, a client's
credentials) are judged only on what they show.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any, Iterator

from ..core.diagnostics import Finding
from ..core.document import UNKNOWN
from ..core.site import RequestSite
from ..knowledge.tiers import same_tier
from . import Ask


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def _listing(values: tuple) -> str:
    return ", ".join(_show(v) for v in values)


def _equal(parameter: str, a: Any, b: Any) -> bool:
    if parameter == "service_tier" and isinstance(a, str) and isinstance(b, str):
        return same_tier(a, b) or a.strip().lower() == b.strip().lower()
    return a == b and type(a) is type(b) or (isinstance(a, (int, float)) and isinstance(b, (int, float)) and a == b
                                              and not isinstance(a, bool) and not isinstance(b, bool))


def _where(site: RequestSite) -> str:
    return f" ({site.origin})" if site.origin else ""


def check_site(site: RequestSite, ask: Ask) -> Iterator[Finding]:
    if ask.on("parameter-policy"):
        yield from _parameter(site, ask)
    if ask.on("model-policy"):
        yield from _model(site, ask)


def _parameter(site: RequestSite, ask: Ask) -> Iterator[Finding]:
    parameter: str = ask.param("parameter")
    path = tuple(parameter.split("."))
    require: tuple = ask.param("require") or ()
    forbid: tuple = ask.param("forbid") or ()
    effective = site.effective_for(site.api if site.api != "unknown" else None)
    eff = effective.get(path)
    if eff is None:
        node, _ = site.locate(path)
        if node is not None:  # set inside an object that is sent (e.g. reasoning: {effort: ...})
            value, anchor = node.value, node
        elif require and site.complete:
            anchor = site.model_node or site.container
            if anchor is None:
                return
            yield Finding(
                "parameter-policy",
                f"this request{_where(site)} sends no `{parameter}`, so the server's default applies; "
                f"this project requires {_listing(require)}",
                anchor.anchor,
                fix=f"set `{parameter}` to {_show(require[0])}",
            )
            return
        else:
            return
    else:
        value, anchor = eff.value, eff.node
    if anchor is None or anchor.value is UNKNOWN or value is UNKNOWN:
        return  # the value cannot be known here (computed at run time)
    if require and not any(_equal(parameter, value, r) for r in require):
        yield Finding(
            "parameter-policy",
            f"`{parameter}` is {_show(value)} here{_where(site)}; this project requires {_listing(require)}",
            anchor.anchor,
            fix=f"set `{parameter}` to {_show(require[0])}",
        )
    elif forbid and any(_equal(parameter, value, f) for f in forbid):
        yield Finding(
            "parameter-policy",
            f"`{parameter}` is {_show(value)} here{_where(site)}; this project does not allow {_listing(forbid)}",
            anchor.anchor,
            fix=f"use another value for `{parameter}`, or remove it",
        )


def _model(site: RequestSite, ask: Ask) -> Iterator[Finding]:
    model, node = site.model, site.model_node
    if not isinstance(model, str) or not model.strip() or node is None:
        return
    allow: tuple = ask.param("allow") or ()
    forbid: tuple = ask.param("forbid") or ()
    name = model.strip().lower()
    if allow and not any(fnmatchcase(name, pattern.lower()) for pattern in allow):
        yield Finding(
            "model-policy",
            f'model "{model}"{_where(site)} is not one this project allows ({", ".join(allow)})',
            node,
            fix=f"use an allowed model ({', '.join(allow)})",
        )
    elif forbid and any(fnmatchcase(name, pattern.lower()) for pattern in forbid):
        matched = next(p for p in forbid if fnmatchcase(name, p.lower()))
        yield Finding(
            "model-policy",
            f'model "{model}"{_where(site)} is one this project does not allow ({matched})',
            node,
            fix="use another model",
        )
