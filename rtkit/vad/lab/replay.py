"""Replay labelled recordings through a real Realtime session under several ``turn_detection`` settings.

Each recording streams (unpaced) into its own session, by default against the local server (or the OpenAI
service when the config says so). The server's ``speech_started`` / ``speech_stopped`` events become turns, which
are scored against the labels exactly like the offline simulation of the same setting; the table also says how far
the simulation is from the server. The local server runs the energy scorer, so for energy settings the two must
agree exactly; a setting with a model scorer shows how that scorer compares with the server's own detector.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence
from typing import Any

import pandas as pd

from rtkit.config import RealtimeConfig, ServerVAD
from rtkit.metrics.recorder import MetricsRecorder
from rtkit.realtime import events as ev
from rtkit.session.core import RealtimeSession
from rtkit.vad.lab.labels import LabelledFile
from rtkit.vad.lab.presets import Setting
from rtkit.vad.lab.scoring import ScoreWeights, score_turns
from rtkit.vad.lab.search import FrameScoreCache, detect
from rtkit.vad.lab.simulate import Segment

_VAD_EVENTS = (ev.SPEECH_STARTED, ev.SPEECH_STOPPED)


def server_turns(events: Sequence[dict[str, Any]], origin_ms: float, duration_ms: float) -> list[Segment]:
    """Turns from a server's VAD events, on the recording's clock; a turn still open when the audio ended is
    closed there and flagged, as the simulation does."""
    out: list[Segment] = []
    start: int | None = None
    for event in events:
        if event["type"] == ev.SPEECH_STARTED:
            start = int(event["audio_start_ms"] - origin_ms)
        elif event["type"] == ev.SPEECH_STOPPED and start is not None:
            out.append(Segment(start, int(event["audio_end_ms"] - origin_ms)))
            start = None
    if start is not None:
        out.append(Segment(start, int(duration_ms), at_end=True))
    return out


async def replay_one(rec: LabelledFile, setting: Setting, config: RealtimeConfig | None = None) -> list[Segment]:
    """The turns a Realtime server detects in one recording under one setting (no responses are asked for)."""
    p = setting.params
    td = ServerVAD(
        threshold=p.threshold,
        prefix_padding_ms=p.prefix_padding_ms,
        silence_duration_ms=p.silence_duration_ms,
        create_response=False,
        interrupt_response=False,
    )
    # no transcription: only the VAD events matter here
    base = config or RealtimeConfig(input_transcription_model=None)
    config = dataclasses.replace(base, turn_detection=td)
    events: list[dict[str, Any]] = []
    async with RealtimeSession(config, recorder=MetricsRecorder(config)) as session:
        client = session.client
        assert client is not None
        for name in _VAD_EVENTS:
            client.on(name, events.append)
        origin = await session.stream_audio(rec.pcm, pace=False)
        # The server handles events in order: once it confirms a clear sent after the last append, every VAD
        # event for the appended audio has arrived.
        cleared = asyncio.ensure_future(client.wait_for(ev.AUDIO_CLEARED, timeout=60))
        try:
            await client.clear_audio()
            await cleared
        finally:
            cleared.cancel()
    return server_turns(events, origin, rec.duration_ms)


def _gap(a: list[Segment], b: list[Segment]) -> float:
    """Largest |difference| of start or end between matched turns; inf when the counts differ."""
    if len(a) != len(b):
        return float("inf")
    pairs = zip(a, b, strict=True)
    return max((max(abs(x.start_ms - y.start_ms), abs(x.end_ms - y.end_ms)) for x, y in pairs), default=0.0)


async def replay(
    recordings: Sequence[LabelledFile],
    settings: Sequence[Setting],
    config: RealtimeConfig | None = None,
    weights: ScoreWeights | None = None,
) -> pd.DataFrame:
    """One row per setting (every recording under every setting replayed in concurrent sessions): the
    server's scores, the simulation's, and how far the simulation is from the server
    (``files_identical``: recordings where both found exactly the same turns; ``max_gap_ms``: largest start/end
    difference where the turn counts agree; ``turn_count_diff``: turns found by one and not the other)."""
    cache = FrameScoreCache()
    pairs = [(s, r) for s in settings for r in recordings]
    found = await asyncio.gather(*(replay_one(r, s, config) for s, r in pairs))
    by_pair = {(id(s), r.name): turns for (s, r), turns in zip(pairs, found, strict=True)}
    rows = []
    for setting in settings:
        served = {r.name: by_pair[id(setting), r.name] for r in recordings}
        simulated = {r.name: detect(r, setting, cache) for r in recordings}
        server = score_turns(((served[r.name], r.segments or ()) for r in recordings), weights)
        sim = score_turns(((simulated[r.name], r.segments or ()) for r in recordings), weights)
        gaps = [_gap(served[r.name], simulated[r.name]) for r in recordings]
        finite = [g for g in gaps if g != float("inf")]
        rows.append(
            {
                "setting": setting.label,
                "scorer": setting.scorer,
                "server_score": server.score,
                "sim_score": sim.score,
                "server_early_cutoffs": server.early_cutoffs,
                "sim_early_cutoffs": sim.early_cutoffs,
                "server_eot_delay_p50_ms": server.eot_delay_p50_ms,
                "sim_eot_delay_p50_ms": sim.eot_delay_p50_ms,
                "files_identical": sum(served[r.name] == simulated[r.name] for r in recordings),
                "files": len(recordings),
                "max_gap_ms": max(finite, default=0.0),
                "turn_count_diff": sum(abs(len(served[r.name]) - len(simulated[r.name])) for r in recordings),
            }
        )
    return pd.DataFrame(rows)
