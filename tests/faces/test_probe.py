"""`flexlint probe`: real requests to a local OpenAI-compatible server, never to the internet.

Each test starts ``fake_openai.FakeOpenAI`` on 127.0.0.1 and points the
site's target at it (``--base-url`` for sites that go to OpenAI, the file's
own base URL for a server allowed with ``--allow``), then runs the real
command line and reads what the fake server received: how many requests,
which bodies, which key.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import CASES, ROOT, run_in_pty, schema_errors
from fake_openai import FakeOpenAI

KEY = "sk-proj-Pr0beKeyZx81kLmN0pQrStUv2345abcdefgh"
AZURE_KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
FLEX_PROBE = CASES / "seed" / "flex_probe.py"
CHERRY_DIRECT = CASES / "cherry-studio" / "format6" / "backup-v1.9.12-direct.zip"
CHERRY_DATA = CASES / "cherry-studio" / "backup-v1.9-data.json"


@pytest.fixture
def fake():
    server = FakeOpenAI().start()
    yield server
    server.stop()


def probe(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m flexlint probe ARGS` with no terminal on stdin and the key in OPENAI_API_KEY."""
    environ = {k: v for k, v in os.environ.items() if not k.endswith("API_KEY") and k != "OPENAI_BASE_URL"}
    environ.update({"PYTHONPATH": str(ROOT), "NO_COLOR": "1", "OPENAI_API_KEY": KEY, **(env or {})})
    result = subprocess.run([sys.executable, "-m", "flexlint", "probe", *args], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, cwd=cwd or ROOT, env=environ, timeout=120)
    for secret in (KEY, AZURE_KEY):
        assert secret not in result.stdout and secret not in result.stderr, "a key was printed"
    return result


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def answers(result: subprocess.CompletedProcess) -> dict[str, dict]:
    """The JSON output's probes by model."""
    return {p["model"]: p for p in json.loads(result.stdout)["probes"]}


# ---------------------------------------------------------------- the three kinds of file


def test_python_file_flex_served_and_refused(fake):
    fake.behave["gpt-5.3-codex"] = "no-flex"
    result = probe("--yes", "--format", "json", "--base-url", fake.url + "/v1", str(FLEX_PROBE))
    assert result.returncode == 1, result.stderr  # one request was refused
    got = answers(result)
    assert sorted(got) == ["gpt-5-mini", "gpt-5.2", "gpt-5.3-codex", "gpt-5.4", "gpt-5.4-mini", "gpt-5.5"]
    for model in ("gpt-5-mini", "gpt-5.2", "gpt-5.4", "gpt-5.4-mini", "gpt-5.5"):
        p = got[model]
        assert p["asked"] == "flex" and p["answer"]["status"] == 200 and p["answer"]["served"] == "flex"
        assert (p["outcome"], p["verdict"]) == ("served", "agrees")
    codex = got["gpt-5.3-codex"]
    assert codex["answer"]["status"] == 400 and codex["answer"]["served"] is None
    assert codex["answer"]["error"] == "Flex is not available for this model."
    assert codex["answer"]["code"] == "invalid_request_error"
    assert codex["answer"]["request_id"].startswith("req_fake")
    assert (codex["outcome"], codex["verdict"], codex["expected"]["refused"]) == ("refused", "agrees", True)
    # The smallest request: one word, the lowest output limit, not stored; the key went to the target only.
    assert len(fake.requests) == 6
    for seen in fake.requests:
        assert seen.path == "/v1/responses"
        assert seen.body == {"model": seen.body["model"], "input": "ping", "max_output_tokens": 16, "store": False,
                             "service_tier": "flex"}
        assert seen.headers["authorization"] == f"Bearer {KEY}"


def test_python_file_as_text(fake):
    fake.behave["gpt-5.3-codex"] = "no-flex"
    result = probe("--yes", "--base-url", fake.url + "/v1", str(FLEX_PROBE))
    out = result.stdout
    plan, _, results = out.partition("6 requests to ")
    assert plan.count("request ") == 6 and 'tier       "flex"' in plan and '"max_output_tokens": 16' in plan
    assert "tiny cost, but a real one" in results
    assert "  model      gpt-5.3-codex (4:36)\n  asked      \"flex\"\n  served     - (refused)\n" \
           "  answer     HTTP 400 invalid_request_error: Flex is not available for this model." in results
    assert "  verdict    agrees: refused, as flexlint expects" in results
    assert results.count('served     "flex"') == 5
    assert results.endswith("6 requests sent: 6 as flexlint expected.\n")


def test_raw_bodies(fake, tmp_path):
    flex = write(tmp_path, "flex.json", '{"model": "gpt-5.4-mini", "input": "Summarise.", "service_tier": "flex"}')
    chat = write(tmp_path, "chat.json", """
        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "service_tier": "flex"}
        """)
    misspelt = CASES / "openai-raw" / "responses-body.json"  # "serviceTier": the API never sees a tier
    result = probe("--yes", "--format", "json", "--base-url", fake.url + "/v1", str(flex), str(chat), str(misspelt))
    data = json.loads(result.stdout)
    by_path = {Path(p["sites"][0]["path"]).name: p for p in data["probes"]}
    assert by_path["flex.json"]["answer"]["served"] == "flex" and by_path["flex.json"]["verdict"] == "agrees"
    # The catalog says gpt-4o-mini has no flex; this server served it anyway: a visible disagreement.
    assert by_path["chat.json"]["api"] == "chat" and by_path["chat.json"]["expected"]["refused"] is True
    assert by_path["chat.json"]["answer"]["served"] == "flex" and by_path["chat.json"]["verdict"] == "disagrees"
    wrong = by_path["responses-body.json"]
    assert wrong["asked"] is None and "service_tier" not in wrong["body"] and wrong["answer"]["served"] == "default"
    assert any('"flex" is written but never sent' in n for n in wrong["notes"])
    assert [s.path for s in fake.requests] == ["/v1/responses", "/v1/chat/completions", "/v1/responses"]
    assert fake.requests[1].body == {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "ping"}],
                                     "max_completion_tokens": 1, "store": False, "service_tier": "flex"}
    assert result.returncode == 0  # every request was served as it asked (the misspelt one asks nothing)


def test_cherry_studio_backups(fake):
    result = probe("--yes", "--format", "json", "--base-url", fake.url + "/v1", str(CHERRY_DIRECT), str(CHERRY_DATA))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    direct, data_json = data["probes"]
    # 82 assistants on the official OpenAI provider (Service Tier flex) send one and the same request.
    assert len(direct["sites"]) == 82 and direct["asked"] == "flex" and direct["answer"]["served"] == "flex"
    assert 'assistant "Batch summariser (flex) v6"' in " ".join(s["origin"] for s in direct["sites"])
    # 1.9.x drops the custom parameter and sends the provider's "auto": the answer shows the standard tier.
    assert data_json["asked"] == "auto" and data_json["answer"]["served"] == "default"
    assert data_json["verdict"] == "agrees" and len(data_json["sites"]) == 2
    [why] = data_json["notes"]
    assert why.startswith('assistant "Batch summariser (flex)"') and "silently drops the snake_case `service_tier`" in why
    assert len(fake.requests) == 2
    assert "request 1:" in result.stderr  # the plan goes to stderr with json


def test_cherry_studio_plan_lists_a_few_sites(fake):
    result = probe("--dry-run", str(CHERRY_DIRECT))
    assert result.stdout.count("  for ") == 3 and "and 79 more sites that send the same request" in result.stdout


# ---------------------------------------------------------------- answers


def test_429_resource_unavailable_is_not_retried(fake, tmp_path):
    fake.behave["gpt-5.4"] = "busy"
    body = write(tmp_path, "body.json", '{"model": "gpt-5.4", "input": "x", "service_tier": "flex"}')
    result = probe("--yes", "--format", "json", "--base-url", fake.url + "/v1", str(body))
    assert result.returncode == 1
    [p] = json.loads(result.stdout)["probes"]
    assert p["answer"]["status"] == 429 and p["answer"]["code"] == "flex_unavailable"
    assert p["answer"]["error"].startswith("Flex tier does not have sufficient resources available")
    assert (p["outcome"], p["verdict"]) == ("not served", "agrees")
    assert len(fake.requests) == 1


def test_retries_only_as_many_as_allowed(fake, tmp_path):
    fake.behave["gpt-5.4"] = "busy"
    body = write(tmp_path, "body.json", '{"model": "gpt-5.4", "input": "x", "service_tier": "flex"}')
    result = probe("--yes", "--retries", "2", "--base-url", fake.url + "/v1", str(body))
    assert result.returncode == 1 and "HTTP 429 flex_unavailable" in result.stdout
    assert len(fake.requests) == 3


def test_timeout(fake, tmp_path):
    fake.behave["gpt-5.4"] = "slow"
    fake.delay = 3
    body = write(tmp_path, "body.json", '{"model": "gpt-5.4", "input": "x", "service_tier": "flex"}')
    result = probe("--yes", "--timeout", "0.5", "--format", "json", "--base-url", fake.url + "/v1", str(body))
    assert result.returncode == 1
    [p] = json.loads(result.stdout)["probes"]
    assert p["answer"]["status"] is None and p["answer"]["error"] == "no answer within 0.5 s (the client's timeout)"
    assert (p["outcome"], p["verdict"]) == ("no answer", "no answer")
    assert len(fake.requests) == 1


def test_priority_answered_as_default(fake, tmp_path):
    fake.behave["gpt-5.4"] = "no-priority"
    body = write(tmp_path, "body.json", '{"model": "gpt-5.4", "input": "x", "service_tier": "priority"}')
    result = probe("--yes", "--base-url", fake.url + "/v1", str(body))
    assert result.returncode == 1  # not served at the tier it asked
    assert 'asked      "priority"\n  served     "default"' in result.stdout
    assert "verdict    no verdict: priority requests above the project's limits run at the standard tier" in result.stdout


def test_a_key_the_server_repeats_is_not_printed(fake, tmp_path):
    fake.behave["gpt-5.4"] = "echo-key"
    body = write(tmp_path, "body.json", '{"model": "gpt-5.4", "input": "x", "service_tier": "flex"}')
    for fmt in ("text", "json"):
        result = probe("--yes", "--format", fmt, "--base-url", fake.url + "/v1", str(body))  # probe() checks the key
        assert "HTTP 401" in result.stdout or '"status": 401' in result.stdout
        assert "Incorrect API key provided" in result.stdout


# ---------------------------------------------------------------- nothing is sent without consent


def test_nothing_is_sent_without_yes_when_there_is_no_terminal(fake):
    result = probe("--base-url", fake.url + "/v1", str(FLEX_PROBE))
    assert result.returncode == 2
    assert "standard input is not a terminal" in result.stderr and "--yes" in result.stderr
    assert "request 6: POST" in result.stdout  # the plan was shown
    assert fake.requests == []


def _in_terminal(answer: bytes, *args: str) -> tuple[int, str]:
    """Run `flexlint probe ARGS` in a terminal and type ``answer`` when it asks."""
    return run_in_pty("probe", *args, cwd=ROOT, env_extra={"OPENAI_API_KEY": KEY, "NO_COLOR": "1"},
                      reply=(b"[y/N]", answer))


def test_the_terminal_asks_first(fake, tmp_path):
    body = write(tmp_path, "body.json", '{"model": "gpt-5.4", "input": "x", "service_tier": "flex"}')
    code, screen = _in_terminal(b"n\n", "--base-url", fake.url + "/v1", str(body))
    assert code == 0 and "Send 1 request? [y/N]" in screen and "nothing was sent" in screen
    assert fake.requests == []
    code, screen = _in_terminal(b"y\n", "--base-url", fake.url + "/v1", str(body))
    assert code == 0 and 'served     "flex"' in screen and KEY not in screen
    assert len(fake.requests) == 1


def test_dry_run_prints_the_bodies_and_sends_nothing(fake, tmp_path):
    result = probe("--dry-run", "--base-url", fake.url + "/v1", str(FLEX_PROBE), env={"OPENAI_API_KEY": ""})
    assert result.returncode == 0
    assert result.stdout.count('"input": "ping"') == 6
    assert "dry run: 6 requests would be sent; nothing was sent." in result.stdout
    as_json = probe("--dry-run", "--format", "json", str(FLEX_PROBE))
    data = json.loads(as_json.stdout)
    assert data["sent"] is False and all(p["answer"] is None for p in data["probes"])
    assert {p["url"] for p in data["probes"]} == {"https://api.openai.com/v1/responses"}
    assert fake.requests == []


def test_a_missing_key_stops_before_anything_is_sent(fake):
    result = probe("--yes", "--base-url", fake.url + "/v1", str(FLEX_PROBE), env={"OPENAI_API_KEY": ""})
    assert result.returncode == 2 and "OPENAI_API_KEY" in result.stderr and "Nothing was sent" in result.stderr
    other = probe("--yes", "--key-env", "MY_TEAM_KEY", "--base-url", fake.url + "/v1", str(FLEX_PROBE))
    assert other.returncode == 2 and "MY_TEAM_KEY" in other.stderr
    assert fake.requests == []


# ---------------------------------------------------------------- which servers


def test_other_servers_only_when_allowed_and_never_with_the_openai_key(fake, tmp_path):
    client = write(tmp_path, "local.py", f"""
        from openai import OpenAI

        client = OpenAI(base_url="{fake.url}/v1")
        client.chat.completions.create(model="gpt-5.4", messages=[{{"role": "user", "content": "hi"}}], service_tier="flex")
        """)
    skipped = probe("--yes", str(client))
    assert skipped.returncode == 0 and "not probed: the request goes to a server on a local host" in skipped.stdout
    assert "--allow local" in skipped.stdout and fake.requests == []
    allowed = probe("--yes", "--allow", "local", "--format", "json", str(client))
    [p] = json.loads(allowed.stdout)["probes"]
    assert p["server"] == "local" and p["key_env"] is None and p["answer"]["served"] == "flex"
    assert fake.requests[0].headers["authorization"] != f"Bearer {KEY}"  # OpenAI's key stays home
    named = probe("--yes", "--allow", "local", "--key-env", "LOCAL_KEY", str(client), env={"LOCAL_KEY": "local-secret"})
    assert named.returncode == 0 and fake.requests[1].headers["authorization"] == "Bearer local-secret"
    assert "local-secret" not in named.stdout
    # The SDK's ambient settings stay home too: another Authorization, the organisation and project ids.
    ambient = {"OPENAI_CUSTOM_HEADERS": "Authorization: Bearer ambient-secret\nX-Team: platform",
               "OPENAI_ORG_ID": "org-home", "OPENAI_PROJECT_ID": "proj_home"}
    probe("--yes", "--allow", "local", str(client), env=ambient)
    sent = fake.requests[2].headers
    assert "ambient-secret" not in sent["authorization"] and "x-team" not in sent
    assert "openai-organization" not in sent and "openai-project" not in sent


def test_azure_needs_its_endpoint_and_sends_its_own_key(fake, tmp_path):
    client = write(tmp_path, "azure.py", f"""
        from openai import AzureOpenAI

        client = AzureOpenAI(azure_endpoint="{fake.url}/", azure_deployment="prod-gpt55", api_version="2025-04-01-preview")
        client.responses.create(model="prod-gpt55", input="hi", service_tier="flex")
        """)
    result = probe("--yes", "--format", "json", str(client), env={"AZURE_OPENAI_API_KEY": AZURE_KEY})
    [p] = json.loads(result.stdout)["probes"]
    assert p["server"] == "azure" and p["url"] == f"{fake.url}/openai/v1/responses"
    assert p["key_env"] == "AZURE_OPENAI_API_KEY" and p["answer"]["served"] == "flex"
    assert p["verdict"] == "no verdict"  # the file does not say which model the deployment runs
    assert fake.requests[0].headers["authorization"] == f"Bearer {AZURE_KEY}"
    no_endpoint = write(tmp_path, "azure2.py", """
        from openai import AzureOpenAI

        client = AzureOpenAI(azure_deployment="prod-gpt55", api_version="2025-04-01-preview")
        client.responses.create(model="prod-gpt55", input="hi", service_tier="flex")
        """)
    skipped = probe("--yes", str(no_endpoint))
    assert "not probed: the Azure OpenAI endpoint is not written in the file" in skipped.stdout
    assert len(fake.requests) == 1


def test_sites_that_are_not_known_completely_are_not_probed(fake, tmp_path):
    client = write(tmp_path, "app.py", """
        import os
        from openai import OpenAI

        client = OpenAI()
        client.responses.create(model=os.environ["MODEL"], input="hi", service_tier="flex")
        client.responses.create(model="gpt-5.4", input="hi")
        client.responses.create(model="${MODEL}", input="hi", service_tier="flex")
        """)
    result = probe("--yes", "--base-url", fake.url + "/v1", str(client))
    assert result.returncode == 0 and "nothing to probe" in result.stdout
    assert "1 other request site asks for no service tier: nothing to probe there." in result.stdout
    assert 'not probed: the model "${MODEL}" is filled in when the app runs' in result.stdout
    assert "5:1 client.responses.create(...): not probed: the model is not written out in the file" in result.stdout
    assert fake.requests == []


def test_unreadable_input_exits_2(fake, tmp_path):
    broken = write(tmp_path, "broken.json", '{"model": "gpt-5.4", "service_tier": ')
    result = probe("--dry-run", str(broken))
    assert result.returncode == 2 and "broken.json: cannot be read" in result.stdout


def test_base_url_must_be_a_url():
    result = probe("--dry-run", "--base-url", "not a url", str(FLEX_PROBE))
    assert result.returncode == 2 and "--base-url must be an http(s) URL" in result.stderr


# ---------------------------------------------------------------- evidence for the catalog


def test_record_writes_evidence_in_the_catalogs_format(fake, tmp_path):
    fake.behave["gpt-5.3-codex"] = "no-flex"
    fake.behave["gpt-5.2"] = "busy"
    evidence = tmp_path / "probe-evidence.yaml"
    result = probe("--yes", "--record", str(evidence), "--base-url", fake.url + "/v1", str(FLEX_PROBE))
    assert "recorded 6 answers" in result.stderr
    text = evidence.read_text(encoding="utf-8")
    assert KEY not in text
    data = yaml.safe_load(text)
    assert schema_errors(ROOT / "schemas" / "probe-evidence.schema.json", data) == []
    [(key, source)] = data["sources"].items()
    assert key.startswith("PROBE-") and source["kind"] == "empirical" and source["date"] == key[6:10] + "-" + key[10:12] + "-" + key[12:14]
    # Each source is also a valid source of the catalog itself.
    catalog_schema = json.loads((ROOT / "schemas" / "models.schema.json").read_text(encoding="utf-8"))
    assert schema_errors_of(catalog_schema["properties"]["sources"], data["sources"]) == []
    verdicts = {e["model"]: e["flex"] for e in data["evidence"]}
    assert verdicts == {"gpt-5-mini": True, "gpt-5.2": "unknown", "gpt-5.3-codex": False, "gpt-5.4": True,
                        "gpt-5.4-mini": True, "gpt-5.5": True}
    codex = next(e for e in data["evidence"] if e["model"] == "gpt-5.3-codex")
    assert codex["note"].startswith('asked service_tier "flex": HTTP 400 invalid_request_error: "Flex is not available')
    # A second run adds its answers to the same file.
    probe("--yes", "--record", str(evidence), "--base-url", fake.url + "/v1", str(FLEX_PROBE))
    again = yaml.safe_load(evidence.read_text(encoding="utf-8"))
    assert len(again["evidence"]) == 12 and schema_errors(ROOT / "schemas" / "probe-evidence.schema.json", again) == []


def schema_errors_of(schema: dict, instance) -> list[str]:
    import jsonschema

    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(instance)]


def test_record_never_edits_the_shipped_catalog_or_another_file(fake, tmp_path):
    catalog = ROOT / "schemas" / "models.yaml"
    before = catalog.read_bytes()
    result = probe("--yes", "--record", str(catalog), "--base-url", fake.url + "/v1", str(CHERRY_DIRECT))
    assert result.returncode == 2 and "own model catalog, which a probe never edits" in result.stderr
    assert catalog.read_bytes() == before
    other = write(tmp_path, "config.yaml", "model_list: []\n")
    result = probe("--yes", "--record", str(other), "--base-url", fake.url + "/v1", str(CHERRY_DIRECT))
    assert result.returncode == 2 and "is not a probe evidence file" in result.stderr
    assert other.read_text() == "model_list: []\n"


# ---------------------------------------------------------------- the client is optional


def test_without_the_openai_sdk_probe_says_how_to_install_it(fake, tmp_path):
    blocker = write(tmp_path, "sitecustomize.py", """
        import sys
        sys.modules["openai"] = None  # `import openai` raises ImportError, as when it is not installed
        """)
    result = probe("--yes", "--base-url", fake.url + "/v1", str(FLEX_PROBE),
                   env={"PYTHONPATH": f"{blocker.parent}{os.pathsep}{ROOT}"})
    assert result.returncode == 2 and "pip install 'flexlint[probe]'" in result.stderr
    assert "Traceback" not in result.stderr and fake.requests == []
    dry = probe("--dry-run", str(FLEX_PROBE), env={"PYTHONPATH": f"{blocker.parent}{os.pathsep}{ROOT}"})
    assert dry.returncode == 0  # printing the plan needs no client


def test_only_probe_imports_the_openai_sdk(tmp_path):
    code = textwrap.dedent(f"""
        import sys
        from click.testing import CliRunner
        from flexlint.faces.cli import main
        for args in (["check", {str(FLEX_PROBE)!r}], ["explain", {str(FLEX_PROBE)!r}], ["probe", "--dry-run", {str(FLEX_PROBE)!r}]):
            CliRunner().invoke(main, args)
        print("openai" in sys.modules)
        """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.strip() == "False", out.stderr


# ---------------------------------------------------------------- expectations, in process


def _plan(body: dict, **options):
    from flexlint.faces.explain import read_sites
    from flexlint.faces.probe.plan import make_plan

    return make_plan([read_sites("body.json", json.dumps(body).encode())], **options)


@pytest.mark.parametrize("tier,model,status,served,verdict,word", [
    ("flex", "gpt-5.4", 200, "flex", "agrees", "served"),
    ("flex", "gpt-5.4", 429, None, "agrees", "not served"),
    ("flex", "gpt-5.4", 400, None, "disagrees", "refused"),
    ("flex", "gpt-4o", 200, "flex", "disagrees", "served"),  # the catalog says no flex: worth a report
    ("flex", "gpt-4o", 400, None, "agrees", "refused"),
    ("fast", "gpt-5.4", 200, "priority", "agrees", "served"),  # fast and priority are one tier
    ("auto", "gpt-5.4", 200, "priority", "agrees", "served"),  # a project set to Fast
    ("default", "gpt-5.4", 200, "flex", "disagrees", "not served"),
    ("Flex", "gpt-5.4", 400, None, "agrees", "refused"),  # the API takes lower case only
    ("flex", "o9-mini-unreleased", 200, "flex", "no verdict", "served"),
    ("flex", "gpt-5.4", None, None, "no answer", "no answer"),
])
def test_an_answer_against_the_expectation(tier, model, status, served, verdict, word):
    from flexlint.faces.probe.expect import Answer, compare

    [p] = _plan({"model": model, "input": "x", "service_tier": tier}).probes
    got = compare(p.asked, p.expectation, Answer(status, served=served))
    assert (got.verdict, got.word) == (verdict, word)


def test_servers_that_refuse_a_tier_are_expected_to():
    from flexlint.faces.explain import read_sites
    from flexlint.faces.probe.plan import make_plan

    code = textwrap.dedent("""
        from openai import OpenAI

        client = OpenAI(base_url="https://api.x.ai/v1")
        client.responses.create(model="grok-4", input="x", service_tier="flex")
        """).encode()
    files = [read_sites("client.py", code)]
    [skip] = make_plan(files).skipped
    assert skip.reason == "the request goes to xAI: probed only with --allow xai"
    [p] = make_plan(files, allow=["xai"], key_env="XAI_API_KEY").probes
    assert p.server.id == "xai" and p.base_url == "https://api.x.ai/v1" and p.key_env == "XAI_API_KEY"
    assert p.expectation.refused is True
