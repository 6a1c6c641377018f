#!/usr/bin/env python3
"""Record the keyword arguments of the OpenAI Python SDK's request methods and clients.

The wire parameters come from the generated schemas (``schemas/openai``);
this file adds what only the Python call knows: the keywords each method and
client constructor takes (request options such as ``extra_body`` and
``timeout``, ``text_format`` of ``parse``), and the client defaults: the
SDK's own timeout and retries, and the timeout each HTTP client class carries
when built without one. The SDK keeps the timeout of an ``http_client``
unless it equals httpx's default, which it replaces with its own 600 s
(``SyncHttpxClientWrapper``/``_base_client``: ``client_timeout !=
HTTPX_DEFAULT_TIMEOUT``), so ``OpenAI(http_client=httpx.Client())`` still
times out after 600 s.

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


def _http_clients(httpx2, openai, httpx_default: float) -> dict[str, float | None]:
    """What each client class an ``http_client`` is usually built with gives as its read timeout.

    httpx2's and the SDK's own classes are built and read; legacy ``httpx``
    (no dependency of the SDK) has the same default config as httpx2, which
    is the value the SDK compares with, so that value is recorded for it.
    """
    out: dict[str, float | None] = {}
    for module, name in (("httpx2", "Client"), ("httpx2", "AsyncClient")):
        out[f"{module}.{name}"] = getattr(httpx2, name)().timeout.read
    for name in ("Client", "AsyncClient"):
        out[f"httpx.{name}"] = httpx_default
    for name in ("DefaultHttpxClient", "DefaultAsyncHttpxClient"):
        out[f"openai.{name}"] = getattr(openai, name)().timeout.read
    return out


def render() -> str:
    import httpx2
    import openai
    from openai._base_client import HTTPX_DEFAULT_TIMEOUT
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
            # An http_client whose read timeout is this (httpx's default) gets `timeout` instead.
            "replaced_http_client_timeout": HTTPX_DEFAULT_TIMEOUT.read,
        },
        # The read timeout of each HTTP client class built without `timeout=`.
        "http_clients": _http_clients(httpx2, openai, HTTPX_DEFAULT_TIMEOUT.read),
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
