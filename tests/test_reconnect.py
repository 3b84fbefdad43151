"""A conversation that outlives its connection: cut the socket mid-audio, mid-call and mid-response (with the
local server's fault options and with a TCP proxy that aborts the socket), and the run completes every turn
with the same transcript, tool calls and metrics rows as an uncut run: nothing missing, nothing twice."""

from __future__ import annotations

import pytest
from helpers import DATA, spans
from tcp_proxy import TCPProxy

from rtkit import MetricsRecorder, RealtimeConfig, RealtimeSession, ReconnectConfig
from rtkit.local import FaultConfig, LocalRealtimeServer

FAST_RECONNECT = ReconnectConfig(base_delay_s=0.05, jitter=0.0)

CUT_ON = {
    "audio": "input_audio_buffer.speech_started",
    "call": "response.function_call_arguments.done",
    "response": "response.output_audio.delta",
}


async def run(url: str, bridge, name: str, cut=None, on: str | None = None):
    config = RealtimeConfig(reconnect=FAST_RECONNECT)
    recorder = MetricsRecorder(config)
    async with RealtimeSession(config, bridge=bridge, recorder=recorder, url=url) as session:
        if cut is not None:
            fired = []

            def maybe_cut(event):
                if not fired:
                    fired.append(event["type"])
                    cut()

            session.on(on, maybe_cut)
        result = await session.run_file(DATA / name, pace=False, labels=spans(name), timeout=60)
    return result, recorder, session


def records(result, recorder):
    transcript = [(line.role, line.text) for line in result.transcript]
    calls = [(c.name, c.arguments, c.ok) for c in result.tool_calls]
    turns = recorder.turns_df()
    tool_rows = recorder.tool_calls_df()
    return (
        transcript,
        calls,
        list(zip(turns["kind"], turns["transcript"], turns["tool_calls"], strict=True)),
        list(zip(tool_rows["name"], tool_rows["ok"], strict=True)),
    )


def response_counts(recorder):
    """(completed, cut by the drop) responses."""
    status = recorder.responses_df()["status"]
    return int((status == "completed").sum()), int(status.isna().sum())


def check_against_uncut(result, recorder, uncut, where, exact=True):
    uncut_records, uncut_completed = uncut
    assert records(result, recorder) == uncut_records
    completed, cut = response_counts(recorder)
    if not exact:  # a proxy cut lands a few events later than the trigger: the response may have finished
        assert cut <= 1 and uncut_completed - 1 <= completed <= uncut_completed
        return
    if where == "audio":  # cut before any response: the resent audio makes the same turn
        assert (completed, cut) == (uncut_completed, 0)
    else:  # the cut response is asked for again, unless its function call already did its work
        assert cut == 1 and completed == uncut_completed - (1 if where == "call" else 0)


@pytest.fixture(scope="module")
async def uncut(mcp_bridges, speech_engines):
    async with LocalRealtimeServer() as server:
        result, recorder, _ = await run(server.url, await mcp_bridges("finance"), "portfolio_summary.wav")
    return records(result, recorder), response_counts(recorder)[0]


@pytest.mark.parametrize("where", ["audio", "call", "response"])
async def test_cut_by_the_server_fault_options_loses_and_repeats_nothing(bridge, uncut, where):
    faults = FaultConfig(drop_on_event=CUT_ON[where], drop_connections=1)
    async with LocalRealtimeServer(faults=faults) as server:
        result, recorder, session = await run(server.url, bridge, "portfolio_summary.wav")
    assert session.reconnects == 1 and result.connections == 2
    check_against_uncut(result, recorder, uncut, where)
    assert uncut[0][1] == [("get_portfolio_summary", "{}", True)]
    events = recorder.events_df()
    assert (events["type"] == "rtkit.reconnect").sum() == 1


@pytest.mark.parametrize("where", ["audio", "call", "response"])
async def test_cut_by_a_tcp_proxy_loses_and_repeats_nothing(bridge, uncut, where):
    async with LocalRealtimeServer() as server, TCPProxy(server.url) as proxy:
        result, recorder, session = await run(proxy.url, bridge, "portfolio_summary.wav", proxy.cut, CUT_ON[where])
    assert proxy.cuts >= 1 and proxy.connections == 2
    assert session.reconnects == 1
    check_against_uncut(result, recorder, uncut, where, exact=False)
