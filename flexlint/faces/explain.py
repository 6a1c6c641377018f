"""``flexlint explain FILE``: the request sites flexlint reads in a file, as the checks see them.

For each site: where its requests go (the target, how flexlint knows, what
it assumed), the model as that server receives it, every parameter that goes
on the wire with the place it was written (and the setting that changed
it), what never reaches the wire, and the client settings around it. This
is what a user needs to trust a verdict, and what an issue report needs.
Values under key-like names are never shown, and every text is redacted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..core.document import Document, Node, SourceError
from ..core.site import RequestSite
from ..knowledge.secrets import hide_secret_values, redact

API = {"responses": "the Responses API", "chat": "Chat Completions", "unknown": "either API"}


@dataclass
class FileSites:
    path: str
    dialects: list[str]
    sites: list[RequestSite]
    error: str | None = None


def read_sites(display: str, source: bytes | Path) -> FileSites:
    """The request sites of one file (or why it cannot be read)."""
    from ..dialects import choose
    from ..run.documents import read_documents

    try:
        documents = read_documents(display, source)
    except SourceError as error:
        return FileSites(display, [], [], redact(str(error) + (f" ({error.hint})" if error.hint else "")))
    dialects: list[str] = []
    sites: list[RequestSite] = []
    for document in documents:
        dialect = choose(document)
        if dialect is None:
            continue
        dialects.append(dialect.name)
        sites.extend(s for s in dialect.read(document).sites if _is_request(s))
    return FileSites(display, dialects, sites)


def _is_request(site: RequestSite) -> bool:
    """A site that says something about a request (not only a client's credentials)."""
    return bool(site.effective or site.params or site.drops or site.model is not None)


def read_paths(paths: Iterable[str]) -> list[FileSites]:
    from ..run.paths import discover
    from ..sources import container_kind

    out = []
    for candidate in discover(paths):
        path = candidate.path
        if not path.exists():
            out.append(FileSites(candidate.display, [], [], "no such file or directory"))
            continue
        if container_kind(str(path)) is not None:
            out.append(read_sites(candidate.display, path))
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            out.append(FileSites(candidate.display, [], [], f"cannot read file: {exc.strerror or exc}"))
            continue
        found = read_sites(candidate.display, data)
        if found.sites or found.error or candidate.explicit:
            out.append(found)
    return out


# ---------------------------------------------------------------- as data


def _at(document: Document | None, node: Node | None) -> dict[str, Any] | None:
    if document is None or node is None:
        return None
    line, column = document.position(node.start)
    place = {"path": document.path, "line": line, "column": column}
    where = document.where(node.start)
    if where:
        place["where"] = redact(where)
    return place


def _value(value: Any, name: str) -> Any:
    shown = hide_secret_values(value, name)
    return json.loads(redact(json.dumps(shown, ensure_ascii=False, default=str)))


def site_json(site: RequestSite) -> dict[str, Any]:
    from ..knowledge.servers import server

    doc = site.document
    target = site.target
    tdoc = target.document or doc
    found = server(target.server)
    anchor = site.container if site.container is not None else site.model_node
    parameters = []
    for path, eff in sorted(site.effective.items(), key=lambda kv: kv[0]):
        name = ".".join(str(p) for p in path)
        entry: dict[str, Any] = {"name": name, "value": _value(eff.value, path[-1] if path else ""),
                                 "at": _at(eff.document or doc, eff.node)}
        if eff.cause is not None:
            entry["changed_by"] = {"at": _at(eff.document or doc, eff.cause), "note": redact(eff.note)}
        parameters.append(entry)
    client = site.client
    return {
        "origin": redact(site.origin),
        "dialect": site.dialect,
        "api": site.api,
        "layer": site.layer.label,
        "at": _at(doc, anchor),
        "target": {
            "server": found.id,
            "label": found.label,
            "how": redact(target.how) or None,
            "at": _at(tdoc, target.node),
            "assumed": redact(target.assumed) if target.assumed else None,
            "native": target.native,
            "deployment": {"name": target.deployment, "at": _at(tdoc, target.deployment_node)} if target.deployment else None,
            "base_model": {"name": target.base_model, "at": _at(tdoc, target.base_model_node)} if target.base_model else None,
            "judged_by_openai_schema": found.openai_schema,
        },
        "model": {"name": site.model, "at": _at(doc, site.model_node)} if site.model is not None else None,
        "parameters": parameters,
        "dropped": [
            {"name": d.name, "fate": d.kind, "reason": redact(d.reason), "at": _at(doc, d.node)} for d in site.drops
        ],
        "client": {
            "timeout": ({"seconds": client.timeout_seconds, "at": _at(doc, client.timeout)} if client.timeout is not None
                        else {"default_seconds": client.default_timeout, "default_of": client.default_from or None}
                        if client.default_timeout is not None else None),
            "max_retries": ({"value": client.max_retries_value, "at": _at(doc, client.max_retries), "name": client.label}
                            if client.max_retries is not None
                            else {"default": client.default_max_retries} if client.default_max_retries is not None else None),
        },
    }


def to_json(files: list[FileSites]) -> str:
    return json.dumps(
        [{"path": f.path, "dialects": f.dialects, "error": f.error, "sites": [site_json(s) for s in f.sites]} for f in files],
        indent=2,
        ensure_ascii=False,
    ) + "\n"


# ---------------------------------------------------------------- as text


def _place(at: dict[str, Any] | None, home: str) -> str:
    if at is None:
        return ""
    where = f" ({at['where']})" if at.get("where") else ""
    path = at["path"]
    return f"{'' if path == home else path + ':'}{at['line']}:{at['column']}{where}"


def to_text(files: list[FileSites]) -> str:
    out: list[str] = []
    for f in files:
        if f.error:
            out.append(f"{f.path}: cannot be read: {f.error}")
            continue
        if not f.sites:
            out.append(f"{f.path}: no request site" + (f" ({', '.join(f.dialects)})" if f.dialects else
                                                      " (no reader recognises this file)"))
            continue
        for data in (site_json(s) for s in f.sites):
            out.append(_site_text(data, f.path))
    return "\n".join(out) + ("\n" if out else "")


def _site_text(data: dict[str, Any], home: str) -> str:
    at = _place(data["at"], home)
    lines = [f"{home}:{at} {data['origin'] or 'request'}  [{data['dialect']}, {API.get(data['api'], data['api'])}]"
             if at else f"{home}: {data['origin'] or 'request'}  [{data['dialect']}, {API.get(data['api'], data['api'])}]"]
    target = data["target"]
    how = f", from {target['how']}" if target["how"] else ""
    where = _place(target["at"], home)
    lines.append(f"  target     {target['label']}{how}" + (f" ({where})" if where else ""))
    if target["assumed"]:
        lines.append(f"  assumed    {target['assumed']}")
    if target["deployment"]:
        lines.append(f"  deployment {target['deployment']['name']}" + _suffix(target["deployment"]["at"], home))
    if target["base_model"]:
        lines.append(f"  base model {target['base_model']['name']}" + _suffix(target["base_model"]["at"], home))
    if data["model"]:
        lines.append(f"  model      {data['model']['name']}" + _suffix(data["model"]["at"], home))
    first = True
    for param in data["parameters"]:
        if param["name"] == "model":
            continue
        text = f"{param['name']} = {json.dumps(param['value'], ensure_ascii=False, default=str)}"
        if len(text) > 70:
            text = text[:69] + "…"
        line = f"  {'sends' if first else '':<10} {text}" + _suffix(param["at"], home)
        if "changed_by" in param:
            line += f", set by {_place(param['changed_by']['at'], home)}: {param['changed_by']['note']}"
        lines.append(line)
        first = False
    for i, drop in enumerate(data["dropped"]):
        lines.append(f"  {'not sent' if i == 0 else '':<10} {drop['name']} ({drop['fate']})" + _suffix(drop["at"], home)
                     + f": {drop['reason']}")
    client = data["client"]
    parts = []
    if client["timeout"] is not None:
        t = client["timeout"]
        parts.append(f"timeout {t['default_seconds']:g} s (the default" + (f" of {t['default_of']})" if t.get("default_of") else ")")
                     if "default_seconds" in t else
                     f"timeout {t['seconds']:g} s" + _suffix(t["at"], home) if t["seconds"] is not None else
                     "timeout not known" + _suffix(t["at"], home))
    if client["max_retries"] is not None:
        r = client["max_retries"]
        parts.append(f"retries {r['default']} (the default)" if "default" in r else
                     f"{r['name']} {r['value'] if r['value'] is not None else 'not known'}" + _suffix(r["at"], home))
    if parts:
        lines.append(f"  client     {'; '.join(parts)}")
    return redact("\n".join(lines))


def _suffix(at: dict[str, Any] | None, home: str) -> str:
    place = _place(at, home)
    return f" ({place})" if place else ""
