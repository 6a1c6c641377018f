"""Coverage-guided fuzzing with atheris (``pip install atheris``; optional, Linux x86-64 wheels).

    python -m tests.fuzz.atheris_target -atheris_runs=200000        # libFuzzer flags after the module
    python -m tests.fuzz.atheris_target -max_total_time=600 -rss_limit_mb=4096

The first byte of each input picks the file name (and so the reader);
the rest is the file. The oracle is the campaign's (:mod:`.oracle`): an
internal error, a shown canary secret or an output that fails to render
raises, which atheris reports with the input that did it; a native crash
or a timeout is libFuzzer's own finding. The campaign's inputs are the
starting corpus.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

NAMES = ["body.json", "request.jsonc", "config.yaml", "probe.py", "probe.ipynb", "data.json", "backup.zip", "db.sqlite",
         ".codex/config.toml", "batch.jsonl", "probe.ts"]


def one_input(data: bytes) -> None:
    from .oracle import check

    if not data:
        return
    name = NAMES[data[0] % len(NAMES)]
    problems = check(name, data[1:])
    if problems:
        raise AssertionError(f"{name}: {'; '.join(problems)}")


def _corpus() -> str:
    from .inputs import KINDS, make

    folder = Path(tempfile.mkdtemp(prefix="flexlint-atheris-"))
    kinds_to_names = {"json": 0, "jsonc": 1, "yaml": 2, "python": 3, "notebook": 4, "cherry": 5, "zip": 6, "sqlite": 7,
                      "toml": 8, "jsonl": 9, "script": 10}
    for kind in KINDS:
        for seed in range(20):
            _, data = make(kind, seed)
            (folder / f"{kind}-{seed}").write_bytes(bytes([kinds_to_names[kind]]) + data)
    return str(folder)


def main() -> None:
    import atheris

    with atheris.instrument_imports():
        import flexlint.api  # noqa: F401
        import flexlint.sources.jsonc  # noqa: F401
        import flexlint.sources.yaml_source  # noqa: F401
        import flexlint.sources.python_source  # noqa: F401
        import flexlint.sources.toml_source  # noqa: F401
        import flexlint.sources.jsonl  # noqa: F401
        import flexlint.sources.javascript  # noqa: F401
    args = sys.argv + ([_corpus()] if not any(not a.startswith("-") for a in sys.argv[1:]) else [])
    atheris.Setup(args, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
