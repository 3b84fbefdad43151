"""Labelled recordings: ``labels.json`` (file name → true speech segments) and the WAV files beside it.

The format is the one of ``data/labels.json``::

    {"two_turns.wav": {"segments": [{"start_ms": 500.0, "end_ms": 2230.0}, ...], ...}, ...}

Extra keys (``text``, ``rate``, ``duration_ms``) are allowed and ignored here.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rtkit.audio import AUDIO_SUFFIXES, SAMPLES_PER_MS, AudioError, load_audio


@dataclass(frozen=True)
class LabelledFile:
    """One recording and (when known) its true speech segments."""

    name: str
    """File name (the key in labels.json)."""
    pcm: np.ndarray
    """The audio, 24 kHz mono int16."""
    segments: tuple[tuple[float, float], ...] | None
    """True speech as (start_ms, end_ms) pairs; None when the file is not labelled."""

    @property
    def duration_ms(self) -> float:
        """Length of the audio in ms."""
        return len(self.pcm) / SAMPLES_PER_MS


def load_labels(path: str | os.PathLike[str]) -> dict[str, tuple[tuple[float, float], ...]]:
    """File name → speech segments from a labels.json; a malformed file raises ValueError naming the entry."""
    try:
        raw = json.loads(Path(path).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"labels: cannot read {path} ({exc})") from exc
    if not isinstance(raw, dict):
        raise ValueError(f"labels: {path} must hold an object mapping file names to labels")
    out: dict[str, tuple[tuple[float, float], ...]] = {}
    for name, entry in raw.items():
        try:
            segs = tuple((float(s["start_ms"]), float(s["end_ms"])) for s in entry["segments"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"labels: {name!r} needs segments with start_ms and end_ms ({exc!r})") from exc
        for start, end in segs:
            if not 0 <= start <= end:
                raise ValueError(f"labels: {name!r} has a segment with start_ms {start} after end_ms {end}")
        out[name] = segs
    return out


def load_recordings(
    target: str | os.PathLike[str],
    labels: str | os.PathLike[str] | None = None,
    skipped: list[str] | None = None,
) -> list[LabelledFile]:
    """The audio file or the folder of audio files (:data:`rtkit.audio.AUDIO_SUFFIXES`) ``target``, with segments
    from ``labels`` (default: the ``labels.json`` next to the audio, when there is one).

    In a folder, a file that cannot be read (empty, corrupt) is left out and goes on: its one-line reason is
    appended to ``skipped`` (raised when ``skipped`` is None). A single file that cannot be read raises."""
    target = Path(target)
    if target.is_dir():
        paths = sorted(p for p in target.iterdir() if p.suffix.lower() in AUDIO_SUFFIXES and p.is_file())
        if not paths:
            raise ValueError(f"{target}: no audio files ({', '.join(AUDIO_SUFFIXES)}) in this folder")
        folder = target
    elif target.is_file():
        paths, folder = [target], target.parent
    else:
        raise ValueError(f"{target}: no such file or folder")
    if labels is None and (folder / "labels.json").exists():
        labels = folder / "labels.json"
    table = load_labels(labels) if labels is not None else None
    if table is not None and target.is_dir():
        unknown = sorted(set(table) - {p.name for p in paths})
        if len(unknown) == len(table):
            raise ValueError(f"labels: none of the labelled files is in {target}")
    out = []
    for p in paths:
        try:
            pcm = load_audio(p)
        except AudioError as exc:
            if skipped is None or not target.is_dir():
                raise
            skipped.append(str(exc))
            continue
        out.append(LabelledFile(p.name, pcm, None if table is None else table.get(p.name, ())))
    if not out:
        raise ValueError(f"{target}: no readable audio file in this folder ({len(paths)} could not be read)")
    return out
