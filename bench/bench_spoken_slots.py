"""Benchmark: slot values (place names, enum values) in spoken requests — how often the local server's speech
path hears them, what the slot step costs, and what it puts into utterances that hold no value.

1. Spoken city requests ("What's the weather in CITY right now?", espeak-ng's default voice, 16 cities) with a
   ``get_weather(city)`` tool, and enum requests with a ``play_music(genre)`` tool: recognized with the session
   vocabulary and slots, routed by the rule-based responder; right calls with the slot step and without it
   (anchor: the same recognizer given no slots), and recognition time per utterance with and without it.
2. False values: the synthetic samples (data/labels.json) and the recordings of people (data/human/), none of
   which names a city or a genre, recognized in a session with both tools: how many transcripts got a value
   put in, and the phone-spotting costs of the best place name on them (the place names are too many to be
   spotted across a whole utterance; see ``rtkit.local.speech.asr.SPOT_MAX_CANDIDATES``).

``--engine`` picks the recognizer (default ``pocketsphinx``, whose transcripts the slot step serves; with
``combined``, the default engine of the local server, utterances that do not fit the tool words are Moonshine's).

Appends the figures to bench/RESULTS.md.

Usage: python bench/bench_spoken_slots.py [--engine ENGINE] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from bench_speech import human_clips, segments

from rtkit.local.model.responder import FunctionCallPlan, plan_response
from rtkit.local.speech.asr import ENGINES, Recognizer
from rtkit.local.speech.engines import vocabulary
from rtkit.local.speech.slots import slots
from rtkit.local.speech.tts import Synthesizer
from rtkit.local.speech.words import SPOT_MAX_CANDIDATES, SPOT_THRESHOLD

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from spoken_tools import GENRES, MUSIC_TOOL, WEATHER_TOOL  # noqa: E402

INSTRUCTIONS = "You are a helpful assistant."
CITIES = """Paris Berlin Rome Tokyo London Madrid Chicago Sydney Cairo Boston Dublin Moscow Toronto Vienna Seattle
Lisbon""".split()
CASES = [(WEATHER_TOOL, f"What's the weather in {c} right now?", {"city": c}) for c in CITIES] + [
    (MUSIC_TOOL, text, {"genre": genre}) for genre in GENRES for text in (f"Play some {genre}.", f"Play {genre} music.")
]


def call_of(text: str, tool: dict) -> dict | None:
    """Arguments of the call the responder makes for ``text`` (None: no call of ``tool``)."""
    item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}
    plan = plan_response([item], [tool], INSTRUCTIONS)
    return json.loads(plan.arguments) if isinstance(plan, FunctionCallPlan) and plan.name == tool["name"] else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", choices=ENGINES, default="pocketsphinx", help="recognizer (default pocketsphinx)")
    ap.add_argument("--no-write", action="store_true", help="print only, do not append to bench/RESULTS.md")
    args = ap.parse_args()
    recognizer, synth = Recognizer(engine=args.engine), Synthesizer()
    if not (recognizer.available and synth.available):
        raise SystemExit(f"this benchmark needs the {args.engine} recognizer and espeak-ng")

    # 1. requests naming a value, with and without the slot step (interleaved; each vocabulary warmed first)
    rows = []
    for tool, said, expected in CASES:
        pcm = synth.synthesize(said)
        words, values = vocabulary([tool], INSTRUCTIONS), slots([tool])
        recognizer.transcribe(pcm[:2400], words)
        t = time.perf_counter()
        plain = recognizer.recognize(pcm, words)
        plain_ms = 1000 * (time.perf_counter() - t)
        t = time.perf_counter()
        found = recognizer.recognize(pcm, words, values)
        slot_ms = 1000 * (time.perf_counter() - t)
        rows.append((tool, said, expected, plain, found, plain_ms, slot_ms))

    # 2. utterances with no value, in a session with both tools
    tools = [WEATHER_TOOL, MUSIC_TOOL]
    words, values = vocabulary(tools, INSTRUCTIONS), slots(tools)
    clips = [("synthetic sample", pcm) for _, pcm in segments()] + [("recording", pcm) for _, pcm in human_clips()]
    false_values = []
    for kind, pcm in clips:
        found = recognizer.recognize(pcm, words, values)
        if found.text != found.kept_text:
            false_values.append((kind, found.kept_text, found.text))

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"
    lines = [f"### bench_spoken_slots ({args.engine}) — {dt.date.today().isoformat()} — {machine}", ""]
    for name in ("get_weather", "play_music"):
        mine = [r for r in rows if r[0]["name"] == name]
        before = sum(call_of(r[3].text, r[0]) == r[2] for r in mine)
        after = sum(call_of(r[4].text, r[0]) == r[2] for r in mine)
        lines.append(
            f"Spoken `{name}` requests ({len(mine)}, espeak-ng default voice): right call {after}/{len(mine)} with "
            f"the slot step (target: more than the anchor), {before}/{len(mine)} without it (anchor)."
        )
    plain_ms = [r[5] for r in rows]
    slot_ms = [r[6] for r in rows]
    lines += [
        "",
        f"Recognition time per utterance ({len(rows)} requests; the slot step adds a slot pass and a phone-loop "
        "decoding, only when a slot is missing or a place lacks its preposition; target: median at most 1.5× the "
        f"anchor's{'' if statistics.median(slot_ms) <= 1.5 * statistics.median(plain_ms) else ', **MISSED**'}):",
        "",
        "| recognition | median ms | max ms |",
        "|---|---:|---:|",
        f"| word passes only (anchor) | {statistics.median(plain_ms):.0f} | {max(plain_ms):.0f} |",
        f"| with the slot step | {statistics.median(slot_ms):.0f} | {max(slot_ms):.0f} |",
        "",
        "| said | heard without the slot step | heard with it |",
        "|---|---|---|",
    ]
    lines += [f"| {r[1]} | {r[3].text} | {r[4].text} |" for r in rows]
    lines += [
        "",
        f"False values (target: none{'' if not false_values else ', **MISSED**'}): {len(false_values)} of "
        f"{len(clips)} utterances naming no city or genre "
        f"(synthetic samples and recordings of people, session with both tools; spot threshold {SPOT_THRESHOLD:g} "
        f"per phone, whole-utterance spotting for slots of at most {SPOT_MAX_CANDIDATES} values).",
    ]
    lines += [f"- {kind}: heard “{kept}”, made “{text}”" for kind, kept, text in false_values]
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        with (ROOT / "bench" / "RESULTS.md").open("a") as f:
            f.write("\n" + text)


if __name__ == "__main__":
    main()
