"""Fuzz inputs: ``make(kind, seed)`` gives one (file name, bytes), the same for the same seed.

Half of the inputs are real files of the repository (the corpus of real
configurations, the shared cases, the examples) mutated: bytes deleted,
inserted, replaced or duplicated, files cut or spliced, and tokens that
break parsers inserted at structural places. The other half are hostile
shapes built on purpose, each one an attack seen in the wild or found by
an earlier campaign: deep nesting, long chains, alias towers, numbers too
long to print, lone surrogates, secrets in odd places, zip archives and
SQLite databases that lie about themselves.

Every input may carry the campaign's canary secrets (:data:`CANARY_KEY`, a
key-shaped value, and :data:`CANARY_SHORT`, a short one under ``api_key``);
the oracle checks that no output ever shows them.
"""

from __future__ import annotations

import io
import json
import random
import sqlite3
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("json", "jsonc", "yaml", "toml", "jsonl", "python", "script", "notebook", "cherry", "zip", "sqlite")

CANARY_KEY = "sk-proj-Fz9CanaryQ7xLmN0pRsTuVw2345abcXYZ"
CANARY_BODY = CANARY_KEY[len("sk-proj-"):]
CANARY_SHORT = "tok9Qzsecret"

_SUFFIXES = {
    "json": (".json",), "jsonc": (".jsonc", ".json"), "yaml": (".yaml", ".yml"), "python": (".py",),
    "notebook": (".ipynb",), "cherry": (".json",), "toml": (".toml",), "jsonl": (".jsonl",),
    "script": (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"),
}
# TOML is read only when an app claims it: by name (a Codex folder's config.toml) or by content.
_TOML_NAMES = (".codex/config.toml", "codex/config.toml", "config.toml", "pyproject.toml")


@lru_cache(maxsize=None)
def seeds(kind: str) -> tuple[tuple[str, bytes], ...]:
    """The repository's real files of a kind (names kept: the name decides how a file is read)."""
    folders = ("tests/cases", "tests/corpus/real", "examples", "tests/python_cases", "tests/golden")
    out = []
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in _SUFFIXES.get(kind, ()):
                out.append((path.name, path.read_bytes()))
    out.extend(_rule_examples(kind))
    if kind == "notebook" or not out:
        out.extend(_built_seeds(kind))
    return tuple(out)


def _rule_examples(kind: str) -> list[tuple[str, bytes]]:
    """The shipped rules' examples: small real-shaped files of every kind, each found or clean on purpose."""
    import yaml

    out = []
    for pack in sorted((ROOT / "rules").glob("*.yaml")):
        for rule in yaml.safe_load(pack.read_text(encoding="utf-8")).get("rules", []):
            examples = rule.get("examples") or {}
            for example in (examples.get("valid") or []) + (examples.get("invalid") or []):
                name = str(example.get("file", ""))
                if Path(name).suffix in _SUFFIXES.get(kind, ()):
                    out.append((Path(name).name, str(example.get("content", "")).encode("utf-8")))
    return out


def _built_seeds(kind: str) -> list[tuple[str, bytes]]:
    if kind == "notebook":
        cells = [
            {"cell_type": "markdown", "source": ["# flex"]},
            {"cell_type": "code", "source": ["from openai import OpenAI\n", f'client = OpenAI(api_key="{CANARY_SHORT}")\n']},
            {"cell_type": "code", "source": ['%pip install openai\n', 'r = client.responses.create(model="gpt-5.3-codex",'
                                             ' input="hi", service_tier="flex")\n']},
        ]
        return [("probe.ipynb", json.dumps({"cells": cells, "nbformat": 4, "metadata": {}}, indent=1).encode())]
    return [("body.json", json.dumps({"model": "gpt-5.4-mini", "input": "hi", "service_tier": "flex"}).encode())]


# ----------------------------------------------------------------------------- mutation

_TOKENS = [
    b"{", b"}", b"[", b"]", b'"', b"'", b":", b",", b"\n", b" ", b"\t", b"-", b"#", b"0", b"null", b"\xff",
    b"\x00", "\u201c".encode(), b"*", b"&a", b"*a", b"<<: *a", b"!!int", b"0x" + b"f" * 40, b"1e999",
    b"\\ud800", b"\\u0000", b"\xef\xbb\xbf", b"\r", b"//", b"/*", b"(", b")", b".", b"+", b"%", b"!",
    b'"service_tier"', b'"serviceTier"', b"service_tier", b"flex", b'"model"', b"gpt-5.3-codex", b"openai",
    b"api_key", b'"api_key": "' + CANARY_SHORT.encode() + b'"', CANARY_KEY.encode(), b"?key=" + CANARY_SHORT.encode(),
    b"\xed\xa0\x80", b"\xc3", "\u202e".encode(), "\U0001F600".encode(), b"9" * 5000,
    b"=", b"[[", b"]]", b'"""', b"'" * 3, b"\\", b"a.b.c", b"[model_providers.x]", b"1979-05-27T07:32:00Z", b"inf",
    b"nan", b"{x = 1}", b'service_tier = "flex"', b"service_tier = flex", b"api_key = " + CANARY_SHORT.encode(),
    b'"custom_id": "r"', b'"url": "/v1/responses"', b'"body": {', b"\n{}\n",
]


def mutate(data: bytes, rng: random.Random, others: tuple[tuple[str, bytes], ...] = ()) -> bytes:
    """A few edits: delete, insert a token, replace, duplicate a chunk, truncate, or splice another file in."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        at = rng.randint(0, len(out)) if out else 0
        action = rng.random()
        if action < 0.2 and out:
            del out[at : at + rng.randint(1, 16)]
        elif action < 0.55:
            out[at:at] = rng.choice(_TOKENS)
        elif action < 0.7 and out:
            piece = rng.choice(_TOKENS)
            out[at : at + len(piece)] = piece
        elif action < 0.8 and out:
            start = rng.randint(0, len(out) - 1)
            chunk = out[start : start + rng.randint(1, 256)]
            out[at:at] = chunk * rng.randint(1, 8)
        elif action < 0.87 and out:
            del out[at:]
        elif action < 0.95 and others:
            other = rng.choice(others)[1]
            if other:
                start = rng.randint(0, len(other) - 1)
                out[at:at] = other[start : start + rng.randint(1, 512)]
        elif out:
            out[at % len(out)] ^= 1 << rng.randint(0, 7)
    return bytes(out)


# ----------------------------------------------------------------------------- hostile shapes


def _deep(open_: str, close: str, inner: str, depth: int) -> str:
    return open_ * depth + inner + close * depth


def hostile_json(rng: random.Random) -> tuple[str, bytes]:
    choice = rng.randrange(12)
    n = rng.choice([10, 100, 255, 256, 257, 1000, 20000])
    body = {
        0: lambda: _deep("[", "]", "1", n),
        1: lambda: _deep('{"a":', "}", "1", n),
        2: lambda: json.dumps({"model": "gpt-5", "input": "x", "service_tier": "flex", CANARY_KEY: {"service_tier": "x"}}),
        3: lambda: '{"model": "gpt-5", "input": "x", "api_key": ' + CANARY_SHORT + "}",
        4: lambda: '{"model": "gpt-5", "input": "' + "x" * n * 10 + '", "service_tier": "' + CANARY_KEY + '"}',
        5: lambda: '{"model": "gpt-5", "input": "x", "metadata": {"k\\ud800": "\\udfff' + CANARY_KEY + '"}}',
        6: lambda: '{"model": "gpt-5", "service_tier": ' + "9" * rng.choice([100, 4300, 5000]) + "}",
        7: lambda: '{"model": "gpt-5", "input": [' + ",".join(['{"type": "x"}'] * n) + "]}",
        8: lambda: '{"providerOptions": {"openai": {"service_tier": "flex", "apiKey": "' + CANARY_SHORT + '"}}}',
        9: lambda: '{"model": "gpt-5", "input": "x", "text": {"api_key": "' + CANARY_SHORT + '", "format": 5}}',
        10: lambda: '{"model": "gpt-5", "input": "see https://x.test/v1?key=' + CANARY_SHORT + '&a=1", "service_tier": 5}',
        11: lambda: '{"a": ' + "\"" + "\\\"" * n + "\"}",
    }[choice]()
    return rng.choice(["body.json", "request.jsonc", "x.har", "data.json"]), body.encode("utf-8", "surrogatepass")


def hostile_yaml(rng: random.Random) -> tuple[str, bytes]:
    choice = rng.randrange(10)
    n = rng.choice([10, 100, 255, 300, 1000, 3000])
    if choice == 0:
        text = "a0: &a0 [x]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, n))
    elif choice == 1:
        text = "a: &a [" + ",".join(["x"] * 9) + "]\n" + "".join(
            f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    elif choice == 2:
        text = "x: " + _deep("[", "]", "1", n) + "\n"
    elif choice == 3:
        text = "".join("  " * i + f"k{i}:\n" for i in range(n)) + "  " * n + "v\n"
    elif choice == 4:
        text = f"model: gpt-5\ninput: x\nservice_tier: 0x{'f' * rng.choice([10, 4000, 5000])}\n"
    elif choice == 5:
        text = f"model_list:\n- model_name: x\n  litellm_params:\n    model: openai/gpt-5\n    api_key: {CANARY_SHORT}\n" \
               f"    service_tier: !!int {CANARY_SHORT}\n"
    elif choice == 6:
        text = f"version: 1.2.1\nendpoints:\n  custom:\n  - name: x\n    apiKey: '{CANARY_KEY}'\n    baseURL: " \
               f"https://api.openai.com/v1?key={CANARY_SHORT}\n    models: {{default: [gpt-5]}}\n    addParams:\n" \
               f"      service_tier: 0x10\n"
    elif choice == 7:
        text = "a: &x {b: 1}\nc:\n  <<: [*x, *x, *x]\n  d: *x\n" * rng.randint(1, 50)
    elif choice == 8:
        text = "model: gpt-5\n" + "k: '" + "\\" * n + "'\n" + "\t- x\n"
    else:
        text = "---\n".join(f"model: gpt-{i}\nservice_tier: flex\n" for i in range(n))
    return rng.choice(["config.yaml", "librechat.yaml", "x.yml"]), text.encode()


def hostile_python(rng: random.Random) -> tuple[str, bytes]:
    head = "from openai import OpenAI\nimport litellm\nclient = OpenAI()\n"
    # Sizes around the limits; just under the chain limit libcst takes up to a second, so those are rarer.
    n = rng.choice([50, 199, 200, 201, 501, 1200, 5000, 20000] * 6 + [499, 500])
    choice = rng.randrange(14)
    body = {
        0: lambda: "x = " + _deep("(", ")", "1", n),
        1: lambda: "x = " + _deep("[", "]", "1", n),
        2: lambda: "x = " + "-" * n + "1",
        3: lambda: "x = a" + ".b" * n,
        4: lambda: "x = a" + "+b" * n,
        5: lambda: "x = f" + "()" * n,
        6: lambda: "x = a" + "[0]" * n,
        7: lambda: "x = " + "not " * n + "1",
        8: lambda: "client.responses.create(model='gpt-5', input='a'" + " 'a'" * n + ", service_tier='flex')",
        9: lambda: "litellm()\nlitellm.completion()\nlitellm.responses(**{})",
        10: lambda: f"client.responses.create(model='gpt-5', input='x', service_tier=0x{'f' * rng.choice([8, 5000])})",
        11: lambda: f"client.responses.create(model='gpt-5', input='x', timeout=1e308*{'9' * 400}, service_tier='flex')",
        12: lambda: f"client = OpenAI(api_key=\"{CANARY_SHORT}\")\nclient.responses.create(model='gpt-5.3-codex', "
                    f"input='x', service_tier='flex', extra_headers={{'Authorization': 'Bearer {CANARY_SHORT}'}})",
        13: lambda: "\n".join("    " * i + "if x:" for i in range(min(n, 120))) + "\n" + "    " * min(n, 120) + "pass",
    }[choice]()
    return rng.choice(["probe.py", "batch.py"]), (head + body + "\n").encode()


def hostile_notebook(rng: random.Random) -> tuple[str, bytes]:
    choice = rng.randrange(6)
    code = f'client = OpenAI(api_key="{CANARY_SHORT}")\nclient.responses.create(model="gpt-5.3-codex", service_tier="flex")\n'
    nb = {
        0: {"worksheets": [{"cells": [{"cell_type": "code", "input": code}]}], "nbformat": 3},
        1: {"worksheets": [{"cells": "x"}, 5, {"cells": [5, {"cell_type": "code", "input": 5}]}], "nbformat": 3},
        2: {"worksheets": {"a": 1}},
        3: {"cells": [5, None, {"cell_type": "code", "source": {"a": 1}}, {"cell_type": "code", "source": ["x", 5]}]},
        4: {"cells": [{"cell_type": "code", "source": ["from openai import OpenAI\n", code]}] * rng.randint(1, 300)},
        5: {"cells": [{"cell_type": "code", "source": "import openai\nx = " + "(" * 300 + ")" * 300}]},
    }[choice]
    return "probe.ipynb", json.dumps(nb).encode()


def hostile_toml(rng: random.Random) -> tuple[str, bytes]:
    """Codex-shaped TOML: deep brackets, long dotted keys, secrets, values of every wrong type."""
    n = rng.choice([10, 100, 255, 256, 257, 1000, 20000])
    head = 'model = "gpt-5.4-mini"\nmodel_provider = "openai"\n'
    choice = rng.randrange(13)
    body = {
        0: lambda: "x = " + _deep("[", "]", "1", n),
        1: lambda: "x = " + _deep("{a = ", "}", "1", n),
        2: lambda: "x." + ".".join(["a"] * n) + " = 1",
        3: lambda: "[" + ".".join(['"a.b"'] * n) + "]\nservice_tier = 'flex'",
        4: lambda: "".join(f"[[profiles.p{i % 7}.x]]\nservice_tier = 'flex'\n" for i in range(n)),
        5: lambda: f"[model_providers.openai]\nbase_url = 'https://api.openai.com/v1?key={CANARY_SHORT}'\n"
                   f"env_key = '{CANARY_KEY}'\nhttp_headers = {{ Authorization = 'Bearer {CANARY_SHORT}' }}\n",
        6: lambda: "service_tier = " + rng.choice(["0x" + "f" * 5000, "9" * 5000, "1e999", "inf", "nan", "1979-05-27", "true"]),
        7: lambda: f"api_key = {CANARY_SHORT}\nservice_tier = flex",
        8: lambda: 'x = """' + "[" * n + "\n" + rng.choice(['"""', "", "'" * 3]),
        9: lambda: "model_reasoning_effort = '" + "x" * n * 50 + "'\nservice_tier = '" + "flexx" * n + "'",
        10: lambda: 'service_tier = "\\ud800"\n"k\\u0000" = 1\nmodel = "\U0001F600"',
        11: lambda: "[profiles.a]\nservice_tier = 'flex'\n[profiles.a]\nmodel = 'x'\n" * rng.randint(1, 3),
        12: lambda: f"profile = 'p'\n[profiles.p]\nservice_tier = 'flex'\nmodel = 'gpt-{'9' * n}'\n",
    }[choice]()
    return rng.choice(_TOML_NAMES), (head + body + "\n").encode("utf-8", "surrogatepass")


def hostile_jsonl(rng: random.Random) -> tuple[str, bytes]:
    """Batch input files: many lines, broken lines, deep lines, secrets, lines of every wrong shape."""
    n = rng.choice([1, 10, 100, 255, 257, 2000])

    def line(tier: object = "flex", **extra: object) -> str:
        body = {"model": rng.choice(["gpt-5.4-mini", "gpt-5.3-codex", "o3"]), "input": "hi", "service_tier": tier, **extra}
        return json.dumps({"custom_id": f"r{rng.randrange(10**6)}", "method": "POST",
                           "url": rng.choice(["/v1/responses", "/v1/chat/completions", "/v1/embeddings", 5]), "body": body})

    choice = rng.randrange(10)
    lines = {
        0: lambda: [line() for _ in range(n)],
        1: lambda: [line()] + ["x", "{", "", "\r", "\ufeff{}"] * n,
        2: lambda: [line()] + [_deep("[", "]", "1", n)] * 3,
        3: lambda: [line(metadata={"api_key": CANARY_SHORT}), '{"custom_id": "x", "api_key": ' + CANARY_SHORT + "}"],
        4: lambda: [line(CANARY_KEY), line(rng.choice([16, None, [], {}, "x" * n * 100]))],
        5: lambda: ["{" * n, line()],
        6: lambda: [line(extra_headers={"Authorization": f"Bearer {CANARY_SHORT}"})] * n,
        7: lambda: [json.dumps({"custom_id": "x", "method": "POST", "url": "/v1/responses",
                                "body": rng.choice([5, [], "x", None])})] * 3,
        8: lambda: [line(), '{"k\\ud800": "\\udfff"}', '{"service_tier": 0x10}', '{"a": 1e999}', '{"a": ' + "9" * 5000 + "}"],
        9: lambda: [line() + " " + line()] * n,
    }[choice]()
    sep = rng.choice(["\n", "\r\n"])
    return rng.choice(["batch.jsonl", "batchinput.jsonl", "requests.jsonl"]), sep.join(lines).encode("utf-8", "surrogatepass")


def hostile_script(rng: random.Random) -> tuple[str, bytes]:
    """JavaScript and TypeScript: deep nesting, long chains, spread chains, secrets in options and headers."""
    head = 'import OpenAI from "openai";\nconst client = new OpenAI();\n'
    n = rng.choice([10, 100, 255, 1000, 5000, 50000])
    call = "client.responses.create({model: 'gpt-5.4-mini', input: 'x', service_tier: 'flex'});\n"
    choice = rng.randrange(12)
    body = {
        0: lambda: "const x = " + _deep("(", ")", "1", n) + ";\n",
        1: lambda: "const x = " + _deep("{a: ", "}", "1", n) + ";\n",
        2: lambda: "const x = " + "-" * n + "1;\n",
        3: lambda: "const x = a" + ".b" * n + ";\n",
        4: lambda: "const x = a" + "+b" * n + ";\n",
        5: lambda: "const x = f" + "()" * n + ";\n",
        6: lambda: "client.responses.create({model: 'gpt-5.4-mini', input: " + _deep("[", "]", "1", n)
                   + ", service_tier: 'flex'});\n",
        7: lambda: "const o = {service_tier: 'flex'};\n" + "".join(f"const o{i} = {{...o{i - 1 if i else ''}}};\n"
                                                                  for i in range(min(n, 3000)))
                   + f"client.responses.create({{model: 'gpt-5.4-mini', input: 'x', ...o{min(n, 3000) - 1}}});\n",
        8: lambda: "const x = `" + "${`" * min(n, 5000) + "1" + "`}" * min(n, 5000) + "`;\n",
        9: lambda: f"const c = new OpenAI({{apiKey: '{CANARY_SHORT}', baseURL: 'https://api.openai.com/v1?key={CANARY_SHORT}',"
                   f" defaultHeaders: {{Authorization: 'Bearer {CANARY_SHORT}'}}}});\n"
                   f"c.responses.create({{model: '{CANARY_KEY}', input: 'x', service_tier: 'flex'}});\n",
        10: lambda: f"client.responses.create({{model: 'gpt-5.4-mini', input: 'x', service_tier: {'9' * rng.choice([10, 5000])}}});\n",
        11: lambda: "client.responses.create({model: 'gpt-5.4-mini', input: 'x', service_tier: '" + "flexx" * n + "'});\n",
    }[choice]()
    return rng.choice(["probe.ts", "probe.js", "route.tsx", "agent.mjs"]), (head + body + call).encode()


def hostile_cherry(rng: random.Random) -> tuple[str, bytes]:
    """A Cherry Studio data.json with settings (two JSON string layers) of hostile shape."""
    providers = [{"id": "openai", "name": "OpenAI", "type": "openai", "apiKey": rng.choice([CANARY_KEY, CANARY_SHORT]),
                  "apiHost": "https://api.openai.com", "models": [{"id": "gpt-5.4-mini", "provider": "openai"}],
                  "serviceTier": rng.choice(["flex", 16, None, [], {"a": 1}, "x" * 100])}]
    assistant = {"id": "a1", "name": "x", "model": {"id": "gpt-5.4-mini", "provider": "openai"},
                 "settings": {"customParameters": [{"name": "service_tier", "value": rng.choice(["flex", 0, None]),
                                                    "type": "string"}]}}
    llm = {"providers": providers, "defaultModel": assistant["model"]}
    persist = {"llm": json.dumps(llm), "assistants": json.dumps({"assistants": [assistant] * rng.randint(1, 3)}),
               "settings": json.dumps({}), "_persist": json.dumps({"version": rng.choice([200, 208, "x"]), "rehydrated": True})}
    if rng.random() < 0.3:
        persist["llm"] = _deep("[", "]", "1", rng.choice([100, 300]))
    data = {"time": 1, "version": rng.choice([5, 4, "x"]), "localStorage": {"persist:cherry-studio": json.dumps(persist)},
            "indexedDB": {"topics": [{"id": "t", "messages": ["x" * rng.randint(0, 1000)]}]}}
    return "data.json", json.dumps(data).encode()


def hostile_zip(rng: random.Random) -> tuple[str, bytes]:
    out = io.BytesIO()
    _, data = hostile_cherry(rng) if rng.random() < 0.7 else rng.choice(seeds("cherry"))
    method = rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
    with zipfile.ZipFile(out, "w", method) as zf:
        zf.writestr("data.json", data)
        zf.writestr("Data/", b"")
        if rng.random() < 0.3:
            zf.writestr("metadata.json", json.dumps({"version": rng.choice([5, 6, 7, "x"]), "appVersion": CANARY_SHORT}))
        if rng.random() < 0.2:
            zf.writestr("Local Storage/leveldb/000003.log", b"x" * 100)
        if rng.random() < 0.2:
            zf.writestr("Data/cherrystudio.sqlite", hostile_sqlite(rng)[1])
    raw = bytearray(out.getvalue())
    trick = rng.randrange(8)
    if trick == 0:  # unsupported compression method in the central directory and the local header
        for sig in (b"PK\x01\x02", b"PK\x03\x04"):
            at = raw.find(sig)
            while at != -1:
                offset = at + (10 if sig == b"PK\x01\x02" else 8)
                raw[offset : offset + 2] = (99).to_bytes(2, "little")
                at = raw.find(sig, at + 4)
    elif trick == 1:  # a member that lies about its size
        at = raw.find(b"PK\x01\x02")
        if at != -1:
            raw[at + 24 : at + 28] = (1 << 30).to_bytes(4, "little")
            raw[at + 20 : at + 24] = (1 << 24).to_bytes(4, "little")
    elif trick == 2:  # an undecodable name, flagged UTF-8
        at = raw.find(b"PK\x01\x02")
        if at != -1:
            raw[at + 8 : at + 10] = (int.from_bytes(raw[at + 8 : at + 10], "little") | 0x800).to_bytes(2, "little")
            raw[at + 46] = 0xFF
    elif trick == 3:  # corrupt compressed data
        at = raw.find(b"PK\x03\x04")
        if at != -1 and len(raw) > at + 60:
            for k in range(40, 60):
                raw[at + k] ^= 0x5A
    elif trick == 4:
        raw = bytearray(mutate(bytes(raw), rng))
    name = "backup.zip" if rng.random() < 0.8 else "backup"
    return name, bytes(raw)


_SCHEMA = """
CREATE TABLE user_provider (id TEXT PRIMARY KEY, provider_id TEXT, preset_provider_id TEXT, name TEXT,
  default_chat_endpoint TEXT, api_keys TEXT, api_features TEXT, provider_settings TEXT {extra});
CREATE TABLE user_model (id TEXT PRIMARY KEY, provider_id TEXT, model_id TEXT, preset_model_id TEXT, name TEXT);
CREATE TABLE assistant (id TEXT PRIMARY KEY, name TEXT, model_id TEXT, settings TEXT, deleted_at INTEGER {extra});
CREATE TABLE preference (scope TEXT, key TEXT, value TEXT);
"""
_BOMBS = [
    "",
    "zeroblob(2000000000)",
    "printf('%.*c', 1000000000, 'x')",
    "length(replace(hex(zeroblob(100000000)), '00', 'x'))",
]


def hostile_sqlite(rng: random.Random) -> tuple[str, bytes]:
    """A Cherry Studio v2 database with generated-column bombs, undecodable text and a damaged page or two."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "cherrystudio.sqlite"
        conn = sqlite3.connect(path)
        bomb = rng.choice(_BOMBS)
        extra = ", bomb BLOB GENERATED ALWAYS AS (1) VIRTUAL" if bomb else ""
        conn.executescript(_SCHEMA.format(extra=extra))
        settings = rng.choice([json.dumps({"serviceTier": "flex"}), "{", json.dumps({"serviceTier": 16}),
                               json.dumps({"serviceTier": "flex", "x": "y" * 10000})])
        conn.execute("INSERT INTO user_provider (id, provider_id, preset_provider_id, name, api_keys, provider_settings)"
                     " VALUES (?,?,?,?,?,?)", ("p", "openai", "openai", "OpenAI", json.dumps([{"key": CANARY_KEY}]), settings))
        conn.execute("INSERT INTO user_model VALUES (?,?,?,?,?)", ("openai::gpt-5.4-mini", "openai", "gpt-5.4-mini", None, "x"))
        custom = json.dumps({"customParameters": [{"name": "service_tier", "value": "flex", "type": "string"}]})
        conn.execute("INSERT INTO assistant (id, name, model_id, settings) VALUES (?,?,?,?)",
                     ("a", "x", "openai::gpt-5.4-mini", custom))
        if rng.random() < 0.3:  # text that is not UTF-8, with a secret in it
            conn.execute("INSERT INTO assistant (id, name, settings) VALUES (?, CAST(? AS TEXT), ?)",
                         ("b", b"\xff\xfe" + CANARY_SHORT.encode(), b"{\"x\": \"\xff" + CANARY_KEY.encode() + b"\"}"))
        if rng.random() < 0.2:
            conn.execute("CREATE VIEW v AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c")
        conn.commit()
        if bomb:  # as an attacker would: rows written first, then the schema's expression swapped
            conn.execute("PRAGMA writable_schema = ON")
            conn.execute("UPDATE sqlite_master SET sql = replace(sql, 'AS (1)', ?) WHERE type = 'table'", (f"AS ({bomb})",))
            conn.commit()
        conn.close()
        data = bytearray(path.read_bytes())
    if rng.random() < 0.3:
        data = bytearray(mutate(bytes(data), rng))
    return rng.choice(["cherrystudio.sqlite", "db.sqlite"]), bytes(data)


_HOSTILE = {
    "json": hostile_json, "jsonc": hostile_json, "yaml": hostile_yaml, "toml": hostile_toml, "jsonl": hostile_jsonl,
    "python": hostile_python, "script": hostile_script,
    "notebook": hostile_notebook, "cherry": hostile_cherry, "zip": hostile_zip, "sqlite": hostile_sqlite,
}


def make(kind: str, seed: int) -> tuple[str, bytes]:
    """One input of ``kind``: a mutated real file or a hostile shape (possibly mutated too)."""
    rng = random.Random(f"{kind}:{seed}")
    if kind in ("zip", "sqlite") or rng.random() < 0.35:
        name, data = _HOSTILE[kind](rng)
        if kind not in ("zip", "sqlite") and rng.random() < 0.3:
            data = mutate(data, rng)
        return name, data
    pool = seeds(kind)
    name, data = rng.choice(pool)
    if kind == "jsonc" and rng.random() < 0.5:
        data = b"// logged\n" + data
    if kind == "toml" and rng.random() < 0.7:
        name = rng.choice(_TOML_NAMES)
    return name, mutate(data, rng, pool)
