import enum

from openai import OpenAI
from pydantic_ai.models.openai import OpenAIResponsesModelSettings

from .schemas import RESPONSE_SCHEMA, FORMAT
from app.settings import EXTRA


class Color(enum.Enum):
    RED = 1


WEIGHTS = {Color.RED: 1, "openai_service_tier": "flex"}  # an ordinary dict keyed by an enum member
client = OpenAI(timeout=900)

# A value imported from another module is present, never missing.
client.responses.create(
    model="gpt-5.4-mini",
    input="hi",
    text={"format": {"type": "json_schema", "name": "answer", "schema": RESPONSE_SCHEMA, "strict": True}},
)
client.responses.create(model="gpt-5.4-mini", input="hi", text={"format": {**FORMAT, "strict": True}})
client.responses.create(model="gpt-5.4-mini", input="hi", text={"format": {"type": "json_schema", **EXTRA}})
# What the code does show is still judged.
client.responses.create(model="gpt-5.4-mini", input="hi", text={"format": {"type": "json_schema", "name": "answer"}})
client.responses.create(model="gpt-5.4-mini", input="hi", text={"format": {"type": "json_schema", "schema": RESPONSE_SCHEMA, "name": "a", "strict": "yes"}})
settings = OpenAIResponsesModelSettings(openai_service_tier="flexx", openai_reasoning_effort=FORMAT)
