"""The probe's plan and results, as text for people and JSON for scripts.

Nothing here can print a key: bodies never hold one, the key's variable is
shown by name only, and every text a server sent back is redacted before
it gets here (``send``).
"""

from __future__ import annotations

import json
from typing import Any, Optional

from ..explain import API
from .expect import Agreement, Answer, compare
from .plan import Plan, Probe

COST = ("Each request is billed like any other at its tier (a one-word input and at most a few output tokens: "
        "a tiny cost, but a real one); a flex request refused for lack of capacity (HTTP 429) is not charged.")


def _key(probe: Probe) -> str:
    return f"the key in ${probe.key_env}" if probe.key_env else "no key"


def _tier(value: Optional[str]) -> str:
    return f'"{value}"' if value is not None else "none sent"


def plan_text(plan: Plan, *, dry_run: bool = False) -> str:
    out: list[str] = []
    for path, error in plan.errors:
        out.append(f"{path}: cannot be read: {error}")
    for i, probe in enumerate(plan.probes, 1):
        out.append(f"request {i}: POST {probe.url}  [{probe.server.label}, {API[probe.api]}, {_key(probe)}]")
        out += _sites(probe)
        out.append(f"  model      {probe.model}{_model_place(probe)}")
        out.append(f"  tier       {_tier(probe.asked)}")
        out.append(f"  flexlint   expects {probe.expectation.says} ({probe.expectation.basis})")
        for note in probe.notes:
            out.append(f"  note       {note}")
        out.append("  body       " + json.dumps(probe.body, ensure_ascii=False))
    for skip in plan.skipped:
        out.append(f"{skip.site.place} {skip.site.origin}: not probed: {skip.reason}")
    if plan.untiered:
        many = plan.untiered != 1
        out.append(f"{plan.untiered} other request site{'s ask' if many else ' asks'} for no service tier: "
                   "nothing to probe there.")
    count = len(plan.probes)
    if dry_run:
        out.append(f"dry run: {count} request{'s' if count != 1 else ''} would be sent; nothing was sent.")
    elif count:
        hosts = sorted({p.host for p in plan.probes})
        out.append(f"{count} request{'s' if count != 1 else ''} to {', '.join(hosts)}. {COST}")
    return "\n".join(out) + ("\n" if out else "")


SHOWN_SITES = 3  # sites listed per request; the JSON output lists them all


def _sites(probe: Probe) -> list[str]:
    lines = [f"  for        {w.place} {w.origin}" for w in probe.sites[:SHOWN_SITES]]
    more = len(probe.sites) - SHOWN_SITES
    if more > 0:
        lines.append(f"             and {more} more site{'s' if more != 1 else ''} that send the same request")
    return lines


def result_text(plan: Plan, answers: list[Answer]) -> str:
    out: list[str] = []
    for i, (probe, answer) in enumerate(zip(plan.probes, answers), 1):
        agreement = compare(probe.asked, probe.expectation, answer)
        out.append(f"request {i}: POST {probe.url}  [{probe.server.label}, {API[probe.api]}]")
        out += _sites(probe)
        out.append(f"  model      {probe.model}{_model_place(probe)}")
        out.append(f"  asked      {_tier(probe.asked)}")
        out.append(f"  served     {_served(answer)}")
        out.append(f"  answer     {_answer(answer)}")
        out.append(f"  flexlint   expected {probe.expectation.says} ({probe.expectation.basis})")
        out.append(f"  verdict    {agreement.verdict}: {agreement.note}")
        out += [f"  note       {note}" for note in probe.notes]
    return "\n".join(out) + ("\n" if out else "")


def _model_place(probe: Probe) -> str:
    """Where the first site's model is written (a loop's list element, for one site per model)."""
    first = probe.sites[0]
    model = first.data.get("model") or {}
    at = model.get("at")
    if not at:
        return ""
    path = "" if at["path"] == first.path else at["path"] + ":"
    return f" ({path}{at['line']}:{at['column']})"


def _served(answer: Answer) -> str:
    if answer.status is None:
        return "- (no answer)"
    if answer.status == 429:
        return "- (no capacity now)"
    if answer.status >= 400:
        return "- (refused)"
    return f'"{answer.served}"' if answer.served is not None else "- (the response does not say)"


def _answer(answer: Answer) -> str:
    rid = f", request {answer.request_id}" if answer.request_id else ""
    retries = f", after {answer.retries} retr{'y' if answer.retries == 1 else 'ies'}" if answer.retries else ""
    if answer.status is None:
        return f"{answer.error}{retries}"
    text = f"HTTP {answer.status}"
    if answer.error:
        text += f" {answer.code + ': ' if answer.code else ''}{answer.error}"
    return f"{text} ({answer.seconds:.1f} s{rid}{retries})"


SAID = {"agrees": "as flexlint expected", "disagrees": "not as flexlint expected",
        "no verdict": "without a verdict to compare", "no answer": "without an answer"}


def summary(plan: Plan, answers: list[Answer]) -> str:
    verdicts = [compare(p.asked, p.expectation, a) for p, a in zip(plan.probes, answers)]
    counts: dict[str, int] = {}
    for v in verdicts:
        counts[v.verdict] = counts.get(v.verdict, 0) + 1
    parts = ", ".join(f"{counts[word]} {said}" for word, said in SAID.items() if counts.get(word))
    line = f"{len(answers)} request{'s' if len(answers) != 1 else ''} sent: {parts}."
    if counts.get("disagrees"):
        line += (" A disagreement means the catalog may be wrong: `--record FILE` keeps the answers as evidence "
                 "to send with a report.")
    return line + "\n"


def as_json(plan: Plan, answers: Optional[list[Answer]] = None) -> str:
    probes = []
    for i, probe in enumerate(plan.probes):
        answer = answers[i] if answers is not None else None
        agreement: Optional[Agreement] = compare(probe.asked, probe.expectation, answer) if answer else None
        probes.append({
            "sites": [{"path": w.path, "at": w.data.get("at"), "origin": w.origin, "dialect": w.site.dialect}
                      for w in probe.sites],
            "server": probe.server.id,
            "url": probe.url,
            "api": probe.api,
            "key_env": probe.key_env,
            "model": probe.model,
            "body": probe.body,
            "asked": probe.asked,
            "expected": {"says": probe.expectation.says, "basis": probe.expectation.basis,
                         "served": sorted(probe.expectation.served), "refused": probe.expectation.refused},
            "notes": probe.notes,
            "answer": None if answer is None else {
                "status": answer.status, "served": answer.served, "request_id": answer.request_id,
                "error": answer.error, "code": answer.code, "seconds": round(answer.seconds, 3),
                "retries": answer.retries,
            },
            "outcome": agreement.word if agreement else None,
            "verdict": agreement.verdict if agreement else None,
            "note": agreement.note if agreement else None,
        })
    data: dict[str, Any] = {
        "sent": answers is not None,
        "probes": probes,
        "skipped": [{"path": s.site.path, "at": s.site.data.get("at"), "origin": s.site.origin, "reason": s.reason}
                    for s in plan.skipped],
        "errors": [{"path": p, "error": e} for p, e in plan.errors],
        "without_tier": plan.untiered,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
