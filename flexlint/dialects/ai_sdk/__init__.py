"""flexlint.dialects.ai_sdk."""
