"""flexlint.run."""
