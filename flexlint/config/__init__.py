"""Configuration: files (``files``), which rules run where (``resolver``, ``selection``), in-file
suppressions, baselines and path patterns. Everything a user decides about a run, and nothing else."""
