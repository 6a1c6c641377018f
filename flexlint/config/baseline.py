"""Baselines: adopt flexlint on a big repository and see only new findings.

`--write-baseline FILE` records the current findings; `--baseline FILE`
hides the findings it records. A finding is recorded by a key that does not
contain its line or column, so it survives edits elsewhere in the file:

- the file's path, relative to the baseline file's folder (``/``-separated);
- the rule's name (slug), which never changes;
- for data files, the finding's JSON path (``endpoints.custom[0].addParams.service_tier``);
  for findings without one, the message with digits blanked out.

The same key may occur several times in a file; the baseline stores a count
and hides at most that many, so a second copy of a known problem still shows.
A file that cannot be read (``parse-error``, ``internal-error``) is never
recorded nor hidden: it is said on every run.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .. import __version__
from ..checks import ALWAYS_ON
from ..core.diagnostics import Diagnostic

FORMAT_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or written."""


@dataclass(frozen=True)
class FindingKey:
    path: str
    rule: str
    anchor: str  # "json:<path>" or "message:<normalised message>"

    @property
    def digest(self) -> str:
        import hashlib

        return hashlib.sha256("\0".join((self.path, self.rule, self.anchor)).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _anchor(json_path: str | None, message: str) -> str:
    if json_path:
        return f"json:{json_path}"
    return "message:" + re.sub(r"\d+", "#", " ".join(message.split()))


def finding_key(d: Diagnostic, base: str | Path | None = None) -> FindingKey:
    """The line-independent key of a finding; paths relative to ``base`` (default: as printed)."""
    path = d.path
    if base is not None:
        full = Path(path) if os.path.isabs(path) else Path.cwd() / path
        try:
            rel = os.path.relpath(full, Path(base).resolve())
            path = rel if not rel.startswith("..") else full.as_posix()
        except ValueError:
            path = full.as_posix()
    return FindingKey(Path(path).as_posix(), d.rule, _anchor(d.json_path, d.message))


def write_baseline(file: str | Path, diagnostics: Iterable[Diagnostic]) -> int:
    """Record ``diagnostics``; returns how many findings were written."""
    file = Path(file)
    base = file.resolve().parent
    counts: Counter[FindingKey] = Counter()
    sample: dict[FindingKey, Diagnostic] = {}
    for d in diagnostics:
        if d.rule in ALWAYS_ON:  # an unreadable file is never "known": it is said on every run
            continue
        key = finding_key(d, base)
        counts[key] += 1
        sample.setdefault(key, d)
    entries = []
    for key in sorted(counts, key=lambda k: (k.path, k.rule, k.anchor)):
        d = sample[key]
        entries.append(
            {
                "path": key.path,
                "rule": key.rule,
                "code": d.code,
                "json_path": d.json_path,
                "message": d.message,
                "count": counts[key],
            }
        )
    data = {"flexlint_baseline": FORMAT_VERSION, "flexlint_version": __version__, "findings": entries}
    try:
        from ..core.writing import write_text_atomically

        write_text_atomically(file, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {file}: {exc.strerror or exc}") from None
    return sum(counts.values())


@dataclass
class Baseline:
    base: Path
    known: Counter[FindingKey]

    def filter(self, diagnostics: Sequence[Diagnostic]) -> tuple[list[Diagnostic], int, int]:
        """(new findings, how many were hidden, how many recorded findings no longer occur)."""
        left = Counter(self.known)
        kept = []
        hidden = 0
        for d in diagnostics:
            key = finding_key(d, self.base)
            if left[key] > 0 and d.rule not in ALWAYS_ON:
                left[key] -= 1
                hidden += 1
            else:
                kept.append(d)
        return kept, hidden, sum(n for n in left.values() if n > 0)


def load_baseline(file: str | Path) -> Baseline:
    file = Path(file)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"baseline {file} does not exist (create it with --write-baseline {file})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"cannot read baseline {file}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"baseline {file} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("flexlint_baseline") != FORMAT_VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{file} is not a flexlint baseline (version {FORMAT_VERSION}); rewrite it with --write-baseline")
    known: Counter[FindingKey] = Counter()
    for i, entry in enumerate(data["findings"]):
        try:
            key = FindingKey(str(entry["path"]), str(entry["rule"]), _anchor(entry.get("json_path"), str(entry["message"])))
            known[key] += int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise BaselineError(f"{file}: findings[{i}] needs path, rule, message and a count") from None
    return Baseline(file.resolve().parent, known)
