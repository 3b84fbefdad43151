"""Voice activity detection on the input-audio clock: frame scorers, the server-VAD state machine, offline
runs.

The local Realtime server and :func:`simulate` share this code, so the same audio with the same settings gives
the same ``speech_started`` / ``speech_stopped`` / ``timeout_triggered`` events offline as over a socket.

Pieces:

- a **frame scorer** turns one frame of 24 kHz PCM16 into a speech score in 0..1 (:class:`EnergyScorer` now;
  any object with ``frame_ms`` and ``score_frames`` plugs in, e.g. a Silero-style model scorer);
- :class:`VoiceActivityDetector`, a short state machine (quiet → starting → speaking → stopping → quiet, in
  the style of pipecat's VAD analyser) that timestamps events in ms of audio fed so far;
- :func:`simulate`, which runs a detector over a whole recording.

Timestamps follow the Realtime API: ``audio_start_ms`` is the detected onset minus ``prefix_padding_ms``;
``audio_end_ms`` is where the silence window that ended the turn closes (the trailing silence included).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

import numpy as np

SAMPLE_RATE = 24000
SAMPLES_PER_MS = SAMPLE_RATE // 1000

#: ``semantic_vad`` has no silence setting; the local detector waits this long for each eagerness.
SEMANTIC_SILENCE_MS = {"low": 1200, "medium": 600, "auto": 600, "high": 300}

EventType = Literal["speech_started", "speech_stopped", "timeout_triggered"]


@runtime_checkable
class FrameScorer(Protocol):
    """Scores fixed-size frames of 24 kHz int16 audio: 0.0 (surely not speech) to 1.0 (surely speech)."""

    frame_ms: int
    """Length of one frame in ms."""

    def score_frames(self, frames: np.ndarray) -> np.ndarray:
        """Scores for a 2-D int16 array of shape (n_frames, frame_ms * 24); returns n_frames floats in
        0..1."""
        ...


@dataclass(frozen=True)
class EnergyScorer:
    """Loudness scorer: frame RMS in dBFS mapped linearly onto 0..1.

    ``floor_db`` scores 0 and ``ceiling_db`` scores 1, so the default threshold 0.5 sits at -40 dBFS, between
    a quiet room and normal speech.
    """

    frame_ms: int = 20
    """Frame length in ms."""
    floor_db: float = -70.0
    """Level (dBFS) that scores 0."""
    ceiling_db: float = -10.0
    """Level (dBFS) that scores 1."""

    def score_frames(self, frames: np.ndarray) -> np.ndarray:
        x = frames.astype(np.float64) / 32768.0
        rms = np.sqrt(np.mean(x * x, axis=1))
        db = 20.0 * np.log10(rms + 1e-10)
        return np.clip((db - self.floor_db) / (self.ceiling_db - self.floor_db), 0.0, 1.0)


@dataclass(frozen=True)
class VADParams:
    """Server-VAD settings (the GA ``server_vad`` fields plus the detector's own onset length)."""

    threshold: float = 0.5
    """Score a frame needs to count as speech, 0.0-1.0; higher needs louder speech."""
    prefix_padding_ms: int = 300
    """Audio kept before the detected onset; ``audio_start_ms`` = onset - this."""
    silence_duration_ms: int = 200
    """Silence that ends a turn, in ms."""
    idle_timeout_ms: int | None = None
    """After the detector is armed (end of a turn or of a response), this much audio without speech fires
    ``timeout_triggered``; None disables it."""
    start_ms: int = 60
    """Consecutive speech needed before an onset is reported (keeps clicks from starting a turn)."""

    def __post_init__(self) -> None:
        if not 0.0 <= float(self.threshold) <= 1.0:
            raise ValueError(f"threshold: {self.threshold!r} is out of range; allowed 0.0 to 1.0")
        for name in ("prefix_padding_ms", "silence_duration_ms", "start_ms"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"{name}: {value!r} is invalid; expected an integer >= 0")
        if self.idle_timeout_ms is not None and (
            not isinstance(self.idle_timeout_ms, int) or self.idle_timeout_ms <= 0
        ):
            raise ValueError(
                f"idle_timeout_ms: {self.idle_timeout_ms!r} is invalid; expected a positive integer or None"
            )

    @classmethod
    def from_turn_detection(cls, td: dict[str, Any] | None) -> VADParams | None:
        """Detector settings for a GA ``turn_detection`` dict; None (manual commit) gives None.

        ``semantic_vad`` runs as energy VAD with default threshold and padding and a silence window chosen
        from ``eagerness`` (:data:`SEMANTIC_SILENCE_MS`); the local server has no end-of-turn model.
        """
        if td is None:
            return None
        kind = td.get("type")
        if kind == "semantic_vad":
            return cls(silence_duration_ms=SEMANTIC_SILENCE_MS[td.get("eagerness") or "auto"])
        if kind != "server_vad":
            raise ValueError(f"turn_detection.type: {kind!r} is not supported; allowed server_vad, semantic_vad")
        defaults = cls()
        return cls(
            threshold=_or(td.get("threshold"), defaults.threshold),
            prefix_padding_ms=_or(td.get("prefix_padding_ms"), defaults.prefix_padding_ms),
            silence_duration_ms=_or(td.get("silence_duration_ms"), defaults.silence_duration_ms),
            idle_timeout_ms=td.get("idle_timeout_ms"),
        )


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


@dataclass(frozen=True)
class VADEvent:
    """One detector event, timed in ms of audio fed since the detector started."""

    type: EventType
    """``speech_started``, ``speech_stopped`` or ``timeout_triggered``."""
    audio_start_ms: int | None = None
    """Start of the audio the event covers (speech_started, timeout_triggered)."""
    audio_end_ms: int | None = None
    """End of the audio the event covers (speech_stopped, timeout_triggered)."""


_QUIET, _STARTING, _SPEAKING, _STOPPING = range(4)


@dataclass
class VoiceActivityDetector:
    """Incremental server VAD: feed PCM chunks of any size, get events timed on the input-audio clock.

    Results do not depend on how the audio is chunked: partial frames wait for the next chunk.
    """

    params: VADParams = field(default_factory=VADParams)
    """Detector settings."""
    scorer: FrameScorer = field(default_factory=EnergyScorer)
    """Frame scorer."""

    def __post_init__(self) -> None:
        self._frame = self.scorer.frame_ms * SAMPLES_PER_MS
        self._pending = np.zeros(0, dtype=np.int16)
        self._pos = 0  # samples consumed into whole frames
        self._state = _QUIET
        self._run = 0  # samples of speech (starting) or silence (stopping) in the current run
        self._onset = 0
        self._floor = 0  # audio_start_ms never reaches back before the end of the previous turn
        self._idle_from: int | None = None  # sample position the idle timer counts from

    @property
    def position_ms(self) -> float:
        """Audio fed so far, in ms (including any partial frame)."""
        return (self._pos + len(self._pending)) / SAMPLES_PER_MS

    @property
    def speaking(self) -> bool:
        """True between speech_started and speech_stopped."""
        return self._state in (_SPEAKING, _STOPPING)

    def arm_idle(self, at_ms: float | None = None) -> None:
        """Start (or move later) the idle timer: it counts audio without speech from ``at_ms`` (default:
        now)."""
        at = round((self.position_ms if at_ms is None else at_ms) * SAMPLES_PER_MS)
        self._idle_from = at if self._idle_from is None else max(self._idle_from, at)

    def reset(self) -> None:
        """Forget any turn in progress (after a manual commit or a buffer clear); the clock keeps running."""
        self._state = _QUIET
        self._run = 0
        self._floor = self._pos + len(self._pending)

    def feed(self, pcm: np.ndarray | bytes) -> list[VADEvent]:
        """Feed 24 kHz int16 audio; returns the events it completes, in order."""
        arr = np.frombuffer(pcm, dtype="<i2") if isinstance(pcm, bytes | bytearray | memoryview) else pcm
        data = np.concatenate([self._pending, arr.astype(np.int16, copy=False)]) if len(self._pending) else arr
        n = len(data) // self._frame
        self._pending = np.array(data[n * self._frame :], dtype=np.int16)
        if n == 0:
            return []
        scores = self.scorer.score_frames(np.asarray(data[: n * self._frame]).reshape(n, self._frame))
        events: list[VADEvent] = []
        for score in scores:
            self._step(bool(score >= self.params.threshold), events)
        return events

    def _ms(self, samples: int) -> int:
        return int(samples // SAMPLES_PER_MS)

    def _step(self, speech: bool, events: list[VADEvent]) -> None:
        p = self.params
        start = self._pos
        self._pos += self._frame
        if self._state == _QUIET:
            if speech:
                self._state, self._onset, self._run = _STARTING, start, 0
        if self._state == _STARTING:
            if not speech:
                self._state = _QUIET
            else:
                self._run += self._frame
                if self._run >= p.start_ms * SAMPLES_PER_MS:
                    self._state = _SPEAKING
                    self._idle_from = None
                    begin = max(self._floor, self._onset - p.prefix_padding_ms * SAMPLES_PER_MS, 0)
                    events.append(VADEvent("speech_started", audio_start_ms=self._ms(begin)))
        elif self._state == _SPEAKING:
            if not speech:
                self._state, self._run = _STOPPING, 0
        if self._state == _STOPPING:
            if speech:
                self._state = _SPEAKING
            else:
                self._run += self._frame
                if self._run >= p.silence_duration_ms * SAMPLES_PER_MS:
                    self._state = _QUIET
                    self._floor = self._pos
                    events.append(VADEvent("speech_stopped", audio_end_ms=self._ms(self._pos)))
                    self._idle_from = self._pos
        if (
            p.idle_timeout_ms is not None
            and self._state == _QUIET
            and self._idle_from is not None
            and self._pos - self._idle_from >= p.idle_timeout_ms * SAMPLES_PER_MS
        ):
            events.append(
                VADEvent(
                    "timeout_triggered",
                    audio_start_ms=self._ms(self._idle_from),
                    audio_end_ms=self._ms(self._pos),
                )
            )
            self._idle_from = None
            self._floor = self._pos


def simulate(
    pcm: np.ndarray | bytes, params: VADParams | None = None, scorer: FrameScorer | None = None
) -> list[VADEvent]:
    """Run server VAD over a whole recording (24 kHz int16) offline; same events as the local server gives."""
    detector = VoiceActivityDetector(params or VADParams(), scorer or EnergyScorer())
    return detector.feed(pcm)


def speech_segments(events: list[VADEvent]) -> list[tuple[int, int]]:
    """(audio_start_ms, audio_end_ms) of each complete turn in an event list."""
    segments: list[tuple[int, int]] = []
    start: int | None = None
    for ev in events:
        if ev.type == "speech_started":
            start = ev.audio_start_ms
        elif ev.type == "speech_stopped" and start is not None and ev.audio_end_ms is not None:
            segments.append((start, ev.audio_end_ms))
            start = None
    return segments
