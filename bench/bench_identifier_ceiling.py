"""Benchmark: how many spoken identifiers the recognizer lets through at all — whether a better reading of its
transcripts could fill more of them, or only a recognizer that hears the characters better.

For each request of the spoken identifier corpus (``tests/data/spoken_identifiers.json``), with Moonshine:

1. **default**: the identifier filled exactly by the local server's speech path (as ``bench_spoken_tools.py``
   measures it; anchor of the two ceilings below);
2. **8-best**: filled exactly from any of the transcripts a beam of eight ends with, each through the second pass
   over codes and the stand-in model (:meth:`~rtkit.local.speech.moonshine.MoonshineTranscriber.hypotheses`): the
   most that choosing among what the decoder found nearly as likely could give;
3. **search ceiling**: filled, or the decoder finds what was said (written as the corpus writes it, or with the
   code as one word, hyphenated or with commas: "X, Y, seven, nine, two, K", "XY792K", "X-Y-7-9-2-K") at least as
   likely as the transcript the speech path wrote
   (:meth:`~rtkit.local.speech.moonshine.MoonshineTranscriber.scores`): where it does not, no search over this
   decoder's transcripts finds it, only a recognizer that hears it better.

Both ceilings read what was said (the corpus text): they measure the recognizer, nothing a session could do. The
requests are said as ``bench_spoken_tools.py`` says them (after "warm up" and the new spoken corpus: espeak-ng's
Klatt voices keep some state from one text to the next), so the default column is its figure. ``--held-out`` says
them again in four voices the corpus does not use.

Appends the figures to bench/RESULTS.md.

Usage: python bench/bench_identifier_ceiling.py [--held-out] [--no-write]
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from _common import append, header
from tqdm import tqdm

from rtkit.audio import SAMPLE_RATE
from rtkit.local.speech.asr import ASR_RATE, Recognizer, to_pcm16
from rtkit.local.speech.moonshine import HYPOTHESES
from rtkit.local.spoken_corpus import (
    Voices,
    identifier_filled,
    load_corpus,
    run_spoken_cases,
    session_tools,
    spoken_call,
)
from rtkit.local.text import NUMBER_NAMES

ROOT = Path(__file__).resolve().parent.parent
NEW = ROOT / "tests" / "data" / "spoken_new_tools.json"
IDENTIFIERS = ROOT / "tests" / "data" / "spoken_identifiers.json"
HELD_OUT = (("en-us+m3", 170), ("en-gb-x-gbclan", 180), ("en-us+f2", 160), ("en-029", 165))
"""espeak-ng voices and rates the corpus does not use."""


@dataclass(frozen=True)
class Ceiling:
    """One request's identifier as the speech path fills it and as each ceiling could."""

    case_id: str
    voice: str
    default: bool
    """The speech path filled it exactly."""
    best_of: bool
    """One of the beam's transcripts fills it exactly."""
    likelier: bool
    """The decoder finds what was said at least as likely as the transcript."""
    margin: float
    """Log-probability of the transcript less that of what was said (its likeliest writing, :func:`writings`)."""

    @property
    def searchable(self) -> bool:
        """Filled, or the decoder finds what was said likelier: a better search over its transcripts could fill
        it."""
        return self.default or self.likelier


_CHARACTER = "|".join(["[a-z0-9]", "oh", "double", "triple", *NUMBER_NAMES[:10]])
"""A word that reads out a character of a code (or repeats the next one)."""


def code_start(text: str, identifier: str) -> int | None:
    """Index of the word of ``text`` that begins reading out ``identifier`` ("A," of "order A, one, ..."; "double"
    of "double B"; "nine," of "nine, oh, two"), None when no word does."""
    words = [w.strip(",.?!").lower() for w in text.split()]
    first = identifier[0].lower()
    names = {first} | ({NUMBER_NAMES[int(first)]} | ({"oh"} if first == "0" else set()) if first.isdigit() else set())
    for i, word in enumerate(words):
        if word in names or word in ("double", "triple") and i + 1 < len(words) and words[i + 1] in names:
            return i
    return None


def code_end(words: list[str], start: int) -> int:
    """Index just after the last word of the code that ``words`` begin reading out at ``start``."""
    end = start
    while end < len(words) and re.fullmatch(_CHARACTER, words[end].strip(",.?!").lower()):
        end += 1
    return end


def writings(text: str, identifier: str) -> list[str]:
    """``text`` as written and, when it reads out a code character by character, with the code written as a
    transcript may write it: as one word ("XY792K"), its characters joined by hyphens or by commas."""
    start = code_start(text, identifier)
    if start is None or "@" in identifier:
        return [text]
    words = text.split()
    end = code_end(words, start)
    tail = words[end - 1][len(words[end - 1].rstrip(",.?!")) :].lstrip(",")
    characters = [c for c in identifier if c != " "]
    codes = (identifier, "-".join(characters), ", ".join(characters))
    return [text, *(" ".join([*words[:start], code + tail, *words[end:]]) for code in codes)]


def filled(text: str, tools: list[dict[str, Any]], expect: dict[str, Any]) -> bool:
    """The stand-in model's call for a request heard as ``text`` holds the expected arguments exactly, whichever
    tool taking them it calls (as :func:`~rtkit.local.spoken_corpus.identifier_filled` grades)."""
    arguments = spoken_call(text, tools)[1] or {}
    return all(arguments.get(k) == v for k, v in expect["arguments"].items())


def measure(corpus: dict[str, Any], voices: Voices, recognizer: Recognizer) -> list[Ceiling]:
    """Each spoken request of ``corpus`` said, recognized and graded three ways (see the module docstring)."""
    moonshine = recognizer.moonshine
    if moonshine is None:
        raise SystemExit("this benchmark needs Moonshine")
    audios: list[Any] = []

    def kept(calls: list[Any]) -> list[str | Exception]:  # the speech path, keeping each request's audio
        audios.extend(to_pcm16(np.asarray(c.pcm), SAMPLE_RATE, ASR_RATE).astype(np.float32) / 32768.0 for c in calls)
        return recognizer.transcribe_many(calls)

    outcomes = run_spoken_cases(corpus, voices, transcribe_many=kept)
    cases = [c for c in corpus["cases"] if c.get("spoken")]
    out = []
    for case, outcome, audio in tqdm(zip(cases, outcomes, audios, strict=True), total=len(cases), leave=False):
        tools = [{"type": "function", **t} for t in session_tools(corpus, case)]
        expect = case["expect"]
        best_of = any(filled(text, tools, expect) for text in moonshine.hypotheses(audio, HYPOTHESES, spelled=True))
        (identifier,) = expect["arguments"].values()
        said, wrote = (
            moonshine.scores(audio, writings(case["text"], identifier)),
            moonshine.scores(audio, [outcome.heard]),
        )
        margin = wrote[0] - max(said)
        out.append(Ceiling(case["id"], outcome.voice, identifier_filled(outcome), best_of, margin <= 0, margin))
    return out


def share(flags: list[bool]) -> str:
    return f"{sum(flags)}/{len(flags)} ({sum(flags) / len(flags):.0%})" if flags else "–"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--held-out", action="store_true", help="also say the corpus in four voices it does not use")
    ap.add_argument("--no-write", action="store_true", help="print only, do not append to bench/RESULTS.md")
    args = ap.parse_args()
    voices = Voices()
    recognizer = Recognizer(engine="moonshine")
    if not voices.available or not recognizer.available:
        raise SystemExit("this benchmark needs espeak-ng and Moonshine")
    ids = load_corpus(IDENTIFIERS)
    voices("warm up")
    run_spoken_cases(load_corpus(NEW), voices, transcribe_many=lambda calls: [""] * len(calls))
    sets = [("corpus voices", measure(ids, voices, recognizer))]
    if args.held_out:
        for voice, rate in HELD_OUT:
            moved = copy.deepcopy(ids)
            for case in moved["cases"]:
                case["voice"], case["rate"] = voice, rate
            sets.append((f"{voice}@{rate}", measure(moved, voices, recognizer)))
    lines = [
        header("bench_identifier_ceiling", "moonshine-cpp"),
        "",
        f"Spoken identifiers ({len(sets[0][1])} requests a set), Moonshine: filled exactly by the speech path "
        f"(default), from any of a {HYPOTHESES}-wide beam's transcripts (8-best); search ceiling: filled, or what "
        "was said is at least as likely to the decoder as the transcript it wrote.",
        "",
        "| voices | default | 8-best | search ceiling |",
        "|---|---:|---:|---:|",
    ]
    for name, rows in sets:
        lines.append(
            f"| {name} | {share([r.default for r in rows])} | {share([r.best_of for r in rows])} | "
            f"{share([r.searchable for r in rows])} |"
        )
    missed = [r for _, rows in sets for r in rows if not r.default]
    lines += [
        "",
        f"Of the {len(missed)} identifiers the speech path missed, the decoder finds what was said likelier than "
        f"its transcript for {sum(r.likelier for r in missed)}. Per miss of the corpus voices, the transcript's "
        "log-probability less that of what was said:",
        "",
        ", ".join(f"`{r.case_id}` {r.margin:+.1f}" for r in sets[0][1] if not r.default) + ".",
    ]
    append("\n".join(lines) + "\n", write=not args.no_write)


if __name__ == "__main__":
    sys.exit(main())
