"""The recorder's timeline as exporters read it: its columns (:class:`Timeline`) and what else they need of a
recording (:class:`Recording`, which :class:`~rtkit.metrics.recorder.MetricsRecorder` satisfies).

Exports depend on this, not on the recorder, so ``recorder`` → ``export`` is the only direction between them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple, Protocol

import numpy as np

from rtkit.metrics.pricing import Pricing, TranscriptionPricing
from rtkit.metrics.turns import TurnTracker


class Timeline(NamedTuple):
    """The recorder's columns, one entry per event (ids are indexes into ``recorder.ids``, -1 for none)."""

    t: np.ndarray
    direction: np.ndarray
    type: np.ndarray
    nbytes: np.ndarray
    in_ms: np.ndarray
    out_ms: np.ndarray
    conn: np.ndarray
    item: np.ndarray
    resp: np.ndarray
    call: np.ndarray
    extra: Mapping[int, dict[str, Any]]


class Recording(Protocol):
    """What exports read of a recording (a :class:`~rtkit.metrics.recorder.MetricsRecorder`)."""

    ids: list[str]
    """Interned ids (items, responses, calls); the timeline's id columns index it."""
    types: list[str]
    """Interned event types; the timeline's type column indexes it."""
    tracker: TurnTracker
    labels: list[tuple[float, float, int | None]]
    alerts: list[dict[str, Any]]
    samples: list[tuple[float, float, float, int, float, float]]
    model: str | None
    pace: str | None
    run_config: Any
    run_info: dict[str, Any]
    max_concurrent_sessions: int

    def __len__(self) -> int: ...

    def timeline(self) -> Timeline: ...

    @property
    def tool_results(self) -> Mapping[str, dict[str, Any]]: ...

    def model_for(self, conn: int) -> str | None: ...

    def price(self, model: str | None) -> Pricing | None: ...

    def transcription_price(self, model: str | None) -> TranscriptionPricing | None: ...
