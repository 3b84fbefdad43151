"""Each user's conversations in one SQLite file: transcript, tool calls, summaries, connections, cost.

The schema is versioned (``PRAGMA user_version``); every write is one transaction, so a crash loses nothing that
was committed. pandas reads it back for notebooks (``conversations_df``, ``transcript_df``, ``tool_calls_df``).
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from rtkit.session.core import RealtimeSession

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL, run_id TEXT, model TEXT,
    started_at REAL NOT NULL, ended_at REAL, cost_usd REAL, reconnects INTEGER DEFAULT 0, renewals INTEGER DEFAULT 0
);
CREATE INDEX IF NOT EXISTS conversations_user ON conversations (user_id, started_at);
CREATE TABLE IF NOT EXISTS connections (
    conversation_id TEXT NOT NULL REFERENCES conversations(id), idx INTEGER NOT NULL, session_id TEXT,
    model TEXT, PRIMARY KEY (conversation_id, idx)
);
CREATE TABLE IF NOT EXISTS transcript (
    conversation_id TEXT NOT NULL REFERENCES conversations(id), seq INTEGER NOT NULL, role TEXT NOT NULL,
    text TEXT NOT NULL, item_id TEXT, connection INTEGER, t REAL, PRIMARY KEY (conversation_id, seq)
);
CREATE TABLE IF NOT EXISTS tool_calls (
    conversation_id TEXT NOT NULL REFERENCES conversations(id), call_id TEXT NOT NULL, name TEXT, arguments TEXT,
    output TEXT, ok INTEGER, error TEXT, duration_ms REAL, connection INTEGER, PRIMARY KEY (conversation_id, call_id)
);
CREATE TABLE IF NOT EXISTS summaries (
    conversation_id TEXT NOT NULL REFERENCES conversations(id), seq INTEGER NOT NULL, text TEXT NOT NULL,
    created_at REAL NOT NULL, PRIMARY KEY (conversation_id, seq)
);
"""


def default_path() -> Path:
    """``RTKIT_HISTORY_DB``, else ``~/.local/share/rtkit/history.sqlite``."""
    env = os.environ.get("RTKIT_HISTORY_DB")
    return Path(env) if env else Path.home() / ".local" / "share" / "rtkit" / "history.sqlite"


class StoreError(RuntimeError):
    """The history file cannot be used (the message names the file and why)."""


class SessionStore:
    """One SQLite file of conversations by user. Thread-confined: use it from the event loop's thread."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(str(self.path), isolation_level=None)  # explicit transactions below
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: history schema version {version} is newer than this rtkit's ({SCHEMA_VERSION})"
                )
            with self._tx():
                for stmt in _SCHEMA.split(";"):
                    if stmt.strip():
                        self._db.execute(stmt)
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable history file ({exc})") from None
        self._synced: dict[str, tuple[int, int, int]] = {}

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _tx(self) -> _Transaction:
        return _Transaction(self._db)

    # -- writing -----------------------------------------------------------------------------------------------
    def start_conversation(self, user_id: str, model: str | None = None, run_id: str | None = None) -> str:
        """A new conversation row for ``user_id``; returns its id."""
        if not user_id or not isinstance(user_id, str):
            raise ValueError(f"user_id must be a non-empty string, got {user_id!r}")
        cid = "conv_" + uuid.uuid4().hex[:20]
        with self._tx():
            self._db.execute(
                "INSERT INTO conversations (id, user_id, run_id, model, started_at) VALUES (?, ?, ?, ?, ?)",
                (cid, user_id, run_id, model, time.time()),
            )
        return cid

    def sync(self, conversation_id: str, session: RealtimeSession) -> None:
        """Write what the session recorded since the last sync (one transaction)."""
        conv = session.conversation
        lines_done, calls_done, summaries_done = self._synced.get(conversation_id, (0, 0, 0))
        with self._tx():
            for seq, line in enumerate(conv.transcript[lines_done:], start=lines_done):
                self._db.execute(
                    "INSERT OR REPLACE INTO transcript VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (conversation_id, seq, line.role, line.text, line.item_id, line.connection, line.t),
                )
            finished = [c for c in conv.tool_calls[calls_done:] if c.finished]
            for call in finished:
                self._db.execute(
                    "INSERT OR REPLACE INTO tool_calls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (conversation_id, call.call_id, call.name, call.arguments, call.output, int(call.ok), call.error,
                     call.duration_ms, call.connection),
                )  # fmt: skip
            for seq, text in enumerate(conv.summaries[summaries_done:], start=summaries_done):
                self._db.execute(
                    "INSERT OR REPLACE INTO summaries VALUES (?, ?, ?, ?)", (conversation_id, seq, text, time.time())
                )
            for idx, (session_id, model) in enumerate(session.connection_ids()):
                self._db.execute(
                    "INSERT OR REPLACE INTO connections VALUES (?, ?, ?, ?)", (conversation_id, idx, session_id, model)
                )
            self._db.execute(
                "UPDATE conversations SET model = ?, reconnects = ?, renewals = ? WHERE id = ?",
                (session.config.model, session.reconnects, session.renewals, conversation_id),
            )
        # a call still running is written once it finishes
        pending = next((i for i, c in enumerate(conv.tool_calls[calls_done:]) if not c.finished), None)
        calls_now = len(conv.tool_calls) if pending is None else calls_done + pending
        self._synced[conversation_id] = (len(conv.transcript), calls_now, len(conv.summaries))

    def end_conversation(self, conversation_id: str, cost_usd: float | None = None) -> None:
        with self._tx():
            self._db.execute(
                "UPDATE conversations SET ended_at = ?, cost_usd = ? WHERE id = ?",
                (time.time(), cost_usd, conversation_id),
            )

    # -- reading -----------------------------------------------------------------------------------------------
    def last_summary(self, user_id: str) -> str | None:
        """The user's latest summary, else a short recap of their latest conversation's transcript."""
        row = self._db.execute(
            "SELECT s.text FROM summaries s JOIN conversations c ON c.id = s.conversation_id WHERE c.user_id = ? "
            "ORDER BY c.started_at DESC, s.seq DESC LIMIT 1",
            (user_id,),
        ).fetchone()
        if row:
            return row[0]
        last = self._db.execute(
            "SELECT id FROM conversations WHERE user_id = ? ORDER BY started_at DESC LIMIT 1", (user_id,)
        ).fetchone()
        if not last:
            return None
        lines = self._db.execute(
            "SELECT role, text FROM transcript WHERE conversation_id = ? ORDER BY seq DESC LIMIT 6", (last[0],)
        ).fetchall()
        return " ".join(f"{role}: {text}" for role, text in reversed(lines) if text) or None

    def users(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT DISTINCT user_id FROM conversations ORDER BY user_id")]

    def _df(self, sql: str, params: tuple[Any, ...]) -> pd.DataFrame:
        import pandas as pd

        return pd.read_sql_query(sql, self._db, params=params)

    def conversations_df(self, user: str | None = None) -> pd.DataFrame:
        """One row per conversation: user, times, model, cost, lines, tool calls, connections, summaries."""
        where, params = ("WHERE c.user_id = ?", (user,)) if user else ("", ())
        return self._df(
            "SELECT c.id AS conversation_id, c.user_id, c.run_id, c.model, c.started_at, c.ended_at, c.cost_usd, "
            "c.reconnects, c.renewals, "
            "(SELECT COUNT(*) FROM transcript t WHERE t.conversation_id = c.id) AS lines, "
            "(SELECT COUNT(*) FROM tool_calls k WHERE k.conversation_id = c.id) AS tool_calls, "
            "(SELECT COUNT(*) FROM connections n WHERE n.conversation_id = c.id) AS connections, "
            "(SELECT COUNT(*) FROM summaries s WHERE s.conversation_id = c.id) AS summaries "
            f"FROM conversations c {where} ORDER BY c.started_at",
            params,
        )

    def transcript_df(self, user: str | None = None, conversation: str | None = None) -> pd.DataFrame:
        return self._joined("transcript", "t.seq", user, conversation)

    def tool_calls_df(self, user: str | None = None, conversation: str | None = None) -> pd.DataFrame:
        return self._joined("tool_calls", "t.rowid", user, conversation)

    def summaries_df(self, user: str | None = None, conversation: str | None = None) -> pd.DataFrame:
        return self._joined("summaries", "t.seq", user, conversation)

    def _joined(self, table: str, order: str, user: str | None, conversation: str | None) -> pd.DataFrame:
        clauses, params = [], []
        if user:
            clauses.append("c.user_id = ?")
            params.append(user)
        if conversation:
            clauses.append("t.conversation_id = ?")
            params.append(conversation)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._df(
            f"SELECT c.user_id, t.* FROM {table} t JOIN conversations c ON c.id = t.conversation_id {where} "
            f"ORDER BY c.started_at, {order}",
            tuple(params),
        )


class _Transaction:
    """``BEGIN`` … ``COMMIT`` (``ROLLBACK`` on error) on an autocommit connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN")

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.db.execute("ROLLBACK" if exc_type is not None else "COMMIT")
