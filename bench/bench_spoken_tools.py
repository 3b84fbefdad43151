"""Benchmark: the recognition engines on speech they were not built for — which one the local server should use.

For each engine (``combined``, ``moonshine``, ``pocketsphinx``; ``--engine`` picks some), in one process:

1. The new spoken corpus (``tests/data/spoken_new_tools.json``: requests for tools that appear nowhere else in the
   project, in five espeak-ng voices and rates): word error rate, right tool, right call with the right arguments;
   anchor: the same texts typed (what the stand-in model makes of the words said).
2. Spoken identifiers (``tests/data/spoken_identifiers.json``: order numbers, codes, postcodes, spelled e-mail
   addresses, account numbers): the identifier filled exactly, and the word error rate.
3. No regression: the recordings of people in ``data/human/`` (word error rate, with the example servers' session
   vocabulary) and the existing spoken corpus (``tests/data/generic_tools.json``: right tool, right call).
4. Cost: CPU seconds of this process per second of speech recognised (Moonshine's ONNX threads included), over all
   of the above.

Each engine runs in a process of its own: Moonshine's library keeps about 20 MB per utterance it decodes.

Appends the figures to bench/RESULTS.md.

Usage: python bench/bench_spoken_tools.py [--engine ENGINE ...] [--misses] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from _common import RESULTS, header

from rtkit.audio import SAMPLE_RATE, load_audio
from rtkit.local.speech.asr import ENGINES, Recognizer, default_engine
from rtkit.local.speech.beam_gate import BEAM_VARIABLE, beam_mode
from rtkit.local.speech.engines import vocabulary
from rtkit.local.speech.slots import Slot
from rtkit.local.spoken_corpus import (
    SpokenOutcome,
    Voices,
    identifier_filled,
    load_corpus,
    run_spoken_cases,
    spoken_form,
    word_errors,
)

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests" / "data"
NEW = TESTS / "spoken_new_tools.json"
IDENTIFIERS = TESTS / "spoken_identifiers.json"
GENERIC = TESTS / "generic_tools.json"
HUMAN = ROOT / "data" / "human"
sys.path.insert(0, str(ROOT / "tests"))

from spoken_tools import EXAMPLE_INSTRUCTIONS, EXAMPLE_TOOLS  # noqa: E402


@dataclass
class Meter:
    """A recognizer's transcribe, counting the seconds of speech it was given and the CPU time it took."""

    recognizer: Recognizer
    speech_s: float = 0.0
    cpu_s: float = 0.0
    heard: list[str] = field(default_factory=list)

    def __call__(self, pcm: np.ndarray, words: Sequence[str] = (), slots: Sequence[Slot] = ()) -> str:
        start = time.process_time()
        text = self.recognizer.transcribe(pcm, words, slots)
        self.cpu_s += time.process_time() - start
        self.speech_s += len(pcm) / SAMPLE_RATE
        self.heard.append(text)
        return text


def wer(outcomes: Sequence[SpokenOutcome]) -> float:
    return sum(o.errors for o in outcomes) / max(1, sum(o.words for o in outcomes))


def human_wer(meter: Meter) -> tuple[float, int]:
    labels = json.loads((HUMAN / "transcripts.json").read_text())
    words = vocabulary(EXAMPLE_TOOLS, EXAMPLE_INSTRUCTIONS)
    errors = total = 0
    for name, label in labels.items():
        ref = spoken_form(label["text"])
        errors += word_errors(ref, spoken_form(meter(load_audio(HUMAN / name), words)))
        total += len(ref)
    return errors / total, total


def share(flags: Sequence[bool]) -> str:
    return f"{sum(flags)}/{len(flags)} ({sum(flags) / max(1, len(flags)):.0%})"


def by_voice(engine: str, new: Sequence[SpokenOutcome], ids: Sequence[SpokenOutcome]) -> list[str]:
    """WER of ``engine`` per voice, on each corpus."""
    voices = sorted({o.voice for o in new} | {o.voice for o in ids})
    lines = ["", f"WER of `{engine}` per voice (new corpus / identifiers):", ""]
    lines.append(
        "; ".join(
            f"{v} {wer([o for o in new if o.voice == v]):.0%} / {wer([o for o in ids if o.voice == v]):.0%}"
            for v in voices
        )
    )
    return lines


def misses(engine: str, new: Sequence[SpokenOutcome], ids: Sequence[SpokenOutcome]) -> list[str]:
    lines = ["", f"Misses of `{engine}` (said → heard → called):", ""]
    for o in new:
        if not o.right_call:
            typed = "" if o.typed_right_call else " (typed text also missed)"
            lines.append(f"- `{o.case_id}` {o.voice}: “{o.text}” → “{o.heard}” → {o.called} {o.arguments}{typed}")
    for o in ids:
        if not identifier_filled(o):
            lines.append(f"- `{o.case_id}` {o.voice}: “{o.text}” → “{o.heard}” → {o.called} {o.arguments}")
    return lines


def measure(
    engine: str,
    new: dict,
    ids: dict,
    generic: dict | None,
    voices: Voices,
    list_misses: bool,
) -> tuple[str, list[str]]:
    """The table row of ``engine`` and, with ``list_misses``, the lines listing its misses."""
    recognizer = Recognizer(engine=engine)
    if not recognizer.available:
        return f"| {engine} | not installed ({recognizer.problem}) |" + " |" * 9, []
    meter = Meter(recognizer)
    meter(voices("warm up"))  # loads the models
    meter.speech_s = meter.cpu_s = 0.0
    said = run_spoken_cases(new, voices, meter)
    spelled = run_spoken_cases(ids, voices, meter)
    people, _ = human_wer(meter)
    old = run_spoken_cases(generic, voices, meter) if generic is not None else []
    old_tool = share([o.right_tool for o in old]) if old else "–"
    old_call = share([o.right_call for o in old]) if old else "–"
    row = (
        f"| {engine} | {wer(said):.1%} | {share([o.right_tool for o in said])} | "
        f"{share([o.right_call for o in said])} | {share([o.typed_right_call for o in said])} | "
        f"{share([identifier_filled(o) for o in spelled])} | {wer(spelled):.1%} | {people:.1%} | {old_tool} | "
        f"{old_call} | {meter.cpu_s / meter.speech_s:.2f} |"
    )
    return row, by_voice(engine, said, spelled) + (misses(engine, said, spelled) if list_misses else [])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", action="append", choices=ENGINES, help="engines to measure (default: all)")
    ap.add_argument("--misses", action="store_true", help="list every miss of each engine")
    ap.add_argument("--no-write", action="store_true", help="print only, do not append to bench/RESULTS.md")
    args = ap.parse_args()
    voices = Voices()
    if not voices.available:
        raise SystemExit("this benchmark needs espeak-ng")
    new, ids = load_corpus(NEW), load_corpus(IDENTIFIERS)
    generic = load_corpus(GENERIC) if GENERIC.exists() else None
    n_new = sum(bool(c.get("spoken")) for c in new["cases"])
    n_ids = sum(bool(c.get("spoken")) for c in ids["cases"])
    lines = [
        header("bench_spoken_tools", "moonshine-cpp", "pocketsphinx"),
        "",
        f"New spoken corpus: {n_new} requests for {len(new['tools'])} tools that appear nowhere else in the project, "
        f"in five espeak-ng voices and rates; spoken identifiers: {n_ids} requests; recordings of people: "
        "`data/human/` (11); existing corpus: the 20 spoken cases of `tests/data/generic_tools.json`. WER over "
        "the spoken form of the words (numbers in words, no punctuation). CPU: this process's CPU seconds per "
        f"second of speech recognised, all of the above. Default engine here: `{default_engine()}`; Moonshine's "
        f"decoding: `{BEAM_VARIABLE}={beam_mode()}`. Targets for the "
        "default: new corpus WER ≤ 15 %, right call ≥ 80 %; identifiers filled exactly ≥ 80 %.",
        "",
        "| engine | new: WER | new: right tool | new: right call | (typed: right call) | identifiers: exact | "
        "identifiers: WER | people: WER | existing: right tool | existing: right call | CPU s per s of speech |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    details: list[str] = []
    engines = args.engine or list(ENGINES)
    if len(engines) > 1:  # one process per engine, rows and misses read back from its output
        for engine in engines:
            cmd = [sys.executable, __file__, "--engine", engine, "--no-write"] + (["--misses"] if args.misses else [])
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            row = next(line for line in out.splitlines() if line.startswith(f"| {engine} |"))
            lines.append(row)
            details += out[out.index(f"\nWER of `{engine}`") :].rstrip("\n").splitlines()
            print(row, flush=True)
    else:
        row, missed = measure(engines[0], new, ids, generic, voices, args.misses)
        lines.append(row)
        details += missed
    text = "\n".join(lines + details) + "\n"
    print(text)
    if not args.no_write:
        with RESULTS.open("a") as f:
            f.write("\n" + text)


if __name__ == "__main__":
    main()
