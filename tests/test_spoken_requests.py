"""Spoken requests end to end: the official ``openai`` SDK streams synthesized speech (espeak-ng's default voice)
to the local server, whose server VAD commits it, whose recognizer (the default engine) transcribes it and whose
responder calls the tool, then answers from the tool's output."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest
from openai import AsyncOpenAI
from sdk_clients import until
from spoken_tools import BOOKING_TOOL, MUSIC_TOOL, WEATHER_TOOL

from rtkit.audio import chunk_pcm, pad_silence
from rtkit.local.speech.tts import Synthesizer


def _said(response: dict[str, Any]) -> str:
    """What a response's messages say (text or the transcript of their audio)."""
    return " ".join(
        part.get("text") or part.get("transcript") or ""
        for item in response["output"]
        if item["type"] == "message"
        for part in item["content"]
    )


async def _spoken_request(
    server: Any, synth: Synthesizer, tool: dict[str, Any], said: str, output: dict[str, Any] | None = None
) -> tuple[list[str], dict[str, Any], str]:
    """What the server heard of ``said`` (spoken by ``synth``) and its first response, in a session with ``tool``
    and server VAD; with an ``output`` for a function call of that response, also what the next response says."""
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
            pytest.skip(f"the {server.speech.recognizer} recognizer is not installed")
        for chunk in chunk_pcm(pad_silence(speech, 800), 40):
            await conn.input_audio_buffer.append(audio=base64.b64encode(chunk).decode())
        response = (await until(conn, "response.done", seen, timeout=60))["response"]
        answer = ""
        call = response["output"][0] if response["output"] else {}
        if output is not None and call.get("type") == "function_call":
            await conn.conversation.item.create(
                item={"type": "function_call_output", "call_id": call["call_id"], "output": json.dumps(output)}
            )
            await conn.response.create()
            answer = _said((await until(conn, "response.done", seen, timeout=60))["response"])
    heard = [e["transcript"] for e in seen if e["type"] == "conversation.item.input_audio_transcription.completed"]
    return heard, response, answer


@pytest.mark.parametrize("city", ["Paris", "Chicago", "Tokyo"])
async def test_openai_sdk_spoken_weather_request_calls_the_tool_with_the_city(speech_server, synth, city):
    weather = {"city": city, "temperature_c": 14, "conditions": "light rain"}
    said = f"What's the weather in {city} right now?"
    heard, response, answer = await _spoken_request(speech_server, synth, WEATHER_TOOL, said, weather)
    assert heard and re.search(rf"\b(?:in|at|for) {city}\b", heard[0], re.IGNORECASE), heard
    call = response["output"][0]
    assert call["type"] == "function_call" and call["name"] == "get_weather", (heard, response["output"])
    assert json.loads(call["arguments"]) == {"city": city}, heard
    assert "14" in answer and "light rain" in answer, answer


async def test_openai_sdk_spoken_request_fills_an_enum_argument(speech_server, synth):
    heard, response, _ = await _spoken_request(speech_server, synth, MUSIC_TOOL, "Play classical music.")
    assert heard and re.search(r"\bclassical\b", heard[0], re.IGNORECASE), heard
    call = response["output"][0]
    assert call["type"] == "function_call" and call["name"] == "play_music", (heard, response["output"])
    assert json.loads(call["arguments"]) == {"genre": "classical"}, heard


async def test_openai_sdk_spoken_code_fills_the_code_character_for_character(speech_server, synth):
    # Moonshine alone writes "R to D to A to F"; the session's code parameter has the server decode the code once
    # more among characters.
    said = "Look up confirmation code R, two, D, two, eight, F."
    heard, response, _ = await _spoken_request(speech_server, synth, BOOKING_TOOL, said)
    call = response["output"][0]
    assert call["type"] == "function_call" and call["name"] == "check_booking", (heard, response["output"])
    assert json.loads(call["arguments"]) == {"confirmation_code": "R2D28F"}, heard
