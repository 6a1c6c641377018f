"""JavaScript/TypeScript benchmark (not part of the test run): ``python tests/bench/javascript.py DIR``.

DIR is a real TypeScript code base with thousands of files (a checkout of
the Vercel AI SDK's repository, for instance). Three programs read the same
files (``node_modules``, dot folders and build output skipped, as flexlint's
discovery does):

1. a bare tree-sitter parse of every file (the parser flexlint uses, nothing
   else: the cost flexlint would pay without its byte prefilter),
2. ``flexlint`` on one core (``--jobs 1``) and on every core,
3. ``biome lint`` when it is on PATH or given with ``--biome`` (a peer linter;
   install it with ``npm install @biomejs/biome`` anywhere), and
   ``eslint`` only if given with ``--eslint`` (it needs a configuration).

CPU time (user + system, summed over a program's processes and threads) is
printed beside wall time: on a shared machine the wall clock measures the
neighbours too. Each figure is the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

BARE_PARSE = """
import os, sys
sys.path.insert(0, {root!r})
from flexlint.run.paths import DEFAULT_EXCLUDES
from flexlint.sources import SCRIPT_SUFFIXES
from flexlint.sources.javascript import grammar_of, parser
count = 0
for top, dirs, files in os.walk({target!r}):
    dirs[:] = sorted(d for d in dirs if d not in DEFAULT_EXCLUDES and not d.startswith("."))
    for name in sorted(files):
        if os.path.splitext(name)[1].lower() in SCRIPT_SUFFIXES:
            path = os.path.join(top, name)
            with open(path, "rb") as fh:
                data = fh.read()
            parser(grammar_of(path)).parse(data)
            count += 1
print(count)
"""


def measure(cmd: list[str], repeat: int, cwd: Path | None = None) -> tuple[float, float, str]:
    """(best wall seconds, best CPU seconds, stdout of the last run)."""
    walls, cpus, out = [], [], ""
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV, cwd=cwd)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        out = proc.stdout.decode(errors="replace")
    return min(walls), min(cpus), out


def count_files(target: Path) -> tuple[int, int, int]:
    """(script files, bytes, files that pass the prefilter)."""
    sys.path.insert(0, str(ROOT))
    from flexlint.dialects import may_matter
    from flexlint.run.paths import DEFAULT_EXCLUDES
    from flexlint.sources import SCRIPT_SUFFIXES

    files = size = relevant = 0
    for top, dirs, names in os.walk(target):
        dirs[:] = [d for d in dirs if d not in DEFAULT_EXCLUDES and not d.startswith(".")]
        for name in names:
            if os.path.splitext(name)[1].lower() in SCRIPT_SUFFIXES:
                data = Path(top, name).read_bytes()
                files += 1
                size += len(data)
                relevant += may_matter("javascript", data)
    return files, size, relevant


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--biome", help="the biome executable (default: from PATH)")
    parser.add_argument("--eslint", help="an eslint command line to compare with, run in TARGET")
    args = parser.parse_args()
    target = args.target.resolve()
    files, size, relevant = count_files(target)
    print(f"{target}: {files} JavaScript/TypeScript files, {size / 1e6:.1f} MB; "
          f"{relevant} ({relevant / max(files, 1):.0%}) pass flexlint's byte prefilter")
    rows: list[tuple[str, float, float]] = []
    bare = measure([sys.executable, "-c", BARE_PARSE.format(root=str(ROOT), target=str(target))], args.repeat)
    rows.append(("tree-sitter parse of every file", bare[0], bare[1]))
    one = measure([sys.executable, "-m", "flexlint", "--exit-zero", "--jobs", "1", "--format", "json", str(target)],
                  args.repeat)
    rows.append(("flexlint --jobs 1", one[0], one[1]))
    every = measure([sys.executable, "-m", "flexlint", "--exit-zero", "--format", "json", str(target)], args.repeat)
    rows.append((f"flexlint (all {os.cpu_count()} cores)", every[0], every[1]))
    biome = args.biome or shutil.which("biome")
    if biome:
        peer = measure([biome, "lint", "--max-diagnostics=0", "--files-max-size=10000000", str(target)], args.repeat,
                       cwd=target)
        rows.append(("biome lint (every rule it enables by default)", peer[0], peer[1]))
    if args.eslint:
        peer = measure(args.eslint.split(), args.repeat, cwd=target)
        rows.append(("eslint", peer[0], peer[1]))
    print(f"{'program':50} {'wall s':>8} {'CPU s':>8} {'CPU / parse':>12}")
    for name, wall, cpu in rows:
        print(f"{name:50} {wall:8.2f} {cpu:8.2f} {cpu / bare[1]:11.2f}x")
    if biome:
        print(f"flexlint CPU / biome CPU: {one[1] / rows[3][2]:.2f}x; wall (all cores) / biome wall: "
              f"{every[0] / rows[3][1]:.2f}x")
    import json

    found = json.loads(one[2] or "[]")
    print(f"flexlint findings: {len(found)}")


if __name__ == "__main__":
    main()
