"""flexlint.dialects.python."""
