"""Sources: bytes in, positioned documents out.

The file kind comes from the name (``.json``/``.jsonc``/``.yaml``/``.yml``,
``.py``, ``.ipynb``) and, for other names, from the first meaningful
character. Parsers are imported only for the kinds a run meets.
"""

from __future__ import annotations

from pathlib import PurePath

from ..document import Document, SourceError

JSON_SUFFIXES = frozenset({".json", ".jsonc", ".har"})
YAML_SUFFIXES = frozenset({".yaml", ".yml"})
# Kinds read by a module of their own: suffix -> (kind, "module:function").
LOADERS = {
    ".py": ("python", "python_source:load_python"),
    ".pyi": ("python", "python_source:load_python"),
    ".ipynb": ("notebook", "python_source:load_notebook"),
}
KIND_LOADERS = {kind: loader for kind, loader in LOADERS.values()}
SUFFIXES = JSON_SUFFIXES | YAML_SUFFIXES | frozenset(LOADERS)


def kind_of(path: str, data: bytes) -> str | None:
    suffix = PurePath(path).suffix.lower()
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in YAML_SUFFIXES:
        return "yaml"
    if suffix in LOADERS:
        return LOADERS[suffix][0]
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return "json"
    return None


def load(path: str, data: bytes, kind: str | None = None) -> list[Document]:
    """Parse ``data`` as ``kind`` (guessed from the path if None); raises SourceError."""
    from .text import decode

    kind = kind or kind_of(path, data) or "json"
    text = decode(data)
    try:
        if kind in KIND_LOADERS:
            return _load_with(KIND_LOADERS[kind], path, data, text)
        return _parse(path, text, kind)
    except SourceError as error:
        if error.text is None:
            error.text = text
        raise


def _load_with(loader: str, path: str, data: bytes, text: str) -> list[Document]:
    import importlib

    module, _, function = loader.partition(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)(path, data, text)


def _parse(path: str, text: str, kind: str) -> list[Document]:
    if kind == "yaml":
        from .yaml_source import parse_yaml

        return [
            Document(path, text, root, "yaml", dups, index=i)
            for i, (root, dups) in enumerate(parse_yaml(text))
        ] or [Document(path, text, None, "yaml")]
    from .jsonc import parse_json

    root, dups = parse_json(text)
    return [Document(path, text, root, "json", dups)]
