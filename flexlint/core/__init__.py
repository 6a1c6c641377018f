"""The data every layer shares: positioned documents, request sites, findings and diagnostics."""
