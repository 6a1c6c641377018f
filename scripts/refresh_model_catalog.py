#!/usr/bin/env python3
"""Compare the model catalog (``schemas/models.yaml``) with what installed packages know, offline.

The catalog's verdicts come from research with sources; this script does not
change them. It reads the sources that ship inside packages already on this
machine and prints what differs, so a maintainer can update an entry with
evidence (and its source):

* the ``openai`` Python SDK: every model id in its ``Literal`` types
  (``ChatModel``, ``ResponsesModel``, the ``model`` of each create-params
  type), the reasoning-effort values it allows, and the shutdown dates its
  ``ChatModel`` docstring announces;
* LiteLLM, when installed: ``model_prices_and_context_window.json`` (the
  ``supports_*_reasoning_effort`` flags, ``default_reasoning_effort``, and
  whether a ``*_flex`` / ``*_priority`` price is recorded) for its OpenAI rows;
* the AI SDK's ``@ai-sdk/openai``, when node can resolve it: the model ids
  its build names.

Usage::

    python scripts/refresh_model_catalog.py            # print what changed
    python scripts/refresh_model_catalog.py --strict   # exit 1 when anything differs

Nothing is fetched from the network.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import json
import re
import shutil
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flexlint.knowledge.catalog import EFFORTS, Catalog, catalog  # noqa: E402

SDK_MODULES = (
    "openai.types.chat.completion_create_params",
    "openai.types.responses.response_create_params",
    "openai.types.responses.response_compact_params",
    "openai.types.beta.response_create_params",
    "openai.types.beta.response_compact_params",
)
# The ChatModel docstring's deprecation items: '- "gpt-5.3-chat-latest", "gpt-5.2-chat-latest": Announced
# shutdown date: 2026-08-10. See ...' (an item may wrap over several lines).
_ITEM = re.compile(r'^- (?P<ids>(?:"[^"]+",?\s*)+):(?P<body>.*?)(?=^- |\Z)', re.M | re.S)
_DATE = re.compile(r"shutdown date:\s*(\d{4}-\d{2}-\d{2})", re.I)


# ----------------------------------------------------------------------------- the openai SDK


def literals(tp: Any) -> set[str]:
    if typing.get_origin(tp) is typing.Literal:
        return {a for a in typing.get_args(tp) if isinstance(a, str)}
    args = typing.get_args(tp)
    return set().union(*(literals(a) for a in args)) if args else set()


def sdk_model_ids() -> dict[str, set[str]]:
    """Model id -> where the installed SDK lists it."""
    found: dict[str, set[str]] = {}
    for pkg in ("openai.types.shared", "openai.types.shared_params"):
        module = importlib.import_module(pkg)
        for name in dir(module):
            if name.endswith(("Model", "Models")) and not name.startswith("_"):
                for ident in literals(getattr(module, name)):
                    found.setdefault(ident, set()).add(f"{pkg}.{name}")
    for modname in SDK_MODULES:
        try:
            module = importlib.import_module(modname)
        except ImportError:
            continue
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and obj.__module__ == modname and "model" in getattr(obj, "__annotations__", {}):
                for ident in literals(typing.get_type_hints(obj)["model"]):
                    found.setdefault(ident, set()).add(f"{modname}.{name}.model")
    return found


def sdk_efforts() -> set[str]:
    from openai.types.shared.reasoning_effort import ReasoningEffort

    return literals(ReasoningEffort)


def sdk_shutdowns() -> dict[str, str]:
    """Model id -> shutdown date, from the ``chat_model.py`` source the SDK ships (comments and docstrings)."""
    spec = importlib.util.find_spec("openai.types.shared.chat_model")
    if spec is None or spec.origin is None:
        return {}
    text = Path(spec.origin).read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for item in _ITEM.finditer(text):
        date = _DATE.search(item.group("body"))
        if date:
            for ident in re.findall(r'"([^"]+)"', item.group("ids")):
                found[ident] = date.group(1)
    return found


def sdk_report(cat: Catalog, ids: dict[str, set[str]], efforts: Iterable[str], shutdowns: dict[str, str]) -> list[str]:
    out: list[str] = []
    for ident in sorted(ids):
        where = sorted(ids[ident])[0].rsplit(".", 2)[-2:]
        if cat.match(ident).entry.fallback:
            out.append(f"tier entry missing: {ident} (the SDK lists it in {'.'.join(where)})")
        if cat.parameters(ident).row is None:
            out.append(f"parameter row missing: {ident}")
    unknown = sorted(set(efforts) - set(EFFORTS))
    if unknown:
        out.append(f"new reasoning effort value(s) in the SDK: {', '.join(unknown)}")
    for ident, date in sorted(shutdowns.items()):
        row = cat.parameters(ident).row
        status = str(row.raw.get("status", "")) if row is not None else ""
        if row is not None and date not in status:
            said = status if len(status) <= 70 else status[:67] + "..."
            out.append(f"{ident}: the SDK announces shutdown on {date}; its row `{row.id}` says status: {said or '-'}")
    return out


# ----------------------------------------------------------------------------- LiteLLM


def litellm_table() -> dict[str, Any] | None:
    spec = importlib.util.find_spec("litellm")
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        for name in ("model_prices_and_context_window_backup.json", "model_prices_and_context_window.json"):
            path = Path(base) / name
            if path.exists():
                return json.loads(path.read_text(encoding="utf-8"))
    return None


def litellm_report(cat: Catalog, table: dict[str, Any]) -> list[str]:
    """Differences between LiteLLM's OpenAI rows and the catalog (LiteLLM is a secondary source: evidence only)."""
    out: list[str] = []
    for key, row in sorted(table.items()):
        if not isinstance(row, dict) or row.get("litellm_provider") != "openai" or "/" in key:
            continue
        if row.get("mode") not in ("chat", "responses"):
            continue
        entry = cat.match(key).entry
        params = cat.parameters(key)
        if entry.fallback:
            out.append(f"LiteLLM knows {key}; the catalog has no tier entry")
        for column in ("flex", "priority"):
            priced = any(k.endswith(f"_{column}") for k in row)
            verdict = entry.column(column)
            if priced and verdict is False:
                out.append(f"{key}: LiteLLM records a {column} price; the catalog says no ({entry.id})")
            elif priced and verdict is None:
                out.append(f"{key}: LiteLLM records a {column} price; the catalog says unknown ({entry.id})")
        if params.row is None:
            continue
        efforts = params.row.efforts("responses", params.normalised.undated)
        flags = {e: row.get(f"supports_{e}_reasoning_effort") for e in ("none", "minimal", "low", "xhigh", "max")}
        if efforts is not None:
            for effort, flag in flags.items():
                if flag is True and effort not in efforts:
                    out.append(f"{key}: LiteLLM says effort {effort!r} works; the catalog row `{params.row.id}` does not list it")
                if flag is False and effort in efforts:
                    out.append(f"{key}: LiteLLM says effort {effort!r} does not work; the catalog row `{params.row.id}` lists it")
        default = row.get("default_reasoning_effort")
        if default and params.row.default_effort and default != params.row.default_effort:
            out.append(f"{key}: LiteLLM's default effort is {default!r}; the catalog row says {params.row.default_effort!r}")
    return out


# ----------------------------------------------------------------------------- the AI SDK (npm)


def ai_sdk_model_ids() -> set[str] | None:
    node = shutil.which("node")
    if node is None:
        return None
    try:
        found = subprocess.run(
            [node, "-p", "require.resolve('@ai-sdk/openai/package.json')"],
            capture_output=True, text=True, timeout=20, cwd=ROOT,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if found.returncode != 0:
        return None
    ids: set[str] = set()
    for path in (Path(found.stdout.strip()).parent / "dist").glob("index.*js"):
        ids |= set(re.findall(r"[\"'`]((?:gpt-|o\d|chatgpt-)[a-z0-9.\-]+)[\"'`]", path.read_text(encoding="utf-8")))
    return ids


def ai_sdk_report(cat: Catalog, ids: Iterable[str]) -> list[str]:
    return [f"the AI SDK names {i}; the catalog has no tier entry" for i in sorted(ids)
            if not i.endswith("-") and cat.match(i).entry.fallback]


# ----------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when anything differs")
    args = parser.parse_args(argv)
    cat = catalog()
    changes = 0
    sections: list[tuple[str, list[str] | None]] = []
    try:
        import openai

        sections.append((f"openai {openai.__version__} (model Literals, ReasoningEffort, shutdown dates)",
                         sdk_report(cat, sdk_model_ids(), sdk_efforts(), sdk_shutdowns())))
    except ImportError:
        sections.append(("openai: not installed", None))
    table = litellm_table()
    if table is not None:
        import importlib.metadata as md

        sections.append((f"litellm {md.version('litellm')} (model_prices_and_context_window.json)", litellm_report(cat, table)))
    else:
        sections.append(("litellm: not installed", None))
    ids = ai_sdk_model_ids()
    sections.append(("@ai-sdk/openai (npm)" if ids is not None else "@ai-sdk/openai: node cannot resolve it",
                     ai_sdk_report(cat, ids) if ids is not None else None))
    for title, lines in sections:
        print(f"== {title}")
        if lines is None:
            print("   skipped")
            continue
        if not lines:
            print("   no differences")
        for line in lines:
            print(f"   {line}")
        changes += len(lines)
    print(f"\n{changes} difference(s) against schemas/models.yaml (researched {cat.researched}, "
          f"parameters {cat.parameters_researched}). Update an entry only with a source for the new verdict.")
    return 1 if args.strict and changes else 0


if __name__ == "__main__":
    sys.exit(main())
