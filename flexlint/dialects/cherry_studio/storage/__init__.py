"""flexlint.dialects.cherry_studio.storage."""
