"""Cherry Studio's direct backup (format 6) and the provider behaviour of each release, through the real CLI.

The direct backup is what the Backup button, automatic backups, WebDAV, S3 and Nutstore write in
1.8.1–1.9.12: Chromium's localStorage LevelDB in a zip. Its settings are the same redux-persist
string a data.json holds, so they must give the same findings, named by where they are in the app.
"""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CASES, run_cli

sys.path.insert(0, str(Path(__file__).parent))

import leveldb_writer as W  # noqa: E402
from write_watch import watched  # noqa: E402
from backups import (  # noqa: E402
    KEY,
    PERSIST_KEY,
    assistant,
    backup_zip,
    custom,
    data_json,
    direct_zip,
    leveldb_files,
    model,
    persist,
    provider,
    sqlite_db,
    v2_zip,
)

FIXTURE = CASES / "cherry-studio" / "format6" / "backup-v1.9.12-direct.zip"
FLEX = [custom("service_tier", "flex")]
CAMEL = [custom("serviceTier", "flex")]
LEVELDB = "Local Storage/leveldb"
PLACE = "persist:cherry-studio › assistants › assistants[{}] › settings › customParameters[{}]"


def lint(tmp_path: Path, name: str, data: bytes, *args: str) -> tuple[int, list[dict]]:
    (tmp_path / name).write_bytes(data)
    proc = run_cli("--format", "json", *args, name, cwd=tmp_path)
    assert b"Traceback" not in proc.stderr + proc.stdout, proc.stderr.decode()
    assert KEY.encode() not in proc.stdout + proc.stderr and KEY[8:30].encode() not in proc.stdout + proc.stderr
    return proc.returncode, json.loads(proc.stdout or b"[]")


def rules(found: list[dict]) -> list[tuple[str, str]]:
    return sorted((d["severity"], d["rule"]) for d in found)


def strip_place(message: str) -> str:
    """A format-6 message without the place it starts with (a data.json finding has a line and column instead)."""
    return message.split(": ", 1)[1] if message.startswith("persist:cherry-studio › ") else message


# ------------------------------------------------------------------ the real backup written by Chromium


def test_real_backup_gives_the_findings_its_state_implies(tmp_path):
    """Its newest revision: OpenAI's Service Tier is flex, so the snake_case custom parameter of
    "Batch summariser (flex) v6" is dropped but flex is sent anyway, for it and every other assistant on
    gpt-5.4-mini. The deprecated settings.openAI.serviceTier ("auto") is read by no release. Nothing to say."""
    proc = run_cli("--format", "json", str(FIXTURE.relative_to(CASES)), cwd=CASES)
    assert (proc.returncode, json.loads(proc.stdout), proc.stderr) == (0, [], b"")

    # ... and that silence is a reading, not a failure to read: every assistant is a request that sends flex.
    from flexlint.dialects import choose
    from flexlint.run.documents import read_documents

    (doc,) = read_documents("backup.zip", FIXTURE)
    assert doc.path == f"backup.zip/{LEVELDB}"
    sites = list(choose(doc).read(doc).sites)
    assert len(sites) == 82  # 80 assistants, "Batch summariser (flex) v6" and the default assistant
    assert {s.effective[("service_tier",)].value for s in sites} == {"flex"}
    batch = next(s for s in sites if "Batch summariser (flex) v6" in s.origin)
    assert batch.app_version.label == "Cherry Studio 1.9.12"  # from metadata.json, not the store version
    setting = batch.effective[("service_tier",)].node
    assert doc.where(setting.start) == "persist:cherry-studio › llm › providers[openai] › serviceTier"
    assert doc.position(setting.start) == (1, 1)


def _torn_fixture() -> tuple[bytes, str]:
    """The real backup as a copy taken while Chromium wrote revision 6: its last log record cut short."""
    from flexlint.dialects.cherry_studio.storage.leveldb import read_local_storage

    out = io.BytesIO()
    files = {}
    with zipfile.ZipFile(FIXTURE) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("000018.log"):
                data = data[:-1000]
            if info.filename.startswith(LEVELDB + "/") and not info.filename.endswith("/"):
                files[info.filename.rsplit("/", 1)[1]] = data
            dst.writestr(info, data)
    value = read_local_storage(files).get("file://", "persist:cherry-studio")
    return out.getvalue(), value


def test_a_copy_taken_mid_write_gives_what_the_restored_app_has_and_what_its_data_json_gives(tmp_path):
    """Chromium drops the torn record, so revision 5 is what a restore brings back: its OpenAI Service
    Tier is "default", which beats the custom service_tier of "Batch summariser (flex) v5"."""
    backup, value = _torn_fixture()
    assert "(edit 5)" in value and "(edit 6)" not in value
    code, found = lint(tmp_path, "torn.zip", backup)
    assert code == 1 and rules(found) == [("error", "service-tier-overridden")]
    (d,) = found
    assert (d["path"], d["line"], d["column"]) == (f"torn.zip/{LEVELDB}", 1, 1)
    assert d["message"].startswith(PLACE.format("Batch summariser (flex) v5", "service_tier") + ": ")
    assert 'service_tier "default"' in d["message"] and "on Cherry Studio 1.9.12 " in d["message"]
    assert [r["message"] for r in d["related"]] == [
        'persist:cherry-studio › llm › providers[openai] › serviceTier: this setting wins: service_tier "default"'
    ]

    # The data.json of the same state (what "Export as file" writes) gives the same finding at a line and column.
    backup_json = json.dumps({"time": 1780000000000, "version": 5, "localStorage": {"persist:cherry-studio": value},
                              "indexedDB": {}}, ensure_ascii=False, separators=(",", ":")).encode()
    _, same = lint(tmp_path, "data.json", backup_json)
    (j,) = same
    assert (j["rule"], j["severity"], j["json_path"], j["fix"]) == (d["rule"], d["severity"], d["json_path"], d["fix"])
    assert strip_place(d["message"]) == j["message"].replace(" (store version 208)", "")
    assert j["line"] == 1 and j["column"] > 1


def test_directory_walk_finds_direct_backups(tmp_path):
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / "cherry-studio.202612011200.zip").write_bytes(_torn_fixture()[0])
    proc = run_cli("--format", "json", ".", cwd=tmp_path)
    assert {d["path"] for d in json.loads(proc.stdout)} == {f"backups/cherry-studio.202612011200.zip/{LEVELDB}"}


# ------------------------------------------------------------------ providers per release (knowledge §9c)

OPENAI = provider()  # the official provider, Service Tier "auto" as shipped
GROQ = provider("groq", "openai", tier=None, host="https://api.groq.com/openai", models=[model("openai/gpt-oss-120b", "groq")])
AIHUBMIX = provider("aihubmix", "openai", tier=None, host="https://aihubmix.com", models=[model("gpt-5.4-mini", "aihubmix")])
NEWAPI = provider("new-api", "new-api", tier=None, host="https://newapi.example.com",
                  models=[model("gpt-5.4-mini", "new-api")])
CHERRYIN = provider("cherryin", "openai", tier=None, host="https://open.cherryin.ai", models=[model("gpt-5.4-mini", "cherryin")])
ROUTER = provider("openrouter", "openai", tier=None, host="https://openrouter.ai/api/v1",
                  models=[model("openai/gpt-5.4-mini", "openrouter")])
CUSTOM = provider("my-proxy", "openai", tier=None, system=False, host="https://llm.example.com",
                  models=[model("gpt-5.4-mini", "my-proxy")])
CUSTOM_RESPONSES = provider("my-responses", "openai-response", tier=None, system=False, host="https://llm.example.com",
                            models=[model("gpt-5.4-mini", "my-responses")])
AZURE = provider("azure-openai", "azure-openai", tier=None, host="https://x.openai.azure.com",
                 models=[model("gpt-5.4-mini", "azure-openai")], apiVersion="v1")


def on(prov: dict, model_id: str | None = None, endpoint: str | None = None) -> tuple[dict, dict]:
    mdl = model(model_id or prov["models"][0]["id"], prov["id"])
    if endpoint:
        mdl["endpoint_type"] = endpoint
    return prov, mdl


DROPPED = [("warning", "parameter-dropped")]
# A tier that reaches a gateway flexlint does not know: no verdict, one note that says so.
UNKNOWN = [("info", "unknown-target")]
RENAME = "rename the custom parameter to `serviceTier`"

# (case, provider and model, release, custom parameters, findings, words of the fix or None)
MATRIX = [
    ("openai", on(OPENAI), "1.9.12", FLEX, [("error", "service-tier-overridden")], "choose flex in"),
    ("openai camelCase", on(OPENAI), "1.9.12", CAMEL, [], None),
    # (A deployment name is not a model id: the model checks say they cannot judge it.)
    ("azure", on(AZURE), "1.9.12", FLEX, DROPPED + [("info", "azure-deployment-unchecked")], None),
    ("custom openai-compatible", on(CUSTOM), "1.9.12", FLEX, UNKNOWN, None),
    ("custom openai-response", on(CUSTOM_RESPONSES), "1.9.12", FLEX, DROPPED, RENAME),
    ("openrouter", on(ROUTER), "1.9.12", FLEX, [], None),
    ("groq before @ai-sdk/groq", on(GROQ), "1.8.2", FLEX, [], None),
    ("groq from 1.8.3", on(GROQ), "1.8.3", FLEX, DROPPED, RENAME),
    ("groq 1.9.12", on(GROQ), "1.9.12", FLEX, DROPPED, RENAME),
    ("groq 1.9.12 camelCase", on(GROQ), "1.9.12", CAMEL, [], None),
    ("aihubmix 1.6", on(AIHUBMIX), "1.6.0", FLEX, DROPPED, RENAME),
    ("aihubmix 1.8.4", on(AIHUBMIX), "1.8.4", FLEX, DROPPED, RENAME),
    ("aihubmix 1.9.0", on(AIHUBMIX), "1.9.0", FLEX, DROPPED, "update Cherry Studio to 1.9.2 or later"),
    ("aihubmix 1.9.1 camelCase", on(AIHUBMIX), "1.9.1", CAMEL, DROPPED, "update Cherry Studio to 1.9.2 or later"),
    ("aihubmix 1.9.2", on(AIHUBMIX), "1.9.2", FLEX, DROPPED, RENAME),
    ("aihubmix 1.9.12 camelCase", on(AIHUBMIX), "1.9.12", CAMEL, UNKNOWN, None),
    ("aihubmix claude", on(AIHUBMIX, "claude-sonnet-4-5"), "1.9.12", FLEX, [], None),
    ("new api 1.8.4", on(NEWAPI), "1.8.4", FLEX, UNKNOWN, None),
    ("new api 1.9.1", on(NEWAPI), "1.9.1", FLEX, UNKNOWN, None),
    ("new api 1.9.1 endpoint openai", on(NEWAPI, endpoint="openai"), "1.9.1", FLEX, UNKNOWN, None),
    ("new api 1.9.2", on(NEWAPI), "1.9.2", FLEX, DROPPED, "endpoint type to OpenAI-Response"),
    ("new api 1.9.12 camelCase", on(NEWAPI), "1.9.12", CAMEL, DROPPED, "endpoint type to OpenAI-Response"),
    ("new api 1.9.12 endpoint openai", on(NEWAPI, endpoint="openai"), "1.9.12", FLEX, DROPPED, "OpenAI-Response"),
    ("new api responses 1.8.4", on(NEWAPI, endpoint="openai-response"), "1.8.4", FLEX, DROPPED, RENAME),
    ("new api responses 1.9.0", on(NEWAPI, endpoint="openai-response"), "1.9.0", FLEX, DROPPED, "to 1.9.2 or later"),
    ("new api responses 1.9.2", on(NEWAPI, endpoint="openai-response"), "1.9.2", FLEX, DROPPED, RENAME),
    ("new api responses 1.9.12 camelCase", on(NEWAPI, endpoint="openai-response"), "1.9.12", CAMEL, UNKNOWN, None),
    ("new api anthropic endpoint", on(NEWAPI, "claude-sonnet-4-5", "anthropic"), "1.9.12", FLEX, [], None),
    ("cherryin 1.9.2", on(CHERRYIN), "1.9.2", FLEX, DROPPED, "update Cherry Studio to 1.9.3 or later"),
    ("cherryin 1.9.3", on(CHERRYIN), "1.9.3", FLEX, DROPPED, RENAME),
    ("cherryin 1.9.12 camelCase", on(CHERRYIN), "1.9.12", CAMEL, UNKNOWN, None),
    ("cherryin 1.6.0 (not read)", on(CHERRYIN), "1.6.0", FLEX, [], None),
]


@pytest.fixture(scope="module")
def matrix_run(tmp_path_factory) -> dict[str, list[dict]]:
    """Every backup of the matrix linted by one run of the CLI (one interpreter start, not thirty)."""
    folder = tmp_path_factory.mktemp("matrix")
    for i, (_, (prov, mdl), release, customs, _, _) in enumerate(MATRIX):
        backup = direct_zip(208, [prov], [assistant("Batch", customs, mdl)], app_version=release, default_model=mdl)
        (folder / f"case{i:02d}.zip").write_bytes(backup)
    proc = run_cli("--format", "json", ".", cwd=folder)
    assert b"Traceback" not in proc.stderr and KEY[8:30].encode() not in proc.stdout
    found: dict[str, list[dict]] = {}
    for d in json.loads(proc.stdout):
        found.setdefault(d["path"].split("/")[0], []).append(d)
    return found


@pytest.mark.parametrize("index", range(len(MATRIX)), ids=[m[0] for m in MATRIX])
def test_provider_per_release(matrix_run, index):
    case, _, release, customs, expected, fix = MATRIX[index]
    found = matrix_run.get(f"case{index:02d}.zip", [])
    assert rules(found) == sorted(expected), [d["message"] for d in found]
    for d in (d for d in found if d["rule"] not in ("azure-deployment-unchecked", "unknown-target")):
        assert d["path"] == f"case{index:02d}.zip/{LEVELDB}"
        assert d["message"].startswith(PLACE.format("Batch", customs[0]["name"]) + ": ")
        assert f"on Cherry Studio {release} " in d["message"]
        assert fix is None or fix in d["fix"]
    for d in (d for d in found if d["rule"] == "unknown-target"):
        assert d["message"].startswith("persist:cherry-studio") and "apiHost" in d["message"]
    if case.startswith("groq") and expected:
        assert "@ai-sdk/groq" in found[0]["message"] and "on_demand" in found[0]["message"]


def test_every_era_of_the_provider_table_has_a_source_and_the_eras_follow_each_other():
    from flexlint.dialects.cherry_studio.providers import _table
    from flexlint.dialects.cherry_studio.versions import parse_version

    table = _table()
    for row in table["providers"]:
        previous = None
        for era in row["eras"]:
            first, last = (parse_version(str(v)) for v in era["releases"])
            assert first is not None and last is not None and first <= last <= (1, 9, 12), row["name"]
            assert era["source"] and era["sdk"] in table["sdks"], row["name"]
            assert (era["writes"] != era["reads"]) == bool(era.get("fix")), row["name"]  # nothing arrives: say what works
            if previous is not None:
                assert first == (previous[0], previous[1], previous[2] + 1) or first[:2] > previous[:2], row["name"]
            previous = last


# ------------------------------------------------------------------ release ranges a store version names (data.json)


@pytest.mark.parametrize(
    "store, prov, expected, words",
    [
        # 1.9.0–1.9.6: New API forwards it on 1.9.0–1.9.1 and loses it from 1.9.2: say so, report nothing from doubt.
        (206, NEWAPI, [("info", "app-version-assumed")] + UNKNOWN, "on 1.9.2–1.9.6 no custom parameter reaches it"),
        # AiHubMix drops it on all of 1.9.0–1.9.6; only the fix differs: 1.9.0–1.9.1 ignore `serviceTier` too.
        (206, AIHUBMIX, DROPPED, "on 1.9.0–1.9.1 no custom parameter reaches AiHubMix"),
        (205, GROQ, DROPPED, "@ai-sdk/groq"),  # 1.8.3–1.8.4: both use @ai-sdk/groq
        (204, GROQ, [], None),  # 1.8.1–1.8.2: openai-compatible forwards it
    ],
)
def test_store_versions_name_release_ranges(tmp_path, store, prov, expected, words):
    mdl = model(prov["models"][0]["id"], prov["id"])
    code, found = lint(tmp_path, "data.json", data_json(store, [prov], [assistant("Batch", FLEX, mdl)], default_model=mdl))
    assert rules(found) == sorted(expected)
    if words:
        assert any(words in (d["message"] + " " + (d["fix"] or "")) for d in found)


@pytest.mark.parametrize("store, label", [(208, "Cherry Studio 1.9.12 (store version 208)"),
                                          (207, "Cherry Studio 1.9.7–1.9.11 (store version 207)"),
                                          (190, "Cherry Studio 1.7.x (store version 190)")])
def test_store_version_labels(tmp_path, store, label):
    _, found = lint(tmp_path, "data.json", data_json(store, [OPENAI], [assistant("Batch", FLEX, model("gpt-5.4-mini"))]))
    assert [d["rule"] for d in found] == ["service-tier-overridden"]
    assert f"on {label} " in found[0]["message"] and "1.7.0–1.9.x" not in found[0]["message"]


def test_app_version_newer_than_known(tmp_path):
    code, found = lint(tmp_path, "b.zip", direct_zip(208, [OPENAI], [assistant("Batch", FLEX, model("gpt-5.4-mini"))],
                                                     app_version="1.9.13"))
    assert rules(found) == [("error", "service-tier-overridden"), ("info", "app-version-assumed")]
    info = next(d for d in found if d["rule"] == "app-version-assumed")
    assert info["path"] == "b.zip/metadata.json" and info["line"] == 5  # at "appVersion" in metadata.json


# ------------------------------------------------------------------ the container as Chromium writes it


def test_compacted_table_latin1_and_utf16_values(tmp_path):
    # A state whose every character fits Latin-1 is stored in Chromium's one-byte form; emoji force UTF-16LE.
    for table in (False, True):
        for name in ("Batch café", "批处理 🍒"):
            value = persist(208, [OPENAI], [assistant(name, FLEX, model("gpt-5.4-mini"))])
            if "🍒" not in name:
                value = value.replace("😀", ":)")  # the assistants' emoji
            files = leveldb_files(value, table)
            if not table:  # one byte per character, or UTF-16LE
                assert (KEY.encode("latin-1") in files["000003.log"]) == ("🍒" not in name)
            code, found = lint(tmp_path, "b.zip", direct_zip(files=files))
            assert rules(found) == [("error", "service-tier-overridden")], (table, name)
            assert found[0]["message"].startswith(PLACE.format(name, "service_tier"))


def test_newest_value_wins_and_a_deleted_key_is_gone(tmp_path):
    older = persist(208, [provider(tier="flex")], [assistant("Batch", FLEX, model("gpt-5.4-mini"))])
    newer = persist(208, [provider(tier="auto")], [assistant("Batch", FLEX, model("gpt-5.4-mini"))])
    files = {"000005.ldb": W.table([(PERSIST_KEY, 10, W.js(newer))]),  # sequence 10 beats the log's 3
             "000007.log": W.log([W.batch(3, [(PERSIST_KEY, W.js(older))])])}
    _, found = lint(tmp_path, "b.zip", direct_zip(files=files))
    assert rules(found) == [("error", "service-tier-overridden")]
    files["000009.log"] = W.log([W.batch(11, [(PERSIST_KEY, None)])])
    code, found = lint(tmp_path, "c.zip", direct_zip(files=files))
    assert code == 2 and rules(found) == [("error", "parse-error")]
    assert "holds no persist:cherry-studio" in found[0]["message"] and "make a new backup" in found[0]["fix"]


def test_without_metadata_the_store_version_decides(tmp_path):
    _, found = lint(tmp_path, "b.zip", direct_zip(206, [AIHUBMIX], [assistant("Batch", FLEX, model("gpt-5.4-mini", "aihubmix"))],
                                                  app_version=None))
    assert rules(found) == DROPPED and "on Cherry Studio 1.9.0–1.9.6 (store version 206) " in found[0]["message"]


def test_another_apps_local_storage_is_not_judged(tmp_path):
    files = {"000003.log": W.log([W.batch(1, [(W.ls_key("file://", "theme"), W.js("dark"))])])}
    assert lint(tmp_path, "other-app.zip", direct_zip(files=files, app_version=None)) == (0, [])


def test_damaged_backups_are_clear_errors(tmp_path):
    value = persist(208, [OPENAI], [assistant("Batch", FLEX, model("gpt-5.4-mini"))])
    table = bytearray(leveldb_files(value, table=True)["000005.ldb"])
    table[-60] ^= 0xFF  # inside the index block handle region: no longer a table LevelDB wrote
    for name, files in (("table.zip", {"000005.ldb": bytes(table)}),
                        ("json.zip", leveldb_files(value[: len(value) // 2]))):
        code, found = lint(tmp_path, name, direct_zip(files=files))
        assert code == 2 and rules(found) == [("error", "parse-error")], name
        assert found[0]["path"] == name and found[0]["fix"]
    assert "not valid JSON" in found[0]["message"]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["providers", "assistants", "id", "type", "model", "settings", "customParameters", "name",
                         "value", "serviceTier", "defaultModel", "version", "provider", "endpoint_type", "x"]),
        inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["llm", "assistants", "settings", "_persist", "other"]),
                       JSON.map(lambda v: json.dumps(v)) | JSON, max_size=5),
       st.sampled_from(["1.9.12", "1.9.0", "1.6.0", "1.5.4", "2.0.0", "x"]))
def test_any_settings_shape_is_read_or_refused_never_a_traceback(slices, release):
    """Whatever the stored value holds, the reader and the dialect answer with findings or a SourceError."""
    from flexlint.core.document import SourceError
    from flexlint.dialects import choose
    from flexlint.run.documents import read_documents

    value = json.dumps(slices)
    try:
        docs = read_documents("b.zip", direct_zip(value=value, app_version=release))
    except SourceError as error:
        assert str(error) and error.hint
        return
    for doc in docs:
        for site in choose(doc).read(doc).sites:
            for drop in site.drops:
                doc.where(drop.node.anchor.start)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_no_key_in_any_format(tmp_path, fmt):
    (tmp_path / "b.zip").write_bytes(direct_zip(208, [OPENAI], [assistant("Batch", FLEX, model("gpt-5.4-mini"))]))
    assert KEY.encode("utf-16-le") in zipfile.ZipFile(tmp_path / "b.zip").read(f"{LEVELDB}/000003.log")
    proc = run_cli("--format", fmt, "--show-source", "b.zip", cwd=tmp_path)
    assert proc.returncode == 1 and b"service" in proc.stdout
    for secret in (KEY, KEY[8:30], KEY[-16:]):
        assert secret.encode() not in proc.stdout + proc.stderr


# ------------------------------------------------------------------ nothing is written while reading

CLI = """
from flexlint.faces.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    print("EXIT", exit.code)
"""


def _write_v2_backups(folder: Path) -> None:
    """A v2 backup zip, and the app's own database folder copied while it ran (rows still in the -wal)."""
    v2_provider = {"provider_id": "openai", "preset": "openai", "name": "OpenAI", "settings": {"serviceTier": "auto"}}
    v2_assistant = {"id": "a1", "name": "Batch", "model_id": "openai::gpt-5.4-mini", "settings": {"customParameters": FLEX}}
    db, wal = sqlite_db([v2_provider], [("openai", "gpt-5.4-mini", "GPT-5.4 mini")], [v2_assistant], pending=True)
    (folder / "v2.zip").write_bytes(v2_zip(db, wal=wal))
    (folder / "Data").mkdir()
    (folder / "Data" / "cherrystudio.sqlite").write_bytes(db)
    (folder / "Data" / "cherrystudio.sqlite-wal").write_bytes(wal)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="the v2 zip is read from memory with Python 3.11")
def test_nothing_is_written_anywhere_while_reading(tmp_path):
    (tmp_path / "direct.zip").write_bytes(_torn_fixture()[0])
    _write_v2_backups(tmp_path)
    before = sorted((str(p.relative_to(tmp_path)), p.stat().st_size, p.stat().st_mtime_ns) for p in tmp_path.rglob("*"))
    output, writes = watched(CLI, "--format", "json", "direct.zip", "v2.zip", "Data/cherrystudio.sqlite", cwd=tmp_path)
    found = json.loads("\n".join(output[:-1]))
    assert output[-1] == "EXIT 1" and writes == []
    assert {d["path"] for d in found} == {f"direct.zip/{LEVELDB}", "v2.zip/Data/cherrystudio.sqlite",
                                          "Data/cherrystudio.sqlite"}
    after = sorted((str(p.relative_to(tmp_path)), p.stat().st_size, p.stat().st_mtime_ns) for p in tmp_path.rglob("*"))
    assert after == before  # no -shm, no journal, no extracted folder, no temporary file


@pytest.mark.skipif(sys.version_info < (3, 11), reason="the v2 zip is read from memory with Python 3.11")
def test_fix_writes_no_backup_only_the_plain_file_beside_them(tmp_path):
    """`--fix --unsafe-fixes` over every kind of backup: each is reported as before and none is written.

    A plain request body in the same run is fixed, so the writing path does run: every write the
    hook sees is the temporary file beside that body and its rename over it.
    """
    (tmp_path / "direct.zip").write_bytes(direct_zip(208, [OPENAI], [assistant("Batch", FLEX, model("gpt-5.4-mini"))]))
    (tmp_path / "data.json").write_bytes(data_json(208, [OPENAI], [assistant("Batch", FLEX, model("gpt-5.4-mini"))]))
    (tmp_path / "cherry-studio.backup.zip").write_bytes(backup_zip((tmp_path / "data.json").read_bytes()))
    _write_v2_backups(tmp_path)
    (tmp_path / "body.json").write_text('{"model": "gpt-5.4-mini", "input": "hi", "serviceTier": "flex"}\n')
    backups = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.name != "body.json"}
    output, _ = watched(CLI, "--format", "json", ".", cwd=tmp_path)
    before = [d for d in json.loads("\n".join(output[:-1])) if d["path"] != "body.json"]
    assert {d["path"] for d in before} == {f"direct.zip/{LEVELDB}", "data.json", "cherry-studio.backup.zip/data.json",
                                           "v2.zip/Data/cherrystudio.sqlite", "Data/cherrystudio.sqlite"}

    output, writes = watched(CLI, "--fix", "--unsafe-fixes", "--format", "json", ".", cwd=tmp_path)
    assert output[-1] == "EXIT 1"
    assert json.loads("\n".join(output[:-1])) == before  # every backup finding is still reported, unchanged
    assert (tmp_path / "body.json").read_text() == '{"model": "gpt-5.4-mini", "input": "hi", "service_tier": "flex"}\n'
    # mkstemp beside body.json, its descriptor opened to write, chmod, the rename over body.json: nothing else
    assert [w for w in writes if "body.json" not in w and not re.match(r"WRITE \('open', \d+, ", w)] == [], writes
    assert [w for w in writes if w.startswith("WRITE ('os.rename'")] == [w for w in writes if w.endswith("'body.json', -1, -1))")]
    assert {p: p.read_bytes() for p in backups} == backups
    made = sorted(p.name for p in tmp_path.rglob("*") if ".flexlint_cache" not in p.relative_to(tmp_path).parts)
    assert made == sorted([p.name for p in backups] + ["body.json", "Data"])  # besides flexlint's own cache


def test_the_watch_sees_a_write(tmp_path):
    """The hook is not blind: a write the child makes itself is reported."""
    (tmp_path / "d.json").write_text("{}")
    output, writes = watched("open('x', 'wb').close()\n" + CLI, "--no-cache", "d.json", cwd=tmp_path)
    assert output[-1] == "EXIT 0" and len(writes) == 1 and "'x'" in writes[0]
