"""Frame scorers: one frame of 24 kHz PCM16 in, a speech score in 0..1 out.

All scorers share :class:`FrameScorer`. The energy scorer is pure numpy; the model scorers (WebRTC VAD, TEN VAD,
Silero VAD through onnxruntime) are optional, resample to the 16 kHz their models need themselves, and keep the
model's recurrent state between calls, so one instance scores one stream (call ``reset()`` before the next).
When a model's package is missing, building its scorer raises :class:`ScorerUnavailable` naming the pip command.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import soxr

from rtkit.audio import SAMPLE_RATE, SAMPLES_PER_MS

MODEL_RATE = 16000
_FEW = 4  # up to this many frames (a live append) are scored one by one
_BLOCK = 256  # frames per block in the energy scorer: 256 x 20 ms in float32 is 480 KB, inside a core's L2


@runtime_checkable
class FrameScorer(Protocol):
    """Scores fixed-size frames of 24 kHz int16 audio: 0.0 (surely not speech) to 1.0 (surely speech)."""

    @property
    def frame_ms(self) -> int:
        """Length of one frame in ms (read-only: a frozen dataclass field satisfies it)."""
        ...

    def score_frames(self, frames: np.ndarray) -> np.ndarray:
        """Scores for a 2-D int16 array of shape (n_frames, frame_ms * 24) of consecutive audio; returns
        n_frames floats in 0..1."""
        ...


class ScorerUnavailable(ImportError):
    """A model scorer's package (or the system library it needs) is not installed."""


@dataclass(frozen=True)
class EnergyScorer:
    """Loudness scorer: frame RMS in dBFS mapped linearly onto 0..1.

    ``floor_db`` scores 0 and ``ceiling_db`` scores 1, so a threshold ``t`` means a frame RMS of
    ``floor_db + t * (ceiling_db - floor_db)`` dBFS: with the defaults -70 + 60 t, i.e. 0.5 → -40 dBFS (between a
    quiet room and normal speech), 0.3 → -52 dBFS, 0.7 → -28 dBFS. See :meth:`threshold_dbfs`.
    """

    frame_ms: int = 20
    """Frame length in ms."""
    floor_db: float = -70.0
    """Level (dBFS) that scores 0."""
    ceiling_db: float = -10.0
    """Level (dBFS) that scores 1."""

    def threshold_dbfs(self, threshold: float) -> float:
        """The frame RMS level (dBFS) a threshold stands for."""
        return self.floor_db + threshold * (self.ceiling_db - self.floor_db)

    def score_frames(self, frames: np.ndarray) -> np.ndarray:
        if len(frames) <= _FEW:
            return np.array([self.score_one(frame) for frame in frames], dtype=np.float64)
        # Sum of squares by a fused float32 multiply-add, a cache-sized block at a time: the converted samples
        # never travel to main memory and back. The log runs once per frame, not per sample.
        energy = np.empty(len(frames), dtype=np.float64)
        buf = np.empty((min(len(frames), _BLOCK), frames.shape[1]), dtype=np.float32)
        for i in range(0, len(frames), _BLOCK):
            block = frames[i : i + _BLOCK]
            x = buf[: len(block)]
            np.copyto(x, block, casting="unsafe")
            energy[i : i + _BLOCK] = np.einsum("ij,ij->i", x, x)
        db = 10.0 * np.log10(energy / (frames.shape[1] * 32768.0 * 32768.0) + 1e-20)
        return np.clip((db - self.floor_db) / (self.ceiling_db - self.floor_db), 0.0, 1.0)

    def score_one(self, frame: np.ndarray) -> float:
        """One frame's score with scalar arithmetic: a live stream scores a frame or two per append, where the
        array steps above cost more in call overhead than in arithmetic."""
        x = frame.astype(np.float32)
        db = 10.0 * math.log10(float(x.dot(x)) / (len(frame) * 32768.0 * 32768.0) + 1e-20)  # the method: no dispatch
        return min(1.0, max(0.0, (db - self.floor_db) / (self.ceiling_db - self.floor_db)))


def _require(module: str, pip: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ScorerUnavailable(f"{module} is not installed; install it with: {pip}") from exc
    except OSError as exc:  # a bundled library whose system dependency is missing
        raise ScorerUnavailable(f"{module} cannot load its library ({exc}); {pip}") from exc


def _to_16k(frames: np.ndarray) -> np.ndarray:
    """Consecutive 24 kHz frames → the same audio at 16 kHz, as int16 (2 output samples per 3 input samples)."""
    pcm = np.ascontiguousarray(frames).reshape(-1)
    out = soxr.resample(pcm, SAMPLE_RATE, MODEL_RATE)
    want = len(pcm) * 2 // 3
    if len(out) != want:  # soxr rounds the length; keep the frame grid exact
        out = np.pad(out, (0, max(0, want - len(out))))[:want]
    return out.astype(np.int16, copy=False)


@dataclass
class WebRTCScorer:
    """WebRTC VAD (``webrtcvad-wheels``): the share of its aggressiveness modes that call the frame speech.

    WebRTC VAD answers yes/no per frame in one of four modes (0 least, 3 most aggressive at rejecting non-speech).
    The score is the fraction of ``modes`` saying speech, so with all four modes a threshold of 0.25 means "mode 0
    says speech", 0.5 "mode 1 does", 0.75 "mode 2 does" and 1.0 "mode 3 does".
    """

    frame_ms: int = 20
    """Frame length in ms (WebRTC VAD takes 10, 20 or 30)."""
    modes: tuple[int, ...] = (0, 1, 2, 3)
    """Aggressiveness modes that vote."""
    _vads: list[Any] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.frame_ms not in (10, 20, 30):
            raise ValueError(f"frame_ms: {self.frame_ms!r} is not supported by WebRTC VAD; allowed 10, 20, 30")
        self.reset()

    def reset(self) -> None:
        """Start a new stream (WebRTC VAD adapts its noise estimate as it goes)."""
        webrtcvad = _require("webrtcvad", "pip install webrtcvad-wheels")
        self._vads = [webrtcvad.Vad(mode) for mode in self.modes]

    def score_frames(self, frames: np.ndarray) -> np.ndarray:
        audio = _to_16k(frames)
        n16 = self.frame_ms * MODEL_RATE // 1000
        data = audio.tobytes()
        step = 2 * n16
        out = np.empty(len(frames), dtype=np.float64)
        for i in range(len(frames)):
            chunk = data[i * step : (i + 1) * step]
            out[i] = sum(v.is_speech(chunk, MODEL_RATE) for v in self._vads)
        return out / len(self._vads)


@dataclass
class TenScorer:
    """TEN VAD (``ten-vad``, numpy plus its bundled library, which needs the system's ``libc++1``): the model's
    speech probability per 16 ms hop (256 samples at 16 kHz)."""

    frame_ms: int = 16
    """Frame length in ms (one TEN VAD hop)."""
    _vad: Any = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.frame_ms != 16:
            raise ValueError(f"frame_ms: {self.frame_ms!r} is not supported by TEN VAD; allowed 16")
        self.reset()

    def reset(self) -> None:
        """Start a new stream (a fresh model state)."""
        ten_vad = _require("ten_vad", "pip install ten-vad (and the system library: apt-get install libc++1)")
        try:
            self._vad = ten_vad.TenVad(hop_size=256)
        except OSError as exc:
            raise ScorerUnavailable(f"ten_vad cannot load its library ({exc}); apt-get install libc++1") from exc

    def score_frames(self, frames: np.ndarray) -> np.ndarray:
        audio = _to_16k(frames).reshape(len(frames), 256)
        return np.array([self._vad.process(hop)[0] for hop in audio], dtype=np.float64)


def silero_model_path() -> Path:
    """The ONNX file inside the installed ``silero-vad`` wheel (found without importing the package, which
    needs torch)."""
    spec = importlib.util.find_spec("silero_vad")
    if spec is None or not spec.submodule_search_locations:
        raise ScorerUnavailable("silero_vad is not installed; install it with: pip install --no-deps silero-vad")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "silero_vad.onnx"
    if not path.exists():
        raise ScorerUnavailable(
            f"{path} is missing; reinstall with: pip install --no-deps --force-reinstall silero-vad"
        )
    return path


@dataclass
class SileroScorer:
    """Silero VAD through ``onnxruntime`` from the ONNX file the ``silero-vad`` wheel carries (installed with
    ``--no-deps``: torch is never needed): the model's speech probability per 32 ms window (512 samples at 16 kHz,
    with the 64-sample context the model expects)."""

    frame_ms: int = 32
    """Frame length in ms (one Silero window)."""
    _session: Any = field(default=None, init=False, repr=False)
    _state: np.ndarray = field(default_factory=lambda: np.zeros((2, 1, 128), np.float32), init=False, repr=False)
    _context: np.ndarray = field(default_factory=lambda: np.zeros((1, 64), np.float32), init=False, repr=False)

    def __post_init__(self) -> None:
        if self.frame_ms != 32:
            raise ValueError(f"frame_ms: {self.frame_ms!r} is not supported by Silero VAD; allowed 32")
        ort = _require("onnxruntime", "pip install onnxruntime")
        opts = ort.SessionOptions()
        opts.inter_op_num_threads = 1
        opts.intra_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(silero_model_path()), sess_options=opts, providers=["CPUExecutionProvider"]
        )
        self._sr = np.array(MODEL_RATE, dtype=np.int64)

    def reset(self) -> None:
        """Start a new stream (zero recurrent state and context)."""
        self._state = np.zeros((2, 1, 128), np.float32)
        self._context = np.zeros((1, 64), np.float32)

    def score_frames(self, frames: np.ndarray) -> np.ndarray:
        audio = (_to_16k(frames).astype(np.float32) / 32768.0).reshape(len(frames), 512)
        out = np.empty(len(frames), dtype=np.float64)
        for i, window in enumerate(audio):
            x = np.concatenate([self._context, window[None, :]], axis=1)
            prob, self._state = self._session.run(None, {"input": x, "state": self._state, "sr": self._sr})
            self._context = x[:, -64:]
            out[i] = float(prob[0, 0])
        return out


SCORERS: dict[str, Callable[[], FrameScorer]] = {
    "energy": EnergyScorer,
    "webrtc": WebRTCScorer,
    "ten": TenScorer,
    "silero": SileroScorer,
}
"""Scorer name → factory; the names the search, the CLI and the tuner use."""


def make_scorer(name: str) -> FrameScorer:
    """A fresh scorer by name; raises ValueError for an unknown name, ScorerUnavailable when not installed."""
    if name not in SCORERS:
        raise ValueError(f"scorer: {name!r} is unknown; allowed {', '.join(SCORERS)}")
    return SCORERS[name]()


def available_scorers() -> list[str]:
    """Names of the scorers that can run here."""
    names = []
    for name in SCORERS:
        try:
            make_scorer(name)
        except ScorerUnavailable:
            continue
        names.append(name)
    return names


def score_audio(pcm: np.ndarray, scorer: FrameScorer) -> np.ndarray:
    """Scores of every whole frame of a recording (24 kHz int16), from a fresh stream state."""
    reset = getattr(scorer, "reset", None)
    if reset is not None:
        reset()
    frame = scorer.frame_ms * SAMPLES_PER_MS
    n = len(pcm) // frame
    if n == 0:
        return np.zeros(0)
    return np.asarray(scorer.score_frames(np.asarray(pcm[: n * frame]).reshape(n, frame)), dtype=np.float64)
