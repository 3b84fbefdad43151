"""RealtimeSession against the local Realtime server over a real socket: the function-call loop end to end."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from rtkit import RealtimeConfig
from rtkit.local import LocalRealtimeServer
from rtkit.session.core import RealtimeSession, SessionError

WEATHER = {
    "type": "object",
    "properties": {"days": {"type": "integer", "description": "how many days ahead"}},
}


@pytest.fixture
async def server():
    async with LocalRealtimeServer(speech=False) as srv:
        yield srv


def text_config(**kw):
    return RealtimeConfig(output_modality="text", turn_detection=None, input_transcription_model=None, **kw)


async def test_text_turn_with_function_call_sends_output_then_one_response_create(server):
    sent: list[dict] = []
    calls: list[dict] = []

    def portfolio(args):
        calls.append(args)
        return {"total_value_usd": 12345.5, "positions": 4}

    session = RealtimeSession(text_config(), url=server.url)
    session.add_function("get_portfolio_summary", portfolio, "Summarise the investment portfolio: total value.")
    async with session:
        session.client.add_observer(lambda d, e, *_: d == "sent" and sent.append(e))
        result = await session.send_text("What is my portfolio summary?")
    assert calls == [{}]
    [call] = result.tool_calls
    assert call.name == "get_portfolio_summary" and call.ok
    assert json.loads(call.output)["total_value_usd"] == 12345.5
    types = [e["type"] for e in sent]
    out_idx = next(i for i, e in enumerate(sent) if e.get("item", {}).get("type") == "function_call_output")
    assert sent[out_idx]["item"]["call_id"] == call.call_id
    # exactly one response.create after the output (plus the one that started the turn)
    assert types.count("response.create") == 2 and types.index("response.create", out_idx) > out_idx
    answer = [line.text for line in result.transcript if line.role == "assistant"]
    assert answer and "$12,346" in answer[-1]
    assert [r["status"] for r in result.responses] == ["completed", "completed"]


async def test_failing_function_returns_json_error_and_the_turn_completes(server):
    def broken(args):
        raise RuntimeError("database unavailable")

    session = RealtimeSession(text_config(), url=server.url)
    session.add_function("get_weather", broken, "Weather forecast for a city.", WEATHER)
    async with session:
        result = await session.send_text("What is the weather forecast in Paris?")
    [call] = result.tool_calls
    assert not call.ok and json.loads(call.output)["error"] == "tool_error"
    assert "database unavailable" in json.loads(call.output)["message"]
    assert len(result.responses) == 2  # the model still answered after the error


async def test_rejected_session_update_raises_naming_the_problem(server):
    session = RealtimeSession(text_config(), url=server.url)
    session.config.max_output_tokens = 5000  # bypass validation to reach the server's check
    with pytest.raises(SessionError, match="session.update rejected"):
        await session.start()
    await session.close()


async def test_voice_file_through_local_server_with_speech(tmp_path, synth, speech_engines):
    from rtkit import audio

    pcm = synth.synthesize("what is my portfolio summary")
    wav = audio.write_wav(tmp_path / "q.wav", audio.pad_silence(pcm, 300))
    got = {}
    async with LocalRealtimeServer() as srv:
        session = RealtimeSession(RealtimeConfig(), url=srv.url)
        session.add_function("get_portfolio_summary", lambda a: got.setdefault("args", a) or {"total_value": 10})
        async with session:
            result = await asyncio.wait_for(session.run_file(wav, pace=False), 60)
    assert "args" in got
    assert len(result.assistant_audio) > 24000 * 0.5  # at least half a second of speech back
    assert any(line.role == "user" and "portfolio" in line.text for line in result.transcript)


@pytest.mark.realtime
async def test_barge_in_truncates_the_answer_at_the_played_position(tmp_path, synth, speech_engines):
    from rtkit import audio

    interruption = audio.write_wav(tmp_path / "stop.wav", audio.pad_silence(synth.synthesize("stop please"), 800))
    sent: list[dict] = []
    received: list[dict] = []
    async with LocalRealtimeServer() as srv:
        session = RealtimeSession(RealtimeConfig(input_transcription_model=None), url=srv.url)
        session.add_function(
            "get_portfolio_summary",
            lambda a: {"total_value": 105472.05, "cash": 9835.35, "bonds": 12075.6, "stocks": 83561.1},
            "Summarise the investment portfolio.",
        )
        async with session:
            session.client.add_observer(lambda d, e, *_: (sent if d == "sent" else received).append(e))
            await session.send_text("What is my portfolio summary?")
            answer_ms = session.assistant_audio().size / 24
            assert answer_ms > 2000  # long enough to be talked over
            await session.run_file(interruption, pace=True)  # the user talks while the answer "plays"
    [truncate] = [e for e in sent if e["type"] == "conversation.item.truncate"]
    assert 0 < truncate["audio_end_ms"] < answer_ms
    truncated = [e for e in received if e["type"] == "conversation.item.truncated"]
    assert truncated and truncated[0]["audio_end_ms"] == truncate["audio_end_ms"]
    assert not [e for e in received if e["type"] == "error"]


async def test_unpaced_input_never_truncates(tmp_path, speech_engines):
    async with LocalRealtimeServer() as srv:
        session = RealtimeSession(RealtimeConfig(input_transcription_model=None), url=srv.url)
        sent: list[dict] = []
        async with session:
            session.client.add_observer(lambda d, e, *_: d == "sent" and sent.append(e))
            await session.send_text("hello there")
            await session.run_file(Path(__file__).parent.parent / "data" / "git_log.wav", pace=False)
    assert not [e for e in sent if e["type"] == "conversation.item.truncate"]


async def test_a_bug_on_a_send_path_surfaces_with_its_traceback_not_as_a_timeout(
    local_server: LocalRealtimeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rtkit.realtime.client import RealtimeClient

    async def broken(self, call_id: str, output: str) -> dict:  # a programming error, not a dropped connection
        raise TypeError("output is not serialisable")

    monkeypatch.setattr(RealtimeClient, "send_function_output", broken)

    params = {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}
    session = RealtimeSession(RealtimeConfig(output_modality="text"), url=local_server.url)
    session.add_function("echo", lambda args: args.get("text", ""), "Repeat the text back", params)
    async with session:
        with pytest.raises(SessionError, match="output is not serialisable"):
            await session.send_text("echo hello", timeout=20)
        [error] = [e for e in session.unhandled_errors if e["type"] == "rtkit.internal_error"]
        assert error["error"]["code"] == "TypeError" and "sending a function output" in error["error"]["message"]
        assert "Traceback" in error["error"]["traceback"] and "broken" in error["error"]["traceback"]
