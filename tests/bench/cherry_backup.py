"""Benchmark: lint a large Cherry Studio backup (data.json) against json.load of the same file.

Not part of the test run (timings depend on the machine). Run from the repository root:

    python tests/bench/cherry_backup.py            # generates a 200 MB backup in a temp dir
    python tests/bench/cherry_backup.py --mb 50    # smaller
    python tests/bench/cherry_backup.py --file path/to/data.json

Each measurement runs in a fresh interpreter; peak memory is the process's peak
resident set (VmHWM; getrusage where /proc is missing), minus the peak after
the measurement's imports. Targets: flexlint ≤ 2× the time of
json.load, and ≤ 3× the file size in memory.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "dialects" / "cherry_studio"))

from backups import assistant, custom, data_json, model, provider  # noqa: E402

MEASURE = r"""
import resource, sys, time
path = sys.argv[2]

def peak():
    # VmHWM belongs to this process image; ru_maxrss can carry the parent's peak across fork.
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

{imports}
base = peak()
start = time.perf_counter()
{work}
elapsed = time.perf_counter() - start
print(elapsed, peak() - base, peak())
"""
CASES = {
    "json.load": ("import json", "with open(path, 'rb') as fh: json.load(fh)"),
    "flexlint": (
        "from flexlint.api import lint_paths, Options",
        "r = lint_paths([path], Options(jobs=1)); assert r.recognised == 1 and r.diagnostics, r.diagnostics",
    ),
}

TEXT = ("The quick brown fox jumps over the lazy dog. 敏捷的棕色狐狸跳过了懒狗。 Ünïcödé 🙂 "
        "```python\nprint('hello')\n```\n") * 6


def generate(target_mb: int, path: Path) -> None:
    """A backup whose indexedDB holds chat history (topics with messages, message blocks)."""
    topics, blocks = [], []
    size, i = 0, 0
    while size < target_mb * 1024 * 1024:
        messages = []
        for j in range(20):
            mid = f"msg-{i}-{j}"
            messages.append({"id": mid, "role": "user" if j % 2 == 0 else "assistant", "assistantId": "batch",
                             "topicId": f"topic-{i}", "createdAt": "2026-06-20T08:00:00.000Z", "status": "success",
                             "blocks": [f"block-{i}-{j}"], "model": model("gpt-5.4-mini"),
                             "usage": {"prompt_tokens": 100, "completion_tokens": 200, "total_tokens": 300}})
            blocks.append({"id": f"block-{i}-{j}", "messageId": mid, "type": "main_text",
                           "createdAt": "2026-06-20T08:00:00.000Z", "status": "success", "content": TEXT})
            size += len(TEXT) + 600
        topics.append({"id": f"topic-{i}", "messages": messages})
        i += 1
    data = data_json(208, [provider()], [assistant("Batch summariser (flex)", [custom("service_tier", "flex")],
                                                    model("gpt-5.4-mini"))], history=topics)
    # message_blocks go into the same one-line file, as the app writes it.
    head, tail = data.rsplit(b'"message_blocks":[]', 1)
    with open(path, "wb") as fh:
        fh.write(head + b'"message_blocks":')
        fh.write(json.dumps(blocks, ensure_ascii=False, separators=(",", ":")).encode())
        fh.write(tail)


def reorder(path: Path) -> None:
    """The same backup with ``indexedDB`` before ``localStorage`` (values unchanged)."""
    data = json.loads(path.read_bytes())
    first = {k: data[k] for k in data if k not in ("localStorage", "indexedDB")}
    first.update(indexedDB=data["indexedDB"], localStorage=data["localStorage"])
    path.write_bytes(json.dumps(first, ensure_ascii=False, separators=(",", ":")).encode())


def measure(name: str, path: Path) -> tuple[float, int]:
    imports, work = CASES[name]
    code = MEASURE.format(imports=imports, work=work)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code, name, str(path)], capture_output=True, text=True, env=env,
                         check=True).stdout.split()
    return float(out[0]), int(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--indexeddb-first", action="store_true",
                        help="write indexedDB before localStorage, as a tool that re-serialises the backup does")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.file or Path(tmp) / "data.json"
        if args.file is None:
            generate(args.mb, path)
            if args.indexeddb_first:
                reorder(path)
        size = path.stat().st_size
        print(f"file: {size / 1e6:.1f} MB")
        results = {}
        for name in CASES:
            runs = [measure(name, path) for _ in range(args.runs)]
            best = min(t for t, _ in runs)
            mem = max(m for _, m in runs)
            results[name] = (best, mem)
            print(f"{name:10s} time {best:7.3f} s   peak memory +{mem / 1e6:8.1f} MB ({mem / size:.2f}× file)")
        t_ratio = results["flexlint"][0] / results["json.load"][0]
        m_ratio = results["flexlint"][1] / size
        print(f"flexlint / json.load time: {t_ratio:.2f}× (target ≤ 2×); memory {m_ratio:.2f}× file size (target ≤ 3×)")


if __name__ == "__main__":
    main()
