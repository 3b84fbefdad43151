"""Checks of a run's inputs before any server starts: audio files, labels files and the output folder.

Each problem is one line naming the file and what is wrong with it (``InputError``). A ``labels.json`` found
beside the audio (not named with ``--labels``) that is unreadable or of another shape is skipped with a
warning rather than stopping the run.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import soundfile as sf

logger = logging.getLogger("rtkit.preflight")

Segments = list[tuple[float, float]]


class InputError(ValueError):
    """A run input that cannot be used; the message names the file."""


def check_audio(path: Path) -> None:
    """The file exists, is a regular non-empty file and libsndfile recognises audio frames in it."""
    from rtkit.audio import AudioError, checked_size

    try:
        size = checked_size(path)
    except AudioError as exc:
        raise InputError(str(exc)) from None
    try:
        info = sf.info(str(path))
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        raise InputError(f"audio file {path} is not audio libsndfile can read ({size} bytes): {exc}") from None
    if info.frames == 0:
        raise InputError(f"audio file {path} contains no audio frames")


def read_labels(path: Path) -> dict[str, Segments]:
    """``{file name: [(start_ms, end_ms), ...]}`` from a labels JSON file; ``InputError`` naming the file and
    the problem for unreadable JSON or another shape."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"labels file {path} cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError(f"labels file {path} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"labels file {path} is not valid JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(data, dict):
        raise InputError(
            f"labels file {path} holds a JSON {type(data).__name__}; expected an object "
            '{"file.wav": {"segments": [{"start_ms": …, "end_ms": …}]}}'
        )
    return {name: _segments(path, name, entry) for name, entry in data.items()}


def _segments(path: Path, name: str, entry: Any) -> Segments:
    where = f"labels file {path}, entry {name!r}"
    if not isinstance(entry, dict):
        raise InputError(f"{where}: expected an object with 'segments', got a JSON {type(entry).__name__}")
    segments = entry.get("segments", [])
    if not isinstance(segments, list):
        raise InputError(f"{where}: 'segments' must be a list")
    out: Segments = []
    for i, seg in enumerate(segments):
        try:
            start, end = float(seg["start_ms"]), float(seg["end_ms"])
        except (TypeError, KeyError, ValueError):
            raise InputError(f"{where}: segment {i} needs numeric 'start_ms' and 'end_ms'") from None
        if not 0 <= start <= end:
            raise InputError(f"{where}: segment {i} has start_ms {start:g} after end_ms {end:g} or below 0")
        out.append((start, end))
    return out


def labels_for(audio: Path, labels_file: Path | None) -> Segments | None:
    """The labelled speech spans of ``audio``: from ``labels_file`` when given (errors raise), else from a
    ``labels.json`` beside the audio when it lists the file (problems there are warned about and skipped)."""
    if labels_file is not None:
        if not labels_file.is_file():
            raise InputError(f"labels file {labels_file} does not exist")
        return read_labels(labels_file).get(audio.name)
    beside = audio.parent / "labels.json"
    if not beside.is_file():
        return None
    try:
        return read_labels(beside).get(audio.name)
    except InputError as exc:
        logger.warning("%s; running without labels", exc)
        return None


def check_output(out: Path) -> None:
    """The run folder is a folder (or can be made one) that this user can write."""
    if out.exists() and not out.is_dir():
        raise InputError(f"output folder {out} exists and is not a folder")
    probe = out
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise InputError(f"output folder {out} cannot be made: {probe} is not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise InputError(f"output folder {out} cannot be written: no write permission on {probe}")


def check_run(audio: Sequence[Path], labels: Path | None = None, out: Path | None = None) -> None:
    """Every check for ``rtkit run``, in the order a user would fix them."""
    for path in audio:
        check_audio(path)
    if labels is not None:
        if not labels.is_file():
            raise InputError(f"labels file {labels} does not exist")
        read_labels(labels)
    if out is not None:
        check_output(out)
