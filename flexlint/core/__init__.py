"""flexlint.core."""
