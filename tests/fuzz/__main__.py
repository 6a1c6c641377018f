"""Run the fuzzing campaign: ``python -m tests.fuzz --minutes 30`` (from the repository root).

Inputs of every kind (see :mod:`.inputs`) are linted in supervised worker
processes (flexlint's own, :mod:`flexlint.run.workers`), in batches of
consecutive seeds. A batch whose worker crashes or runs out of time is run
again one input at a time, so the input that did it is known; it is saved
under ``tests/fuzz/found/`` with what went wrong, like every input the
oracle objects to. At the end a table gives the inputs per kind, the
slowest input of each kind, the wall time and the peak memory of a worker.

    python -m tests.fuzz --minutes 30                 # all kinds, round robin, for 30 minutes
    python -m tests.fuzz --inputs 100000 --kinds json,yaml,python
    python -m tests.fuzz --replay tests/fuzz/found/python-123.py

Exit status 1 when anything was found.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from flexlint.core.limits import Limits
from flexlint.run import workers

from .inputs import KINDS, make
from .oracle import check

FOUND = Path(__file__).resolve().parent / "found"
BATCH = {"python": 20, "script": 20, "notebook": 20, "zip": 10, "sqlite": 10}
HANG_SECONDS = 60.0


@dataclass
class Stats:
    inputs: int = 0
    slowest: float = 0.0
    found: list[str] = field(default_factory=list)


def run_batch(task: tuple[str, int, int]) -> tuple[str, int, float, list[tuple[int, str]]]:
    """Check ``count`` inputs of ``kind`` from seed ``start``: (kind, count, slowest seconds, problems)."""
    kind, start, count = task
    slowest = 0.0
    problems = []
    for seed in range(start, start + count):
        name, data = make(kind, seed)
        began = time.perf_counter()
        try:
            for problem in check(name, data):
                problems.append((seed, problem))
        except MemoryError:
            raise
        except Exception as exc:  # the oracle itself must never see an exception
            problems.append((seed, f"exception {type(exc).__name__}: {exc}"[:300]))
        slowest = max(slowest, time.perf_counter() - began)
    return kind, count, slowest, problems


def save(kind: str, seed: int, problem: str) -> str:
    name, data = make(kind, seed)
    FOUND.mkdir(exist_ok=True)
    suffix = Path(name).suffix or ".bin"
    path = FOUND / f"{kind}-{seed}{suffix}"
    path.write_bytes(data)
    path.with_suffix(path.suffix + ".txt").write_text(f"{kind} seed {seed} as {name}: {problem}\n", encoding="utf-8")
    return f"{kind} seed {seed}: {problem} (saved as {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path})"


def campaign(kinds: list[str], minutes: float | None, target: int | None, jobs: int, first_seed: int,
             memory_mb: int, quiet: bool = False) -> dict[str, Stats]:
    stats = {kind: Stats() for kind in kinds}
    next_seed = {kind: first_seed for kind in kinds}
    deadline = time.monotonic() + minutes * 60 if minutes else None
    limits = Limits(timeout=HANG_SECONDS * 5, max_memory=memory_mb * 1024 * 1024)
    single = Limits(timeout=HANG_SECONDS, max_memory=memory_mb * 1024 * 1024)
    run_batch(("json", 0, 1))  # warm: parsers imported and schemas compiled once, before the workers fork
    run_batch(("python", 0, 1))
    last_report = time.monotonic()

    def open_kinds() -> list[str]:
        return [k for k in kinds if target is None or stats[k].inputs < target]

    try:
        while open_kinds() and (deadline is None or time.monotonic() < deadline):
            tasks = []
            for _ in range(max(2, jobs * 2)):
                for kind in open_kinds():
                    count = BATCH.get(kind, 100)
                    if target is not None:
                        count = min(count, target - stats[kind].inputs - sum(t[2] for t in tasks if t[0] == kind))
                    if count > 0:
                        tasks.append((kind, next_seed[kind], count))
                        next_seed[kind] += count
            failed: list[tuple[str, int, int]] = []
            for _, outcome in workers.supervised(tasks, run_batch, lambda task, failure: (task, failure), limits, jobs):
                if isinstance(outcome[1], workers.Failure):
                    failed.append(outcome[0])
                    continue
                kind, count, slowest, problems = outcome
                _count(stats[kind], count, slowest, [save(kind, seed, problem) for seed, problem in problems])
            for kind, start, count in failed:  # one input at a time: which one crashed or hung
                singles = [(kind, seed, 1) for seed in range(start, start + count)]
                for _, outcome in workers.supervised(singles, run_batch, lambda task, failure: (task, failure), single, jobs):
                    if isinstance(outcome[1], workers.Failure):
                        (k, seed, _), failure = outcome
                        _count(stats[k], 1, HANG_SECONDS, [save(k, seed, failure.describe()[0])])
                    else:
                        k, n, slowest, problems = outcome
                        _count(stats[k], n, slowest, [save(k, seed, problem) for seed, problem in problems])
            if not quiet and time.monotonic() - last_report > 60:
                last_report = time.monotonic()
                print(" ".join(f"{k}={s.inputs}" for k, s in stats.items()), f"found={sum(len(s.found) for s in stats.values())}",
                      file=sys.stderr, flush=True)
    except KeyboardInterrupt:  # Ctrl-C (or SIGTERM): stop, and report what was done
        pass
    return stats


def _count(stat: Stats, count: int, slowest: float, found: list[str]) -> None:
    stat.inputs += count
    stat.slowest = max(stat.slowest, slowest)
    stat.found.extend(found)
    for line in found:
        print(f"FOUND {line}", file=sys.stderr, flush=True)


def report(stats: dict[str, Stats], seconds: float) -> str:
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kilobytes on Linux
    lines = [f"{'kind':<10} {'inputs':>9} {'slowest':>9} {'found':>6}"]
    for kind, s in stats.items():
        lines.append(f"{kind:<10} {s.inputs:>9,} {s.slowest:>8.2f}s {len(s.found):>6}")
    total = sum(s.inputs for s in stats.values())
    lines.append(f"{'all':<10} {total:>9,} in {seconds / 60:.1f} min; peak memory of a worker {peak:.0f} MB")
    return "\n".join(lines)


def replay(paths: list[str]) -> int:
    bad = 0
    for raw in paths:
        path = Path(raw)
        if path.suffix == ".txt" and path.with_suffix("").exists():
            continue  # the note beside a saved input
        note = path.with_suffix(path.suffix + ".txt")
        name = note.read_text().split(" as ", 1)[1].split(":", 1)[0] if note.exists() else path.name
        problems = check(name, path.read_bytes())
        print(f"{path}: {'; '.join(problems) or 'ok'}")
        bad += bool(problems)
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, help="stop after this long")
    parser.add_argument("--inputs", type=int, help="stop when every kind has had this many inputs")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated, of: {', '.join(KINDS)}")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=0, help="first seed of every kind")
    parser.add_argument("--max-memory", type=int, default=4096, metavar="MB", help="memory a worker may add")
    parser.add_argument("--replay", nargs="+", metavar="FILE", help="check saved inputs again")
    args = parser.parse_args(argv)
    if args.replay:
        return replay(args.replay)
    if not args.minutes and not args.inputs:
        parser.error("give --minutes or --inputs")
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    if not workers.available():
        parser.error("the campaign needs fork() (Linux or macOS) and FLEXLINT_DEBUG unset")
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # a stopped campaign still reports
    began = time.monotonic()
    stats = campaign(kinds, args.minutes, args.inputs, args.jobs, args.seed, args.max_memory)
    print(report(stats, time.monotonic() - began))
    return 1 if any(s.found for s in stats.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
