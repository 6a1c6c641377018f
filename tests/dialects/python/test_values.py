"""Values in Python code keep three states apart: known, present but unknown, absent."""

from __future__ import annotations

import json
import textwrap

import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, run_cli
from flexlint.core.document import UNKNOWN, Partial
from flexlint.dialects.python.module import Module
from flexlint.sources.python_source import CodeUnit

CASE = ROOT / "tests" / "python_cases" / "imported_values.py"


def test_imported_names_are_present_and_what_is_shown_is_still_judged():
    proc = run_cli("--format", "json", str(CASE))
    assert proc.stderr == b""
    found = json.loads(proc.stdout)
    # Nothing about RESPONSE_SCHEMA, FORMAT or EXTRA, no crash on {Color.RED: 1};
    # a format that does lack its schema, a wrong `strict` and a misspelt tier are still reported.
    assert [(d["line"], d["column"], d["rule"]) for d in found] == [
        (26, 75, "invalid-value"),
        (27, 149, "invalid-value"),
        (28, 61, "invalid-value"),
    ]
    assert "lacks the required `schema`" in found[0]["message"]
    assert "internal-error" not in proc.stdout.decode()


def _value(code: str, name: str = "x"):
    """The value flexlint follows for the last expression bound to ``name``."""
    code = textwrap.dedent(code)
    unit = CodeUnit(code=code, module=cst.parse_module(code))
    mod = Module(unit)
    assign = [n for n in mod.kept if isinstance(n, cst.Assign) and getattr(n.targets[0].target, "value", "") == name][-1]
    return mod.value(assign.value, {})


@pytest.mark.parametrize(
    "code,expected",
    [
        ('x = {"a": 1}', {"a": 1}),
        ('from .m import Y\nx = {"a": Y}', {"a": UNKNOWN}),
        ('from m import Y\nx = {"a": Y, "b": f"{Y}"}', {"a": UNKNOWN, "b": UNKNOWN}),
        ('x = {"a": 1, **spread, "b": 2}', Partial({"a": UNKNOWN, "b": 2})),
        ('x = {K: 1, "b": 2}', Partial({"b": 2})),
        ('import enum\nclass C(enum.Enum):\n    R = 1\nx = {C.R: 1}', Partial()),
        ('x = dict(base, a=1)', Partial({"a": 1})),
        ('x = [1, *rest]', UNKNOWN),
        ('x = [1, *[2, 3]]', [1, 2, 3]),
        ('x = 2 * 300', 600),
        ('x = 2 ** 300', UNKNOWN),
    ],
)
def test_three_states(code, expected):
    node = _value(code)
    value = node.plain()
    assert value == expected and type(value) is type(expected)


def test_an_unknown_value_points_where_it_is_written():
    code = 'from .m import Y\nx = {"schema": Y}\n'
    node = _value(code).value["schema"]
    assert node.value is UNKNOWN and code[node.start : node.end] == "Y"
    assert node.key is not None and code[node.key.start : node.key.end] == '"schema"'


_STRING_PARTS = st.lists(st.sampled_from(["a", "é", " ", "\n", "\r\n", "\\n", "\\\\", "\\'", '\\"', "'", '"', "\\x41", "\\u00e9",
                                           "{", "😀", "\t", "\\N{DASH}"]), max_size=8).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["", "r", "R", "u", "U", "b", "rb", "Br"]), st.sampled_from(["'", '"', "'''", '"""']), _STRING_PARTS)
def test_a_string_literal_is_read_as_python_reads_it(prefix, quote, body):
    """Literals without an escape are read without the compiler: the value must be the compiler's, always."""
    import ast
    import warnings

    from flexlint.dialects.python.values import _string

    source = prefix + quote + body + quote
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an escape bytes do not know (``\N``): not what is tested
            expected = ast.literal_eval(source)
        node = cst.parse_expression(source)
    except Exception:
        return  # not a literal Python accepts (a quote or a line break where it cannot be)
    if type(node) is not cst.SimpleString:
        return  # two literals side by side
    assert _string(node) == (None if isinstance(expected, bytes) else expected)
