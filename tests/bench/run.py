"""Speed benchmarks (not part of the test run): ``python tests/bench/run.py``.

1. The running interpreter's standard library (no OpenAI code at all):
   ``flexlint`` against ``ruff check --no-cache --select F821`` on the same
   tree, in the same run. The byte-level prefilter should keep every file
   away from libcst. Target: flexlint ≤ 3× ruff.
2. A generated corpus of OpenAI-heavy files: flexlint's wall time per file
   against a bare ``libcst.parse_module`` of the same files. Target ≤ 1.3×,
   flexlint using both cores (``--jobs 2``); the one-core figure is printed too.

ruff comes from PATH, or is installed into a scratch directory with pip
(``pip install '.[bench]'`` installs it too); it is never a dependency.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
REPEAT = 3


def best(cmd: list[str], **kw) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, **kw)
        times.append(time.perf_counter() - start)
    return min(times)


def ruff_command(scratch: Path) -> list[str]:
    found = shutil.which("ruff")
    if found:
        return [found]
    target = scratch / "ruff"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(target), "ruff"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return [str(target / "bin" / "ruff")]


def bench_stdlib(scratch: Path) -> float:
    stdlib = sysconfig.get_paths()["stdlib"]
    files = sum(1 for _ in Path(stdlib).rglob("*.py"))
    flexlint = best([sys.executable, "-m", "flexlint", "--exit-zero", stdlib])
    ruff = best([*ruff_command(scratch), "check", "--no-cache", "--select", "F821", "--exit-zero", "--quiet", stdlib])
    ratio = flexlint / ruff
    print(f"1. stdlib ({stdlib}, {files} .py files): flexlint {flexlint:.2f} s, ruff F821 {ruff:.2f} s "
          f"-> {ratio:.2f}x (target <= 3x)")
    return ratio


TEMPLATE = '''\
"""Generated module {n}: OpenAI requests in many shapes."""
import os
import httpx
from openai import OpenAI, AsyncOpenAI
from openai import AzureOpenAI as Azure

MODELS = {models!r}
TIER = "{tier}"
client = OpenAI(timeout={timeout}, max_retries={retries})
aclient = AsyncOpenAI(timeout=httpx.Timeout({timeout}.0, connect=5.0))
azure = Azure(api_key=os.environ["AZURE_KEY"], api_version="2024-10-21", azure_endpoint="https://x.example")
BASE = {{"input": "hello", "store": False, "text": {{"verbosity": "low"}}}}


class Worker{n}:
    def __init__(self, name):
        self.name = name
        self.client = OpenAI(timeout=900.0)

    def summarise(self, text, effort="low"):
        response = self.client.responses.create(
            model="gpt-5.4-mini",
            input=[{{"role": "user", "content": text}}],
            reasoning={{"effort": "low"}},
            service_tier=TIER,
            max_output_tokens=2000,
        )
        return response.output_text

    async def chat(self, messages):
        return await aclient.chat.completions.create(
            model="gpt-5.4", messages=messages, service_tier="flex", reasoning_effort="low", {extra}
        )
'''
BLOCK = '''

def probe_{n}_{i}(prompt):
    results = {{}}
    for model in MODELS:
        try:
            r = client.with_options(timeout={timeout}).responses.with_raw_response.create(
                model=model, input=prompt, instructions="Be brief", service_tier=TIER, store=False, {extra}
            )
            results[model] = r.parse().service_tier
        except Exception as exc:  # noqa: BLE001
            results[model] = str(exc)
    data = [x * 2 for x in range(10) if x % 3]
    totals = sum(len(str(v)) for v in results.values()) + len(data)
    azure.chat.completions.create(model="deployment-{i}", messages=[{{"role": "user", "content": prompt}}],
                                  temperature=0.2, max_completion_tokens=300)
    return totals, client.responses.create(**{{"model": "gpt-5.2", **BASE, "service_tier": "auto"}})
'''


def make_corpus(directory: Path, count: int) -> list[Path]:
    rng = random.Random(5)
    paths = []
    all_models = ["gpt-5-mini", "gpt-5.2", "gpt-5.3-codex", "gpt-5.4", "gpt-5.4-mini", "gpt-5.5"]
    for n in range(count):
        extras = ["", "serviceTier=\"flex\",", "extra_body={\"service_tier\": \"auto\"},", "temprature=0.1,"]
        text = TEMPLATE.format(
            n=n, models=rng.sample(all_models, 3), tier=rng.choice(["flex", "auto"]), timeout=rng.choice([240, 600, 900]),
            retries=rng.choice([0, 2]), extra=rng.choice(extras),
        )
        for i in range(rng.randint(6, 12)):
            text += BLOCK.format(n=n, i=i, timeout=rng.choice([300, 900]), extra=rng.choice(extras))
        path = directory / f"mod_{n:04d}.py"
        path.write_text(text)
        paths.append(path)
    return paths


def bench_corpus(scratch: Path, count: int = 300) -> tuple[float, float]:
    corpus = scratch / "corpus"
    corpus.mkdir()
    paths = make_corpus(corpus, count)
    size = sum(p.stat().st_size for p in paths)
    parse = best([sys.executable, "-c", (
        "import sys, libcst\n"
        "for p in sys.argv[1:]:\n"
        "    libcst.parse_module(open(p, encoding='utf-8').read())\n"
    ), *map(str, paths)])
    two = best([sys.executable, "-m", "flexlint", "--exit-zero", "--jobs", "2", str(corpus)])
    one = best([sys.executable, "-m", "flexlint", "--exit-zero", "--jobs", "1", str(corpus)])
    found = subprocess.run([sys.executable, "-m", "flexlint", "--exit-zero", str(corpus)], capture_output=True, env=ENV)
    print(f"2. {count} generated OpenAI-heavy files ({size / 1e6:.1f} MB, "
          f"{len(found.stdout.splitlines())} findings): bare libcst.parse_module {parse / count * 1e3:.1f} ms/file, "
          f"flexlint --jobs 2 {two / count * 1e3:.1f} ms/file -> {two / parse:.2f}x (target <= 1.3x); "
          f"--jobs 1 {one / count * 1e3:.1f} ms/file -> {one / parse:.2f}x")
    return two / parse, one / parse


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        bench_stdlib(scratch)
        bench_corpus(scratch)


if __name__ == "__main__":
    main()
