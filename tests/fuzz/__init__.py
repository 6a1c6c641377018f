"""flexlint's fuzzing campaign: hostile and mutated inputs of every kind flexlint reads.

* :mod:`.inputs` makes inputs: real files of the repository (corpus, cases,
  examples) mutated byte- and token-wise, and hostile shapes written
  directly (deep nesting, long chains, YAML alias towers, zip and SQLite
  files that lie), each from a seed so any failure can be replayed;
* :mod:`.oracle` lints one input and checks every promise: no internal
  error, sane positions, every output format encodes, a planted secret
  never appears in any format;
* ``python -m tests.fuzz --minutes N`` runs the campaign in supervised
  worker processes (a crash or a hang is a finding, saved under
  ``tests/fuzz/found/``) and reports inputs per kind, time and peak memory;
* ``test_fuzz.py`` runs a few seconds of it in the normal test suite, with
  hypothesis choosing the seeds; ``atheris_target.py`` drives the same
  oracle with coverage-guided atheris when it is installed.
"""
