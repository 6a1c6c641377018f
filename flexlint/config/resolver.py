"""What applies to one file: its configuration file and the command line, combined.

Selection is layered like ruff's: the defaults (every rule), then the
configuration file, then the command line; in each layer `select` (when
given) starts over, `extend-select` adds and `ignore` removes. So a
`--select` on the command line wins over the file, and `--ignore` adds to
the file's. `per-file-ignores` then removes rules for the files it names.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from .files import Config, ConfigError, JsonPathIgnore, find_config, load_config
from ..core.diagnostics import Diagnostic
from .selection import Selection, known_rules
from ..checks import always_on
from .patterns import glob_match, json_path_match
from ..knowledge.rules import Rule, RuleSet
from .rulesets import load_ruleset
from ..core.records import record


@record(frozen=True)
class FilePlan:
    """How one file is linted: the rules that run, and the findings to drop by JSON path."""

    selection: Selection
    json_ignores: tuple[tuple[JsonPathIgnore, frozenset[str]], ...] = ()  # (pattern, rule slugs; empty: all)
    root: Path | None = None  # the configuration's folder: rules' `files` globs are relative to it

    def selection_for(self, path: Path) -> Selection:
        """The plan's rules that apply to ``path`` (a rule may name the files it applies to)."""
        return self.selection.for_path(relative_to(path, self.root or Path.cwd()))

    def keep(self, diagnostic: Diagnostic) -> bool:
        for ignore, slugs in self.json_ignores:
            if (not slugs or diagnostic.rule in slugs) and json_path_match(ignore.pattern, diagnostic.json_path):
                return False
        return True


def relative_to(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with ``/``; the absolute path when it is not below ``root``."""
    full = path if path.is_absolute() else Path.cwd() / path
    try:
        rel = os.path.relpath(full, root)
    except ValueError:  # another drive
        rel = ".."
    if rel.startswith(".."):
        return full.as_posix()
    return Path(rel).as_posix()


class Resolver:
    """Finds and caches each folder's configuration and the selections they give."""

    def __init__(
        self,
        *,
        select: Sequence[str] = (),
        extend_select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        severity: dict[str, str] | None = None,
        rules_dirs: Sequence[str] = (),
        config: str | Path | None = None,
        isolated: bool = False,
    ) -> None:
        self.select = tuple(select)
        self.extend_select = tuple(extend_select)
        self.ignore = tuple(ignore)
        self.severity = dict(severity or {})
        self.rules_dirs = tuple(str(Path(d).resolve()) for d in rules_dirs)
        self.isolated = isolated
        self.fixed: Config | None = load_config(Path(config)) if config is not None else None
        self._default = Config(root=Path.cwd())
        self._plans: dict[tuple[Config, tuple[str, ...], tuple], FilePlan] = {}

    # -- configuration -----------------------------------------------------
    def config_for(self, path: Path, is_dir: bool = False) -> Config:
        if self.fixed is not None:
            return self.fixed
        if self.isolated:
            return self._default
        full = (path if path.is_absolute() else Path.cwd() / path)
        folder = full if is_dir else full.parent
        found = find_config(Path(os.path.normpath(folder)))
        return load_config(found) if found is not None else self._default

    def excluded(self, path: Path, is_dir: bool = False) -> bool:
        """Does the configuration of ``path``'s folder exclude it (or a folder it is in)?"""
        config = self.config_for(path.parent if is_dir else path, is_dir=is_dir)
        if not config.exclude:
            return False
        rel = relative_to(path, config.root_for("exclude"))
        return any(glob_match(pattern, rel) for pattern in config.exclude)

    def respects_gitignore(self, folder: Path) -> bool:
        """`respect-gitignore` of the configuration that applies in ``folder`` (default: yes)."""
        return self.config_for(folder, is_dir=True).respect_gitignore

    # -- selection ---------------------------------------------------------
    def plan(self, path: Path | None) -> FilePlan:
        config = self.config_for(path) if path is not None else (self.fixed or (self._default if self.isolated else self._cwd_config()))
        def rel(key: str) -> str:
            return relative_to(path, config.root_for(key)) if path is not None else ""

        per_file, json_paths = rel("per-file-ignores"), rel("ignore-json-paths")
        ignores = tuple(sorted({s for glob, sels in config.per_file_ignores if path is not None and glob_match(glob, per_file) for s in sels}))
        json_ignores = tuple(
            entry for glob, entries in config.ignore_json_paths if path is not None and glob_match(glob, json_paths)
            for entry in entries
        )
        key = (config, ignores, json_ignores)
        plan = self._plans.get(key)
        if plan is None:
            selection = self._selection(config, ignores)
            ruleset = self._ruleset(config)
            resolved = tuple(
                (entry, frozenset(r.slug for sel in entry.rules for r in _resolve(ruleset, sel, config, "ignore-json-paths")))
                for entry in json_ignores
            )
            plan = self._plans[key] = FilePlan(selection, resolved, config.root)
        return plan

    def _cwd_config(self) -> Config:
        found = find_config(Path.cwd())
        return load_config(found) if found is not None else self._default

    def ruleset(self, path: Path | None = None) -> RuleSet:
        return self._ruleset(self.config_for(path) if path is not None else self._cwd_config())

    def _ruleset(self, config: Config) -> RuleSet:
        return _load_ruleset(tuple(config.rule_packs) + self.rules_dirs, config.label)

    def _selection(self, config: Config, file_ignores: tuple[str, ...]) -> Selection:
        ruleset = self._ruleset(config)
        current = {r.slug for r in ruleset.rules}

        def layer(select, extend, ignore, where: Config | None) -> None:
            nonlocal current
            if select is not None:
                current = _slugs(ruleset, select, where, "select")
            current |= _slugs(ruleset, extend, where, "extend-select")
            current -= _slugs(ruleset, ignore, where, "ignore")

        for applied in config.layers():  # the file it extends first, then the file itself
            layer(applied.select, applied.extend_select, applied.ignore, applied)
        layer(self.select or None, self.extend_select, self.ignore, None)
        current -= _slugs(ruleset, file_ignores, config, "per-file-ignores")
        current |= {r.slug for r in ruleset.rules if always_on(r)}  # an unreadable file is always said
        severity: dict[str, str] = {}
        entries = [(selector, level, applied) for applied in config.layers() for selector, level in applied.severity]
        for selector, level, where in (*entries, *((s, v, None) for s, v in self.severity.items())):
            for rule in _resolve(ruleset, selector, where, "severity"):
                severity[rule.slug] = level
        rules = {r.slug: r for r in ruleset.rules if r.slug in current}
        return Selection(rules, severity, known_rules(ruleset))


def _resolve(ruleset: RuleSet, selector: str, where: Config | None, key: str) -> list[Rule]:
    matched = ruleset.select(selector)
    if not matched:
        if where is None:
            raise ValueError(f"unknown rule selector {selector!r} (see `flexlint rules`)")
        raise ConfigError(f"{where.label}: `{key}`: unknown rule selector {selector!r} (see `flexlint rules`)")
    return matched


def _slugs(ruleset: RuleSet, selectors: Iterable[str], where: Config | None, key: str) -> set[str]:
    return {r.slug for s in selectors for r in _resolve(ruleset, s, where, key)}


@lru_cache(maxsize=None)
def _load_ruleset(packs: tuple[str, ...], label: str) -> RuleSet:
    from ..knowledge.rules import RulePackError

    try:
        return load_ruleset(packs)
    except RulePackError as exc:
        raise ConfigError(f"{label}: `rule-packs`: {exc}" if label != "the defaults" else str(exc)) from None


def forget_configuration() -> None:
    """Forget every configuration file and rule pack read so far, so the next run reads them again.

    A command-line run reads each once; a long-running process (the language
    server, `--watch`) calls this when those files may have changed.
    """
    find_config.cache_clear()
    load_config.cache_clear()
    _load_ruleset.cache_clear()
