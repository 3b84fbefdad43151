"""A case's audio: synthesised (espeak-ng, the local server's voice) or read from a file, then perturbed without new
recordings: background noise mixed at a signal-to-noise ratio, the phone path (G.711 μ-law or A-law at 8 kHz, sent
as ``audio/pcmu`` / ``audio/pcma``), speaking rate and voice. Pure functions of their inputs and a seed."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from rtkit import audio
from rtkit.eval.dataset import CaseInput, Perturbation

NOISE_DIR = Path(__file__).resolve().parents[2] / "data" / "vad"
"""The noises named by file (``babble_heavy``, ``noise_only``): ``data/vad/``, their non-speech parts."""
LEAD_MS = 300.0
"""Silence before synthesised speech."""
TRAIL_MS = 1500.0
"""Silence after an input, so the last turn ends under server VAD."""

_SYNTH_LOCK = threading.Lock()


@functools.lru_cache(maxsize=8)
def _synthesizer(voice: str, rate: int) -> Any:
    from rtkit.local.speech.tts import Synthesizer

    return Synthesizer(voice=voice, rate=rate)


def synthesize(text: str, voice: str = "en-us", rate: int = 175) -> np.ndarray:
    """Speech for ``text`` at 24 kHz (espeak-ng; serialised, the engine is process-global state)."""
    with _SYNTH_LOCK:
        return np.asarray(_synthesizer(voice, rate).synthesize(text), dtype=np.int16)


def check_voice(voice: str) -> None:
    """Raise ``ValueError`` (``voice: 'x' is not an espeak-ng voice``) when espeak-ng, if installed, has no such
    voice: a dataset naming one fails when it is loaded, not half-way through the run."""
    with _SYNTH_LOCK:
        _synthesizer(voice, 175)


def speech_span(pcm: np.ndarray, frame_ms: float = 5.0, range_db: float = 40.0) -> tuple[float, float] | None:
    """Where speech starts and ends (ms): the first and last frame within ``range_db`` of the loudest one."""
    step = audio.SAMPLE_RATE * frame_ms / 1000
    n = int(len(pcm) // step)
    if n == 0:
        return None
    frames = pcm[: int(n * step)].astype(np.float64).reshape(n, -1)
    rms = np.sqrt((frames**2).mean(axis=1))
    top = rms.max()
    if top <= 0:
        return None
    loud = np.flatnonzero(rms >= top * 10 ** (-range_db / 20))
    return float(loud[0] * frame_ms), float((loud[-1] + 1) * frame_ms)


def noise_path(name: str) -> Path:
    """A noise file: a path, or a file of ``data/vad/`` named with or without ``.wav``."""
    for p in (Path(name), NOISE_DIR / name, NOISE_DIR / f"{name}.wav"):
        if p.is_file():
            return p
    known = ", ".join(sorted(p.stem for p in NOISE_DIR.glob("*.wav"))) if NOISE_DIR.is_dir() else "none"
    raise ValueError(f"noise: {name!r} is not a file (noises in data/vad: {known})")


@functools.lru_cache(maxsize=16)
def load_noise(name: str) -> np.ndarray:
    """The noise of a file: its parts outside the labelled speech (``labels.json`` beside it), at 24 kHz."""
    path = noise_path(name)
    pcm = audio.load_audio(path)
    labels_file = path.parent / "labels.json"
    if labels_file.is_file():
        entry = json.loads(labels_file.read_text()).get(path.name) or {}
        keep = np.ones(len(pcm), dtype=bool)
        for seg in entry.get("segments") or []:
            a, b = (int(seg[k] * audio.SAMPLE_RATE / 1000) for k in ("start_ms", "end_ms"))
            keep[max(a - 2400, 0) : b + 2400] = False  # 100 ms margin: no word onsets or tails in the noise
        if keep.sum() > audio.SAMPLE_RATE // 2:
            pcm = pcm[keep]
    return pcm


def mix_noise(
    pcm: np.ndarray, noise: np.ndarray, snr_db: float, span: tuple[float, float] | None, seed: int
) -> np.ndarray:
    """``pcm`` with ``noise`` (looped from a seeded offset) added so that speech power / noise power = ``snr_db``;
    speech power is measured over ``span`` (ms), the whole signal when None."""
    if len(noise) == 0 or len(pcm) == 0:
        return pcm
    rng = np.random.default_rng(seed)
    start = int(rng.integers(0, len(noise)))
    reps = int(np.ceil((start + len(pcm)) / len(noise))) + 1
    n = np.tile(noise.astype(np.float64), reps)[start : start + len(pcm)]
    x = pcm.astype(np.float64)
    a, b = (0, len(x)) if span is None else (int(span[0] * 24), int(span[1] * 24))
    p_speech = float(np.mean(x[a:b] ** 2)) if b > a else float(np.mean(x**2))
    p_noise = float(np.mean(n**2))
    if p_noise <= 0 or p_speech <= 0:
        return pcm
    gain = np.sqrt(p_speech / (p_noise * 10 ** (snr_db / 10)))
    return np.clip(np.round(x + gain * n), -32768, 32767).astype(np.int16)


SpeechKey = tuple[str, str, int]
"""What one synthesis says: ``(text, voice, rate)``."""


def speech_key(inp: CaseInput, perturb: Perturbation | None = None) -> SpeechKey | None:
    """The synthesis an input needs under a perturbation (None: it is typed or a file)."""
    if inp.kind != "speech":
        return None
    p = perturb or Perturbation()
    return inp.text, p.voice or inp.voice, p.rate or inp.rate


def synthesize_all(keys: Iterable[SpeechKey | None]) -> dict[SpeechKey, np.ndarray]:
    """Each distinct synthesis once. espeak-ng's output differs slightly from one synthesis of the same words to
    the next, so a run synthesises each text once and every case and variant saying it streams the same audio."""
    return {k: synthesize(*k) for k in dict.fromkeys(keys) if k is not None}


def render(
    inp: CaseInput,
    perturb: Perturbation | None = None,
    seed: int = 0,
    speech: Mapping[SpeechKey, np.ndarray] | None = None,
) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """The audio a case streams (24 kHz int16, trailing silence included) and its true speech spans (ms).
    ``speech``: syntheses made already (:func:`synthesize_all`); any other is made here."""
    p = perturb or Perturbation()
    key = speech_key(inp, p)
    if key is not None:
        made = (speech or {}).get(key)
        said = made if made is not None else synthesize(*key)
        lead = np.zeros(int(LEAD_MS * 24), dtype=np.int16)
        pcm = np.concatenate([lead, said])
        span = speech_span(said)
        labels = [(LEAD_MS + span[0], LEAD_MS + span[1])] if span else []
    elif inp.kind == "audio":
        if p.rate is not None or p.voice is not None:
            raise ValueError(f"perturb: rate and voice apply to synthesised speech, not to the file {inp.audio}")
        assert inp.audio is not None
        pcm = audio.load_audio(inp.audio)
        labels = file_labels(Path(inp.audio))
        if not labels and (span := speech_span(pcm)) is not None:
            labels = [span]
    else:
        raise ValueError("a typed input has no audio")
    pcm = np.concatenate([pcm, np.zeros(int(TRAIL_MS * 24), dtype=np.int16)])
    if p.noise:
        span = (labels[0][0], labels[-1][1]) if labels else None
        pcm = mix_noise(pcm, load_noise(p.noise), p.snr_db, span, seed)
    return pcm, labels


def file_labels(path: Path) -> list[tuple[float, float]]:
    """Speech spans of an audio file from the ``labels.json`` beside it (empty when it has none)."""
    from rtkit.batch.files import speech_labels

    return list(speech_labels(path, None) or [])


def phone_format(perturb: Perturbation | None) -> str | None:
    """The input format a perturbation sends (``audio/pcmu`` or ``audio/pcma``), or None for PCM16."""
    if perturb is None or perturb.phone is None:
        return None
    return f"audio/{perturb.phone}"
