"""Cherry Studio's own model checks, as the app implements them (not the model catalog).

They decide whether the provider's Service Tier setting is applied at all
(``is_openai_model``) and whether a ``flex`` setting is silently omitted
(``supports_flex``): the app's guesses, right or wrong, are what it sends.
"""

from __future__ import annotations

from ...core.regex import lazy

_GPT = lazy(r"\bgpt\b")


def base_name(model_id: str) -> str:
    """Lower-cased id after the last ``/`` without ``:free``, ``(free)``, ``:cloud`` (getLowerBaseModelName)."""
    name = model_id.split("/")[-1].lower()
    for suffix in (":free", "(free)", ":cloud"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


def _reasoning(name: str) -> bool:
    """isOpenAIReasoningModel: o1 (not preview/mini), o3, o4, gpt-oss, GPT-5 except chat."""
    return (
        ("o1" in name and "o1-preview" not in name and "o1-mini" not in name)
        or "o3" in name
        or "o4" in name
        or "gpt-oss" in name
        or ("gpt-5" in name and "chat" not in name)
        or "o1" in name
    )


def is_openai_model(model_id: str) -> bool:
    """isOpenAIModel: a GPT model or an OpenAI reasoning model."""
    name = base_name(model_id)
    return bool(_GPT.search(name)) or _reasoning(name)


def supports_flex(model_id: str) -> bool:
    """isSupportFlexServiceTierModel: o3 (not o3-mini), o4-mini, or gpt-5 anywhere in the id."""
    name = base_name(model_id)
    return ("o3" in name and "o3-mini" not in name) or "o4-mini" in name or "gpt-5" in name
