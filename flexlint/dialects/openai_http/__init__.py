"""flexlint.dialects.openai_http."""
