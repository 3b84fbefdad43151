"""Spoken requests end to end: the official ``openai`` SDK streams synthesized speech to the local server,
whose server VAD commits it, whose recognizer transcribes it and whose responder calls the tool."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import pytest
from openai import AsyncOpenAI

from rtkit.audio import chunk_pcm, pad_silence
from rtkit.local.tts import Synthesizer

WEATHER_TOOL = {
    "type": "function",
    "name": "get_weather",
    "description": "Get the current weather for a city.",
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string", "description": "Name of the city."}},
        "required": ["city"],
    },
}


async def _until(conn: Any, type_: str, seen: list[dict[str, Any]]) -> dict[str, Any]:
    while True:
        event = json.loads(await asyncio.wait_for(conn.recv_bytes(), 60))
        seen.append(event)
        if event["type"] == type_:
            return event


@pytest.mark.xfail(
    strict=False,
    reason="the local recognizer does not hear the city in espeak-ng's 'Paris' (open-vocabulary pass: "
    "\"what's the weather we can read out\"), and filling the city argument is the responder's",
)
async def test_openai_sdk_spoken_weather_request_calls_the_tool_with_the_city(speech_server):
    synth = Synthesizer()
    if not synth.available:
        pytest.skip("espeak-ng is not installed")
    speech = synth.synthesize("What's the weather in Paris right now?")
    client = AsyncOpenAI(api_key="test", base_url=speech_server.base_url)
    seen: list[dict[str, Any]] = []
    async with client.realtime.connect(model="gpt-realtime") as conn:
        await _until(conn, "session.created", seen)
        await conn.session.update(
            session={
                "type": "realtime",
                "instructions": "You are a helpful assistant.",
                "tools": [WEATHER_TOOL],
                "audio": {
                    "input": {
                        "transcription": {"model": "gpt-4o-mini-transcribe"},
                        "turn_detection": {"type": "server_vad"},
                    }
                },
            }
        )
        await _until(conn, "session.updated", seen)
        await speech_server.speech.load()
        if not speech_server.speech.status["recognition"]:
            pytest.skip("pocketsphinx is not installed")
        for chunk in chunk_pcm(pad_silence(speech, 800), 40):
            await conn.input_audio_buffer.append(audio=base64.b64encode(chunk).decode())
        response = (await _until(conn, "response.done", seen))["response"]
    heard = [e["transcript"] for e in seen if e["type"] == "conversation.item.input_audio_transcription.completed"]
    assert heard and "paris" in heard[0].split(), heard
    call = response["output"][0]
    assert call["type"] == "function_call" and call["name"] == "get_weather", (heard, response["output"])
    assert json.loads(call["arguments"]) == {"city": "Paris"}, heard
