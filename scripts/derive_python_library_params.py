"""Derive the parameter names Python LLM libraries accept, from their own sources.

Usage::

    mkdir -p /tmp/wheels && cd /tmp/wheels
    pip download --no-deps langchain-openai==1.7.4 langchain-core==1.8.4 langchain==1.5.2 \\
        litellm==1.110.2 pydantic-ai-slim==2.68.0
    for w in *.whl; do n=$(echo "$w" | sed -E 's/-(py3|cp3).*//'); mkdir -p "x/$n" && unzip -qo "$w" -d "x/$n"; done
    python scripts/derive_python_library_params.py /tmp/wheels/x > schemas/python/libraries.json

Only names and a few constants are read (with the stdlib ``ast``, nothing is
imported or copied): class fields and their aliases, function signatures,
TypedDict keys, and the client defaults that decide whether a slow request
is cut off (timeouts, where an environment variable can change them). Each
default is found where the library sets it and the code path that applies
it is checked to still be the one described, so a release that changes it
stops the script instead of recording a wrong fact. The version of every
package read is recorded next to what was read from it.
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


def _constant(tree: ast.Module, name: str) -> object:
    """The literal a module-level ``NAME = ...`` / ``NAME: T = ...`` binds."""
    for stmt in tree.body:
        target = stmt.target if isinstance(stmt, ast.AnnAssign) else (stmt.targets[0] if isinstance(stmt, ast.Assign) else None)
        if isinstance(target, ast.Name) and target.id == name:
            return ast.literal_eval(stmt.value)  # type: ignore[arg-type]
    raise SystemExit(f"no constant {name}")


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"the source no longer shows: {what}")


def _keyword_default(fn: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> ast.expr | None:
    a = fn.args
    for arg, default in zip(a.kwonlyargs, a.kw_defaults):
        if arg.arg == name:
            return default
    positional = a.posonlyargs + a.args
    for arg, default in zip(positional[len(positional) - len(a.defaults):], a.defaults):
        if arg.arg == name:
            return default
    return None


def _field_default(cls: ast.ClassDef, name: str) -> object:
    """The ``default=`` of a pydantic ``Field(...)`` (or a plain default) of a class attribute."""
    for stmt in cls.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == name:
            value = stmt.value
            if isinstance(value, ast.Call):
                for kw in value.keywords:
                    if kw.arg == "default":
                        return ast.literal_eval(kw.value)
                raise SystemExit(f"{cls.name}.{name} has no default")
            return ast.literal_eval(value)  # type: ignore[arg-type]
    raise SystemExit(f"no field {cls.name}.{name}")


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
            "defaults": langchain_defaults(classes),
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


def langchain_defaults(classes: dict[str, ast.ClassDef]) -> dict:
    """ChatOpenAI passes its ``request_timeout`` (alias ``timeout``) to the OpenAI client as ``timeout``."""
    timeout = _field_default(classes["BaseChatOpenAI"], "request_timeout")
    retries = _field_default(classes["BaseChatOpenAI"], "max_retries")
    passed = [
        d for n in ast.walk(classes["BaseChatOpenAI"]) if isinstance(n, ast.Dict)
        for k, d in zip(n.keys, n.values)
        if isinstance(k, ast.Constant) and k.value == "timeout" and ast.unparse(d) == "self.request_timeout"
    ]
    _require(bool(passed), 'client_params = {"timeout": self.request_timeout, ...} in BaseChatOpenAI')
    return {
        "source": "langchain_openai/chat_models/base.py: BaseChatOpenAI.request_timeout and max_retries defaults, "
        "passed to openai.OpenAI(timeout=...) as they are (None: no timeout)",
        "timeout": timeout,  # None is given to the SDK explicitly: no limit at all
        "max_retries": retries,  # None: not passed, the SDK's own default applies
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
            "defaults": litellm_defaults(pkg),
        }
    }


def litellm_defaults(pkg: Path) -> dict:
    """``completion()`` falls back to 600 s; ``responses()`` to ``constants.request_timeout``; both read REQUEST_TIMEOUT."""
    constants = _tree(pkg, "litellm/constants.py")
    completion = _constant(constants, "COMPLETION_HTTP_FALLBACK_SECONDS")
    long_default = _constant(constants, "DEFAULT_REQUEST_TIMEOUT_SECONDS")
    env = [
        stmt.value.args[0].value for stmt in constants.body  # type: ignore[union-attr]
        if isinstance(stmt, ast.AnnAssign) and getattr(stmt.target, "id", "") == "_request_timeout_from_env"
        and isinstance(stmt.value, ast.Call) and stmt.value.args and isinstance(stmt.value.args[0], ast.Constant)
    ]
    _require(env == ["REQUEST_TIMEOUT"], '_request_timeout_from_env = get_env_float_or_none("REQUEST_TIMEOUT")')
    _require("DEFAULT_REQUEST_TIMEOUT_SECONDS if _request_timeout_from_env is None" in ast.unparse(constants),
             "request_timeout is DEFAULT_REQUEST_TIMEOUT_SECONDS unless REQUEST_TIMEOUT is set")
    resolver = (pkg / "litellm/litellm_core_utils/completion_timeout.py").read_text(encoding="utf-8")
    _require("return COMPLETION_HTTP_FALLBACK_SECONDS" in resolver, "CompletionTimeout falls back to COMPLETION_HTTP_FALLBACK_SECONDS")
    responses = ast.unparse(_tree(pkg, "litellm/responses/main.py"))
    _require("from litellm.constants import DEFAULT_CHAT_COMPLETION_PARAM_VALUES, request_timeout" in responses,
             "responses/main.py imports request_timeout from litellm.constants")
    return {
        "source": "litellm/constants.py (COMPLETION_HTTP_FALLBACK_SECONDS, DEFAULT_REQUEST_TIMEOUT_SECONDS, "
        "REQUEST_TIMEOUT), litellm_core_utils/completion_timeout.py, responses/main.py",
        "environment": env[0],  # when set, it replaces both defaults
        # completion()/acompletion(): also replaced by `litellm.request_timeout = N` in code
        "completion_timeout": completion,
        # responses()/aresponses(): reads litellm.constants.request_timeout, bound when litellm is imported,
        # so only the environment variable changes it (not `litellm.request_timeout = N`)
        "responses_timeout": long_default,
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
            "defaults": pydantic_ai_defaults(pkg),
        }
    }


def pydantic_ai_defaults(pkg: Path) -> dict:
    """``OpenAIProvider()`` without an ``http_client`` builds ``create_async_httpx2_client()``: DEFAULT_HTTP_TIMEOUT."""
    http = _tree(pkg, "pydantic_ai/_http.py")
    timeout = _constant(http, "DEFAULT_HTTP_TIMEOUT")
    factory = _function(http, "create_async_httpx2_client")
    _require("DEFAULT_HTTP_TIMEOUT" in ast.unparse(_keyword_default(factory, "timeout")), "create_async_httpx2_client(timeout=...DEFAULT_HTTP_TIMEOUT...)")
    legacy = _function(_tree(pkg, "pydantic_ai/models/__init__.py"), "create_async_http_client")
    _require(ast.unparse(_keyword_default(legacy, "timeout")) == "DEFAULT_HTTP_TIMEOUT", "create_async_http_client(timeout=DEFAULT_HTTP_TIMEOUT)")
    compatible = ast.unparse(_tree(pkg, "pydantic_ai/providers/_openai_compatible.py"))
    _require("http_client = create_async_httpx2_client()" in compatible, "the provider builds create_async_httpx2_client() when given no http_client")
    _require("AsyncOpenAI(base_url=base_url, api_key=api_key, http_client=http_client" in compatible,
             "the provider passes no timeout to AsyncOpenAI")
    return {
        "source": "pydantic_ai/_http.py (DEFAULT_HTTP_TIMEOUT, create_async_httpx2_client), "
        "pydantic_ai/models/__init__.py (create_async_http_client), providers/_openai_compatible.py",
        "provider_timeout": timeout,  # OpenAIProvider() with no http_client and no openai_client
        # factories people build an http_client with: their timeout= default
        "http_clients": {
            "pydantic_ai.models.create_async_http_client": timeout,
            "pydantic_ai.models.create_async_httpx2_client": timeout,
        },
    }


def main(argv: list[str]) -> None:
    root = Path(argv[1] if len(argv) > 1 else "/tmp/wheels/x")
    data = {"note": "generated by scripts/derive_python_library_params.py; names and client defaults"}
    for part in (langchain, litellm, pydantic_ai):
        data.update(part(root))
    sys.stdout.write(json.dumps(data, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv)
