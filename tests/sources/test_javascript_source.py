"""JavaScript and TypeScript files: grammars, positions in characters, the prefilter and lazy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT, run_cli
from flexlint import sources
from flexlint.core.document import SourceError
from flexlint.sources import javascript
from flexlint.sources.javascript import GRAMMARS, Offsets, Script, grammar_of


def test_suffixes_of_the_kind_and_of_the_reader_agree():
    assert sources.SCRIPT_SUFFIXES == frozenset(GRAMMARS)
    for suffix in GRAMMARS:
        assert sources.kind_of(f"src/app{suffix}", b"") == "javascript"
        assert suffix in sources.SUFFIXES


@pytest.mark.parametrize("path,grammar", [("a.ts", "typescript"), ("a.MTS", "typescript"), ("a.tsx", "tsx"),
                                          ("a.jsx", "javascript"), ("a.cjs", "javascript")])
def test_grammar_follows_the_suffix(path, grammar):
    assert grammar_of(path) == grammar


def test_each_grammar_reads_its_own_syntax():
    """A type assertion is TypeScript, JSX is TSX/JavaScript: each parses cleanly with its grammar only."""
    assert not Script("const x = <T>y; const z = a satisfies B;", "typescript").root.has_error
    assert not Script("const x = <div className='a'>{y}</div>;", "tsx").root.has_error
    assert not Script("const x = <div>{y}</div>;", "javascript").root.has_error
    assert Script("const x = <div>{y}</div>;", "typescript").root.has_error


@given(st.text(alphabet=st.sampled_from(["a", "é", "€", "😀", "\n", " ", "\ud800"]), max_size=40))
@settings(max_examples=200, deadline=None)
def test_byte_offsets_map_to_character_offsets(text):
    data = text.encode("utf-8", "surrogatepass")
    offsets = Offsets(text, len(data) == len(text))
    byte = 0
    for index, char in enumerate(text):
        assert offsets.char(byte) == index
        byte += len(char.encode("utf-8", "surrogatepass"))
    assert offsets.char(byte) == len(text)


def test_positions_after_non_ascii_text_are_in_characters(tmp_path):
    code = 'import OpenAI from "openai";\n// “flex” 😀 ahead\nconst c = new OpenAI();\nc.responses.create({ model: "gpt-5.4", serviceTier: "flex" });\n'
    (tmp_path / "a.ts").write_text(code, encoding="utf-8")
    out = run_cli("--format", "json", "--select", "wrong-key-casing", "a.ts", cwd=tmp_path)
    import json

    found = json.loads(out.stdout)
    assert [(d["line"], d["column"], d["end_column"]) for d in found] == [(4, 40, 51)]
    line = code.splitlines()[3]
    assert line[39:50] == "serviceTier"


def test_a_syntax_error_is_not_reported_and_the_rest_is_read(tmp_path):
    """tree-sitter recovers: code after a broken statement is still checked, and nothing is a parse-error."""
    (tmp_path / "a.ts").write_text(
        'import OpenAI from "openai";\nconst broken = ;\nconst c = new OpenAI();\n'
        'c.responses.create({ model: "gpt-5.4", serviceTier: "flex" });\n'
    )
    proc = run_cli("--format", "json", "a.ts", cwd=tmp_path)
    assert b"parse-error" not in proc.stdout and b"wrong-key-casing" in proc.stdout, proc.stdout


def test_a_call_inside_an_error_region_is_left_alone(tmp_path):
    (tmp_path / "a.ts").write_text(
        'import OpenAI from "openai";\nconst c = new OpenAI();\n'
        'c.responses.create({ model: "gpt-5.4", serviceTier: "flex", ]] });\n'
    )
    proc = run_cli("--format", "json", "a.ts", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout


def test_a_grammar_that_cannot_be_loaded_is_a_clear_error(monkeypatch):
    def broken(grammar):
        raise ValueError("Incompatible Language version 15. Must be between 13 and 14")

    monkeypatch.setattr(javascript, "_parser", broken)
    with pytest.raises(SourceError) as info:
        javascript.parser("typescript")
    assert "tree-sitter" in str(info.value) and "pip install -U" in (info.value.hint or "")


def test_files_without_a_needle_are_never_parsed(tmp_path, monkeypatch):
    """The prefilter: a TypeScript file that names none of the packages costs a read, not a parse."""
    from flexlint.api import Options, lint_paths

    (tmp_path / "util.ts").write_text("export const add = (a: number, b: number) => a + b;\n")
    (tmp_path / "app.ts").write_text('import OpenAI from "openai";\nnew OpenAI().responses.create({model: "gpt-5.4", serviceTier: "flex"});\n')
    parsed = []
    real = Script.__init__

    def spy(self, text, grammar):
        parsed.append(text[:20])
        real(self, text, grammar)

    monkeypatch.setattr(Script, "__init__", spy)
    result = lint_paths([str(tmp_path)], Options(jobs=1))
    assert result.diagnostics and parsed == ['import OpenAI from "']


def test_node_modules_is_never_read(tmp_path):
    """A repository's dependencies are skipped however much they match: only the project's own code is read."""
    from flexlint.api import Options, lint_paths

    body = 'import OpenAI from "openai";\nnew OpenAI().responses.create({model: "gpt-5.4", serviceTier: "flex"});\n'
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.ts").write_text(body)
    for folder in ("node_modules/openai/src", "packages/web/node_modules/ai/dist"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "index.ts").write_text(body)
    result = lint_paths([str(tmp_path)], Options(jobs=1))
    assert {d.path.replace("\\", "/").split(str(tmp_path.name) + "/")[-1] for d in result.diagnostics} == {"src/app.ts"}


@pytest.mark.parametrize("files", [
    {"body.json": '{"model": "gpt-5.4-mini", "input": "hi", "serviceTier": "flex"}'},
    {"app.py": "from openai import OpenAI\nOpenAI().responses.create(model='gpt-5.4', serviceTier='flex')\n"},
], ids=["json", "python"])
def test_json_and_python_runs_never_import_the_javascript_parser(tmp_path, files):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "util.ts").write_text("export const x = 1;\n")  # a script that matters to nothing
    script = (
        "import sys\nfrom flexlint.api import lint_paths, Options\n"
        f"r = lint_paths([{str(tmp_path)!r}], Options(jobs=1))\n"
        "assert r.diagnostics, r\n"
        "print(sorted(m for m in sys.modules if m.startswith('tree_sitter') or m.endswith('.javascript')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)})
    assert proc.stdout.strip() == b"[]", proc.stderr.decode()


def test_fix_never_writes_javascript(tmp_path):
    """Fixes are written only in formats the editor writes: a TypeScript file keeps its bytes and its finding."""
    code = ('import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\n'
            'await generateText({ model: openai("gpt-5.4-mini"), providerOptions: { openai: { service_tier: "flex" } } });\n')
    path = tmp_path / "app.ts"
    path.write_text(code)
    proc = run_cli("--fix", str(path))
    assert proc.returncode == 1 and path.read_text() == code
    assert b"wrong-key-casing" in proc.stdout and b"0 fixed, 1 remaining" in proc.stdout + proc.stderr
