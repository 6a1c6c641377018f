"""Cherry Studio backups in the exact shapes the app writes them, built from a few facts.

v1 ``data.json`` is one ``JSON.stringify`` line of ``{time, version,
localStorage, indexedDB}``; ``localStorage["persist:cherry-studio"]`` is a
JSON string of slice name → JSON string (redux-persist), with
``_persist: {"version": <store schema>, "rehydrated": true}``. The backup zip
holds ``data.json`` (+ ``Data/``). The direct backup of 1.8.1–1.9.12
(format 6) holds ``metadata.json`` and Chromium's ``Local Storage/leveldb/``
with the same persist string as the newest value of its localStorage key.
v2 backups (format 7) hold ``metadata.json`` and ``Data/cherrystudio.sqlite``
(in WAL mode, checkpointed, as the app writes it), whose ``preference``
table has the DDL of 2.0.x and ``JSON.stringify`` values (drizzle json mode).
"""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path
import tempfile
import zipfile
from typing import Any

import leveldb_writer as W

KEY = "sk-proj-Qx7Lm2Np9Rs4Tv6Wy8Za1Bc3De5Fg7Hj9Kl0Mn2Pq4"  # a fake key, must never be printed


def model(model_id: str, provider: str = "openai", name: str | None = None) -> dict[str, Any]:
    return {"id": model_id, "provider": provider, "name": name or model_id, "group": model_id.split("-")[0]}


def provider(pid: str = "openai", ptype: str = "openai-response", tier: Any = "auto", models: list | None = None,
             api_key: str = KEY, system: bool = True, host: str = "https://api.openai.com", **extra: Any) -> dict:
    out = {"id": pid, "name": {"openai": "OpenAI", "groq": "Groq"}.get(pid, pid.title()), "type": ptype,
           "apiKey": api_key, "apiHost": host, "models": models or [model("gpt-5.4-mini", pid)],
           "isSystem": system, "enabled": True}
    if tier is not None:
        out["serviceTier"] = tier
    out.update(extra)
    return out


def custom(name: str, value: Any, ptype: str = "string") -> dict[str, Any]:
    return {"name": name, "value": value, "type": ptype}


def settings(customs: list | None = None) -> dict[str, Any]:
    return {"maxTokens": 4096, "enableMaxTokens": False, "temperature": 1, "enableTemperature": False,
            "topP": 1, "enableTopP": False, "contextCount": 5, "streamOutput": True,
            "customParameters": customs or [], "reasoning_effort": "default", "toolUseMode": "function"}


def assistant(name: str, customs: list | None = None, mdl: dict | None = None, aid: str | None = None) -> dict:
    out = {"id": aid or name.lower().replace(" ", "-"), "name": name, "emoji": "😀", "prompt": "", "topics": [],
           "messages": [], "type": "assistant", "regularPhrases": [], "settings": settings(customs)}
    if mdl is not None:
        out["model"] = mdl
    return out


def persist(store: int, providers: list, assistants: list, default_model: dict | None = None,
            openai_tier: Any = "auto") -> str:
    default = {"id": "default", "name": "Default Assistant", "emoji": "😀", "prompt": "", "topics": [],
               "messages": [], "type": "assistant", "regularPhrases": [], "settings": settings()}
    slices = {
        "assistants": {"defaultAssistant": default, "assistants": [dict(default)] + assistants, "tagsOrder": [], "collapsedTags": {},
                       "presets": [], "unifiedListOrder": []},
        "llm": {"providers": providers, "defaultModel": default_model or model("gpt-5.4-mini"),
                "topicNamingModel": model("gpt-5.4-mini"), "quickModel": model("gpt-5.4-mini"),
                "translateModel": model("gpt-5.4-mini"), "quickAssistantId": "", "settings": {}},
        "settings": {"language": "en-US", "openAI": {"summaryText": "auto", "serviceTier": openai_tier,
                                                      "streamOptions": {"includeUsage": True}}},
        "_persist": {"version": store, "rehydrated": True},
    }
    return json.dumps({k: json.dumps(v, ensure_ascii=False, separators=(",", ":")) for k, v in slices.items()},
                      ensure_ascii=False, separators=(",", ":"))


def data_json(store: int = 208, providers: list | None = None, assistants: list | None = None, *,
              pretty: bool = False, history: list | None = None, **kw: Any) -> bytes:
    """One line, as the app writes it (or the outer object pretty-printed, as an editor saves it)."""
    backup = {
        "time": 1781942400000,
        "version": 5,
        "localStorage": {"i18nextLng": "en-US", "persist:cherry-studio": persist(
            store, providers if providers is not None else [provider()], assistants or [], **kw)},
        "indexedDB": {"files": [], "topics": history or [], "settings": [], "knowledge_notes": [],
                      "translate_history": [], "quick_phrases": [], "message_blocks": [], "translate_languages": []},
    }
    if pretty:
        return json.dumps(backup, ensure_ascii=False, indent=2).encode()
    return json.dumps(backup, ensure_ascii=False, separators=(",", ":")).encode()


def backup_zip(data: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data.json", data)
        zf.writestr("Data/", b"")
        for name, content in (extra or {}).items():
            zf.writestr(name, content)
    return out.getvalue()


# ---------------------------------------------------------------- the direct backup (format 6)

PERSIST_KEY = W.ls_key("file://", "persist:cherry-studio")


def leveldb_files(value: str, table: bool = False) -> dict[str, bytes]:
    """Chromium's localStorage folder holding ``value`` as persist:cherry-studio (in a log, or compacted)."""
    bookkeeping = [(b"VERSION", b"1"), (b"META:file://", b"\x08\x80\x01\x10\x05")]
    theme = (W.ls_key("file://", "cherry-studio:theme"), W.js("light"))
    if table:
        entries = [(k, i + 1, v) for i, (k, v) in enumerate(bookkeeping + [theme, (PERSIST_KEY, W.js(value))])]
        return {"000005.ldb": W.table(entries), "000006.log": b""}
    return {"000003.log": W.log([W.batch(1, bookkeeping + [theme]), W.batch(4, [(PERSIST_KEY, W.js(value))])])}


def metadata(app_version: str, version: int = 6, **extra: Any) -> bytes:
    meta = {"version": version, "timestamp": 1781942400000, "appName": "Cherry Studio", "appVersion": app_version,
            "platform": "linux", "arch": "x64", **extra}
    return json.dumps(meta, indent=2).encode()


def direct_zip(store: int = 208, providers: list | None = None, assistants: list | None = None, *,
               app_version: str | None = "1.9.12", table: bool = False, value: str | None = None,
               files: dict[str, bytes] | None = None, **kw: Any) -> bytes:
    """A format-6 zip as BackupManager writes it: metadata.json, IndexedDB/, Local Storage/leveldb/, Data/."""
    if value is None:
        value = persist(store, providers if providers is not None else [provider()], assistants or [], **kw)
    leveldb = files if files is not None else leveldb_files(value, table)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        if app_version is not None:
            zf.writestr("metadata.json", metadata(app_version))
        zf.writestr("IndexedDB/", b"")
        zf.writestr("Local Storage/", b"")
        for name, data in {"CURRENT": b"MANIFEST-000001\n", "LOCK": b"", "LOG": b"leveldb log\n",
                           "MANIFEST-000001": b"\x00" * 32, **leveldb}.items():
            zf.writestr(f"Local Storage/leveldb/{name}", data)
        zf.writestr("Data/", b"")
    return out.getvalue()


# ---------------------------------------------------------------- v2 (format 7)

V2_SCHEMA = """
CREATE TABLE user_provider (id TEXT PRIMARY KEY, provider_id TEXT NOT NULL UNIQUE, preset_provider_id TEXT,
  name TEXT NOT NULL, base_urls TEXT, default_chat_endpoint TEXT, api_keys TEXT DEFAULT '[]',
  api_features TEXT, provider_settings TEXT, endpoint_configs TEXT, is_enabled INTEGER DEFAULT 1,
  sort_order INTEGER DEFAULT 0, created_at INTEGER, updated_at INTEGER);
CREATE TABLE user_model (id TEXT PRIMARY KEY, provider_id TEXT NOT NULL, model_id TEXT NOT NULL,
  preset_model_id TEXT, name TEXT, is_enabled INTEGER NOT NULL DEFAULT 1, created_at INTEGER, updated_at INTEGER);
CREATE TABLE assistant (id TEXT PRIMARY KEY, name TEXT NOT NULL, prompt TEXT DEFAULT '', emoji TEXT,
  description TEXT DEFAULT '', model_id TEXT, settings TEXT, created_at INTEGER, updated_at INTEGER,
  deleted_at INTEGER);
CREATE TABLE message (id TEXT PRIMARY KEY, topic_id TEXT, data TEXT);
CREATE TABLE `preference` (
	`scope` text DEFAULT 'default' NOT NULL,
	`key` text NOT NULL,
	`value` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
"""


def js(value: Any) -> str:
    """JSON.stringify: how drizzle writes a ``text({mode: 'json'})`` column such as preference.value."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def sqlite_db(providers: list[dict], models: list[tuple[str, str, str]], assistants: list[dict],
              api_features_column: bool = True, preferences: dict[str, Any] | None = None,
              journal: str = "wal", pending: bool = False) -> Any:
    """A v2 database: providers {provider_id, preset, name, settings, features}, models (provider, id, name),
    preferences key → value (scope ``default``; a ``(scope, value)`` tuple for another scope).

    As the app writes it: ``journal_mode = WAL`` (DbService), then a checkpoint before the file is copied
    (the backup writer), the copy taken while the connection is open. ``journal="delete"`` writes a
    rollback-journal file instead. ``pending=True`` stops before the checkpoint of the rows: the result is
    ``(database bytes, -wal bytes)`` as a copy of a running app's folder holds them.
    """
    # Built in a scratch file, not with Connection.serialize(), so the fixtures work on Python 3.10 too.
    scratch = tempfile.TemporaryDirectory()
    db_path = Path(scratch.name) / "cherrystudio.sqlite"
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    if pending:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
    schema = V2_SCHEMA if api_features_column else V2_SCHEMA.replace("api_features TEXT, ", "")
    conn.executescript(schema)
    if pending:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the tables are in the file, the rows only in the WAL
    for i, p in enumerate(providers):
        cols = {"id": f"p{i}", "provider_id": p["provider_id"], "preset_provider_id": p.get("preset"),
                "name": p.get("name", p["provider_id"]),
                "api_keys": json.dumps([{"id": "k1", "key": KEY, "isEnabled": True}]),
                "provider_settings": json.dumps(p["settings"]) if p.get("settings") is not None else None,
                "is_enabled": 1}
        if api_features_column:
            cols["api_features"] = json.dumps(p["features"]) if p.get("features") is not None else None
        conn.execute(f"INSERT INTO user_provider ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                     list(cols.values()))
    for pid, mid, name in models:
        conn.execute("INSERT INTO user_model (id, provider_id, model_id, preset_model_id, name) VALUES (?,?,?,?,?)",
                     (f"{pid}::{mid}", pid, mid, mid, name))
    for a in assistants:
        conn.execute("INSERT INTO assistant (id, name, model_id, settings) VALUES (?,?,?,?)",
                     (a["id"], a["name"], a.get("model_id"), json.dumps(a.get("settings", {}))))
    for key, value in (preferences or {}).items():
        scope, value = value if isinstance(value, tuple) else ("default", value)
        conn.execute("INSERT INTO preference (scope, key, value, created_at, updated_at) VALUES (?,?,?,?,?)",
                     (scope, key, None if value is None else js(value), 1781942400000, 1781942400000))
    conn.execute("INSERT INTO message VALUES ('m1', 't1', ?)", (json.dumps({"text": "hello " + KEY}),))
    conn.commit()
    if journal == "wal" and not pending:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = db_path.read_bytes()
    wal = Path(f"{db_path}-wal")
    pending_wal = wal.read_bytes() if pending else None
    conn.close()
    scratch.cleanup()
    return (data, pending_wal) if pending else data


def v2_zip(db: bytes, app_version: str = "2.0.8", wal: bytes | None = None) -> bytes:
    meta = {"version": 7, "timestamp": 1781942400000, "appName": "Cherry Studio", "appVersion": app_version,
            "platform": "linux", "arch": "x64",
            "resources": {"database": True, "cache": True, "indexedDB": False, "localStorage": False,
                          "appClaude": False, "data": True}}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("metadata.json", json.dumps(meta, indent=2))
        zf.writestr("Data/cherrystudio.sqlite", db)
        if wal is not None:
            zf.writestr("Data/cherrystudio.sqlite-wal", wal)
        zf.writestr("cache.json", "{}")
    return out.getvalue()
