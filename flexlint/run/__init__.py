"""Running a lint: files to documents (``documents``), documents to diagnostics (``engine``), paths,
discovery and workers (``paths``), and rule examples (``examples``)."""
