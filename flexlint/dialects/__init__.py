"""The registry: every dialect flexlint knows, in one list.

Each entry says, without importing the dialect, what a reader needs first:
which document kinds it reads, the byte strings a file must contain for it
to matter (the prefilter runs on every file of a repository), which app
files it reads itself (zip member names, database tables, the first bytes
of an app's own JSON format) and where its code lives. The dialect itself is
imported only when a document may be its own: ``load`` is a plain function,
so an editor and a reader can follow it to the code.

Adding an app means adding its folder under ``dialects/`` and one entry
here (``tests/dialects/test_registry.py`` checks that nothing outside the
folder names the app).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable

from ..core.document import Document
from ..core.regex import lazy
from ..core.records import record

if TYPE_CHECKING:
    from .base import Dialect, Library, StorageReader


@record(frozen=True)
class Storage:
    """App files a dialect reads itself, and how to recognise them cheaply."""

    load: Callable[[], "StorageReader"]
    archive_members: re.Pattern[str] | None = None  # a zip with a member named like this is the app's
    database_tables: frozenset[str] = frozenset()  # a SQLite database with all these tables is the app's
    json_head: re.Pattern[bytes] | None = None  # the first bytes of the app's own JSON format
    json_needle: bytes = b""  # ... and a string it always contains
    # In the first bytes of a file it claims, one of these says the reader parses only a small part
    # of it (no size limit applies).
    partial_needles: tuple[bytes, ...] = ()

    def claims_archive(self, names: Iterable[str]) -> bool:
        return self.archive_members is not None and any(self.archive_members.match(n) for n in names)

    def claims_database(self, tables: Iterable[str]) -> bool:
        return bool(self.database_tables) and self.database_tables <= set(tables)

    def json_head_matches(self, head: bytes) -> bool:
        """Whether a file starting with ``head`` may be the app's own JSON format."""
        return self.json_head is not None and bool(self.json_head.match(head[:256]))

    def claims_json(self, data: bytes) -> bool:
        return self.json_head_matches(data) and data.find(self.json_needle) != -1

    def reads_partially(self, head: bytes) -> bool:
        return self.json_head_matches(head) and any(needle in head for needle in self.partial_needles)


@record(frozen=True)
class Entry:
    """One dialect, as the registry knows it before importing it."""

    name: str
    label: str  # what it reads, in the words of `flexlint --help`
    kinds: frozenset[str]  # document kinds it reads
    needles: tuple[bytes, ...]  # a file found in a directory walk is read only if one occurs in it
    load: Callable[[], "Dialect"]
    home: tuple[str, ...]  # its folders under flexlint/dialects/
    words: tuple[str, ...] = ()  # how code names the app: nothing outside `home` may say these
    uses: tuple[str, ...] = ()  # dialects whose knowledge it builds on (it may name them)
    storage: Storage | None = None


@record(frozen=True)
class LibraryEntry:
    """A library whose calls make requests (read by the ``python`` or the ``javascript`` dialect)."""

    name: str
    label: str
    needles: tuple[bytes, ...]
    load: Callable[[], "Library"]
    home: tuple[str, ...]
    words: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()


# ---------------------------------------------------------------- loaders


def _openai_http() -> Dialect:
    from .openai_http import DIALECT

    return DIALECT


def _ai_sdk() -> Dialect:
    from .ai_sdk import DIALECT

    return DIALECT


def _librechat() -> Dialect:
    from .librechat import DIALECT

    return DIALECT


def _litellm() -> Dialect:
    from .litellm import DIALECT

    return DIALECT


def _cherry_studio() -> Dialect:
    from .cherry_studio import DIALECT

    return DIALECT


def _cherry_studio_storage() -> StorageReader:
    from .cherry_studio.storage import READER

    return READER


def _openai_batch() -> Dialect:
    from .openai_batch import DIALECT

    return DIALECT


def _codex() -> Dialect:
    from .codex import DIALECT

    return DIALECT


def _opencode() -> Dialect:
    from .opencode import DIALECT

    return DIALECT


def _aider() -> Dialect:
    from .aider import DIALECT

    return DIALECT


def _promptfoo() -> Dialect:
    from .promptfoo import DIALECT

    return DIALECT


def _python() -> Dialect:
    from .python.host import python_dialect

    return python_dialect(tuple(lib.load() for lib in PYTHON_LIBRARIES))


def _openai_python() -> Library:
    from .openai_sdk.python import LIBRARY

    return LIBRARY


def _langchain_python() -> Library:
    from .langchain.python import LIBRARY

    return LIBRARY


def _litellm_python() -> Library:
    from .litellm.python import LIBRARY

    return LIBRARY


def _pydantic_ai_python() -> Library:
    from .pydantic_ai.python import LIBRARY

    return LIBRARY


def _javascript() -> Dialect:
    from .javascript.host import script_dialect

    return script_dialect(tuple(lib.load() for lib in SCRIPT_LIBRARIES))


def _ai_sdk_javascript() -> Library:
    from .ai_sdk.javascript import LIBRARY

    return LIBRARY


def _openai_javascript() -> Library:
    from .openai_sdk.javascript import LIBRARY

    return LIBRARY


def _langchain_javascript() -> Library:
    from .langchain.javascript import LIBRARY

    return LIBRARY


# ---------------------------------------------------------------- the lists

PYTHON_LIBRARIES: tuple[LibraryEntry, ...] = (
    LibraryEntry("openai-python", "the OpenAI Python SDK", (b"openai", b"OpenAI"), _openai_python, ("openai_sdk",)),
    LibraryEntry("langchain", "LangChain", (b"init_chat_model",), _langchain_python, ("langchain",),
                 words=("langchain", "ChatOpenAI")),
    LibraryEntry("litellm-python", "LiteLLM", (b"litellm",), _litellm_python, ("litellm",), words=("litellm",)),
    LibraryEntry("pydantic-ai", "pydantic-ai", (b"pydantic_ai",), _pydantic_ai_python, ("pydantic_ai",),
                 words=("pydantic",)),
)

# JavaScript and TypeScript: the needles are the module specifiers a finder starts from (a
# request is found only through an import of these packages) and the AI SDK's option name.
SCRIPT_LIBRARIES: tuple[LibraryEntry, ...] = (
    LibraryEntry("ai-sdk-js", "the Vercel AI SDK (generateText, streamText, agents)",
                 (b"@ai-sdk/openai", b"@ai-sdk/azure", b"providerOptions"),
                 _ai_sdk_javascript, ("ai_sdk",)),  # its words are the ai-sdk entry's (same folder)
    LibraryEntry("openai-node", "the openai package", (b'"openai"', b"'openai'", b'"openai/', b"'openai/"),
                 _openai_javascript, ("openai_sdk",)),
    LibraryEntry("langchain-js", "LangChain.js", (b"@langchain/openai",), _langchain_javascript, ("langchain",),
                 words=("langchain", "ChatOpenAI")),
)

_CHERRY_HEAD = lazy(rb'^(?:\xef\xbb\xbf)?\s*\{\s*"(?:time|version|localStorage|indexedDB)"\s*:')

DIALECTS: tuple[Entry, ...] = (
    Entry("openai-http", "OpenAI request bodies (Responses, Chat Completions)", frozenset({"json", "yaml"}),
          (b'"model"', b"model:", b'"messages"', b'"input"', b"service_tier", b"serviceTier"),
          _openai_http, ("openai_http",)),
    Entry("ai-sdk", "the options an app passes to the Vercel AI SDK", frozenset({"json", "yaml"}),
          (b"providerOptions", b"providerMetadata", b"maxRetries", b"maxOutputTokens"),
          _ai_sdk, ("ai_sdk",), words=("ai sdk", "ai-sdk", "ai_sdk")),
    Entry("librechat", "LibreChat configuration (librechat.yaml)", frozenset({"yaml", "json"}),
          (b"endpoints", b"modelSpecs"), _librechat, ("librechat",), words=("librechat",)),
    Entry("litellm", "LiteLLM proxy configuration", frozenset({"yaml", "json"}),
          (b"model_list", b"litellm_params", b"litellm_settings"), _litellm, ("litellm",), words=("litellm",)),
    Entry("cherry-studio", "Cherry Studio backups (data.json, the backup zips of every format, the v2 database)",
          frozenset({"cherry-studio"}), (b"persist:cherry-studio",), _cherry_studio, ("cherry_studio",),
          words=("cherry",), uses=("ai-sdk",),
          storage=Storage(
              _cherry_studio_storage,
              # data.json (format 5), Chromium's localStorage (format 6), the v2 database (format 7).
              archive_members=re.compile(
                  r"^(?:data\.json|metadata\.json|Data/cherrystudio\.sqlite|Local Storage/leveldb/\d+\.(?:log|ldb|sst))$"),
              database_tables=frozenset({"user_provider", "assistant"}),
              json_head=_CHERRY_HEAD,
              json_needle=b'"persist:cherry-studio"',
              # Chat history (indexedDB) is skipped, never built, whichever key comes first.
              partial_needles=(b'"localStorage"', b'"indexedDB"'),
          )),
    Entry("openai-batch", "OpenAI Batch API input files (.jsonl)", frozenset({"jsonl"}),
          (b'"custom_id"', b'"body"'), _openai_batch, ("openai_batch",), uses=("openai-http",)),
    Entry("codex", "Codex configuration (~/.codex/config.toml, .codex/config.toml)", frozenset({"toml"}),
          (b"model", b"service_tier", b"approval_policy", b"sandbox_mode"), _codex, ("codex",),
          words=("codex cli", "codex's", "codex config")),
    Entry("opencode", "opencode configuration (opencode.json, opencode.jsonc)", frozenset({"json"}),
          (b"opencode", b'"provider"', b'"agent"'), _opencode, ("opencode",), words=("opencode",),
          uses=("ai-sdk",)),
    Entry("aider", "Aider model settings and configuration (.aider.model.settings.yml, .aider.conf.yml)",
          frozenset({"yaml"}), (b"extra_params", b"edit_format", b"use_temperature", b"weak-model", b"model:"),
          _aider, ("aider",), words=("aider",), uses=("litellm", "litellm-python")),
    Entry("promptfoo", "promptfoo configuration (promptfooconfig.yaml)", frozenset({"yaml", "json"}),
          (b"providers",), _promptfoo, ("promptfoo",), words=("promptfoo",)),
    Entry("python", "Python code and notebooks: "
          + ", ".join(lib.label for lib in PYTHON_LIBRARIES), frozenset({"python"}),
          tuple(n for lib in PYTHON_LIBRARIES for n in lib.needles) + (b"service_tier", b"serviceTier"),
          _python, ("python",)),
    Entry("javascript", "JavaScript and TypeScript code: "
          + ", ".join(lib.label for lib in SCRIPT_LIBRARIES), frozenset({"javascript"}),
          tuple(n for lib in SCRIPT_LIBRARIES for n in lib.needles), _javascript, ("javascript",)),
)


@lru_cache(maxsize=None)
def dialect(name: str) -> Dialect:
    """The dialect of an entry, imported once."""
    return next(e for e in DIALECTS if e.name == name).load()


def storages() -> list[tuple[Entry, Storage]]:
    return [(e, e.storage) for e in DIALECTS if e.storage is not None]


# The document kind each file kind becomes (a notebook is read as Python, an HTTP Archive's bodies as JSON).
DOCUMENT_KIND = {"notebook": "python", "har": "json"}


@lru_cache(maxsize=None)
def needles(file_kind: str) -> tuple[bytes, ...]:
    """Byte strings of which one must occur in a file of this kind for any dialect to read it.

    Plain substring tests (``bytes in``) rather than one regex: the prefilter
    runs on every file of a repository, and a regex alternation is several
    times slower than a handful of substring searches. A JSON file may also
    be an app's own format (a backup), so those apps' needles count too.
    """
    kind = DOCUMENT_KIND.get(file_kind, file_kind)
    found: list[bytes] = []
    for entry in DIALECTS:
        if kind in entry.kinds or (kind == "json" and entry.storage is not None and entry.storage.json_head is not None):
            found.extend(n for n in entry.needles if n not in found)
    if file_kind == "har":  # an archive holds each body as JSON text in a JSON string: its quotes are escaped
        found.extend(n.replace(b'"', b'\\"') for n in list(found) if b'"' in n)
    return tuple(found)


def may_matter(file_kind: str, data: bytes) -> bool:
    return any(needle in data for needle in needles(file_kind))


def choose(document: Document) -> Dialect | None:
    """The dialect that reads this document, or None when none recognises it."""
    best, best_score = None, 0
    for entry in DIALECTS:
        if document.kind not in entry.kinds:
            continue
        candidate = dialect(entry.name)
        score = candidate.score(document)
        if score > best_score:
            best, best_score = candidate, score
    return best


def describe() -> list[str]:
    """What flexlint reads, one line per dialect (for help texts)."""
    return [entry.label for entry in DIALECTS]


__all__ = ["DIALECTS", "PYTHON_LIBRARIES", "SCRIPT_LIBRARIES", "Entry", "LibraryEntry", "Storage", "choose", "dialect", "describe",
           "may_matter", "needles", "storages"]
