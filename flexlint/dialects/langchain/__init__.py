"""flexlint.dialects.langchain."""
