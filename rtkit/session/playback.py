"""How much of each assistant audio item the listener has heard: barge-in truncation cuts the item there.

A player that knows (the browser widget, a WebRTC track) reports it with :class:`ReportedPlayback`; otherwise
:class:`EstimatedPlayback` assumes playback starts with the item's first audio delta and runs in real time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from rtkit import audio


class PlaybackTracker(Protocol):
    """Told about assistant audio as it arrives; answers how many ms of an item were played."""

    def received(self, item_id: str, nbytes: int, t: float) -> None:
        """``nbytes`` of 24 kHz PCM16 for ``item_id`` arrived at monotonic time ``t``."""

    def played_ms(self, item_id: str, t: float) -> float:
        """Ms of ``item_id`` played by time ``t`` (never more than was received)."""

    def received_ms(self, item_id: str) -> float:
        """Ms of ``item_id`` received so far."""

    def current_item(self) -> str | None:
        """The item being played (the last one that received audio), if any."""


@dataclass
class _Item:
    t0: float
    received_ms: float = 0.0
    reported_ms: float | None = None


class EstimatedPlayback:
    """Real-time estimate: playback of an item starts at its first delta and runs at 1x.

    ``realtime=False`` (unpaced runs, where nothing plays) reports the whole item as played, so nothing is cut.
    """

    def __init__(self, realtime: bool = True) -> None:
        self.realtime = realtime
        self._items: dict[str, _Item] = {}
        self._current: str | None = None

    def received(self, item_id: str, nbytes: int, t: float) -> None:
        item = self._items.get(item_id)
        if item is None:
            item = self._items[item_id] = _Item(t)
        item.received_ms += audio.bytes_to_ms(nbytes)
        self._current = item_id

    def played_ms(self, item_id: str, t: float) -> float:
        item = self._items.get(item_id)
        if item is None:
            return 0.0
        if not self.realtime:
            return item.received_ms
        return min(max(t - item.t0, 0.0) * 1000.0, item.received_ms)

    def received_ms(self, item_id: str) -> float:
        item = self._items.get(item_id)
        return item.received_ms if item is not None else 0.0

    def current_item(self) -> str | None:
        return self._current


class ReportedPlayback(EstimatedPlayback):
    """Playback as a real player reports it (``report(item_id, played_ms)``); items never reported fall back to
    the real-time estimate. ``on_first_sample`` is called once per item when its first report arrives (the widget
    marks ``rtkit.playback.start`` with it)."""

    def __init__(self, on_first_sample: Callable[[str], None] | None = None) -> None:
        super().__init__(realtime=True)
        self.on_first_sample = on_first_sample

    def report(self, item_id: str, played_ms: float) -> None:
        item = self._items.get(item_id)
        if item is None:
            return
        first = item.reported_ms is None
        item.reported_ms = max(float(played_ms), item.reported_ms or 0.0)
        if first and self.on_first_sample is not None:
            self.on_first_sample(item_id)

    def played_ms(self, item_id: str, t: float) -> float:
        item = self._items.get(item_id)
        if item is not None and item.reported_ms is not None:
            return min(item.reported_ms, item.received_ms)
        return super().played_ms(item_id, t)
