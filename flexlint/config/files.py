"""Configuration files: `.flexlint.toml`, `flexlint.toml`, or `[tool.flexlint]` in `pyproject.toml`.

Like ruff, the file that applies to a file being linted is the nearest one
found walking up from that file's folder (a `pyproject.toml` without a
`[tool.flexlint]` table does not count); the nearest one wins whole, with no
merging of parent files, so what applies is always one file you can open.
In one folder `.flexlint.toml` beats `flexlint.toml` beats `pyproject.toml`.
Paths and globs in a file are relative to the folder it is in.

`extend = "../base.toml"` makes a file build on another, as ruff's `extend`
does: the base's rule selection applies first and this file's after it (so
`extend-select` and `ignore` add to the base's, `select` starts over),
`severity` entries and `rule-packs` add to the base's, and any other key this
file leaves out is the base's, its globs still relative to the base's folder.

A file that cannot be used is a :class:`ConfigError` naming the file and the
key, never a half-applied configuration.
"""

from __future__ import annotations

import os
from dataclasses import field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .patterns import MAX_GLOBS, check_glob, parse_json_path
from ..core.spelling import close_matches
from ..core.records import record

CONFIG_NAMES = (".flexlint.toml", "flexlint.toml", "pyproject.toml")
SEVERITY_LEVELS = ("error", "warning", "info")

# key -> what it holds, for messages
KEYS: dict[str, str] = {
    "select": "a list of rule codes, names or code prefixes",
    "extend-select": "a list of rule codes, names or code prefixes",
    "ignore": "a list of rule codes, names or code prefixes",
    "per-file-ignores": "a table of glob = [rules]",
    "severity": 'a table of rule = "error" | "warning" | "info"',
    "exclude": "a list of globs",
    "rule-packs": "a list of folders or files with extra rule packs",
    "ignore-json-paths": 'a table of glob = [JSON paths], e.g. "requests/*.json" = ["metadata"]',
    "respect-gitignore": "true or false (skip what git ignores in directory walks; default true)",
    "extend": "the path of another configuration file whose settings this one extends",
}
# Keys whose value, when this file leaves them out, is the extended file's (with its folder for globs).
INHERITED = ("exclude", "per-file-ignores", "ignore-json-paths", "respect-gitignore")
MAX_EXTEND_DEPTH = 16


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""


@record(frozen=True)
class JsonPathIgnore:
    """A configuration's ``ignore`` entry for findings at a JSON path (all rules, or some)."""

    pattern: tuple[str, ...]
    rules: tuple[str, ...] = ()  # empty: every rule
    text: str = ""


@record(frozen=True)
class Config:
    """One configuration file's settings (all empty for the built-in defaults)."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    exclude: tuple[str, ...] = ()
    rule_packs: tuple[str, ...] = ()
    ignore_json_paths: tuple[tuple[str, tuple[JsonPathIgnore, ...]], ...] = ()
    respect_gitignore: bool = True
    base: Config | None = None  # the configuration `extend` names, itself resolved
    inherited: frozenset[str] = frozenset()  # keys whose value came from `base`

    @property
    def label(self) -> str:
        """How messages name this configuration."""
        if self.path is None:
            return "the defaults"
        return f"{self.path} [tool.flexlint]" if self.path.name == "pyproject.toml" else str(self.path)

    def root_for(self, key: str) -> Path:
        """The folder ``key``'s globs are relative to: the folder of the file that wrote them."""
        if key in self.inherited and self.base is not None:
            return self.base.root_for(key)
        return self.root

    def layers(self) -> tuple[Config, ...]:
        """The files whose `select`/`extend-select`/`ignore`/`severity` apply, the extended one first."""
        return (self.base.layers() if self.base is not None else ()) + (self,)


def _toml():
    try:
        import tomllib  # type: ignore[import-not-found]
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib


MAX_CONFIG_BYTES = 1024 * 1024  # a configuration file is hand-written; one in a checkout may be hostile


def _read_toml(path: Path) -> dict[str, Any]:
    toml = _toml()
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_CONFIG_BYTES + 1)
        if len(raw) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: a configuration file may be at most {MAX_CONFIG_BYTES // 1024} KB")
        text = raw.decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 (byte {exc.start}); save the configuration file as UTF-8") from None
    try:
        return toml.loads(text)
    except toml.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _section(path: Path) -> dict[str, Any] | None:
    """The flexlint settings of a file, or None for a pyproject.toml without them."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        if not isinstance(tool, dict) or "flexlint" not in tool:
            return None
        section = tool["flexlint"]
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: `tool.flexlint` must be a table ([tool.flexlint])")
        return section
    return data


@lru_cache(maxsize=None)
def find_config(directory: Path) -> Path | None:
    """The nearest configuration file at or above ``directory`` (an absolute folder)."""
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_flexlint_table(candidate)):
                return candidate
    return None


def _has_flexlint_table(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(MAX_CONFIG_BYTES + 1)
    except OSError:
        return False
    if b"flexlint" not in head:  # cheap: most pyproject.toml files never mention it
        return False
    return _section(path) is not None


@lru_cache(maxsize=None)
def load_config(path: Path) -> Config:
    """Read and check one configuration file, and the files it extends (raises ConfigError)."""
    return _load(path.resolve(), ())


def _load(path: Path, chain: tuple[Path, ...]) -> Config:
    section = _section(path)
    if section is None:
        raise ConfigError(f"{path}: no [tool.flexlint] table")
    where = f"{path} [tool.flexlint]" if path.name == "pyproject.toml" else str(path)
    config = parse_config(section, path, where)
    if "extend" not in section:
        return config
    target = section["extend"]
    if not isinstance(target, str) or not target.strip():
        raise ConfigError(f"{where}: `extend` must be {KEYS['extend']}, not {_kind(target)}")
    base_path = (path.parent / os.path.expandvars(os.path.expanduser(target.strip()))).resolve()
    if base_path == path or base_path in chain:
        cycle = " → ".join(str(p) for p in (*chain, path, base_path))
        raise ConfigError(f"{where}: `extend` makes a cycle: {cycle}")
    if len(chain) >= MAX_EXTEND_DEPTH:
        raise ConfigError(f"{where}: `extend`: more than {MAX_EXTEND_DEPTH} files extend each other")
    if not base_path.is_file():
        raise ConfigError(f"{where}: `extend`: {base_path} does not exist")
    base = _load(base_path, (*chain, path))
    inherited = frozenset(key for key in INHERITED if key not in section)
    return replace(
        config,
        base=base,
        inherited=inherited,
        exclude=base.exclude if "exclude" in inherited else config.exclude,
        per_file_ignores=base.per_file_ignores if "per-file-ignores" in inherited else config.per_file_ignores,
        ignore_json_paths=base.ignore_json_paths if "ignore-json-paths" in inherited else config.ignore_json_paths,
        respect_gitignore=base.respect_gitignore if "respect-gitignore" in inherited else config.respect_gitignore,
        rule_packs=tuple(dict.fromkeys(base.rule_packs + config.rule_packs)),
    )


def parse_config(section: dict[str, Any], path: Path, where: str) -> Config:
    for key in section:
        if key not in KEYS:
            close = close_matches(key, list(KEYS), n=1)
            hint = f"; did you mean `{close[0]}`?" if close else f"; known keys: {', '.join(KEYS)}"
            raise ConfigError(f"{where}: unknown key `{key}`{hint}")

    def strings(key: str, value: Any) -> tuple[str, ...]:
        if isinstance(value, str) or not isinstance(value, list):
            raise ConfigError(f"{where}: `{key}` must be {KEYS.get(key, 'a list of strings')}, not {_kind(value)}")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise ConfigError(f"{where}: `{key}[{i}]` must be a non-empty string, not {_kind(item)}")
        return tuple(item.strip() for item in value)

    def table(key: str) -> dict[str, Any]:
        value = section.get(key, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: `{key}` must be {KEYS[key]}, not {_kind(value)}")
        return value

    def globs(key: str, patterns: Any) -> tuple[str, ...]:
        found = tuple(patterns)
        if len(found) > MAX_GLOBS:
            raise ConfigError(f"{where}: `{key}` may hold at most {MAX_GLOBS} globs, not {len(found)}")
        for i, pattern in enumerate(found):
            problem = check_glob(pattern)
            if problem is not None:
                name = f"{key}[{i}]" if key == "exclude" else f"{key}.{_q(pattern[:80])}"
                raise ConfigError(f"{where}: `{name}`: {problem}")
        return found

    select = strings("select", section["select"]) if "select" in section else None
    globs("per-file-ignores", table("per-file-ignores"))
    globs("ignore-json-paths", table("ignore-json-paths"))
    per_file = tuple((glob, strings(f"per-file-ignores.{_q(glob)}", v)) for glob, v in table("per-file-ignores").items())
    severity = []
    for selector, level in table("severity").items():
        if level not in SEVERITY_LEVELS:
            raise ConfigError(
                f'{where}: `severity.{_q(selector)}` must be "error", "warning" or "info", not {_show(level)}'
            )
        severity.append((selector, level))
    json_ignores = []
    for glob, entries in table("ignore-json-paths").items():
        key = f"ignore-json-paths.{_q(glob)}"
        if not isinstance(entries, list):
            raise ConfigError(f"{where}: `{key}` must be a list of JSON paths, not {_kind(entries)}")
        parsed = []
        for i, entry in enumerate(entries):
            parsed.append(_json_ignore(entry, f"{where}: `{key}[{i}]`"))
        json_ignores.append((glob, tuple(parsed)))
    respect_gitignore = section.get("respect-gitignore", True)
    if not isinstance(respect_gitignore, bool):
        raise ConfigError(f"{where}: `respect-gitignore` must be {KEYS['respect-gitignore']}, not {_kind(respect_gitignore)}")
    return Config(
        path=path,
        respect_gitignore=respect_gitignore,
        root=path.parent,
        select=select,
        extend_select=strings("extend-select", section.get("extend-select", [])),
        ignore=strings("ignore", section.get("ignore", [])),
        per_file_ignores=per_file,
        severity=tuple(severity),
        exclude=globs("exclude", strings("exclude", section.get("exclude", []))),
        rule_packs=tuple(str((path.parent / p).resolve()) for p in strings("rule-packs", section.get("rule-packs", []))),
        ignore_json_paths=tuple(json_ignores),
    )


def _json_ignore(entry: Any, where: str) -> JsonPathIgnore:
    """``"a.b[0]"`` (every rule) or ``{ path = "a.b[0]", rules = ["FLX302"] }``."""
    rules: tuple[str, ...] = ()
    if isinstance(entry, dict):
        unknown = set(entry) - {"path", "rules"}
        if unknown or "path" not in entry:
            raise ConfigError(f"{where} must be a JSON path or {{ path = \"...\", rules = [...] }}")
        raw_rules = entry.get("rules", [])
        if not isinstance(raw_rules, list) or not all(isinstance(r, str) for r in raw_rules):
            raise ConfigError(f"{where}.rules must be a list of rule codes or names")
        rules = tuple(raw_rules)
        entry = entry["path"]
    if not isinstance(entry, str):
        raise ConfigError(f"{where} must be a JSON path string, not {_kind(entry)}")
    try:
        pattern = parse_json_path(entry)
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    return JsonPathIgnore(pattern, rules, entry)


def _q(key: str) -> str:
    return f'"{key}"' if not key.replace("-", "").replace("_", "").isalnum() else key


def _kind(value: Any) -> str:
    return {str: "a string", int: "a number", float: "a number", bool: "a boolean", dict: "a table", list: "a list"}.get(
        type(value), type(value).__name__
    ) + (f" ({_show(value)})" if isinstance(value, (str, int, float, bool)) else "")


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)
