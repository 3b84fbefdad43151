"""The input-audio ledger: where the user's voice sits on the audio source's clock, and what must be heard again.

The session streams frames of the user's voice; each connection hears them on its own input-audio clock, which
starts at some point of the source's clock. The ledger keeps, in ms on the source's clock:

- ``stream_ms``: how much has been streamed since the session began;
- ``confirmed_ms``: up to where the server has answered the user (and transcribed it, when transcription is on);
- the frames after ``confirmed_ms`` (at most ``max_resend_ms`` of them), which a new connection hears again, so a
  drop neither repeats answered speech nor skips unanswered speech;
- the true speech labels of each stretch of input, to hand to the recorder on every connection they cross.

Pure: no I/O, no clock, no asyncio. The session decides when; the ledger says what.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence

import numpy as np

from rtkit import audio
from rtkit.session.conversation import Item

MAX_RESEND_MS = 60_000.0
"""At most this much unanswered audio is kept to resend after a drop (the server keeps no more either)."""

Span = tuple[float, float]


class InputLedger:
    """The user's audio on the source's clock: streamed, confirmed, and kept for resending."""

    def __init__(self, max_resend_ms: float = MAX_RESEND_MS) -> None:
        self.max_resend_ms = max_resend_ms
        self.stream_ms = 0.0
        """Audio streamed since the session began (ms)."""
        self.confirmed_ms = 0.0
        """The server has answered (and transcribed) the user's audio up to here (ms)."""
        self.labels: list[tuple[list[Span], float]] = []
        """True speech spans of each labelled stretch (ms from its start), with where it starts on the source."""
        self._rewind: deque[tuple[float, np.ndarray]] = deque()

    def append(self, frame: np.ndarray) -> float:
        """Account for one streamed frame (24 kHz int16); returns where it starts on the source's clock."""
        start = self.stream_ms
        self.stream_ms += audio.samples_to_ms(len(frame))
        self._rewind.append((start, frame))
        while self._rewind and self._rewind[0][0] < self.stream_ms - self.max_resend_ms:
            self._rewind.popleft()  # memory stays bounded
        return start

    def confirm(self, end_ms: float) -> None:
        """The server answered the user's audio up to ``end_ms``: it is never resent."""
        self.confirmed_ms = max(self.confirmed_ms, end_ms)
        while self._rewind and _end(self._rewind[0]) <= self.confirmed_ms:
            self._rewind.popleft()

    def resend_start(self) -> float:
        """Where a new connection's audio starts on the source's clock: the first frame not yet confirmed."""
        for kept in self._rewind:
            if _end(kept) > self.confirmed_ms:
                return kept[0]
        return self.stream_ms

    def frames_from(self, start_ms: float) -> list[np.ndarray]:
        """The kept frames that start at or after ``start_ms``, in order (what a new connection hears again)."""
        return [frame for start, frame in self._rewind if start >= start_ms]

    def add_labels(self, spans: Iterable[Sequence[float]]) -> tuple[list[Span], float]:
        """Label the audio streamed from now on with its true speech ``spans`` (ms from now)."""
        entry = ([(float(s[0]), float(s[1])) for s in spans], self.stream_ms)
        self.labels.append(entry)
        return entry

    def unanswered(self, items: Iterable[Item]) -> Item | None:
        """The first user-audio item the server heard beyond the confirmed position (it will be heard again)."""
        for item in items:
            if item.kind == "user_audio" and item.audio_end_ms is not None and item.audio_end_ms > self.confirmed_ms:
                return item
        return None


def confirmable(item: Item, transcribing: bool) -> float | None:
    """Where ``item`` confirms the user's audio up to (ms on the source's clock), or None while it cannot yet:
    user audio is confirmed once the server has answered it and, with transcription on, its transcript is known."""
    if item.kind != "user_audio" or item.audio_end_ms is None or not item.responded:
        return None
    if item.text is None and transcribing:
        return None
    return item.audio_end_ms


def _end(kept: tuple[float, np.ndarray]) -> float:
    return kept[0] + audio.samples_to_ms(len(kept[1]))
