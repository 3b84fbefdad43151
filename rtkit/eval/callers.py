"""Scripted callers: a scenario's turns played into one live session, each starting when the caller would speak.

A turn starts when the assistant's answer has finished playing (the session's playback tracker) plus a think time,
or barges in after N ms of the assistant's audio has played, or after a fixed pause. Audio turns stream in real time
(barge-in and truncation need a clock a listener shares); typed turns are sent as text items.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from rtkit.eval.cases import CallerTurn, Start
from rtkit.session.sources import ArraySource

POLL_S = 0.02
WAIT_S = 60.0
"""Longest wait for the condition that starts a turn (the answer never came: the turn starts anyway)."""


async def _until(condition: Callable[[], bool], timeout: float = WAIT_S) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            return False
        await asyncio.sleep(POLL_S)
    return True


def _finished_playing(session: Any) -> bool:
    item = session.playback.current_item()
    if item is None:
        return True
    now = session.clock.monotonic()
    return session.playback.played_ms(item, now) >= session.playback.received_ms(item) - 1.0


async def wait_for_start(session: Any, start: Start, sent_at: float, seen_item: str | None) -> None:
    """Wait until a turn may start. ``sent_at``: loop time the previous turn finished sending; ``seen_item``: the
    assistant audio item playing when it was sent (a barge-in waits for a newer one)."""
    loop = asyncio.get_running_loop()
    if start.after == "pause":
        await asyncio.sleep(max(0.0, sent_at + start.ms / 1000 - loop.time()))
        return
    if start.after == "barge_in":

        def heard() -> bool:
            item = session.playback.current_item()
            if item is None or item == seen_item:
                return False
            return session.playback.played_ms(item, session.clock.monotonic()) >= start.ms

        await _until(heard)
        return
    await _until(lambda: session.is_idle())
    await _until(lambda: _finished_playing(session))
    await asyncio.sleep(start.ms / 1000)


async def play(
    session: Any,
    turns: Sequence[CallerTurn],
    audio_of: Callable[[int], tuple[np.ndarray, list[tuple[float, float]]]],
    timeout: float = 120.0,
) -> list[tuple[int, float]]:
    """Play the caller's turns into a started session; returns ``(first item index, monotonic time)`` of each
    turn's start, for splitting the run into turns. ``audio_of(k)``: turn k's audio and speech spans."""
    loop = asyncio.get_running_loop()
    starts: list[tuple[int, float]] = []
    sent_at = loop.time()
    seen: str | None = None
    for k, turn in enumerate(turns):
        if k:
            await wait_for_start(session, turn.start, sent_at, seen)
        starts.append((len(session.conversation.items), session.clock.monotonic()))
        seen = session.playback.current_item()
        if turn.input.kind == "text":  # typed: sent whole, answered before the next turn (no barge-in by text)
            await session.send_text(turn.input.text, timeout=timeout)
        else:
            pcm, labels = audio_of(k)
            await session.run_source(ArraySource(pcm, pace=True), labels=labels, wait=False)
        sent_at = loop.time()
    await session.wait_idle(timeout=timeout)
    return starts
