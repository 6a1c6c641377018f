import httpx
from openai import AsyncOpenAI
from pydantic_ai import Agent
from pydantic_ai.models.openai import OpenAIModel, OpenAIResponsesModel, OpenAIResponsesModelSettings
from pydantic_ai.providers.openai import OpenAIProvider

# The default provider, named by the model string: 600 s.
quick = Agent("openai:gpt-5.4-mini", model_settings={"openai_service_tier": "flex"})

# The provider built on the same line, and bound to a name: 600 s.
inline = OpenAIModel("gpt-5.4-mini", provider=OpenAIProvider(), settings={"openai_service_tier": "flex"})
provider = OpenAIProvider()
named = OpenAIResponsesModel("gpt-5.4-mini", provider=provider)
agent = Agent(named, model_settings=OpenAIResponsesModelSettings(openai_service_tier="flex"))

# Each of these sets a long enough timeout somewhere: nothing to say.
long_http = OpenAIResponsesModel("gpt-5.4", provider=OpenAIProvider(http_client=httpx.AsyncClient(timeout=1200)))
Agent(long_http, model_settings={"openai_service_tier": "flex"})
own_client = OpenAIResponsesModel("gpt-5.4", provider=OpenAIProvider(openai_client=AsyncOpenAI(timeout=1800)))
Agent(own_client, model_settings={"openai_service_tier": "flex"})
Agent("openai:gpt-5.4", model_settings={"openai_service_tier": "flex", "timeout": 900})
with_model_settings = OpenAIResponsesModel("gpt-5.4", settings={"timeout": 1200})
Agent(with_model_settings, model_settings={"openai_service_tier": "flex"})

# A provider whose client cannot be seen: the timeout is unknown.
Agent(OpenAIResponsesModel("gpt-5.4", provider=make_provider()), model_settings={"openai_service_tier": "flex"})

# A run may set the timeout: uses that disagree give no default.
runner = Agent("openai:gpt-5.4", model_settings={"openai_service_tier": "flex"})
runner.run_sync("hi", model_settings={"timeout": 1200})

# Settings that are passed but cannot be seen may set the timeout.
hidden = OpenAIResponsesModel("gpt-5.4", provider=OpenAIProvider(), **{"settings": {"timeout": 1200}})
Agent(hidden, model_settings={"openai_service_tier": "flex"})
# Beside a model, only settings are settings: a dict under another name is not read as one.
Holder(model=OpenAIResponsesModel("gpt-5.4"), metadata={"temperature": "hot"}, settings={"temperature": "warm"})
