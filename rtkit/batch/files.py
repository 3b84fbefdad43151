"""Which audio files a batch runs: directories, globs and file paths expanded, and their speech labels."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path

from rtkit.audio import AUDIO_SUFFIXES


def find_audio(inputs: list[str | Path]) -> list[Path]:
    """Every audio file named by ``inputs`` (files, directories searched recursively, glob patterns), sorted,
    each once. Raises ``FileNotFoundError`` naming an input that matches nothing."""
    found: dict[Path, None] = {}
    for item in inputs:
        text = str(item)
        path = Path(text)
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES and p.is_file())
        elif path.is_file():
            matches = [path]
        elif glob.has_magic(text):
            matches = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
        else:
            raise FileNotFoundError(f"audio input {text} does not exist")
        if not matches:
            raise FileNotFoundError(f"no audio files ({', '.join(AUDIO_SUFFIXES)}) in {text}")
        found.update(dict.fromkeys(matches))
    return list(found)


def file_keys(paths: list[Path]) -> list[str]:
    """A unique, filesystem-safe name per file, for run sub-folders and ``--resume``: its path below the common
    folder with its extension (``p.wav`` and ``p.flac`` stay apart), and a short hash of the full path only when
    making the name safe still leaves two alike. The same inputs give the same keys on every run."""
    resolved = [p.resolve() for p in paths]
    common = Path(os.path.commonpath([p.parent for p in resolved])) if resolved else Path()
    keys = [_safe_name(p.relative_to(common)) for p in resolved]
    counts = Counter(keys)
    return [
        f"{key}-{hashlib.sha256(str(p).encode()).hexdigest()[:8]}" if counts[key] > 1 else key
        for key, p in zip(keys, resolved, strict=True)
    ]


def _safe_name(rel: Path) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", "__".join(rel.parts)).strip(".") or "audio"


def speech_labels(path: Path, labels_file: Path | None = None) -> list[tuple[float, float]] | None:
    """True speech spans (ms) of ``path`` from ``labels_file`` (default: ``labels.json`` beside the audio), or
    None when no labels list the file."""
    candidate = labels_file or path.parent / "labels.json"
    if not candidate.is_file():
        if labels_file is not None:
            raise FileNotFoundError(f"labels file {labels_file} does not exist")
        return None
    entry = json.loads(candidate.read_text()).get(path.name)
    if entry is None:
        return None
    return [(float(s["start_ms"]), float(s["end_ms"])) for s in entry.get("segments", [])]
