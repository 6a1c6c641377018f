from openai import OpenAI

client = OpenAI(timeout=900)

client.responses.create(
    model="gpt-5.4-mini",
    input="hi",
    service_tier="flex",
)
client.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex", extra_body={"store": False})
