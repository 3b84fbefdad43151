"""Sessions held by user id, each user's conversations kept in a :class:`SessionStore`.

A new session for a user the store knows starts from that user's last summary, so the model picks up where the
previous conversation ended. The store is written as the conversation goes (after every response), not only at
the end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rtkit.config import RealtimeConfig
from rtkit.realtime import events as ev
from rtkit.session.core import RealtimeSession
from rtkit.session.store import SessionStore
from rtkit.tools import ToolProvider


class RealtimeSessionManager:
    """Open, find and close sessions by user id.

    >>> async with RealtimeSessionManager(config, store="history.sqlite", bridge=bridge) as manager:
    ...     session = await manager.open("alice")
    ...     await session.send_text("What is my portfolio summary?")
    """

    def __init__(
        self,
        config: RealtimeConfig | None = None,
        *,
        store: SessionStore | str | None = None,
        bridge: ToolProvider | None = None,
        recorder_factory: Callable[[RealtimeConfig], Any] | None = None,
        **session_kwargs: Any,
    ) -> None:
        self.config = config or RealtimeConfig()
        self.store = store if isinstance(store, SessionStore) else SessionStore(store)
        self._owns_store = not isinstance(store, SessionStore)
        self.bridge = bridge
        self.recorder_factory = recorder_factory
        self.session_kwargs = session_kwargs
        self._sessions: dict[str, tuple[RealtimeSession, str, Any]] = {}

    async def __aenter__(self) -> RealtimeSessionManager:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close_all()
        if self._owns_store:
            self.store.close()

    def get(self, user_id: str) -> RealtimeSession | None:
        """The user's open session, if any."""
        entry = self._sessions.get(user_id)
        return entry[0] if entry else None

    def users(self) -> list[str]:
        """Users with an open session."""
        return list(self._sessions)

    def conversation_id(self, user_id: str) -> str | None:
        entry = self._sessions.get(user_id)
        return entry[1] if entry else None

    async def open(self, user_id: str, run_id: str | None = None) -> RealtimeSession:
        """The user's session: the open one, or a new one seeded with their last summary."""
        if (session := self.get(user_id)) is not None:
            return session
        summary = self.store.last_summary(user_id)
        recorder = self.recorder_factory(self.config) if self.recorder_factory else None
        session = RealtimeSession(self.config, bridge=self.bridge, recorder=recorder, **self.session_kwargs)
        await session.start()
        cid = self.store.start_conversation(user_id, model=session.config.model, run_id=run_id)
        self._sessions[user_id] = (session, cid, recorder)
        session.on(ev.RESPONSE_DONE, lambda _event: self.store.sync(cid, session))
        if summary:
            await session.carry_over(summary)
        return session

    async def close(self, user_id: str) -> None:
        """Close the user's session and write its last records."""
        entry = self._sessions.pop(user_id, None)
        if entry is None:
            return
        session, cid, recorder = entry
        await session.close()
        self.store.sync(cid, session)
        cost = None
        if recorder is not None and hasattr(recorder, "summary"):
            cost = recorder.summary().get("cost_usd")
        self.store.end_conversation(cid, cost_usd=cost)

    async def close_all(self) -> None:
        for user_id in list(self._sessions):
            await self.close(user_id)
