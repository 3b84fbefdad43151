"""Make rtkit's sample requests: synthesized speech with silence and quiet noise, plus true speech labels.

Each file is 24 kHz mono PCM16: ~500 ms of lead-in, the spoken request(s), ~1000 ms of trailing silence,
all under low-level Gaussian noise (seeded, so the output is reproducible). ``labels.json`` records,
per file, the true speech spans, found from where the synthesized speech actually starts and ends (the
synthesizer's own leading and trailing silence is trimmed by an energy threshold).

    python data/make_samples.py            # writes into data/
    python data/make_samples.py --out DIR  # writes elsewhere
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rtkit.audio import SAMPLE_RATE, write_wav
from rtkit.local.speech.tts import Synthesizer

SAMPLES: dict[str, list[str]] = {
    "portfolio_summary.wav": ["What is my portfolio summary?"],
    "spending_groceries.wav": ["Show my spending on groceries."],
    "budget_plan.wav": ["Plan my budget for an income of four thousand dollars."],
    "analyze_code.wav": ["Analyze the code in the data folder."],
    "git_log.wav": ["Show me the recent git log."],
    "two_turns.wav": ["What is my portfolio summary?", "Show my spending on groceries."],
}
"""File name → the utterances it contains, in order."""


@dataclass(frozen=True)
class Layout:
    """Timing and noise of the generated files."""

    lead_ms: float = 500.0
    """Silence before the first utterance."""
    gap_ms: float = 5000.0
    """Silence between utterances in a multi-turn file: the pause a user leaves for the spoken answer."""
    trail_ms: float = 1000.0
    """Silence after the last utterance."""
    noise_dbfs: float = -60.0
    """RMS level of the background noise relative to full scale."""
    threshold_db: float = -40.0
    """A 5 ms frame counts as speech when its RMS is within this many dB of the loudest frame."""
    margin_ms: float = 20.0
    """Synthesizer audio kept around the detected speech so onsets and tails are not clipped."""


def speech_span(pcm: np.ndarray, threshold_db: float = -40.0, frame_ms: float = 5.0) -> tuple[int, int]:
    """Sample range [start, end) from the first to the last frame louder than the threshold."""
    frame = max(1, round(SAMPLE_RATE * frame_ms / 1000))
    n = len(pcm) // frame
    if n == 0:
        return 0, 0
    frames = pcm[: n * frame].astype(np.float64).reshape(n, frame)
    rms = np.sqrt((frames**2).mean(axis=1))
    loud = np.flatnonzero(rms >= rms.max() * 10 ** (threshold_db / 20)) if rms.max() > 0 else []
    if len(loud) == 0:
        return 0, 0
    return int(loud[0] * frame), int((loud[-1] + 1) * frame)


def compose(
    utterances: list[np.ndarray], texts: list[str], layout: Layout, rng: np.random.Generator
) -> tuple[np.ndarray, list[dict[str, float | str]]]:
    """Lay out utterances with silences and noise; returns the audio and its speech segments."""
    ms = SAMPLE_RATE / 1000
    margin = round(layout.margin_ms * ms)
    parts: list[np.ndarray] = []
    segments: list[dict[str, float | str]] = []
    pos = 0
    tail = 0  # synthesizer audio already kept after the previous utterance's speech
    for i, (speech, text) in enumerate(zip(utterances, texts, strict=True)):
        start, end = speech_span(speech, layout.threshold_db)
        if end <= start:
            raise RuntimeError(f"no speech synthesized for {text!r}")
        lo, hi = max(0, start - margin), min(len(speech), end + margin)
        # Silence before this utterance, shortened by the margins kept so the spans are exact.
        silence = round((layout.lead_ms if i == 0 else layout.gap_ms) * ms) - (start - lo) - tail
        parts.append(np.zeros(max(0, silence), dtype=np.float64))
        pos += max(0, silence)
        segments.append(
            {"start_ms": round((pos + start - lo) / ms, 2), "end_ms": round((pos + end - lo) / ms, 2), "text": text}
        )
        parts.append(speech[lo:hi].astype(np.float64))
        pos += hi - lo
        tail = hi - end
    parts.append(np.zeros(max(0, round(layout.trail_ms * ms) - tail), dtype=np.float64))
    audio = np.concatenate(parts)
    audio += rng.normal(0.0, 32768 * 10 ** (layout.noise_dbfs / 20), len(audio))
    return np.clip(np.round(audio), -32768, 32767).astype(np.int16), segments


def make_samples(out: Path, synth: Synthesizer, layout: Layout | None = None, seed: int = 20240601) -> dict[str, dict]:
    """Write every sample WAV and ``labels.json`` into ``out``; returns the labels."""
    layout = layout or Layout()
    out.mkdir(parents=True, exist_ok=True)
    labels: dict[str, dict] = {}
    for i, (name, texts) in enumerate(SAMPLES.items()):
        rng = np.random.default_rng([seed, i])
        audio, segments = compose([synth.synthesize(t) for t in texts], texts, layout, rng)
        write_wav(out / name, audio)
        labels[name] = {
            "text": " ".join(texts),
            "rate": SAMPLE_RATE,
            "duration_ms": round(1000 * len(audio) / SAMPLE_RATE, 2),
            "segments": segments,
        }
    (out / "labels.json").write_text(json.dumps(labels, indent=2) + "\n")
    return labels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent, help="output directory")
    parser.add_argument("--voice", default="en-us", help="espeak-ng voice (default: en-us)")
    parser.add_argument("--rate", type=int, default=150, help="speaking rate in words per minute (default: 150)")
    parser.add_argument("--seed", type=int, default=20240601, help="noise seed (default: 20240601)")
    args = parser.parse_args(argv)
    synth = Synthesizer(voice=args.voice, rate=args.rate)
    if not synth.available:
        print("espeak-ng is not available; refusing to write silent samples", file=sys.stderr)
        return 1
    labels = make_samples(args.out, synth, seed=args.seed)
    for name, label in labels.items():
        spans = ", ".join(f"{s['start_ms']:.0f}-{s['end_ms']:.0f}" for s in label["segments"])
        print(f"{args.out / name}: {label['duration_ms']:.0f} ms, speech {spans} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
