"""What a session produces (:class:`SessionResult`) and what it reports to (a :class:`Recorder`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from rtkit.session.conversation import ToolCallRecord, TranscriptLine
from rtkit.session.record import AudioRecord


class Recorder(Protocol):
    """What the session needs of a metrics recorder (``MetricsRecorder`` is one)."""

    def observe(self, direction: str, event: Any, t: float, nbytes: int, in_ms: float, out_ms: float) -> None: ...

    def record_tool_call(self, call_id: str, name: str, result: Any) -> None: ...

    def add_speech_labels(
        self, segments_ms: Sequence[tuple[float, float]], offset_ms: float = 0.0, conn: int | None = None
    ) -> None: ...


@dataclass
class SessionResult:
    """What a run produced: transcript, tool calls, server errors, responses, and the assistant's audio."""

    transcript: list[TranscriptLine] = field(default_factory=list)
    tool_calls: list[ToolCallRecord] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    """``response.done`` payloads (status, usage, output items)."""
    assistant_record: AudioRecord | None = None
    """The assistant's speech, on disk (``assistant_audio`` reads it)."""
    connections: int = 0
    """Connections the conversation used (1 + reconnects + renewals)."""
    reconnects: int = 0
    renewals: int = 0
    text_fallback: bool = False
    """The session switched to text because audio kept failing."""

    @property
    def assistant_audio(self) -> np.ndarray:
        """All assistant audio received, 24 kHz int16, in order (read from disk on each access)."""
        if self.assistant_record is None:
            return np.zeros(0, dtype=np.int16)
        return self.assistant_record.read()
