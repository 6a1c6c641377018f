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
from dataclasses import field
from pathlib import Path
from typing import Any, Callable, Iterable

from .data import data_dir
from ..core.regex import lazy
from ..core.records import record

# What a rule says of its fixes (`fix_safety`): as safe as the fix itself, always unsafe, or none at all
# (see core.edits for what safe and unsafe mean).
FIX_SAFETIES: tuple[str, ...] = ("safe", "unsafe", "none")

CODE_RE = lazy(r"^[A-Z]{2,5}\d{3,4}$")
SLUG_RE = lazy(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
REQUIRED = ("code", "slug", "kind", "severity", "summary", "explanation", "fix")
KEYS = frozenset(REQUIRED) | {"reports", "params", "files", "tags", "examples", "fix_safety"}

MAX_PACK_BYTES = 4 * 1024 * 1024  # a rule pack is hand-written text


class RulePackError(Exception):
    """A rule pack that cannot be used, with the file and entry it concerns."""


@record(frozen=True)
class Example:
    """A file a rule must report (``invalid``) or leave alone (``valid``); each is run as a test."""

    file: str
    content: str
    findings: tuple[dict[str, Any], ...] = ()
    name: str = ""
    settings: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@record(frozen=True)
class Rule:
    """One rule as its pack declares it: what it reports, how severe, and the kind of check that finds it."""

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
    # Whether `--fix` may change the file: "safe" (applied by --fix), "unsafe" (only with
    # --unsafe-fixes: the fix changes what is sent) or "none". A finding's own fix can only be stricter.
    fix_safety: str = "none"

    @property
    def url(self) -> str | None:
        """A page that documents the rule and exists where flexlint runs, as a URI; None when there is none.

        A shipped rule's page is `docs/rules/<slug>.md`, installed with the
        package (generated from the rules; see :mod:`flexlint.faces.rule_pages`);
        a rule pack's rule is documented by its pack file. flexlint has no web
        site, so no link points at one.
        """
        if self.pack.startswith(BUILTIN_PREFIX):
            page = data_dir("docs") / "rules" / f"{self.slug}.md"
        else:
            page = Path(self.pack)
        return page.resolve().as_uri() if page.is_file() else None


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


Binder = Callable[[dict[str, Any], str, bool], tuple[str, str, dict[str, Any]]]


def parse_pack(data: Any, source: str, bind: Binder) -> list[Rule]:
    """The rules of a pack; ``bind`` checks each rule's kind, outcome and parameters (see ``flexlint.checks``)."""
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
            raise RulePackError(f"{where}: unknown key `{unknown[0]}`{did_you_mean(unknown[0], KEYS)}")
        missing = [k for k in REQUIRED if not entry.get(k)]
        if missing:
            raise RulePackError(f"{where} lacks {', '.join(missing)}")
        if not CODE_RE.match(str(entry["code"])):
            raise RulePackError(f"{where}: code {entry['code']!r} must look like FLX101")
        if not SLUG_RE.match(str(entry["slug"])):
            raise RulePackError(f"{where}: slug {entry['slug']!r} must be kebab-case")
        if entry["severity"] not in ("error", "warning", "info"):
            raise RulePackError(f"{where}: severity must be error, warning or info")
        fix_safety = entry.get("fix_safety", "none")
        if fix_safety not in FIX_SAFETIES:
            raise RulePackError(f"{where}: `fix_safety` must be safe, unsafe or none{did_you_mean(str(fix_safety), FIX_SAFETIES)}")
        examples = entry.get("examples") or {}
        if not isinstance(examples, dict):
            raise RulePackError(f"{where}: `examples` must be a mapping with `valid` and `invalid` lists")
        kind, reports, params = bind(entry, where, source.startswith(BUILTIN_PREFIX))
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
                files=globs(entry.get("files"), f"{where}: files"),
                tags=tuple(str(t) for t in entry.get("tags") or ()),
                pack=source,
                fix_safety=str(fix_safety),
            )
        )
    return rules


def did_you_mean(word: str, options: Iterable[str]) -> str:
    from ..core.spelling import close_matches

    close = close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


MAX_GLOBS = 256
MAX_GLOB_LENGTH = 512


def globs(raw: Any, where: str) -> tuple[str, ...]:
    """Globs as written, bounded: a pack comes from the checked-out tree and may be hostile."""
    if raw is None:
        return ()
    values = raw if isinstance(raw, list) else [raw]
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise RulePackError(f"{where} must be a glob or a list of globs")
    if len(values) > MAX_GLOBS or any(len(v) > MAX_GLOB_LENGTH for v in values):
        raise RulePackError(f"{where}: at most {MAX_GLOBS} globs of at most {MAX_GLOB_LENGTH} characters")
    return tuple(v.strip() for v in values)


BUILTIN_PREFIX = "builtin:"


def read_pack(path: Path, bind: Binder, label: str | None = None) -> list[Rule]:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_PACK_BYTES + 1)
    except OSError as exc:
        raise RulePackError(f"{path}: cannot read rule pack: {exc}") from None
    if len(raw) > MAX_PACK_BYTES:
        raise RulePackError(f"{path}: a rule pack may be at most {MAX_PACK_BYTES // (1024 * 1024)} MB")
    from .precompiled import MISSING, lookup

    data = lookup(raw)  # the shipped packs are precompiled: no YAML parser on a start
    if data is MISSING:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            data = yaml.load(raw.decode("utf-8"), Loader=loader)
        except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
            raise RulePackError(f"{path}: cannot read rule pack: {exc}") from None
    return parse_pack(data, label or str(path), bind)


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
