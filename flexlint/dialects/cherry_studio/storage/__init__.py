"""Readers for the browser storage that Cherry Studio's direct backups (format 6) copy verbatim."""
