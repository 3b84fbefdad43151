"""Audio sources: async iterators of 24 kHz mono PCM16 frames that the session streams as the user's voice.

A file or an array is streamed in chunks (paced like a microphone, or as fast as the socket allows); a live
source (the browser microphone widget, a WebRTC track) pushes frames into a bounded queue. A live frame that
cannot be queued is dropped and counted, never silently lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from rtkit import audio


@runtime_checkable
class AudioSource(Protocol):
    """An async iterator of ``numpy.int16`` frames (24 kHz mono); ``live`` when frames come as they are spoken."""

    live: bool

    def __aiter__(self) -> AsyncIterator[np.ndarray]: ...


class ArraySource:
    """Stream an array in ``chunk_ms`` frames; ``pace`` releases each frame when a microphone would have."""

    live = False

    def __init__(self, pcm: np.ndarray, chunk_ms: float = 20, pace: bool = True) -> None:
        self.pcm = np.asarray(pcm, dtype=np.int16)
        self.chunk_ms = chunk_ms
        self.pace = pace

    @property
    def duration_ms(self) -> float:
        return audio.samples_to_ms(len(self.pcm))

    async def __aiter__(self) -> AsyncIterator[np.ndarray]:
        async for chunk in audio.stream_chunks(self.pcm, chunk_ms=self.chunk_ms, pace=self.pace):
            yield np.frombuffer(chunk, dtype="<i2")


class FileSource:
    """A WAV/FLAC/OGG file decoded block by block to 24 kHz mono PCM16 (memory stays flat for hour-long files),
    streamed in ``chunk_ms`` frames, paced like a microphone or not, then ``trailing_silence_ms`` of silence so
    the last turn ends. A file that cannot be read raises :class:`~rtkit.AudioError` here, naming it."""

    live = False

    def __init__(self, path: str | Path, chunk_ms: float = 20, pace: bool = True, trailing_silence_ms: float = 0):
        self.path = Path(path)
        self.chunk_ms = chunk_ms
        self.pace = pace
        self.trailing_silence_ms = trailing_silence_ms
        self._blocks = audio.iter_audio(self.path)
        self._first = next(self._blocks)  # opens and checks the file now

    async def __aiter__(self) -> AsyncIterator[np.ndarray]:
        step = max(int(audio.SAMPLE_RATE * self.chunk_ms / 1000), 1)
        loop = asyncio.get_running_loop()
        start, sent = loop.time(), 0
        pending = np.zeros(0, dtype=np.int16)

        def blocks():
            yield self._first
            yield from self._blocks
            if self.trailing_silence_ms:
                yield np.zeros(int(audio.SAMPLE_RATE * self.trailing_silence_ms / 1000), dtype=np.int16)

        for block in blocks():
            pending = np.concatenate([pending, block]) if len(pending) else block
            while len(pending) >= step:
                frame, pending = pending[:step], pending[step:]
                sent += len(frame)
                await _release(loop, start, sent, self.pace)
                yield frame
        if len(pending):
            sent += len(pending)
            await _release(loop, start, sent, self.pace)
            yield pending


async def _release(loop: asyncio.AbstractEventLoop, start: float, samples: int, pace: bool) -> None:
    """Wait until ``samples`` of audio have "been recorded" since ``start`` (or just yield when unpaced)."""
    delay = start + samples / audio.SAMPLE_RATE - loop.time() if pace else 0.0
    await asyncio.sleep(max(delay, 0.0))


class LiveAudioSource:
    """Frames pushed as they are captured (a widget's messages, a WebRTC track), read by the session.

    The queue holds at most ``max_buffered_ms`` of audio; a frame pushed when it is full is dropped and counted in
    ``dropped_frames`` / ``dropped_ms`` (the consumer is too slow: losing audio is better than unbounded memory,
    and the count says it happened). ``close()`` ends the stream after the frames already queued.
    """

    live = True

    def __init__(self, max_buffered_ms: float = 2000) -> None:
        if max_buffered_ms <= 0:
            raise ValueError(f"max_buffered_ms={max_buffered_ms} must be > 0")
        self.max_buffered_ms = max_buffered_ms
        self._queue: asyncio.Queue[np.ndarray | None] = asyncio.Queue()
        self._buffered_ms = 0.0
        self._closed = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self.dropped_frames = 0
        """Frames dropped because the buffer was full."""
        self.dropped_ms = 0.0
        """Audio dropped, in ms."""
        self.pushed_ms = 0.0
        """Audio accepted, in ms."""

    @property
    def closed(self) -> bool:
        return self._closed

    def push(self, frame: bytes | bytearray | memoryview | np.ndarray) -> bool:
        """Queue one frame (24 kHz mono PCM16: bytes or an int16 array). Call on the event loop's thread.

        Returns False when the frame was dropped (buffer full) or the source is closed.
        """
        if self._loop is None:
            try:
                self._loop = asyncio.get_running_loop()
            except RuntimeError:
                pass
        if isinstance(frame, np.ndarray):
            pcm = np.ascontiguousarray(frame, dtype=np.int16)
        else:
            if len(frame) % 2:
                raise ValueError(f"a PCM16 frame has an even number of bytes, got {len(frame)}")
            pcm = np.frombuffer(bytes(frame), dtype="<i2")
        ms = audio.samples_to_ms(len(pcm))
        if self._closed:
            return False
        if self._buffered_ms + ms > self.max_buffered_ms:
            self.dropped_frames += 1
            self.dropped_ms += ms
            return False
        self._buffered_ms += ms
        self.pushed_ms += ms
        self._queue.put_nowait(pcm)
        return True

    def push_threadsafe(self, frame: bytes | bytearray | memoryview | np.ndarray) -> None:
        """Queue a frame from another thread (the loop must have started reading this source)."""
        if self._loop is None:
            raise RuntimeError("the source is not being read yet: push from the event loop, or start reading first")
        self._loop.call_soon_threadsafe(self.push, frame)

    def close(self) -> None:
        """End the stream once the queued frames are read."""
        if not self._closed:
            self._closed = True
            self._queue.put_nowait(None)

    async def __aiter__(self) -> AsyncIterator[np.ndarray]:
        self._loop = asyncio.get_running_loop()
        while True:
            frame = await self._queue.get()
            if frame is None:
                return
            self._buffered_ms -= audio.samples_to_ms(len(frame))
            yield frame
