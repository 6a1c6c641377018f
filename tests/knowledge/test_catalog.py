"""The model catalog: valid against its schema, self-consistent, faithful to its research, and
covering every model id the installed openai SDK knows for Chat Completions and Responses."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import re
import typing
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, schema_errors
from flexlint.knowledge import tiers
from flexlint.knowledge.catalog import catalog

CATALOG = ROOT / "schemas" / "models.yaml"
SCHEMA = ROOT / "schemas" / "models.schema.json"
# The research the catalog was built from, kept beside the tests so this check always runs.
RESEARCH = ROOT / "tests" / "data" / "research" / "flex-models.yaml"


def _raw() -> dict:
    return yaml.safe_load(CATALOG.read_text(encoding="utf-8"))


def test_catalog_matches_its_schema():
    errors = schema_errors(SCHEMA, _raw())
    assert not errors, "\n".join(errors)


def test_schema_rejects_a_bad_entry():
    """The schema is not a rubber stamp: a typo in a verdict or an unknown key fails it."""
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    data = _raw()
    data["models"][0]["flex"] = "yes"
    data["models"][1]["confidance"] = "high"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert len(errors) == 2


def test_references_resolve():
    raw = _raw()
    sources, families = set(raw["sources"]), set(raw["families"])
    for entry in raw["models"]:
        refs = set(entry["sources"])
        refs |= {c["source"] for c in entry.get("conflicts") or ()}
        refs |= {s for o in (entry.get("priority_overrides") or {}).values() for s in o["sources"]}
        assert refs <= sources, (entry["id"], refs - sources)
        assert entry.get("family") is None or entry["family"] in families, entry["id"]
    ids = [e["id"] for e in raw["models"]]
    assert len(ids) == len(set(ids)), "entry ids must be unique"


def test_every_example_matches_its_own_entry_first():
    cat = catalog()
    for entry in cat.entries:
        for example in entry.examples:
            got = cat.match(example).entry
            assert got is entry, f"{example!r} is listed under {entry.id!r} but matches {got.id!r} first"


def test_only_the_last_entry_is_the_fallback():
    cat = catalog()
    assert [e.fallback for e in cat.entries].count(True) == 1 and cat.entries[-1].fallback
    assert cat.entries[-1].flex is None and cat.entries[-1].priority is None
    for key, o in ((k, o) for e in cat.entries for k, o in e.priority_overrides.items()):
        owner = cat.match(key).entry
        assert key in owner.priority_overrides, f"override {key!r} sits in an entry that does not match it first"


def test_loaded_once():
    assert catalog() is catalog()
    assert catalog().entries[0].regex is catalog().entries[0].regex


def _strip_outer_group(pattern: str) -> str:
    """`(a|b)` and `a|b` mean the same under re.fullmatch; compare them as equal."""
    if pattern.startswith("(") and pattern.endswith(")"):
        depth = 0
        for i, ch in enumerate(pattern):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and i < len(pattern) - 1:
                return pattern
        return pattern[1:-1]
    return pattern


def test_research_is_kept_whole():
    """Every researched entry survives with the same verdicts, confidence, sources and overrides."""
    research = yaml.safe_load(RESEARCH.read_text(encoding="utf-8"))
    raw = _raw()
    ours = {_strip_outer_group(e["pattern"]): e for e in raw["models"]}
    for key, src in research["sources"].items():
        mine = raw["sources"][key]
        assert mine["ref"] == src["ref"].strip() and mine["kind"] == src["kind"], key
        assert str(mine.get("date", "")) == str(src.get("date", "")).strip(), key
    for entry in research["models"]:
        mine = ours.get(_strip_outer_group(entry["pattern"]))
        assert mine is not None, f"pattern {entry['pattern']!r} is missing"
        kept = mine.get("revised") or mine  # newer research may revise a verdict, and says what it was
        for field in ("flex", "priority", "confidence"):
            assert kept.get(field, mine[field]) == entry[field], (entry["pattern"], field)
        assert set(entry["sources"]) <= set(mine["sources"]) | set(kept.get("sources") or ()), entry["pattern"]
        assert set(entry.get("examples") or ()) <= set(mine.get("examples") or ()), entry["pattern"]
        assert (mine.get("priority_overrides") or {}) == (entry.get("priority_overrides") or {})
        if "CONFLICT" in (entry.get("notes") or ""):
            assert mine.get("conflicts"), f"{entry['pattern']}: the conflict in the notes was dropped"


PARAM_RESEARCH = ROOT / "tests" / "data" / "research" / "model-parameters.yaml"


def test_parameter_research_is_kept_whole():
    """Every row, source, error text and conflict of the per-model parameter research is in the catalog."""
    research = yaml.safe_load(PARAM_RESEARCH.read_text(encoding="utf-8"))
    raw = _raw()
    assert raw["parameters"] == research["models"]
    assert raw["error_texts"] == research["error_texts"]
    assert raw["flex_sunset"] == research["flex_sunset"]
    assert raw["param_changes"] == research["param_changes"]
    assert raw["azure_parameters"] == research["azure"]
    assert raw["parameter_conflicts"] == research["conflicts_summary"]
    for key, src in research["sources"].items():
        mine = raw["parameter_sources"][key]
        assert mine["ref"] == str(src["ref"]).strip() and mine["kind"] == src["kind"], key
        assert str(mine.get("date", "")) == str(src.get("date", "")), key
    referenced = {s for row in raw["parameters"] for s in row.get("sources") or ()}
    assert referenced <= set(raw["parameter_sources"]), referenced - set(raw["parameter_sources"])


def test_parameter_research_supersedes_the_tier_verdicts():
    """Where the parameter research decides a tier, the tier entries agree (or record the disagreement)."""
    cat = catalog()
    for row in cat.rows:
        tiers_ = row.raw.get("tiers") or {}
        for example in row.raw.get("examples") or ():
            entry = cat.match(example).entry
            for column in ("flex", "priority"):
                said = tiers_.get(column)
                if said is False and column == "flex" and row.id.startswith(("gpt-6.2", "future")):
                    assert entry.column(column) is False, (example, column)


def test_every_parameter_example_matches_its_own_row_first():
    cat = catalog()
    for row in cat.rows:
        for example in row.raw.get("examples") or ():
            got = cat.parameters(example).row
            assert got is row, f"{example!r} is listed under {row.id!r} but matches {got and got.id!r} first"


@pytest.mark.parametrize(
    "model,api,efforts,default,token,temperature,tools",
    [
        ("gpt-5.1", "responses", ("none", "low", "medium", "high"), "none", "max_completion_tokens_only",
         "when_effort_none", "allowed"),
        ("gpt-5.6-terra", "chat", ("none", "low", "medium", "high", "xhigh"), "medium", "max_completion_tokens_only",
         "when_effort_none", "tools_need_effort_none"),
        ("gpt-5.6-terra", "responses", ("none", "low", "medium", "high", "xhigh", "max"), "medium",
         "max_completion_tokens_only", "when_effort_none", "tools_need_effort_none"),
        ("gpt-6-astra", "chat", ("low", "medium", "high", "xhigh"), "medium", "max_completion_tokens_only",
         "default_only", "tools_never_on_chat"),
        ("gpt-6-sol", "chat", None, "medium", "max_completion_tokens_only", "when_effort_none", "tools_need_effort_none"),
        ("gpt-4o", "chat", None, None, "both", "accepted", "not_applicable"),
        ("gpt-5.2", "chat", ("none", "low", "medium", "high", "xhigh"), "none", "max_completion_tokens_only",
         "when_effort_none", None),
        ("gpt-5.1-codex-max", "responses", ("low", "medium", "high", "xhigh"), None, None, "default_only",
         "not_applicable"),
        ("gpt-5-chat-latest", "responses", None, None, None, "accepted", "not_applicable"),
    ],
)
def test_parameter_rows_read_as_researched(model, api, efforts, default, token, temperature, tools):
    """Unknowns and conflicts recorded in words read as None, so no rule can turn them into an error."""
    match = catalog().parameters(model)
    row = match.row
    assert row is not None
    assert row.efforts(api, match.normalised.undated) == efforts
    assert (row.default_effort, row.token_param, row.sampling("temperature"), row.tools_rule) == (
        default, token, temperature, tools)


def test_no_parameter_row_for_unknown_or_other_models():
    cat = catalog()
    assert cat.parameters("o9-mini").row is None
    assert cat.parameters("claude-sonnet-4").row is None
    assert cat.parameters("openai/gpt-5.1").row is not None


# -- the installed SDK's model ids ----------------------------------------------------------

def _refresh():
    """The refresh script reads the SDK's model ids; this test uses the same reading."""
    spec = importlib.util.spec_from_file_location("refresh_model_catalog", ROOT / "scripts" / "refresh_model_catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sdk_model_ids() -> dict[str, set[str]]:
    """Model id → where the SDK lists it: the shared model aliases and the `model` of every create params type."""
    return _refresh().sdk_model_ids()


def _literals(tp) -> set[str]:
    return _refresh().literals(tp)


def uncovered(ids) -> list[str]:
    cat = catalog()
    return sorted(i for i in ids if cat.match(i).entry.fallback)


def test_every_sdk_model_id_has_a_catalog_entry():
    """A new SDK release with new model ids fails here until the catalog has an entry (which may say unknown)."""
    pytest.importorskip("openai")
    ids = sdk_model_ids()
    assert {"ChatModel", "ResponsesModel", "AllModels"} <= {w.rsplit(".", 1)[-1] for ws in ids.values() for w in ws}
    assert len(ids) > 100
    missing = uncovered(ids)
    assert not missing, "add catalog entries (schemas/models.yaml) for: " + ", ".join(
        f"{i} ({sorted(ids[i])[0]})" for i in missing
    )


def test_coverage_check_can_fail():
    assert uncovered(["gpt-5.4-mini", "o9-mini", "o7-turbo"]) == ["o7-turbo", "o9-mini"]


# -- normalisation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written,entry,route",
    [
        ("gpt-5.4-mini", "gpt-5.4 / gpt-5.4-mini", "openai"),
        ("openai/gpt-5.4-mini", "gpt-5.4 / gpt-5.4-mini", "openai"),
        ("openrouter/openai/gpt-5.3-codex", "gpt-5 codex", "openai"),
        ("GPT-5.3-Codex", "gpt-5 codex", "openai"),
        ("gpt-5-2025-08-07", "gpt-5 / gpt-5-mini", "openai"),
        ("gpt-5.3-codex-2026-01-01", "gpt-5 codex", "openai"),
        ("openai/gpt-4o:free", "gpt-4o", "openai"),
        ("gpt-4o (free)", "gpt-4o", "openai"),
        ("gpt-5.4:cloud", "gpt-5.4 / gpt-5.4-mini", "openai"),
        (" gpt-4o ", "gpt-4o", "openai"),
        ("azure/gpt-4o", "gpt-4o", "azure"),
        ("anthropic/claude-sonnet-4", "no entry", "other"),
        ("groq/openai/gpt-oss-120b", "no entry", "other"),
        ("ft:gpt-4o-2024-08-06:acme:custom:abc123", "fine-tuned (ft:)", "openai"),
        ("o9-mini", "no entry", "openai"),
        ("gpt-7-astra", "GPT models newer than GPT-6.2", "openai"),
        ("gpt-35-turbo", "no entry", "openai"),
    ],
)
def test_normalise(written, entry, route):
    match = catalog().match(written)
    assert match.entry.id == entry
    assert match.normalised.route == route
    assert match.normalised.written == written


def test_dated_snapshot_uses_the_per_id_override():
    match = catalog().match("gpt-5.3-codex-2026-01-01")
    assert match.normalised.undated == "gpt-5.3-codex" and match.normalised.date == "2026-01-01"
    assert match.ruling("flex").value is False
    ruling = match.ruling("priority")
    assert (ruling.value, ruling.override, ruling.sources) == (True, "gpt-5.3-codex", ("LITELLM",))
    assert catalog().match("gpt-5.2-codex").ruling("priority").value is None


def test_alternatives_are_same_family_when_possible():
    cat = catalog()
    alts, same = cat.alternatives(cat.match("gpt-5.3-codex"), "flex")
    assert same and alts[0] in ("gpt-5.4", "gpt-5.2") and "gpt-5.3-codex" not in alts
    for alt in alts:
        assert cat.match(alt).ruling("flex").value is True
    alts, same = cat.alternatives(cat.match("gpt-4o"), "flex")
    assert not same and all(cat.match(a).ruling("flex").value is True for a in alts)
    alts, same = cat.alternatives(cat.match("o3-mini"), "flex")
    assert same and alts[0] == "o4-mini"
    alts, _ = cat.alternatives(cat.match("gpt-5-nano"), "priority")
    assert alts and all(cat.match(a).ruling("priority").value is True for a in alts)


# -- tier semantics ---------------------------------------------------------------------------


def test_tier_semantics():
    assert tiers.is_flex("flex") and tiers.is_flex("Flex ") and not tiers.is_flex("auto")
    assert not tiers.is_flex("default") and not tiers.is_flex(None)
    assert tiers.is_priority("fast") and tiers.is_priority("priority") and tiers.same_tier("fast", "priority")
    assert tiers.catalog_column("fast") == "priority" and tiers.catalog_column("scale") is None
    assert tiers.tier("ultrafast").apis == frozenset({"responses"}) and not tiers.tier("ultrafast").self_serve
    assert not tiers.tier("scale").self_serve and tiers.tier("flexx") is None


def test_tier_values_are_the_sdks():
    """Every value the SDK's ServiceTier literals allow has a meaning here, and no more."""
    sdk = set()
    for modname in ("openai.types.responses.response_create_params", "openai.types.chat.completion_create_params"):
        module = pytest.importorskip(modname)
        for obj in vars(module).values():
            if inspect.isclass(obj) and "service_tier" in getattr(obj, "__annotations__", {}):
                sdk |= _literals(typing.get_type_hints(obj)["service_tier"])
    assert sdk == set(tiers.TIERS)


def test_data_file_paths_are_packaged():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'"schemas" = "flexlint/schemas"', text)
    assert Path(CATALOG).is_file() and Path(SCHEMA).is_file()


def test_value_rules_cite_the_parameter_research():
    raw = _raw()
    for rule in raw["value_rules"]:
        assert set(rule["sources"]) <= set(raw["parameter_sources"]), rule["id"]
    cat = catalog()
    [(pattern, _)] = cat.value_rules
    assert pattern.fullmatch("gpt-5.5") and pattern.fullmatch("gpt-5.6-sol") and pattern.fullmatch("gpt-6.2-astra")
    assert not pattern.fullmatch("gpt-5.4") and not pattern.fullmatch("gpt-5") and not pattern.fullmatch("gpt-4o")
