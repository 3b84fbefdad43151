"""The whole loop: recorded speech → local Realtime server (VAD, recognition, rule-based responder) → MCP tool
over stdio → function_call_output → spoken answer built from the tool's real output, with metrics recorded."""

from __future__ import annotations

import json

import numpy as np
import pytest
from helpers import DATA, spans

from rtkit import MetricsRecorder, RealtimeConfig, RealtimeSession
from rtkit.local import LocalRealtimeServer
from rtkit.servers import finance


async def run(server, bridge, name: str, pace: bool = False):
    config = RealtimeConfig()
    recorder = MetricsRecorder(config)
    async with RealtimeSession(config, bridge=bridge, recorder=recorder, url=server.url) as session:
        result = await session.run_file(DATA / name, pace=pace, labels=spans(name))
    return result, recorder


async def test_spoken_portfolio_question_calls_the_finance_tool_and_answers_from_its_output(
    speech_server, tools_bridge
):
    result, recorder = await run(speech_server, tools_bridge, "portfolio_summary.wav")
    assert [c.name for c in result.tool_calls] == ["get_portfolio_summary"]
    call = result.tool_calls[0]
    assert call.ok and call.server == "finance"
    expected = finance.portfolio_summary(finance.load(DATA / "finance"))
    assert json.loads(call.output)["total_value"] == pytest.approx(expected["total_value"])
    spoken = " ".join(line.text for line in result.transcript if line.role == "assistant")
    dollars = f"{expected['total_value']:,.0f}"[:-4]  # thousands part, e.g. "105" of 105,472
    assert f"${dollars}," in spoken
    # the answer was spoken: audio arrived and its length matches the billed output audio tokens (20/s)
    audio_s = len(result.assistant_audio) / 24000
    assert audio_s > 1.0
    out_audio_tokens = sum(r["usage"]["output_token_details"]["audio_tokens"] for r in result.responses)
    assert out_audio_tokens == pytest.approx(audio_s * 20, abs=2 * len(result.responses))
    # metrics: one turn with a tool call, latencies measured from the labelled end of speech
    turns = recorder.turns_df()
    assert len(turns) == 1 and turns.loc[0, "tool_calls"] == 1
    for col in ("voice_to_voice_ms", "endpointing_ms", "tool_ms", "tool_roundtrip_ms", "transcription_ms"):
        assert np.isfinite(turns.loc[0, col]) and turns.loc[0, col] >= 0, col
    assert turns.loc[0, "cost_usd"] > 0


@pytest.mark.realtime
async def test_two_spoken_turns_in_real_time_each_get_their_tool(tools_bridge):
    # The combined engine: Moonshine alone, the default, hears the second request ("Show my spending on groceries")
    # as "Show my standing on draw series"; PocketSphinx's session-vocabulary pass keeps the tool words.
    async with LocalRealtimeServer(speech=True, recognizer="combined") as server:
        await server.warmed()  # a caller who speaks before the engines are loaded waits on them, not on real time
        result, recorder = await run(server, tools_bridge, "two_turns.wav", pace=True)
    assert [c.name for c in result.tool_calls if c.ok] == ["get_portfolio_summary", "spending_by_category"]
    assert json.loads(result.tool_calls[1].arguments) == {"category": "groceries"}
    assert len([line for line in result.transcript if line.role == "user"]) == 2
    turns = recorder.turns_df()
    assert len(turns) == 2 and list(turns["tool_calls"]) == [1, 1]
    # both voice-to-voice figures are measured from the labelled ends of speech (2230 and 9125 ms)
    assert turns["voice_to_voice_ms"].notna().all()


SAMPLES = [
    ("spending_groceries.wav", "spending_by_category", {"category": "groceries"}),
    ("budget_plan.wav", "plan_budget", {"monthly_income": 4000}),
    ("analyze_code.wav", "analyze_code", {"path": "data"}),
    ("git_log.wav", "git_log", {}),
]


@pytest.mark.parametrize(("name", "tool", "args"), SAMPLES)
async def test_each_sample_request_reaches_its_tool(speech_server, tools_bridge, name, tool, args):
    result, _ = await run(speech_server, tools_bridge, name)
    [call] = result.tool_calls
    assert call.name == tool and call.ok, call.output
    assert args.items() <= json.loads(call.arguments).items()
    assert [line.role for line in result.transcript][-1] == "assistant"
