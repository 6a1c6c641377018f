"""The package's layers: data flows one way, and every import says so."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "flexlint"
# Lower layers first: a module may import its own layer and the layers before it, never one after.
LAYERS = ["core", "knowledge", "sources", "dialects", "checks", "config", "run", "report", "faces"]


def _module(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def _imports(path: Path):
    module, is_package = _module(path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            yield module, ".".join(base + ([node.module] if node.module else []))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("flexlint"):
            yield module, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("flexlint"):
                    yield module, alias.name


def test_imports_go_down_the_layers():
    upward = []
    for path in PACKAGE.rglob("*.py"):
        for module, target in _imports(path):
            a, b = _layer(module), _layer(target)
            if a and b and LAYERS.index(b) > LAYERS.index(a):
                upward.append(f"{module} imports {target}")
    assert not upward, "\n".join(sorted(upward))


def test_the_root_is_only_the_face():
    # flexlint.api re-exports the run layer; nothing else lives at the top.
    assert {p.name for p in PACKAGE.glob("*.py")} == {"__init__.py", "__main__.py", "api.py"}
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(LAYERS)
