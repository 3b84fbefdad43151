"""Local speech synthesis with espeak-ng, for the local Realtime server and the sample data.

The engine is espeak-ng's shared library from the ``espeakng-loader`` wheel, driven through ctypes in
synchronous output mode: a synthesis callback collects 16-bit samples at the library's 22050 Hz, which
are resampled to 24 kHz with soxr. Without the library the ``espeak-ng`` program is used if it is on
PATH; without either, :attr:`Synthesizer.available` is False, one warning is logged, and
:meth:`Synthesizer.synthesize` returns silence of a plausible length so the audio timeline still works.

The noise some voices breathe (the Klatt voices, such as the ``+f3`` variants) comes from espeak-ng's own random
generator, which it seeds with the clock when it loads, and the C library's ``rand()``; with the library, both are
seeded before each text, so the same texts in the same order give the same samples in every process. (The Klatt
filters keep some state from one text to the next: a text's samples still depend on the texts said before it. The
seeding sets ``rand()`` for the whole process, which nothing else in rtkit uses; the ``espeak-ng`` program is not
seeded.)
"""

from __future__ import annotations

import ctypes
import io
import logging
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from rtkit.audio import SAMPLE_RATE, to_pcm16

__all__ = ["SILENCE_MS_PER_CHAR", "Synthesizer", "TTSOptions"]

log = logging.getLogger(__name__)

SILENCE_MS_PER_CHAR = 70.0
"""Length of the stand-in silence per character of text when no engine is available."""

# espeak-ng API constants (speak_lib.h).
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_CHARS_UTF8 = 1
_POS_CHARACTER = 1
_PARAM_RATE = 1
_PARAM_PITCH = 3
_EE_OK = 0

_NOISE_SEED = 0
"""Seed of espeak-ng's noise generators before each text."""

_SynthCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)

# espeak-ng keeps its voice, parameters and callback in process-global state, so every call into any
# loaded copy of the library goes through one lock.
_LOCK = threading.RLock()
_LIBRARIES: dict[str, _EspeakLibrary] = {}
_WARNED: set[tuple[str | None, str | None, str | None]] = set()


@dataclass(frozen=True)
class TTSOptions:
    """Voice settings for :class:`Synthesizer`."""

    voice: str = "en-us"
    """espeak-ng voice name (``en-us``, ``en``, ``en-gb-x-rp``, ``en-us+f3`` for a variant, ...)."""
    rate: int = 175
    """Speaking rate in words per minute (espeak-ng accepts 80-450)."""
    pitch: int = 50
    """Base pitch, 0-99."""

    def validate(self) -> None:
        if not isinstance(self.voice, str) or not self.voice.strip():
            raise ValueError(f"voice: must be a non-empty voice name, got {self.voice!r}")
        if not isinstance(self.rate, int) or not 80 <= self.rate <= 450:
            raise ValueError(f"rate: must be an integer 80-450 (words per minute), got {self.rate!r}")
        if not isinstance(self.pitch, int) or not 0 <= self.pitch <= 99:
            raise ValueError(f"pitch: must be an integer 0-99, got {self.pitch!r}")


class _EspeakLibrary:
    """One loaded, initialised copy of libespeak-ng (shared by every Synthesizer that names it)."""

    def __init__(self, library_path: str, data_path: str) -> None:
        lib = ctypes.CDLL(library_path)
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
        lib.espeak_SetSynthCallback.restype = None
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetParameter.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        lib.espeak_Synth.restype = ctypes.c_int
        lib.espeak_Synchronize.restype = ctypes.c_int
        # the seeds of the two generators its voices' noise comes from (older builds have only rand())
        self._seed_own = getattr(lib, "espeak_ng_SetRandSeed", None)
        if self._seed_own is not None:
            self._seed_own.argtypes = [ctypes.c_long]
        try:  # the C library the process runs on (CDLL(None) is POSIX's dlopen(NULL); Windows has no such handle)
            self._seed_libc: Any = ctypes.CDLL(None).srand
            self._seed_libc.argtypes = [ctypes.c_uint]
        except (OSError, TypeError, AttributeError):
            self._seed_libc = None
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.encode(), _INITIALIZE_DONT_EXIT)
        if rate <= 0:
            raise OSError(f"espeak_Initialize failed with data path {data_path}")
        self.lib = lib
        self.rate = rate
        self._chunks: list[np.ndarray] = []
        # Keep a reference: ctypes does not, and a collected callback would crash the library.
        self._callback = _SynthCallback(self._on_samples)
        lib.espeak_SetSynthCallback(self._callback)

    def _on_samples(self, wav: ctypes._Pointer, n: int, _events: int | None) -> int:
        if wav and n > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(n,)).copy())
        return 0  # 0 = continue synthesis

    def set_voice(self, options: TTSOptions) -> None:
        if self.lib.espeak_SetVoiceByName(options.voice.encode()) != _EE_OK:
            raise ValueError(f"voice: {options.voice!r} is not an espeak-ng voice")
        self.lib.espeak_SetParameter(_PARAM_RATE, options.rate, 0)
        self.lib.espeak_SetParameter(_PARAM_PITCH, options.pitch, 0)

    def synthesize(self, text: str, options: TTSOptions) -> np.ndarray:
        """Samples at ``self.rate``; the caller holds ``_LOCK``."""
        self.set_voice(options)
        self._chunks = []
        data = text.encode("utf-8") + b"\0"
        if self._seed_own is not None:
            self._seed_own(_NOISE_SEED)
        if self._seed_libc is not None:
            self._seed_libc(_NOISE_SEED)
        err = self.lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
        self.lib.espeak_Synchronize()
        chunks, self._chunks = self._chunks, []
        if err != _EE_OK:
            raise RuntimeError(f"espeak_Synth failed with error {err}")
        return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)


def _default_paths() -> tuple[str | None, str | None]:
    try:
        import espeakng_loader
    except ImportError:
        return None, None
    try:
        data = espeakng_loader.get_data_path()
    except RuntimeError:
        data = None
    return espeakng_loader.get_library_path(), data


class Synthesizer:
    """Text to mono int16 speech at 24 kHz.

    ``library_path`` / ``data_path`` default to the ``espeakng-loader`` wheel's library and data;
    ``program`` is the command used when the library cannot be loaded (``None`` disables it).
    Safe to call from several threads (calls are serialised: espeak-ng is global state).
    """

    def __init__(
        self,
        voice: str = "en-us",
        rate: int = 175,
        pitch: int = 50,
        *,
        library_path: str | os.PathLike[str] | None = None,
        data_path: str | os.PathLike[str] | None = None,
        program: str | None = "espeak-ng",
    ) -> None:
        self.options = TTSOptions(voice=voice, rate=rate, pitch=pitch)
        self.options.validate()
        default_lib, default_data = _default_paths()
        self.library_path = str(library_path) if library_path is not None else default_lib
        self.data_path = str(data_path) if data_path is not None else default_data
        self._library: _EspeakLibrary | None = None
        self._program: str | None = None
        problems: list[str] = []

        lib_problem = self._load_library()
        if lib_problem is None:
            self.engine = "library"
        else:
            problems.append(lib_problem)
            self._program = shutil.which(program) if program else None
            if self._program:
                self.engine = "program"
            else:
                self.engine = "none"
                problems.append(f"program {program!r} not on PATH" if program else "program fallback disabled")
        if self.engine == "none":
            key = (self.library_path, self.data_path, program)
            with _LOCK:
                first = key not in _WARNED
                _WARNED.add(key)
            if first:
                log.warning(
                    "espeak-ng is not available (%s); speech synthesis will produce silence",
                    "; ".join(problems),
                )

    def _load_library(self) -> str | None:
        """Load (or reuse) the library; returns a description of the problem, or None."""
        if not self.library_path:
            return "espeakng-loader is not installed"
        if not Path(self.library_path).is_file():
            return f"library {self.library_path} not found"
        if not self.data_path or not Path(self.data_path).is_dir():
            return f"data directory {self.data_path} not found"
        key = str(Path(self.library_path).resolve())
        with _LOCK:
            lib = _LIBRARIES.get(key)
            if lib is None:
                try:
                    lib = _EspeakLibrary(key, self.data_path)
                except (OSError, AttributeError) as exc:
                    return f"cannot load {self.library_path}: {exc}"
                _LIBRARIES[key] = lib
            lib.set_voice(self.options)  # fails early on an unknown voice
        self._library = lib
        return None

    @property
    def available(self) -> bool:
        """True when a real engine (library or program) produces the speech."""
        return self.engine != "none"

    def __repr__(self) -> str:
        o = self.options
        return f"Synthesizer(voice={o.voice!r}, rate={o.rate}, pitch={o.pitch}, engine={self.engine!r})"

    def synthesize(self, text: str) -> np.ndarray:
        """Speak ``text``; mono int16 samples at 24 kHz (silence of ~70 ms/char without an engine)."""
        text = text.replace("\0", " ")
        if not text.strip():
            return np.zeros(0, dtype=np.int16)
        if self._library is not None:
            with _LOCK:
                samples = self._library.synthesize(text, self.options)
                src_rate = self._library.rate
            return to_pcm16(samples, src_rate, SAMPLE_RATE)
        if self._program is not None:
            return self._run_program(text)
        return np.zeros(round(len(text) * SILENCE_MS_PER_CHAR * SAMPLE_RATE / 1000), dtype=np.int16)

    def _run_program(self, text: str) -> np.ndarray:
        o = self.options
        assert self._program is not None
        cmd = [self._program, "--stdout", "-v", o.voice, "-s", str(o.rate), "-p", str(o.pitch), "--", text]
        proc = subprocess.run(cmd, capture_output=True, timeout=60, check=False)
        if proc.returncode != 0:
            raise RuntimeError(
                f"{self._program} failed with exit code {proc.returncode}: {proc.stderr.decode(errors='replace')}"
            )
        samples, rate = sf.read(io.BytesIO(proc.stdout), dtype="int16", always_2d=True)
        return to_pcm16(samples, rate, SAMPLE_RATE)
