"""flexlint.knowledge."""
