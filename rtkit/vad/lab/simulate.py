"""Offline runs of the server VAD over whole recordings, and the turns they detect."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rtkit.audio import SAMPLES_PER_MS
from rtkit.vad.detector import VADEvent, VoiceActivityDetector
from rtkit.vad.params import VADParams
from rtkit.vad.scorers import EnergyScorer, FrameScorer


@dataclass(frozen=True)
class Segment:
    """One detected turn."""

    start_ms: int
    """``speech_started.audio_start_ms``."""
    end_ms: int
    """``speech_stopped.audio_end_ms``."""
    at_end: bool = False
    """True when the end of the audio closed the turn (speech was still going on)."""


def _with_commits(events: list[VADEvent]) -> list[VADEvent]:
    # The server commits the turn's audio right after speech_stopped and the silent stretch after
    # timeout_triggered; nothing is committed when the audio merely ends.
    out: list[VADEvent] = []
    for ev in events:
        out.append(ev)
        if ev.type == "timeout_triggered" or (ev.type == "speech_stopped" and not ev.at_end):
            out.append(VADEvent("committed"))
    return out


def simulate(
    pcm: np.ndarray | bytes, params: VADParams | None = None, scorer: FrameScorer | None = None
) -> list[VADEvent]:
    """Run server VAD over a whole recording (24 kHz int16) offline.

    Gives the events the local server sends for the same audio and settings (``speech_started``,
    ``speech_stopped``, ``committed``, ``timeout_triggered``), plus, when speech is still going on at the end,
    a final ``speech_stopped`` at the end of the audio flagged ``at_end``.
    """
    detector = VoiceActivityDetector(params or VADParams(), scorer or EnergyScorer())
    events = detector.feed(pcm)
    return _with_commits(events + detector.finish())


def simulate_scores(
    scores: np.ndarray, frame_ms: int, params: VADParams, duration_ms: float, scorer: FrameScorer | None = None
) -> list[VADEvent]:
    """:func:`simulate` from frame scores computed beforehand (``rtkit.vad.score_audio``): only the state
    machine runs, so many settings can be tried on one scoring pass."""
    detector = VoiceActivityDetector(params, scorer or _Grid(frame_ms))
    events = detector.feed_scores(scores)
    return _with_commits(events + detector.finish(duration_ms))


@dataclass(frozen=True)
class _Grid:
    """The frame grid of precomputed scores (the detector only reads ``frame_ms`` on this path)."""

    frame_ms: int

    def score_frames(self, frames: np.ndarray) -> np.ndarray:
        raise TypeError("scores were precomputed; feed them with feed_scores")


def speech_segments(events: list[VADEvent]) -> list[tuple[int, int]]:
    """(audio_start_ms, audio_end_ms) of each turn in an event list (a turn the end of the audio closed
    included; :func:`turns` says which)."""
    return [(s.start_ms, s.end_ms) for s in turns(events)]


def turns(events: list[VADEvent]) -> list[Segment]:
    """Each turn in an event list, with whether the end of the audio closed it."""
    segments: list[Segment] = []
    start: int | None = None
    for ev in events:
        if ev.type == "speech_started":
            start = ev.audio_start_ms
        elif ev.type == "speech_stopped" and start is not None and ev.audio_end_ms is not None:
            segments.append(Segment(start, ev.audio_end_ms, ev.at_end))
            start = None
    return segments


def duration_of(pcm: np.ndarray) -> float:
    """Length of 24 kHz audio in ms."""
    return len(pcm) / SAMPLES_PER_MS
