"""`extend`: a configuration file that builds on another, as ruff's does."""

from __future__ import annotations

import json

import pytest

from conftest import CASES, ROOT, run_cli

BODY = (CASES / "openai-raw" / "responses-body.json").read_text()
OPTIONS = (ROOT / "examples" / "ai-sdk-options.json").read_text()


def rules(cwd, *args: str) -> dict[str, set[str]]:
    proc = run_cli("--format", "json", *args, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    found: dict[str, set[str]] = {}
    for d in json.loads(proc.stdout):
        found.setdefault(d["path"], set()).add(d["rule"])
    return found


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "base.toml").write_text(
        'select = ["FLX1"]\nexclude = ["generated"]\n[severity]\nwrong-key-casing = "warning"\n'
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "body.json").write_text(BODY)
    (tmp_path / "app" / "options.json").write_text(OPTIONS)
    (tmp_path / "app" / "generated").mkdir()
    (tmp_path / "app" / "generated" / "body.json").write_text(BODY)
    return tmp_path


def test_the_base_applies_and_this_file_layers_on_it(repo):
    (repo / "app" / ".flexlint.toml").write_text('extend = "../ci/base.toml"\nignore = ["wrong-api-parameter"]\n')
    found = rules(repo, "app")
    # base: only FLX1 (so no flex-no-retry in options.json); this file: also ignore wrong-api-parameter
    assert found == {"app/body.json": {"wrong-key-casing"}, "app/options.json": {"wrong-key-casing"}}
    levels = {d["severity"] for d in json.loads(run_cli("--format", "json", "app", cwd=repo).stdout)}
    assert levels == {"warning"}  # the base's severity table applies


def test_select_in_this_file_starts_over_and_extend_select_adds(repo):
    (repo / "app" / ".flexlint.toml").write_text('extend = "../ci/base.toml"\nextend-select = ["flex-no-retry"]\n')
    assert rules(repo, "app")["app/options.json"] == {"wrong-key-casing", "flex-no-retry"}
    (repo / "app" / ".flexlint.toml").write_text('extend = "../ci/base.toml"\nselect = ["flex-no-retry"]\n')
    assert rules(repo, "app") == {"app/options.json": {"flex-no-retry"}}


def test_globs_stay_relative_to_the_file_that_wrote_them(repo):
    (repo / "app" / ".flexlint.toml").write_text('extend = "../ci/base.toml"\n')
    # The base's `exclude = ["generated"]` (a bare name: any depth) still prunes app/generated.
    assert "app/generated/body.json" not in rules(repo, "app")
    (repo / "ci" / "base.toml").write_text('exclude = ["app/generated"]\n')  # relative to ci/: matches nothing in app/
    assert "app/generated/body.json" in rules(repo, "app")
    (repo / "app" / ".flexlint.toml").write_text('extend = "../ci/base.toml"\nexclude = ["generated"]\n')
    assert "app/generated/body.json" not in rules(repo, "app")  # this file's own exclude replaces the base's


def test_show_config_and_a_chain_of_extends(repo):
    (repo / "ci" / "team.toml").write_text('extend = "base.toml"\nextend-select = ["FLX4"]\n')
    (repo / "app" / "pyproject.toml").write_text('[tool.flexlint]\nextend = "../ci/team.toml"\n')
    assert rules(repo, "app")["app/options.json"] == {"wrong-key-casing", "flex-no-retry"}
    out = run_cli("show-config", "app", cwd=repo).stdout.decode()
    assert "app/pyproject.toml [tool.flexlint]" in out
    assert "extends: " in out and "ci/team.toml" in out and "ci/base.toml" in out


@pytest.mark.parametrize("content,message", [
    ('extend = "missing.toml"\n', "`extend`: {root}/app/missing.toml does not exist"),
    ('extend = ".flexlint.toml"\n', "`extend` makes a cycle"),
    ("extend = 3\n", "`extend` must be the path of another configuration file"),
    ('extend = "../ci/broken.toml"\n', "ci/broken.toml: unknown key `selct`; did you mean `select`?"),
])
def test_a_broken_extend_is_a_clear_configuration_error(repo, content, message):
    (repo / "ci" / "broken.toml").write_text('selct = ["FLX1"]\n')
    (repo / "app" / ".flexlint.toml").write_text(content)
    proc = run_cli("app", cwd=repo)
    assert proc.returncode == 2
    assert message.format(root=repo.resolve()) in proc.stderr.decode(), proc.stderr.decode()


def test_a_cycle_through_two_files(repo):
    (repo / "ci" / "base.toml").write_text('extend = "../app/.flexlint.toml"\n')
    (repo / "app" / ".flexlint.toml").write_text('extend = "../ci/base.toml"\n')
    proc = run_cli("app", cwd=repo)
    assert proc.returncode == 2 and "makes a cycle" in proc.stderr.decode()
