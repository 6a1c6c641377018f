"""flexlint.dialects.litellm."""
