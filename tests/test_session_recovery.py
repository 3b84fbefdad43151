"""Renewal, expiry, backoff in virtual time, reconnect giving up, text fallback, errors by type, live sources."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path

import numpy as np
import pytest
from tcp_proxy import TCPProxy

from rtkit import (
    ArraySource,
    LiveAudioSource,
    MetricsRecorder,
    RealtimeConfig,
    RealtimeSession,
    ReconnectConfig,
    RenewalConfig,
    VirtualClock,
)
from rtkit.audio import load_audio, pad_silence
from rtkit.local import FaultConfig, LocalRealtimeServer
from rtkit.session import SessionError, recovery

DATA = Path(__file__).resolve().parent.parent / "data"


# -- pure decisions -----------------------------------------------------------------------------------------------
def test_backoff_doubles_is_capped_and_jittered_within_bounds():
    policy = ReconnectConfig(base_delay_s=2.0, max_delay_s=5.0, jitter=0.0)
    assert [recovery.backoff_delay(n, policy) for n in (1, 2, 3, 4)] == [2.0, 4.0, 5.0, 5.0]
    jittered = ReconnectConfig(base_delay_s=2.0, jitter=0.2)
    rng = random.Random(7)
    delays = [recovery.backoff_delay(2, jittered, rng) for _ in range(200)]
    assert min(delays) >= 3.2 and max(delays) <= 4.8 and len(set(delays)) > 100


def test_renewal_deadline_uses_expires_at_and_scales_the_margin_for_short_limits():
    policy = RenewalConfig()  # 55 minutes
    assert recovery.renewal_delay(policy, None, None) == 55 * 60
    assert recovery.renewal_delay(policy, 1000.0, 1000.0 + 3600) == 3600 - 300
    assert recovery.renewal_delay(policy, 1000.0, 1020.0) == 15.0  # 20-second limit: a quarter as margin
    assert recovery.renewal_delay(RenewalConfig(enabled=False), 0.0, 20.0) is None


def test_errors_are_classified_by_what_the_session_does():
    def err(code, etype="invalid_request_error", param=None):
        return {"type": "error", "error": {"type": etype, "code": code, "param": param, "message": "m"}}

    assert recovery.error_kind(err("session_expired")) == "expired"
    assert recovery.error_kind(err("rate_limit_exceeded")) == "rate_limit"
    assert recovery.error_kind(err("invalid_audio")) == "audio"
    assert recovery.error_kind(err("input_audio_buffer_commit_empty")) == "invalid_request"
    assert recovery.error_kind(err("conversation_already_has_active_response")) == "active_response"
    assert recovery.error_kind(err("invalid_value", param="session.voice")) == "invalid_request"
    assert recovery.error_kind(err("server_error", "server_error")) == "server"
    assert recovery.close_cause(1000, "", []) is None
    assert recovery.close_cause(1006, "", []) == "network"
    assert recovery.close_cause(1001, "x", [err("session_expired")]) == "expired"


# -- reconnect in virtual time --------------------------------------------------------------------------------------
@pytest.mark.parametrize("base_delay_s", [2.0, 20.0])
async def test_reconnect_gives_up_after_its_attempts_in_virtual_time_and_keeps_the_records(base_delay_s):
    """The server goes away for good: 3 attempts at 2^n x base, then a clear error; the transcript stays.

    The delays are virtual, so ten times longer delays take no longer."""
    clock = VirtualClock()
    reconnect = ReconnectConfig(base_delay_s=base_delay_s, max_delay_s=1000, jitter=0.0)
    config = RealtimeConfig(reconnect=reconnect, renewal=RenewalConfig(enabled=False))
    recorder = MetricsRecorder(config)
    server = LocalRealtimeServer(speech=False)
    await server.__aenter__()
    async with TCPProxy(server.url) as proxy:
        session = RealtimeSession(config, recorder=recorder, url=proxy.url, clock=clock)
        await session.start()
        await session.send_text("hello there")
        await server.__aexit__(None, None, None)  # nothing listens any more
        proxy.cut()
        with pytest.raises(SessionError, match="3 reconnect attempts failed"):
            await session.wait_idle(timeout=30)
        await session.close()
    assert clock.sleeps == [base_delay_s, 2 * base_delay_s, 4 * base_delay_s]
    assert [line.role for line in session.result.transcript] == ["user", "assistant"]
    reconnects = recorder.events_df().query("type == 'rtkit.reconnect'")
    assert len(reconnects) == 3
    assert recorder.summary()["reconnects"] == 3


# -- renewal -------------------------------------------------------------------------------------------------------
async def renewed_conversation(bridge):
    """Two tool turns, a renewal at the 20-second server's deadline (virtual time), then a recall question."""
    clock = VirtualClock(auto=False)
    config = RealtimeConfig(output_modality="text", renewal=RenewalConfig(recent_turns=1))
    recorder = MetricsRecorder(config)
    async with LocalRealtimeServer(speech=False, max_session_seconds=20) as server:
        async with RealtimeSession(config, bridge=bridge, recorder=recorder, url=server.url, clock=clock) as session:
            await session.send_text("What is my portfolio summary?")
            await session.send_text("Show my spending on groceries.")
            first = session.client
            assert clock._waiters and clock._waiters[0][0] == pytest.approx(15.0, abs=1.0)  # renew 5 s early
            clock.advance(15.0)
            for _ in range(200):
                if session.renewals:
                    break
                await asyncio.sleep(0.05)
            assert session.renewals == 1 and session.client is not first
            await session.send_text("What did you say the total value was?")
    return session, recorder


async def test_renewal_before_a_20_second_limit_links_both_connections_in_one_run(bridge):
    session, recorder = await renewed_conversation(bridge)
    lines = session.result.transcript
    assert {line.connection for line in lines} == {0, 1}
    assert lines[-1].role == "assistant" and lines[-1].connection == 1
    assert session.conversation.summaries  # the out-of-band summary was made and carried over
    renewal = recorder.events_df().query("type == 'rtkit.renewal'")
    assert len(renewal) == 1
    assert len(recorder.sessions_df()) == 2  # both connections in one run


async def test_after_renewal_a_recall_question_is_answered_from_the_carried_context(bridge):
    session, _ = await renewed_conversation(bridge)
    summary = session.conversation.summaries[-1]
    assert "105,472" in summary
    assert "105,472" in session.result.transcript[-1].text


@pytest.mark.parametrize("deadline_meanwhile", [False, True], ids=["expiry", "deadline-meets-expiry"])
async def test_unexpected_expiry_is_handled_as_a_renewal(bridge, caplog, deadline_meanwhile):
    clock = VirtualClock(auto=False)  # the deadline never fires by itself: the server's expiry comes first
    config = RealtimeConfig(output_modality="text")
    async with LocalRealtimeServer(speech=False, max_session_seconds=1.5) as server:
        async with RealtimeSession(config, bridge=bridge, url=server.url, clock=clock) as session:
            await session.send_text("What is my portfolio summary?")
            first = session.client
            await first.wait_closed()
            if deadline_meanwhile:  # the deadline fires on a connection the server just ended
                await session.renew(reason="deadline")
            await session.wait_idle(quiet_s=0, timeout=20)
            assert session.renewals == 1 and session.client is not first and session.client.is_open
            await session.send_text("Show my spending on groceries.")
    assert any(e["error"].get("code") == "session_expired" for e in session.result.errors)
    assert session.result.connections == 2  # one new connection, not one from each path
    assert "session task failed" not in caplog.text
    assert [c.name for c in session.result.tool_calls] == ["get_portfolio_summary", "spending_by_category"]


# -- text fallback, rate limits, invalid requests ---------------------------------------------------------------------
async def test_repeated_audio_errors_switch_the_session_to_text(bridge):
    faults = FaultConfig(error_at_events=(3, 4, 5), error_code="invalid_audio")
    config = RealtimeConfig()
    recorder = MetricsRecorder(config)
    async with LocalRealtimeServer(speech=False, faults=faults) as server:
        async with RealtimeSession(config, bridge=bridge, recorder=recorder, url=server.url) as session:
            await session.send_text("hello")
            for _ in range(100):
                if session.text_fallback:
                    break
                await asyncio.sleep(0.02)
            assert session.text_fallback and session.text_mode
            await session.send_text("What is my portfolio summary?")
    assert session.client.session["output_modalities"] == ["text"]
    assert session.result.responses[-1]["output_modalities"] == ["text"]
    assert (recorder.events_df()["type"] == "rtkit.fallback.text").sum() == 1


class FailingMicrophone:
    """A live source whose device fails after a few frames."""

    live = True

    async def __aiter__(self):
        for _ in range(5):
            yield np.zeros(480, dtype=np.int16)
        raise OSError("audio device unplugged")


async def test_an_audio_source_that_fails_switches_the_session_to_text(bridge):
    async with LocalRealtimeServer(speech=False) as server:
        async with RealtimeSession(RealtimeConfig(), bridge=bridge, url=server.url) as session:
            await session.run_source(FailingMicrophone())
            assert session.text_fallback
            result = await session.send_text("What is my portfolio summary?")
    assert result.tool_calls[0].name == "get_portfolio_summary"
    assert result.responses[-1]["output_modalities"] == ["text"]


async def test_rate_limit_updates_delay_the_next_response_in_virtual_time():
    clock = VirtualClock()
    async with LocalRealtimeServer(speech=False) as server:
        config = RealtimeConfig(output_modality="text", renewal=RenewalConfig(enabled=False))
        async with RealtimeSession(config, url=server.url, clock=clock) as session:
            event = {"rate_limits": [{"name": "requests", "limit": 10, "remaining": 0, "reset_seconds": 7.5}]}
            session._handle(session._conn, "rate_limits.updated", {"type": "rate_limits.updated", **event})
            await session.send_text("hello")
    assert 7.5 in clock.sleeps


async def test_an_invalid_request_is_logged_with_its_event_and_the_session_goes_on(caplog):
    async with LocalRealtimeServer(speech=False) as server:
        async with RealtimeSession(RealtimeConfig(output_modality="text"), url=server.url) as session:
            await session.client.send({"type": "conversation.item.truncate", "item_id": "nope", "audio_end_ms": 5})
            await asyncio.sleep(0.2)
            result = await session.send_text("hello")
    assert any("conversation.item.truncate" in r.getMessage() for r in caplog.records)
    assert result.transcript[-1].role == "assistant"


# -- audio sources ----------------------------------------------------------------------------------------------------
@pytest.mark.realtime
async def test_live_frames_at_real_time_pace_give_the_same_events_and_answers_as_the_file(bridge, speech_engines):
    pcm = pad_silence(load_audio(DATA / "portfolio_summary.wav"), 1500)

    async def run(source_factory):
        config = RealtimeConfig()
        async with LocalRealtimeServer() as server:
            async with RealtimeSession(config, bridge=bridge, url=server.url) as session:
                vad = []
                session.on("input_audio_buffer.speech_started", lambda e: vad.append(("start", e["audio_start_ms"])))
                session.on("input_audio_buffer.speech_stopped", lambda e: vad.append(("stop", e["audio_end_ms"])))
                await source_factory(session)
        return vad, [(ln.role, ln.text) for ln in session.result.transcript], session

    async def from_file(session):
        await session.run_source(ArraySource(pcm, pace=True))

    async def from_live_queue(session):
        live = LiveAudioSource()

        async def microphone():  # a widget pushing 20 ms frames as they are captured
            loop = asyncio.get_running_loop()
            t0 = loop.time()
            for i, start in enumerate(range(0, len(pcm), 480)):
                await asyncio.sleep(max(0.0, t0 + (i + 1) * 0.02 - loop.time()))
                assert live.push(pcm[start : start + 480].tobytes())
            live.close()

        pusher = asyncio.create_task(microphone())
        await session.run_source(live)
        await pusher
        assert live.dropped_frames == 0

    file_vad, file_lines, _ = await run(from_file)
    live_vad, live_lines, _ = await run(from_live_queue)
    assert live_vad == file_vad and [k for k, _ in file_vad] == ["start", "stop"]
    assert live_lines == file_lines and "portfolio" in file_lines[0][1]


def test_a_full_live_source_drops_and_counts_frames():
    live = LiveAudioSource(max_buffered_ms=100)
    frame = np.zeros(480, dtype=np.int16)  # 20 ms
    accepted = [live.push(frame) for _ in range(8)]
    assert accepted == [True] * 5 + [False] * 3
    assert live.dropped_frames == 3 and live.dropped_ms == pytest.approx(60.0)
    with pytest.raises(ValueError, match="even number of bytes"):
        live.push(b"\x00\x01\x02")
    live.close()
    assert live.push(frame) is False


def test_session_records_are_json_friendly():
    assert json.dumps(RealtimeConfig().to_dict(), default=str)


# -- playback --------------------------------------------------------------------------------------------------------
def test_estimated_playback_runs_in_real_time_and_never_past_what_arrived():
    from rtkit import EstimatedPlayback

    pb = EstimatedPlayback()
    pb.received("item_1", 48_000, t=10.0)  # 1000 ms of audio at t=10 s
    assert pb.played_ms("item_1", 10.25) == pytest.approx(250.0)
    assert pb.played_ms("item_1", 99.0) == pytest.approx(1000.0)
    unpaced = EstimatedPlayback(realtime=False)
    unpaced.received("item_1", 48_000, t=10.0)
    assert unpaced.played_ms("item_1", 10.0) == pytest.approx(1000.0)  # nothing plays: nothing to cut


async def test_barge_in_truncates_where_the_player_reported_it_stopped():
    from rtkit import ReportedPlayback

    started = []
    playback = ReportedPlayback(on_first_sample=started.append)
    sent = []
    async with LocalRealtimeServer(speech=False) as server:
        async with RealtimeSession(RealtimeConfig(), url=server.url, playback=playback) as session:
            session.add_observer(lambda d, e, *rest: sent.append(e) if d == "sent" else None)
            await session.send_text("hello")
            item_id = playback.current_item()
            assert item_id and playback.received_ms(item_id) > 400
            playback.report(item_id, 400.0)
            assert started == [item_id]
            session._handle(session._conn, "input_audio_buffer.speech_started", {"type": "x", "audio_start_ms": 0})
            await asyncio.sleep(0.2)
    truncates = [e for e in sent if e["type"] == "conversation.item.truncate"]
    assert truncates and truncates[0]["item_id"] == item_id and truncates[0]["audio_end_ms"] == 400
