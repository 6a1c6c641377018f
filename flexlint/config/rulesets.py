"""The rules a run knows: the shipped packs, plus the packs a configuration or ``--rules`` names.

Each rule is bound to its check kind as it is read (``flexlint.checks.bind``),
so a pack with an unknown kind, outcome or parameter fails here, naming the
file, the rule and the key.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..checks import bind
from .patterns import check_glob
from ..knowledge.data import data_dir
from ..knowledge.rules import BUILTIN_PREFIX, Rule, RulePackError, RuleSet, pack_files, read_pack

__all__ = ["RulePackError", "builtin_rules", "load_ruleset", "pack_rules"]


@lru_cache(maxsize=None)
def builtin_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for path in pack_files(data_dir("rules")):
        rules.extend(read_pack(path, bind, f"{BUILTIN_PREFIX}{path.name}"))
    return tuple(rules)


def pack_rules(extra_dirs: Iterable[str | Path]) -> list[Rule]:
    """The rules of the packs in ``extra_dirs`` only (folders of *.yaml, or files)."""
    rules: list[Rule] = []
    for directory in extra_dirs:
        path = Path(directory)
        files = [path] if path.is_file() else pack_files(path)
        if not files:
            raise RulePackError(f"{path}: no rule pack (*.yaml) found")
        for file in files:
            for rule in read_pack(file, bind):
                for pattern in rule.files:
                    problem = check_glob(pattern)
                    if problem is not None:
                        raise RulePackError(f"{file}: rule {rule.slug}: files: {problem}")
                rules.append(rule)
    return rules


def load_ruleset(extra_dirs: Iterable[str | Path] = ()) -> RuleSet:
    """The shipped rules plus user packs from ``extra_dirs`` (``--rules DIR``, ``rule-packs``)."""
    return RuleSet(list(builtin_rules()) + pack_rules(extra_dirs))
