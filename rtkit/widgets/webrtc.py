"""The kernel's WebRTC peer: the browser's microphone arrives as an Opus track, the answer goes back on another.

Built on ``aiortc``. Signalling is one offer/answer exchange carried by the widget's messages (the browser waits
for its ICE candidates before sending the offer, so no trickle). Incoming audio is decoded by aiortc and resampled
here to 24 kHz mono PCM16 for the session; outgoing audio is queued 24 kHz PCM16, paced in 20 ms frames, and
encoded to Opus by aiortc.

ICE uses only ``host_addresses`` (loopback by default: JupyterLab's browser and kernel on one machine); remote
candidates on other addresses are dropped from the offer, so no traffic leaves the machine.
"""

from __future__ import annotations

import asyncio
import fractions
import time
from collections import deque
from collections.abc import Callable, Sequence

import aioice.ice
import av
import numpy as np
from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError

from rtkit import audio

RATE = audio.SAMPLE_RATE
FRAME_SAMPLES = audio.ms_to_samples(20)
_HOSTS: tuple[str, ...] = ("127.0.0.1",)


def _allowed_host_addresses(use_ipv4: bool, use_ipv6: bool) -> list[str]:
    # aioice gathers every interface but loopback; the peer gathers exactly the configured addresses instead
    return [a for a in _HOSTS if (":" in a and use_ipv6) or (":" not in a and use_ipv4)]


def keep_candidates(sdp: str, hosts: Sequence[str]) -> str:
    """``sdp`` without the ICE candidates whose address is not in ``hosts``."""
    lines = []
    for line in sdp.splitlines():
        if line.startswith("a=candidate:"):
            parts = line.split()
            if len(parts) < 5 or parts[4] not in hosts:
                continue
        lines.append(line)
    return "\r\n".join(lines) + "\r\n"


class AnswerTrack(MediaStreamTrack):
    """Outgoing audio: queued answer audio in 20 ms frames, silence when there is none, paced in real time.

    ``on_played(item_id, ms)`` is told how many ms of each item have gone out (what the listener has heard, up to
    the network and the browser's jitter buffer).
    """

    kind = "audio"

    def __init__(self, on_played: Callable[[str, float], None] | None = None) -> None:
        super().__init__()
        self.on_played = on_played
        self._queue: deque[tuple[str, np.ndarray]] = deque()
        self._pending = np.zeros(0, dtype=np.int16)
        self._pending_item = ""
        self._sent_ms: dict[str, float] = {}
        self._start: float | None = None
        self._pts = 0

    def play(self, item_id: str, pcm: bytes) -> None:
        """Queue 24 kHz mono PCM16 of ``item_id``."""
        self._queue.append((item_id, np.frombuffer(pcm, dtype="<i2")))

    def clear(self) -> None:
        """Drop everything not yet sent (barge-in)."""
        self._queue.clear()
        self._pending = np.zeros(0, dtype=np.int16)

    def _next_samples(self) -> tuple[str, np.ndarray]:
        while len(self._pending) < FRAME_SAMPLES and self._queue:
            item, pcm = self._queue.popleft()
            if item != self._pending_item and len(self._pending):
                break  # a frame carries one item's audio
            self._pending_item = item
            self._pending = np.concatenate([self._pending, pcm])
        take, self._pending = self._pending[:FRAME_SAMPLES], self._pending[FRAME_SAMPLES:]
        return self._pending_item, take

    async def recv(self) -> av.AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        else:
            self._pts += FRAME_SAMPLES
            wait = self._start + self._pts / RATE - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        item, samples = self._next_samples()
        frame_pcm = np.zeros(FRAME_SAMPLES, dtype=np.int16)
        frame_pcm[: len(samples)] = samples
        if len(samples):
            self._sent_ms[item] = self._sent_ms.get(item, 0.0) + audio.samples_to_ms(len(samples))
            if self.on_played is not None:
                self.on_played(item, self._sent_ms[item])
        frame = av.AudioFrame.from_ndarray(frame_pcm.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        frame.pts = self._pts
        frame.time_base = fractions.Fraction(1, RATE)
        return frame


class WebRTCPeer:
    """One browser connection: microphone frames to ``on_frame`` (24 kHz int16), answer audio back via ``play``."""

    def __init__(
        self,
        on_frame: Callable[[np.ndarray], None],
        on_played: Callable[[str, float], None] | None = None,
        on_state: Callable[[str], None] | None = None,
        host_addresses: Sequence[str] = ("127.0.0.1",),
    ) -> None:
        self.on_frame = on_frame
        self.on_state = on_state
        self.host_addresses = tuple(host_addresses)
        self.track = AnswerTrack(on_played)
        self.pc: RTCPeerConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self.frames = 0
        """Microphone frames received (after resampling)."""

    async def answer(self, offer_sdp: str) -> str:
        """Take the browser's offer; return the answer SDP (ICE gathered)."""
        await self.close()
        use_host_addresses(self.host_addresses)
        self.track = AnswerTrack(self.track.on_played)
        pc = self.pc = RTCPeerConnection()
        pc.on("track", self._on_track)
        pc.on("connectionstatechange", lambda: self.on_state and self.on_state(pc.connectionState))
        offer = RTCSessionDescription(keep_candidates(offer_sdp, self.host_addresses), "offer")
        await pc.setRemoteDescription(offer)
        pc.addTrack(self.track)
        await pc.setLocalDescription(await pc.createAnswer())  # gathers ICE candidates
        return pc.localDescription.sdp

    def _on_track(self, track: MediaStreamTrack) -> None:
        if track.kind == "audio" and self._reader is None:
            self._reader = asyncio.get_running_loop().create_task(self._read(track))

    async def _read(self, track: MediaStreamTrack) -> None:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            if not isinstance(frame, av.AudioFrame):  # an audio track's recv is typed to return any frame or packet
                continue
            for out in resampler.resample(frame):
                self.frames += 1
                self.on_frame(out.to_ndarray().reshape(-1).astype(np.int16, copy=False))

    def play(self, item_id: str, pcm: bytes) -> None:
        self.track.play(item_id, pcm)

    def clear(self) -> None:
        self.track.clear()

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)
            self._reader = None
        if self.pc is not None:
            pc, self.pc = self.pc, None
            await pc.close()


def use_host_addresses(hosts: Sequence[str]) -> None:
    """Gather ICE candidates (every aiortc peer in this process) on ``hosts`` only."""
    global _HOSTS
    _HOSTS = tuple(hosts)
    aioice.ice.get_host_addresses = _allowed_host_addresses
