"""A few seconds of the fuzzing campaign in every test run (``python -m tests.fuzz`` runs it for longer).

Hypothesis picks the seeds of the campaign's own inputs (a failure shrinks
to the smallest seed and prints it, and ``python -m tests.fuzz --replay``
reruns the file it saves), and also builds raw bytes under each kind's
file name. A short supervised run checks the driver itself: a crash or a
hang in a worker is a finding, never the end of the campaign.
"""

from __future__ import annotations

import os
import signal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flexlint.run import workers

from .__main__ import campaign, report
from .inputs import KINDS, make, seeds
from .oracle import check

NAMES = ["body.json", "request.jsonc", "config.yaml", ".codex/config.toml", "batch.jsonl", "probe.py", "probe.ts", "probe.ipynb", "data.json", "backup.zip", "db.sqlite"]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(kind=st.sampled_from(KINDS), seed=st.integers(0, 10**9))
def test_campaign_inputs_keep_every_promise(kind, seed):
    name, data = make(kind, seed)
    assert check(name, data) == []


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=2048))
def test_raw_bytes_keep_every_promise(name, data):
    assert check(name, data) == []


def test_every_kind_has_real_seeds():
    for kind in ("json", "yaml", "python"):
        assert len(seeds(kind)) >= 5, kind
    for kind in ("toml", "jsonl"):  # the real Codex configurations and Batch input files of the corpus
        assert len(seeds(kind)) >= 3, kind


@pytest.mark.skipif(not workers.available(), reason="the driver needs fork()")
def test_the_driver_runs_supervised_and_reports(monkeypatch, tmp_path):
    from . import __main__ as driver

    monkeypatch.setattr(driver, "FOUND", tmp_path)
    real = driver.check

    def crashing(name, data):  # a stand-in for a native crash on one input
        if driver.make("json", 7)[1] == data:
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(name, data)

    monkeypatch.setattr(driver, "check", crashing)
    stats = campaign(["json", "yaml"], None, 30, jobs=2, first_seed=0, memory_mb=2048, quiet=True)
    assert stats["json"].inputs == stats["yaml"].inputs == 30
    assert [f.split(":")[0] for f in stats["json"].found] == ["json seed 7"] and not stats["yaml"].found
    assert (tmp_path / ("json-7" + os.path.splitext(make("json", 7)[0])[1])).exists()
    assert "json" in report(stats, 1.0)


def test_the_atheris_target_reads_every_kind(monkeypatch, tmp_path):
    """The coverage-guided target's starting corpus holds every kind, each under a name that reads it."""
    import tempfile

    from . import atheris_target

    real = tempfile.mkdtemp
    monkeypatch.setattr(tempfile, "mkdtemp", lambda *a, **k: str(tmp_path) if k.get("prefix") == "flexlint-atheris-" else real(*a, **k))
    atheris_target._corpus()
    kinds = {path.name.split("-")[0] for path in tmp_path.iterdir()}
    assert kinds == set(KINDS)
    for path in sorted(tmp_path.iterdir())[::20]:
        atheris_target.one_input(path.read_bytes())  # the oracle raises on any broken promise
