#!/usr/bin/env python3
"""Record the keyword arguments of the OpenAI Python SDK's request methods and clients.

The wire parameters come from the generated schemas (``schemas/openai``);
this file adds what only the Python call knows: the keywords each method and
client constructor takes (request options such as ``extra_body`` and
``timeout``, ``text_format`` of ``parse``), and the client defaults.

Usage::

    python scripts/generate_python_sdk_signatures.py          # (re)write the file
    python scripts/generate_python_sdk_signatures.py --check  # exit 1 on drift
"""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "schemas" / "python" / "openai-sdk.json"
METHODS = (
    "responses.create",
    "responses.parse",
    "responses.stream",
    "chat.completions.create",
    "chat.completions.parse",
    "chat.completions.stream",
    "beta.chat.completions.parse",
    "beta.chat.completions.stream",
)
CLIENTS = ("OpenAI", "AsyncOpenAI", "AzureOpenAI", "AsyncAzureOpenAI")


def _keywords(fn) -> list[str]:
    return [
        name
        for name, p in inspect.signature(fn).parameters.items()
        if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD) and not name.startswith("_")
    ]


def render() -> str:
    import openai
    from openai._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT

    client = openai.OpenAI(api_key="unused")
    methods = {}
    for path in METHODS:
        target = client
        for part in path.split("."):
            target = getattr(target, part)
        methods[path] = _keywords(target)
    data = {
        "x-openai-sdk-version": openai.__version__,
        "methods": methods,
        "clients": {name: _keywords(getattr(openai, name)) for name in CLIENTS},
        "with_options": _keywords(client.with_options),
        "defaults": {
            "timeout": DEFAULT_TIMEOUT.read,
            "connect_timeout": DEFAULT_TIMEOUT.connect,
            "max_retries": DEFAULT_MAX_RETRIES,
        },
    }
    return json.dumps(data, indent=1) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not OUTPUT.exists() or OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} is out of date: run python {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
