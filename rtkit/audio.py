"""Audio helpers: files in, mono PCM16 24 kHz inside, chunks and base64 on the wire, G.711 where asked.

Internal audio is mono PCM16 little-endian at 24 kHz (:data:`SAMPLE_RATE`), held as an ``int16`` numpy
array or as ``bytes``. Everything here is a pure function except :func:`load_audio`, :func:`write_wav`
(file I/O) and :func:`stream_chunks` (sleeps when pacing).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import os
import struct
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
import soxr

logger = logging.getLogger("rtkit.audio")

__all__ = [
    "BYTES_PER_MS",
    "BYTES_PER_SAMPLE",
    "FORMAT_BYTES_PER_MS",
    "G711_RATE",
    "PCM_FORMAT",
    "SAMPLES_PER_MS",
    "SAMPLE_RATE",
    "AudioError",
    "alaw_decode",
    "alaw_encode",
    "b64_to_pcm",
    "bytes_per_ms",
    "bytes_to_ms",
    "checked_size",
    "chunk_pcm",
    "decode_audio",
    "decode_deltas",
    "duration_ms",
    "encode_audio",
    "load_audio",
    "ms_to_bytes",
    "ms_to_samples",
    "pad_silence",
    "pcm_to_b64",
    "samples_to_ms",
    "stream_chunks",
    "to_pcm16",
    "to_pcm16_bytes",
    "wire_format",
    "ulaw_decode",
    "ulaw_encode",
    "write_wav",
]

SAMPLE_RATE = 24000
"""Rate of all internal audio and of the GA ``audio/pcm`` format."""

G711_RATE = 8000
"""Rate of the GA ``audio/pcmu`` and ``audio/pcma`` formats (one byte per sample)."""

SAMPLES_PER_MS = SAMPLE_RATE // 1000
"""Samples of internal audio per millisecond (24)."""

BYTES_PER_SAMPLE = 2
"""PCM16: two bytes a sample."""

BYTES_PER_MS = SAMPLES_PER_MS * BYTES_PER_SAMPLE
"""Bytes of internal audio (PCM16 at 24 kHz) per millisecond (48)."""

PCM_FORMAT: dict[str, Any] = {"type": "audio/pcm", "rate": SAMPLE_RATE}
"""The GA format of internal audio (copy it before changing it)."""

FORMAT_BYTES_PER_MS = {"audio/pcm": float(BYTES_PER_MS), "audio/pcmu": G711_RATE / 1000, "audio/pcma": G711_RATE / 1000}
"""Bytes of wire audio per millisecond, by GA format type."""

FORMAT_TYPES = ("audio/pcm", "audio/pcmu", "audio/pcma")

PcmLike = bytes | bytearray | memoryview | np.ndarray


AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3")
"""The audio files a folder is searched for, by ``rtkit batch`` and ``rtkit vad`` alike (a file named on the command
line may be anything libsndfile reads)."""


class AudioError(ValueError):
    """An audio file or buffer that cannot be used, with a message naming it and the problem."""


# ----------------------------------------------------------------------------------------------------------
# Conversion


def _as_int16(pcm: PcmLike, what: str = "pcm") -> np.ndarray:
    """View PCM16 LE bytes, or check an int16 array; anything else is an AudioError."""
    if isinstance(pcm, bytes | bytearray | memoryview):
        raw = bytes(pcm)
        if len(raw) % 2:
            raise AudioError(f"{what}: PCM16 data must have an even number of bytes, got {len(raw)}")
        return np.frombuffer(raw, dtype="<i2").astype(np.int16, copy=False)
    arr = np.asarray(pcm)
    if arr.dtype != np.int16:
        raise AudioError(f"{what}: expected int16 samples, got dtype {arr.dtype} (use to_pcm16 to convert)")
    if arr.ndim != 1:
        raise AudioError(f"{what}: expected mono (1-D) samples, got shape {arr.shape} (use to_pcm16 to mix)")
    return arr


def _to_float(samples: np.ndarray) -> np.ndarray:
    """Scale any integer or float sample format to float32 in [-1, 1)."""
    kind = samples.dtype.kind
    if kind == "f":
        return samples.astype(np.float32, copy=False)
    if kind == "i":
        scale = float(2 ** (8 * samples.dtype.itemsize - 1))
        return (samples.astype(np.float64) / scale).astype(np.float32)
    if kind == "u":
        # Unsigned PCM (8-bit WAV) is offset binary: the midpoint is silence.
        half = float(2 ** (8 * samples.dtype.itemsize - 1))
        return ((samples.astype(np.float64) - half) / half).astype(np.float32)
    raise AudioError(f"samples: unsupported dtype {samples.dtype}; expected integer or float samples")


def to_pcm16(samples: np.ndarray, src_rate: int, rate: int = SAMPLE_RATE) -> np.ndarray:
    """Convert samples of any dtype and channel count to mono int16 at ``rate``.

    ``samples`` is 1-D (mono) or 2-D shaped ``(frames, channels)`` as soundfile returns it. Integer input is
    scaled by its full range, float input is taken as [-1, 1] and clipped. Channels are averaged; the rate
    is changed with soxr.
    """
    if not isinstance(src_rate, int | np.integer) or src_rate <= 0:
        raise AudioError(f"src_rate: must be a positive integer, got {src_rate!r}")
    if not isinstance(rate, int | np.integer) or rate <= 0:
        raise AudioError(f"rate: must be a positive integer, got {rate!r}")
    arr = np.asarray(samples)
    if arr.ndim == 2:
        if arr.shape[1] == 1:
            arr = arr[:, 0]
        elif arr.shape[1] == 0:
            raise AudioError("samples: 2-D input has zero channels")
    elif arr.ndim != 1:
        raise AudioError(f"samples: expected 1-D or (frames, channels) input, got shape {arr.shape}")
    if arr.ndim == 1 and arr.dtype == np.int16:
        if src_rate == rate:
            return arr.copy()
        if arr.size == 0:
            return np.zeros(0, dtype=np.int16)
        return soxr.resample(arr, src_rate, rate)
    x = _to_float(arr)
    if x.ndim == 2:
        x = x.mean(axis=1, dtype=np.float32)
    if src_rate != rate and x.size:
        x = soxr.resample(x, src_rate, rate)
    return np.clip(np.round(x * 32768.0), -32768, 32767).astype(np.int16)


def load_audio(path: str | os.PathLike[str], rate: int = SAMPLE_RATE) -> np.ndarray:
    """Read a WAV/FLAC/OGG (anything libsndfile reads) file as mono int16 at ``rate``.

    Raises :class:`AudioError` naming the file for a missing, empty, corrupt or non-audio file, or one
    with no audio frames. A file cut short (its header promises more than it holds) or unreadable part way
    is read as far as it goes, with a warning naming how much was read.
    """
    p = Path(path)
    size = checked_size(p)
    blocks: list[np.ndarray] = []
    try:
        with sf.SoundFile(str(p)) as f:
            src_rate, channels, promised = f.samplerate, f.channels, f.frames
            try:
                while len(block := f.read(65536, dtype="float32", always_2d=True)):
                    blocks.append(block)
            except (sf.LibsndfileError, RuntimeError) as exc:
                if not blocks:
                    raise
                got = sum(len(b) for b in blocks)
                logger.warning("%s: unreadable after %.2f s (%s); using what was read", p, got / src_rate, exc)
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        raise AudioError(f"{p}: not a readable audio file ({size} bytes): {exc}") from exc
    samples = np.concatenate(blocks) if blocks else np.zeros((0, channels), np.float32)
    if samples.shape[0] == 0:
        raise AudioError(f"{p}: contains no audio frames")
    declared = max(promised, _wav_declared_frames(p) or 0)
    if declared > samples.shape[0]:
        got_s, want_s = samples.shape[0] / src_rate, declared / src_rate
        logger.warning(
            "%s: file is cut short: its header promises %.2f s of audio, %.2f s (%.0f%%) could be read",
            p, want_s, got_s, 100 * got_s / want_s,
        )  # fmt: skip
    return to_pcm16(samples, src_rate, rate)


def iter_audio(path: str | os.PathLike[str], rate: int = SAMPLE_RATE, block_s: float = 1.0) -> Iterator[np.ndarray]:
    """Decode a file block by block as mono int16 at ``rate``: memory stays flat however long the file is.

    The same checks and warnings as :func:`load_audio` (a missing, empty or non-audio file raises
    :class:`AudioError` before the first block; a file cut short is read as far as it goes, with a warning). The
    rate is changed with soxr's streaming resampler, so block edges leave no seams.
    """
    p = Path(path)
    size = checked_size(p)
    try:
        f = sf.SoundFile(str(p))
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        raise AudioError(f"{p}: not a readable audio file ({size} bytes): {exc}") from exc
    with f:
        src_rate, promised = f.samplerate, f.frames
        stream = soxr.ResampleStream(src_rate, rate, 1, dtype="float32") if src_rate != rate else None
        got = 0
        block = max(int(src_rate * block_s), 1)
        while True:
            try:
                data = f.read(block, dtype="float32", always_2d=True)
            except (sf.LibsndfileError, RuntimeError) as exc:
                if not got:
                    raise AudioError(f"{p}: not a readable audio file ({size} bytes): {exc}") from exc
                logger.warning("%s: unreadable after %.2f s (%s); using what was read", p, got / src_rate, exc)
                data = np.zeros((0, 1), np.float32)
            last = len(data) == 0
            got += len(data)
            x = data.mean(axis=1, dtype=np.float32) if data.shape[1] > 1 else data[:, 0]
            if stream is not None:
                x = stream.resample_chunk(x, last=last)
            if len(x):
                yield np.clip(np.round(x * 32768.0), -32768, 32767).astype(np.int16)
            if last:
                break
    if got == 0:
        raise AudioError(f"{p}: contains no audio frames")
    declared = max(promised, _wav_declared_frames(p) or 0)
    if declared > got:
        got_s, want_s = got / src_rate, declared / src_rate
        logger.warning(
            "%s: file is cut short: its header promises %.2f s of audio, %.2f s (%.0f%%) could be read",
            p, want_s, got_s, 100 * got_s / want_s,
        )  # fmt: skip


def checked_size(p: Path) -> int:
    """The size of an audio file that exists, is a regular file and is not empty (else AudioError naming it)."""
    if not p.exists():
        raise AudioError(f"{p}: file does not exist")
    if not p.is_file():
        raise AudioError(f"{p}: not a regular file")
    size = p.stat().st_size
    if size == 0:
        raise AudioError(f"{p}: file is empty (0 bytes)")
    return size


def _wav_declared_frames(p: Path) -> int | None:
    """Frames a RIFF/WAVE header promises in its ``data`` chunk (libsndfile quietly reads fewer from a file cut
    short), or None for other formats and unusual headers."""
    try:
        with open(p, "rb") as f:
            head = f.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return None
            block_align = 0
            for _ in range(64):  # chunks before "data": fmt, LIST, fact, ...
                chunk = f.read(8)
                if len(chunk) < 8:
                    return None
                cid, csize = chunk[:4], struct.unpack("<I", chunk[4:])[0]
                if cid == b"fmt ":
                    fmt = f.read(csize + (csize & 1))
                    block_align = struct.unpack("<H", fmt[12:14])[0] if len(fmt) >= 14 else 0
                elif cid == b"data":
                    return csize // block_align if block_align and csize != 0xFFFFFFFF else None
                else:
                    f.seek(csize + (csize & 1), os.SEEK_CUR)
    except OSError:
        return None
    return None


def write_wav(path: str | os.PathLike[str], pcm: PcmLike, rate: int = SAMPLE_RATE) -> Path:
    """Write mono PCM16 (bytes or int16 array) to a WAV file; returns the path."""
    arr = _as_int16(pcm)
    p = Path(path)
    sf.write(str(p), arr, rate, subtype="PCM_16", format="WAV")
    return p


def duration_ms(pcm: PcmLike, rate: int = SAMPLE_RATE) -> float:
    """Length of mono PCM16 audio in milliseconds."""
    n = len(pcm) // BYTES_PER_SAMPLE if isinstance(pcm, bytes | bytearray | memoryview) else len(pcm)
    return 1000.0 * n / rate


def samples_to_ms(samples: int) -> float:
    """Milliseconds of ``samples`` samples of internal (24 kHz) audio."""
    return samples / SAMPLES_PER_MS


def ms_to_samples(ms: float) -> int:
    """Whole samples of internal (24 kHz) audio in ``ms`` milliseconds (rounded)."""
    return round(ms * SAMPLES_PER_MS)


def bytes_to_ms(nbytes: int) -> float:
    """Milliseconds of ``nbytes`` bytes of internal (PCM16, 24 kHz) audio."""
    return nbytes / BYTES_PER_MS


def ms_to_bytes(ms: float) -> int:
    """Bytes of internal (PCM16, 24 kHz) audio in ``ms`` milliseconds (whole samples)."""
    return ms_to_samples(ms) * BYTES_PER_SAMPLE


# ----------------------------------------------------------------------------------------------------------
# Base64, chunking, padding, pacing


def pcm_to_b64(pcm: PcmLike) -> str:
    """Base64 text of PCM16 LE audio (bytes, or an int16 array)."""
    if isinstance(pcm, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(pcm)).decode("ascii")
    return base64.b64encode(_as_int16(pcm).astype("<i2", copy=False).tobytes()).decode("ascii")


def b64_to_pcm(b64: str) -> np.ndarray:
    """Decode base64 PCM16 LE audio to an int16 array."""
    try:
        raw = base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise AudioError(f"audio: invalid base64 ({exc})") from exc
    return _as_int16(raw, "audio")


def _chunk_bytes(chunk_ms: float, rate: int, sample_width: int) -> int:
    if not chunk_ms > 0:
        raise AudioError(f"chunk_ms: must be > 0, got {chunk_ms!r}")
    samples = round(rate * chunk_ms / 1000.0)
    if samples < 1:
        raise AudioError(f"chunk_ms: {chunk_ms} ms at {rate} Hz is less than one sample")
    return samples * sample_width


def _as_bytes(pcm: PcmLike, sample_width: int) -> bytes:
    if isinstance(pcm, bytes | bytearray | memoryview):
        return bytes(pcm)
    if sample_width == 1:
        return np.asarray(pcm, dtype=np.uint8).tobytes()
    return _as_int16(pcm).astype("<i2", copy=False).tobytes()


def chunk_pcm(pcm: PcmLike, chunk_ms: float = 20, rate: int = SAMPLE_RATE, sample_width: int = 2) -> Iterator[bytes]:
    """Split audio into chunks of ``chunk_ms`` (the last one may be shorter); joined they give the input.

    ``sample_width`` is 2 for PCM16 and 1 for G.711 bytes (with ``rate=8000``).
    """
    data = _as_bytes(pcm, sample_width)
    step = _chunk_bytes(chunk_ms, rate, sample_width)
    for i in range(0, len(data), step):
        yield data[i : i + step]


def pad_silence(pcm: PcmLike, ms: float, rate: int = SAMPLE_RATE) -> np.ndarray:
    """Return the audio with ``ms`` milliseconds of trailing digital silence."""
    if ms < 0:
        raise AudioError(f"ms: silence length must be >= 0, got {ms!r}")
    arr = _as_int16(pcm)
    return np.concatenate([arr, np.zeros(round(rate * ms / 1000.0), dtype=np.int16)])


async def stream_chunks(
    pcm: PcmLike,
    chunk_ms: float = 20,
    pace: bool = True,
    rate: int = SAMPLE_RATE,
    sample_width: int = 2,
) -> AsyncIterator[bytes]:
    """Yield chunks of ``pcm``; with ``pace`` at the moments a live microphone would deliver them.

    Chunk *k* is released when the audio up to its end has "been recorded": at ``start + end_k`` on the
    monotonic clock. Each deadline is computed from the start, not from the previous chunk, so scheduling
    jitter and a slow consumer do not accumulate into drift (a late consumer gets the backlog at once).
    Unpaced streaming still yields to the event loop between chunks.
    """
    step = _chunk_bytes(chunk_ms, rate, sample_width)
    data = _as_bytes(pcm, sample_width)
    bytes_per_s = rate * sample_width
    start = time.monotonic()
    for i in range(0, len(data), step):
        chunk = data[i : i + step]
        if pace:
            delay = start + (i + len(chunk)) / bytes_per_s - time.monotonic()
            await asyncio.sleep(max(0.0, delay))
        else:
            await asyncio.sleep(0)
        yield chunk


# ----------------------------------------------------------------------------------------------------------
# G.711 (ITU-T G.711, segment/quantisation as in the CCITT reference implementation)

_ULAW_BIAS = 0x84
_ULAW_CLIP = 8159  # 14-bit magnitude limit
_ULAW_SEG_END = np.array([0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF], dtype=np.int32)
_ALAW_SEG_END = np.array([0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF], dtype=np.int32)


def _ulaw_encode_formula(x: np.ndarray) -> np.ndarray:
    v = x.astype(np.int32) >> 2  # 14-bit, floor like the reference arithmetic shift
    neg = v < 0
    mag = np.minimum(np.where(neg, -v, v), _ULAW_CLIP) + (_ULAW_BIAS >> 2)
    seg = np.searchsorted(_ULAW_SEG_END, mag, side="left").astype(np.int32)
    code = np.where(seg >= 8, 0x7F, (seg << 4) | ((mag >> np.minimum(seg + 1, 31)) & 0x0F))
    mask = np.where(neg, 0x7F, 0xFF)
    return (code ^ mask).astype(np.uint8)


def _ulaw_decode_formula(u: np.ndarray) -> np.ndarray:
    u = (~u.astype(np.int32)) & 0xFF
    t = (((u & 0x0F) << 3) + _ULAW_BIAS) << ((u & 0x70) >> 4)
    return np.where(u & 0x80, _ULAW_BIAS - t, t - _ULAW_BIAS).astype(np.int16)


def _alaw_encode_formula(x: np.ndarray) -> np.ndarray:
    v = x.astype(np.int32) >> 3  # 13-bit
    neg = v < 0
    mag = np.where(neg, -v - 1, v)
    seg = np.searchsorted(_ALAW_SEG_END, mag, side="left").astype(np.int32)
    quant = np.where(seg < 2, mag >> 1, mag >> np.clip(seg, 0, 31)) & 0x0F
    code = np.where(seg >= 8, 0x7F, (np.minimum(seg, 7) << 4) | quant)
    mask = np.where(neg, 0x55, 0xD5)
    return (code ^ mask).astype(np.uint8)


def _alaw_decode_formula(a: np.ndarray) -> np.ndarray:
    a = a.astype(np.int32) ^ 0x55
    seg = (a & 0x70) >> 4
    t = ((a & 0x0F) << 4) + np.where(seg == 0, 8, 0x108)
    t = t << np.maximum(seg - 1, 0)
    return np.where(a & 0x80, t, -t).astype(np.int16)


# Lookup tables: encoding indexes by the int16 bit pattern, decoding by the code byte.
_ALL_INT16 = np.arange(65536, dtype=np.uint16).view(np.int16)
_ALL_CODES = np.arange(256, dtype=np.uint8)
_ULAW_ENC = _ulaw_encode_formula(_ALL_INT16)
_ALAW_ENC = _alaw_encode_formula(_ALL_INT16)
_ULAW_DEC = _ulaw_decode_formula(_ALL_CODES)
_ALAW_DEC = _alaw_decode_formula(_ALL_CODES)


def _codes(data: bytes | bytearray | memoryview | np.ndarray) -> np.ndarray:
    if isinstance(data, bytes | bytearray | memoryview):
        return np.frombuffer(bytes(data), dtype=np.uint8)
    arr = np.asarray(data)
    if arr.dtype != np.uint8:
        raise AudioError(f"G.711 data: expected bytes or uint8 array, got dtype {arr.dtype}")
    return arr


def ulaw_encode(pcm: PcmLike) -> bytes:
    """PCM16 → G.711 mu-law bytes (same sample rate; one byte per sample)."""
    return _ULAW_ENC[_as_int16(pcm).view(np.uint16)].tobytes()


def ulaw_decode(data: bytes | bytearray | memoryview | np.ndarray) -> np.ndarray:
    """G.711 mu-law bytes → int16 samples (same sample rate)."""
    return _ULAW_DEC[_codes(data)]


def alaw_encode(pcm: PcmLike) -> bytes:
    """PCM16 → G.711 A-law bytes (same sample rate; one byte per sample)."""
    return _ALAW_ENC[_as_int16(pcm).view(np.uint16)].tobytes()


def alaw_decode(data: bytes | bytearray | memoryview | np.ndarray) -> np.ndarray:
    """G.711 A-law bytes → int16 samples (same sample rate)."""
    return _ALAW_DEC[_codes(data)]


# ----------------------------------------------------------------------------------------------------------
# GA audio formats


def _format_type(fmt: Any) -> str:
    if not isinstance(fmt, dict):
        raise AudioError(f"format: expected a dict like {{'type': 'audio/pcm', 'rate': 24000}}, got {fmt!r}")
    kind = fmt.get("type")
    if kind not in FORMAT_TYPES:
        raise AudioError(f"format.type: {kind!r} is not supported; allowed: {', '.join(FORMAT_TYPES)}")
    if kind == "audio/pcm":
        rate = fmt.get("rate", SAMPLE_RATE)
        if rate != SAMPLE_RATE:
            raise AudioError(f"format.rate: audio/pcm is {SAMPLE_RATE} Hz only, got {rate!r}")
    return kind


def wire_format(kind: str) -> dict[str, Any]:
    """The GA format dict for a format type (``audio/pcm`` at 24 kHz, ``audio/pcmu``, ``audio/pcma``)."""
    return {"type": kind, "rate": SAMPLE_RATE} if kind == "audio/pcm" else {"type": kind}


def bytes_per_ms(fmt: dict[str, Any]) -> float:
    """Bytes of encoded audio per millisecond: 48.0 for ``audio/pcm``, 8.0 for G.711."""
    return FORMAT_BYTES_PER_MS[_format_type(fmt)]


def encode_audio(pcm24k: PcmLike, fmt: dict[str, Any]) -> bytes:
    """Encode 24 kHz PCM16 for the wire format ``fmt`` (G.711 is resampled to 8 kHz first)."""
    kind = _format_type(fmt)
    arr = _as_int16(pcm24k)
    if kind == "audio/pcm":
        return arr.astype("<i2", copy=False).tobytes()
    narrow = to_pcm16(arr, SAMPLE_RATE, G711_RATE)
    return ulaw_encode(narrow) if kind == "audio/pcmu" else alaw_encode(narrow)


def decode_audio(data: bytes | bytearray | memoryview, fmt: dict[str, Any]) -> np.ndarray:
    """Decode wire audio in format ``fmt`` to 24 kHz int16 (G.711 is resampled from 8 kHz)."""
    kind = _format_type(fmt)
    if kind == "audio/pcm":
        return _as_int16(data, "audio")
    narrow = ulaw_decode(data) if kind == "audio/pcmu" else alaw_decode(data)
    return to_pcm16(narrow, G711_RATE, SAMPLE_RATE)


def to_pcm16_bytes(data: bytes, kind: str) -> bytes:
    """Wire audio of format type ``kind`` as internal PCM16 LE bytes (G.711 decoded and resampled; PCM as is)."""
    if kind == "audio/pcm":
        return data
    return decode_audio(data, {"type": kind}).astype("<i2", copy=False).tobytes()


def decode_deltas(deltas: Iterable[str], fmt: dict[str, Any] | None = None) -> np.ndarray:
    """Join base64 output-audio deltas (``response.output_audio.delta``) into one 24 kHz int16 array.

    The deltas are concatenated before decoding so a G.711 stream is resampled in one piece.
    """
    fmt = fmt or PCM_FORMAT
    parts = []
    for i, b64 in enumerate(deltas):
        try:
            parts.append(base64.b64decode(b64, validate=True))
        except (binascii.Error, ValueError) as exc:
            raise AudioError(f"delta {i}: invalid base64 ({exc})") from exc
    return decode_audio(b"".join(parts), fmt)
