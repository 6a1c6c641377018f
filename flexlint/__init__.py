"""flexlint: find why `service_tier: "flex"` never reaches OpenAI."""

__version__ = "0.1.0"
