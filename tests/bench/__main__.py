"""The speed benchmark: ``python -m tests.bench`` (not part of the test run).

Prints every ratio of the speed targets side by side, each from interleaved
runs (flexlint and its peer alternate, so a change of machine load hits
both), as the median ratio over the rounds and its spread (min-max).
CPU time (user + system of the child processes) is compared where the
target is about work; wall time where it is about workers.

Peers are installed by the benchmark into a private virtual environment
(``tests/bench/.peers``, or ``$FLEXLINT_BENCH_VENV``): ruff, check-jsonschema
and Fixit. flexlint runs from this checkout with bytecode caching on (in a
scratch folder), as an installed package would.

    python -m tests.bench            # everything (several minutes)
    python -m tests.bench --quick    # fewer rounds and smaller trees
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
# Real SDK usage: the benchmark's own files and the Python files of the real-config corpus.
PYTHON_SOURCES = (Path(__file__).resolve().parent / "corpus" / "python-sdk", ROOT / "tests" / "corpus" / "real")
PEERS = ("ruff", "check-jsonschema", "fixit")
FIXIT_RULE = "fixit.rules:NoRedundantFString"


@dataclass
class Ratio:
    name: str
    ratios: list[float]
    target: str
    met: Callable[[float], bool]
    detail: str = ""

    def line(self) -> str:
        if not self.ratios:
            return f"{self.name:<46} {'not measured':>10}  target {self.target}  {self.detail}"
        med = statistics.median(self.ratios)
        spread = f"{min(self.ratios):.2f}-{max(self.ratios):.2f}"
        verdict = "met" if self.met(med) else "NOT met"
        return f"{self.name:<46} {med:>8.2f}x  (spread {spread}, {len(self.ratios)} rounds)  target {self.target}: {verdict}  {self.detail}"


# -- running -------------------------------------------------------------------

def peers_venv() -> Path:
    """A private virtual environment holding the peers, created (once) by pip."""
    venv = Path(os.environ.get("FLEXLINT_BENCH_VENV", Path(__file__).resolve().parent / ".peers"))
    bins = venv / ("Scripts" if os.name == "nt" else "bin")
    if not all((bins / name).exists() for name in PEERS):
        print(f"installing {', '.join(PEERS)} into {venv} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(bins / "python"), "-m", "pip", "install", "-q", *PEERS], check=True)
    return bins


def flexlint_env(scratch: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(scratch / "pyc"), NO_COLOR="1")
    return env


def measure(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, float]:
    """(CPU seconds of the child and its children, wall seconds) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall


def interleaved(a: Callable[[], tuple[float, float]], b: Callable[[], tuple[float, float]], rounds: int,
                use: str = "cpu") -> tuple[list[float], list[float], list[float]]:
    """Ratios a/b over ``rounds`` rounds, the order alternating each round; and a's and b's figures."""
    k = 0 if use == "cpu" else 1
    ratios, fa, fb = [], [], []
    for i in range(rounds):
        if i % 2:
            y, x = b()[k], a()[k]
        else:
            x, y = a()[k], b()[k]
        fa.append(x)
        fb.append(y)
        ratios.append(x / y if y else float("inf"))
    return ratios, fa, fb


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1e3:.0f} ms"


# -- corpora -------------------------------------------------------------------

BODY = b'{"model": "gpt-5-mini", "service_tier": "flex", "input": "Summarise the report."}\n'


def big_request_body() -> str:
    """A 5 MB Responses request body: 22,000 messages (what an editor holds while a long chat is logged)."""
    items = ",".join(json.dumps({"role": "user", "content": "x" * 200 + str(i)}) for i in range(22_000))
    return '{"model": "gpt-5-mini", "service_tier": "flex", "input": [' + items + "]}\n"


def small_json_tree(root: Path, n: int) -> Path:
    """``n`` small JSON files, one in ten a request body (the rest are a repository's other JSON)."""
    root.mkdir(parents=True)
    for i in range(n):
        sub = root / f"d{i // 500:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"f{i:06d}.json").write_bytes(BODY if i % 10 == 0 else b'{"name": "x", "version": "1.0.%d"}\n' % i)
    return root


def python_corpus(root: Path) -> Path:
    """The real SDK files, gathered in one folder."""
    root.mkdir(parents=True, exist_ok=True)
    for folder in PYTHON_SOURCES:
        for path in sorted(folder.glob("*.py")):
            shutil.copy(path, root / path.name)
    return root


def repo_tree(root: Path) -> Path:
    """A repository of configs and SDK code: the real corpora of the tests, copied."""
    shutil.copytree(ROOT / "tests" / "corpus" / "real", root / "configs")
    python_corpus(root / "src")
    shutil.copytree(ROOT / "examples", root / "examples")
    return root


# -- the benchmarks --------------------------------------------------------------

def cold_one_file(scratch: Path, bins: Path, rounds: int) -> list[Ratio]:
    env = flexlint_env(scratch)
    body = scratch / "one.json"
    body.write_bytes(BODY)
    schema = scratch / "schema.json"
    schema.write_text('{"type": "object"}')
    flexlint = [sys.executable, "-m", "flexlint", "--exit-zero", "--no-cache", str(body)]
    measure(flexlint, env)  # writes the bytecode cache
    peer = [str(bins / "check-jsonschema"), "--schemafile", str(schema), str(body)]
    ratios, fa, fb = interleaved(lambda: measure(flexlint, env), lambda: measure(peer), rounds)
    out = [Ratio("cold one file: flexlint / check-jsonschema CPU", ratios, "<= 0.5", lambda r: r <= 0.5,
                 f"flexlint {ms(fa)}, check-jsonschema {ms(fb)}")]
    # The same file with a configuration file and a rule pack beside it.
    project = scratch / "configured"
    (project / "team-rules").mkdir(parents=True)
    shutil.copy(ROOT / "rules" / "client.yaml", project / "team-rules" / "client.yaml")
    text = (project / "team-rules" / "client.yaml").read_text()
    (project / "team-rules" / "client.yaml").write_text(text.replace("code: FLX4", "code: FLX9").replace("slug: ", "slug: team-"))
    (project / ".flexlint.toml").write_text('rule-packs = ["team-rules"]\nignore = ["FLX101"]\n')
    shutil.copy(body, project / "one.json")
    configured = [sys.executable, "-m", "flexlint", "--exit-zero", "--no-cache", "one.json"]
    plain = [sys.executable, "-m", "flexlint", "--exit-zero", "--no-cache", "--isolated", "one.json"]
    ratios, fa, fb = interleaved(lambda: measure(configured, env, project), lambda: measure(plain, env, project), rounds)
    out.append(Ratio("cold one file: with config + rule pack / without", ratios, "<= 1.1", lambda r: r <= 1.1,
                     f"{ms(fa)} against {ms(fb)}"))
    return out


def warm_repo(scratch: Path, bins: Path, rounds: int) -> list[Ratio]:
    env = flexlint_env(scratch)
    tree = repo_tree(scratch / "repo")
    flexlint = [sys.executable, "-m", "flexlint", "--exit-zero", "."]
    ruff = [str(bins / "ruff"), "check", "--exit-zero", "--quiet", "."]
    measure(ruff, None, tree)  # both warm: ruff's cache filled, flexlint's too. flexlint's steady state
    for _ in range(3):  # takes three runs: a fresh lint, one answered by the cache (which records it, once
        measure(flexlint, env, tree)  # what it read is over a second old: see flexlint.run.replay), a replay
        time.sleep(1.1)
    ratios, fa, fb = interleaved(lambda: measure(flexlint, env, tree), lambda: measure(ruff, None, tree), rounds)
    return [Ratio("warm repo: flexlint / ruff (both warm) CPU", ratios, "<= 1.5", lambda r: r <= 1.5,
                  f"flexlint {ms(fa)}, ruff {ms(fb)}")]


PER_FILE = r"""
import json, sys, time
from pathlib import Path
import libcst
from flexlint.api import Options, build_selection, lint_source
files = [(p.name, p.read_bytes()) for p in sorted(Path(sys.argv[1]).glob("*.py"))]
rounds = int(sys.argv[2])
selection = build_selection(Options())
for name, data in files:  # warm: imports, data and validators are per process, not per file
    lint_source(data, name, selection=selection)
    libcst.parse_module(data)
out = []
for r in range(rounds):
    bare = ours = 0.0
    for name, data in files:
        for first in ((0, 1) if r % 2 else (1, 0)):
            start = time.process_time()
            if first:
                libcst.parse_module(data)
                bare += time.process_time() - start
            else:
                lint_source(data, name, selection=selection)
                ours += time.process_time() - start
    out.append([ours, bare])
print(json.dumps(out))
"""


def python_files(scratch: Path, bins: Path, rounds: int) -> list[Ratio]:
    env = flexlint_env(scratch)
    corpus = python_corpus(scratch / "python")
    files = sorted(corpus.glob("*.py"))
    proc = subprocess.run([sys.executable, "-c", PER_FILE, str(corpus), str(rounds)], capture_output=True, text=True, env=env)
    pairs = json.loads(proc.stdout) if proc.returncode == 0 else []
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
    per_file = Ratio(f"Python per file ({len(files)} real files): flexlint / bare libcst", [a / b for a, b in pairs],
                     "<= 1.3", lambda r: r <= 1.3,
                     f"flexlint {statistics.median(a for a, _ in pairs) / len(files) * 1e3:.1f} ms/file" if pairs else "")
    long = scratch / "long"
    long.mkdir(exist_ok=True)
    # Two files of different lengths, linted in turn: what was parsed for one is never reused for the other.
    (long / "big.py").write_text(long_module())
    (long / "big2.py").write_text(long_module(751))
    proc = subprocess.run([sys.executable, "-c", PER_FILE, str(long), str(rounds)], capture_output=True, text=True, env=env)
    pairs_long = json.loads(proc.stdout) if proc.returncode == 0 else []
    long_module_ratio = Ratio("Python, 3,000-line modules with one request: flexlint / bare libcst (for reference)",
                              [a / b for a, b in pairs_long], "-", lambda r: True,
                              f"flexlint {statistics.median(a for a, _ in pairs_long) / 2 * 1e3:.0f} ms/file, libcst "
                              f"{statistics.median(b for _, b in pairs_long) / 2 * 1e3:.0f} ms" if pairs_long else "")
    flexlint = [sys.executable, "-m", "flexlint", "--exit-zero", "--no-cache", "-j", "1", str(corpus)]
    fixit = [str(bins / "fixit"), "--rules", FIXIT_RULE, "lint", str(corpus)]
    measure(flexlint, env)
    ratios, fa, fb = interleaved(lambda: measure(fixit), lambda: measure(flexlint, env), rounds)
    return [per_file, long_module_ratio, Ratio("Python: Fixit (one rule) / flexlint CPU", ratios, ">= 4", lambda r: r >= 4,
                                               f"Fixit {ms(fa)}, flexlint {ms(fb)}")]


def workers(scratch: Path, rounds: int, small: int) -> list[Ratio]:
    env = flexlint_env(scratch)
    out = []
    trees = {
        f"{small} small JSON files": small_json_tree(scratch / "small", small),
        "Python corpus x8": scratch / "py8",
    }
    for i in range(8):
        python_corpus(scratch / "py8" / f"copy{i}")
    for label, tree in trees.items():
        def run(jobs: str) -> list[str]:
            return [sys.executable, "-m", "flexlint", "--exit-zero", "-q", "--no-cache", "-j", jobs, str(tree)]

        ratios, fa, fb = interleaved(lambda: measure(run("auto"), env), lambda: measure(run("1"), env), rounds, use="wall")
        out.append(Ratio(f"workers, {label}: -j auto / -j 1 wall", ratios, "<= 1.0 (within 5% noise)", lambda r: r <= 1.05,
                         f"-j auto {ms(fa)}, -j 1 {ms(fb)}"))
        ratios, fa, fb = interleaved(lambda: measure(run("2"), env), lambda: measure(run("1"), env), rounds, use="wall")
        out.append(Ratio(f"workers, {label}: -j 2 / -j 1 wall (for reference)", ratios, "-", lambda r: True,
                         f"-j 2 {ms(fa)}, -j 1 {ms(fb)}"))
    return out


def scaling(scratch: Path, small: int, large: int) -> list[Ratio]:
    """Time per file at ``large`` files over time per file at ``small`` files (1.0 is linear)."""
    env = flexlint_env(scratch)
    a = small_json_tree(scratch / "scale-a", small)
    b = small_json_tree(scratch / "scale-b", large)
    out = []
    for jobs in ("1", "2"):
        ta = measure([sys.executable, "-m", "flexlint", "--exit-zero", "-q", "--no-cache", "-j", jobs, str(a)], env)[1]
        tb = measure([sys.executable, "-m", "flexlint", "--exit-zero", "-q", "--no-cache", "-j", jobs, str(b)], env)[1]
        out.append(Ratio(f"scaling -j {jobs}: per file at {large} / at {small} files", [(tb / large) / (ta / small)],
                         "<= 1.2 (linear)", lambda r: r <= 1.2, f"{ta:.1f} s and {tb:.1f} s wall"))
    return out


class _LspClient:
    """Just enough of an editor: Content-Length framed JSON-RPC over the server's stdio."""

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        import queue
        import threading

        self.proc = subprocess.Popen([sys.executable, "-m", "flexlint", "lsp"], cwd=cwd, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.inbox: "queue.Queue[dict]" = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if not line.strip():
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            self.inbox.put(json.loads(stream.read(length)))

    def send(self, method: str, params: dict, ident: int | None = None) -> None:
        message = {"jsonrpc": "2.0", "method": method, "params": params, **({"id": ident} if ident else {})}
        body = json.dumps(message).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def published(self, uri: str, version: int, since: float | None = None, timeout: float = 300) -> float:
        """Seconds from ``since`` (default: now) until the diagnostics of ``version`` arrive."""
        start = time.perf_counter() if since is None else since
        while True:
            message = self.inbox.get(timeout=timeout)
            params = message.get("params") or {}
            if message.get("method") == "textDocument/publishDiagnostics" and params.get("uri") == uri \
                    and params.get("version") == version:
                return time.perf_counter() - start

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


def large_json(rounds: int) -> list[Ratio]:
    """Linting the 5 MB body in process (as the language server does) against ``json.loads`` of it."""
    from flexlint.api import Options, build_selection, lint_source

    text = big_request_body()
    data = text.encode()
    selection = build_selection(Options(isolated=True))
    lint_source(data, "big.json", selection=selection)  # imports and data tables loaded once, as in a server

    def lint() -> tuple[float, float]:
        start = time.perf_counter()
        lint_source(data, "big.json", selection=selection)
        wall = time.perf_counter() - start
        return wall, wall

    def loads() -> tuple[float, float]:
        start = time.perf_counter()
        json.loads(text)
        wall = time.perf_counter() - start
        return wall, wall

    ratios, a, b = interleaved(lint, loads, max(rounds, 5), use="wall")
    return [Ratio("JSON 5 MB body: lint / json.loads", ratios, "<= 2.5", lambda r: r <= 2.5,
                  f"lint {ms(a)}, json.loads {ms(b)}; the language server lints after 20 ms of quiet")]


def long_module(functions: int = 750) -> str:
    """A 3,000-line module with one request among 750 functions that have nothing to do with it."""
    head = "from openai import OpenAI\n\nclient = OpenAI(timeout=900)\n\n"
    body = "".join(f"def ask_{i}(prompt):\n    data = [x * {i} for x in range(10)]\n    return len(data), prompt\n\n"
                   for i in range(functions))
    return head + body + "client.responses.create(model='gpt-5-mini', input='hi', service_tier='flex')\n"


def lsp_settle(scratch: Path) -> Ratio:
    """Five quick edits to a 3,000-line Python file and a 5 MB JSON file: time from the last edit to its findings."""
    env = flexlint_env(scratch)
    python = long_module()
    big_json = big_request_body()
    figures = []
    details = []
    for name, text, language in (("big.py", python, "python"), ("big.json", big_json, "json")):
        trials = []
        for _ in range(3):
            trials.append(_settle(scratch, env, name, text, language))
        seconds = statistics.median(trials)
        figures.append(seconds * 1000)
        details.append(f"{name} ({len(text) / 1e6:.1f} MB) {seconds * 1000:.0f} ms "
                       f"({min(trials) * 1000:.0f}-{max(trials) * 1000:.0f})")
    return Ratio("LSP: last edit to its findings / 100 ms", [max(figures) / 100], "<= 1.0", lambda r: r <= 1.0,
                 ", ".join(details) + " (median of 3 sessions, min-max)")


def _settle(scratch: Path, env: dict[str, str], name: str, text: str, language: str) -> float:
    """One editor session: open, five quick edits, seconds from the last edit to its findings."""
    client = _LspClient(scratch, env)
    try:
        client.send("initialize", {"processId": os.getpid(), "rootUri": scratch.as_uri(), "capabilities": {}}, 1)
        client.send("initialized", {})
        uri = (scratch / name).as_uri()
        client.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}})
        client.published(uri, 1)
        at = text.index("gpt-5-mini") + len("gpt-5-mini")  # typing spaces after the model (ASCII before it)
        line = text.count("\n", 0, at)
        character = at - (text.rfind("\n", 0, at) + 1)
        for version in range(2, 7):
            if version > 2:
                time.sleep(0.03)  # typing speed
            last = time.perf_counter()
            where = {"line": line, "character": character}
            client.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},  # as editors
                        "contentChanges": [{"range": {"start": where, "end": where}, "text": " "}]})  # send it
        return client.published(uri, 6, since=last)
    finally:
        client.close()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, smaller trees")
    parser.add_argument("--rounds", type=int, default=None)
    args = parser.parse_args()
    rounds = args.rounds or (3 if args.quick else 9)
    bins = peers_venv()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}")
    results: list[Ratio] = []
    with tempfile.TemporaryDirectory(prefix="flexlint-bench-") as tmp:
        scratch = Path(tmp)
        for step in (
            lambda: cold_one_file(scratch, bins, rounds),
            lambda: warm_repo(scratch, bins, rounds),
            lambda: python_files(scratch, bins, rounds),
            lambda: workers(scratch, max(1, rounds // 3), 300 if args.quick else 1000),
            lambda: scaling(scratch, 500 if args.quick else 1000, 4000 if args.quick else 10000),
            lambda: large_json(rounds),
        ):
            for ratio in step():
                results.append(ratio)
                print(ratio.line(), flush=True)
    results.append(lsp_settle(scratch_lsp := Path(tempfile.mkdtemp(prefix="flexlint-bench-lsp-"))))
    print(results[-1].line(), flush=True)
    shutil.rmtree(scratch_lsp, ignore_errors=True)
    print("\nsummary")
    for ratio in results:
        print("  " + ratio.line())
    print(f"load average at the end {os.getloadavg()[0]:.1f}: on a shared, loaded machine the figures are indicative")


if __name__ == "__main__":
    main()
