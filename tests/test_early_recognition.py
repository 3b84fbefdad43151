"""Decoding while the caller may still be speaking: a turn that pauses goes to recognition before speech_stopped,
and speech that comes back voids that attempt."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import numpy as np

from rtkit.audio import chunk_pcm
from rtkit.local.server.state import ConnectionState
from rtkit.local.server.transcripts import EARLY_AFTER_MS
from rtkit.local.speech.engines import SpeechEngines


async def _state(events: list[dict[str, Any]]) -> ConnectionState:
    async def emit(event: dict[str, Any]) -> None:
        events.append(event)

    # pocketsphinx: its words follow the audio word by word, so what each attempt heard can be compared
    speech = SpeechEngines(True, recognizer="pocketsphinx")
    state = ConnectionState(emit, model="gpt-realtime", max_session_seconds=3600, speech=speech)
    await state.start()
    audio_in = {
        "transcription": {"model": "whisper-1"},
        "turn_detection": {"type": "server_vad", "silence_duration_ms": 1000},  # a pause of 400 ms stays inside
    }
    tool = {"type": "function", "name": "get_portfolio_summary", "description": "Summarise the user's portfolio."}
    session = {"type": "realtime", "output_modalities": ["text"], "audio": {"input": audio_in}, "tools": [tool]}
    await state.handle(json.dumps({"type": "session.update", "session": session}))
    return state


async def _feed(state: ConnectionState, pcm: np.ndarray) -> None:
    for chunk in chunk_pcm(pcm, 20):
        audio = base64.b64encode(chunk).decode()
        await state.handle(json.dumps({"type": "input_audio_buffer.append", "audio": audio}))


def _silence(ms: int) -> np.ndarray:
    return np.zeros(24 * ms, dtype=np.int16)


def _speech(pcm: np.ndarray) -> np.ndarray:
    """The recording without its trailing quiet: the turn is still open when it ends."""
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) > 1000)
    return pcm[: loud[-1] + 24 * 20]


async def test_a_pausing_turn_is_recognised_before_speech_stopped(portfolio_pcm) -> None:
    events: list[dict[str, Any]] = []
    state = await _state(events)
    try:
        await _feed(state, _speech(portfolio_pcm))
        await _feed(state, _silence(EARLY_AFTER_MS + 200))  # paused, but the silence window still runs
        assert not any(e["type"] == "input_audio_buffer.speech_stopped" for e in events)
        early = state.transcripts.early
        assert early is not None  # the speech went to recognition already
        text = await asyncio.wait_for(asyncio.shield(early.task), 60)
        assert "portfolio summary" in text.lower()
        await _feed(state, _silence(1000))
        assert any(e["type"] == "input_audio_buffer.speech_stopped" for e in events) and state.transcripts.early is None
        for _ in range(600):
            done = [e for e in events if e["type"] == "conversation.item.input_audio_transcription.completed"]
            if done:
                break
            await asyncio.sleep(0.05)
        assert done and done[0]["transcript"] == text  # the item's transcript is the early one, not decoded again
    finally:
        await state.close()


async def test_speech_that_comes_back_voids_the_early_attempt(portfolio_pcm) -> None:
    events: list[dict[str, Any]] = []
    state = await _state(events)
    try:
        await _feed(state, portfolio_pcm[: 24 * 1500])
        await _feed(state, _silence(EARLY_AFTER_MS + 100))
        first = state.transcripts.early
        assert first is not None
        await _feed(state, _speech(portfolio_pcm)[24 * 1500 :])  # the caller goes on
        await asyncio.sleep(0)
        assert first.task.cancelled() or first.task.done()
        assert state.transcripts.early is not first
        await _feed(state, _silence(1300))
        for _ in range(600):
            done = [e for e in events if e["type"] == "conversation.item.input_audio_transcription.completed"]
            if done:
                break
            await asyncio.sleep(0.05)
        first_part = _speech(portfolio_pcm)[: 24 * 1500]
        heard_first = await state.speech.transcribe(first_part, ["get portfolio summary"])
        # the whole turn was heard, not only what came before the pause
        assert done and len(done[0]["transcript"].split()) > len(heard_first.split())
    finally:
        await state.close()
