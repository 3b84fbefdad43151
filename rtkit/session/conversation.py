"""The conversation: what lasts across connections (items in order, transcript, tool calls, audio, summaries).

A connection dies with its socket; the conversation does not. After a drop or a renewal, the session restores the
server's state from here: :meth:`Conversation.replay_items` gives the items to create on the new connection (user
audio as its transcript, user and assistant text, function calls with their outputs), optionally only the most
recent turns after a summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from rtkit.realtime import protocol
from rtkit.session.record import AudioRecord
from rtkit.tools import ToolResult

ItemKind = Literal["user_audio", "user_text", "assistant", "function_call", "function_call_output", "summary"]
USER_INPUT: frozenset[ItemKind] = frozenset({"user_audio", "user_text"})
"""Item kinds that are the user's input: each begins a turn the model answers."""


@dataclass
class TranscriptLine:
    """One line of the conversation."""

    role: str
    """``user``, ``assistant`` or ``summary``."""
    text: str
    """What was said (the user's transcript, or the assistant's speech transcript / text)."""
    item_id: str | None = None
    """Server item the line belongs to (on the connection it was said on)."""
    t: float = 0.0
    """Monotonic time the line was complete."""
    connection: int = 0
    """Index of the connection (0, 1, ... across reconnects and renewals) the line was said on."""


@dataclass
class ToolCallRecord:
    """A function call requested by the model and how it went: one record per call, shared by reference by the
    conversation, the function-call loop and the CLI; its outcome is the tool's own :class:`ToolResult`."""

    call_id: str
    name: str
    arguments: str
    response_id: str | None
    connection: int = 0
    """Connection the model asked for the call on."""
    result: ToolResult | None = None
    """The tool's result once it returned (None while it runs)."""
    output_sent: bool = False
    """The output reached the server (as ``function_call_output``, or replayed after a reconnect)."""

    @property
    def finished(self) -> bool:
        return self.result is not None

    @property
    def output(self) -> str:
        return self.result.output if self.result is not None else ""

    @property
    def ok(self) -> bool:
        return self.result is not None and self.result.ok

    @property
    def error(self) -> str | None:
        return self.result.error if self.result is not None else None

    @property
    def timed_out(self) -> bool:
        return self.result is not None and self.result.timed_out

    @property
    def cached(self) -> bool:
        return self.result is not None and self.result.cached

    @property
    def server(self) -> str | None:
        return self.result.server if self.result is not None else None

    @property
    def duration_ms(self) -> float:
        return self.result.duration_ms if self.result is not None else 0.0


@dataclass
class Item:
    """One conversation item as the session keeps it (independent of any server's item ids)."""

    kind: ItemKind
    text: str | None = None
    """Transcript or text (None while a user audio item's transcript is pending)."""
    item_id: str | None = None
    """The server's id for it on ``connection``."""
    connection: int = 0
    call: ToolCallRecord | None = None
    """For ``function_call`` and ``function_call_output`` items."""
    audio_end_ms: float | None = None
    """For user audio: where it ended on the audio source's clock (ms streamed since the run began)."""
    responded: bool = False
    """For user input: a response to it was created."""
    sent: bool = True
    """False for user text whose sending failed with the connection: the next connection gets it as new input."""


@dataclass
class Conversation:
    """Everything a session's records hold; outlives any one connection."""

    items: list[Item] = field(default_factory=list)
    transcript: list[TranscriptLine] = field(default_factory=list)
    tool_calls: list[ToolCallRecord] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    """``response.done`` payloads (status, usage, output items), every connection."""
    summaries: list[str] = field(default_factory=list)
    """Summaries carried over at renewals, oldest first."""
    assistant_record: AudioRecord = field(default_factory=AudioRecord)
    """The assistant's speech as it arrived, kept on disk (24 kHz int16)."""

    # -- recording ------------------------------------------------------------------------------------------
    def add(self, item: Item) -> Item:
        self.items.append(item)
        return item

    def find(self, item_id: str | None, connection: int) -> Item | None:
        if item_id is None:
            return None
        for item in reversed(self.items):
            if item.item_id == item_id and item.connection == connection:
                return item
        return None

    def latest_input(self) -> Item | None:
        """The user's latest input (audio or text), if any."""
        return next((item for item in reversed(self.items) if item.kind in USER_INPUT), None)

    def line(self, role: str, text: str, item_id: str | None, t: float, connection: int) -> TranscriptLine:
        ln = TranscriptLine(role, text, item_id, t, connection)
        self.transcript.append(ln)
        return ln

    def add_assistant_audio(self, pcm: bytes) -> None:
        self.assistant_record.append(pcm)

    def assistant_audio(self) -> np.ndarray:
        """All assistant audio received, 24 kHz int16, in order."""
        return self.assistant_record.read()

    def forget_after(self, item: Item) -> list[Item]:
        """Drop ``item`` and every item after it (input a dead connection never answered); returns them."""
        idx = self.items.index(item)
        dropped = self.items[idx:]
        del self.items[idx:]
        gone = {(i.item_id, i.connection) for i in dropped if i.item_id}
        self.transcript = [ln for ln in self.transcript if (ln.item_id, ln.connection) not in gone]
        return dropped

    # -- restoring ------------------------------------------------------------------------------------------
    def turn_starts(self) -> list[int]:
        """Indexes of items that begin a user turn."""
        return [i for i, it in enumerate(self.items) if it.kind in ("user_audio", "user_text", "summary")]

    def replay_items(self, recent_turns: int | None = None) -> list[dict[str, Any]]:
        """Items to create on a new connection so the server knows the conversation so far.

        ``recent_turns``: keep only the last N user turns verbatim, after the latest summary (renewal); None keeps
        everything (reconnect). Function calls are replayed with their outputs; a call whose tool has not returned
        yet is replayed without one (its output is sent when the tool returns).
        """
        items = self.items
        if recent_turns is not None:
            starts = [i for i, it in enumerate(items) if it.kind in USER_INPUT]
            first = (
                starts[-recent_turns] if 0 < recent_turns <= len(starts) else (len(items) if recent_turns == 0 else 0)
            )
            items = items[first:]
        out: list[dict[str, Any]] = []
        if recent_turns is not None and self.summaries:
            out.append(protocol.system_text_item(summary_text(self.summaries[-1])))
        for it in items:
            if not it.sent:
                continue
            if it.kind in USER_INPUT and it.text:
                out.append(protocol.user_text_item(it.text))
            elif it.kind == "assistant" and it.text:
                out.append(protocol.assistant_text_item(it.text))
            elif it.kind == "summary" and it.text and recent_turns is None:
                out.append(protocol.system_text_item(summary_text(it.text)))
            elif it.kind == "function_call" and it.call is not None:
                c = it.call
                out.append({"type": "function_call", "call_id": c.call_id, "name": c.name, "arguments": c.arguments})
                if c.finished:
                    out.append(protocol.function_call_output_item(c.call_id, c.output))
        return out


def summary_text(summary: str) -> str:
    """The system item that carries a summary into a new connection."""
    return f"Summary of the conversation so far: {summary}"
