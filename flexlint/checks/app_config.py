"""``app-config-invalid``: what an app itself refuses when it loads its configuration file.

The dialect that recognised the document describes the app's validation in
its reading (``Reading.config``: JSON Schemas per config version, the
version the file declares, the app's own wording). This kind validates
the document with every schema that judges it, keeps the problems all of
them agree on, and reports each at the key or value it concerns.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator

from ..knowledge.app_schema import AppConfigSpec, LegacyKeys, known_keys
from ..core.diagnostics import Finding
from ..core.document import Document, Node
from ..core.site import Reading
from ..knowledge.data import load_json
from . import Ask
from .schema_errors import dotted, extra_keys, leaves
from ..core.records import record

SLUG = "app-config-invalid"


@record
class SchemaIssue:
    """One problem as the app's validator sees it, placed on a node."""

    kind: str  # unknown-key | required | value
    path: tuple
    node: Node
    key: str | None = None
    error: Any = None  # the jsonschema error
    known: frozenset[str] = frozenset()  # keys the object defines (unknown-key, required)
    legacy: LegacyKeys | None = None  # where a key that used to be accepted went
    text: str = ""  # the value as written in the file

    @property
    def where(self) -> str:
        return dotted(self.path) or "the top level"


@lru_cache(maxsize=None)
def _validator(schema_file: str):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_json(schema_file))


def _issues(error, root: Node, document: Document, schema: dict[str, Any], spec: AppConfigSpec) -> Iterator[tuple[tuple, SchemaIssue]]:
    path = tuple(error.absolute_path)
    node = root.find(path)
    if node is None:
        return
    if error.validator == "additionalProperties":
        known = known_keys(schema, path) or frozenset()
        for key in extra_keys(error):
            child = node.get(key)
            if child is None:
                continue
            yield (path, key), SchemaIssue(
                "unknown-key", path, child.anchor, key, error, known, spec.legacy_entry(path, key)
            )
        return
    if error.validator == "required":
        known = known_keys(schema, path) or frozenset()
        for key in error.validator_value:
            if isinstance(error.instance, dict) and key not in error.instance:
                yield (path + (key,), None), SchemaIssue("required", path + (key,), node.anchor, key, error, known)
        return
    text = document.text[node.start : node.end] if document.text else ""
    yield (path, None), SchemaIssue("value", path, node, None, error, text=text)


def check_document(document: Document, reading: Reading, ask: Ask) -> Iterator[Finding]:
    if not ask.on(SLUG) or document.root is None:
        return
    spec: AppConfigSpec | None = reading.config
    if spec is None or spec.describe is None:
        return
    data = document.root.plain()
    found: list[dict[tuple, SchemaIssue]] = []
    for app_schema in spec.relevant():
        schema = app_schema.load()
        issues: dict[tuple, SchemaIssue] = {}
        for top in _validator(app_schema.file).iter_errors(data):
            for error in leaves(top):
                for ident, issue in _issues(error, document.root, document, schema, spec):
                    issues.setdefault(ident, issue)
        found.append(issues)
    if not found:
        return
    newest = found[-1]
    agreed = [ident for ident in newest if all(ident in issues for issues in found)]
    for ident in sorted(agreed, key=lambda i: (newest[i].node.start, str(i))):
        issue = newest[ident]
        if issue.kind == "unknown-key" and issue.key is not None and spec.legacy_allows(issue.path, issue.key):
            continue
        message, fix = spec.describe(issue)
        yield Finding(SLUG, message, issue.node, fix=fix)
