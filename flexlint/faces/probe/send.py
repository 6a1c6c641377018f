"""Sending one probe with the openai SDK (the ``probe`` extra), imported only here and only to send.

The client is built for each probe with the probe's own base URL and key,
and without the SDK's ambient settings (``OPENAI_BASE_URL``, the
organisation and project ids, ``OPENAI_CUSTOM_HEADERS``, which may hold
another ``Authorization``): a probe sends the one key the plan names, to
the one server it names. ``max_retries`` is exactly what the user allows
(0 unless told): a flex request is never repeated behind the user's back.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from typing import Any, Iterator, Optional

from ...knowledge.secrets import redact
from .expect import Answer
from .plan import Probe

INSTALL = "pip install 'flexlint[probe]'"
NO_KEY = "flexlint-probe-no-key"  # what the SDK sends as a key to a server that needs none


class MissingClient(RuntimeError):
    """The openai SDK is not installed."""


def client_module() -> Any:
    try:
        import openai
    except ImportError as exc:
        raise MissingClient(f"flexlint probe sends its requests with the openai SDK ({exc}); "
                            f"install it with: {INSTALL}") from None
    return openai


# What the openai SDK reads from the environment when its client is made, besides the key.
AMBIENT = ("OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_CUSTOM_HEADERS", "OPENAI_ADMIN_KEY",
           "OPENAI_WEBHOOK_SECRET")


@contextmanager
def _without_ambient() -> Iterator[None]:
    saved = {name: os.environ.pop(name) for name in AMBIENT if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


def send(probe: Probe, key: Optional[str], *, timeout: float, retries: int) -> Answer:
    """Send the probe once (plus at most ``retries`` retries) and say what the server answered."""
    openai = client_module()
    with _without_ambient():
        client = openai.OpenAI(api_key=key or NO_KEY, base_url=probe.base_url, timeout=timeout, max_retries=retries)
    api = client.responses if probe.api == "responses" else client.chat.completions
    started = time.monotonic()

    def clean(text: Any) -> str:
        text = str(text)
        if key:
            text = text.replace(key, "***")
        return redact(text)

    try:
        raw = api.with_raw_response.create(**probe.body)
    except openai.APITimeoutError:
        return Answer(None, error=f"no answer within {timeout:g} s (the client's timeout)",
                      seconds=time.monotonic() - started)
    except openai.APIConnectionError as exc:
        cause = exc.__cause__ or exc
        return Answer(None, error=clean(f"no connection to {probe.host}: {cause}"), seconds=time.monotonic() - started)
    except openai.APIStatusError as exc:
        body = exc.body if isinstance(exc.body, dict) else {}
        message = body.get("message") if isinstance(body.get("message"), str) else (
            exc.body if isinstance(exc.body, str) and exc.body else exc.message)
        code = body.get("code") or body.get("type")
        return Answer(exc.status_code, request_id=_header(exc.response, "x-request-id"), error=clean(message),
                      code=clean(code) if code else None, seconds=time.monotonic() - started)
    seconds = time.monotonic() - started
    response = raw.http_response
    try:
        data = response.json()
    except ValueError:
        data = None
    served = data.get("service_tier") if isinstance(data, dict) else None
    return Answer(response.status_code, served=clean(served) if isinstance(served, str) else None,
                  request_id=clean(raw.request_id) if raw.request_id else None, seconds=seconds,
                  retries=getattr(raw, "retries_taken", 0))


def _header(response: Any, name: str) -> Optional[str]:
    try:
        value = response.headers.get(name)
    except AttributeError:
        return None
    return redact(value) if value else None
