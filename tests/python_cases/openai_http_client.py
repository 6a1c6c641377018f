import httpx
import openai
from openai import AsyncOpenAI, DefaultAsyncHttpxClient

# httpx's own default is replaced by the SDK's 600 s.
pooled = AsyncOpenAI(http_client=httpx.AsyncClient(limits=httpx.Limits(max_connections=10)))
# The SDK's client class carries the SDK's 600 s too.
default_class = AsyncOpenAI(http_client=DefaultAsyncHttpxClient())
# A timeout on the HTTP client is the one that applies.
short = AsyncOpenAI(http_client=httpx.AsyncClient(timeout=120))
# Long enough, or not to be known: nothing to say.
long = AsyncOpenAI(http_client=httpx.AsyncClient(timeout=httpx.Timeout(1200, connect=5)))
made_elsewhere = AsyncOpenAI(http_client=make_http_client())
spread = AsyncOpenAI(http_client=httpx.AsyncClient(**http_options))
options = AsyncOpenAI(**client_options)
client_wins = AsyncOpenAI(http_client=httpx.AsyncClient(timeout=60), timeout=1000)


async def main():
    await pooled.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex")
    await default_class.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex")
    await short.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex")
    await long.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex")
    await made_elsewhere.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex")
    await spread.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex")
    await options.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex")
    await client_wins.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex")
    await pooled.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex", **request_options)
