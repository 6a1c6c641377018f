"""The registry is the one place that knows every app: nothing outside an app's folder names it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from flexlint.dialects import DIALECTS, PYTHON_LIBRARIES, SCRIPT_LIBRARIES, choose, dialect

PACKAGE = Path(__file__).resolve().parents[2] / "flexlint"
ENTRIES = list(DIALECTS) + list(PYTHON_LIBRARIES) + list(SCRIPT_LIBRARIES)
REGISTRY = PACKAGE / "dialects" / "__init__.py"


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Word boundaries: "the OpenAI SDK" is not "AI SDK", "openai_sdk" is not "ai_sdk".
    return re.compile("|".join(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])" for w in words), re.I)


def _homes(entry) -> list[Path]:
    return [PACKAGE / "dialects" / home for home in entry.home]


def _allowed(entry) -> list[Path]:
    """Where an app may be named: its own folder, the registry, and the folders of apps that build on it."""
    allowed = _homes(entry) + [REGISTRY]
    for other in ENTRIES:
        if entry.name in other.uses:
            allowed += _homes(other)
    return allowed


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.words], ids=lambda e: e.name)
def test_no_app_name_outside_its_folder(entry):
    pattern = _pattern(entry.words)
    allowed = _allowed(entry)
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if any(path == a or a in path.parents for a in allowed):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}")
    assert not found, f"{entry.name} is named outside its folder:\n" + "\n".join(found)


def test_the_test_sees_a_name_out_of_place(tmp_path):
    """The check above can fail: a line naming an app outside its folder is found."""
    pattern = _pattern(next(e for e in DIALECTS if e.name == "cherry-studio").words)
    assert pattern.search('label = "Cherry Studio 1.9"')
    assert not _pattern(("ai sdk",)).search("the OpenAI SDK raises TypeError")


def test_every_home_exists_and_every_dialect_folder_is_registered():
    homes = {h for e in ENTRIES for h in e.home}
    for home in homes:
        assert (PACKAGE / "dialects" / home).is_dir(), home
    folders = {p.name for p in (PACKAGE / "dialects").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == homes


def test_no_dotted_string_registries():
    """Modules are found by imports a reader can follow, never by importlib on a string."""
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "import_module":
                pytest.fail(f"{path}: importlib.import_module")


def test_package_root_holds_only_its_face():
    modules = {p.name for p in PACKAGE.glob("*.py")}
    assert modules == {"__init__.py", "__main__.py", "api.py"}


@pytest.mark.parametrize("entry", DIALECTS, ids=lambda e: e.name)
def test_each_dialect_loads_and_has_its_name(entry):
    assert dialect(entry.name).name == entry.name


def test_choose_reads_a_document_by_the_highest_score():
    from flexlint.run.documents import read_documents

    (doc,) = read_documents("body.json", b'{"model": "gpt-5.4-mini", "input": "hi", "service_tier": "flex"}')
    assert choose(doc).name == "openai-http"
    (doc,) = read_documents("options.json", b'{"providerOptions": {"openai": {"serviceTier": "flex"}}}')
    assert choose(doc).name == "ai-sdk"


def test_a_batch_file_with_an_unreadable_line_exits_2(tmp_path):
    """Part of a file that cannot be read is said at its line, and the run exits 2 as for any unreadable input."""
    from conftest import run_cli

    (tmp_path / "in.jsonl").write_text(
        '{"custom_id": "1", "method": "POST", "url": "/v1/responses", "body": {"model": "gpt-5.4-mini", "input": "x"}}\n'
        "not json\n"
    )
    proc = run_cli("in.jsonl", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout.decode().startswith("in.jsonl:2:1: error:")


def test_choose_reads_a_script_with_the_javascript_dialect():
    from flexlint.run.documents import read_documents

    (doc,) = read_documents("app.ts", b'import OpenAI from "openai";\n')
    assert choose(doc).name == "javascript"
    (doc,) = read_documents("util.ts", b"export const x = 1;\n")
    assert choose(doc) is None  # nothing it could read: never parsed


@pytest.mark.parametrize("entry", SCRIPT_LIBRARIES + PYTHON_LIBRARIES, ids=lambda e: e.name)
def test_each_library_loads_and_has_a_home(entry):
    library = entry.load()
    assert library.sites is not None and entry.needles
    assert all((PACKAGE / "dialects" / home).is_dir() for home in entry.home)
