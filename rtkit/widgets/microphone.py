"""The browser microphone as a Jupyter widget: talk to a session live and hear its answers.

The browser captures the microphone with an AudioWorklet in a 24 kHz AudioContext and converts it to mono PCM16.
Two transports carry it to the kernel (``transport``, switchable while live):

- ``"messages"`` (default): 20 ms frames as the widget's binary messages; answers come back the same way and play
  in the page, which reports how much of each answer it played.
- ``"webrtc"``: an ``RTCPeerConnection`` to a peer in the kernel (:mod:`rtkit.widgets.webrtc`), signalled over the
  widget's messages; Opus both ways, converted in the kernel to and from 24 kHz PCM16.

Either way the frames feed the session's :class:`~rtkit.session.sources.LiveAudioSource`, the widget's
:class:`~rtkit.session.playback.ReportedPlayback` tells the session how much of an answer was heard (barge-in
truncates there), playback stops when the user speaks over it, and ``rtkit.playback.start`` marks the first
sample of each answer played (for ``voice_to_voice_played_ms``).

Added latency of a transport is measured per speech onset: the page stamps the moment a 20 ms frame of its Web Audio
capture first rises above the onset level (after silence), the kernel stamps the moment the same onset arrives;
both clocks are the machine's wall clock, so the difference is what the transport adds (page to kernel).
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import pandas as pd
import traitlets

from rtkit import audio
from rtkit.realtime import events as ev
from rtkit.realtime import protocol
from rtkit.session.playback import ReportedPlayback
from rtkit.session.sources import LiveAudioSource
from rtkit.tasks import TaskOwner

log = logging.getLogger(__name__)

TRANSPORTS = ("messages", "webrtc")
ONSET_DBFS = -40.0
"""A frame louder than this (RMS, dBFS) after ``ONSET_QUIET_FRAMES`` quieter ones is a speech onset."""
ONSET_QUIET_FRAMES = 15
MAX_PAIR_MS = 1000.0


class OnsetDetector:
    """Speech onsets in a stream of frames: the first loud frame after enough quiet ones (same rule as the page).

    A stream that starts loud (capture started, or the transport switched, mid-speech) has no onset until it has
    been quiet: the other side may have seen that speech begin earlier.
    """

    def __init__(self, threshold_dbfs: float = ONSET_DBFS, quiet_frames: int = ONSET_QUIET_FRAMES) -> None:
        self.threshold_dbfs = threshold_dbfs
        self.quiet_frames = quiet_frames
        self._quiet = 0

    def feed(self, pcm: np.ndarray) -> bool:
        """True when this frame starts speech."""
        x = pcm.astype(np.float64) / 32768.0
        rms = float(np.sqrt(np.mean(x * x))) if len(x) else 0.0
        loud = 20 * np.log10(max(rms, 1e-9)) > self.threshold_dbfs
        onset = loud and self._quiet >= self.quiet_frames
        self._quiet = 0 if loud else self._quiet + 1
        return onset


def pair_onsets(page_ms: list[float], kernel_ms: list[float], max_ms: float = MAX_PAIR_MS) -> list[float]:
    """Added latency of each kernel onset: its time minus the nearest page onset's (within ``max_ms``).

    It can be below zero: WebRTC takes the microphone before the page's Web Audio graph, whose frames the page
    stamps, so WebRTC audio may reach the kernel before the page's own copy reaches its worklet.
    """
    added = []
    for k in kernel_ms:
        near = [p for p in page_ms if abs(k - p) <= max_ms]
        if near:
            added.append(k - min(near, key=lambda p: abs(k - p)))
    return added


class MicrophoneWidget(anywidget.AnyWidget):
    """Browser microphone and speaker for a :class:`~rtkit.session.RealtimeSession`.

    >>> mic = MicrophoneWidget(transport="messages")
    >>> session = RealtimeSession(config, bridge=bridge, recorder=recorder, playback=mic.playback)
    >>> await session.start(); mic.attach(session); mic   # press Start, talk
    """

    _esm = Path(__file__).with_name("microphone.js")
    _css = Path(__file__).with_name("microphone.css")

    transport = traitlets.Unicode("messages").tag(sync=True)
    """``"messages"`` (the widget's binary messages) or ``"webrtc"`` (an RTCPeerConnection to the kernel)."""
    state = traitlets.Unicode("idle").tag(sync=True)
    """The page's capture state: idle, starting, live, stopped, or ``error: ...``."""
    peer_state = traitlets.Unicode("").tag(sync=True)
    """The kernel peer's WebRTC connection state (webrtc transport)."""
    kernel = traitlets.Dict().tag(sync=True)
    """What the kernel's session saw, per transport: speech started/stopped, answers with audio, frames."""
    attached = traitlets.Bool(False).tag(sync=True)
    """A session is attached (the Start button is enabled)."""

    def __init__(self, transport: str = "messages", max_buffered_ms: float = 2000, **kwargs: Any) -> None:
        if transport not in TRANSPORTS:
            raise ValueError(f"transport={transport!r}: choose one of {', '.join(TRANSPORTS)}")
        super().__init__(transport=transport, **kwargs)
        self.source = LiveAudioSource(max_buffered_ms=max_buffered_ms)
        """The session's live audio source that this widget feeds."""
        self.playback = ReportedPlayback(on_first_sample=self._first_sample)
        """Pass to ``RealtimeSession(..., playback=mic.playback)``: what the listener heard of each answer."""
        self.session: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._stream = TaskOwner(log, "microphone stream")
        self._unsubscribe: list[Any] = []
        self._responses: dict[str, str] = {}  # item id -> response id, for the playback mark
        self._audio_responses: set[str] = set()
        self._onsets = OnsetDetector()
        self._page_onsets: dict[str, list[float]] = {t: [] for t in TRANSPORTS}
        self._kernel_onsets: dict[str, list[float]] = {t: [] for t in TRANSPORTS}
        self._peer: Any = None
        self._peer_tasks = TaskOwner(log, "WebRTC signalling", on_error=self._peer_failed)
        self._frames = dict.fromkeys(TRANSPORTS, 0)
        self.kernel = {t: _counts() for t in TRANSPORTS}
        self.on_msg(self._on_msg)

    @traitlets.observe("transport")
    def _transport_changed(self, change: dict[str, Any]) -> None:
        self._onsets = OnsetDetector()  # the new transport's stream starts wherever the speaker is

    # -- session ---------------------------------------------------------------------------------------------------
    def attach(self, session: Any) -> asyncio.Task[Any]:
        """Stream this widget's microphone into ``session`` (started, created with ``playback=mic.playback``)."""
        if session.playback is not self.playback:
            raise ValueError("create the session with playback=mic.playback, so barge-in cuts where the page stopped")
        if self._task is not None:
            raise RuntimeError("this widget is already attached to a session")
        self.session = session
        self._loop = asyncio.get_running_loop()
        for etype, handler in (
            (ev.SPEECH_STARTED, self._on_speech_started),
            (ev.SPEECH_STOPPED, lambda e: self._count("speech_stopped")),
            (ev.AUDIO_DELTA, self._on_audio),
        ):
            self._unsubscribe.append(session.on(etype, handler))
        self._task = self._stream.spawn(session.run_source(self.source, wait=False))
        self.attached = True
        return self._task

    async def detach(self) -> None:
        """End the stream, close the WebRTC peer and detach from the session (the widget stays displayed)."""
        self.source.close()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        await self._peer_tasks.cancel_all()
        await self._close_peer()
        if self._task is not None:
            task, self._task = self._task, None
            await asyncio.gather(task, return_exceptions=True)
        self.attached = False

    def _count(self, key: str, n: int = 1) -> None:
        self._set(key, self.kernel[self.transport][key] + n)

    def _set(self, key: str, value: int) -> None:
        counts = {t: dict(c) for t, c in self.kernel.items()}  # a new dict, so the change syncs to the page
        counts[self.transport][key] = value
        self.kernel = counts

    def _on_speech_started(self, event: dict[str, Any]) -> None:
        self._count("speech_started")
        self._stop_playback()

    def _stop_playback(self) -> None:
        if self.transport == "webrtc" and self._peer is not None:
            self._peer.clear()
        else:
            self.send({"type": "clear"})

    def _on_audio(self, event: dict[str, Any]) -> None:
        pcm = audio.to_pcm16_bytes(protocol.decode_audio_delta(event), self.session.config.output_format)
        item_id = event.get("item_id") or ""
        response_id = event.get("response_id") or ""
        self._responses[item_id] = response_id
        if response_id not in self._audio_responses:
            self._audio_responses.add(response_id)
            self._count("answers_with_audio")
        if self.transport == "webrtc" and self._peer is not None:
            self._peer.play(item_id, pcm)
        else:
            self.send({"type": "audio", "item_id": item_id}, buffers=[pcm])

    def _first_sample(self, item_id: str) -> None:
        if self.session is not None:
            self.session.mark(ev.PLAYBACK_START, item_id=item_id, response_id=self._responses.get(item_id))

    # -- the page's messages -----------------------------------------------------------------------------------------
    def _on_msg(self, _widget: Any, content: dict[str, Any], buffers: list[Any]) -> None:
        # ipywidgets may deliver comm messages on a subshell thread: the session's loop handles them
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._handle, content, [bytes(b) for b in buffers])

    def _handle(self, content: dict[str, Any], buffers: list[bytes]) -> None:
        kind = content.get("type")
        if kind == "audio":
            for buf in buffers:
                self._frame(np.frombuffer(buf, dtype="<i2"))
        elif kind == "onset":
            self._page_onsets[content.get("transport", self.transport)].append(float(content["t"]))
        elif kind == "played":
            self.playback.report(content.get("item_id", ""), float(content.get("played_ms", 0.0)))
        elif kind == "offer":
            self._spawn(self._answer(content["sdp"]))
        elif kind == "hangup":
            self._spawn(self._close_peer())

    def _frame(self, pcm: np.ndarray) -> None:
        if self._onsets.feed(pcm):
            self._kernel_onsets[self.transport].append(time.time() * 1000.0)
        if not self.source.push(pcm):
            self._count("dropped_frames")
        self._frames[self.transport] += 1
        if self._frames[self.transport] % 25 == 1:  # sync the count twice a second, not per frame
            self._set("frames", self._frames[self.transport])

    # -- WebRTC ------------------------------------------------------------------------------------------------------
    def _spawn(self, coro: Any) -> None:
        self._peer_tasks.spawn(coro)

    def _peer_failed(self, exc: BaseException) -> None:
        self.peer_state = f"error: {exc}"

    async def _answer(self, sdp: str) -> None:
        try:
            from rtkit.widgets.webrtc import WebRTCPeer
        except ImportError as exc:
            raise RuntimeError(f"the webrtc transport needs aiortc (pip install aiortc): {exc}") from exc

        await self._close_peer()
        self._peer = WebRTCPeer(self._frame, self._reported, lambda s: setattr(self, "peer_state", s))
        self.send({"type": "answer", "sdp": await self._peer.answer(sdp)})

    def _reported(self, item_id: str, sent_ms: float) -> None:
        self.playback.report(item_id, sent_ms)

    async def _close_peer(self) -> None:
        if self._peer is not None:
            peer, self._peer = self._peer, None
            await peer.close()
            self.peer_state = "closed"

    # -- results -----------------------------------------------------------------------------------------------------
    def latency_df(self) -> pd.DataFrame:
        """Added latency (page to kernel, ms) of each speech onset, per transport."""
        rows = [
            {"transport": t, "onset": i, "added_ms": ms}
            for t in TRANSPORTS
            for i, ms in enumerate(pair_onsets(self._page_onsets[t], self._kernel_onsets[t]))
        ]
        return pd.DataFrame(rows, columns=["transport", "onset", "added_ms"])

    def status(self) -> str:
        """One line per transport: what the kernel's session saw through this widget."""
        lines = []
        for t in TRANSPORTS:
            c = self.kernel[t]
            lines.append(
                f"{t:>8}: {self._frames[t]} frames ({c['dropped_frames']} dropped), "
                f"speech started {c['speech_started']}, stopped {c['speech_stopped']}, "
                f"answers with audio {c['answers_with_audio']}, "
                f"onsets page {len(self._page_onsets[t])} kernel {len(self._kernel_onsets[t])}"
            )
        return "\n".join(lines)


def _counts() -> dict[str, int]:
    return {"frames": 0, "dropped_frames": 0, "speech_started": 0, "speech_stopped": 0, "answers_with_audio": 0}
