"""Open-vocabulary speech recognition with Moonshine (base, English), for the local Realtime server.

The ``moonshine-cpp`` wheel carries the model (an ONNX encoder and decoder, MIT licence) and its own ONNX
Runtime library, so nothing is downloaded. Moonshine is an encoder-decoder transformer trained on real speech:
it writes cased, punctuated English and hears ordinary sentences, real voices and espeak-ng's synthetic ones
alike, and names a small n-gram model misses ("in Paris"). It is slower than PocketSphinx (about one second
of compute per second of speech on one core, against a third) and takes no vocabulary.

Its greedy decoder sometimes says a sentence again until it runs out of tokens; such repeats are removed
(:func:`without_repeats`). The package's own ``transcribe`` wrapper does not run (it names a ctypes type that
does not exist), so the library is called here directly.
"""

from __future__ import annotations

import ctypes
import importlib.util
import re
import threading
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["MoonshineTranscriber", "moonshine_problem", "without_repeats"]

RATE = 16000
"""Input rate of the model."""

MIN_SECONDS = 0.1
"""Shorter audio is not decoded (the model writes words for it anyway)."""

PAD_MS = 500.0
"""Quiet noise added on both sides of each utterance. Moonshine's words depend on the framing: measured on the
labelled samples cut as the server VAD cuts them (and tighter), 500 ms of noise at -78 dBFS gave the right words
in 16 of 18 cuts, against 9 with no padding and 7 with 250 ms ("Show my standing on draw series" for "Show my
spending on groceries")."""


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def without_repeats(text: str) -> str:
    """``text`` without the repeats a decoder loop adds: a sentence said again right after itself, or a last
    one that only begins it again ("Lock the door. Lock the door. Lock the" → "Lock the door.")."""
    kept: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        key = _key(sentence)
        if kept and key and (key == _key(kept[-1]) or _key(kept[-1]).startswith(key)):
            continue
        kept.append(sentence)
    return " ".join(kept)


def _key(sentence: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", sentence.lower()))


def _package_dir() -> Path | None:
    spec = importlib.util.find_spec("moonshine_cpp")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def moonshine_problem() -> str | None:
    """Why Moonshine cannot load, without loading it; None when the package and its English model are there."""
    root = _package_dir()
    if root is None:
        return "the moonshine-cpp package is not installed"
    for name in ("encoder_model.ort", "decoder_model_merged.ort", "tokenizer.bin"):
        if not (root / "models" / "base-en" / name).exists():
            return f"model file {root / 'models' / 'base-en' / name} not found"
    return None


class MoonshineTranscriber:
    """Moonshine's bundled English base model: 16 kHz mono float audio in [-1, 1] to text.

    Loading takes about half a second. Each utterance gets :data:`PAD_MS` of seeded quiet noise either side
    (one input, one transcript). Calls are serialised with a lock (one model handle).
    """

    def __init__(self) -> None:
        problem = moonshine_problem()
        if problem is not None:
            raise RuntimeError(problem)
        import moonshine_cpp  # loads the library and the ONNX runtime it ships

        self._lib: Any = moonshine_cpp.moonshine_lib
        self._model = moonshine_cpp.MoonshineModel(suppress_copyright_notice=True)
        if self._model.model_handle < 0:
            raise RuntimeError("the Moonshine model did not load")
        self._lock = threading.Lock()

    def transcribe(self, audio: np.ndarray) -> str:
        """Text of ``audio`` (16 kHz, float in [-1, 1]); "" for less than :data:`MIN_SECONDS`."""
        samples = np.ascontiguousarray(audio, dtype=np.float32)
        if samples.ndim != 1:
            raise ValueError(f"audio: expected one channel, got shape {samples.shape}")
        if len(samples) < MIN_SECONDS * RATE:
            return ""
        pad = np.zeros(round(RATE * PAD_MS / 1000), dtype=np.float32)
        samples = np.concatenate([pad, samples, pad])
        samples += np.random.default_rng(0).normal(0.0, 4.0 / 32768, len(samples)).astype(np.float32)
        text = ctypes.c_char_p(0)
        with self._lock:
            error = self._lib.moonshine_transcribe(
                self._model.model_handle,
                samples.ctypes.data_as(ctypes.POINTER(ctypes.c_float)),
                len(samples),
                ctypes.byref(text),
            )
            if error != 0:
                raise RuntimeError(f"Moonshine failed on this audio (error {error})")
            out = (text.value or b"").decode("utf-8", errors="replace")
            self._lib.moonshine_free_text(text)
        return without_repeats(" ".join(out.split()))
