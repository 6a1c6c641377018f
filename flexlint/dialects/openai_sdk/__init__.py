"""flexlint.dialects.openai_sdk."""
