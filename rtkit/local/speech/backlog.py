"""How long recognition would take to hear an utterance now: the local server's overload decision.

The service answers in about a second under load or refuses with a rate-limit error; it never lets a caller wait ten
seconds. The local server does the same: before it starts a response that needs an utterance still being
recognised, it asks :meth:`RecognitionBacklog.refusal` whether the recognition workers would hear it within
a limit. The estimate is the audio queued for recognition (seconds of speech, every session's) times the
measured compute per second of audio, over the workers, plus what comes after recognition before the caller hears
anything (planning, synthesis of the first sentence) and a margin for the estimate's error
(:data:`AFTER_RECOGNITION_S`). The workers recognise what waits in batches, so the compute per second of audio is
measured per batch: it falls as the queue grows and batches fill. A response is refused only when others' work is
queued ahead of its own: a lone caller is always answered, however slow the machine.

Pure bookkeeping, no clock: compute times come from the workers (:meth:`measured`), so the decision is tested with
given durations rather than real waits.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from rtkit.local.speech.beam_gate import spare

__all__ = [
    "AFTER_RECOGNITION_S",
    "DEFAULT_RECOGNITION_LIMIT_S",
    "ENGINE_PRIORS",
    "LIGHT_AFTER_S",
    "PRIOR_LIGHT_SECONDS_PER_AUDIO_SECOND",
    "PRIOR_SECONDS_PER_AUDIO_SECOND",
    "RecognitionBacklog",
    "Refusal",
]

DEFAULT_RECOGNITION_LIMIT_S = 3.0
"""Longest a response may wait for recognition behind other sessions' speech before it is refused: a caller who
waits longer hangs up."""

AFTER_RECOGNITION_S = 0.5
"""Seconds counted on top of the recognition estimate before a response's first audio: planning and synthesis of the
first sentence (about 10-50 ms on an idle machine), the server's event loop under load, and a margin for an estimate
made from running averages (a batch ends all its utterances at once, and a worker may still be loading)."""

PRIOR_SECONDS_PER_AUDIO_SECOND = 0.5
"""Compute per second of audio assumed before any utterance has been measured."""

ENGINE_PRIORS = {"moonshine": 0.25}
"""Compute per second of audio assumed before any utterance has been measured, for engines faster than
:data:`PRIOR_SECONDS_PER_AUDIO_SECOND`: Moonshine base takes about 0.11 CPU s per second of padded speech one at a
time and 0.06-0.08 in batches (``bench/RESULTS.md``); the prior allows for a busy machine. A burst of callers is
decided on it until the first batch is measured."""

PRIOR_LIGHT_SECONDS_PER_AUDIO_SECOND = 0.2
"""The same for the light path (Moonshine alone: 0.07-0.2 measured)."""

LIGHT_AFTER_S = 1.0
"""When the audio waiting for recognition would take longer than this to hear on the engine's full path, utterances
take its light path (:meth:`rtkit.local.speech.asr.Recognizer.recognize`): the ``combined`` engine then makes
Moonshine's pass alone, a fraction of the compute of its PocketSphinx passes."""

SMOOTHING = 0.2
"""Weight of the newest measurement in the running estimate of compute per second of audio (the first one replaces
the prior)."""


class WorkerPool(Protocol):
    """What :meth:`RecognitionBacklog.watch` needs of a recognition pool."""

    measured: Callable[[float, float, bool], None] | None
    """Told ``(seconds of audio, seconds it took, light path)`` after each batch a worker answers."""
    loaded: Callable[[int], None] | None
    """Told how many workers are loaded whenever that changes."""


@dataclass(frozen=True)
class Refusal:
    """Why a response is refused: recognition would hear its audio only after ``wait_s``."""

    wait_s: float
    """Estimated seconds until the response's audio is recognised."""
    limit_s: float
    """The server's limit."""
    retry_after_s: float
    """Estimated seconds until a new utterance would be heard within the limit again."""

    @property
    def message(self) -> str:
        """The error message, in the service's words."""
        return (
            f"Rate limit reached for requests: speech recognition is busy (an answer would take about "
            f"{self.wait_s:.1f} s, limit {self.limit_s:g} s). Please try again in {math.ceil(self.retry_after_s)}s."
        )


@dataclass
class RecognitionBacklog:
    """Audio waiting for recognition and the measured speed of the workers that hear it (thread-safe: workers
    report from their own threads). Two speeds are kept: the engine's full path and its light path, which the
    server takes once the wait on the full path passes ``light_after_s``."""

    workers: int
    """Recognition workers that decode in parallel (loaded ones: :meth:`watch` keeps it up to date)."""
    light_path: bool = True
    """The engine has a lighter path (``combined``); without one, every utterance is estimated (and sent) on the
    full path."""
    after_s: float = AFTER_RECOGNITION_S
    """Seconds from a transcript to the response's first audio, margin included (:data:`AFTER_RECOGNITION_S`)."""
    light_after_s: float = LIGHT_AFTER_S
    """Wait (on the full path) beyond which utterances take the light path."""
    seconds_per_audio_s: float = PRIOR_SECONDS_PER_AUDIO_SECOND
    """Compute per second of audio on the full path: a running estimate from :meth:`measured`."""
    light_seconds_per_audio_s: float = PRIOR_LIGHT_SECONDS_PER_AUDIO_SECOND
    """The same on the light path."""
    _pending: dict[int, float] = field(default_factory=dict)
    _measured_paths: set[bool] = field(default_factory=set)  # the paths measured at least once (light or not)
    _next: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def for_engine(cls, engine: str, workers: int) -> RecognitionBacklog:
        """The backlog of ``workers`` workers of ``engine`` (one of :data:`rtkit.local.speech.asr.ENGINES`): its
        prior speed (:data:`ENGINE_PRIORS`), and a light path only for ``combined``."""
        prior = ENGINE_PRIORS.get(engine, PRIOR_SECONDS_PER_AUDIO_SECOND)
        return cls(workers, light_path=engine == "combined", seconds_per_audio_s=prior)

    def watch(self, pool: WorkerPool) -> None:
        """Take the speed measurements of ``pool``'s workers, and count the ones loaded as they load (a worker still
        loading hears nothing)."""
        pool.measured = self.measured
        pool.loaded = self._loaded

    def _loaded(self, workers: int) -> None:
        with self._lock:
            self.workers = max(1, workers)

    @property
    def pending_audio_s(self) -> float:
        """Seconds of audio submitted and not yet recognised (or cancelled)."""
        with self._lock:
            return sum(self._pending.values())

    def submitted(self, audio_s: float) -> int:
        """An utterance of ``audio_s`` seconds was sent for recognition; returns its ticket."""
        with self._lock:
            self._next += 1
            self._pending[self._next] = max(0.0, audio_s)
            return self._next

    def done(self, ticket: int) -> None:
        """That utterance was recognised, failed or was cancelled."""
        with self._lock:
            self._pending.pop(ticket, None)

    def measured(self, audio_s: float, compute_s: float, light: bool = False) -> None:
        """A worker took ``compute_s`` to recognise ``audio_s`` seconds of audio (on the light path or not)."""
        if audio_s <= 0.05 or compute_s < 0:
            return  # warm-up calls on a little silence say nothing about speed
        with self._lock:
            rate = compute_s / audio_s
            # the first measurement of a path replaces its prior, a guess made without this machine's load
            weight = SMOOTHING if light in self._measured_paths else 1.0
            self._measured_paths.add(light)
            if light:
                self.light_seconds_per_audio_s += weight * (rate - self.light_seconds_per_audio_s)
            else:
                self.seconds_per_audio_s += weight * (rate - self.seconds_per_audio_s)

    def light(self, own_audio_s: float = 0.0) -> bool:
        """True when an utterance of ``own_audio_s`` (already submitted) should take the light path: the audio
        queued besides it would take the full path longer than ``light_after_s``. A lone caller keeps the full
        path."""
        if not self.light_path:
            return False
        with self._lock:
            return self._full_wait(sum(self._pending.values()) - own_audio_s) > self.light_after_s

    def spare(self, own_audio_s: float = 0.0) -> bool:
        """True when an utterance of ``own_audio_s`` (already submitted) is all that waits for recognition: the
        ``spare`` decoding may spend the idle capacity on its beam (:func:`~rtkit.local.speech.beam_gate.spare`)."""
        with self._lock:
            return spare(sum(self._pending.values()), own_audio_s)

    def _full_wait(self, audio_s: float) -> float:
        return self.seconds_per_audio_s * audio_s / max(1, self.workers)

    def _wait(self, audio_s: float) -> float:
        """Seconds to recognise ``audio_s`` of queued audio, on the path the queue would take (lock held)."""
        full = self._full_wait(audio_s)
        if full <= self.light_after_s or not self.light_path:
            return full
        return max(self.light_after_s, self.light_seconds_per_audio_s * audio_s / max(1, self.workers))

    def wait_s(self) -> float:
        """Estimated seconds until everything pending now is recognised."""
        with self._lock:
            return self._wait(sum(self._pending.values()))

    def refusal(self, own_audio_s: float, limit_s: float | None) -> Refusal | None:
        """A :class:`Refusal` when a response whose own utterances (``own_audio_s`` seconds, already submitted)
        are still pending would reach its first audio later than ``limit_s`` (recognition of everything queued,
        plus ``after_s``) because others' work is queued ahead; None when the response may start (also with no
        limit)."""
        if limit_s is None or own_audio_s <= 0:
            return None
        with self._lock:
            pending = sum(self._pending.values())
            wait = self._wait(max(pending, own_audio_s)) + self.after_s
        if pending - own_audio_s <= 1e-9:
            return None  # nothing of anyone else's ahead: waiting would not make it sooner
        if wait <= limit_s:
            return None
        return Refusal(wait, limit_s, wait - limit_s)
