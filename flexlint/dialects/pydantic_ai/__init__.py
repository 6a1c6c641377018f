"""flexlint.dialects.pydantic_ai."""
