"""The user's side of a session: text turns, audio sources streamed as the user's voice, and what is resent.

:class:`UserInput` is the part of :class:`~rtkit.session.RealtimeSession` that sends input: each frame is
accounted in the :class:`~rtkit.session.ledger.InputLedger` (so a new connection hears again what the old one never
answered), kept in the input record, and encoded for the wire format. It reads the session state declared below.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from rtkit import audio
from rtkit.config import RealtimeConfig
from rtkit.realtime import protocol
from rtkit.session.calls import ResponseRequests
from rtkit.session.clock import Clock
from rtkit.session.connection import SEND_ERRORS, Connection, SessionError, sent
from rtkit.session.conversation import Conversation, Item
from rtkit.session.ledger import InputLedger
from rtkit.session.playback import EstimatedPlayback, PlaybackTracker
from rtkit.session.record import AudioRecord
from rtkit.session.result import Recorder, SessionResult
from rtkit.session.sources import ArraySource, AudioSource, FileSource

log = logging.getLogger("rtkit.session")


class UserInput:
    """Input methods of :class:`~rtkit.session.RealtimeSession` (text turns, audio sources, resending)."""

    # the session state this part reads (set by RealtimeSession.__init__)
    config: RealtimeConfig
    clock: Clock
    conversation: Conversation
    recorder: Recorder | None
    playback: PlaybackTracker
    ledger: InputLedger
    input_record: AudioRecord
    text_fallback: bool
    _conn: Connection | None
    _ready: asyncio.Event
    _fatal: BaseException | None
    _requests: ResponseRequests

    @property
    def result(self) -> SessionResult:
        raise NotImplementedError

    async def wait_idle(self, quiet_s: float = 0.4, timeout: float = 60.0) -> None:
        raise NotImplementedError

    async def fallback_to_text(self, reason: str) -> None:
        raise NotImplementedError

    def _send_failed(self, what: str, exc: Exception) -> None:
        raise NotImplementedError

    async def send_text(self, text: str, timeout: float = 60.0) -> SessionResult:
        """Send a user text turn, let the model answer (and call tools), and return the records."""
        if self._conn is None:
            raise SessionError("the session is not started: use 'async with RealtimeSession(...)'")
        await self._ready.wait()
        conn = self._conn
        self.conversation.line("user", text, None, self.clock.monotonic(), conn.index)
        item = self.conversation.add(Item("user_text", text=text, connection=conn.index))
        if await sent(conn.client.create_item(protocol.user_text_item(text))):
            await self._requests.create()
        else:  # the connection dropped while sending: the next one gets it as new input, then answers it
            item.sent = False
        await self.wait_idle(quiet_s=0.0, timeout=timeout)
        return self.result

    async def run_source(
        self,
        source: AudioSource,
        *,
        labels: Sequence[tuple[float, float]] | None = None,
        wait: bool = True,
        timeout: float = 120.0,
    ) -> SessionResult:
        """Stream an audio source as the user's voice; with ``wait``, until every turn it causes is answered.

        ``labels`` are the true speech spans of the source (ms from its start); the recorder uses them to measure
        voice-to-voice latency from the real end of speech, on every connection the audio crosses.
        """
        if self._conn is None:
            raise SessionError("the session is not started: use 'async with RealtimeSession(...)'")
        if labels:
            self._add_labels(self._conn, [self.ledger.add_labels(labels)])
        try:
            async for frame in source:
                await self._send_frame(frame)
        except (audio.AudioError, OSError, ValueError) as exc:
            await self.fallback_to_text(f"audio source failed: {exc}")
        if self.config.turn_detection is None and not self.text_fallback:
            await self._ready.wait()
            if self._conn is not None and self._fatal is None:
                await self._conn.client.commit_audio()
                await self._requests.create()
        if wait:
            await self.wait_idle(timeout=timeout)
        return self.result

    async def run_file(
        self,
        path: str | Path,
        pace: bool = True,
        labels: Sequence[tuple[float, float]] | None = None,
        trailing_silence_ms: float = 1500,
        timeout: float = 120.0,
    ) -> SessionResult:
        """Stream a WAV/FLAC/OGG file as the user's voice and wait until every turn it causes is answered.

        ``pace=False`` streams as fast as the socket allows (and no playback is simulated for barge-in).
        """
        source = FileSource(path, pace=pace, trailing_silence_ms=trailing_silence_ms)  # bad input: AudioError
        if type(self.playback) is EstimatedPlayback:  # unpaced: nothing plays, so nothing is cut
            self.playback.realtime = pace
        return await self.run_source(source, labels=labels, timeout=timeout)

    async def stream_audio(self, pcm: np.ndarray, pace: bool = True, chunk_ms: float = 20) -> float:
        """Append audio (24 kHz int16) in chunks; returns where it started on the audio source's clock (ms)."""
        start = self.ledger.stream_ms
        await self.run_source(ArraySource(pcm, chunk_ms=chunk_ms, pace=pace), wait=False)
        return start

    async def _send_frame(self, frame: np.ndarray) -> None:
        if self.text_fallback:  # audio input failed: the session goes on in text (text output still takes audio in)
            return
        await self._ready.wait()
        if self._fatal is not None:
            raise SessionError(str(self._fatal)) from self._fatal
        self.ledger.append(frame)
        self.input_record.append(frame)
        conn = self._conn
        assert conn is not None
        try:
            await conn.client.append_audio(self._encode(frame))
        except SEND_ERRORS:  # dropped mid-audio: the new connection gets it from the rewind buffer
            return
        except Exception as exc:
            self._send_failed("sending input audio", exc)
            raise SessionError(f"sending input audio failed: {type(exc).__name__}: {exc}") from exc

    def _encode(self, frame: np.ndarray) -> bytes | np.ndarray:
        if self.config.input_format == "audio/pcm":
            return frame
        return audio.encode_audio(frame, audio.wire_format(self.config.input_format))

    async def _resend_audio(self, conn: Connection) -> None:
        frames = self.ledger.frames_from(conn.stream_offset_ms)
        for frame in frames:
            await conn.client.append_audio(self._encode(frame))
        if frames:
            resent = audio.samples_to_ms(sum(len(f) for f in frames))
            log.info("resent %.0f ms of audio from %.0f ms", resent, conn.stream_offset_ms)

    def _add_labels(self, conn: Connection, labels: list[tuple[list[tuple[float, float]], float]]) -> None:
        """Hand labelled speech spans to the recorder, on ``conn``'s input-audio clock."""
        if self.recorder is None:
            return
        for spans, start in labels:
            self.recorder.add_speech_labels(spans, offset_ms=start - conn.stream_offset_ms, conn=conn.index)

    # -- audio records ---------------------------------------------------------------------------------------------
    def assistant_audio(self) -> np.ndarray:
        """The assistant's audio so far (24 kHz int16)."""
        return self.conversation.assistant_audio()

    def input_audio(self) -> np.ndarray:
        """Everything streamed as the user's voice so far (24 kHz int16), on the audio source's clock."""
        return self.input_record.read()

    def save_audio(self, path: str | Path) -> Path:
        """Write the assistant's audio so far to a WAV file."""
        return audio.write_wav(path, self.assistant_audio())
