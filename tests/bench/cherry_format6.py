"""Benchmark: a Cherry Studio direct backup (format 6) near the quota, read whole, against json.loads.

Not part of the test run (timings depend on the machine). Run from the repository root:

    python tests/bench/cherry_format6.py               # ~5 million characters, 9 rounds
    python tests/bench/cherry_format6.py --chars 2000000 --rounds 15

The backup is shaped like a Cherry Studio profile near Chromium's 10 MiB localStorage quota: a zip
with metadata.json and a LevelDB folder holding a Snappy table with an older revision of
``persist:cherry-studio`` (plus Chromium's bookkeeping keys) and a log with the newest one, each
value ~5 million characters stored as UTF-16LE (Chinese text and emoji), with providers and
assistants (with their topic lists) whose settings the dialect turns into requests.

Measured: the whole reader path from the zip file (``read`` = open the zip, read the LevelDB files,
decode the newest value, build the settings document, and the request sites the dialect reads from
it), the LevelDB reader alone on the same files in memory (``leveldb``), and ``json.loads`` of the
decoded value (what any reader of that value pays at least).

Time: each reader and json.loads alternate (the order flips every round) and the ratio is taken per
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

import io
import zipfile

import leveldb_writer as W

from flexlint.dialects.cherry_studio.storage.leveldb import read_local_storage

ZH = "你是一位专业的助手，请用简洁准确的中文回答用户的问题，并在必要时给出示例代码和参考资料。"


PROVIDERS = ("openai", "azure-openai", "groq", "aihubmix", "new-api", "cherryin", "openrouter", "silicon", "deepseek",
             "ppio", "qiniu", "dmxapi", "tokenflux", "302ai", "ollama", "lmstudio", "anthropic", "gemini", "vertexai",
             "github", "copilot", "zhipu", "moonshot", "dashscope", "doubao", "minimax", "together", "fireworks",
             "nvidia", "grok", "mistral", "perplexity", "modelscope", "hunyuan", "baidu-cloud", "aws-bedrock", "poe")
FAMILIES = ("gpt-5.4-mini", "gpt-5.4", "o4-mini", "deepseek-chat", "qwen3-max", "glm-4.6", "claude-sonnet-4-5",
            "gemini-2.5-pro", "kimi-k2", "doubao-seed-1.6")


def state(rev: int, chars: int) -> str:
    """A two-layer redux-persist string of about ``chars`` characters, shaped like a real profile.

    What fills a real one: each provider's model list, the assistants with their topic lists and prompts,
    presets, mini-apps with inline logos; a few assistants ask for flex. The number of assistants,
    presets and mini-apps grows with ``chars``.
    """
    base, unit = len(_state(rev, 0.0)), len(_state(rev, 1.0))
    scale = max(chars - base, 0) / (unit - base)
    first = len(_state(rev, scale))  # counts are whole numbers: correct once
    return _state(rev, scale * (chars - base) / max(first - base, 1))


def _state(rev: int, scale: float) -> str:
    rnd = random.Random(7)
    mini = {"id": "gpt-5.4-mini", "provider": "openai", "name": "GPT-5.4 mini", "group": "gpt-5.4"}
    providers = []
    for pid in PROVIDERS:
        models = [{"id": f"{f}-{i:03d}", "provider": pid, "name": f"{f} {i}".upper(), "group": f.split("-")[0],
                   "capabilities": [{"type": "function_calling"}]}
                  for i, f in enumerate(rnd.choice(FAMILIES) for _ in range(rnd.randint(8, 40)))]
        providers.append({"id": pid, "name": pid.title(), "apiKey": "", "apiHost": f"https://api.{pid}.example.com",
                          "type": {"openai": "openai-response", "azure-openai": "azure-openai",
                                   "new-api": "new-api"}.get(pid, "openai"),
                          "models": ([mini] if pid == "openai" else []) + models, "isSystem": True, "enabled": True})
    providers[0].update(apiHost="https://api.openai.com", serviceTier=["auto", "default", "flex"][rev % 3])

    def assistant(i: int, customs: list) -> dict:
        return {"id": f"{rnd.getrandbits(64):016x}", "name": f"助手 {i} 🍒", "emoji": "🤖", "prompt": ZH * rnd.randint(1, 6),
                "model": mini if i % 2 else None,
                "settings": {"contextCount": 5, "temperature": 1, "enableTemperature": False, "customParameters": customs},
                "topics": [{"id": f"{rnd.getrandbits(64):016x}", "name": f"话题 {j} — topic {j} 🐢", "messages": [],
                            "createdAt": "2026-06-20T08:00:00.000Z", "updatedAt": "2026-06-20T08:00:00.000Z"}
                           for j in range(rnd.randint(5, 60))]}

    flex = [{"name": "service_tier", "value": "flex", "type": "string"}]
    assistants = [assistant(i, flex if i % 10 == 1 else []) for i in range(int(40 * scale) + 2)]
    slices = {
        "assistants": {"defaultAssistant": assistant(0, []), "assistants": assistants,
                       "presets": [assistant(100 + i, []) for i in range(int(10 * scale))]},
        "llm": {"providers": providers, "defaultModel": mini, "quickModel": mini, "translateModel": mini},
        "settings": {"language": "zh-CN", "openAI": {"summaryText": "auto", "serviceTier": "auto"}, "note": f"(edit {rev})"},
        "minapps": {"enabled": [{"id": f"app{i}", "name": f"小程序 {i}", "logo": "data:image/png;base64," + "iVBORw0KGgo" * 40}
                                for i in range(int(60 * scale))]},
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


def backup_zip(files: dict[str, bytes]) -> bytes:
    """The zip BackupManager writes (deflated, as archiver does by default)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("metadata.json", json.dumps({"version": 6, "appName": "Cherry Studio", "appVersion": "1.9.12"}))
        zf.writestr("Local Storage/leveldb/CURRENT", b"MANIFEST-000001\n")
        for name, data in files.items():
            zf.writestr(f"Local Storage/leveldb/{name}", data)
    return out.getvalue()


def whole(path: Path) -> int:
    """The whole reader path: zip → LevelDB → settings document → the request sites the dialect reads."""
    from flexlint.dialects import choose
    from flexlint.run.documents import read_documents

    (doc,) = read_documents(str(path), path)
    return len(choose(doc).read(doc).sites)


def read(files: dict[str, bytes]) -> str:
    return read_local_storage(files).get("file://", "persist:cherry-studio")


def timed(fn, arg) -> float:
    start = time.perf_counter()
    fn(arg)
    return time.perf_counter() - start


MEASURE = r"""
import sys, json, os, tracemalloc, resource
from pathlib import Path
sys.path.insert(0, {bench!r})
import cherry_format6 as B
folder = sys.argv[1]
files = {{n: open(os.path.join(folder, n), "rb").read() for n in os.listdir(folder) if n[0].isdigit()}}
value = open(os.path.join(folder, "value.txt"), encoding="utf-8").read()
backup = Path(folder, "backup.zip")
B.read({{"000001.log": B.W.log([B.W.batch(1, [])])}})  # warm the imports (cramjam too) on every side
B.whole(Path(folder, "small.zip"))
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
side = {side!r}
out = B.whole(backup) if side == "read" else B.read(files) if side == "leveldb" else json.loads(value)
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


def interleaved(fn, arg, value: str, rounds: int) -> tuple[float, float, list[float]]:
    """Median time of ``fn(arg)``, of json.loads(value), and the per-round ratios (order flips every round)."""
    ours, loads, ratios = [], [], []
    for i in range(rounds):
        if i % 2:
            l = timed(json.loads, value)
            r = timed(fn, arg)
        else:
            r = timed(fn, arg)
            l = timed(json.loads, value)
        ours.append(r)
        loads.append(l)
        ratios.append(r / l)
    return statistics.median(ours), statistics.median(loads), ratios


def spread(ratios: list[float]) -> str:
    q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
    return (f"ratio median {statistics.median(ratios):.2f}x  (quartiles {q[0]:.2f}x–{q[2]:.2f}x, "
            f"min {min(ratios):.2f}x, max {max(ratios):.2f}x, {len(ratios)} rounds)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=5_000_000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()

    files, newest = build(args.chars)
    stored = sum(len(d) for d in files.values())
    assert read(files) == newest
    zipped = backup_zip(files)
    print(f"value: {len(newest):,} characters ({2 * len(newest) / 2**20:.1f} MiB as UTF-16LE); "
          f"files: {', '.join(f'{n} {len(d) / 2**20:.1f} MiB' for n, d in files.items())} ({stored / 2**20:.1f} MiB); "
          f"zip {len(zipped) / 2**20:.1f} MiB")

    with tempfile.TemporaryDirectory() as folder:  # the benchmark's inputs
        for name, data in files.items():
            Path(folder, name).write_bytes(data)
        Path(folder, "value.txt").write_text(newest, encoding="utf-8")
        backup = Path(folder, "backup.zip")
        backup.write_bytes(zipped)
        Path(folder, "small.zip").write_bytes(backup_zip(build(20_000)[0]))
        sites = whole(backup)
        print(f"sites: {sites} requests read from the backup")

        for label, fn, arg in (("read (whole path)", whole, backup), ("leveldb only", read, files)):
            ours, loads, ratios = interleaved(fn, arg, newest, args.rounds)
            print(f"time   {label:18s} {ours * 1000:7.1f} ms   json.loads {loads * 1000:7.1f} ms   {spread(ratios)}")

        measured = {side: memory(side, folder) for side in ("read", "leveldb", "loads")}
    l_rss, l_traced = measured["loads"]
    for side, label in (("read", "read (whole path)"), ("leveldb", "leveldb only"), ("loads", "json.loads")):
        rss, traced = measured[side]
        print(f"memory {label:18s} peak RSS +{rss / 2**20:6.1f} MiB ({rss / max(l_rss, 1):.2f}x)  "
              f"tracemalloc {traced / 2**20:6.1f} MiB ({traced / max(l_traced, 1):.2f}x)")

    # Where the LevelDB reader's time goes (one run).
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
