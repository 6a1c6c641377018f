"""Rules are data: ``rules/*.yaml`` entries bound to check kinds.

A rule carries everything a user reads about it (summary, explanation, fix,
examples), the check kind that finds it, which of the kind's outcomes it
reports (``reports``), the kind's parameters (``params``) and, optionally,
the files it applies to (``files``). The kinds are Python
(``flexlint.checks``); one kind serves several rules, and a user pack can
bind a new rule to any kind. Packs are validated on load, against the kind
they name, so a broken pack is a clear error naming the file, the rule and
the key, never a rule that silently never fires.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .data import data_dir

CODE_RE = re.compile(r"^[A-Z]{2,5}\d{3,4}$")
SLUG_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
REQUIRED = ("code", "slug", "kind", "severity", "summary", "explanation", "fix")
KEYS = frozenset(REQUIRED) | {"reports", "params", "files", "tags", "examples"}
MAX_PACK_BYTES = 4 * 1024 * 1024  # a rule pack is hand-written text


class RulePackError(Exception):
    """A rule pack that cannot be used, with the file and entry it concerns."""


@dataclass(frozen=True)
class Example:
    file: str
    content: str
    findings: tuple[dict[str, Any], ...] = ()
    name: str = ""
    settings: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Rule:
    code: str
    slug: str
    kind: str
    severity: str
    summary: str
    explanation: str
    fix: str
    reports: str = ""  # the outcome of ``kind`` this rule reports
    valid: tuple[Example, ...] = ()
    invalid: tuple[Example, ...] = ()
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    files: tuple[str, ...] = ()  # globs; empty: every file
    tags: tuple[str, ...] = ()
    pack: str = ""

    @property
    def url(self) -> str:
        return f"https://flexlint.dev/rules/{self.slug}"


def _examples(raw: Any, where: str) -> tuple[Example, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise RulePackError(f"{where}: examples must be a list")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or "file" not in item or "content" not in item:
            raise RulePackError(f"{where}[{i}]: an example needs `file` and `content`")
        out.append(
            Example(
                file=str(item["file"]),
                content=str(item["content"]),
                findings=tuple(item.get("findings") or ()),
                name=str(item.get("name", "")),
                settings=dict(item.get("settings") or {}),
            )
        )
    return tuple(out)


def parse_pack(data: Any, source: str) -> list[Rule]:
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RulePackError(f"{source}: a rule pack is a mapping with a `rules` list")
    rules = []
    for i, entry in enumerate(data["rules"]):
        where = f"{source}: rules[{i}]"
        if not isinstance(entry, dict):
            raise RulePackError(f"{where} is not a mapping")
        if isinstance(entry.get("slug"), str):
            where = f"{source}: rule {entry['slug']}"
        unknown = sorted(str(k) for k in entry if k not in KEYS)
        if unknown:
            raise RulePackError(f"{where}: unknown key `{unknown[0]}`{_did_you_mean(unknown[0], KEYS)}")
        missing = [k for k in REQUIRED if not entry.get(k)]
        if missing:
            raise RulePackError(f"{where} lacks {', '.join(missing)}")
        if not CODE_RE.match(str(entry["code"])):
            raise RulePackError(f"{where}: code {entry['code']!r} must look like FLX101")
        if not SLUG_RE.match(str(entry["slug"])):
            raise RulePackError(f"{where}: slug {entry['slug']!r} must be kebab-case")
        if entry["severity"] not in ("error", "warning", "info"):
            raise RulePackError(f"{where}: severity must be error, warning or info")
        examples = entry.get("examples") or {}
        if not isinstance(examples, dict):
            raise RulePackError(f"{where}: `examples` must be a mapping with `valid` and `invalid` lists")
        kind, reports, params = _binding(entry, where, builtin=source.startswith(_BUILTIN_PREFIX))
        rules.append(
            Rule(
                code=str(entry["code"]),
                slug=str(entry["slug"]),
                kind=kind,
                severity=str(entry["severity"]),
                summary=str(entry["summary"]).strip(),
                explanation=str(entry["explanation"]).strip(),
                fix=str(entry["fix"]).strip(),
                reports=reports,
                valid=_examples(examples.get("valid"), f"{where}: examples.valid"),
                invalid=_examples(examples.get("invalid"), f"{where}: examples.invalid"),
                params=params,
                files=_globs(entry.get("files"), f"{where}: files"),
                tags=tuple(str(t) for t in entry.get("tags") or ()),
                pack=source,
            )
        )
    return rules


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _binding(entry: dict[str, Any], where: str, builtin: bool) -> tuple[str, str, dict[str, Any]]:
    """(kind, outcome, parameters) of a rule, checked against the kind it names."""
    from ..checks import KINDS

    name = str(entry["kind"])
    kind = KINDS.get(name)
    if kind is None:
        raise RulePackError(
            f"{where}: `kind`: unknown check kind {name!r}{_did_you_mean(name, KINDS)} "
            f"(kinds: {', '.join(k for k in KINDS if not KINDS[k].builtin_only)})"
        )
    if kind.builtin_only and not builtin:
        raise RulePackError(f"{where}: `kind`: {name!r} is reported by flexlint itself; a rule pack cannot bind it")
    reports = entry.get("reports")
    if reports is None:
        if len(kind.outcomes) > 1 and not builtin:
            raise RulePackError(
                f"{where}: `reports`: kind {name!r} reports several things; say which one "
                f"({', '.join(kind.outcomes)})"
            )
        reports = entry["slug"] if entry["slug"] in kind.outcomes else kind.outcomes[0]
    if reports not in kind.outcomes:
        raise RulePackError(
            f"{where}: `reports`: kind {name!r} does not report {reports!r}{_did_you_mean(str(reports), kind.outcomes)} "
            f"(it reports: {', '.join(kind.outcomes)})"
        )
    raw = entry.get("params") or {}
    if not isinstance(raw, dict):
        raise RulePackError(f"{where}: `params` must be a mapping")
    params: dict[str, Any] = {}
    for key, value in raw.items():
        spec = kind.params.get(str(key))
        if spec is None:
            known = ", ".join(kind.params) or "none"
            raise RulePackError(
                f"{where}: `params.{key}`: kind {name!r} has no parameter {key!r}"
                f"{_did_you_mean(str(key), kind.params)} (its parameters: {known})"
            )
        params[str(key)] = _param(value, spec.type, f"{where}: `params.{key}`")
    for key, spec in kind.params.items():
        if spec.required and key not in params:
            raise RulePackError(f"{where}: `params.{key}` is required by kind {name!r} ({spec.doc})")
        if key not in params and spec.default is not None:
            params[key] = spec.default
    check = getattr(kind, "validate", None)
    if check is not None:
        problem = check(params)
        if problem:
            raise RulePackError(f"{where}: `params`: {problem}")
    return name, str(reports), params


def _param(value: Any, type_: str, where: str) -> Any:
    scalar = (str, int, float, bool)
    if type_ == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (float("inf"), float("-inf")):
            raise RulePackError(f"{where} must be a number")
        return float(value)
    if type_ == "boolean":
        if not isinstance(value, bool):
            raise RulePackError(f"{where} must be true or false")
        return value
    if type_ == "string":
        if not isinstance(value, str) or not value.strip():
            raise RulePackError(f"{where} must be a non-empty string")
        return value.strip()
    values = value if isinstance(value, list) else [value]
    if type_ in ("strings", "globs"):
        if not values or not all(isinstance(v, str) and v for v in values):
            raise RulePackError(f"{where} must be a string or a list of strings")
        if type_ == "globs":
            return _globs(values, where)
        return tuple(values)
    if not values or not all(isinstance(v, scalar) or v is None for v in values):
        raise RulePackError(f"{where} must be a value or a list of values (strings, numbers, true/false, null)")
    return tuple(values)


MAX_GLOBS = 256
MAX_GLOB_LENGTH = 512


def _globs(raw: Any, where: str) -> tuple[str, ...]:
    """Globs as written, bounded: a pack comes from the checked-out tree and may be hostile."""
    if raw is None:
        return ()
    values = raw if isinstance(raw, list) else [raw]
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise RulePackError(f"{where} must be a glob or a list of globs")
    if len(values) > MAX_GLOBS or any(len(v) > MAX_GLOB_LENGTH for v in values):
        raise RulePackError(f"{where}: at most {MAX_GLOBS} globs of at most {MAX_GLOB_LENGTH} characters")
    return tuple(v.strip() for v in values)


_BUILTIN_PREFIX = "builtin:"


def _read_pack(path: Path, label: str | None = None) -> list[Rule]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_PACK_BYTES + 1)
        if len(raw) > MAX_PACK_BYTES:
            raise RulePackError(f"{path}: a rule pack may be at most {MAX_PACK_BYTES // (1024 * 1024)} MB")
        data = yaml.load(raw.decode("utf-8"), Loader=loader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
        raise RulePackError(f"{path}: cannot read rule pack: {exc}") from None
    return parse_pack(data, label or str(path))


class RuleSet:
    """All known rules, looked up by code, slug or code prefix."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules: list[Rule] = sorted(rules, key=lambda r: r.code)
        self.by_code: dict[str, Rule] = {}
        self.by_slug: dict[str, Rule] = {}
        for rule in self.rules:
            for table, key in ((self.by_code, rule.code), (self.by_slug, rule.slug)):
                if key in table:
                    raise RulePackError(f"{rule.pack}: {key} is already defined in {table[key].pack}")
                table[key] = rule

    def get(self, ident: str) -> Rule | None:
        return self.by_code.get(ident.upper()) or self.by_slug.get(ident.lower())

    def select(self, selector: str) -> list[Rule]:
        """Rules matched by a code, a slug, a code prefix (``FLX1``) or ``ALL``."""
        rule = self.get(selector)
        if rule is not None:
            return [rule]
        upper = selector.upper()
        if upper == "ALL":
            return list(self.rules)
        if re.fullmatch(r"[A-Z]+\d*", upper):
            return [r for r in self.rules if r.code.startswith(upper)]
        return []

    def kinds(self) -> set[str]:
        return {r.kind for r in self.rules}


def pack_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if p.is_file())


@lru_cache(maxsize=None)
def builtin_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for path in pack_files(data_dir("rules")):
        rules.extend(_read_pack(path, f"{_BUILTIN_PREFIX}{path.name}"))
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
            rules.extend(_read_pack(file))
    return rules


def load_ruleset(extra_dirs: Iterable[str | Path] = ()) -> RuleSet:
    """The shipped rules plus user packs from ``extra_dirs`` (``--rules DIR``)."""
    return RuleSet(list(builtin_rules()) + pack_rules(extra_dirs))
