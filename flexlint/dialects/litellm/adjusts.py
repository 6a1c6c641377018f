"""Parameters LiteLLM changes per model before a request reaches OpenAI.

For OpenAI reasoning models LiteLLM sends ``max_tokens`` as
``max_completion_tokens``, and it refuses (its own ``UnsupportedParamsError``,
raised before anything is sent) or, with ``drop_params``, removes sampling
values the model does not take; from gpt-5.4 on it moves function tools
combined with a reasoning effort to the Responses API; it knows per model
which reasoning efforts exist (its price table's ``supports_*_reasoning_effort``)
and handles the others itself. So OpenAI's per-model
answers for these parameters never reach the user as OpenAI words them, and
the per-model rules leave them to LiteLLM (``Layer.adjusts``).
"""

from __future__ import annotations

SAMPLING_AND_TOKENS: frozenset[str] = frozenset(
    {"max_tokens", "temperature", "top_p", "logprobs", "top_logprobs", "presence_penalty", "frequency_penalty", "tools", "reasoning_effort"}
)
