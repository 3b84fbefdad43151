"""What dies with a socket: one connection of a session, and the server's view it holds.

The :class:`~rtkit.session.conversation.Conversation` outlives its connections; a :class:`Connection` holds only
what the server of that one socket knows: its responses in flight, where its input-audio clock starts on the audio
source's clock, its speech-stopped positions, its expiry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from websockets.exceptions import ConnectionClosed

from rtkit.realtime import events as ev
from rtkit.realtime import protocol
from rtkit.realtime.client import RealtimeClient, RealtimeConnectionError
from rtkit.session.calls import ResponseBook


class SessionError(RuntimeError):
    """The session could not be set up or could not recover (the message says which step failed and why)."""


@dataclass
class Connection:
    """One socket of a session and the server's view that dies with it."""

    index: int
    """0 for the first connection, then 1, 2, ... across reconnects and renewals."""
    client: RealtimeClient
    stream_offset_ms: float
    """Where this connection's input-audio clock 0 sits on the audio source's clock."""
    created: asyncio.Future[dict[str, Any]]
    """Resolved with ``session.created``."""
    responses: ResponseBook = field(default_factory=ResponseBook)
    """Responses in flight on this socket."""
    stopped_ms: dict[str, float] = field(default_factory=dict)
    """speech_stopped ``audio_end_ms`` by item id."""
    expires_at: float | None = None
    """Unix seconds at which the server ends the session (from ``session.created``)."""
    created_at: float | None = None
    """Unix seconds at which ``session.created`` arrived."""
    closing: bool = False
    """The session closes it on purpose (renewal, close)."""

    def source_ms(self, item_id: str | None) -> float:
        """Where the user's audio of ``item_id`` ends on the source's clock (its speech-stopped position, else
        all the audio this connection has heard)."""
        end = self.stopped_ms.get(item_id or "")
        return self.stream_offset_ms + (end if end is not None else self.client.in_ms)

    async def await_ack(self, request: dict[str, Any], ack_type: str, timeout: float) -> dict[str, Any]:
        """Wait for ``ack_type``, or raise :class:`SessionError` if the server answers ``request`` with an error."""
        client = self.client
        ack = asyncio.ensure_future(client.wait_for(ack_type, timeout=timeout))
        err = asyncio.ensure_future(
            client.wait_for(
                ev.ERROR, lambda e: protocol.error_fields(e).get("event_id") == request["event_id"], timeout=timeout
            )
        )
        done, pending = await asyncio.wait({ack, err}, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        first = done.pop()
        if first is err:
            if err.exception() is None:
                raise SessionError(f"{request['type']} rejected: {protocol.error_message(err.result())}")
        elif first.exception() is None:
            return first.result()
        raise SessionError(f"no {ack_type} from {client.url} within {timeout} s")

    async def replay(self, items: list[dict[str, Any]], cause: str | None) -> None:
        """Create ``items`` on this connection, between ``rtkit.replay.start`` and ``rtkit.replay.end`` marks (so the
        recorder does not count them as new turns)."""
        self.client.mark(ev.REPLAY_START, items=len(items), cause=cause)
        for item in items:
            await self.client.create_item(item)
        self.client.mark(ev.REPLAY_END)


SEND_ERRORS = (ConnectionError, ConnectionClosed, RealtimeConnectionError)
"""What a send raises when the connection drops: expected, and recovered by the supervisor. Anything else is a
bug, kept with its traceback (``RealtimeSession._send_failed``)."""


async def sent(sending: Awaitable[Any]) -> bool:
    """Await a send; False when the connection dropped meanwhile (the supervisor restores what matters)."""
    try:
        await sending
    except SEND_ERRORS:
        return False
    return True
