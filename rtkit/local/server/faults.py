"""Fault injection for the local Realtime server: drops, delays and injected errors, all off by default.

Counts are per connection and count server events as they are sent (``session.created`` is event 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FaultConfig:
    """Faults the local server injects into every connection."""

    drop_after_events: int | None = None
    """Abort the TCP connection (no close frame) right after this many server events have been sent."""
    drop_after_audio_deltas: int | None = None
    """Abort the TCP connection mid-response, right after this many ``response.output_audio.delta`` events."""
    delay_ms: float = 0.0
    """Delay every server event by this many milliseconds before sending it."""
    error_every_events: int | None = None
    """After every N-th server event, also send an injected ``error`` event (not counted itself)."""
    error_at_events: tuple[int, ...] = field(default_factory=tuple)
    """Send an injected ``error`` event right after each of these server-event counts."""
    error_code: str = "server_error"
    """``error.code`` of injected errors (their ``error.type`` is ``server_error``)."""
    drop_on_event: str | None = None
    """Abort the TCP connection right after the first server event of this type (e.g.
    ``response.function_call_arguments.done`` for a drop mid-call)."""
    hold_events: tuple[int, ...] = field(default_factory=tuple)
    """Hold each of these server events (by count) and send it after the one that follows, or after
    ``hold_ms`` when nothing follows: events out of the order they were produced in. Content deltas are never
    held (their order is their content, which no server reorders)."""
    hold_ms: float = 50.0
    """Longest time a held event waits for a follower."""
    drop_connections: int | None = None
    """Apply the drops only to the first N connections (None: every connection), so a client that reconnects
    can finish on a later one."""

    def __post_init__(self) -> None:
        for name in ("drop_after_events", "drop_after_audio_deltas", "error_every_events", "drop_connections"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value < 1):
                raise ValueError(f"FaultConfig.{name}: {value!r} is invalid; expected an integer >= 1 or None")
        if self.delay_ms < 0:
            raise ValueError(f"FaultConfig.delay_ms: {self.delay_ms!r} is invalid; expected >= 0")
        for name in ("error_at_events", "hold_events"):
            if any(not isinstance(n, int) or n < 1 for n in getattr(self, name)):
                raise ValueError(f"FaultConfig.{name}: {getattr(self, name)!r}; expected integers >= 1")
        if self.hold_ms < 0:
            raise ValueError(f"FaultConfig.hold_ms: {self.hold_ms!r} is invalid; expected >= 0")

    @property
    def active(self) -> bool:
        """True when any fault is configured."""
        return self != FaultConfig()

    def inject_error_after(self, count: int) -> bool:
        """Whether an injected error follows the ``count``-th server event."""
        every = self.error_every_events
        return (every is not None and count % every == 0) or count in self.error_at_events

    def hold(self, count: int, event_type: str) -> bool:
        """Whether the ``count``-th event is held back behind the next one."""
        return count in self.hold_events and not event_type.endswith(".delta")

    def drop_after(self, count: int, audio_deltas: int, was_audio_delta: bool, event_type: str | None = None) -> bool:
        """Whether the connection drops after the ``count``-th event (``audio_deltas`` sent so far)."""
        if self.drop_after_events is not None and count >= self.drop_after_events:
            return True
        if event_type is not None and event_type == self.drop_on_event:
            return True
        return (
            was_audio_delta
            and self.drop_after_audio_deltas is not None
            and audio_deltas >= self.drop_after_audio_deltas
        )
