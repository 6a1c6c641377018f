"""flexlint.faces."""
