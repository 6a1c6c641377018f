"""Parsing only the statements that can matter never changes a finding.

Every Python file and notebook we hold (the corpora, the cases, the
examples, the rules' Python examples, flexlint's own code and tests, the
collected real files when present) is linted with slicing on and off, and
the findings must be the same to the character: rule, place, message, fix
and its edits. Hand-written files add the shapes slicing must get right,
and hypothesis adds programs no one wrote.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import libcst
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from flexlint.api import Options, build_selection, lint_source
from flexlint.config.rulesets import builtin_rules
from flexlint.dialects import may_matter
from flexlint.dialects.python import spans as spans_module
from flexlint.sources import python_slice, python_statements
from flexlint.sources.python_slice import NOTHING, Sliced, slice_module

ROOT = Path(__file__).resolve().parents[2]
PLACES = [ROOT, Path("/work/shared/cases"), Path("/work/shared/corpus/real"), Path("/work/staging/corpus")]
SUFFIXES = (".py", ".pyi", ".ipynb")


def slice_code(code: str, relevant) -> str | None:
    """The text libcst would be given (None: the code itself; NOTHING: nothing)."""
    found = slice_module(code, relevant)
    return found.text if isinstance(found, Sliced) else found


def _files() -> list[Path]:
    found: dict[str, Path] = {}
    for place in PLACES:
        if not place.is_dir():
            continue
        for path in sorted(place.rglob("*")):
            if path.suffix in SUFFIXES and path.is_file() and not any(p.startswith(".") for p in path.parts[len(place.parts):]):
                found.setdefault(str(path), path)
    return list(found.values())


def _examples() -> list[tuple[str, str]]:
    out = []
    for rule in builtin_rules():
        for case in (*rule.invalid, *rule.valid):
            if Path(case.file).suffix in SUFFIXES:
                out.append((case.file, case.content))
    return out


SELECTION = build_selection(Options())


def findings(data: bytes, name: str, sliced: bool) -> str:
    previous = python_slice.MODE
    python_slice.MODE = "always" if sliced else "never"  # every file sliced, whatever it is worth
    try:
        result = lint_source(data, name, selection=SELECTION)
    finally:
        python_slice.MODE = previous
    return json.dumps(
        [(d.to_json(), repr(d.autofix)) for d in result.diagnostics], indent=1, ensure_ascii=False, default=str
    )


def lossless(data: bytes) -> bool:
    """Whether libcst gives back the text it parsed: it drops a form feed before a statement, and then
    every offset after it is one short, so only the sliced reading (which may blank that statement) is right."""
    try:
        text = data.decode("utf-8")
        return libcst.parse_module(text).code == text
    except Exception:
        return True


def assert_same(data: bytes, name: str) -> str:
    on, off = findings(data, name, True), findings(data, name, False)
    if on != off and name.endswith(".py") and not lossless(data):
        return on
    assert on == off, name
    return on


FILES = _files()


def test_the_corpus_is_there():
    assert len(FILES) > 100 and len(_examples()) > 5


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p))
def test_every_file_we_hold(path):
    assert_same(path.read_bytes(), path.name)


@pytest.mark.parametrize("name,content", _examples(), ids=lambda v: v if isinstance(v, str) and len(v) < 60 else "")
def test_rule_examples(name, content):
    assert_same(content.encode(), name)


def test_the_public_span_route_on_sliced_text(monkeypatch):
    """Blanked non-ASCII text changes byte offsets: the public route must read the text libcst parsed."""
    monkeypatch.setattr(spans_module, "span_pass", lambda: spans_module.provider_spans)
    for path in FILES:
        data = path.read_bytes()
        if path.suffix == ".py" and not data.isascii() and ROOT not in path.parents:
            assert_same(data, path.name)


# Shapes slicing has to respect, each around a request that is reported.
HEAD = "from openai import OpenAI\n\nclient = OpenAI(timeout=900)\n"
CALL = "client.responses.create(model=MODEL, input='hi', service_tier=TIER, servce_tier='flex')\n"
SHAPES = {
    "plain": HEAD + "MODEL = 'gpt-4o'\nTIER = 'flex'\n\ndef unrelated():\n    return 1\n\n" + CALL,
    "rebound in a function": HEAD + "MODEL = 'gpt-4o'\nTIER = 'flex'\ndef later():\n    global MODEL\n    MODEL = 'o3'\n" + CALL,
    "nonlocal": HEAD + "MODEL = 'gpt-4o'\nTIER = 'flex'\ndef f():\n    def g():\n        nonlocal MODEL\n        MODEL = 1\n" + CALL,
    "walrus in a default": HEAD + "MODEL = 'gpt-4o'\nTIER = 'flex'\ndef f(a=(MODEL := 'o3')):\n    pass\n" + CALL,
    "walrus at top": HEAD + "TIER = 'flex'\nif (MODEL := 'gpt-4o'):\n    pass\n" + CALL,
    "loop target": HEAD + "TIER = 'flex'\nfor MODEL in ['gpt-4o', 'o3']:\n    pass\n" + CALL,
    "loop fork": HEAD + "TIER = 'flex'\nfor MODEL in ['gpt-4o', 'o3']:\n    " + CALL + "def x():\n    pass\n",
    "semicolons": HEAD + "MODEL = 'gpt-4o'; TIER = 'auto'\nx = 1; TIER = 'flex'\n" + CALL,
    "decorators": HEAD + "MODEL = 'gpt-4o'\nTIER = 'flex'\n@decorate(\n    1)\ndef MODEL():\n    pass\n" + CALL,
    "class with self": HEAD + "class A:\n    def __init__(self):\n        self.c = OpenAI()\n    def go(self):\n"
                       "        return self.c.responses.create(model='gpt-4o', service_tier='flex')\n"
                       "class B:\n    def go(self):\n        self.c = 1\n",
    "crlf": (HEAD + "MODEL = 'gpt-4o'\nTIER = 'flex'\ndef unrelated():\n    return 'é'\n" + CALL).replace("\n", "\r\n"),
    "lone cr": HEAD + "MODEL = 'gpt-4o'\rTIER = 'flex'\n" + CALL,
    "tabs and form feeds": HEAD + "MODEL = 'gpt-4o'\nTIER = 'flex'\n\x0cdef unrelated():\n\treturn 1\n\x0c\n" + CALL,
    "bom": "\ufeff" + HEAD + "MODEL = 'gpt-4o'\nTIER = 'flex'\ndef unrelated():\n    return 1\n" + CALL,
    "coding cookie": "# -*- coding: utf-8 -*-\n" + HEAD + "MODEL = 'gpt-4o'\nTIER = 'flex'\nx = 1\n" + CALL,
    "non-ascii dropped": HEAD + "MODEL = 'gpt-4o'\nTIER = 'flex'\nnote = '日本語 ✓ 😀'\n" + CALL,
    "backslash": HEAD + "MODEL = 'gpt-4o'\nTIER = 'flex'\nx = 1 + \\\n    2\n" + CALL,
    "comment between": HEAD + "MODEL = 'gpt-4o'\n# flexlint: ignore[unknown-parameter]\nTIER = 'flex'\nx = 1\n"
                       "# a comment\ny = 2  # trailing\n" + CALL,
    "suppressed": HEAD + "MODEL = 'gpt-4o'\nTIER = 'flex'\nx = 1\n" + CALL.rstrip() + "  # flexlint: ignore\n",
    "indented tail comment": HEAD + "def f():\n    return 1\n    # tail\nMODEL = 'gpt-4o'\nTIER = 'flex'\n" + CALL,
    "dict builtin rebound": HEAD + "def dict(**kw):\n    return kw\nTIER = 'flex'\nMODEL = 'gpt-4o'\n"
                            "client.responses.create(model=MODEL, **dict(service_tier=TIER))\n",
    "mutated elsewhere": HEAD + "TIER = 'flex'\nMODEL = 'gpt-4o'\nARGS = {'model': MODEL}\ndef f():\n    ARGS['model'] = 'o3'\n"
                         "client.responses.create(**ARGS, service_tier=TIER)\n",
    "star import": HEAD + "from os import *\nMODEL = 'gpt-4o'\nTIER = 'flex'\n" + CALL,
    "syntax error dropped": HEAD + "MODEL = 'gpt-4o'\nTIER = 'flex'\ndef broken(:\n    pass\n" + CALL,
    "syntax error kept": HEAD + "MODEL = 'gpt-4o'\nTIER = 'flex'\n" + CALL + "client.responses.create(model=)\n",
    "no site": "# openai is mentioned only here\nimport os\nx = os.getenv('A')\n",
    "needle in a string only": "x = 'service_tier'\ndef f():\n    return 1\n",
    "exception names": HEAD + "TIER = 'flex'\ntry:\n    pass\nexcept Exception as MODEL:\n    pass\n" + CALL,
    "match": HEAD + "TIER = 'flex'\nmatch 1:\n    case MODEL:\n        pass\n" + CALL,
    "with target": HEAD + "TIER = 'flex'\nwith open('x') as MODEL:\n    pass\n" + CALL,
    "environment": "import os\nfrom openai import OpenAI\nBASE = os.getenv('OPENAI_BASE_URL', 'https://example.com/v1')\n"
                   "def unrelated():\n    pass\nclient = OpenAI(base_url=BASE)\n"
                   "client.chat.completions.create(model='gpt-4o', messages=[], service_tier='flex')\n",
    "aliased module": "import openai as oa\nimport os\noa.timeout = 5\nTIER = 'flex'\ndef f():\n    pass\n"
                      "oa.responses.create(model='gpt-4o', input='x', service_tier=TIER)\n",
    "self attributes": HEAD + "URL = 'https://example.com/v1'\nclass Bot:\n    \"\"\"Doc.\"\"\"\n"
                       "    def __init__(self):\n        self.client = OpenAI(base_url=URL)\n        self.model = 'gpt-4o'\n"
                       "        self.other = 1\n    def unrelated(self):\n        return [x for x in range(3)]\n"
                       "    def ask(self):\n        return self.client.responses.create(model=self.model, service_tier='flex', x=1)\n",
    "self attribute set twice": HEAD + "class Bot:\n    def __init__(self):\n        self.c = OpenAI()\n"
                                "    def reset(self):\n        self.c = make()\n"
                                "    def ask(self):\n        return self.c.responses.create(model='gpt-4o', service_tier='flex')\n",
    "local rebinding": HEAD + "def f(flag):\n    model = 'gpt-4o'\n    x = 1\n    if flag:\n        model = 'o3'\n"
                       "    y = [i for i in range(x)]\n    return client.responses.create(model=model, service_tier='flex')\n",
    "loop in a function": HEAD + "def f():\n    total = 0\n    for m in ['gpt-4o', 'o3']:\n        total += 1\n"
                          "        client.responses.create(model=m, service_tier='flex')\n    return total\n",
    "closure": HEAD + "def outer():\n    tier = 'flex'\n    def inner():\n        nonlocal tier\n        tier = 'auto'\n"
               "    unrelated = 2\n    return client.responses.create(model='gpt-4o', service_tier=tier)\n",
    "global in a function": HEAD + "TIER = 'flex'\ndef f():\n    global TIER\n    other = 1\n    TIER = 'auto'\n"
                            "def g():\n    return client.responses.create(model='gpt-4o', service_tier=TIER)\n",
    "else and handlers": HEAD + "def f(a):\n    if a:\n        model = 'gpt-4o'\n        z = 2\n    else:\n        model = 'o3'\n"
                         "    try:\n        w = 1\n    except ValueError as model:\n        pass\n"
                         "    with open('f') as fh:\n        q = fh.read()\n"
                         "    return client.responses.create(model=model, service_tier='flex')\n",
    "short statements": HEAD + "class A:\n    def f(self):\n        x\n    def g(self):\n        return client.responses.create(model='o3', service_tier='flex')\n",
    "one-line bodies": HEAD + "def f(): return client.responses.create(model='gpt-4o', service_tier='flex', zz=1)\n"
                       "class K: a = 1; b = 2\nif True: x = 1\n",
    "class attribute": HEAD + "class Conf:\n    MODEL = 'gpt-4o'\n    OTHER = 3\n    def go(self):\n"
                       "        return client.responses.create(model=self.MODEL, service_tier='flex')\n",
    "nested dict settings": "from pydantic_ai import Agent\nfrom pydantic_ai.models.openai import OpenAIResponsesModel\n"
                            "def build():\n    unrelated = [1, 2]\n    settings = {'openai_service_tier': 'flex', 'temperature': 0}\n"
                            "    model = OpenAIResponsesModel('gpt-4o')\n    return Agent(model, model_settings=settings)\n",
    "litellm in a method": "import litellm\nclass C:\n    def a(self):\n        return 1\n    def b(self):\n"
                           "        m = 'openai/gpt-4o'\n        return litellm.completion(model=m, messages=[], service_tier='flex')\n",
    # Statements left out of libcst's tree whose bindings are followed (parsed alone when read).
    "binder on its clause's line": HEAD + "TIER = 'flex'\nif TIER:\n    pass\nelse: MODEL = 'gpt-4o'\n" + CALL,
    "indented binder after non-ascii": HEAD + "def f():\n    s = 'é✓'; model = 'gpt-4o'\n    x = [1]\n"
                                       "    return client.responses.create(model=model, service_tier='flex', zz=s)\n",
    "parenthesized target": HEAD + "(MODEL) = 'gpt-4o'\nTIER: str = 'flex'\ndef unrelated():\n    pass\n" + CALL,
    "elif and else bodies": HEAD + "def f(a):\n    if a == 1:\n        pass\n    elif a == 2:\n"
                            "        return client.responses.create(model='o3', service_tier='flex', q=1)\n"
                            "    else:\n        m = 'gpt-4o'\n        return client.responses.create(model=m, service_tier='auto')\n",
    "request in handlers and finally": HEAD + "def f():\n    try:\n        x = 1\n    except ValueError:\n"
                                       "        client.responses.create(model='gpt-4o', service_tier='flex', a=1)\n"
                                       "    finally:\n        client.responses.create(model='o3', service_tier='flex', b=2)\n",
    "request in a case": HEAD + "def f(v):\n    match v:\n        case 1:\n            pass\n        case _:\n"
                         "            client.responses.create(model='gpt-4o', service_tier='flex', c=3)\n",
    "self attribute set in another method": HEAD + "class Bot:\n    def __init__(self):\n        self.client = OpenAI()\n"
                                            "    def setup(self):\n        self.model = 'o3'\n        self.n = 2\n"
                                            "    def ask(self):\n"
                                            "        return self.client.responses.create(model=self.model, service_tier='flex')\n",
    "loop over a far list": HEAD + "MODELS = ['gpt-4o', 'o3']\ndef unrelated():\n    pass\n"
                            "[client.responses.create(model=m, service_tier='flex', v=1) for m in MODELS]\n"
                            "for m2 in MODELS:\n    client.responses.create(model=m2, service_tier='flex', w=1)\n",
    "helper that makes the client": "from openai import OpenAI\ndef make():\n    return OpenAI()\nc = make()\n"
                                    "def unrelated():\n    pass\nc.responses.create(model='gpt-4o', service_tier='flex')\n",
    "a decorator of a block's first statement": HEAD + "class A:\n    MODEL = staticmethod\n    @MODEL\n    def f():\n"
                                                 "        pass\nMODEL = 'gpt-4o'\nfor TIER in ['flex']:\n    @TIER\n"
                                                 "    def g():\n        pass\n" + CALL,
    "decorated definition kept for its header": HEAD + "MODEL = 'gpt-4o'\n@decorate\n"
                                                 "def ask(model=MODEL, kind=OpenAI):\n    MODEL = 'o3'\n    return 1\n"
                                                 "TIER = 'flex'\n" + CALL,
    "docstrings that name the library": '"""Talks to OpenAI."""\n' + HEAD + "def f():\n    \"\"\"Uses openai.\"\"\"\n"
                                        "    return 1\nMODEL = 'gpt-4o'\nTIER = 'flex'\n" + CALL,
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_shapes(name):
    assert_same(SHAPES[name].encode(), f"{name.replace(' ', '_')}.py")


@given(st.sampled_from("ab\u00e9"), st.text(st.sampled_from("ab \t\r\n\u00e9"), max_size=40))
def test_a_blanked_region_keeps_its_length_and_line_breaks(first, rest):
    """A region starts where a statement does; blanked, it is as long and breaks lines where it did."""
    region = first + rest.replace("\r", "\r\n").replace("\r\n\n", "\r\n")  # a carriage return only before a newline
    if region.endswith("\r\n"):
        region = region[:-1]  # a region ends before its statement's line break (a carriage return may stay)
    blank = python_slice._blank(region)
    assert len(blank) == len(region)
    assert [(i, c) for i, c in enumerate(blank) if c in "\r\n"] == [(i, c) for i, c in enumerate(region) if c in "\r\n"]


def test_a_short_statement_ending_in_a_carriage_return():
    """Found by hypothesmith: ``A;00;\\r\\n`` blanked one character too long, and every column after it was off."""
    code = HEAD + "A;00;\r\n \t \t  \r\n\t   \t #\x8b0\n" + CALL
    assert python_slice._blank("A;00;\r") == "0    \r"
    assert_same(code.encode(), "crlf.py")


def test_a_form_feed_libcst_drops():
    """libcst drops a form feed before a statement; where that statement is blanked, positions are right again."""
    code = SHAPES["tabs and form feeds"]
    assert not lossless(code.encode())
    truth = code.replace("\x0cdef unrelated():\n\treturn 1\n", " " * 16 + "\n" + " " * 9 + "\n")
    assert findings(code.encode(), "ff.py", True) == findings(truth.encode(), "ff.py", False)


def test_shapes_are_reported_and_sliced(monkeypatch):
    """The shapes are worth testing: findings where there should be some, and text actually left out."""
    monkeypatch.setattr(python_slice, "MODE", "always")
    assert json.loads(assert_same(SHAPES["plain"].encode(), "plain.py"))
    relevant = lambda raw: may_matter("python", raw)  # noqa: E731
    sliced = slice_code(SHAPES["plain"], relevant)
    assert sliced is not None and "unrelated" not in sliced and len(sliced) == len(SHAPES["plain"])
    assert slice_code(SHAPES["needle in a string only"], relevant) is not NOTHING  # the string statement is a seed
    assert slice_code("import os\nx = 1\n", relevant) == NOTHING


def test_slicing_only_where_it_pays():
    """A long file with one request is sliced; a short one, or one where requests are everywhere, is parsed whole."""
    relevant = lambda raw: may_matter("python", raw)  # noqa: E731
    unrelated = "".join(f"def f{i}(x):\n    return [y * {i} for y in x]\n\n" for i in range(100))
    sliced = slice_code(HEAD + unrelated + CALL, relevant)
    assert sliced is not None and "def f1(" not in sliced
    assert slice_code(HEAD + CALL, relevant) is None
    dense = "".join(f"def f{i}(x):\n    return client.responses.create(model=x, service_tier='flex')\n\n" for i in range(100))
    assert slice_code(HEAD + dense + CALL, relevant) is None
    assert json.loads(findings((HEAD + unrelated + CALL).encode(), "long.py", True))


def test_a_notebook():
    cells = [
        {"cell_type": "code", "source": ["from openai import OpenAI\n", "client = OpenAI()\n"], "metadata": {}, "outputs": []},
        {"cell_type": "code", "source": ["!pip install openai\n", "def unrelated():\n", "    return 'é'\n"], "metadata": {},
         "outputs": []},
        {"cell_type": "code", "source": ["client.responses.create(model='gpt-4o', service_tier='flex', servce_tier=1)"],
         "metadata": {}, "outputs": []},
    ]
    data = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()
    assert json.loads(assert_same(data, "nb.ipynb"))


_PIECES = st.sampled_from([
    "from openai import OpenAI\n", "import openai\n", "client = OpenAI(timeout=900)\n", "client = OpenAI()\n",
    "MODEL = 'gpt-4o'\n", "MODEL = 'o3'\n", "TIER = 'flex'\n", "TIER = 'auto'\n", "def MODEL():\n    pass\n",
    "def f():\n    global TIER\n    TIER = 'priority'\n", "x = 1; MODEL = 'gpt-5'\n", "for MODEL in ['gpt-4o', 'o3']:\n    pass\n",
    "client.responses.create(model=MODEL, input='x', service_tier=TIER)\n",
    "def ask():\n    return client.chat.completions.create(model=MODEL, messages=[], service_tier=TIER)\n",
    "openai.responses.create(model=MODEL, input='x', service_tier='flex')\n", "openai.timeout = 5\n",
    "ARGS = {'model': MODEL, 'service_tier': TIER}\n", "client.responses.create(**ARGS)\n", "ARGS['model'] = 'x'\n",
    "class C:\n    c = OpenAI()\n", "@deco\ndef g():\n    return [x for x in range(3)]\n", "# flexlint: ignore\n",
    "if (TIER := 'flex'):\n    pass\n", "del MODEL\n", "\n",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=12))
def test_any_mix_of_statements(pieces):
    assert_same("".join(pieces).encode(), "mix.py")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=10), st.sampled_from(["def f():\n", "class C:\n", "for z in [1]:\n",
                                                                   "class C:\n    def m(self):\n"]))
def test_any_mix_inside_a_block(pieces, header):
    """The same pieces as the body of a function, a class, a loop or a method."""
    indent = " " * (8 if header.count(":") > 1 else 4)
    body = "".join(indent + line + "\n" for piece in pieces for line in piece.splitlines() if line)
    code = "from openai import OpenAI\nimport openai\nclient = OpenAI()\n" + header + (body or indent + "pass\n")
    assert_same(code.encode(), "block.py")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_generated_programs(data):
    """hypothesmith's programs (valid Python of every shape) around a request site."""
    hypothesmith = pytest.importorskip("hypothesmith")
    program = data.draw(hypothesmith.from_grammar())
    code = HEAD + program + ("\n" if program and not program.endswith("\n") else "") + CALL
    assert_same(code.encode(), "generated.py")


_LINES = st.sampled_from([
    "x = 1", "def f():", "    return 1", "    pass", "'''", '"""', "s = '''", "t = \"\"\"", "(", ")", "x = (1,", "    2)",
    "x = 1 \\", "@deco", "class C:", "    y = 2", "if x:", "else:", "    else:", "# comment", "", "    ", "a = 1; b = 2",
    "f(", "]", "x = [", "try:", "except E:", "finally:", "'''doc'''", "y = lambda: 0", "    def g(self):",
    "        return self.c", "from openai import OpenAI", "client.responses.create(model='o3')", "\tz = 3", "async def h():",
    "    await x", "match x:", "    case 1:", "        pass", "x = f'{a}'", "elif y:", "while True:", "with a as b:",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(_LINES, min_size=1, max_size=30), st.lists(st.tuples(st.integers(0, 1000), _LINES), min_size=1, max_size=3))
@example(["x = 1 \\", "    "], [(1, "client.responses.create(model='o3')")])  # a backslash joins across the border
def test_reparsing_around_an_edit(base, edits):
    """What an editor does: the same file with a few lines changed; parsing around them gives what parsing all gives."""
    python_statements._LAST = None
    python_statements.statements("\n".join(base))
    lines = list(base)
    for where, text in edits:
        lines[where % len(lines)] = text
    new = "\n".join(lines)
    warm = python_statements.statements(new)
    python_statements._LAST = None
    cold = python_statements.statements(new)
    assert (warm is None) == (cold is None)
    if cold is not None:
        assert [ast.dump(s, include_attributes=True) for s in warm] == [ast.dump(s, include_attributes=True) for s in cold]


def test_reparsing_a_valid_edit_keeps_the_rest():
    """A changed line inside one statement: only that statement is parsed again (the others are the same objects)."""
    code = "".join(f"def f{i}():\n    return {i}\n" for i in range(50))
    python_statements._LAST = None
    old = python_statements.statements(code)
    new = python_statements.statements(code.replace("return 7\n", "return 'seven'\n"))
    assert [a is b for a, b in zip(old, new, strict=True)].count(False) == 1


def test_a_long_chain_of_names_is_parsed_whole(monkeypatch):
    """Each link of a chain of names costs a search of the text: past MAX_ROUNDS links the whole file is parsed."""
    monkeypatch.setattr(python_slice, "MODE", "always")
    links = "".join(f"c{i + 1} = c{i}\n" for i in range(python_slice.MAX_ROUNDS + 5))
    code = HEAD + "c0 = client\n" + links + "def unrelated():\n    return 1\n" + CALL
    assert slice_code(code, lambda raw: may_matter("python", raw)) is None
    assert_same(code.encode(), "chain.py")
