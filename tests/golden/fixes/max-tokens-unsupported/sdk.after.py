from openai import OpenAI

client = OpenAI(timeout=900)
reply = client.chat.completions.create(
    model="o4-mini",
    messages=[{"role": "user", "content": "hi"}],
    max_completion_tokens=256,  # the answer's budget
)
