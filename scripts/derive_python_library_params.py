"""Derive the parameter names Python LLM libraries accept, from their own sources.

Usage::

    mkdir -p /tmp/wheels && cd /tmp/wheels
    pip download --no-deps langchain-openai==1.7.4 langchain-core==1.8.4 langchain==1.5.2 \\
        litellm==1.110.2 pydantic-ai-slim==2.68.0
    for w in *.whl; do mkdir -p "x/${w%%-py3*}" && unzip -qo "$w" -d "x/${w%%-py3*}"; done
    python scripts/derive_python_library_params.py /tmp/wheels/x > schemas/python/libraries.json

Only names are read (with the stdlib ``ast``, nothing is imported or copied):
class fields and their aliases, function signatures, TypedDict keys. The
version of every package read is recorded next to its names.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path
from typing import Iterator


def _tree(root: Path, rel: str) -> ast.Module:
    return ast.parse((root / rel).read_text(encoding="utf-8"))


def _classes(tree: ast.Module) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}


def _fields(cls: ast.ClassDef) -> Iterator[tuple[str, str | None]]:
    """Annotated class attributes (pydantic fields / TypedDict keys) and their ``alias=``."""
    for stmt in cls.body:
        if not isinstance(stmt, ast.AnnAssign) or not isinstance(stmt.target, ast.Name):
            continue
        name = stmt.target.id
        if name.startswith("_") or name == "model_config":
            continue
        alias = None
        if isinstance(stmt.value, ast.Call):
            for kw in stmt.value.keywords:
                if kw.arg == "alias" and isinstance(kw.value, ast.Constant):
                    alias = kw.value.value
        ann = ast.unparse(stmt.annotation)
        if ann.startswith("ClassVar"):
            continue
        yield name, alias


def _signature(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    a = fn.args
    return [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs if x.arg not in ("self", "cls")]


def _function(tree: ast.Module, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef:
    found = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name]
    return found[-1]  # the implementation follows its @overload stubs


def _version(root: Path, package_dir: str) -> str:
    return package_dir.rsplit("-", 1)[1]


def _find(root: Path, prefix: str) -> Path:
    matches = sorted(p for p in root.iterdir() if p.name.startswith(prefix + "-"))
    if not matches:
        raise SystemExit(f"no unpacked {prefix} wheel under {root}")
    return matches[-1]


def langchain(root: Path) -> dict:
    lc_openai = _find(root, "langchain_openai")
    core = _find(root, "langchain_core")
    lc = _find(root, "langchain")
    base = _tree(lc_openai, "langchain_openai/chat_models/base.py")
    classes = _classes(base)
    fields: dict[str, str | None] = {}
    for cls in ("BaseChatOpenAI", "ChatOpenAI"):
        fields.update(dict(_fields(classes[cls])))
    inherited: dict[str, str | None] = {}
    for rel, cls in (
        ("langchain_core/language_models/base.py", "BaseLanguageModel"),
        ("langchain_core/language_models/chat_models.py", "BaseChatModel"),
    ):
        inherited.update(dict(_fields(_classes(_tree(core, rel))[cls])))
    init = _function(_tree(lc, "langchain/chat_models/base.py"), "init_chat_model")
    azure = dict(_fields(_classes(_tree(lc_openai, "langchain_openai/chat_models/azure.py"))["AzureChatOpenAI"]))
    return {
        "langchain-openai": {
            "version": _version(root, lc_openai.name),
            "source": "langchain_openai/chat_models/base.py: fields of BaseChatOpenAI and ChatOpenAI",
            "fields": dict(sorted(fields.items())),
        },
        "langchain-openai-azure": {
            "version": _version(root, lc_openai.name),
            "source": "langchain_openai/chat_models/azure.py: fields AzureChatOpenAI adds or redefines",
            "fields": dict(sorted(azure.items())),
        },
        "langchain-core": {
            "version": _version(root, core.name),
            "source": "langchain_core/language_models: fields of BaseLanguageModel and BaseChatModel",
            "fields": dict(sorted(inherited.items())),
        },
        "langchain": {
            "version": _version(root, lc.name),
            "source": "langchain/chat_models/base.py: init_chat_model signature (other keywords go to the chat model)",
            "init_chat_model": _signature(init),
        },
    }


def _wire_name(meta: ast.expr | None, default: str, consts: dict[str, str]) -> str:
    """``field(metadata=wire("x"))`` renames the keyword; a constant may name it."""
    if isinstance(meta, ast.Call) and getattr(meta.func, "id", None) == "wire" and meta.args:
        arg = meta.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value
        if isinstance(arg, ast.Name) and arg.id in consts:
            return consts[arg.id]
    return default


def _dataclass_fields(cls: ast.ClassDef, consts: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    """(field name, keyword name, annotation) of a dataclass."""
    for stmt in cls.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            meta = None
            if isinstance(stmt.value, ast.Call):
                meta = next((k.value for k in stmt.value.keywords if k.arg == "metadata"), None)
            yield stmt.target.id, _wire_name(meta, stmt.target.id, consts), ast.unparse(stmt.annotation)


def _string_constants(*trees: ast.Module) -> dict[str, str]:
    out = {}
    for tree in trees:
        for stmt in tree.body:
            target = stmt.target if isinstance(stmt, ast.AnnAssign) else (stmt.targets[0] if isinstance(stmt, ast.Assign) else None)
            value = getattr(stmt, "value", None)
            if isinstance(target, ast.Name) and isinstance(value, ast.Constant) and isinstance(value.value, str):
                out[target.id] = value.value
    return out


def litellm(root: Path) -> dict:
    pkg = _find(root, "litellm")
    main = _tree(pkg, "litellm/main.py")
    responses = _tree(pkg, "litellm/responses/main.py")
    params = _tree(pkg, "litellm/types/litellm_params.py")
    consts = _string_constants(params, *(
        _tree(pkg, str(p.relative_to(pkg))) for p in (pkg / "litellm").glob("constants.py")
    ))
    classes = _classes(params)
    # LITELLM_OWNED_ROOTS: dataclasses whose fields are dataclasses whose fields are keyword names.
    roots_stmt = next(
        s for s in params.body
        if isinstance(s, (ast.Assign, ast.AnnAssign))
        and getattr(s.targets[0] if isinstance(s, ast.Assign) else s.target, "id", "") == "LITELLM_OWNED_ROOTS"
    )
    owned: set[str] = set()
    for root_name in (e.id for e in roots_stmt.value.elts):  # type: ignore[union-attr]
        for _, _, leaf_type in _dataclass_fields(classes[root_name], consts):
            leaf = classes.get(leaf_type.strip("'\""))
            if leaf is None:
                continue
            owned.update(wire for _, wire, _ in _dataclass_fields(leaf, consts))
    utils = _tree(pkg, "litellm/types/utils.py")
    for name, cls in _classes(utils).items():
        if name == "StandardCallbackDynamicParams":
            owned.update(n for n, _ in _fields(cls))
    for name, cls in _classes(utils).items():
        if name == "CustomPricingLiteLLMParams":
            owned.update(n for n, _ in _fields(cls))
    return {
        "litellm": {
            "version": _version(root, pkg.name),
            "source": "litellm/main.py (completion, acompletion), litellm/responses/main.py (responses), "
            "litellm/types/litellm_params.py and types/utils.py (keywords LiteLLM keeps for itself)",
            "completion": _signature(_function(main, "completion")),
            "acompletion": _signature(_function(main, "acompletion")),
            "responses": _signature(_function(responses, "responses")),
            "aresponses": _signature(_function(responses, "aresponses")),
            "owned_kwargs": sorted(owned),
        }
    }


def pydantic_ai(root: Path) -> dict:
    pkg = _find(root, "pydantic_ai_slim")
    settings = _classes(_tree(pkg, "pydantic_ai/settings.py"))
    openai = _classes(_tree(pkg, "pydantic_ai/models/openai/_settings.py"))
    base = [n for n, _ in _fields(settings["ModelSettings"])]
    chat = [n for n, _ in _fields(openai["OpenAIChatModelSettings"])]
    responses = chat + [n for n, _ in _fields(openai["OpenAIResponsesModelSettings"])]
    return {
        "pydantic-ai-slim": {
            "version": _version(root, pkg.name),
            "source": "pydantic_ai/settings.py (ModelSettings), pydantic_ai/models/openai/_settings.py "
            "(OpenAIChatModelSettings, OpenAIResponsesModelSettings)",
            "ModelSettings": sorted(base),
            "OpenAIChatModelSettings": sorted(set(base + chat)),
            "OpenAIResponsesModelSettings": sorted(set(base + responses)),
        }
    }


def main(argv: list[str]) -> None:
    root = Path(argv[1] if len(argv) > 1 else "/tmp/wheels/x")
    data = {"note": "generated by scripts/derive_python_library_params.py; names only"}
    for part in (langchain, litellm, pydantic_ai):
        data.update(part(root))
    sys.stdout.write(json.dumps(data, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv)
