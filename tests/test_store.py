"""The per-user conversation store (SQLite) and the session manager over a real local server."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from rtkit import MetricsRecorder, RealtimeConfig
from rtkit.local import LocalRealtimeServer
from rtkit.session.manager import RealtimeSessionManager
from rtkit.session.store import SCHEMA_VERSION, SessionStore, StoreError


async def test_manager_keeps_each_users_conversations_and_seeds_a_new_session_from_the_last_one(tmp_path, bridge):
    db = tmp_path / "history.sqlite"
    config = RealtimeConfig(output_modality="text")
    async with LocalRealtimeServer(speech=False) as server:
        async with RealtimeSessionManager(config, store=db, bridge=bridge, url=server.url,
                                          recorder_factory=MetricsRecorder) as manager:  # fmt: skip
            alice = await manager.open("alice")
            bob = await manager.open("bob")
            assert manager.get("alice") is alice and alice is not bob and await manager.open("alice") is alice
            await alice.send_text("What is my portfolio summary?")
            await bob.send_text("Show my spending on groceries.")
            # written as the conversation goes, before anything is closed
            with sqlite3.connect(db) as raw:
                assert raw.execute("SELECT COUNT(*) FROM tool_calls").fetchone()[0] == 2
            await manager.close("alice")
            again = await manager.open("alice")  # a new conversation for a known user
            assert again is not alice
            assert again.conversation.summaries and "105,472" in again.conversation.summaries[0]
    store = SessionStore(db)
    conversations = store.conversations_df()
    assert list(conversations["user_id"]) == ["alice", "bob", "alice"]
    assert conversations["ended_at"].notna().all()
    assert list(conversations["cost_usd"] > 0) == [True, True, False]  # the third one said nothing yet
    calls = store.tool_calls_df(user="alice")
    assert list(calls["name"]) == ["get_portfolio_summary"] and calls["ok"].all()
    lines = store.transcript_df(user="bob")
    assert list(lines["role"]) == ["user", "assistant"] and "groceries" in lines["text"].iloc[0]
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_file_that_is_not_a_history_is_refused_naming_it(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database " * 100)
    with pytest.raises(StoreError, match="notes.sqlite: not a usable history file"):
        SessionStore(bad)
    newer = tmp_path / "newer.sqlite"
    with sqlite3.connect(newer) as raw:
        raw.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer than this rtkit"):
        SessionStore(newer)


def test_a_crash_mid_write_loses_nothing_committed(tmp_path):
    db = tmp_path / "h.sqlite"
    code = f"""
import os
from rtkit.session.store import SessionStore
s = SessionStore({str(db)!r})
cid = s.start_conversation("carol", model="gpt-realtime")
s._db.execute("BEGIN")
s._db.execute("INSERT INTO transcript VALUES (?, 0, 'user', 'half-written', NULL, 0, 0)", (cid,))
os._exit(9)  # dies inside an open transaction
"""
    assert subprocess.run([sys.executable, "-c", code]).returncode == 9
    store = SessionStore(db)
    assert list(store.conversations_df()["user_id"]) == ["carol"]  # committed
    assert store.transcript_df().empty  # the open transaction is gone, not half there


def test_history_command_lists_conversations(tmp_path):
    db = tmp_path / "h.sqlite"
    with SessionStore(db) as store:
        store.start_conversation("dave", model="gpt-realtime")
    proc = subprocess.run(
        [sys.executable, "-m", "rtkit.cli", "history", "--db", str(db), "--user", "dave"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "dave" in proc.stdout and "gpt-realtime" in proc.stdout
    empty = subprocess.run(
        [sys.executable, "-m", "rtkit.cli", "history", "--db", str(db), "--user", "nobody"],
        capture_output=True,
        text=True,
    )
    assert empty.returncode == 0 and "no conversations" in empty.stdout
