"""Which rules run on a file, with which severity, and how the check kinds serve them.

A :class:`Selection` is the enabled rules of one configuration. Rules that
name ``files`` apply only to matching paths (:meth:`Selection.for_path`).
:meth:`Selection.runs` groups the rules by check kind and parameters, so a
kind runs once per distinct set of parameters however many rules it serves,
and each outcome it reports becomes a finding of every rule bound to it.
"""

from __future__ import annotations

from dataclasses import field
from types import ModuleType
from typing import Iterable

from ..checks import Ask, always_on, engine_reported, load
from ..knowledge.rules import Rule, RuleSet
from .patterns import glob_match
from ..core.records import record


@record(frozen=True)
class KindRun:
    """One run of a check kind: the module, what it is asked for, and the rules per outcome."""

    kind: str
    module: ModuleType
    ask: Ask
    rules: dict[str, tuple[Rule, ...]]  # outcome -> the enabled rules that report it


@record(eq=False)
class Selection:
    """The enabled rules and the severity each one reports with."""

    rules: dict[str, Rule]  # slug -> rule, enabled only
    severity: dict[str, str] = field(default_factory=dict)  # slug -> overridden severity
    known: tuple[tuple[str, str], ...] = ()  # (code, slug) of every rule of the run, enabled or not
    _runs: list[KindRun] | None = field(default=None, repr=False)
    _narrowed: dict[frozenset[str], Selection] = field(default_factory=dict, repr=False)

    def __getstate__(self) -> dict:
        # Worker processes receive the selection; kind modules are imported there, not pickled.
        return {"rules": self.rules, "severity": self.severity, "known": self.known, "_runs": None, "_narrowed": {}}

    @property
    def enabled(self) -> frozenset[str]:
        return frozenset(self.rules)

    def severity_of(self, rule: Rule) -> str:
        return self.severity.get(rule.slug, rule.severity)

    def for_path(self, path: str | None) -> Selection:
        """The rules that apply to ``path`` (relative, ``/``-separated); rules without ``files`` always do."""
        scoped = [r for r in self.rules.values() if r.files]
        if not scoped or path is None:
            return self
        path = path.replace("\\", "/")
        dropped = frozenset(r.slug for r in scoped if not any(glob_match(g, path) for g in r.files))
        if not dropped:
            return self
        narrowed = self._narrowed.get(dropped)
        if narrowed is None:
            rules = {slug: rule for slug, rule in self.rules.items() if slug not in dropped}
            narrowed = self._narrowed[dropped] = Selection(rules, self.severity, self.known)
        return narrowed

    def runs(self) -> list[KindRun]:
        """The check kinds to run, once per kind and set of parameters (computed once)."""
        if self._runs is None:
            groups: dict[tuple, list[Rule]] = {}
            for rule in sorted(self.rules.values(), key=lambda r: r.code):
                key = (rule.kind, tuple(sorted((k, _hashable(v)) for k, v in rule.params.items())))
                groups.setdefault(key, []).append(rule)
            runs = []
            for (kind, _), rules in sorted(groups.items(), key=lambda kv: kv[0][0]):
                module = load(kind)
                if module is None:
                    continue
                per_outcome: dict[str, tuple[Rule, ...]] = {}
                for rule in rules:
                    per_outcome[rule.reports] = per_outcome.get(rule.reports, ()) + (rule,)
                runs.append(KindRun(kind, module, Ask(frozenset(per_outcome), dict(rules[0].params)), per_outcome))
            self._runs = runs
        return self._runs

    def rule_for(self, outcome: str) -> Rule | None:
        """The enabled rule that reports an outcome the engine makes itself (parse-error, unused-suppression)."""
        for rule in self.rules.values():
            if rule.reports == outcome and engine_reported(rule):
                return rule
        return None


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def make_selection(
    ruleset: RuleSet,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    extend_select: Iterable[str] = (),
    severity: dict[str, str] | None = None,
) -> Selection:
    """ruff-style selection: ``select`` replaces the default (all), ``ignore`` removes.

    The rules of always-on kinds (``parse-error``, ``internal-error``) stay on whatever is selected.

    Unknown selectors raise ValueError so a typo in ``--select`` is an error,
    not a silently empty run.
    """

    def resolve(selectors: Iterable[str]) -> list[Rule]:
        out: list[Rule] = []
        for sel in selectors:
            matched = ruleset.select(sel)
            if not matched:
                raise ValueError(f"unknown rule selector {sel!r} (see `flexlint rules`)")
            out.extend(matched)
        return out

    select = list(select)
    chosen = resolve(select) if select else list(ruleset.rules)
    chosen += resolve(extend_select)
    dropped = {r.slug for r in resolve(ignore)}
    chosen += [r for r in ruleset.rules if always_on(r)]  # an unreadable file is always said
    rules = {r.slug: r for r in chosen if r.slug not in dropped or always_on(r)}
    sev: dict[str, str] = {}
    for sel, level in (severity or {}).items():
        for rule in resolve([sel]):
            sev[rule.slug] = level
    return Selection(rules, sev, known_rules(ruleset))


def known_rules(ruleset: RuleSet) -> tuple[tuple[str, str], ...]:
    return tuple((r.code, r.slug) for r in ruleset.rules)
