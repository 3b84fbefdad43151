"""Make the labelled VAD set: synthesized turns with pauses inside them, several voices, rates and levels,
background noise of several kinds and levels, a noise-only file, a file that starts with speech and one that
ends mid-utterance. Seeded, so rerunning gives the same files.

Every file is 24 kHz mono PCM16. ``labels.json`` (the format of ``data/labels.json``) holds one segment per
*turn*: from where the first phrase's speech starts to where the last phrase's speech ends, pauses inside the turn
included, since a detector that ends the turn in such a pause cuts the speaker off.

    python data/vad/make_vad_data.py            # writes into data/vad/
    python data/vad/make_vad_data.py --out DIR  # writes elsewhere
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from make_samples import speech_span  # noqa: E402

from rtkit.audio import SAMPLE_RATE, write_wav  # noqa: E402
from rtkit.local.speech.tts import Synthesizer  # noqa: E402

MS = SAMPLE_RATE // 1000

Turn = list[tuple[str, int]]
"""A turn: phrases, each followed by a pause in ms (the last pause is ignored)."""


@dataclass(frozen=True)
class Recording:
    """One file of the set."""

    turns: list[Turn]
    """The turns, in order."""
    voice: str = "en-us"
    """espeak-ng voice."""
    rate: int = 160
    """Words per minute."""
    level_dbfs: float = -24.0
    """RMS of the speech (over its active frames), dBFS."""
    noise: str = "white"
    """Background: white, pink, hum, babble, or pink+hum."""
    noise_dbfs: float = -60.0
    """RMS of the background, dBFS."""
    lead_ms: int = 600
    """Silence before the first turn (0: speech from the first sample)."""
    gap_ms: int = 2200
    """Silence between turns."""
    trail_ms: int = 1200
    """Silence after the last turn."""
    cut_last: float | None = None
    """Keep only this share of the last turn: the file ends mid-utterance."""
    length_ms: int = 0
    """Length of a file without turns (noise only)."""
    notes: str = field(default="", compare=False)
    """What the file tests."""


CARD: Turn = [("My card number is", 500), ("four one two five", 700), ("three three eight nine", 600), ("zero one", 0)]
ADDRESS: Turn = [("Please send it to", 400), ("one twenty three", 800), ("Main Street", 600), ("Springfield", 0)]
PHONE: Turn = [("Call me back at", 500), ("five five five", 700), ("two one eight", 900), ("four four seven zero", 0)]
SPELL: Turn = [("My name is Smith,", 450)] + [(c, 450) for c in "SMIT"] + [("H", 0)]

RECORDINGS: dict[str, Recording] = {
    "card_number_clean.wav": Recording([CARD, [("Is that right?", 0)]], notes="pauses inside a turn"),
    "address_slow_female.wav": Recording(
        [ADDRESS, [("Thank you.", 0)]], voice="en-us+f3", rate=125, level_dbfs=-28, notes="slow, quiet"
    ),
    "phone_number_male_pink.wav": Recording(
        [PHONE, [("Did you get that?", 0)]], voice="en-us+m3", rate=175, noise="pink", noise_dbfs=-50
    ),
    "fast_british_pink.wav": Recording(
        [[("What is my balance today?", 0)], [("And move fifty dollars to savings.", 0)]],
        voice="en",
        rate=210,
        level_dbfs=-20,
        noise="pink",
        noise_dbfs=-42,
        notes="fast speech, moderate pink noise",
    ),
    "quiet_voice_hum.wav": Recording(
        [[("Show my spending", 350), ("on groceries", 0)], [("for last month.", 0)]],
        level_dbfs=-36,
        noise="hum",
        noise_dbfs=-48,
        notes="quiet speaker over mains hum",
    ),
    "spelled_name_babble.wav": Recording(
        [SPELL, [("Got it?", 0)]], voice="en-us+f2", rate=150, noise="babble", noise_dbfs=-44
    ),
    "loud_white_noise.wav": Recording(
        [[("Plan my budget", 300), ("for an income of four thousand dollars.", 0)], [("Yes, please.", 0)]],
        level_dbfs=-18,
        noise="white",
        noise_dbfs=-40,
        notes="loud speech, loud white noise",
    ),
    "babble_heavy.wav": Recording(
        [[("Analyze the code", 400), ("in the data folder.", 0)], [("Start with the tests.", 0)]],
        voice="en-us+m1",
        level_dbfs=-22,
        noise="babble",
        noise_dbfs=-34,
        notes="a cafe: overlapped speech behind the speaker",
    ),
    "noise_only.wav": Recording([], noise="pink+hum", noise_dbfs=-46, length_ms=8000, notes="no speech at all"),
    "starts_with_speech.wav": Recording(
        [[("Cancel that order.", 0)], [("The one from Tuesday.", 0)]], lead_ms=0, notes="speech from the first sample"
    ),
    "ends_mid_utterance.wav": Recording(
        [[("Read me the recent git log.", 0)], ADDRESS],
        voice="en-us+f4",
        noise="pink",
        noise_dbfs=-52,
        trail_ms=0,
        cut_last=0.6,
        notes="the recording stops while the speaker is talking",
    ),
}
"""File name → recording."""


def _noise(kind: str, n: int, dbfs: float, rng: np.random.Generator, babble: np.ndarray) -> np.ndarray:
    parts = []
    for k in kind.split("+"):
        if k == "white":
            x = rng.normal(0, 1, n)
        elif k == "pink":  # 1/f power: shape white noise's spectrum by 1/sqrt(f)
            spec = np.fft.rfft(rng.normal(0, 1, n))
            f = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
            spec[1:] /= np.sqrt(f[1:])
            spec[0] = 0
            x = np.fft.irfft(spec, n)
        elif k == "hum":  # 50 Hz mains and its odd harmonics
            t = np.arange(n) / SAMPLE_RATE
            x = sum(np.sin(2 * np.pi * 50 * h * t + rng.uniform(0, 6.3)) / h for h in (1, 3, 5, 7))
        elif k == "babble":
            x = np.resize(np.roll(babble, rng.integers(len(babble))), n)
        else:
            raise ValueError(f"noise: {k!r} is unknown")
        parts.append(x / (np.sqrt(np.mean(x**2)) + 1e-12))
    x = sum(parts)
    return x / np.sqrt(np.mean(x**2)) * 32768 * 10 ** (dbfs / 20)


def _babble(synth: Synthesizer, rng: np.random.Generator) -> np.ndarray:
    """Six voices talking at once, looped: the background of a busy room."""
    lines = [
        "The meeting moved to Thursday afternoon.",
        "Could you pass the sugar, please?",
        "We drove along the coast for hours.",
        "Nobody knew where the keys had gone.",
        "The train was late again this morning.",
        "She ordered the soup and a salad.",
    ]
    voices = ["en-us", "en-us+f3", "en", "en-us+m3", "en-us+f2", "en-us+m1"]
    tracks = []
    for line, voice in zip(lines, voices, strict=True):
        s = Synthesizer(voice=voice, rate=int(rng.integers(140, 200))).synthesize(" ".join([line] * 3))
        tracks.append(s.astype(np.float64) / (np.sqrt(np.mean(s.astype(np.float64) ** 2)) + 1e-9))
    n = max(len(t) for t in tracks)
    return sum(np.roll(np.resize(t, n), int(rng.integers(n))) for t in tracks)


def _phrase(synth: Synthesizer, text: str, level_dbfs: float) -> tuple[np.ndarray, int, int]:
    """The phrase trimmed to its speech plus 20 ms each side, at the level asked; and where speech is in it."""
    pcm = synth.synthesize(text)
    start, end = speech_span(pcm)
    if end <= start:
        raise RuntimeError(f"no speech synthesized for {text!r}")
    margin = 20 * MS
    lo, hi = max(0, start - margin), min(len(pcm), end + margin)
    x = pcm[lo:hi].astype(np.float64)
    active = x[start - lo : end - lo]
    x *= 32768 * 10 ** (level_dbfs / 20) / (np.sqrt(np.mean(active**2)) + 1e-9)
    return x, start - lo, end - lo


def render(rec: Recording, synth: Synthesizer, rng: np.random.Generator, babble: np.ndarray) -> tuple[np.ndarray, list]:
    """The audio of one recording and its labelled turns."""
    parts: list[np.ndarray] = []
    segments: list[dict] = []
    pos = 0
    for i, turn in enumerate(rec.turns):
        silence = rec.lead_ms * MS if i == 0 else rec.gap_ms * MS
        turn_start = turn_end = None
        texts = []
        for j, (text, pause_ms) in enumerate(turn):
            x, s, e = _phrase(synth, text, rec.level_dbfs)
            if turn_start is None:  # speech from the first sample when there is no lead-in
                skip = s if silence == 0 else 0
                x, s, e = x[skip:], s - skip, e - skip
                silence = max(0, silence - s)
            parts.append(np.zeros(silence))
            pos += silence
            turn_start = pos + s if turn_start is None else turn_start
            turn_end = pos + e
            parts.append(x)
            pos += len(x)
            texts.append(text)
            silence = pause_ms * MS if j < len(turn) - 1 else 0
        segments.append({"start_ms": turn_start / MS, "end_ms": turn_end / MS, "text": " ".join(texts)})
    if rec.cut_last is not None:  # stop inside the last turn
        last = segments[-1]
        cut = round((last["start_ms"] + rec.cut_last * (last["end_ms"] - last["start_ms"])) * MS)
        audio = np.concatenate(parts)[:cut]
        last["end_ms"] = cut / MS
    else:
        parts.append(np.zeros(rec.trail_ms * MS if rec.turns else rec.length_ms * MS))
        audio = np.concatenate(parts)
    audio = audio + _noise(rec.noise, len(audio), rec.noise_dbfs, rng, babble)
    for seg in segments:
        seg["start_ms"], seg["end_ms"] = round(seg["start_ms"], 2), round(seg["end_ms"], 2)
    return np.clip(np.round(audio), -32768, 32767).astype(np.int16), segments


def make_vad_data(out: Path, seed: int = 20261130) -> dict[str, dict]:
    """Write every recording and ``labels.json`` into ``out``; returns the labels."""
    out.mkdir(parents=True, exist_ok=True)
    babble = _babble(Synthesizer(), np.random.default_rng([seed, 999]))
    labels: dict[str, dict] = {}
    for i, (name, rec) in enumerate(RECORDINGS.items()):
        synth = Synthesizer(voice=rec.voice, rate=rec.rate)
        audio, segments = render(rec, synth, np.random.default_rng([seed, i]), babble)
        write_wav(out / name, audio)
        labels[name] = {
            "text": " ".join(s["text"] for s in segments),
            "rate": SAMPLE_RATE,
            "duration_ms": round(len(audio) / MS, 2),
            "voice": rec.voice,
            "words_per_minute": rec.rate,
            "level_dbfs": rec.level_dbfs,
            "noise": rec.noise,
            "noise_dbfs": rec.noise_dbfs,
            "notes": rec.notes,
            "segments": segments,
        }
    (out / "labels.json").write_text(json.dumps(labels, indent=2) + "\n")
    return labels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent, help="output directory")
    parser.add_argument("--seed", type=int, default=20261130, help="noise seed (default: 20261130)")
    args = parser.parse_args(argv)
    if not Synthesizer().available:
        print("espeak-ng is not available; refusing to write silent recordings", file=sys.stderr)
        return 1
    labels = make_vad_data(args.out, seed=args.seed)
    for name, label in labels.items():
        spans = ", ".join(f"{s['start_ms']:.0f}-{s['end_ms']:.0f}" for s in label["segments"]) or "none"
        print(f"{args.out / name}: {label['duration_ms']:.0f} ms, speech {spans} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
