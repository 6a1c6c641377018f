import os
from openai import OpenAI

client = OpenAI(timeout=float(os.environ["T"]), max_retries=int(os.environ["R"]))
tier = os.environ.get("TIER", "flex")
models = load_models()
for model in models:
    client.responses.create(model=model, input=prompt, service_tier=tier, **options)
x = "flex"
x = "auto"
client.responses.create(model="gpt-5.4-mini", input="hi", service_tier=x)
y = ["gpt-5"]
y.append("gpt-5.3-codex")
for m in y:
    client.responses.create(model=m, input="hi", service_tier=f"{tier}")
