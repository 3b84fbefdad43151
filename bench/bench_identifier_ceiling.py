"""Benchmark: how many spoken identifiers the recognizer lets through at all — whether a better reading of its
transcripts could fill more of them, or only a recognizer that hears the characters better.

For each request of the spoken identifier corpus (``tests/data/spoken_identifiers.json``), with Moonshine:

1. **default**: the identifier filled exactly by the local server's speech path (as ``bench_spoken_tools.py``
   measures it; anchor of the two ceilings below);
2. **in a beam**: filled by the speech path or from any of the transcripts a beam of eight ends with, each through
   the second pass over codes and the stand-in model
   (:meth:`~rtkit.local.speech.moonshine.MoonshineTranscriber.hypotheses`): what choosing among what the decoder
   found nearly as likely could give;
3. **search ceiling**: filled, or the decoder finds what was said at least as likely as the transcript the speech
   path wrote, by the summed log-probability of its tokens
   (:meth:`~rtkit.local.speech.moonshine.MoonshineTranscriber.scores`), in the likeliest of a few writings that
   fill the identifier (the corpus text; a code as one word, hyphenated or with commas: "XY792K", "X-Y-7-9-2-K"; an
   address whole, with its domain written or its words capitalised: "j.smith@example.com", "J dot Smith at
   example.com"). Where the decoder finds its own transcript likelier, a search that follows its scores keeps the
   transcript: only a recognizer that hears the request better, or a prior beside the decoder's, would fill it.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from _common import append, header
from tqdm import tqdm

from rtkit.audio import SAMPLE_RATE
from rtkit.local.speech.asr import ASR_RATE, Call, Recognizer, to_pcm16
from rtkit.local.speech.moonshine import HYPOTHESIS_WIDTH
from rtkit.local.spoken_corpus import (
    Voices,
    holds_expected,
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
    """The case's ``id``."""
    voice: str
    """espeak-ng voice and rate it was said in."""
    default: bool
    """The speech path filled it exactly."""
    best_of: bool
    """One of the beam's transcripts fills it exactly."""
    margin: float
    """Log-probability of the speech path's transcript less that of what was said (its likeliest writing that fills
    the identifier, :func:`writings`); ≤ 0: the decoder finds what was said at least as likely."""

    @property
    def in_beam(self) -> bool:
        """Filled by the speech path or by one of the beam's transcripts."""
        return self.default or self.best_of

    @property
    def searchable(self) -> bool:
        """Filled, or the decoder finds what was said at least as likely as its transcript."""
        return self.default or self.margin <= 0


_CHARACTER = "|".join(["[a-z0-9]", "oh", "double", "triple", *NUMBER_NAMES[:10]])
"""A word that reads out a character of a code (or repeats the next one)."""


def code_start(text: str, identifier: str) -> int | None:
    """Index of the word of ``text`` that begins reading out ``identifier`` ("A," of "order A, one, ..."; "double"
    of "double B"; "nine," of "nine, oh, two"), None when no word does."""
    words = [w.strip(",.?!").lower() for w in text.split()]
    first = identifier[0].lower()
    names = {first}
    if first.isdigit():
        names.add(NUMBER_NAMES[int(first)])
    if first == "0":
        names.add("oh")
    for i, word in enumerate(words):
        repeated = word in ("double", "triple") and i + 1 < len(words) and words[i + 1] in names
        if word in names or repeated:
            return i
    return None


def code_end(words: list[str], start: int) -> int:
    """Index just after the last word of the code that ``words`` begin reading out at ``start``."""
    end = start
    while end < len(words) and re.fullmatch(_CHARACTER, words[end].strip(",.?!").lower()):
        end += 1
    return end


def writings(text: str, identifier: str) -> list[str]:
    """``text`` as written and as a transcript may write what it reads out: a code as one word ("XY792K"), its
    characters joined by hyphens or by commas; an address whole ("j.smith@example.com"), with its domain written
    ("at example.com") or its words capitalised ("J dot Smith")."""
    words = text.split()
    tail = words[-1][len(words[-1].rstrip(",.?!")) :]
    if "@" in identifier:  # said "... to LOCAL at DOMAIN", to the end of the request
        to = max((i for i, w in enumerate(words) if w == "to"), default=None)
        at = max((i for i, w in enumerate(words) if w == "at"), default=None)
        if to is None or at is None or at < to:
            return [text]
        local, domain = words[to + 1 : at], identifier.split("@")[1] + tail
        kept = {"dot", "underscore", *NUMBER_NAMES[:10]}
        named = [w if w.strip(",") in kept else w.capitalize() for w in local]
        head = words[: to + 1]
        return [
            text,
            " ".join([*head, identifier + tail]),
            " ".join([*head, *local, "at", domain]),
            " ".join([*head, *named, "at", domain]),
            " ".join([*head, *named, *words[at:]]),
        ]
    start = code_start(text, identifier)
    if start is None:
        return [text]
    end = code_end(words, start)
    ending = words[end - 1][len(words[end - 1].rstrip(",.?!")) :].lstrip(",")
    characters = [c for c in identifier if c != " "]
    codes = (identifier, "-".join(characters), ", ".join(characters))
    return [text, *(" ".join([*words[:start], code + ending, *words[end:]]) for code in codes)]


def filled(text: str, tools: list[dict[str, Any]], expect: dict[str, Any]) -> bool:
    """The stand-in model's call for a request heard as ``text`` holds the expected arguments exactly, whichever
    tool it calls (as :func:`~rtkit.local.spoken_corpus.identifier_filled` grades)."""
    return holds_expected(spoken_call(text, tools)[1], expect)


def measure(corpus: dict[str, Any], voices: Voices, recognizer: Recognizer) -> list[Ceiling]:
    """Each spoken request of ``corpus`` said, recognized and graded three ways (see the module docstring)."""
    moonshine = recognizer.moonshine
    if moonshine is None:
        raise SystemExit("this benchmark needs Moonshine")
    audios: list[np.ndarray] = []

    def transcribe_keeping_audio(calls: list[Call]) -> list[str | Exception]:
        audios.extend(to_pcm16(np.asarray(c.pcm), SAMPLE_RATE, ASR_RATE).astype(np.float32) / 32768.0 for c in calls)
        return recognizer.transcribe_many(calls)

    outcomes = run_spoken_cases(corpus, voices, transcribe_many=transcribe_keeping_audio)
    cases = [c for c in corpus["cases"] if c.get("spoken")]
    out = []
    for case, outcome, audio in tqdm(zip(cases, outcomes, audios, strict=True), total=len(cases), leave=False):
        tools = [{"type": "function", **t} for t in session_tools(corpus, case)]
        expect = case["expect"]
        best_of = any(filled(text, tools, expect) for text in moonshine.hypotheses(audio, HYPOTHESIS_WIDTH, True))
        (identifier,) = expect["arguments"].values()
        said = [text for text in writings(case["text"], identifier) if filled(text, tools, expect)]
        scored = moonshine.scores(audio, [outcome.heard, *said])
        margin = scored[0] - max(scored[1:], default=-np.inf)
        out.append(Ceiling(case["id"], outcome.voice, identifier_filled(outcome), best_of, margin))
    return out


def share(flags: list[bool]) -> str:
    """``k/n (p%)`` of the true ``flags``."""
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
            revoiced = copy.deepcopy(ids)
            for case in revoiced["cases"]:
                case["voice"], case["rate"] = voice, rate
            sets.append((f"{voice}@{rate}", measure(revoiced, voices, recognizer)))
    width = HYPOTHESIS_WIDTH
    lines = [
        header("bench_identifier_ceiling", "moonshine-cpp"),
        "",
        f"Spoken identifiers ({len(sets[0][1])} requests a set), Moonshine. Default: filled exactly by the speech "
        f"path. In a beam of {width}: filled by it or by any of the transcripts a beam of {width} ends with. "
        "Search ceiling: filled, or the decoder finds what was said (its likeliest writing among a few, summed "
        "log-probability) at least as likely as the transcript it wrote.",
        "",
        f"| voices | default | in a beam of {width} | search ceiling |",
        "|---|---:|---:|---:|",
    ]
    for name, rows in sets:
        lines.append(
            f"| {name} | {share([r.default for r in rows])} | {share([r.in_beam for r in rows])} | "
            f"{share([r.searchable for r in rows])} |"
        )
    missed = [r for _, rows in sets for r in rows if not r.default]
    lines += [
        "",
        f"Of the {len(missed)} identifiers the speech path missed, the beam's transcripts fill "
        f"{sum(r.best_of for r in missed)}, and the decoder finds what was said at least as likely as its transcript "
        f"for {sum(r.margin <= 0 for r in missed)}. Per miss of the corpus voices, the transcript's log-probability "
        "less that of what was said:",
        "",
        ", ".join(f"`{r.case_id}` {r.margin:+.1f}" for r in sets[0][1] if not r.default) + ".",
    ]
    append("\n".join(lines) + "\n", write=not args.no_write)


if __name__ == "__main__":
    main()
