import boto3
from google import genai
from myproject.models import OpenAIModel, ModelSettings
from .openai import OpenAI
import openai_helpers as openai

bedrock = boto3.client("bedrock-runtime")
bedrock.converse(modelId="x", serviceTier={"type": "flex"})
gclient = genai.Client()
gclient.models.generate_content(model="gemini-2.5", config={"service_tier": "flex"})
class Jobs:
    def create(self, **kw): pass
Jobs().create(service_tier="flex", timeout=5)
OpenAIModel("gpt-5", settings=ModelSettings(service_tier="flex", timeout=1))
OpenAI().responses.create(model="gpt-5", serviceTier="flex", timeout=1)
openai.responses.create(model="gpt-5", serviceTier="flex")
def make():
    from openai import OpenAI
    return OpenAI(timeout=1)
make().responses.create(model="gpt-5", service_tier="flex")
