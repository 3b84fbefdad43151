"""The server-VAD state machine on the input-audio clock.

:class:`VoiceActivityDetector` is a short state machine (quiet → starting → speaking → stopping → quiet) over
frame scores that timestamps events in ms of audio fed so far, with the semantics of the GA ``server_vad``
fields:

- a frame is speech when its score is at least ``threshold``;
- a turn starts after ``start_ms`` of consecutive speech; ``speech_started.audio_start_ms`` is the first speech
  frame's start minus ``prefix_padding_ms``, never before the end of the previous turn nor before 0;
- a turn ends after ``silence_duration_ms`` of consecutive non-speech; ``speech_stopped.audio_end_ms`` is where
  that silence window closes (the trailing silence included);
- once armed (end of a turn, or :meth:`VoiceActivityDetector.arm_idle` at the end of a response),
  ``idle_timeout_ms`` of audio without a turn fires ``timeout_triggered`` bracketing that stretch, once.

The local Realtime server runs this detector on appended audio; :func:`rtkit.vad.lab.simulate` runs it offline, so
both give the same events for the same audio and settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from rtkit.audio import SAMPLES_PER_MS
from rtkit.vad.params import VADParams
from rtkit.vad.scorers import EnergyScorer, FrameScorer

_EMPTY = np.zeros(0, dtype=np.int16)
_LIVE_FRAMES = 4  # appends shorter than this many frames take the frame-by-frame path

EventType = Literal["speech_started", "speech_stopped", "committed", "timeout_triggered"]


@dataclass(frozen=True)
class VADEvent:
    """One detector event, timed in ms of audio fed since the detector started."""

    type: EventType
    """``speech_started``, ``speech_stopped``, ``committed`` or ``timeout_triggered``."""
    audio_start_ms: int | None = None
    """Start of the audio the event covers (speech_started, timeout_triggered)."""
    audio_end_ms: int | None = None
    """End of the audio the event covers (speech_stopped, timeout_triggered)."""
    at_end: bool = False
    """True on a speech_stopped that the end of the audio produced (speech was still going on), not silence."""


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
        scorer = self.scorer
        self._score_one: Callable[[np.ndarray], float] | None = None  # live frames scored one by one
        if type(scorer) is EnergyScorer:  # a subclass may score otherwise
            self._score_one = scorer.score_one
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

    @property
    def pause_started_ms(self) -> float | None:
        """Where the silence that may end the current turn began (ms of audio fed), or None outside such a pause.
        The turn ends there, plus the silence window, unless speech comes back first."""
        if self._state != _STOPPING:
            return None
        return (self._pos - self._run) / SAMPLES_PER_MS

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
        """Feed 24 kHz int16 audio; returns the speech_started / speech_stopped / timeout_triggered events it
        completes, in order."""
        arr = np.frombuffer(pcm, dtype="<i2") if isinstance(pcm, bytes | bytearray | memoryview) else pcm
        frame, score_one = self._frame, self._score_one
        if score_one is not None and len(arr) == frame and not len(self._pending):  # the usual 20 ms live append
            events: list[VADEvent] = []
            self._live_step(score_one(arr) >= self.params.threshold, events)
            return events
        data = np.concatenate([self._pending, arr.astype(np.int16, copy=False)]) if len(self._pending) else arr
        n = len(data) // frame
        self._pending = np.array(data[n * frame :], dtype=np.int16) if len(data) > n * frame else _EMPTY
        if n == 0:
            return []
        if score_one is not None and n <= _LIVE_FRAMES:
            # A live append (a frame or two): scored and stepped frame by frame without the array steps of
            # score_frames, which cost more in numpy call overhead than the frames' arithmetic.
            events = []
            threshold = self.params.threshold
            for i in range(0, n * frame, frame):
                self._live_step(score_one(data[i : i + frame]) >= threshold, events)
            return events
        return self.feed_scores(self.scorer.score_frames(np.asarray(data[: n * frame]).reshape(n, frame)))

    def _live_step(self, speech: bool, events: list[VADEvent]) -> None:
        """One frame of a live append: :meth:`_step` with an idle timer, else the cheaper :meth:`_run_of`."""
        if self.params.idle_timeout_ms is not None:
            self._step(speech, events)
        else:
            self._run_of(speech, 1, events)

    def feed_scores(self, scores: np.ndarray) -> list[VADEvent]:
        """Advance by one frame per precomputed score (what :meth:`feed` does after scoring); lets a search
        score a recording once and replay only this state machine per setting."""
        events: list[VADEvent] = []
        if len(scores) <= _LIVE_FRAMES:  # a live append: a frame or two, stepped without array operations
            threshold = self.params.threshold
            for score in scores.tolist() if isinstance(scores, np.ndarray) else scores:
                self._live_step(score >= threshold, events)
            return events
        flags = np.asarray(scores) >= self.params.threshold
        if not len(flags):
            return events
        if self.params.idle_timeout_ms is not None:
            for speech in flags.tolist():
                self._step(speech, events)
            return events
        # Without an idle timer the machine only changes state where speech turns on or off: step run by run.
        bounds = np.flatnonzero(flags[1:] != flags[:-1]) + 1
        starts = [0, *bounds.tolist()]
        ends = [*bounds.tolist(), len(flags)]
        for lo, hi in zip(starts, ends, strict=True):
            self._run_of(bool(flags[lo]), hi - lo, events)
        return events

    def _run_of(self, speech: bool, k: int, events: list[VADEvent]) -> None:
        """``k`` frames that are all speech or all silence; the same result as ``k`` calls of :meth:`_step`
        when no idle timer is set."""
        p, frame = self.params, self._frame
        start = self._pos
        self._pos += k * frame
        if speech:
            if self._state == _STOPPING:
                self._state = _SPEAKING
            elif self._state in (_QUIET, _STARTING):
                if self._state == _QUIET:
                    self._state, self._onset, self._run = _STARTING, start, 0
                need = max(1, -(-(p.start_ms * SAMPLES_PER_MS - self._run) // frame))
                if k >= need:
                    self._state, self._idle_from, self._run = _SPEAKING, None, self._run + need * frame
                    begin = max(self._floor, self._onset - p.prefix_padding_ms * SAMPLES_PER_MS, 0)
                    events.append(VADEvent("speech_started", audio_start_ms=self._ms(begin)))
                else:
                    self._run += k * frame
        elif self._state == _STARTING:
            self._state = _QUIET
        elif self._state in (_SPEAKING, _STOPPING):
            if self._state == _SPEAKING:
                self._state, self._run = _STOPPING, 0
            need = max(1, -(-(p.silence_duration_ms * SAMPLES_PER_MS - self._run) // frame))
            if k >= need:
                end = start + need * frame
                self._state, self._floor, self._idle_from = _QUIET, end, end
                self._run += need * frame
                events.append(VADEvent("speech_stopped", audio_end_ms=self._ms(end)))
            else:
                self._run += k * frame

    def finish(self, end_ms: float | None = None) -> list[VADEvent]:
        """The audio has ended: a turn still in progress is closed at ``end_ms`` (default: all audio fed) by a
        speech_stopped flagged ``at_end``. The Realtime server never sends this; offline runs report it so an
        utterance that runs to the end of a file is not lost."""
        if not self.speaking:
            return []
        end = self.position_ms if end_ms is None else end_ms
        self._state, self._run = _QUIET, 0
        self._floor = round(end * SAMPLES_PER_MS)
        return [VADEvent("speech_stopped", audio_end_ms=int(end), at_end=True)]

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
