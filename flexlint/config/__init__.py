"""flexlint.config."""
