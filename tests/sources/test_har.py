"""HTTP Archives: the request bodies a browser or proxy recorded are read, at their place in the `.har`."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli

RESPONSES = {"model": "gpt-5.4-mini", "input": "Summarise the report.", "serviceTier": "flex"}
CHAT = {"model": "gpt-5.3-codex", "messages": [{"role": "user", "content": "hi"}], "service_tier": "flex"}
ELSEWHERE = {"model": "meta-llama/llama-3.3-70b", "messages": [], "top_k": 20, "service_tier": "flex"}
KEY = "sk-proj-" + "A1b2C3d4E5f6G7h8I9j0" * 3


def entry(method: str, url: str, body: str | None = None, mime: str = "application/json") -> dict:
    request: dict = {"method": method, "url": url, "httpVersion": "HTTP/2",
                     "headers": [{"name": "authorization", "value": f"Bearer {KEY}"},
                                 {"name": "content-type", "value": mime}],
                     "queryString": [], "cookies": [], "headersSize": -1, "bodySize": len(body or "")}
    if body is not None:
        request["postData"] = {"mimeType": mime, "text": body}
    return {"startedDateTime": "2026-11-02T10:00:00.000Z", "time": 812.4, "request": request,
            "response": {"status": 200, "statusText": "", "httpVersion": "HTTP/2", "headers": [], "cookies": [],
                         "content": {"size": 2, "mimeType": "application/json", "text": "{}"},
                         "redirectURL": "", "headersSize": -1, "bodySize": -1},
            "cache": {}, "timings": {"send": 0.1, "wait": 800, "receive": 12.3}}


def har(*entries: dict) -> str:
    """As browsers' developer tools save it: HAR 1.2, indented, each body JSON text in a string."""
    log = {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "pages": [],
           "entries": list(entries)}
    return json.dumps({"log": log}, indent=2) + "\n"


@pytest.fixture
def capture(tmp_path):
    text = har(
        entry("GET", "https://api.openai.com/v1/models"),
        entry("POST", "https://api.openai.com/v1/responses", json.dumps(RESPONSES)),
        entry("POST", "https://api.openai.com/v1/chat/completions", json.dumps(CHAT, indent=2)),
        entry("POST", "https://openrouter.ai/api/v1/chat/completions", json.dumps(ELSEWHERE)),
        entry("POST", "https://api.openai.com/v1/embeddings", json.dumps({"model": "x", "input": "y", "foo": 1})),
        entry("POST", "https://api.openai.com/v1/responses", "--boundary\r\nnot json", "multipart/form-data"),
    )
    (tmp_path / "session.har").write_text(text)
    return tmp_path, text


def position(text: str, needle: str) -> tuple[int, int]:
    """Line and column of the first occurrence of ``needle`` in the file."""
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_bodies_sent_to_openai_are_checked_at_their_place_in_the_archive(capture):
    folder, text = capture
    proc = run_cli("--format", "json", "session.har", cwd=folder)
    assert proc.returncode == 1, proc.stderr.decode()
    found = json.loads(proc.stdout)
    assert [(d["rule"], d["line"], d["column"]) for d in found] == [
        ("wrong-key-casing", *position(text, '\\"serviceTier\\"')),
        ("flex-unsupported-model", *position(text, '\\"gpt-5.3-codex\\"')),
    ]
    casing, model = found
    assert casing["message"].startswith("entry 2, POST api.openai.com/v1/responses: `serviceTier` is not a parameter "
                                        "of the Responses API")
    assert casing["fix"] == "rename `serviceTier` to `service_tier`"
    assert model["message"].startswith("entry 3, POST api.openai.com/v1/chat/completions: model \"gpt-5.3-codex\"")
    assert KEY not in proc.stdout.decode()


def test_the_code_frame_points_into_the_string_and_never_shows_the_key(capture):
    folder, _ = capture
    out = run_cli("--show-source", "session.har", cwd=folder).stdout.decode()
    assert '\\"serviceTier\\"' in out and "^" in out
    assert KEY not in out


def test_a_walk_and_the_hook_prefilter_read_archives(capture):
    folder, _ = capture
    (folder / "plain.har").write_text(har(entry("POST", "https://api.openai.com/v1/responses",
                                                json.dumps({"model": "gpt-5.4-mini", "input": "hi", "temprature": 1}))))
    walked = json.loads(run_cli("--format", "json", ".", cwd=folder).stdout)
    assert {(d["path"], d["rule"]) for d in walked} == {
        ("session.har", "wrong-key-casing"), ("session.har", "flex-unsupported-model"), ("plain.har", "unknown-parameter")}
    hooked = json.loads(run_cli("--format", "json", "--prefilter", "plain.har", cwd=folder).stdout)
    assert [d["rule"] for d in hooked] == ["unknown-parameter"]


def test_an_archive_without_openai_requests_and_a_har_that_is_not_one(tmp_path):
    (tmp_path / "other.har").write_text(har(entry("POST", "https://shop.example/api/cart", '{"id": 1}'),
                                            entry("GET", "https://example.com/")))
    (tmp_path / "body.har").write_text(json.dumps(RESPONSES))  # not a HAR: read as the JSON it is
    (tmp_path / "broken.har").write_text('{"log": {"entries": [\n')
    proc = run_cli("--format", "json", "other.har", "body.har", "broken.har", cwd=tmp_path)
    assert proc.returncode == 2
    assert [(d["path"], d["rule"]) for d in json.loads(proc.stdout)] == [
        ("body.har", "wrong-key-casing"), ("broken.har", "parse-error")]
