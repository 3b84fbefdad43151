"""Overload said out loud: a response that would wait for recognition behind others' speech longer than the limit is
refused with ``rate_limit_exceeded`` (never queued), and clients treat that as a retryable rate limit."""

from __future__ import annotations

import asyncio
import base64
import heapq
import json
import random
from pathlib import Path

import numpy as np
import pytest

from rtkit import RealtimeConfig, RealtimeSession
from rtkit.audio import load_audio
from rtkit.config import ReconnectConfig, RenewalConfig
from rtkit.local import LocalRealtimeServer
from rtkit.local.speech.backlog import (
    ENGINE_PRIORS,
    PRIOR_SECONDS_PER_AUDIO_SECOND,
    SMOOTHING,
    RecognitionBacklog,
)
from rtkit.metrics.export import summary
from rtkit.metrics.recorder import MetricsRecorder
from rtkit.session.clock import VirtualClock
from rtkit.session.sources import ArraySource

DATA = Path(__file__).resolve().parent.parent / "data"


# -- the decision, without a server ------------------------------------------------------------------------------
def test_a_lone_utterance_is_never_refused_however_slow_recognition_is() -> None:
    backlog = RecognitionBacklog(workers=1)
    backlog.measured(2.0, 20.0)  # ten seconds of compute per second of audio
    backlog.submitted(3.0)
    assert backlog.refusal(3.0, limit_s=1.0) is None  # nothing of anyone else's ahead of it
    assert backlog.refusal(3.0, limit_s=None) is None


def test_refused_when_others_queued_ahead_push_it_past_the_limit() -> None:
    backlog = RecognitionBacklog(workers=2, light_after_s=1.0, after_s=0.0)
    for _ in range(30):
        backlog.measured(2.0, 1.0)  # the full path settles at 0.5 s per second of audio
        backlog.measured(2.0, 0.6, light=True)  # the light path at 0.3
    assert backlog.seconds_per_audio_s == pytest.approx(0.5, abs=0.01)
    assert backlog.light_seconds_per_audio_s == pytest.approx(0.3, abs=0.01)
    backlog.submitted(1.0)
    assert not backlog.light(1.0)  # alone in the queue: the full path
    others = [backlog.submitted(3.0) for _ in range(3)]
    assert backlog.light(1.0)  # 0.5 * 9 / 2 = 2.25 s queued besides it on the full path: the light one
    backlog.submitted(2.0)
    refusal = backlog.refusal(2.0, limit_s=1.5)  # on the light path 0.3 * 12 s / 2 workers = 1.8 s
    assert refusal is not None and refusal.wait_s == pytest.approx(1.8, abs=0.05)
    assert refusal.retry_after_s == pytest.approx(0.3, abs=0.05)
    assert "rate limit" in refusal.message.lower() and "try again in 1s" in refusal.message
    assert backlog.refusal(2.0, limit_s=2.0) is None
    backlog.done(others[0])
    assert backlog.refusal(2.0, limit_s=1.5) is None  # 0.3 * 9 / 2 = 1.35: within the limit again


def test_recognition_has_capacity_to_spare_only_while_nothing_else_waits() -> None:
    backlog = RecognitionBacklog(workers=2)
    own = backlog.submitted(2.0)
    assert backlog.spare(2.0)  # a lone caller: the beam delays no one
    other = backlog.submitted(1.5)
    assert not backlog.spare(2.0) and not backlog.spare(1.5)  # each waits beside the other's
    backlog.done(own)
    assert backlog.spare(1.5)  # the other one is alone again
    backlog.done(other)
    assert backlog.spare(0.0)


def test_warmup_calls_on_a_little_silence_do_not_move_the_estimate() -> None:
    backlog = RecognitionBacklog(workers=1)
    before = backlog.seconds_per_audio_s
    backlog.measured(0.02, 5.0)
    assert backlog.seconds_per_audio_s == before


def test_the_first_measurement_replaces_the_prior_and_later_ones_move_the_estimate() -> None:
    backlog = RecognitionBacklog.for_engine("moonshine", workers=2)
    assert backlog.seconds_per_audio_s == ENGINE_PRIORS["moonshine"] and not backlog.light_path
    backlog.measured(2.0, 1.6)  # a busy machine: 0.8 s per second of audio, from the first batch on
    assert backlog.seconds_per_audio_s == pytest.approx(0.8)
    backlog.measured(2.0, 0.6)
    assert backlog.seconds_per_audio_s == pytest.approx(0.8 + SMOOTHING * (0.3 - 0.8))
    combined = RecognitionBacklog.for_engine("combined", workers=2)
    assert combined.light_path and combined.seconds_per_audio_s == PRIOR_SECONDS_PER_AUDIO_SECOND
    combined.measured(2.0, 0.2, light=True)
    assert combined.light_seconds_per_audio_s == pytest.approx(0.1)
    assert combined.seconds_per_audio_s == PRIOR_SECONDS_PER_AUDIO_SECOND  # the full path not measured yet


def test_the_time_after_recognition_counts_and_an_engine_without_a_light_path_is_estimated_on_its_full_one() -> None:
    backlog = RecognitionBacklog(workers=2, light_path=False, after_s=0.5)
    for _ in range(30):
        backlog.measured(4.0, 0.8)  # batches of utterances: 0.2 s per second of audio
    backlog.submitted(2.0)
    others = [backlog.submitted(6.0) for _ in range(3)]
    assert not backlog.light(2.0)  # 0.2 * 18 / 2 = 1.8 s besides it, but there is no lighter path to take
    assert backlog.wait_s() == pytest.approx(2.0, abs=0.02)  # 0.2 * 20 / 2, all on the full path
    refusal = backlog.refusal(2.0, limit_s=2.4)  # 2.0 s to hear it, then 0.5 s to its first audio
    assert refusal is not None and refusal.wait_s == pytest.approx(2.5, abs=0.02)
    assert backlog.refusal(2.0, limit_s=2.6) is None
    backlog.done(others[0])
    assert backlog.refusal(2.0, limit_s=2.4) is None  # 0.2 * 14 / 2 + 0.5 = 1.9


async def test_in_virtual_time_every_admitted_turn_is_heard_within_the_limit() -> None:
    """Callers speak at random moments onto two workers that take 0.4 s per second of audio on the full path and
    0.15 on the light one; each turn is either refused at once or heard within the limit (give or take the
    utterance in progress, which the backlog counts as still waiting)."""
    clock = VirtualClock()
    rng = random.Random(7)
    workers, limit = 2, 3.0
    speeds = {False: 0.4, True: 0.15}
    backlog = RecognitionBacklog(workers)
    free_at = [0.0] * workers  # when each worker is next idle
    finishing: list[tuple[float, int]] = []  # (time, ticket) of work handed to workers
    arrivals = sorted((rng.uniform(0, 60), rng.uniform(1.0, 4.0)) for _ in range(800))  # 800 turns in a minute
    waits: list[float] = []
    refused = light = 0
    for at, audio_s in arrivals:
        await clock.sleep(at - clock.monotonic())
        while finishing and finishing[0][0] <= clock.monotonic():
            backlog.done(heapq.heappop(finishing)[1])
        ticket = backlog.submitted(audio_s)
        if backlog.refusal(audio_s, limit) is not None:
            backlog.done(ticket)  # the refused utterance leaves the queue
            refused += 1
            continue
        path = backlog.light(audio_s)  # as the server decides when it hands the utterance to a worker
        light += path
        w = min(range(workers), key=free_at.__getitem__)
        start = max(free_at[w], clock.monotonic())
        free_at[w] = start + speeds[path] * audio_s
        backlog.measured(audio_s, speeds[path] * audio_s, light=path)  # what the worker will report
        heapq.heappush(finishing, (free_at[w], ticket))
        waits.append(free_at[w] - clock.monotonic())
    assert refused > 50 and light > 100  # 800 turns of 2.5 s a minute is more than even the light path hears
    assert len(waits) > 200
    assert max(waits) <= limit + speeds[False] * 4.0


# -- over a real socket ------------------------------------------------------------------------------------------
def _frames(pcm: np.ndarray) -> list[str]:
    audio = base64.b64encode(pcm.astype("<i2").tobytes()).decode()
    return [json.dumps({"type": "input_audio_buffer.append", "audio": audio})]


async def _manual_turn(client, pcm: np.ndarray, event_id: str) -> None:
    manual = {"type": "realtime", "audio": {"input": {"turn_detection": None}}}
    await client.send({"type": "session.update", "session": manual})
    await client.until("session.updated", timeout=30)
    for frame in _frames(pcm):
        await client.send(frame)
    await client.send({"type": "input_audio_buffer.commit"})
    await client.send({"type": "response.create", "event_id": event_id})


async def test_a_server_with_a_tiny_limit_refuses_the_turn_queued_behind_another(connect, portfolio_pcm) -> None:
    long_pcm = load_audio(DATA / "two_turns.wav")
    async with LocalRealtimeServer(speech=True, recognition_limit_s=0.0) as server:
        await server.speech.load()
        async with connect(server) as first, connect(server) as second:
            await _manual_turn(first, long_pcm, "evt_first")
            await first.until("input_audio_buffer.committed", timeout=30)
            await _manual_turn(second, portfolio_pcm, "evt_second")
            error = await second.until("error", timeout=30)
            assert error["error"]["code"] == "rate_limit_exceeded"
            assert error["error"]["event_id"] == "evt_second"
            limits = await second.until("rate_limits.updated", timeout=5)
            requests = next(b for b in limits["rate_limits"] if b["name"] == "requests")
            assert requests["remaining"] == 0 and requests["reset_seconds"] >= 0
            assert "response.created" not in second.types()  # the response was not started
            await first.until("response.done", timeout=60)  # the first caller is answered
            health = json.loads(await asyncio.to_thread(_get, server.health_url))
            assert health["recognition"]["refused"] == 1 and health["recognition"]["limit_s"] == 0.0
            # asked again once the first is heard, the refused utterance is recognised and answered
            await second.send({"type": "response.create", "event_id": "evt_again"})
            done = await second.until("response.done", timeout=60)
            assert done["response"]["status"] == "completed"


def _get(url: str) -> str:
    from urllib.request import urlopen

    with urlopen(url, timeout=10) as response:
        return response.read().decode()


async def test_a_session_retries_a_refused_turn_and_the_summary_counts_the_refusal(connect, portfolio_pcm) -> None:
    long_pcm = load_audio(DATA / "two_turns.wav")
    async with LocalRealtimeServer(speech=True, recognition_limit_s=0.0) as server:
        await server.speech.load()
        retry = ReconnectConfig(base_delay_s=0.2, max_delay_s=1.0)  # asked again soon, until the other is heard
        config = RealtimeConfig(turn_detection=None, renewal=RenewalConfig(enabled=False), reconnect=retry)
        recorder = MetricsRecorder(config)
        async with connect(server) as other:
            async with RealtimeSession(config, url=server.url, recorder=recorder) as session:
                await _manual_turn(other, long_pcm, "evt_other")
                await other.until("input_audio_buffer.committed", timeout=30)
                # committed and asked for at once, while the other caller's speech is still being recognised
                result = await session.run_source(ArraySource(portfolio_pcm, pace=False), timeout=90)
    codes = [e["error"]["code"] for e in result.errors]
    assert codes.count("rate_limit_exceeded") >= 1
    assert result.responses and result.responses[-1]["status"] == "completed"  # answered after the retry
    assert summary(recorder)["rate_limited"] == codes.count("rate_limit_exceeded")
