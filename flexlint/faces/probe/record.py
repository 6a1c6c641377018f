"""Keeping probe answers as evidence for the model catalog, in a file the user chooses.

The file holds what the catalog holds for evidence (``schemas/models.yaml``):
``sources``, each in the catalog's source format (an ``empirical`` source
with its date), and ``evidence``, one item per answered probe in the format
of a catalog entry's ``conflicts`` (the source, the column's verdict, a
note), with the model and the server. A verdict is written only when the
answer decides it: served at the tier asked (yes), or refused with OpenAI's
"not available for this model" (no); anything else is ``unknown`` with the
answer in the note. Running again adds a source; the shipped catalog itself
is never written.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, Optional

from ...knowledge.data import data_dir
from ...knowledge.tiers import catalog_column, same_tier
from .expect import Answer
from .plan import Plan

HEADER = ("# flexlint probe results: evidence for the model catalog (schemas/models.yaml).\n"
          "# `sources` use the catalog's source format; each `evidence` item the format of an entry's\n"
          "# `conflicts`, with the model and the server it was asked on. Written by `flexlint probe --record`.\n")
NOT_AVAILABLE = "not available for this model"


class RecordError(ValueError):
    """The evidence file cannot be used (the shipped catalog, or a file of another kind)."""


def _verdict(asked: Optional[str], answer: Answer) -> bool | str:
    if answer.status is not None and answer.status < 400 and answer.served is not None and asked is not None:
        if same_tier(asked, answer.served):
            return True
    if answer.status == 400 and answer.error and NOT_AVAILABLE in answer.error.lower():
        return False
    return "unknown"


def _note(asked: str, answer: Answer) -> str:
    if answer.status is None:
        said = answer.error or "no answer"
    elif answer.status >= 400:
        said = f"HTTP {answer.status}" + (f" {answer.code}" if answer.code else "") + (
            f': "{answer.error}"' if answer.error else "")
    else:
        said = f'HTTP {answer.status}, the response says service_tier "{answer.served}"' if answer.served else \
            f"HTTP {answer.status}, the response does not say which tier served it"
    rid = f" (request {answer.request_id})" if answer.request_id else ""
    return f'asked service_tier "{asked}": {said}{rid}'


def evidence(plan: Plan, answers: list[Answer], now: Optional[_dt.datetime] = None) -> tuple[str, dict, list[dict]]:
    """(source key, source, evidence items) for the answered probes that asked for a model-gated tier."""
    now = now or _dt.datetime.now(_dt.timezone.utc)
    key = "PROBE-" + now.strftime("%Y%m%dT%H%M%SZ")
    servers = sorted({p.server.label for p in plan.probes})
    source = {
        "title": f"a flexlint probe ({now.date().isoformat()})",
        "ref": f"flexlint probe: one request per model to {', '.join(servers)}, reading the response's service_tier",
        "date": now.date().isoformat(),
        "kind": "empirical",
    }
    items = []
    for probe, answer in zip(plan.probes, answers):
        column = catalog_column(probe.asked) if probe.asked is not None else None
        if column is None:
            continue
        items.append({
            "model": probe.model,
            "server": probe.server.id,
            "source": key,
            column: _verdict(probe.asked, answer),
            "note": _note(probe.asked or "", answer),
        })
    return key, source, items


def write(path: str, plan: Plan, answers: list[Answer], now: Optional[_dt.datetime] = None) -> int:
    """Add the probe's evidence to ``path`` (created when missing); the number of items written."""
    import yaml

    target = Path(path)
    shipped = (data_dir("schemas") / "models.yaml").resolve()
    if target.resolve() == shipped:
        raise RecordError(f"{path} is flexlint's own model catalog, which a probe never edits; "
                          "record into a file of your own and send it with a report")
    data: dict[str, Any] = {"sources": {}, "evidence": []}
    if target.exists():
        try:
            loaded = yaml.safe_load(target.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise RecordError(f"cannot read {path}: {exc}") from None
        if loaded is not None:
            if not (isinstance(loaded, dict) and set(loaded) <= {"sources", "evidence"}
                    and isinstance(loaded.get("sources", {}), dict) and isinstance(loaded.get("evidence", []), list)):
                raise RecordError(f"{path} is not a probe evidence file (only `sources` and `evidence`); "
                                  "choose a new file")
            data = {"sources": dict(loaded.get("sources") or {}), "evidence": list(loaded.get("evidence") or [])}
    key, source, items = evidence(plan, answers, now)
    if not items:
        return 0
    data["sources"][key] = source
    data["evidence"].extend(items)
    text = HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise RecordError(f"cannot write {path}: {exc.strerror or exc}") from None
    return len(items)
