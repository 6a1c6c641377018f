"""flexlint.dialects.librechat."""
