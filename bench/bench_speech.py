"""Benchmark: the local server's speech engines — how much they stall the rest of the process, and how well
and how fast they work.

1. Stall (anchor: the same loop with nothing else running): the main thread runs a ``time.sleep(0.001)``
   loop for a few seconds while another thread keeps recognising the labelled sample utterances, (a) with
   the Recognizer in that thread (PocketSphinx holds the GIL while decoding) and (b) through the
   RecognizerWorker process (the thread only waits on a pipe); and (c) while a thread keeps synthesising
   (espeak-ng releases the GIL). Reports the largest and 99th-percentile gap between ticks and ticks per
   second: an event loop's timers and time stamps see the same gaps.
2. Recognition latency per utterance: worker round trip vs the same call in this process.
3. Synthesis speed: seconds of speech per second of wall time (anchor: the audio's own duration).
4. Word accuracy on the synthetic sample segments (data/labels.json) and on recordings of real people
   (data/human/), with the session vocabulary built from the finance and devtools MCP tools and the default
   instructions: the constrained pass alone, the open-vocabulary pass alone, and the transcript kept.
5. Recognition throughput of a RecognizerPool with one worker per core (anchor: a pool of one worker, the
   former single worker), utterances per second and per second per core, all samples sent at once.
6. The spoken share of the generic tool corpus (tests/data/generic_tools.json, when present): synthesized,
   recognized and routed.
7. The two engines side by side (``--engines`` runs only this): word accuracy on the synthetic samples and the
   recordings of people, time per utterance in this process, and the spoken corpus, for Moonshine and for
   PocketSphinx with the session's words.

Parts 1-6 measure PocketSphinx, whose decoder holds the GIL (the reason for the worker processes).

Appends the figures to bench/RESULTS.md.

Usage: python bench/bench_speech.py [--seconds S] [--engines] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import re
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from rtkit import MCPRealtimeBridge, RealtimeConfig
from rtkit.audio import SAMPLE_RATE, load_audio
from rtkit.local.speech.asr import CONSTRAINED_MARGIN, ENGINES, Recognizer
from rtkit.local.speech.engines import vocabulary
from rtkit.local.speech.recognition_pool import RecognizerPool, machine_cores
from rtkit.local.speech.tts import Synthesizer
from rtkit.local.speech.worker import RecognizerWorker
from rtkit.local.spoken_corpus import load_corpus, run_spoken_cases, word_errors

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CORPUS = ROOT / "tests" / "data" / "generic_tools.json"
MARGIN_MS = 300  # audio kept around each labelled span, as a VAD would commit it


def human_clips() -> list[tuple[str, np.ndarray]]:
    """(transcript, audio) of the recordings of people in data/human/."""
    labels = json.loads((DATA / "human" / "transcripts.json").read_text())
    return [(label["text"], load_audio(DATA / "human" / name)) for name, label in labels.items()]


def accuracy_of(clips: list[tuple[str, np.ndarray]], words: list[str]) -> dict[str, float]:
    """Word accuracy (1 - WER) of each pass and of the kept transcript, with a fresh Recognizer."""
    r = Recognizer(engine="pocketsphinx")
    errors = {"constrained pass only": 0, "open-vocabulary pass only": 0, "kept (both passes)": 0}
    total = 0
    for text, pcm in clips:
        ref = words_of(text)
        heard = r.recognize(pcm, words)
        for key, hyp in zip(errors, (heard.constrained_text, heard.open_text, heard.text), strict=True):
            errors[key] += word_errors(ref, words_of(hyp))
        total += len(ref)
    return {key: 1 - e / total for key, e in errors.items()} | {"words": total}


def pool_throughput(size: int, clips: list[np.ndarray], words: list[str], rounds: int) -> float:
    """Utterances per second of a pool of ``size`` workers given all ``clips`` ``rounds`` times at once."""
    pool = RecognizerPool(size, engine="pocketsphinx")
    try:
        pool.start(size).result(timeout=300)
        pool.warm(words).result(timeout=300)
        start = time.perf_counter()
        futures = [pool.transcribe(pcm, words) for _ in range(rounds) for pcm in clips]
        for f in futures:
            f.result()
        return len(futures) / (time.perf_counter() - start)
    finally:
        pool.shutdown()


def segments() -> list[tuple[str, np.ndarray]]:
    """(text, audio) of every labelled speech span of the samples, with a little audio either side."""
    labels = json.loads((DATA / "labels.json").read_text())
    out = []
    for name, label in labels.items():
        pcm = load_audio(DATA / name)
        for seg in label["segments"]:
            lo = max(0, int((seg["start_ms"] - MARGIN_MS) * SAMPLE_RATE / 1000))
            hi = int((seg["end_ms"] + MARGIN_MS) * SAMPLE_RATE / 1000)
            out.append((seg["text"], pcm[lo:hi]))
    return out


async def session_vocabulary() -> list[str]:
    """The words a local-server session with the example MCP tools and default instructions recognises."""
    config = RealtimeConfig()
    async with MCPRealtimeBridge(["finance", "devtools"], config.mcp) as bridge:
        return vocabulary(bridge.tools(), config.instructions)


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def tick_gaps(seconds: float) -> list[float]:
    """Gaps (ms) between the iterations of a 1 ms sleep loop on this thread."""
    gaps = []
    end = time.perf_counter() + seconds
    last = time.perf_counter()
    while last < end:
        time.sleep(0.001)
        now = time.perf_counter()
        gaps.append(1000 * (now - last))
        last = now
    return gaps


def under_load(work: Callable[[], object] | None, seconds: float) -> dict[str, float]:
    """Tick gaps of the main thread while another thread repeats ``work`` (None: nothing else runs)."""
    stop = threading.Event()
    done = [0]

    def loop() -> None:
        while not stop.is_set():
            work()
            done[0] += 1

    thread = threading.Thread(target=loop) if work is not None else None
    if thread is not None:
        thread.start()
    gaps = tick_gaps(seconds)
    stop.set()
    if thread is not None:
        thread.join()
    return {
        "max_ms": max(gaps),
        "p99_ms": float(np.percentile(gaps, 99)),
        "ticks_per_s": len(gaps) / seconds,
        "calls": done[0],
    }


def cycle(items: list, fn: Callable) -> Callable[[], object]:
    """A zero-argument callable applying ``fn`` to the next item each time."""
    state = [0]

    def call() -> object:
        item = items[state[0] % len(items)]
        state[0] += 1
        return fn(item)

    return call


def accuracy_lines(accuracy: dict[str, dict[str, float]], n_words: int) -> list[str]:
    """The word-accuracy table."""
    lines = [
        f"Recognition word accuracy (1 − WER), session vocabulary of {n_words} words; the synthetic samples "
        "are espeak-ng speech of tool requests, the recordings of people are PocketSphinx's LibriVox, cards and "
        f"go-forward test clips (data/human/, ordinary sentences, no tool words); margin {CONSTRAINED_MARGIN:g}:",
        "",
        "| audio | constrained pass only | open-vocabulary pass only | kept (both passes) | reference words |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, acc in accuracy.items():
        lines.append(
            f"| {label} | {acc['constrained pass only']:.1%} | {acc['open-vocabulary pass only']:.1%} | "
            f"**{acc['kept (both passes)']:.1%}** | {int(acc['words'])} |"
        )
    return lines


def engine_lines(
    segs: list[tuple[str, np.ndarray]], human: list[tuple[str, np.ndarray]], words: list[str]
) -> list[str]:
    """7. Both engines on the same audio: word accuracy, time per utterance, spoken corpus."""
    synth = Synthesizer()
    corpus = load_corpus(CORPUS) if CORPUS.exists() else None
    lines = [
        f"Engines side by side (session vocabulary of {len(words)} words, used by PocketSphinx only; time per "
        "utterance in this process, median over the synthetic samples and the recordings; spoken corpus: espeak-ng "
        "→ recognition → routing):",
        "",
        "| engine | synthetic samples | recordings of people | median ms per utterance | corpus: right tool | "
        "corpus: right call |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for engine in ENGINES:
        r = Recognizer(engine=engine)
        if not r.available:
            lines.append(f"| {engine} | not installed ({r.problem}) | | | | |")
            continue
        r.transcribe(segs[0][1], words)  # warm
        acc, ms = [], []
        for clips in (segs, human):
            errors = total = 0
            for text, pcm in clips:
                t = time.perf_counter()
                heard = r.transcribe(pcm, words)
                ms.append(1000 * (time.perf_counter() - t))
                ref = words_of(text)
                errors += word_errors(ref, words_of(heard))
                total += len(ref)
            acc.append(1 - errors / total)
        tool = call = "–"
        if corpus is not None:
            spoken = run_spoken_cases(corpus, synth.synthesize, r.transcribe)
            tool = f"{sum(o.right_tool for o in spoken)}/{len(spoken)}"
            call = f"{sum(o.right_call for o in spoken)}/{len(spoken)}"
        lines.append(f"| {engine} | {acc[0]:.1%} | {acc[1]:.1%} | {statistics.median(ms):.0f} | {tool} | {call} |")
    return lines


def write(lines: list[str], to_file: bool) -> None:
    text = "\n".join(lines) + "\n"
    print(text)
    if to_file:
        with (ROOT / "bench" / "RESULTS.md").open("a") as f:
            f.write("\n" + text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=4.0, help="length of each stall measurement")
    ap.add_argument("--rounds", type=int, default=2, help="times each sample is sent to the pools")
    ap.add_argument("--accuracy-only", action="store_true", help="measure only the word accuracy (4.)")
    ap.add_argument("--engines", action="store_true", help="measure only the two engines side by side (7.)")
    ap.add_argument("--no-write", action="store_true", help="print only, do not append to bench/RESULTS.md")
    args = ap.parse_args()

    segs, human = segments(), human_clips()
    words = asyncio.run(session_vocabulary())
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"
    if args.engines:
        head = [f"### bench_speech (engines) — {dt.date.today().isoformat()} — {machine}", ""]
        write(head + engine_lines(segs, human, words), not args.no_write)
        return
    if args.accuracy_only:
        accuracy = {"synthetic samples": accuracy_of(segs, words), "recordings of people": accuracy_of(human, words)}
        head = [f"### bench_speech (word accuracy only) — {dt.date.today().isoformat()} — {machine}", ""]
        write(head + accuracy_lines(accuracy, len(words)), not args.no_write)
        return
    recognizer, synth = Recognizer(engine="pocketsphinx"), Synthesizer()
    worker = RecognizerWorker(engine="pocketsphinx")
    if not (recognizer.available and synth.available):
        raise SystemExit("this benchmark needs pocketsphinx and espeak-ng")
    worker_pid = worker.start().result(timeout=120)
    try:
        # Warm both recognizers for the vocabulary (builds its decoder) and synthesis.
        recognizer.transcribe(segs[0][1], words)
        worker.transcribe(segs[0][1], words).result()
        synth.synthesize("warm up")

        # 1. stall, two interleaved rounds, worst figures kept
        conditions: dict[str, Callable[[], object] | None] = {
            "nothing else running (anchor)": None,
            "recognition in a thread of this process": cycle(segs, lambda s: recognizer.transcribe(s[1], words)),
            "recognition in the worker process": cycle(segs, lambda s: worker.transcribe(s[1], words).result()),
            "synthesis in a thread of this process": cycle(segs, lambda s: synth.synthesize(s[0])),
        }
        stall: dict[str, dict[str, float]] = {}
        for _ in range(2):
            for name, work in conditions.items():
                r = under_load(work, args.seconds / 2)
                if name in stall:
                    s = stall[name]
                    r = {
                        "max_ms": max(s["max_ms"], r["max_ms"]),
                        "p99_ms": max(s["p99_ms"], r["p99_ms"]),
                        "ticks_per_s": (s["ticks_per_s"] + r["ticks_per_s"]) / 2,
                        "calls": s["calls"] + r["calls"],
                    }
                stall[name] = r

        # 2. latency per utterance, interleaved
        local_ms, remote_ms = [], []
        for _ in range(2):
            for _, pcm in segs:
                t = time.perf_counter()
                recognizer.transcribe(pcm, words)
                local_ms.append(1000 * (time.perf_counter() - t))
                t = time.perf_counter()
                worker.transcribe(pcm, words).result()
                remote_ms.append(1000 * (time.perf_counter() - t))

        # 3. synthesis speed
        speech_s = wall_s = 0.0
        for text, _ in segs:
            t = time.perf_counter()
            out = synth.synthesize(text)
            wall_s += time.perf_counter() - t
            speech_s += len(out) / SAMPLE_RATE

        # 4. word accuracy, fresh recognizers (a decoder adapts to what it heard)
        accuracy = {"synthetic samples": accuracy_of(segs, words), "recordings of people": accuracy_of(human, words)}
    finally:
        worker.shutdown()

    # 5. pool throughput
    cores = machine_cores()
    clips = [pcm for _, pcm in segs]
    throughput = {n: pool_throughput(n, clips, words, args.rounds) for n in sorted({1, cores})}

    # 6. spoken corpus
    spoken = None
    if CORPUS.exists():
        spoken = run_spoken_cases(load_corpus(CORPUS), synth.synthesize, recognizer.transcribe)

    lines = [
        f"### bench_speech — {dt.date.today().isoformat()} — {machine}",
        "",
        f"Main thread: a `time.sleep(0.001)` loop, {args.seconds:g} s per condition (two interleaved rounds; worst "
        "gap of the two kept) while another thread repeats the work on the "
        f"{len(segs)} labelled sample utterances (session vocabulary of {len(words)} words). Anchor: the same loop "
        "with nothing else running. An event loop's timers and a client's `time.monotonic()` stamps see the same "
        f"gaps. Worker process pid {worker_pid} (≠ {os.getpid()}).",
        "",
        "| main thread while … | max gap ms | p99 gap ms | ticks/s | calls done |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in stall.items():
        lines.append(
            f"| {name} | {r['max_ms']:.1f} | {r['p99_ms']:.2f} | {r['ticks_per_s']:.0f} | "
            f"{'' if conditions[name] is None else int(r['calls'])} |"
        )
    lines += [
        "",
        f"Recognition latency per utterance ({len(local_ms)} calls each, interleaved, session vocabulary):",
        "",
        "| path | median ms | max ms |",
        "|---|---:|---:|",
        f"| in this process | {statistics.median(local_ms):.0f} | {max(local_ms):.0f} |",
        f"| worker process round trip | {statistics.median(remote_ms):.0f} | {max(remote_ms):.0f} |",
        "",
        f"Synthesis (espeak-ng, {len(segs)} sample sentences): {speech_s:.2f} s of speech in {wall_s:.3f} s = "
        f"{speech_s / wall_s:.1f} × real time (anchor: the audio's own duration).",
        "",
    ]
    lines += accuracy_lines(accuracy, len(words))
    one = throughput[1]
    lines += [
        "",
        f"Recognition throughput ({len(clips) * args.rounds} utterances sent at once, session vocabulary; target: "
        f"the pool scales with the cores; anchor: one worker). {cores} cores, shared with other jobs on this "
        "machine:",
        "",
        "| workers | utterances/s | utterances/s per core | × one worker |",
        "|---:|---:|---:|---:|",
    ]
    lines += [f"| {n} | {u:.2f} | {u / cores:.2f} | {u / one:.2f} |" for n, u in throughput.items()]
    if spoken is not None:
        right_tool = sum(o.right_tool for o in spoken)
        right_call = sum(o.right_call for o in spoken)
        lines += [
            "",
            f"Generic tool corpus, spoken cases ({len(spoken)}; espeak-ng → recognition → routing): right tool "
            f"{right_tool}/{len(spoken)} = {right_tool / len(spoken):.0%}, right tool and arguments {right_call}/"
            f"{len(spoken)} = {right_call / len(spoken):.0%}.",
        ]
        misses = [o for o in spoken if not o.right_call]
        lines += [
            f"- miss `{o.case_id}`: said “{o.text}”, heard “{o.heard}”, called {o.called} {o.arguments}" for o in misses
        ]
    lines += ["", *engine_lines(segs, human, words)]
    write(lines, not args.no_write)


if __name__ == "__main__":
    main()
