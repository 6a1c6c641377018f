"""Properties of --fix on real files, shared cases and generated or mutated ones (hypothesis).

For every file: after fixing (safe and unsafe fixes) it still reads; the
bytes outside the edited spans are the original bytes (each round's edits,
replayed on the text, give exactly the file written); a second fix changes
nothing; and no fixed finding is found again.
"""

from __future__ import annotations

import json
import os
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import CASES, ROOT
from flexlint.run.fixing import file_linter, fix_bytes
from flexlint.run.paths import Options
from flexlint.sources.editing import apply
from flexlint.sources.text import decode

LINTER = file_linter(Options(isolated=True))
CORPUS = sorted(
    p for folder in (ROOT / "tests" / "corpus", CASES, ROOT / "examples", ROOT / "tests" / "golden" / "fixes")
    for p in folder.rglob("*") if p.is_file() and p.suffix in (".json", ".jsonc", ".yaml", ".yml", ".py", ".ipynb")
)
EXAMPLES = int(os.environ.get("FLEXLINT_FIX_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def check(name: str, data: bytes) -> bytes | None:
    """Fix ``data`` as ``name`` with every fix; assert the properties; return the fixed bytes (None: unchanged)."""
    first = LINTER(name, data)
    result = fix_bytes(name, data, LINTER, unsafe=True)
    outcome = result.outcome
    if result.fixed is None:
        assert not [d for d in first.diagnostics if d.autofix is not None and not outcome.notes], \
            "a fixable finding was left although nothing was dropped"
        return None
    # 1. it still reads
    after = LINTER(name, result.fixed)
    assert not after.unreadable, [d.message for d in after.diagnostics]
    # 2. only the edited spans changed: replaying the rounds on the original text gives the file written
    text = decode(data)
    for edits in outcome.rounds:
        new = apply(text, edits)
        pos = shift = 0
        for edit in edits:
            assert text[pos : edit.start] == new[pos + shift : edit.start + shift]
            shift += len(edit.new) - (edit.end - edit.start)
            pos = edit.end
        assert text[pos:] == new[pos + shift :]
        text = new
    assert text == outcome.text and decode(result.fixed) == text
    # 3. a second run changes nothing
    assert fix_bytes(name, result.fixed, LINTER, unsafe=True).fixed is None
    # 4. the fixed findings are gone, and no fix left a new finding of its rule behind
    left = {(d.rule, d.message, d.json_path) for d in after.diagnostics}
    assert not [d for d in outcome.fixed if (d.rule, d.message, d.json_path) in left]
    # (a finding that an earlier round's fix brought out, such as "HIGH" moved to where it is judged, and that
    # a later round fixed, was not in the first lint: only the first lint's fixed findings must be gone)
    at_first = {(d.rule, d.line, d.column, d.message) for d in first.diagnostics}
    for rule in {d.rule for d in outcome.fixed}:
        count = [len([d for d in found if d.rule == rule]) for found in (first.diagnostics, after.diagnostics)]
        gone = {(d.rule, d.line, d.column, d.message) for d in outcome.fixed if d.rule == rule} & at_first
        assert count[1] <= count[0] - len(gone), rule
    # 5. what could be fixed was: a fixable finding is left only when its fix was dropped (and said so)
    assert outcome.notes or not [d for d in after.diagnostics if d.autofix is not None]
    return result.fixed


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_corpus_files(path):
    check(path.name, path.read_bytes())


# ------------------------------------------------------------------ generated request bodies

SCALARS = st.sampled_from([
    ("serviceTier", "flex"), ("service_tier", "flex"), ("service_tier", "Flex"), ("service_tier", "FLEX"),
    ("service_tier", "auto"), ("ServiceTier", "priority"), ("reasoning_effort", "low"), ("reasoningEffort", "high"),
    ("max_tokens", 100), ("max_completion_tokens", 200), ("max_output_tokens", 300), ("maxOutputTokens", 50),
    ("verbosity", "low"), ("temperature", 0.2), ("store", False), ("top_p", 1),
])
OBJECTS = st.sampled_from([
    ("reasoning", {"effort": "low"}), ("reasoning", {"summary": "auto"}), ("reasoning", {"effort": "HIGH"}),
    ("text", {"verbosity": "low"}), ("text", {"format": {"type": "text"}}), ("metadata", {"job": "nightly"}),
])
ENTRIES = st.lists(st.one_of(SCALARS, OBJECTS), min_size=1, max_size=7)


@st.composite
def bodies(draw):
    api = draw(st.sampled_from(["responses", "chat"]))
    head = [("model", "gpt-5.4-mini"), ("input", "hi") if api == "responses" else ("messages", [])]
    entries = draw(ENTRIES)
    order = draw(st.permutations(head + entries))
    return list(order)


def json_text(entries, indent, space, trailing, comments, nested_inline) -> str:
    colon = ": " if space else ":"

    def value(v, level):
        if isinstance(v, dict):
            items = list(v.items())
            if nested_inline or indent is None:
                return "{" + (", " if space else ",").join(f"{json.dumps(k)}{colon}{value(x, level)}" for k, x in items) + "}"
            return block(items, level + 1)
        return json.dumps(v)

    def block(items, level):
        if indent is None:
            return "{" + (", " if space else ",").join(f"{json.dumps(k)}{colon}{value(v, level)}" for k, v in items) + "}"
        pad, close = indent * (level + 1), indent * level
        lines = []
        for i, (k, v) in enumerate(items):
            last = i == len(items) - 1
            comma = "," if not last or trailing else ""
            note = f"  // {k}" if comments and i % 2 == 0 else ""
            lines.append(f"{pad}{json.dumps(k)}{colon}{value(v, level)}{comma}{note}")
        return "{\n" + "\n".join(lines) + "\n" + close + "}"

    return block(entries, 0) + "\n"


@given(body=bodies(), indent=st.sampled_from([None, "  ", "    ", "\t"]), space=st.booleans(),
       trailing=st.booleans(), comments=st.booleans(), nested_inline=st.booleans(), crlf=st.booleans())
@SETTINGS
def test_generated_json_bodies(body, indent, space, trailing, comments, nested_inline, crlf):
    jsonc = trailing or comments
    text = json_text(body, indent, space, trailing and indent is not None, comments and indent is not None, nested_inline)
    if crlf:
        text = text.replace("\n", "\r\n")
    check("body.jsonc" if jsonc else "body.json", text.encode())


def yaml_scalar(v, quote):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, list):
        return "[]"
    return {"plain": v, "single": f"'{v}'", "double": f'"{v}"'}[quote]


def yaml_text(entries, step, quote, flow, comments) -> str:
    lines = []
    for i, (k, v) in enumerate(entries):
        note = f"  # {k}" if comments and i % 2 else ""
        if isinstance(v, dict):
            if flow:
                inner = ", ".join(f"{a}: {yaml_scalar(b, quote) if not isinstance(b, dict) else '{type: text}'}" for a, b in v.items())
                lines.append(f"{k}: {{{inner}}}{note}")
            else:
                lines.append(f"{k}:{note}")
                for a, b in v.items():
                    if isinstance(b, dict):
                        lines.append(f"{' ' * step}{a}:")
                        lines += [f"{' ' * step * 2}{c}: {yaml_scalar(d, quote)}" for c, d in b.items()]
                    else:
                        lines.append(f"{' ' * step}{a}: {yaml_scalar(b, quote)}")
        else:
            lines.append(f"{k}: {yaml_scalar(v, quote)}{note}")
    return "\n".join(lines) + "\n"


@given(body=bodies(), step=st.sampled_from([2, 4]), quote=st.sampled_from(["plain", "single", "double"]),
       flow=st.booleans(), comments=st.booleans())
@SETTINGS
def test_generated_yaml_bodies(body, step, quote, flow, comments):
    check("body.yaml", yaml_text(body, step, quote, flow, comments).encode())


def py_value(v, quote):
    if isinstance(v, dict):
        return "{" + ", ".join(f"{quote}{k}{quote}: {py_value(x, quote)}" for k, x in v.items()) + "}"
    if isinstance(v, str):
        return f"{quote}{v}{quote}"
    if isinstance(v, list):
        return "[]"
    return repr(v)


@given(body=bodies(), quote=st.sampled_from(['"', "'"]), multiline=st.booleans(), trailing=st.booleans(),
       override=st.booleans())
@SETTINGS
def test_generated_python_calls(body, quote, multiline, trailing, override):
    seen, args = set(), []
    for k, v in body:
        if k in seen:
            continue  # a keyword given twice is a SyntaxError, not a finding
        seen.add(k)
        args.append(f"{k}={py_value(v, quote)}")
    if override:
        args.append(f"extra_body={{{quote}service_tier{quote}: {quote}auto{quote}}}")
        if "service_tier" not in seen:
            args.append(f"service_tier={quote}flex{quote}")
    method = "responses.create" if any(a.startswith("input=") for a in args) else "chat.completions.create"
    if multiline:
        call = "(\n" + "".join(f"    {a},\n" for a in args[:-1]) + f"    {args[-1]}{',' if trailing else ''}\n)"
    else:
        call = "(" + ", ".join(args) + ")"
    code = f"from openai import OpenAI\n\nclient = OpenAI(timeout=900)\nresult = client.{method}{call}\n"
    check("job.py", code.encode())


@given(entries=st.lists(SCALARS, min_size=1, max_size=5))
@SETTINGS
def test_generated_ai_sdk_options(entries):
    camel = [(k, v) for k, v in entries]
    text = json.dumps({"model": {"modelId": "gpt-5.4-mini", "provider": "openai.responses"},
                       "providerOptions": {"openai": dict(camel)}}, indent=2) + "\n"
    check("options.json", text.encode())


# ------------------------------------------------------------------ mutated real files

REAL = sorted(p for p in (ROOT / "tests" / "corpus").rglob("*") if p.suffix in (".yaml", ".yml", ".json", ".py"))
KEY_LINE = re.compile(r"^([ \t]*)([A-Za-z_][\w-]*):[ \t]+\S.*$", re.M)
WIRE_WORD = re.compile(r"\b(service_tier|max_tokens|reasoning_effort|temperature|max_completion_tokens)\b")


@st.composite
def mutated(draw):
    path = draw(st.sampled_from(REAL))
    text = path.read_text(encoding="utf-8")
    how = draw(st.sampled_from(["duplicate-line", "camel-case", "insert-tier"]))
    if how == "duplicate-line":
        lines = list(KEY_LINE.finditer(text))
        assume(lines)
        m = draw(st.sampled_from(lines))
        text = text[: m.end()] + "\n" + m.group(0) + text[m.end():]
    elif how == "camel-case":
        words = list(WIRE_WORD.finditer(text))
        assume(words)
        m = draw(st.sampled_from(words))
        camel = re.sub(r"_(\w)", lambda x: x.group(1).upper(), m.group(0))
        text = text[: m.start()] + camel + text[m.end():]
    else:
        anchors = [m for m in re.finditer(r"^([ \t]*)(addParams|litellm_params):[ \t]*\n([ \t]+)", text, re.M)]
        assume(anchors)
        m = draw(st.sampled_from(anchors))
        word = draw(st.sampled_from(["serviceTier: flex", "service_tier: Flex", "reasoning_effort: low",
                                     "max_tokens: 100", "service_tier: flex"]))
        text = text[: m.end()] + word + "\n" + m.group(3) + text[m.end():]
    return path.name, text


@given(case=mutated())
@settings(max_examples=EXAMPLES + 20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_mutated_real_files(case):
    name, text = case
    check(name, text.encode())


def test_a_generated_body_is_fixed_in_the_files_style():
    body = [("model", "gpt-5.4-mini"), ("input", "hi"), ("serviceTier", "flex"), ("reasoning_effort", "low"),
            ("reasoning", {"summary": "auto"}), ("max_tokens", 5)]
    fixed = check("body.jsonc", json_text(body, "    ", False, True, True, False).encode())
    assert fixed == (
        b'{\n    "model":"gpt-5.4-mini",  // model\n    "input":"hi",\n    "service_tier":"flex",  // serviceTier\n'
        b'    "reasoning":{\n        "summary":"auto",  // summary\n        "effort":"low",\n    },  // reasoning\n'
        b'    "max_output_tokens":5,\n}\n'
    )
