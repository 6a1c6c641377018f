from openai import OpenAI

client = OpenAI(timeout=900)
client.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex", max_output_tokens=500)
client.responses.create(
    model="gpt-5.4-mini",
    input="hi",
    reasoning={"summary": "auto", "effort": EFFORT},
)
client.chat.completions.create(
    model="gpt-5.4-mini",
    messages=[{"role": "user", "content": "hi"}],
    reasoning_effort='low',
)
