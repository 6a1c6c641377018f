"""Nightly summaries."""

from openai import OpenAI

client = OpenAI(timeout=900, max_retries=3)

response = client.responses.create(
    model="gpt-5.4-mini",
    input="Summarise yesterday's tickets.",
    serviceTier="flex",  # half price
    extra_body={'maxToolCalls': 2},
)
