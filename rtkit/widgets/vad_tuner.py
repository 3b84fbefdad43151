"""The VAD tuner as a Jupyter widget: move the sliders, see the detected turns move over the waveform.

Sliders for the scorer, threshold, prefix padding and silence window sit above a waveform of one labelled
recording, with the labelled speech (green) and the turns the simulation detects (orange; hatched when the end of
the audio closed the turn). Every slider move re-runs only the state machine on frame scores computed once per
recording and scorer, so the picture follows the slider. Pick a turn to hear the audio around where it ended: the
clip runs from ``CLIP_BEFORE_MS`` before the turn's ``audio_end_ms`` to ``CLIP_AFTER_MS`` after it, so you hear
whether the speaker was still talking when the turn was cut.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import soundfile as sf
import traitlets

from rtkit.vad.lab.labels import LabelledFile, load_recordings
from rtkit.vad.lab.presets import Setting
from rtkit.vad.lab.scoring import score_turns
from rtkit.vad.lab.search import FrameScoreCache, detect
from rtkit.vad.params import VADParams
from rtkit.vad.scorers import SAMPLE_RATE, SAMPLES_PER_MS, available_scorers

CLIP_BEFORE_MS = 2000
"""Audio played before a turn's end."""
CLIP_AFTER_MS = 600
"""Audio played after a turn's end."""
ENVELOPE_POINTS = 1200
"""Columns of the drawn waveform (min and max per column)."""

_HERE = Path(__file__).parent


def envelope(pcm: np.ndarray, points: int = ENVELOPE_POINTS) -> list[list[float]]:
    """[min, max] per column of the waveform, scaled to -1..1."""
    n = max(1, len(pcm) // points)
    cols = pcm[: n * (len(pcm) // n)].reshape(-1, n).astype(np.float32) / 32768.0
    return np.stack([cols.min(axis=1), cols.max(axis=1)], axis=1).round(4).tolist()


def wav_bytes(pcm: np.ndarray) -> bytes:
    """24 kHz PCM16 as a WAV file in memory (what the page's audio element plays)."""
    buf = io.BytesIO()
    sf.write(buf, pcm, SAMPLE_RATE, format="WAV", subtype="PCM_16")
    return buf.getvalue()


class VADTuner(anywidget.AnyWidget):
    """Interactive turn-detection tuning on labelled recordings (see the module docstring)."""

    _esm = _HERE / "vad_tuner.js"
    _css = _HERE / "vad_tuner.css"

    scorers = traitlets.List(traitlets.Unicode()).tag(sync=True)
    """Scorers that can run here."""
    files = traitlets.List(traitlets.Unicode()).tag(sync=True)
    """Recording names."""
    file = traitlets.Unicode().tag(sync=True)
    """The recording shown."""
    scorer = traitlets.Unicode("energy").tag(sync=True)
    """Frame scorer."""
    threshold = traitlets.Float(0.5).tag(sync=True)
    """Speech threshold, 0-1."""
    prefix_ms = traitlets.Int(300).tag(sync=True)
    """Prefix padding, ms."""
    silence_ms = traitlets.Int(200).tag(sync=True)
    """Silence window that ends a turn, ms."""
    duration_ms = traitlets.Float(0.0).tag(sync=True)
    """Length of the recording shown."""
    waveform: traitlets.List[list[float]] = traitlets.List().tag(sync=True)
    """[min, max] per drawn column."""
    labels: traitlets.List[list[float]] = traitlets.List().tag(sync=True)
    """Labelled speech of the recording shown, [start_ms, end_ms] pairs."""
    segments: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
    """Detected turns of the recording shown: {start_ms, end_ms, at_end}."""
    summary = traitlets.Dict().tag(sync=True)
    """Scores of the current setting on the recording shown and on the whole set."""
    turn = traitlets.Int(-1).tag(sync=True)
    """Index of the turn whose end is played; -1 for none."""
    clip = traitlets.Bytes(b"").tag(sync=True)
    """WAV of the audio around the chosen turn's end."""
    clip_start_ms = traitlets.Float(0.0).tag(sync=True)
    """Where the clip starts in the recording."""

    def __init__(self, recordings: Sequence[LabelledFile] | str | Path, labels: str | Path | None = None, **kw: Any):
        recs = load_recordings(recordings, labels) if isinstance(recordings, str | Path) else list(recordings)
        if not recs:
            raise ValueError("recordings: none given")
        self._recs = {r.name: r for r in recs}
        self._cache = FrameScoreCache()
        super().__init__(scorers=available_scorers(), files=list(self._recs), file=recs[0].name, **kw)
        self.observe(self._show, names=["file"])
        self.observe(self._update, names=["scorer", "threshold", "prefix_ms", "silence_ms"])
        self.observe(self._play, names=["turn"])
        self._show()

    @property
    def setting(self) -> Setting:
        """The setting the sliders show."""
        p = VADParams(threshold=self.threshold, prefix_padding_ms=self.prefix_ms, silence_duration_ms=self.silence_ms)
        return Setting(self.scorer, p)

    @property
    def recording(self) -> LabelledFile:
        """The recording shown."""
        return self._recs[self.file]

    def _show(self, _change: Any = None) -> None:
        rec = self.recording
        with self.hold_sync():
            self.duration_ms = rec.duration_ms
            self.waveform = envelope(rec.pcm)
            self.labels = [list(s) for s in rec.segments or ()]
            self._update()

    def _update(self, _change: Any = None) -> None:
        setting = self.setting
        turns = detect(self.recording, setting, self._cache)
        summary: dict[str, Any] = {"setting": setting.label, "turns": len(turns)}
        if self.recording.segments is not None:
            here = score_turns([(turns, self.recording.segments)])
            everywhere = score_turns((detect(r, setting, self._cache), r.segments or ()) for r in self._recs.values())
            summary |= {"file": _finite(here.as_dict()), "all": _finite(everywhere.as_dict())}
        with self.hold_sync():
            self.segments = [{"start_ms": t.start_ms, "end_ms": t.end_ms, "at_end": t.at_end} for t in turns]
            self.summary = summary
            self.turn = min(self.turn, len(turns) - 1)
            self._play()

    def _play(self, _change: Any = None) -> None:
        if not 0 <= self.turn < len(self.segments):
            self.clip, self.clip_start_ms = b"", 0.0
            return
        end = self.segments[self.turn]["end_ms"]
        lo = max(0, (end - CLIP_BEFORE_MS) * SAMPLES_PER_MS)
        hi = min(len(self.recording.pcm), (end + CLIP_AFTER_MS) * SAMPLES_PER_MS)
        self.clip_start_ms = lo / SAMPLES_PER_MS
        self.clip = wav_bytes(self.recording.pcm[lo:hi])


def _finite(d: dict[str, Any]) -> dict[str, Any]:
    return {k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in d.items()}
