import os

import httpx
from openai import AsyncOpenAI
from pydantic_ai import Agent
from pydantic_ai.models.openai import OpenAIResponsesModel
from pydantic_ai.providers.openai import OpenAIProvider

# Each client keeps a 600 s default; only where flex reaches a server that offers it does that matter.
groq = AsyncOpenAI(base_url=os.getenv("GROQ_URL", "https://api.groq.com/openai/v1"), http_client=httpx.AsyncClient())
hosted = AsyncOpenAI(base_url=f"{os.getenv('OPENAI_HOST', 'https://api.openai.com')}/v1", http_client=httpx.AsyncClient())
local = OpenAIResponsesModel("gpt-oss:20b", provider=OpenAIProvider(base_url="http://localhost:11434/v1"))
Agent(local, model_settings={"openai_service_tier": "flex"})


async def main():
    await groq.chat.completions.create(model="llama-3.3-70b-versatile", messages=[], service_tier="flex")
    await hosted.responses.create(model="gpt-5.4-mini", input="hi", service_tier="flex")
