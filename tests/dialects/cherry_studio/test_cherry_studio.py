"""Cherry Studio backups: every backup format and every release range, through the real CLI."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import CASES, run_cli

sys.path.insert(0, str(Path(__file__).parent))

from backups import (  # noqa: E402
    KEY,
    assistant,
    backup_zip,
    custom,
    data_json,
    model,
    provider,
    sqlite_db,
    v2_zip,
)

FLEX = [custom("service_tier", "flex")]
# A database inside a zip is read from memory with sqlite3's deserialize (Python 3.11+).
needs_deserialize = pytest.mark.skipif(
    sys.version_info < (3, 11), reason="reading a database inside a zip needs Python 3.11 (sqlite3 deserialize)"
)


def lint(tmp_path: Path, name: str, data: bytes, *args: str):
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    out = {}
    for fmt in ("json", "text"):
        proc = run_cli("--format", fmt, *args, name, cwd=tmp_path)
        assert b"Traceback" not in proc.stderr + proc.stdout, proc.stderr.decode()
        # No key from a backup may appear in any output format.
        assert KEY.encode() not in proc.stdout + proc.stderr
        assert KEY[8:30].encode() not in proc.stdout + proc.stderr
        out[fmt] = proc
    found = json.loads(out["json"].stdout or b"[]")
    return out["json"].returncode, found


def rules(found):
    return [(d["severity"], d["rule"]) for d in found]


def one(store: int = 208, customs=FLEX, tier="auto", mdl=None, pretty=False, **kw) -> bytes:
    return data_json(store, [provider(tier=tier)], [assistant("Batch summariser (flex)", customs, mdl or model("gpt-5.4-mini"))],
                     pretty=pretty, **kw)


# ------------------------------------------------------------------ the shared case


def test_shared_case_gives_exactly_its_finding():
    proc = run_cli("--format", "json", "cherry-studio/backup-v1.9-data.json", cwd=CASES)
    assert proc.returncode == 1
    found = json.loads(proc.stdout)
    assert [(d["severity"], d["rule"], d["line"], d["column"]) for d in found] == [
        ("error", "service-tier-overridden", 5, 2248)
    ]
    d = found[0]
    for words in ('"Batch summariser (flex)"', '"OpenAI"', "gpt-5.4-mini", 'service_tier "auto"',
                  "Settings tab → OpenAI Settings → Service Tier", "`serviceTier`"):
        assert words in d["message"], words
    assert d["fix"].startswith("choose flex")
    assert [(r["line"], r["column"]) for r in d["related"]] == [(5, 2953)]
    text = (CASES / "cherry-studio/backup-v1.9-data.json").read_text(encoding="utf-8").splitlines()[4]
    assert text[2247:].startswith('\\\\\\"service_tier\\\\\\"')  # the custom parameter's name, two layers deep
    assert text[2952:].startswith('\\\\\\"serviceTier\\\\\\"')  # the provider's setting


# ------------------------------------------------------------------ release ranges (v1 data.json)


@pytest.mark.parametrize("pretty", [False, True], ids=["one-line", "pretty"])
@pytest.mark.parametrize(
    "store,expected",
    [
        (120, [("info", "app-tier-setting")]),  # ≤ 1.5.4: global setting, custom parameter wins (a note)
        (130, [("info", "app-tier-setting")]),  # 1.5.x: custom parameter wins
        (140, [("info", "app-tier-setting"), ("info", "app-version-assumed")]),  # 1.5.x or 1.6 beta
        (150, [("error", "service-tier-overridden"), ("info", "app-version-assumed")]),  # 1.6.0 beta
        (160, [("error", "service-tier-overridden")]),  # 1.6.x
        (208, [("error", "service-tier-overridden")]),  # 1.9.12
        (230, [("error", "service-tier-overridden"), ("info", "app-version-assumed")]),  # unknown, newer
    ],
)
def test_release_ranges(tmp_path, store, expected, pretty):
    settings_tier = "auto"
    data = data_json(store, [provider(tier=None if store < 128 else "auto")],
                     [assistant("Batch summariser (flex)", FLEX, model("gpt-5.4-mini"))], pretty=pretty,
                     openai_tier=settings_tier)
    code, found = lint(tmp_path, "data.json", data)
    assert sorted(rules(found)) == sorted(expected)
    assert code == (1 if any(s == "error" for s, _ in expected) else 0)


def test_legacy_warning_points_at_the_setting_and_names_the_upgrade(tmp_path):
    _, found = lint(tmp_path, "data.json", one(130))
    d = found[0]
    assert "from Cherry Studio 1.6 on" in d["message"] and d["fix"].startswith("choose flex")
    line = (tmp_path / "data.json").read_text(encoding="utf-8").splitlines()[d["line"] - 1]
    assert line[d["column"] - 1:].startswith('\\\\\\"serviceTier\\\\\\"')
    assert d["related"] and "flex is asked for here" in d["related"][0]["message"]


def test_one_line_and_pretty_agree(tmp_path):
    _, flat = lint(tmp_path, "a.json", one())
    _, pretty = lint(tmp_path, "b.json", one(pretty=True))
    assert [d["message"] for d in flat] == [d["message"] for d in pretty]
    assert flat[0]["line"] == 1 and pretty[0]["line"] > 1
    for name, found in (("a.json", flat), ("b.json", pretty)):
        line = (tmp_path / name).read_text(encoding="utf-8").splitlines()[found[0]["line"] - 1]
        assert line[found[0]["column"] - 1:].startswith('\\\\\\"service_tier\\\\\\"')


@pytest.mark.parametrize(
    "customs",
    [
        [custom("serviceTier", "flex")],
        [custom("openai", '{"serviceTier":"flex"}', "json")],
        [custom("openai", {"serviceTier": "flex"}, "json")],  # before 1.7 json values were stored as objects
        [custom("service_tier", "auto"), custom("serviceTier", "flex")],
    ],
    ids=["camelCase", "json-namespace", "json-object", "both"],
)
def test_forms_that_win_on_1_9(tmp_path, customs):
    code, found = lint(tmp_path, "data.json", one(208, customs))
    assert (code, found) == (0, [])


def test_snake_case_reasoning_effort_is_dropped(tmp_path):
    code, found = lint(tmp_path, "data.json", one(208, [custom("reasoning_effort", "low"), custom("serviceTier", "flex")]))
    assert rules(found) == [("warning", "parameter-dropped")]
    assert "`reasoning_effort`" in found[0]["message"] and found[0]["fix"] == "rename the custom parameter to `reasoningEffort`"


def test_snake_case_tier_without_a_setting_is_dropped(tmp_path):
    _, found = lint(tmp_path, "data.json", one(208, FLEX, tier=None))
    assert rules(found) == [("warning", "parameter-dropped")]
    assert "default tier" in found[0]["message"] and "`serviceTier`" in found[0]["fix"]


def test_cherry_flex_check_omits_flex(tmp_path):
    code, found = lint(tmp_path, "data.json", one(208, [], tier="flex", mdl=model("gpt-4o")))
    assert rules(found) == [("warning", "parameter-dropped")]
    assert "own check" in found[0]["message"] and "gpt-4o" in found[0]["message"]


def test_ai_sdk_gate_after_cherry_accepts(tmp_path):
    _, found = lint(tmp_path, "data.json", one(208, [], tier="flex", mdl=model("gpt-5-chat-latest")))
    assert rules(found) == [("warning", "parameter-dropped")]
    assert "the AI SDK removes" in found[0]["message"]


def test_tier_on_a_provider_that_does_not_qualify(tmp_path):
    custom_provider = provider("my-proxy", "openai", tier="flex", system=False, host="https://llm.example.com",
                               models=[model("gpt-5.4-mini", "my-proxy")])
    data = data_json(208, [custom_provider], [assistant("A", [], model("gpt-5.4-mini", "my-proxy"))])
    _, found = lint(tmp_path, "data.json", data)
    # Both assistants (the default one falls back to the only provider) lose the setting.
    assert rules(found) == [("warning", "parameter-dropped")] * 2
    assert all("Supports service_tier" in d["fix"] for d in found)


def test_default_model_and_provider_fallback(tmp_path):
    # No model on the assistant: the default model; its provider id unknown: the first provider.
    data = data_json(208, [provider()], [assistant("No model", FLEX)], default_model=model("gpt-5.4-mini", "gone"))
    _, found = lint(tmp_path, "data.json", data)
    assert rules(found) == [("error", "service-tier-overridden")]
    assert 'provider "OpenAI"' in found[0]["message"]


def test_legacy_camel_case_reaches_the_body_and_fails(tmp_path):
    _, found = lint(tmp_path, "data.json", one(130, [custom("serviceTier", "flex")]))
    assert ("error", "wrong-key-casing") in rules(found)


def test_deprecated_global_setting_only_when_it_asks_for_a_tier(tmp_path):
    _, quiet = lint(tmp_path, "a.json", one(208, [custom("serviceTier", "flex")]))
    assert quiet == []
    _, found = lint(tmp_path, "b.json", one(208, [custom("serviceTier", "flex")], openai_tier="flex"))
    assert rules(found) == [("warning", "parameter-ignored")]


def test_non_openai_provider_is_not_a_site(tmp_path):
    gemini = provider("gemini", "gemini", tier=None, models=[model("gemini-2.5-pro", "gemini")])
    data = data_json(208, [gemini], [assistant("G", FLEX, model("gemini-2.5-pro", "gemini"))])
    assert lint(tmp_path, "data.json", data) == (0, [])


# ------------------------------------------------------------------ containers


def test_backup_zip_format_5(tmp_path):
    code, found = lint(tmp_path, "cherry-studio.202606200800.zip", backup_zip(one()))
    assert code == 1 and rules(found) == [("error", "service-tier-overridden")]
    assert found[0]["path"] == "cherry-studio.202606200800.zip/data.json"
    _, direct = lint(tmp_path, "data.json", one())
    assert (found[0]["line"], found[0]["column"]) == (direct[0]["line"], direct[0]["column"])


V2_PROVIDER = {"provider_id": "openai", "preset": "openai", "name": "OpenAI", "settings": {"serviceTier": "auto"}}
V2_MODEL = [("openai", "gpt-5.4-mini", "GPT-5.4 mini")]


def v2_assistant(customs=FLEX, **settings):
    return {"id": "a1", "name": "Batch summariser (flex)", "model_id": "openai::gpt-5.4-mini",
            "settings": {"customParameters": customs, **settings}}


@needs_deserialize
def test_v2_0_migrated_setting_wins(tmp_path):
    db = sqlite_db([V2_PROVIDER], V2_MODEL, [v2_assistant()])
    code, found = lint(tmp_path, "cherry-studio.backup.zip", v2_zip(db, "2.0.8"))
    assert rules(found) == [("error", "service-tier-overridden")]
    d = found[0]
    assert d["path"] == "cherry-studio.backup.zip/Data/cherrystudio.sqlite" and (d["line"], d["column"]) == (1, 1)
    assert "table assistant, row a1, column settings" in d["message"]
    assert "table user_provider, row openai, column provider_settings" in d["message"]
    assert '`openai` of type JSON' in d["fix"]


@needs_deserialize
def test_v2_0_fresh_install_sends_the_custom_tier(tmp_path):
    fresh = dict(V2_PROVIDER, settings=None)
    db = sqlite_db([fresh], V2_MODEL, [v2_assistant()])
    assert lint(tmp_path, "b.zip", v2_zip(db, "2.0.3")) == (0, [])


@needs_deserialize
def test_v2_0_groq_sends_through_its_own_sdk(tmp_path):
    """2.0.x sends Groq through @ai-sdk/groq: a Groq tier carried over from 1.x beats a re-injected custom one."""
    groq = {"provider_id": "groq", "preset": "groq", "name": "Groq", "settings": {"serviceTier": "auto"}}
    models = [("groq", "openai/gpt-oss-120b", "GPT OSS 120B")]
    a = {"id": "a1", "name": "Batch", "model_id": "groq::openai/gpt-oss-120b", "settings": {"customParameters": FLEX}}
    _, found = lint(tmp_path, "b.zip", v2_zip(sqlite_db([groq], models, [a]), "2.0.8"))
    assert rules(found) == [("error", "service-tier-overridden")]
    assert 'service_tier "auto"' in found[0]["message"]
    fresh = dict(groq, settings=None)
    assert lint(tmp_path, "c.zip", v2_zip(sqlite_db([fresh], models, [a]), "2.0.8")) == (0, [])


@needs_deserialize
def test_v2_0_json_namespace_wins(tmp_path):
    db = sqlite_db([V2_PROVIDER], V2_MODEL, [v2_assistant([custom("openai", '{"serviceTier":"flex"}', "json")])])
    assert lint(tmp_path, "b.zip", v2_zip(db, "2.0.8")) == (0, [])


@needs_deserialize
def test_v2_later_builds_openrouter_selection_wins(tmp_path):
    router = {"provider_id": "openrouter", "preset": "openrouter", "name": "OpenRouter"}
    models = [("openrouter", "openai/gpt-5.4-mini", "GPT-5.4 mini")]
    a = {"id": "a1", "name": "Router", "model_id": "openrouter::openai/gpt-5.4-mini",
         "settings": {"customParameters": FLEX}}
    db = sqlite_db([router], models, [a], api_features_column=False)
    code, found = lint(tmp_path, "b.zip", v2_zip(db, "2.1.0"))
    assert sorted(rules(found)) == [("error", "service-tier-overridden"), ("info", "app-version-assumed")]
    over = next(d for d in found if d["rule"] == "service-tier-overridden")
    assert 'Standard, sent as "default"' in over["message"] and "Service Tier to Flex" in over["fix"]
    info = next(d for d in found if d["rule"] == "app-version-assumed")
    assert info["path"] == "b.zip/metadata.json" and info["line"] > 1
    a["settings"]["service_tier"] = "flex"
    db = sqlite_db([router], models, [a], api_features_column=False)
    _, found = lint(tmp_path, "c.zip", v2_zip(db, "2.1.0"))
    assert rules(found) == [("info", "app-version-assumed")]


@needs_deserialize
def test_v2_later_builds_official_openai_sends_the_custom_tier(tmp_path):
    db = sqlite_db([V2_PROVIDER], V2_MODEL, [v2_assistant()], api_features_column=False)
    _, found = lint(tmp_path, "b.zip", v2_zip(db, "2.2.0"))
    assert rules(found) == [("info", "app-version-assumed")]


# What uses the default model (preference chat.default_model_id) in 2.0.x: chats without an assistant,
# never an assistant whose model_id is empty (the app refuses to send for it).
V2_MODELS = [("openai", "gpt-5.4-mini", "GPT-5.4 mini"), ("openai", "gpt-5.3-codex", "GPT-5.3 Codex")]
MIGRATED_FLEX = dict(V2_PROVIDER, settings={"serviceTier": "flex"})  # chosen in 1.x, carried over
DEFAULTS = {"chat.default_model_id": "openai::gpt-5.3-codex", "feature.translate.model_id": "openai::gpt-5.4-mini",
            "feature.quick_assistant.model_id": "openai::gpt-5.4-mini", "chat.message.font_size": 14}


def no_model(customs=FLEX):
    return {"id": "a2", "name": "No model yet", "model_id": None, "settings": {"customParameters": customs}}


def test_v2_preference_table_is_read_as_the_app_writes_it(tmp_path):
    from flexlint.dialects.cherry_studio.storage.database import read_sqlite

    def on_disk(data: bytes) -> Path:  # a database file is read in place (from a zip it needs Python 3.11)
        target = tmp_path / f"db{len(list(tmp_path.iterdir()))}.sqlite"
        target.write_bytes(data)
        return target

    db = sqlite_db([V2_PROVIDER], V2_MODELS, [], preferences=DEFAULTS)
    (doc,) = read_sqlite("cherrystudio.sqlite", on_disk(db))
    prefs = doc.root.get("preference")
    assert list(prefs.value) == ["chat.default_model_id"]  # only what flexlint reads
    node = prefs.get("chat.default_model_id")
    assert node.value == "openai::gpt-5.3-codex"  # JSON.stringify'd once, decoded once
    assert node.path == ("preference", "chat.default_model_id", "value")
    other = sqlite_db([V2_PROVIDER], V2_MODELS, [], preferences={"chat.default_model_id": ("user", "openai::x")})
    assert read_sqlite("c.sqlite", on_disk(other))[0].root.get("preference").value == {}  # only scope 'default' is used


@needs_deserialize
def test_v2_default_chat_on_2_0_8_sends_the_carried_over_tier_to_the_default_model(tmp_path):
    db = sqlite_db([MIGRATED_FLEX], V2_MODELS, [], preferences=DEFAULTS)
    code, found = lint(tmp_path, "b.zip", v2_zip(db, "2.0.8"))
    assert code == 1 and rules(found) == [("error", "flex-unsupported-model")]
    d = found[0]
    assert d["json_path"] == "preference.chat.default_model_id.value"  # at the preference row
    assert "chats without an assistant" in d["message"] and "gpt-5.3-codex" in d["message"]
    assert "table preference, row chat.default_model_id, column value" in d["message"]


@needs_deserialize
def test_v2_default_chat_before_2_0_8_gets_no_provider_options(tmp_path):
    db = sqlite_db([MIGRATED_FLEX], V2_MODELS, [], preferences=DEFAULTS)
    assert lint(tmp_path, "b.zip", v2_zip(db, "2.0.7")) == (0, [])


@needs_deserialize
def test_v2_default_chat_own_flex_check_names_the_default_model_setting(tmp_path):
    models = [("openai", "gpt-4o", "GPT-4o")]
    db = sqlite_db([MIGRATED_FLEX], models, [], preferences={"chat.default_model_id": "openai::gpt-4o"})
    _, found = lint(tmp_path, "b.zip", v2_zip(db, "2.0.8"))
    assert rules(found) == [("warning", "parameter-dropped")]
    assert "chats without an assistant" in found[0]["message"]
    assert found[0]["fix"] == ("choose a flex-capable model (e.g. gpt-5.4-mini) as the Default Assistant Model "
                               "(Settings → Default Model)")


@pytest.mark.parametrize("version", ["2.0.0", "2.0.8"])
@needs_deserialize
def test_v2_assistant_without_a_model_is_no_request_even_with_a_default_model(tmp_path, version):
    """2.0.x refuses to send for it ("has no model configured"); the default model is not used."""
    db = sqlite_db([V2_PROVIDER], V2_MODELS, [no_model()], preferences=DEFAULTS)
    assert lint(tmp_path, "b.zip", v2_zip(db, version)) == (0, [])
    # The same assistant once a model is chosen: its own model decides.
    chosen = dict(no_model(), model_id="openai::gpt-5.3-codex")
    db = sqlite_db([V2_PROVIDER], V2_MODELS, [chosen], preferences=DEFAULTS)
    _, found = lint(tmp_path, "c.zip", v2_zip(db, version))
    assert sorted(rules(found)) == [("error", "flex-unsupported-model"), ("error", "service-tier-overridden")]
    assert {d["json_path"] for d in found} >= {"user_model.openai::gpt-5.3-codex.model_id"}


@needs_deserialize
def test_v2_default_chat_without_a_usable_default_model_is_no_request(tmp_path):
    for prefs in ({}, {"chat.default_model_id": None}, {"chat.default_model_id": "gone::gpt-5.3-codex"},
                  {"chat.default_model_id": "openai::gpt-5.3-codex-removed"}):
        db = sqlite_db([MIGRATED_FLEX], V2_MODELS, [], preferences=prefs)
        assert lint(tmp_path, "b.zip", v2_zip(db, "2.0.8")) == (0, []), prefs


def test_bare_sqlite_database(tmp_path):
    db = sqlite_db([V2_PROVIDER], V2_MODEL, [v2_assistant()])
    code, found = lint(tmp_path, "cherrystudio.sqlite", db)
    assert sorted(rules(found)) == [("error", "service-tier-overridden"), ("info", "app-version-assumed")]


# ------------------------------------------------------------------ bad and hostile input


def test_truncated_data_json_is_a_parse_error_with_position(tmp_path):
    data = one()
    data = data[: data.index(b"_persist")]
    code, found = lint(tmp_path, "data.json", data)
    assert code == 2 and rules(found) == [("error", "parse-error")]
    assert found[0]["line"] == 1 and data.decode()[found[0]["column"] - 2:].startswith(":\"{")  # the persist string
    assert "unterminated string" in found[0]["message"]


def test_broken_inner_layer_points_into_the_file(tmp_path):
    data = one().replace(b'\\\\\\"serviceTier\\\\\\":\\\\\\"auto\\\\\\"', b'\\\\\\"serviceTier\\\\\\":auto', 1)
    code, found = lint(tmp_path, "data.json", data)
    assert code == 2 and rules(found) == [("error", "parse-error")]
    col = found[0]["column"]
    assert data.decode()[col - 1:].startswith("auto")


def test_not_a_zip(tmp_path):
    code, found = lint(tmp_path, "backup.zip", b"PK\x03\x04 not really a zip")
    assert code == 2 and "zip" in found[0]["message"]


def test_zip_bomb_is_refused(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data.json", b'{"time":1,"version":5,"localStorage":{"persist:cherry-studio":"' + b" " * (300 * 1024 * 1024) + b'"}}')
    code, found = lint(tmp_path, "bomb.zip", bomb.read_bytes())
    assert code == 2 and "zip bomb" in found[0]["message"]


def test_lying_sizes_are_caught(tmp_path):
    from flexlint.core.document import SourceError
    from flexlint.sources.archive import Archive

    buf = tmp_path / "liar.zip"
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("data.json", b"x" * 5000)
    raw = bytearray(buf.read_bytes())
    # Declare 100 bytes in both headers: the stream holds 5000.
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.find(sig)
        raw[at + off:at + off + 4] = (100).to_bytes(4, "little")
    with pytest.raises(SourceError):
        Archive(bytes(raw)).read("data.json")


def test_path_traversal_names_are_ignored(tmp_path):
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../data.json", one())
        zf.writestr("/etc/data.json", one())
    before = sorted(p.name for p in tmp_path.parent.iterdir())
    assert lint(tmp_path, "evil.zip", evil.read_bytes()) == (0, [])
    assert sorted(p.name for p in tmp_path.parent.iterdir()) == before


def test_nothing_is_written(tmp_path):
    (tmp_path / "b.zip").write_bytes(backup_zip(one()))
    db = sqlite_db([V2_PROVIDER], V2_MODEL, [v2_assistant()])
    (tmp_path / "cherrystudio.sqlite").write_bytes(db)
    snapshot = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    proc = run_cli(".", cwd=tmp_path)
    assert proc.returncode == 1
    assert {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in tmp_path.iterdir()} == snapshot


# ------------------------------------------------------------------ directory walks and size


def test_directory_walk_reads_backups_and_skips_unrelated_zips(tmp_path):
    from flexlint.run.documents import wanted

    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / "cherry.zip").write_bytes(backup_zip(one()))
    other = tmp_path / "backups" / "photos.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("IMG_0001.jpg", b"\xff\xd8" + b"\x00" * 1000)
    assert not wanted(other, "zip")
    assert wanted(tmp_path / "backups" / "cherry.zip", "zip")
    proc = run_cli("--format", "json", "backups", cwd=tmp_path)
    found = json.loads(proc.stdout)
    assert {d["path"] for d in found} == {"backups/cherry.zip/data.json"}


def test_size_limit_does_not_apply_to_a_backup(tmp_path):
    history = [{"id": f"t{i}", "messages": [{"id": f"m{i}", "content": "x" * 2000}]} for i in range(1200)]
    data = one(history=history)
    assert len(data) > 2 * 1024 * 1024
    code, found = lint(tmp_path, "data.json", data, "--max-file-size", "1")
    assert rules(found) == [("error", "service-tier-overridden")]


def test_history_is_never_parsed(tmp_path):
    # A broken history does not stop the settings from being read (the app writes it in this order).
    data = one()
    data = data[: data.rindex(b'"indexedDB"')] + b'"indexedDB":{"topics":[{"broken":'
    code, found = lint(tmp_path, "data.json", data)
    assert rules(found) == [("error", "service-tier-overridden")]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_no_key_in_any_format_even_under_the_caret(tmp_path, fmt):
    """The app writes data.json on one line: the source line shown under a caret holds every key."""
    files = {"data.json": one(), "backup.zip": backup_zip(one())}
    if sys.version_info >= (3, 11):
        files["v2.zip"] = v2_zip(sqlite_db([V2_PROVIDER], V2_MODEL, [v2_assistant()]))
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    assert KEY.encode() in (tmp_path / "data.json").read_bytes()  # the fixture really holds the key
    for extra in ([], ["--show-source"], ["--output-file", "report.out"]):
        proc = run_cli("--format", fmt, *extra, *files, cwd=tmp_path)
        outputs = proc.stdout + proc.stderr
        if (tmp_path / "report.out").exists():
            outputs += (tmp_path / "report.out").read_bytes()
        assert proc.returncode == 1, proc.stderr.decode()
        assert b"service" in outputs  # findings were printed
        for secret in (KEY, KEY[8:30], KEY[-16:]):
            assert secret.encode() not in outputs, (fmt, extra)


@pytest.mark.skipif(sys.version_info >= (3, 11), reason="Python 3.11+ reads the database from memory")
def test_v2_zip_on_python_3_10_says_how_to_lint_it(tmp_path):
    db = sqlite_db([V2_PROVIDER], V2_MODEL, [v2_assistant()])
    code, found = lint(tmp_path, "cherry-studio.backup.zip", v2_zip(db, "2.0.8"))
    assert code == 2 and rules(found) == [("error", "parse-error")]
    assert "Python 3.11" in found[0]["message"] and "extract the database" in (found[0]["fix"] or "")


# ------------------------------------------------------------------ v2 databases in WAL mode, as the app writes them


def test_v2_database_is_written_in_wal_mode_like_the_app():
    db = sqlite_db([V2_PROVIDER], V2_MODEL, [v2_assistant()])
    assert db[18:20] == b"\x02\x02"  # the header says WAL: deserialize cannot open these bytes as they are
    assert sqlite_db([V2_PROVIDER], V2_MODEL, [], journal="delete")[18:20] == b"\x01\x01"


@needs_deserialize
@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_v2_backup_zip_in_either_journal_mode(tmp_path, journal):
    db = sqlite_db([V2_PROVIDER], V2_MODEL, [v2_assistant()], journal=journal)
    code, found = lint(tmp_path, "cherry-studio.backup.zip", v2_zip(db, "2.0.8"))
    assert code == 1 and rules(found) == [("error", "service-tier-overridden")]


@needs_deserialize
def test_v2_changes_still_in_the_wal_file_are_read(tmp_path):
    """A copy of a running app's Data folder: the rows are only in cherrystudio.sqlite-wal."""
    db, wal = sqlite_db([V2_PROVIDER], V2_MODEL, [v2_assistant()], pending=True)
    assert wal and len(wal) > 32
    code, found = lint(tmp_path, "with-wal.zip", v2_zip(db, "2.0.8", wal=wal))
    assert rules(found) == [("error", "service-tier-overridden")]
    assert lint(tmp_path, "without-wal.zip", v2_zip(db, "2.0.8")) == (0, [])  # the file alone has no rows yet
    # The same on disk: the -wal file beside the database is read, and nothing is written next to them.
    folder = tmp_path / "Data"
    folder.mkdir()
    (folder / "cherrystudio.sqlite").write_bytes(db)
    (folder / "cherrystudio.sqlite-wal").write_bytes(wal)
    before = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}
    proc = run_cli("--format", "json", "Data/cherrystudio.sqlite", cwd=tmp_path)
    found = json.loads(proc.stdout)
    assert sorted(rules(found)) == [("error", "service-tier-overridden"), ("info", "app-version-assumed")]
    assert {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()} == before  # no -shm


def test_v2_wal_database_on_disk_without_pending_changes(tmp_path):
    """Read in place (immutable), also on Python 3.10: the checkpointed file holds everything."""
    db = sqlite_db([V2_PROVIDER], V2_MODEL, [v2_assistant()])
    code, found = lint(tmp_path, "cherrystudio.sqlite", db)
    assert sorted(rules(found)) == [("error", "service-tier-overridden"), ("info", "app-version-assumed")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cherrystudio.sqlite"]


# ------------------------------------------------------------------ per-model parameters


def chat_provider(store: int, customs: list) -> bytes:
    """An OpenAI provider of type `openai` (Chat Completions) and one assistant on gpt-5.6-terra."""
    return data_json(store, [provider(ptype="openai", models=[model("gpt-5.6-terra")])],
                     [assistant("Batch summariser", customs, model("gpt-5.6-terra"))])


def test_legacy_custom_parameters_reach_the_body_and_the_model_refuses_them(tmp_path):
    """≤ 1.5 copies custom parameters into the request as written: max_tokens and a temperature the model refuses."""
    customs = [custom("max_tokens", 2000, "number"), custom("temperature", 0.2, "number")]
    code, found = lint(tmp_path, "data.json", chat_provider(130, customs))
    assert code == 1
    assert sorted(rules(found)) == [("error", "max-tokens-unsupported"), ("error", "sampling-needs-effort-none")]
    [tokens] = [d for d in found if d["rule"] == "max-tokens-unsupported"]
    assert "Use 'max_completion_tokens' instead." in tokens["message"] and 'assistant "Batch summariser' in tokens["message"]


def test_legacy_custom_parameters_made_valid(tmp_path):
    customs = [custom("max_completion_tokens", 2000, "number"), custom("reasoning_effort", "none"),
               custom("temperature", 0.2, "number")]
    assert lint(tmp_path, "data.json", chat_provider(130, customs)) == (0, [])


def test_the_apps_own_sampling_toggles_are_left_to_the_app(tmp_path):
    """Cherry Studio itself removes temperature for reasoning models and maps max tokens: no finding."""
    data = one(208, [], mdl=model("gpt-5.6-terra"))
    text = data.decode().replace('\\\\\\"enableTemperature\\\\\\":false', '\\\\\\"enableTemperature\\\\\\":true')
    assert text != data.decode()
    assert lint(tmp_path, "data.json", text.encode()) == (0, [])


HISTORY = [{"id": f"topic-{i}", "messages": [{"id": f"m{i}", "role": "user", "content": "敏捷的狐狸 🙂 [{\"x\": 1}]\nline two"}]}
           for i in range(40)]


def _reordered(data: bytes, pretty: bool) -> bytes:
    """The same backup with indexedDB before localStorage, as a tool that re-serialises it writes."""
    backup = json.loads(data)
    first = {"time": backup["time"], "version": backup["version"], "indexedDB": backup["indexedDB"],
             "localStorage": backup["localStorage"]}
    if pretty:
        return json.dumps(first, ensure_ascii=False, indent=2).encode()
    return json.dumps(first, ensure_ascii=False, separators=(",", ":")).encode()


def _pointed(text: str, finding: dict) -> str:
    """The text a finding's start points at (line and code-point column, 1-based)."""
    line = text.split("\n")[finding["line"] - 1]
    return line[finding["column"] - 1:finding["column"] + 39]


@pytest.mark.parametrize("pretty", [False, True])
def test_a_backup_in_any_key_order_gives_the_same_findings_at_the_same_places(tmp_path: Path, pretty: bool) -> None:
    """indexedDB (chat history, skipped unread) before localStorage: same findings, each pointing at the same text."""
    app = data_json(208, [provider()], [assistant("Batch", FLEX, model("gpt-5.4-mini"))], history=HISTORY)
    other = _reordered(app, pretty)
    found = {}
    for name, data in (("app/data.json", app), ("other/data.json", other)):
        (tmp_path / name).parent.mkdir()
        (tmp_path / name).write_bytes(data)
        proc = run_cli("--no-cache", "--format", "json", name, cwd=tmp_path)
        found[name] = (json.loads(proc.stdout), data.decode())
    (a, app_text), (b, other_text) = found["app/data.json"], found["other/data.json"]
    assert a and [(d["code"], d["message"]) for d in a] == [(d["code"], d["message"]) for d in b]
    assert [_pointed(app_text, d) for d in a] == [_pointed(other_text, d) for d in b]


def test_a_large_backup_in_any_key_order_is_read_past_the_size_limit() -> None:
    """Only the settings are parsed in either order, so neither is refused for its size (the history's)."""
    from flexlint.run.documents import reads_partially

    app = data_json(208, [provider()], [assistant("Batch", FLEX, model("gpt-5.4-mini"))], history=HISTORY)
    assert reads_partially(app[:4096]) and reads_partially(_reordered(app, True)[:4096])
    assert not reads_partially(b'{"model": "gpt-5", "indexedDB": 1}')
