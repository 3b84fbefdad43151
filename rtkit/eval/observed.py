"""What a session run did, as plain data for the graders and the pytest API: the conversation's events in order
(user inputs, function calls with their arguments and outputs, assistant messages), the per-turn metrics rows, the
cost and the speech labels. Built from a finished :class:`~rtkit.session.core.RealtimeSession` and its recorder;
the graders never see a session."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

EventKind = Literal["user", "function_call", "message"]


@dataclass(frozen=True)
class Event:
    """One thing that happened in the conversation."""

    kind: EventKind
    """``user`` (a typed or spoken input), ``function_call`` or ``message`` (the assistant's answer)."""
    text: str = ""
    """The user's words (transcript for speech) or the assistant's answer."""
    name: str | None = None
    """Function name (calls)."""
    arguments: str | None = None
    """Arguments JSON as the model sent it (calls)."""
    output: str | None = None
    """The tool's output (calls)."""
    ok: bool | None = None
    """The tool ran without error (calls)."""
    turn: int = 0
    """Caller turn the event belongs to (0 for a single-turn case)."""

    def args(self) -> dict[str, Any] | None:
        """The arguments parsed, or None when they are not a JSON object."""
        try:
            value = json.loads(self.arguments or "{}")
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def __str__(self) -> str:
        if self.kind == "function_call":
            return f"function_call {self.name}({self.arguments or ''})"
        return f"{self.kind}: {self.text!r}"


@dataclass
class Observed:
    """A run as the graders see it."""

    events: list[Event] = field(default_factory=list)
    turns: list[dict[str, Any]] = field(default_factory=list)
    """Rows of the recorder's turns table (latencies ``*_ms``, ``speech_end_ms``, ``cost_usd``, ...), each with
    ``caller_turn``."""
    cost_usd: float = 0.0
    labels: list[tuple[float, float]] = field(default_factory=list)
    """True speech spans on the input-audio clock (ms)."""
    error: str | None = None
    """Why the session failed (None when it ran to the end)."""
    audio_turns: int = 0
    """User turns the server detected in audio (server VAD)."""
    vad_ends: list[float] = field(default_factory=list)
    """``audio_end_ms`` of each ``speech_stopped`` (input-audio clock): where the server heard speech end."""
    silence_ms: float = 0.0
    """The server-VAD silence window: a turn ends this long after ``audio_end_ms``."""

    def calls(self, turn: int | None = None) -> list[Event]:
        return [e for e in self.events if e.kind == "function_call" and (turn is None or e.turn == turn)]

    def answer(self, turn: int | None = None) -> str:
        return " ".join(e.text for e in self.events if e.kind == "message" and (turn is None or e.turn == turn))

    def for_turn(self, turn: int) -> Observed:
        """The part of the run that belongs to one caller turn."""
        return Observed(
            [e for e in self.events if e.turn == turn],
            [t for t in self.turns if t.get("caller_turn", 0) == turn],
            sum(_num(t.get("cost_usd")) for t in self.turns if t.get("caller_turn", 0) == turn),
            self.labels,
            self.error,
            sum(1 for t in self.turns if t.get("caller_turn", 0) == turn and t.get("kind") == "audio"),
            self.vad_ends,
            self.silence_ms,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "events": [e.__dict__ for e in self.events],
            "cost_usd": self.cost_usd,
            "error": self.error,
            "labels": self.labels,
        }


def _num(v: Any) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(f) else f


def events_of(items: Sequence[Any], turn_of_item: Mapping[int, int] | None = None) -> list[Event]:
    """Events from a conversation's items (``rtkit.session.conversation.Item``), in order.

    ``turn_of_item``: index of the item that starts each caller turn -> that turn (scripted callers)."""
    events = []
    turn = 0
    for i, item in enumerate(items):
        if turn_of_item and i in turn_of_item:
            turn = turn_of_item[i]
        if item.kind in ("user_audio", "user_text"):
            events.append(Event("user", text=item.text or "", turn=turn))
        elif item.kind == "assistant":
            events.append(Event("message", text=item.text or "", turn=turn))
        elif item.kind == "function_call" and item.call is not None:
            c = item.call
            events.append(
                Event("function_call", name=c.name, arguments=c.arguments, output=c.output, ok=c.ok, turn=turn)
            )
    return events


def from_session(
    session: Any,
    recorder: Any,
    error: str | None = None,
    turn_starts: Sequence[tuple[int, float]] = (),
) -> Observed:
    """The Observed of a finished session. ``turn_starts``: ``(first item index, monotonic time)`` at which each
    caller turn began (scripted callers; empty for one turn)."""
    starts = {idx: k for k, (idx, _) in enumerate(turn_starts)}
    events = events_of(session.conversation.items, starts)
    turns_df = recorder.turns_df()
    rows = turns_df.to_dict("records") if len(turns_df) else []
    times = [t for _, t in turn_starts]
    for row in rows:
        start = _num(row.get("start_t_s"))
        row["caller_turn"] = max([k for k, t in enumerate(times) if t <= start + 1e-6], default=0)
    labels = [(float(s), float(e)) for s, e, _ in getattr(recorder, "labels", [])]
    cost = sum(_num(r.get("cost_usd")) for r in rows)
    audio_turns = sum(1 for r in rows if r.get("kind") == "audio")
    ev = recorder.events_df()
    stopped = (
        ev[(ev["type"] == "input_audio_buffer.speech_stopped") & (ev["direction"] == "received")] if len(ev) else ev
    )
    vad_ends = [float(v) for v in stopped["audio_end_ms"].dropna()] if len(stopped) else []
    vad = getattr(session.config, "turn_detection", None)
    silence = float(getattr(vad, "silence_duration_ms", 0) or 0)
    return Observed(events, rows, cost, labels, error, audio_turns, vad_ends, silence)
