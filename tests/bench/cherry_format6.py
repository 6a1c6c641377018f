"""Benchmark: read Chromium localStorage from LevelDB bytes against json.loads of the value it yields.

Not part of the test run (timings depend on the machine). Run from the repository root:

    python tests/bench/cherry_format6.py               # ~5 million characters, 9 rounds
    python tests/bench/cherry_format6.py --chars 2000000 --rounds 15

The database is shaped like a Cherry Studio profile near Chromium's 10 MiB localStorage quota: a
Snappy table holding an older revision of ``persist:cherry-studio`` (plus Chromium's bookkeeping
keys) and a log holding the newest one, each value ~5 million characters stored as UTF-16LE
(Chinese text and emoji). Both measurements start from bytes already in memory.

Time: the reader and json.loads alternate (the order flips every round) and the ratio is taken per
round, so drift of the machine hits both; the median ratio and its spread (quartiles, min–max) are
printed.
Memory: each side runs once more in a fresh interpreter and reports how far its peak resident set
rose above the resident set after setup (VmHWM after a reset through /proc/self/clear_refs on Linux;
cramjam's buffers live outside tracemalloc's view), plus tracemalloc's peak.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "dialects" / "cherry_studio")]

import leveldb_writer as W

from flexlint.dialects.cherry_studio.storage.leveldb import read_local_storage

ZH = "你是一位专业的助手，请用简洁准确的中文回答用户的问题，并在必要时给出示例代码和参考资料。"


def state(rev: int, chars: int) -> str:
    """A two-layer redux-persist string of about ``chars`` characters (slices are JSON strings)."""
    rnd = random.Random(rev)
    assistants: list[dict] = []
    size = 0
    while size < chars * 0.88:  # the outer layer escapes each slice once more: ~12% longer
        assistants.append(
            {
                "id": f"{rnd.getrandbits(64):016x}",
                "name": f"助手 {len(assistants)} 🍒",
                "prompt": ZH * rnd.randint(1, 4),
                "settings": {"customParameters": [{"name": "service_tier", "value": "flex", "type": "string"}]},
                "topics": [{"id": f"{rnd.getrandbits(64):016x}", "name": f"话题 {j} — topic {j} 🐢"} for j in range(rnd.randint(3, 12))],
            }
        )
        size += len(json.dumps(assistants[-1], ensure_ascii=False, separators=(",", ":"))) + 1
    slices = {
        "assistants": {"assistants": assistants},
        "llm": {"providers": [{"id": "openai", "serviceTier": "flex", "note": f"(edit {rev})"}]},
        "_persist": {"version": 208, "rehydrated": True},
    }
    outer = {k: json.dumps(v, ensure_ascii=False, separators=(",", ":")) for k, v in slices.items()}
    return json.dumps(outer, ensure_ascii=False, separators=(",", ":"))


def build(chars: int) -> tuple[dict[str, bytes], str]:
    key = W.ls_key("file://", "persist:cherry-studio")
    older, newest = state(1, chars), state(2, chars)
    table = W.table(
        [(b"VERSION", 1, b"1"), (b"META:file://", 3, b"\x08\x80\x01\x10\x05"), (key, 2, W.js(older))],
        compress="leveldb",
    )
    log = W.log([W.batch(4, [(key, W.js(newest)), (W.ls_key("file://", "cherry-studio:theme"), W.js("light"))])])
    return {"000005.ldb": table, "000006.log": log}, newest


def read(files: dict[str, bytes]) -> str:
    return read_local_storage(files).get("file://", "persist:cherry-studio")


def timed(fn, arg) -> float:
    start = time.perf_counter()
    fn(arg)
    return time.perf_counter() - start


MEASURE = r"""
import sys, json, os, tracemalloc, resource
sys.path.insert(0, {bench!r})
import cherry_format6 as B
folder = sys.argv[1]
files = {{n: open(os.path.join(folder, n), "rb").read() for n in os.listdir(folder) if n[0].isdigit()}}
value = open(os.path.join(folder, "value.txt"), encoding="utf-8").read()
B.read({{"000001.log": B.W.log([B.W.batch(1, [])])}})  # warm the imports (cramjam too) on both sides
def status(field):
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
try:
    with open("/proc/self/clear_refs", "w") as fh:  # reset the high-water mark to the current RSS (Linux)
        fh.write("5")
    peak = lambda: status("VmHWM:")
    base = status("VmRSS:")
except OSError:  # no /proc: the growth of ru_maxrss
    peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    base = peak()
tracemalloc.start()
out = B.read(files) if {side!r} == "read" else json.loads(value)
traced = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(peak() - base, traced)
"""


def memory(side: str, folder: str) -> tuple[int, int]:
    """Peak resident bytes above setup, and tracemalloc's peak, for one side in a fresh interpreter.

    The inputs are read from files written once by the parent, so the child's setup leaves no freed
    memory behind for the measured step to reuse unseen.
    """
    code = MEASURE.format(bench=str(Path(__file__).parent), side=side)
    done = subprocess.run([sys.executable, "-c", code, folder], check=False, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr)
    rss, traced = done.stdout.split()
    return int(rss), int(traced)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=5_000_000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()

    files, newest = build(args.chars)
    stored = sum(len(d) for d in files.values())
    assert read(files) == newest
    print(f"value: {len(newest):,} characters ({2 * len(newest) / 2**20:.1f} MiB as UTF-16LE); "
          f"files: {', '.join(f'{n} {len(d) / 2**20:.1f} MiB' for n, d in files.items())} ({stored / 2**20:.1f} MiB)")

    reads, loads, ratios = [], [], []
    for i in range(args.rounds):
        if i % 2:
            l = timed(json.loads, newest)
            r = timed(read, files)
        else:
            r = timed(read, files)
            l = timed(json.loads, newest)
        reads.append(r)
        loads.append(l)
        ratios.append(r / l)
    med = statistics.median
    q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
    print(f"time   read {med(reads) * 1000:7.1f} ms   json.loads {med(loads) * 1000:7.1f} ms   "
          f"ratio median {med(ratios):.2f}x  (quartiles {q[0]:.2f}x–{q[2]:.2f}x, min {min(ratios):.2f}x, "
          f"max {max(ratios):.2f}x, {args.rounds} rounds)")

    with tempfile.TemporaryDirectory() as folder:  # the benchmark's inputs, for the memory runs only
        for name, data in files.items():
            Path(folder, name).write_bytes(data)
        Path(folder, "value.txt").write_text(newest, encoding="utf-8")
        (r_rss, r_traced), (l_rss, l_traced) = memory("read", folder), memory("loads", folder)
    print(f"memory read   peak RSS +{r_rss / 2**20:6.1f} MiB  tracemalloc {r_traced / 2**20:6.1f} MiB   (input files {stored / 2**20:.1f} MiB)")
    print(f"memory loads  peak RSS +{l_rss / 2**20:6.1f} MiB  tracemalloc {l_traced / 2**20:6.1f} MiB   (input str {sys.getsizeof(newest) / 2**20:.1f} MiB in memory)")
    print(f"memory ratio  RSS {r_rss / max(l_rss, 1):.2f}x  tracemalloc {r_traced / max(l_traced, 1):.2f}x")

    # Where the reader's time goes (one run each).
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.runcall(read, files)
    stats = pstats.Stats(prof)
    for name in ("checksum_failures", "crc32c", "snappy", "_js_string", "read_log", "read_table", "apply_batch"):
        for func, row in stats.stats.items():
            if func[2] == name:
                print(f"  {name:12s} {row[3] * 1000:7.1f} ms cumulative (profiled)")


if __name__ == "__main__":
    main()
