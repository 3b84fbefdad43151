"""Spoken requests end to end: the official ``openai`` SDK streams synthesized speech (espeak-ng's default voice)
to the local server, whose server VAD commits it, whose recognizer transcribes it and whose responder calls the
tool."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest
from openai import AsyncOpenAI
from sdk_clients import until
from spoken_tools import MUSIC_TOOL, WEATHER_TOOL

from rtkit.audio import chunk_pcm, pad_silence
from rtkit.local.tts import Synthesizer


async def _spoken_request(server: Any, tool: dict[str, Any], said: str) -> tuple[list[str], dict[str, Any]]:
    """What the server heard of ``said`` and its first response, in a session with ``tool`` and server VAD."""
    synth = Synthesizer()
    if not synth.available:
        pytest.skip("espeak-ng is not installed")
    speech = synth.synthesize(said)
    client = AsyncOpenAI(api_key="test", base_url=server.base_url)
    seen: list[dict[str, Any]] = []
    async with client.realtime.connect(model="gpt-realtime") as conn:
        await until(conn, "session.created", seen, timeout=60)
        await conn.session.update(
            session={
                "type": "realtime",
                "instructions": "You are a helpful assistant.",
                "tools": [tool],
                "audio": {
                    "input": {
                        "transcription": {"model": "gpt-4o-mini-transcribe"},
                        "turn_detection": {"type": "server_vad"},
                    }
                },
            }
        )
        await until(conn, "session.updated", seen, timeout=60)
        await server.speech.load()
        if not server.speech.status["recognition"]:
            pytest.skip("pocketsphinx is not installed")
        for chunk in chunk_pcm(pad_silence(speech, 800), 40):
            await conn.input_audio_buffer.append(audio=base64.b64encode(chunk).decode())
        response = (await until(conn, "response.done", seen, timeout=60))["response"]
    heard = [e["transcript"] for e in seen if e["type"] == "conversation.item.input_audio_transcription.completed"]
    return heard, response


@pytest.mark.parametrize(
    "city",
    [
        pytest.param(
            "Paris",
            marks=pytest.mark.xfail(
                strict=False,
                reason="espeak-ng's 'in Paris' fits other words better at every level: the word passes hear 'we "
                "can read' / 'we out', the phone loop 'R IY TH UH R IY S', closest to 'greece' (and the "
                "pocketsphinx keyword spotter also picks 'riga', 'greece')",
            ),
        ),
        "Chicago",  # measured at the recognizer over six renderings: heard with the slot step in 6, without in 2
    ],
)
async def test_openai_sdk_spoken_weather_request_calls_the_tool_with_the_city(speech_server, city):
    heard, response = await _spoken_request(speech_server, WEATHER_TOOL, f"What's the weather in {city} right now?")
    assert heard and re.search(rf"\b(?:in|at|for) {city.lower()}\b", heard[0]), heard
    call = response["output"][0]
    assert call["type"] == "function_call" and call["name"] == "get_weather", (heard, response["output"])
    assert json.loads(call["arguments"]) == {"city": city}, heard


async def test_openai_sdk_spoken_request_fills_an_enum_argument(speech_server):
    heard, response = await _spoken_request(speech_server, MUSIC_TOOL, "Play classical music.")
    assert heard and "classical" in heard[0].split(), heard
    call = response["output"][0]
    assert call["type"] == "function_call" and call["name"] == "play_music", (heard, response["output"])
    assert json.loads(call["arguments"]) == {"genre": "classical"}, heard
