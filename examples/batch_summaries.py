"""Nightly batch job: summarise yesterday's tickets at flex prices."""

from openai import OpenAI

client = OpenAI(timeout=300, max_retries=0)
MODELS = ["gpt-5.4-mini", "gpt-5.3-codex"]

for model in MODELS:
    client.responses.create(
        model=model,
        input="Summarise yesterday's support tickets.",
        service_tier="flex",
        reasoning={"effort": "low"},
        extra_body={"service_tier": "auto"},
    )
