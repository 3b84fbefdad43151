"""Audio records kept on disk as they grow (the user's input, the assistant's speech), so a session's memory stays
flat however long it runs; read back as arrays or written to WAV in blocks."""

from __future__ import annotations

import tempfile
import weakref
from pathlib import Path

import numpy as np
import soundfile as sf

from rtkit import audio


class AudioRecord:
    """24 kHz mono PCM16 appended to an anonymous temporary file (deleted when closed or collected)."""

    def __init__(self) -> None:
        # about a second and a half of audio per write: appends come every 20 ms
        self._file = tempfile.TemporaryFile(prefix="rtkit-audio-", buffering=1 << 16)
        # a record outlives its session (a result's audio is read later), so it is often collected, not closed:
        # the file is closed then, without the ResourceWarning of a file left to the collector
        self._close = weakref.finalize(self, self._file.close)
        self._at_end = True  # reads move the position; appends seek back only then (a seek flushes the buffer)
        self.samples = 0
        """Samples recorded so far."""

    @property
    def duration_ms(self) -> float:
        return audio.samples_to_ms(self.samples)

    def append(self, pcm: bytes | np.ndarray) -> None:
        data = pcm.astype("<i2", copy=False).tobytes() if isinstance(pcm, np.ndarray) else bytes(pcm)
        if not self._at_end:
            self._file.seek(0, 2)
            self._at_end = True
        self._file.write(data)
        self.samples += len(data) // audio.BYTES_PER_SAMPLE

    def read(self) -> np.ndarray:
        """Everything recorded, as an int16 array (loads it into memory)."""
        self._file.flush()
        self._file.seek(0)
        self._at_end = False
        return np.frombuffer(self._file.read(self.samples * audio.BYTES_PER_SAMPLE), dtype="<i2").copy()

    def write_wav(self, path: str | Path, block_samples: int = 1 << 20) -> Path:
        """Write the record to a WAV file block by block (never the whole record in memory)."""
        path = Path(path)
        self._file.flush()
        self._file.seek(0)
        self._at_end = False
        with sf.SoundFile(str(path), "w", samplerate=audio.SAMPLE_RATE, channels=1, subtype="PCM_16") as out:
            left = self.samples
            while left > 0:
                n = min(block_samples, left)
                out.write(np.frombuffer(self._file.read(n * audio.BYTES_PER_SAMPLE), dtype="<i2"))
                left -= n
        return path

    def close(self) -> None:
        self._close()
