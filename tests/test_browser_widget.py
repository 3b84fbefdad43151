"""The microphone widget's kernel side without a browser: onsets, the messages path into a real session against the
local server, and the WebRTC peer talking to a second aiortc peer over loopback."""

from __future__ import annotations

import asyncio
import fractions
from pathlib import Path

import numpy as np
import pytest

from rtkit import MetricsRecorder, MicrophoneWidget, RealtimeConfig, RealtimeSession, audio
from rtkit.widgets.microphone import OnsetDetector, pair_onsets

DATA = Path(__file__).resolve().parent.parent / "data"


def _tone(ms: float, dbfs: float) -> np.ndarray:
    n = int(24 * ms)
    return (np.sin(np.arange(n) * 0.2) * 32767 * 10 ** (dbfs / 20) * np.sqrt(2)).astype(np.int16)


def test_onset_is_the_first_loud_frame_after_quiet_ones():
    det = OnsetDetector(threshold_dbfs=-40, quiet_frames=3)
    quiet, loud = _tone(20, -60), _tone(20, -20)
    seq = [loud, quiet, quiet, quiet, loud, loud, quiet, quiet, loud, quiet, quiet, quiet, loud]
    # the stream starts loud (mid-speech): no onset until it has been quiet for three frames
    assert [i for i, f in enumerate(seq) if det.feed(f)] == [4, 12]


def test_each_kernel_onset_pairs_with_the_nearest_page_onset():
    assert pair_onsets([1000.0, 5000.0], [1012.0, 5030.0, 9000.0]) == [12.0, 30.0]
    assert pair_onsets([1000.0, 1400.0], [1410.0]) == [10.0]
    assert pair_onsets([2000.0], [1990.0]) == [-10.0]  # WebRTC can beat the page's Web Audio copy
    assert pair_onsets([2000.0], [4000.0], max_ms=1000) == []


def test_unknown_transport_is_refused():
    with pytest.raises(ValueError, match="transport='carrier pigeon'"):
        MicrophoneWidget(transport="carrier pigeon")


async def test_attach_needs_the_widget_playback():
    mic = MicrophoneWidget()
    async with RealtimeSession(RealtimeConfig()) as session:
        with pytest.raises(ValueError, match="playback=mic.playback"):
            mic.attach(session)


async def test_messages_path_streams_into_the_session_and_plays_back():
    """Frames as the page sends them reach a real session; the answer goes back; a played report marks playback."""
    config = RealtimeConfig()
    recorder = MetricsRecorder(config)
    mic = MicrophoneWidget(max_buffered_ms=60_000)
    sent: list[tuple[dict, list]] = []
    mic.send = lambda content, buffers=None: sent.append((content, buffers or []))  # the page's side of the comm
    pcm = audio.pad_silence(audio.load_audio(DATA / "portfolio_summary.wav"), 1500)
    async with RealtimeSession(config, recorder=recorder, playback=mic.playback) as session:
        mic.attach(session)
        for i in range(0, len(pcm), 480):
            mic._on_msg(mic, {"type": "audio"}, [memoryview(pcm[i : i + 480].tobytes())])
            await asyncio.sleep(0)
        await session.wait_idle(timeout=60)
        audio_msgs = [(c, b) for c, b in sent if c["type"] == "audio"]
        assert audio_msgs, "the answer's audio was not sent to the page"
        item_id = audio_msgs[0][0]["item_id"]
        assert sum(len(b[0]) for _, b in audio_msgs) == len(session.result.assistant_audio) * 2
        mic._on_msg(mic, {"type": "played", "item_id": item_id, "played_ms": 0.0}, [])
        mic._on_msg(mic, {"type": "played", "item_id": item_id, "played_ms": 400.0}, [])
        await asyncio.sleep(0.05)
        assert session.playback.played_ms(item_id, 0.0) == 400.0
        await mic.detach()
    counts = mic.kernel["messages"]
    assert counts["speech_started"] == 1 and counts["speech_stopped"] == 1 and counts["answers_with_audio"] == 1
    assert counts["dropped_frames"] == 0 and mic.source.pushed_ms == pytest.approx(len(pcm) / 24, abs=20)
    assert sent[0][0] == {"type": "clear"}  # speech start stops playback in the page
    marks = recorder.events_df().query("type == 'rtkit.playback.start'")
    assert len(marks) == 1
    assert recorder.turns_df()["voice_to_voice_played_ms"].notna().any()


async def test_webrtc_peer_carries_audio_both_ways_over_loopback():
    """A second aiortc peer plays the browser: its track reaches the kernel as 24 kHz PCM16, answers come back."""
    av = pytest.importorskip("av")
    aiortc = pytest.importorskip("aiortc")
    from rtkit.widgets.webrtc import AnswerTrack, WebRTCPeer, use_host_addresses

    use_host_addresses(["127.0.0.1"])  # the stand-in browser too: no traffic off loopback

    speech = audio.load_audio(DATA / "portfolio_summary.wav")[: 24 * 1500]

    class SpeechTrack(aiortc.MediaStreamTrack):
        kind = "audio"

        def __init__(self) -> None:
            super().__init__()
            self.pts = 0

        async def recv(self):
            await asyncio.sleep(0.02)
            chunk = np.zeros(480, dtype=np.int16)
            part = speech[self.pts : self.pts + 480]
            chunk[: len(part)] = part
            frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="s16", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = 24000, self.pts, fractions.Fraction(1, 24000)
            self.pts += 480
            return frame

    received: list[np.ndarray] = []
    played: dict[str, float] = {}
    peer = WebRTCPeer(received.append, on_played=played.__setitem__)
    browser = aiortc.RTCPeerConnection()
    heard: list[np.ndarray] = []

    async def listen(track):
        resampler = av.AudioResampler(format="s16", layout="mono", rate=24000)
        while True:
            try:
                frame = await track.recv()
            except aiortc.mediastreams.MediaStreamError:
                return
            heard.extend(f.to_ndarray().reshape(-1) for f in resampler.resample(frame))

    listeners: list[asyncio.Task] = []
    browser.on("track", lambda track: listeners.append(asyncio.ensure_future(listen(track))))
    browser.addTrack(SpeechTrack())
    try:
        await browser.setLocalDescription(await browser.createOffer())
        answer = await peer.answer(browser.localDescription.sdp)
        assert "127.0.0.1" in answer
        await browser.setRemoteDescription(aiortc.RTCSessionDescription(answer, "answer"))
        answer_audio = _tone(600, -12)
        peer.play("item_1", answer_audio.tobytes())
        for _ in range(200):
            if played.get("item_1", 0) >= 600 and sum(map(len, received)) > 24 * 1000:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
    finally:
        await peer.close()
        await browser.close()
        for task in listeners:
            task.cancel()
    mic = np.concatenate(received)
    assert all(f.dtype == np.int16 for f in received)
    assert len(mic) > 24 * 1000  # over a second of the speech arrived, resampled to 24 kHz
    assert np.abs(mic.astype(np.float64)).max() > 3000  # speech, not silence
    assert played["item_1"] == pytest.approx(600, abs=20)
    loud = np.concatenate(heard).astype(np.float64)
    assert np.sqrt(np.mean(loud[np.abs(loud) > 0] ** 2)) > 1000  # the answer's tone came back

    track = AnswerTrack()
    track.play("a", np.ones(700, dtype=np.int16).tobytes())
    first = (await track.recv()).to_ndarray().reshape(-1)
    track.clear()  # barge-in: the rest of the item is dropped
    second = (await track.recv()).to_ndarray().reshape(-1)
    assert first.tolist() == [1] * 480 and not second.any()
