"""A local OpenAI-compatible server for the probe tests: real HTTP on 127.0.0.1, answers chosen per model.

It answers ``POST …/responses`` and ``POST …/chat/completions`` as OpenAI
does for service tiers: the tier asked is served (``auto`` and no tier as
``default``), unless the test sets a model's behaviour:

* ``no-flex``: flex is refused with OpenAI's HTTP 400 "Flex is not available
  for this model." (invalid_request_error), the text users and inspect_ai's
  live tests received;
* ``busy``: flex is out of capacity, HTTP 429 with the body observed from
  OpenAI (type ``resource_unavailable``, code ``flex_unavailable``,
  ``Retry-After: 300``);
* ``no-priority``: a priority request is answered at ``default``;
* ``slow``: no answer for ``delay`` seconds;
* ``echo-key``: HTTP 401 whose message repeats the key it was sent.

Every request is recorded (path, headers, body), so tests can count what
was sent and see where the key went.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

NO_FLEX = {"message": "Flex is not available for this model.", "type": "invalid_request_error", "param": None,
           "code": None}
BUSY = {"message": "Flex tier does not have sufficient resources available to fulfill your request. Please try again "
                   "later or change service_tier=default.",
        "type": "resource_unavailable", "param": None, "code": "flex_unavailable"}


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeOpenAI:
    behave: dict[str, str] = field(default_factory=dict)
    delay: float = 3.0
    requests: list[Seen] = field(default_factory=list)

    def start(self) -> "FakeOpenAI":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                fake.requests.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                status, payload, headers = fake.answer(self.path, self.headers.get("authorization", ""), body)
                if status is None:
                    time.sleep(fake.delay)
                    status, payload, headers = 200, fake.ok(self.path, body, "default"), {}
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.send_header("x-request-id", f"req_fake{len(fake.requests):04d}")
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, path: str, authorization: str, body: Any) -> tuple[int | None, Any, dict[str, str]]:
        if not path.endswith(("/responses", "/chat/completions")) or not isinstance(body, dict):
            return 404, {"error": {"message": f"Invalid URL (POST {path})", "type": "invalid_request_error"}}, {}
        model, tier = body.get("model"), body.get("service_tier")
        how = self.behave.get(model, "")
        if how == "slow":
            return None, None, {}
        if how == "echo-key":
            key = authorization.removeprefix("Bearer ")
            return 401, {"error": {"message": f"Incorrect API key provided: {key}.", "type": "invalid_request_error",
                                   "code": "invalid_api_key"}}, {}
        if tier == "flex" and how == "no-flex":
            return 400, {"error": NO_FLEX}, {}
        if tier == "flex" and how == "busy":
            return 429, {"error": BUSY}, {"retry-after": "300", "retry-after-ms": "10"}
        served = "default" if tier in (None, "auto") or (tier == "priority" and how == "no-priority") else tier
        return 200, self.ok(path, body, served), {}

    @staticmethod
    def ok(path: str, body: dict, served: str) -> dict:
        usage = {"input_tokens": 7, "output_tokens": 2, "total_tokens": 9}
        if path.endswith("/responses"):
            return {"id": "resp_fake", "object": "response", "status": "completed", "model": body["model"],
                    "output": [{"type": "message", "role": "assistant", "id": "msg_fake", "status": "completed",
                                "content": [{"type": "output_text", "text": "pong", "annotations": []}]}],
                    "service_tier": served, "usage": usage}
        return {"id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": body["model"],
                "choices": [{"index": 0, "message": {"role": "assistant", "content": "pong"}, "finish_reason": "length"}],
                "service_tier": served, "usage": {"prompt_tokens": 7, "completion_tokens": 1, "total_tokens": 8}}
