"""``model-parameters``: the parameters and values a request sends must be ones its model accepts.

The API accepts a parameter or value for one model and refuses it for
another with HTTP 400: ``max_tokens`` on reasoning models, a reasoning
effort the model does not have, sampling values outside effort ``none``,
function tools with a reasoning effort on Chat Completions, a verbosity the
model does not offer. The facts are the catalog's ``parameters`` rows
(:class:`flexlint.knowledge.catalog.ParamRow`), each with its sources and
confidence; messages quote the error text the API answers.

Judged only where the facts hold: a request to OpenAI's own API (an Azure
deployment only for ``max_tokens``, the one rule Azure's own reports
confirm, and only when the file names the base model), a model the
catalog has a row for, values known when the file is read, a verdict the
research does not call unknown or low-confidence, and parameters the
layer sends as written (``Layer.adjusts`` lists those a library rewrites
per model itself). The **effective** effort counts: an omitted effort is
the model's default, and where the default itself is disputed an omitted
effort decides nothing.

Reads only ``site.effective`` (what goes on the wire, for the site's API,
or the body shared by both when the API cannot be told), ``site.model``
and ``site.target``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterator

from ..core.diagnostics import Finding, RelatedNode
from ..core.document import Node
from ..core.site import Effective, RequestSite
from ..knowledge.catalog import Catalog, ParamRow, catalog
from . import Ask
from ..core.regex import lazy
from ..core.records import record

if TYPE_CHECKING:
    from ..core.edits import Autofix

MAX_TOKENS = "max-tokens-unsupported"
VALUE = "model-value-unsupported"
PARAMETER = "model-parameter-unsupported"
TOOLS = "tools-with-reasoning-on-chat"
SAMPLING = "sampling-needs-effort-none"
OUTCOMES = (MAX_TOKENS, VALUE, PARAMETER, TOOLS, SAMPLING)

_PLACEHOLDER = lazy(r"\$\{|\{\{|%\(|^\$[A-Za-z_]")
# Sampling parameters: wire path per API, the catalog's name for them, and the default the API accepts.
_SAMPLING: tuple[tuple[str, tuple[str, ...], str, Any], ...] = (
    ("temperature", ("temperature",), "temperature", 1),
    ("top_p", ("top_p",), "top_p", 1),
    ("presence_penalty", ("presence_penalty",), "penalties", 0),
    ("frequency_penalty", ("frequency_penalty",), "penalties", 0),
    ("logprobs", ("logprobs",), "logprobs", False),
    ("top_logprobs", ("top_logprobs",), "logprobs", None),
)
_CHAT_ONLY = frozenset({"presence_penalty", "frequency_penalty", "logprobs"})
_TRUSTED = ("high", "medium")


@record(frozen=True)
class _Request:
    """One site as this check reads it: the model's row and the wire values, for one API (or both)."""

    site: RequestSite
    cat: Catalog
    row: ParamRow
    model: str  # as OpenAI receives it (no route prefix, no variant suffix)
    undated: str
    api: str  # "chat", "responses" or "either"
    effective: dict[tuple[str, ...], Effective]

    def get(self, *path: str) -> Effective | None:
        """The wire value at ``path``, also inside an object sent whole (``reasoning: {effort: …}``)."""
        eff = self.effective.get(tuple(path))
        if eff is None:
            for cut in range(len(path) - 1, 0, -1):
                outer = self.effective.get(tuple(path[:cut]))
                if outer is None:
                    continue
                value: Any = outer.value
                for part in path[cut:]:
                    value = value.get(part) if isinstance(value, dict) else None
                if value is None:
                    return None
                node = outer.node.find(tuple(path[cut:])) if outer.node is not None else None
                return Effective(value, node or outer.node)
            return None
        if eff.node is None and eff.value is None:
            return None
        return eff

    def known(self, *path: str) -> tuple[Any, Node | None] | None:
        """(value, node) of a wire value known when the file is read; None when absent or computed."""
        eff = self.get(*path)
        if eff is None or not _plain(eff.value):
            return None
        return eff.value, eff.node

    def sent_as_written(self, name: str) -> bool:
        return name not in self.site.layer.adjusts

    def effort(self) -> tuple[str | None, Node | None, bool]:
        """(effective effort, node, explicit): the effort sent, else the model's default (None: unknown)."""
        for path in (("reasoning_effort",), ("reasoning", "effort")):
            eff = self.get(*path)
            if eff is None:
                continue
            if isinstance(eff.value, str):
                return eff.value, eff.node, True
            if eff.value is None and eff.node is not None and eff.node.value is None:
                break  # an explicit null is the default
            return None, eff.node, True  # computed: unknown
        if self.row.confidence("default_effort") not in (None, "high"):
            return None, None, False  # the default itself is disputed
        return self.row.default_effort, None, False


def _plain(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool, list, dict)) or value is None


def _quote(values: tuple[str, ...], conjunction: bool) -> str:
    quoted = [f"'{v}'" for v in values]
    if conjunction and len(quoted) > 1:
        return ", ".join(quoted[:-1]) + ", and " + quoted[-1]
    return ", ".join(quoted)


def _num(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else repr(value)


def check_site(site: RequestSite, ask: Ask) -> Iterator[Finding]:
    if not any(ask.on(o) for o in OUTCOMES):
        return
    request = _request(site)
    if request is None:
        return
    if request.site.target.server == "azure":
        if ask.on(MAX_TOKENS):
            yield from _max_tokens(request)
        return
    checks = (
        (MAX_TOKENS, _max_tokens),
        (VALUE, _effort_value),
        (VALUE, _value_rules),
        (PARAMETER, _effort_refused),
        (VALUE, _verbosity),
        (TOOLS, _tools),
    )
    for outcome, check in checks:
        if ask.on(outcome):
            yield from check(request)
    if ask.on(VALUE) or ask.on(SAMPLING):
        for finding in _sampling(request):
            if ask.on(finding.outcome):
                yield finding


def _request(site: RequestSite) -> _Request | None:
    """The site as this check judges it, or None where the facts do not hold."""
    target = site.target
    if target.server == "azure":
        model = target.base_model
    elif target.server == "openai" and not target.native:
        model = site.model
    else:
        return None
    if not isinstance(model, str) or not model.strip() or _PLACEHOLDER.search(model):
        return None
    cat = catalog()
    match = cat.parameters(model)
    if match.row is None or match.normalised.route == "other":
        return None
    if match.normalised.route == "azure" and target.server != "azure":
        return None
    api = site.api if site.api in ("chat", "responses") else "either"
    effective = site.effective_for(api if api != "either" else None)
    return _Request(site, cat, match.row, match.normalised.id, match.normalised.undated, api, effective)


def _evidence(request: _Request, *kinds: str) -> str:
    """The row's confidence-bearing sources and the sources of the recorded error texts, in words."""
    keys: list[str] = []
    for kind in kinds:
        keys += [k for k in request.cat.error_text(kind).get("sources") or () if k not in keys]
    keys += [k for k in request.row.sources if k not in keys][: max(0, 4 - len(keys))]
    return request.cat.parameter_evidence(keys)


def _conflicts(request: _Request, *words: str) -> str:
    found = [c for c in request.row.conflicts if all(w.lower() in c.lower() for w in words)]
    return f" The research records a disagreement: {found[0]}" if found else ""


def _where(site: RequestSite) -> str:
    return f" ({site.origin})" if site.origin else ""


# -------------------------------------------------------------------- max_tokens


def _max_tokens(request: _Request) -> Iterator[Finding]:
    if request.api == "responses" or request.row.token_param != "max_completion_tokens_only":
        return
    if not request.sent_as_written("max_tokens") or request.row.confidence("reasoning") not in _TRUSTED + (None,):
        return
    found = request.known("max_tokens")
    if found is None:
        return
    value, node = found
    text = request.cat.error_text("max_tokens_on_reasoning_model").get("text", "")
    where = "Azure OpenAI answers the same for this base model" if request.site.target.server == "azure" else "OpenAI answers"
    message = (
        f'max_tokens is not accepted by model "{request.model}"{_where(request.site)}: it takes '
        f"max_completion_tokens on Chat Completions (max_tokens is deprecated and refused by reasoning models). "
        f'{where} HTTP 400 "{text}" Evidence ({request.row.id}, high confidence): '
        f"{_evidence(request, 'max_tokens_on_reasoning_model')}."
    )
    yield Finding(
        MAX_TOKENS,
        message,
        node.key if node is not None and node.key is not None else node,
        fix=f"rename max_tokens to max_completion_tokens (same value, {_num(value)}); it also counts reasoning "
        "tokens, so raise it if answers come back empty",
        autofix=_rename_max_tokens(request.site, node),
    )


def _rename_max_tokens(site: RequestSite, node: Node | None) -> Autofix | None:
    """The rename, where ``max_tokens`` is a key written in the mapping the site sends as it is.

    Safe: the request fails today, and the same number under the new name is
    what the API asks for. No fix where the mapping also has
    ``max_completion_tokens`` (the rename would set it twice), or where the key
    cannot be found in a mapping of the file (a value reached some other way).
    """
    if node is None or node.key is None or node.key.value != "max_tokens":
        return None
    holder = _holder(site.container, node)
    if holder is None or "max_completion_tokens" in holder.value:
        return None
    from ..core.edits import rename

    return rename(node, "max_completion_tokens", holder, "safe")


def _holder(root: Node | None, node: Node) -> Node | None:
    """The mapping under ``root`` whose value holds ``node`` itself (None when it is not there)."""
    todo = [root] if root is not None else []
    while todo:
        item = todo.pop()
        if isinstance(item.value, dict):
            if any(child is node for child in item.value.values()):
                return item
            todo.extend(v for v in item.value.values() if isinstance(v, Node))
        elif isinstance(item.value, list):
            todo.extend(v for v in item.value if isinstance(v, Node))
    return None


# -------------------------------------------------------------------- value rules


def _value_rules(request: _Request) -> Iterator[Finding]:
    """The catalog's ``value_rules``: a value of a parameter a family of models refuses."""
    for pattern, rule in request.cat.value_rules:
        if rule.get("confidence") not in _TRUSTED or not pattern.fullmatch(request.model):
            continue
        name = str(rule["parameter"])
        found = request.known(name)
        if found is None or not request.sent_as_written(name) or found[0] not in rule["refused"]:
            continue
        value, node = found
        accepted = ", ".join(f'"{v}"' for v in rule.get("accepted") or ())
        yield Finding(
            VALUE,
            f'{name} "{value}" is not accepted by model "{request.model}"{_where(request.site)}'
            + (f": it accepts only {accepted}" if accepted else "")
            + f'. {rule.get("note", "")} OpenAI answers HTTP 400 "{rule["error"]}" Evidence '
            f'({rule["id"]}, {rule["confidence"]} confidence): {request.cat.parameter_evidence(rule["sources"])}.',
            node,
            fix=rule.get("fix") or f"remove {name}",
        )


# -------------------------------------------------------------------- reasoning effort


def _effort_nodes(request: _Request) -> Iterator[tuple[str, str, Node | None]]:
    """(wire key as written, value, node) of each known effort value."""
    for key, path in (("reasoning_effort", ("reasoning_effort",)), ("reasoning.effort", ("reasoning", "effort"))):
        eff = request.get(*path)
        if eff is not None and isinstance(eff.value, str):
            yield key, eff.value, eff.node


def _refused(request: _Request, api: str, value: str) -> tuple[str, ...] | None:
    """The accepted values when ``api`` refuses the effort ``value``; None when it accepts it or nobody knows."""
    rejected = request.row.raw.get("reasoning", {}).get("rejected") or ()
    accepted = request.row.efforts(api, request.undated)
    if accepted is not None and value not in accepted:
        return accepted
    if accepted is None and value in rejected:
        return ()
    return None


def _effort_value(request: _Request) -> Iterator[Finding]:
    if request.row.confidence("reasoning") not in _TRUSTED or not request.sent_as_written("reasoning_effort"):
        return
    for key, value, node in _effort_nodes(request):
        flat = key == "reasoning_effort"
        apis = [request.api] if request.api != "either" else ["chat", "responses"]
        refused = [_refused(request, api, value) for api in apis]
        if any(r is None for r in refused):
            continue
        api = "chat" if flat else "responses"
        if request.api != "either":
            api = request.api
        accepted = request.row.efforts(api, request.undated) or ()
        if api == "chat":
            text = (f"Unsupported value: 'reasoning_effort' does not support '{value}' with this model."
                    + (f" Supported values are: {_quote(accepted, False)}." if accepted else ""))
            kinds = ("effort_value_not_supported_chat",)
        else:
            text = (f"Unsupported value: '{value}' is not supported with the '{request.model}' model."
                    + (f" Supported values are: {_quote(accepted, True)}." if accepted else ""))
            kinds = ("effort_value_not_supported_responses",)
        only_responses = ""
        if api == "chat" and value in (request.row.efforts("responses", request.undated) or ()):
            only_responses = f" ('{value}' is accepted on the Responses API only.)"
        accepts = f"accepts {', '.join(accepted)}" if accepted else "refuses it"
        yield Finding(
            VALUE,
            f'reasoning effort "{value}" is not accepted by model "{request.model}"{_where(request.site)}: '
            f"on {'Chat Completions' if api == 'chat' else 'the Responses API'} it {accepts}.{only_responses} "
            f'OpenAI answers HTTP 400 "{text}" Evidence ({request.row.id}, '
            f"{request.row.confidence('reasoning')} confidence): {_evidence(request, *kinds)}."
            f"{_conflicts(request, value)}",
            node,
            fix=f"use one of {', '.join(accepted)}" if accepted else f'remove {key} "{value}"',
        )


def _effort_refused(request: _Request) -> Iterator[Finding]:
    if not request.row.effort_refused() or request.row.confidence("reasoning") not in _TRUSTED:
        return
    if not request.sent_as_written("reasoning_effort"):
        return
    for key, value, node in _effort_nodes(request):
        text = request.cat.error_text("effort_on_non_reasoning_model").get("text", "")
        answer = (f'HTTP 400 "{text}"' if key == "reasoning.effort"
                  else "HTTP 400 (an unsupported parameter)")
        yield Finding(
            PARAMETER,
            f'model "{request.model}"{_where(request.site)} is not a reasoning model and refuses {key} '
            f'(here "{value}"): OpenAI answers {answer}. Evidence ({request.row.id}, '
            f"{request.row.confidence('reasoning')} confidence): {_evidence(request, 'effort_on_non_reasoning_model')}.",
            node.key if node is not None and node.key is not None else node,
            fix=f"remove {key}, or use a reasoning model",
        )


# -------------------------------------------------------------------- verbosity


def _verbosity(request: _Request) -> Iterator[Finding]:
    accepted = request.row.verbosity
    if not isinstance(accepted, tuple) or request.row.confidence("verbosity") not in _TRUSTED + (None,):
        return
    if not request.sent_as_written("verbosity"):
        return
    if request.row.confidence("verbosity") is None and request.row.confidence("reasoning") not in _TRUSTED:
        return
    for path in (("verbosity",), ("text", "verbosity")):
        found = request.known(*path)
        if found is None or not isinstance(found[0], str) or found[0] in accepted:
            continue
        value, node = found
        text = (f"Unsupported value: 'verbosity' does not support '{value}' with this model. "
                f"Supported values are: {_quote(accepted, False)}.")
        yield Finding(
            VALUE,
            f'verbosity "{value}" is not accepted by model "{request.model}"{_where(request.site)}: it accepts '
            f'{", ".join(accepted)}. OpenAI answers HTTP 400 "{text}" Evidence ({request.row.id}): '
            f"{_evidence(request, 'verbosity_value_not_supported')}.",
            node,
            fix=f"use verbosity {' or '.join(accepted)}, or remove it",
        )


# -------------------------------------------------------------------- tools with reasoning on Chat


def _function_tools(request: _Request) -> Node | None:
    found = request.known("tools")
    if found is None or not isinstance(found[0], list):
        return None
    if any(isinstance(t, dict) and t.get("type") == "function" for t in found[0]):
        return found[1]
    return None


def _tools(request: _Request) -> Iterator[Finding]:
    rule = request.row.tools_rule
    if request.api != "chat" or rule in (None, "allowed", "not_applicable") or not request.sent_as_written("tools"):
        return
    if request.row.confidence("tools") not in _TRUSTED:
        return
    tools = _function_tools(request)
    if tools is None:
        return
    effort, effort_node, explicit = request.effort()
    if effort is None and rule != "tools_never_on_chat":
        return
    if rule == "tools_reject_explicit_effort" and (not explicit or effort == "none"):
        return
    if rule == "tools_need_effort_none":
        if effort == "none":
            return
        omitted = request.row.tools("effort_omitted_with_tools")
        if not explicit and omitted and not omitted.startswith("400"):
            return  # the omitted-effort case was not observed
    chat_efforts = request.row.efforts("chat", request.undated) or ()
    text = _tools_text(request)
    if explicit and effort is not None:
        why = f'reasoning_effort "{effort}"'
    elif explicit:
        why = "a reasoning_effort"
    else:
        why = f'no reasoning_effort, so the model\'s default "{effort}"'
    if rule == "tools_never_on_chat":
        fix = "send this request to the Responses API (/v1/responses), where function tools work at every effort"
        has_none = " The model has no effort \"none\", so on Chat Completions function tools always fail."
    else:
        fix = ('set reasoning_effort to "none", or send the request to the Responses API (/v1/responses)'
               if "none" in chat_efforts else "send the request to the Responses API (/v1/responses)")
        has_none = ""
    yield Finding(
        TOOLS,
        f'function tools with reasoning are not accepted on Chat Completions for model "{request.model}"'
        f"{_where(request.site)}: this request sends tools with {why}.{has_none} OpenAI answers HTTP 400 "
        f'"{text}" Evidence ({request.row.id}, {request.row.confidence("tools")} confidence): '
        f"{_evidence(request, 'tools_with_reasoning_effort_chat')}.",
        tools.key if tools.key is not None else tools,
        fix=fix,
        related=[RelatedNode(effort_node, f'reasoning_effort "{effort}" is set here')]
        if effort_node is not None and effort is not None else [],
    )


def _tools_text(request: _Request) -> str:
    """The API's wording for this model: the row's own, else the current wording, naming the model as sent."""
    text = request.row.tools("error") or request.cat.error_text("tools_with_reasoning_effort_chat").get("text", "")
    return re.sub(r"for (\{model\}|\S+) in /v1/chat/completions", f"for {request.model} in /v1/chat/completions", text)


# -------------------------------------------------------------------- sampling


def _non_default(name: str, value: Any, default: Any) -> bool:
    if name == "top_logprobs":
        return isinstance(value, int) and not isinstance(value, bool) and value > 0
    if name == "logprobs":
        return value is True
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return value != default


def _sampling(request: _Request) -> Iterator[Finding]:
    if request.row.confidence("sampling") not in _TRUSTED:
        return
    for name, path, group, default in _SAMPLING:
        if request.api == "responses" and name in _CHAT_ONLY or not request.sent_as_written(name):
            continue
        rule = request.row.sampling(group)
        if rule not in ("default_only", "when_effort_none", "rejected"):
            continue
        found = request.known(*path)
        if found is None:
            continue
        value, node = found
        if value is None or rule != "rejected" and not _non_default(name, value, default):
            continue
        text = _sampling_text(request, name, value)
        evidence = f"Evidence ({request.row.id}, {request.row.confidence('sampling')} confidence): " \
                   f"{_evidence(request, 'temperature_non_default_chat' if name == 'temperature' else 'top_p_unsupported')}."
        if rule == "when_effort_none":
            effort, effort_node, explicit = request.effort()
            if effort is None or effort == "none":
                continue
            why = f'reasoning_effort "{effort}"' if explicit else f'no reasoning effort, so the model\'s default "{effort}"'
            yield Finding(
                SAMPLING,
                f'{name} {_num(value)} is accepted by model "{request.model}"{_where(request.site)} only when the '
                f"reasoning effort is none; this request has {why}. OpenAI answers HTTP 400 \"{text}\" {evidence}"
                f"{_conflicts(request, name)}",
                node,
                fix=f'set the reasoning effort to "none", or remove {name}',
                related=[RelatedNode(effort_node, f'the reasoning effort "{effort}" is set here')]
                if effort_node is not None else [],
            )
        else:
            only = ("refuses it" if rule == "rejected" else
                    f"accepts only the default ({_num(default) if default is not None else 'none'})")
            yield Finding(
                VALUE,
                f'{name} {_num(value)} is not accepted by model "{request.model}"{_where(request.site)}: it {only}, '
                f"at every reasoning effort. OpenAI answers HTTP 400 \"{text}\" {evidence}",
                node,
                fix=f"remove {name}",
            )


def _sampling_text(request: _Request, name: str, value: Any) -> str:
    if name == "temperature" and request.api != "responses":
        return (f"Unsupported value: 'temperature' does not support {_num(value)} with this model. "
                "Only the default (1) value is supported.")
    return f"Unsupported parameter: '{name}' is not supported with this model."
