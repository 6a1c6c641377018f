"""Rules are data: ``rules/*.yaml`` entries bound to check kinds.

A rule carries everything a user reads about it (summary, explanation, fix,
examples) and the name of the check kind that finds it. The check kinds are
Python (``flexlint.checks``); one kind may serve several rules. Rule packs
are validated on load so a broken user pack is a clear error, not a crash.
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
    valid: tuple[Example, ...] = ()
    invalid: tuple[Example, ...] = ()
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
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
        rules.append(
            Rule(
                code=str(entry["code"]),
                slug=str(entry["slug"]),
                kind=str(entry["kind"]),
                severity=str(entry["severity"]),
                summary=str(entry["summary"]).strip(),
                explanation=str(entry["explanation"]).strip(),
                fix=str(entry["fix"]).strip(),
                valid=_examples(examples.get("valid"), f"{where}.examples.valid"),
                invalid=_examples(examples.get("invalid"), f"{where}.examples.invalid"),
                options=dict(entry.get("options") or {}),
                tags=tuple(entry.get("tags") or ()),
                pack=source,
            )
        )
    return rules


def _read_pack(path: Path) -> list[Rule]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=loader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RulePackError(f"{path}: cannot read rule pack: {exc}") from None
    return parse_pack(data, str(path))


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
        rules.extend(_read_pack(path))
    return tuple(rules)


def load_ruleset(extra_dirs: Iterable[str | Path] = ()) -> RuleSet:
    """The shipped rules plus user packs from ``extra_dirs`` (``--rules DIR``)."""
    rules = list(builtin_rules())
    for directory in extra_dirs:
        path = Path(directory)
        files = [path] if path.is_file() else pack_files(path)
        if not files:
            raise RulePackError(f"{path}: no rule pack (*.yaml) found")
        for file in files:
            rules.extend(_read_pack(file))
    return RuleSet(rules)
