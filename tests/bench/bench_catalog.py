"""Benchmark of the model catalog (not part of the test run).

    python tests/bench/bench_catalog.py

Prints the time to load and compile the catalog once, the time per model
lookup over a mix of ids as apps write them, and the import cost of the
model check module. The catalog is read once per process, so the load time
is paid once per worker, not per file.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

IDS = [
    "gpt-5.4-mini", "openai/gpt-5.3-codex", "openrouter/openai/GPT-5.4:free", "gpt-5-2025-08-07",
    "gpt-4o", "o3-mini", "o9-mini", "azure/batch-eastus", "ft:gpt-4o-2024-08-06:acme:x:1", "gpt-6.1-sol",
]


def main() -> None:
    start = time.perf_counter()
    from flexlint.knowledge.catalog import catalog

    cat = catalog()
    loaded = time.perf_counter() - start
    n = 20_000
    start = time.perf_counter()
    for i in range(n):
        cat.match(IDS[i % len(IDS)])
    per_match = (time.perf_counter() - start) / n
    code = "import time; t=time.perf_counter(); import flexlint.checks.models; print(time.perf_counter()-t)"
    imported = float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True).stdout)
    print(f"catalog load+compile: {loaded * 1000:.1f} ms ({len(cat.entries)} entries)")
    print(f"lookup: {per_match * 1e6:.1f} us per model id (mean over {n})")
    print(f"import flexlint.checks.models: {imported * 1000:.1f} ms (no YAML read at import)")


if __name__ == "__main__":
    main()
