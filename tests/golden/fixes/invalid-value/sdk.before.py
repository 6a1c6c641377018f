from openai import OpenAI

client = OpenAI(timeout=900)
for model in ["gpt-5.4-mini", "gpt-5.4"]:
    client.responses.create(model=model, input="hi", service_tier=u"Flex")
