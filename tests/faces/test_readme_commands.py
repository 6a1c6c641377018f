"""Every command the README shows is run here (or, for the few that are the test suite or a benchmark
themselves, named with the test that covers them), the way a user would type it.

Commands come from the README's shell blocks, its `$ ` transcripts, the commands inside its
snippets (CI steps, hook entries, editor settings) and commands quoted in its prose. They run in
bash in a scratch folder holding the files they name, with `flexlint` and `python` on PATH
pointing at this checkout. A command the README gains without a way to run it here fails the
test that lists them.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

import pytest
import yaml

from conftest import CASES, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
RUNNERS = re.compile(r"^(?:flexlint |python3? |pip |node |cat )")

# The two files the README's `$ flexlint src/` transcript shows findings in.
TS_SUMMARISE = """import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";

const { text } = await generateText({
  model: openai("gpt-5.4-mini"),
  prompt: "Summarise the report.",
  providerOptions: { openai: { service_tier: "flex" } },
});
console.log(text);
"""
TS_AGENT = """import { ChatOpenAI } from "@langchain/openai";

const model = new ChatOpenAI({ model: "gpt-5.4-mini", useResponsesApi: true, timeout: 900_000 });
const reply = await model.invoke("Summarise", { service_tier: "flex" });
console.log(reply.content);
"""

# Commands that are the test suite or a benchmark themselves: the test that covers each, which must exist.
COVERED_ELSEWHERE = {
    "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' && python -m pytest":
        ".ci/run",  # CI runs exactly this on a clean checkout
    "python -m pytest tests/knowledge/test_catalog.py": "tests/knowledge/test_catalog.py",
    "python tests/bench/run.py": "tests/bench/run.py",  # a benchmark (speed targets are not unit tests)
    "python -m tests.bench": "tests/bench/__main__.py",  # minutes of timed runs, with peers it installs
    "python -m tests.bench --quick": "tests/bench/__main__.py",
    "python tests/bench/bench_catalog.py": "tests/bench/bench_catalog.py",
    "python tests/bench/cherry_backup.py": "tests/bench/cherry_backup.py",
    "python tests/bench/cherry_format6.py": "tests/bench/cherry_format6.py",
    "python tests/bench/javascript.py DIR": "tests/bench/javascript.py",
    "python scripts/generate_openai_schemas.py": "tests/knowledge/test_openai_schemas.py",  # the drift test
    "python scripts/generate_rule_docs.py": "tests/faces/test_rule_pages.py",  # runs it with --check
    "node scripts/generate_librechat_schema.js PREFIX": "tests/dialects/librechat/test_librechat.py",
    "python scripts/refresh_model_catalog.py": "tests/knowledge/test_refresh_catalog.py",
    # The fuzzing campaign runs for minutes to hours: the suite runs a few seconds of it, and its atheris target.
    "python -m tests.fuzz --minutes 30": "tests/fuzz/test_fuzz.py",
    "python -m tests.fuzz --inputs 100000 --kinds json,yaml,toml,jsonl,python": "tests/fuzz/test_fuzz.py",
    "python -m tests.fuzz --replay tests/fuzz/found/python-123.py": "tests/fuzz/test_fuzz.py",
    "python -m tests.fuzz.atheris_target -max_total_time=600": "tests/fuzz/test_fuzz.py",
    # Probing sends real requests: run against a local fake server there, never from here.
    "flexlint probe FILE…": "tests/faces/test_probe.py",
    "flexlint probe --yes --format json configs/backup.zip": "tests/faces/test_probe.py",
    "flexlint probe --yes --record probe-evidence.yaml client.py": "tests/faces/test_probe.py",
}
# Installing: run by test_installing_as_the_readme_says, in a fresh virtual environment.
INSTALLS = re.compile(r"(?:^|&& )pip install |python3 -m venv")


def _strip_comment(line: str) -> str:
    return re.sub(r"\s+#\s.*$", "", line).strip()


def shown_commands() -> list[str]:
    """Every command the README shows, once each, in order."""
    found: list[str] = []
    for lang, body in re.findall(r"```(\w*)\n(.*?)```", README, flags=re.S):
        if lang == "sh":
            found += [_strip_comment(line) for line in body.splitlines()]
        elif lang == "":
            found += [_strip_comment(line[2:]) for line in body.splitlines() if line.startswith("$ ")]
        elif lang == "yaml":
            data = yaml.safe_load(body)
            for job in (data.get("jobs") or {}).values() if isinstance(data, dict) else ():
                found += [_strip_comment(step["run"]) for step in job.get("steps", []) if "run" in step]
            for job in data.values() if isinstance(data, dict) else ():
                if isinstance(job, dict) and "script" in job:
                    found += [_strip_comment(line) for line in job["script"]]
            for repo in (data.get("repos") or []) if isinstance(data, dict) else ():
                found += [hook["entry"] for hook in repo.get("hooks", []) if "entry" in hook]
        elif lang == "json" and '"tasks"' in body:
            found += [task["command"] for task in json.loads(body)["tasks"]]
        elif lang == "vim":
            found += [m.replace("\\ ", " ") for m in re.findall(r"makeprg=((?:\\ |[^\s\\])+)", body)]
        elif lang == "lua":
            found += [" ".join(re.findall(r"'([^']+)'", m)) for m in re.findall(r"cmd = \{([^}]*)\}", body)]
        elif lang == "elisp":
            found += [" ".join(re.findall(r'"([^"]+)"', m)) for m in re.findall(r'\("flexlint"[^)]*\)', body)]
    prose = re.sub(r"```.*?```", "", README, flags=re.S)
    found += [" ".join(m.split()) for m in re.findall(r"M-x compile RET\s+(.*?)\s+RET", prose, flags=re.S)]
    found += [span for span in re.findall(r"`([^`\n]+)`", prose) if RUNNERS.match(span)]
    return list(dict.fromkeys(c for c in found if c))


COMMANDS = shown_commands()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """A folder with the files the README's commands name, and `flexlint`/`python` on PATH."""
    sys.path.insert(0, str(ROOT / "tests" / "dialects" / "cherry_studio"))
    from backups import backup_zip, sqlite_db, v2_zip

    root = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", root / "examples")
    shutil.copy(CASES / "openai-raw" / "responses-body.json", root / "body.json")
    for name in ("librechat.yaml", "litellm_config.yaml"):
        shutil.copy(ROOT / "examples" / name, root / name)
    (root / "cherry-studio.202606200800.zip").write_bytes(backup_zip((ROOT / "examples" / "cherry-studio-data.json").read_bytes()))
    shutil.copy(ROOT / "examples" / "cherry-studio-data.json", root / "data.json")
    direct = CASES / "cherry-studio" / "format6" / "backup-v1.9.12-direct.zip"  # a real format-6 backup
    for name in ("cherry-studio.202612011200.zip", "backup.zip"):
        shutil.copy(direct, root / name)
    provider = {"provider_id": "openai", "preset": "openai", "name": "OpenAI", "settings": {"serviceTier": "auto"}}
    assistant = {"id": "a1", "name": "Summariser", "model_id": "openai::gpt-5.4-mini",
                 "settings": {"customParameters": [{"name": "service_tier", "value": "flex", "type": "string"}]}}
    (root / "cherry-studio.backup.zip").write_bytes(
        v2_zip(sqlite_db([provider], [("openai", "gpt-5.4-mini", "GPT-5.4 mini")], [assistant])))
    home = root / "home"  # `~` in the README's commands
    (home / ".codex").mkdir(parents=True)
    real = ROOT / "tests" / "corpus" / "real"  # real files people published (see its SOURCES.md)
    shutil.copy(real / "0xrsydn__dotfiles__.codex__config.toml", home / ".codex" / "config.toml")
    shutil.copy(real / "zgimszhd61__openai-batch-quickstart__batchinput.jsonl", root / "batch.jsonl")
    # `flexlint explain client.py`: a real client whose base URL is an os.getenv default (a local server)
    shutil.copy(real / "hwang2006__gpt-oss-with-ollama-on-supercomputing__examples__openai_client_v1.py", root / "client.py")
    (root / "src").mkdir()  # `flexlint src/`: a real TypeScript file that sets a tier
    shutil.copy(real / "vercel__ai__examples__ai-functions__src__stream-text__openai__flex-processing.ts",
                root / "src" / "flex-processing.ts")
    # and the two files the README's `$ flexlint src/` transcript shows findings in
    (root / "src" / "summarise.ts").write_text(TS_SUMMARISE)
    (root / "src" / "agent.ts").write_text(TS_AGENT)
    bindir = root / ".bin"
    bindir.mkdir()
    (bindir / "flexlint").write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m flexlint "$@"\n')
    (bindir / "flexlint").chmod(0o755)
    for name in ("python", "python3"):
        (bindir / name).symlink_to(sys.executable)
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "INSIDE_EMACS")}
    env.update({"PATH": f"{bindir}{os.pathsep}{env.get('PATH', '')}", "PYTHONPATH": str(ROOT), "NO_COLOR": "1",
                "HOME": str(home)})
    return root, env


def substitute(command: str) -> str:
    """The README's placeholders, as a user fills them in."""
    command = re.sub(r"\bPATH\.\.\.", "examples/", command)
    command = re.sub(r"\bPATH\b", "examples", command)
    command = re.sub(r"\bID\b", "wrong-key-casing", command)
    command = re.sub(r"\bFILE\b", "client.py", command)
    return command.replace(" %", " examples/responses-body.json")


def bash(command: str, sandbox, timeout: float = 120) -> subprocess.CompletedProcess:
    root, env = sandbox
    return subprocess.run(["bash", "-c", command], cwd=root, env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL if "cat " not in command else None)


def expected_codes(command: str) -> set[int]:
    words = command.split()
    if "--write-baseline" in words or "--exit-zero" in words or "--statistics" in words and "--strict" not in words:
        return {0, 1} if "--statistics" in words else {0}
    if len(words) > 1 and words[1] in ("rules", "rule", "models", "show-config", "check-rules"):
        return {0}
    return {0, 1}  # findings or none; never 2 (a usage error, a broken file) and never a traceback


def test_the_readme_shows_the_commands_this_file_runs():
    assert len(COMMANDS) > 30  # the extraction works
    for command in ("flexlint rule --all", "flexlint --watch PATH...", "flexlint --fix PATH...", "flexlint lsp", "flexlint check .",
                    "cat body.json | flexlint --stdin-filename body.json"):
        assert command in COMMANDS, command


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_the_readme_shows(command, sandbox, tmp_path):
    if command in COVERED_ELSEWHERE:
        assert (ROOT / COVERED_ELSEWHERE[command]).exists()
        return
    if INSTALLS.search(command):
        assert command in install_commands()  # run by test_installing_as_the_readme_says
        return
    command = substitute(command)
    if command.split()[-1] == "lsp":
        return handshake(command, sandbox)
    if "--watch" in command.split():
        return watch_once(command, sandbox)
    if "--baseline" in command.split():
        bash(command.replace("--baseline", "--write-baseline"), sandbox)
    if {"--fix", "--fix-only"} & set(command.split()):  # it rewrites files: in a copy, so the other commands see the README's
        shutil.copytree(sandbox[0], tmp_path / "copy", symlinks=True)
        sandbox = (tmp_path / "copy", sandbox[1])
    proc = bash(command, sandbox)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in expected_codes(command), f"{command}: exit {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    assert proc.stdout or proc.stderr or proc.returncode == 0  # silence means a clean run (on a pipe)


def handshake(command: str, sandbox) -> None:
    """Start the language server as the editor snippets do and shake hands over stdio."""
    pytest.importorskip("pygls")
    root, env = sandbox
    proc = subprocess.Popen(shlex.split(command), cwd=root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        proc.stdin.flush()

    def receive() -> dict:
        length = 0
        while True:
            line = proc.stdout.readline().strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(proc.stdout.read(length))

    try:
        send({"id": 1, "method": "initialize", "params": {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {}}})
        assert receive()["result"]["serverInfo"]["name"] == "flexlint"
        send({"id": 2, "method": "shutdown"})
        assert receive()["id"] == 2
        send({"method": "exit"})
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


def watch_once(command: str, sandbox) -> None:
    """`--watch` runs until interrupted: it must lint once and say it is watching."""
    import signal

    root, env = sandbox
    proc = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=root, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        err = ""
        while "watching for changes" not in err and time.monotonic() < deadline:
            err += proc.stderr.readline()
        assert "watching for changes" in err, err
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    assert "examples/responses-body.json:4:3: error: " in proc.stdout.read()


def test_the_first_example_is_what_flexlint_prints(sandbox):
    block = next(b for b in re.findall(r"```\n(.*?)```", README, flags=re.S) if b.startswith("$ flexlint examples/"))
    shown = block.splitlines()[1:]
    proc = bash("flexlint examples/", sandbox)
    assert proc.returncode == 1
    printed = proc.stdout.splitlines()
    findings = [line for line in shown if line.startswith("examples/")]
    assert findings and all(line in printed for line in findings)
    assert printed.index(findings[0]) < printed.index(findings[-1])
    assert proc.stderr.strip() == shown[-1]  # the summary line, counts and all


def test_the_typescript_example_is_what_flexlint_prints(sandbox):
    start = README.index("```\n$ flexlint src/\n") + 4
    block = README[start:README.index("```", start)]
    shown = [line.split(" ...")[0] for line in block.splitlines()[1:] if line.startswith("src/")]
    proc = bash("flexlint src/", sandbox)
    assert proc.returncode == 1 and len(shown) == 2
    printed = proc.stdout.splitlines()
    assert all(any(p.startswith(line) for p in printed) for line in shown), proc.stdout


def test_the_rule_table_lists_every_rule():
    from flexlint.config.rulesets import load_ruleset

    rows = re.findall(r"^\| (FLX\d+) \| \[`([a-z0-9-]+)`\]\(docs/rules/([a-z0-9-]+)\.md\) \| (\w+) \|", README, flags=re.M)
    expected = [(r.code, r.slug, r.slug, r.severity) for r in load_ruleset().rules]
    assert rows == expected


def made_at_run_time(path: str) -> bool:
    """A folder a command creates (fuzz findings, the benchmark's peers) is named in a .gitignore:
    its parent's (by name) or the repository's (by path)."""
    target = ROOT / path.rstrip("/")
    for ignore, name in ((target.parent / ".gitignore", target.name), (ROOT / ".gitignore", path.rstrip("/"))):
        if ignore.is_file() and name in {line.strip().rstrip("/") for line in ignore.read_text().splitlines()}:
            return True
    return False


def test_paths_the_readme_names_exist():
    for path in set(re.findall(r"`((?:flexlint|tests|scripts|schemas|docs|examples)/[\w./-]+)`", README)):
        assert (ROOT / path.rstrip("/")).exists() or "<" in path or made_at_run_time(path), path
    for link in set(re.findall(r"\]\(([\w./-]+)\)", README)):
        assert (ROOT / link).exists(), link


def install_commands() -> list[str]:
    return [c for c in COMMANDS if INSTALLS.search(c) and c not in COVERED_ELSEWHERE]


@pytest.mark.slow
def test_installing_as_the_readme_says(tmp_path):
    """The Quick start on a copy of this checkout, then the git-address and `lsp` installs it describes."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    clone = tmp_path / "flexlint"
    shutil.copytree(ROOT, clone, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache", ".hypothesis"))
    for args in (("init", "-q"), ("add", "-A"), ("-c", "user.name=t", "-c", "user.email=t@example.invalid",
                                                  "-c", "commit.gpgsign=false", "commit", "-q", "-m", "snapshot")):
        subprocess.run(["git", *args], cwd=clone, check=True, capture_output=True)
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True, text=True).stdout.strip()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "NO_COLOR")}
    ours = os.path.dirname(sys.executable)  # the test's own environment must not answer for the new one
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != ours)
    commands = install_commands()
    assert any("pip install ." in c for c in commands) and any("git+ADDRESS" in c for c in commands)
    for command in commands:
        if "git+ADDRESS" in command:
            # The address here is a local path (git+file:///...), which the pip that `venv` bundles with older
            # Pythons refuses as a URL (an https address is fine with it): a current pip reads both.
            subprocess.run([str(clone / ".venv" / "bin" / "python"), "-m", "pip", "install", "-q", "--upgrade", "pip"],
                           env=env, capture_output=True, timeout=300)
            command = command.replace("git+ADDRESS", f"git+file://{clone}@{sha}")
        activate = "" if "activate" in command else ". .venv/bin/activate && "
        proc = subprocess.run(["bash", "-c", activate + command], cwd=clone, env=env, capture_output=True, text=True,
                              timeout=600)
        wanted = 1 if command.endswith("flexlint examples/") else 0  # the Quick start lints the examples
        assert proc.returncode == wanted, f"{command}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    where = subprocess.run([str(clone / ".venv" / "bin" / "python"), "-c", "import flexlint, pygls; print(flexlint.__file__)"],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert where.returncode == 0 and "site-packages" in where.stdout  # installed, with the `lsp` extra
