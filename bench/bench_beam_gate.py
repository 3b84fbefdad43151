"""Benchmark: Moonshine greedy, with the beam on every utterance, and with the beam gated by the greedy decoder's
confidence — and how well that confidence tells the utterances the beam improves from the others.

All four corpora of ``bench/bench_spoken_tools.py`` (new spoken corpus, spoken identifiers, the recordings of
people, the existing spoken corpus) are synthesized once and cached, so every decoding hears the same audio. Each
utterance is recognized greedily (recording the decoder's confidence in it:
:func:`rtkit.local.speech.beam_gate.confidence`) and with the beam; then, for each confidence measure and gate,
the outcome of beaming only the utterances under the gate is read off those two runs. Finally the chosen gate runs
for real (``RTKIT_MOONSHINE_BEAM=gated``), to time it. CPU: this process's CPU seconds per second of speech.

Usage: python bench/bench_beam_gate.py [--gate G] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from _common import append, header

from rtkit.audio import SAMPLE_RATE, load_audio
from rtkit.local.speech.asr import Recognizer
from rtkit.local.speech.beam_gate import BEAM_VARIABLE, GATE, Confidence
from rtkit.local.speech.engines import vocabulary
from rtkit.local.speech.slots import Slot
from rtkit.local.spoken_corpus import Voices, identifier_filled, load_corpus, run_spoken_cases, spoken_form, word_errors

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests" / "data"
HUMAN = ROOT / "data" / "human"
CORPORA = {"new": TESTS / "spoken_new_tools.json", "ids": TESTS / "spoken_identifiers.json"}
EXISTING = TESTS / "generic_tools.json"
sys.path.insert(0, str(ROOT / "tests"))

from spoken_tools import EXAMPLE_INSTRUCTIONS, EXAMPLE_TOOLS  # noqa: E402


class CachedVoices(Voices):
    """espeak-ng speech synthesized once per (text, voice, rate)."""

    def __init__(self) -> None:
        super().__init__()
        self._cache: dict[tuple[str, str | None, int | None], np.ndarray] = {}

    def __call__(self, text: str, voice: str | None = None, rate: int | None = None) -> np.ndarray:
        key = (text, voice, rate)
        if key not in self._cache:
            self._cache[key] = super().__call__(text, voice, rate)
        return self._cache[key]


@dataclass
class Heard:
    """One utterance's outcome under one decoding."""

    corpus: str
    errors: int
    words: int
    right: bool | None
    """Right call (new, existing), identifier filled exactly (ids); None for the people's recordings."""
    text: str
    sure: Confidence | None
    beamed: bool


@dataclass
class Run:
    heard: list[Heard]
    cpu_s: float
    speech_s: float


def run(mode: str, voices: CachedVoices, gate: float = GATE) -> Run:
    """Every utterance of the four corpora recognized with Moonshine in ``mode`` (``gate``: as for ``gated``)."""
    os.environ[BEAM_VARIABLE] = mode
    recognizer = Recognizer(engine="moonshine")
    moonshine = recognizer._moonshine
    assert moonshine is not None
    moonshine.gate = gate
    moonshine.scoring = True  # the trace reads the greedy pass's scores in every mode
    recognizer.transcribe(voices("warm up"))
    cpu = speech = 0.0
    trace: list[tuple[Confidence | None, bool]] = []

    def transcribe(pcm: np.ndarray, words: Sequence[str] = (), slots: Sequence[Slot] = ()) -> str:
        nonlocal cpu, speech
        start = time.process_time()
        text = recognizer.transcribe(pcm, words, slots)
        cpu += time.process_time() - start
        speech += len(pcm) / SAMPLE_RATE
        trace.append((moonshine.confidences[0] if moonshine.confidences else None, moonshine.beamed[:1] == [True]))
        return text

    heard: list[Heard] = []
    for name, path in [*CORPORA.items(), ("existing", EXISTING)]:
        outcomes = run_spoken_cases(load_corpus(path), voices, transcribe)
        check: Callable[[Any], bool] = identifier_filled if name == "ids" else (lambda o: bool(o.right_call))
        for o, (sure, beamed) in zip(outcomes, trace[-len(outcomes) :], strict=True):
            ref = spoken_form(o.text)
            errors = word_errors(ref, spoken_form(o.heard))
            heard.append(Heard(name, errors, len(ref), check(o), o.heard, sure, beamed))
    labels = json.loads((HUMAN / "transcripts.json").read_text())
    words = vocabulary(EXAMPLE_TOOLS, EXAMPLE_INSTRUCTIONS)
    for name, label in labels.items():
        ref = spoken_form(label["text"])
        text = transcribe(load_audio(HUMAN / name), words)
        sure, beamed = trace[-1]
        heard.append(Heard("people", word_errors(ref, spoken_form(text)), len(ref), None, text, sure, beamed))
    return Run(heard, cpu, speech)


MEASURES: dict[str, Callable[[Confidence], float]] = {
    "mean": lambda c: c.mean,
    "lowest": lambda c: c.lowest,
    "margin": lambda c: c.margin,
}


def figures(heard: Sequence[Heard]) -> dict[str, str]:
    def of(corpus: str) -> list[Heard]:
        return [h for h in heard if h.corpus == corpus]

    def wer(corpus: str) -> str:
        rows = of(corpus)
        return f"{sum(h.errors for h in rows) / max(1, sum(h.words for h in rows)):.1%}"

    def right(corpus: str) -> str:
        rows = of(corpus)
        return f"{sum(bool(h.right) for h in rows)}/{len(rows)}"

    return {
        "new WER": wer("new"),
        "new right call": right("new"),
        "ids exact": right("ids"),
        "people WER": wer("people"),
        "existing right call": right("existing"),
        "beamed": f"{sum(h.beamed for h in heard)}/{len(heard)}",
    }


def gated(greedy: Run, beam: Run, measure: str, gate: float) -> list[Heard]:
    """The outcome of beaming exactly the utterances whose greedy ``measure`` is under ``gate`` (or that never
    ended), read off the greedy and beam runs."""
    out = []
    for g, b in zip(greedy.heard, beam.heard, strict=True):
        assert g.sure is not None
        take = not g.sure.ended or MEASURES[measure](g.sure) < gate
        out.append(Heard(**{**b.__dict__, "beamed": True}) if take else g)
    return out


def separation(greedy: Run, beam: Run, measure: str) -> str:
    """How well ``measure`` ranks the utterances the beam improves (fewer word errors) below the ones it does not:
    the chance that an improved utterance scores under a not-improved one (0.5: no better than a coin)."""
    both = list(zip(greedy.heard, beam.heard, strict=True))
    better = [MEASURES[measure](g.sure) for g, b in both if g.sure and b.errors < g.errors]
    other = [MEASURES[measure](g.sure) for g, b in both if g.sure and b.errors >= g.errors]
    pairs = sum((x < y) + 0.5 * (x == y) for x in better for y in other)
    worse = sum(1 for g, b in both if b.errors > g.errors)
    return f"{pairs / max(1, len(better) * len(other)):.2f} ({len(better)} improved, {worse} worse)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gate", type=float, default=GATE, help="gate on the mean token log-probability to time")
    ap.add_argument("--no-write", action="store_true", help="print only, do not append to bench/RESULTS.md")
    ap.add_argument("--dump", type=Path, help="write each utterance's greedy and beam outcome here (JSON)")
    args = ap.parse_args()
    voices = CachedVoices()
    if not voices.available:
        raise SystemExit("this benchmark needs espeak-ng")
    greedy = run("greedy", voices)
    beam = run("all", voices)
    if args.dump:
        pairs = [{"greedy": g.__dict__, "beam": b.__dict__} for g, b in zip(greedy.heard, beam.heard, strict=True)]
        args.dump.write_text(json.dumps(pairs, default=lambda c: c.__dict__, indent=1))
    runs = [("greedy", greedy), ("beam on every utterance", beam)]
    runs.append((f"gated, mean < {args.gate}", run("gated", voices, args.gate)))
    columns = ["new WER", "new right call", "ids exact", "people WER", "existing right call", "beamed"]
    lines = [header("bench_beam_gate", "moonshine-cpp"), ""]
    lines += ["| decoding | " + " | ".join(columns) + " | CPU s per s of speech |", "|---|" + "---:|" * 7]
    for name, r in runs:
        lines.append(f"| {name} | " + " | ".join(figures(r.heard).values()) + f" | {r.cpu_s / r.speech_s:.3f} |")
    lines += ["", "Separation (chance an utterance the beam improves is less sure than one it does not):", ""]
    lines.append("; ".join(f"{m}: {separation(greedy, beam, m)}" for m in MEASURES))
    lines += ["", "Gates read off the greedy and beam runs:", ""]
    lines += ["| measure | gate | " + " | ".join(columns) + " |", "|---|---:|" + "---:|" * 6]
    sweeps = {
        "mean": [-0.1, -0.15, -0.2, -0.25, -0.3, -0.35, -0.4, -0.5, -0.6],
        "lowest": [-0.5, -1.0, -1.5, -2.0],
        "margin": [0.5, 1.0, 2.0, 3.0],
    }
    for measure, gates in sweeps.items():
        for gate in gates:
            row = figures(gated(greedy, beam, measure, gate))
            lines.append(f"| {measure} | {gate} | " + " | ".join(row.values()) + " |")
    append("\n".join(lines), write=not args.no_write)


if __name__ == "__main__":
    main()
