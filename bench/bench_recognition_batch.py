"""Benchmark: Moonshine recognising utterances one at a time vs in batches, as a recognition worker does under load.

The utterances are the labelled turns of ``data/`` (cut at their labels, 300 ms either side, as the server's VAD cuts
them) and the recordings of people in ``data/human/``, each padded as the recognizer pads it. Each batch size runs over
the same utterances in groups of that size, in this process with one ONNX Runtime thread (a worker is one core), so
the figure is CPU seconds of this process per utterance and per second of speech: on a shared machine CPU time is
the figure to compare, not wall time. Anchor: batch size 1 (how a worker decoded before batching), in the same run,
interleaved with the batched rounds. Each batch must give every utterance the transcript it gets alone (the
decoder masks each row's padding), and the worker's resident memory must stay under 600 MB.

    python bench/bench_recognition_batch.py [--rounds 3] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time

import numpy as np
from _common import ROOT, append, header, verdict

from rtkit.audio import load_audio, to_pcm16
from rtkit.local.speech.moonshine import RATE, MoonshineTranscriber
from rtkit.local.speech.recognition_pool import MAX_BATCH_AUDIO_S

SIZES = (1, 2, 4, 8)
RSS_MB = 600.0


def utterances() -> list[np.ndarray]:
    """The labelled turns and the recordings of people, 16 kHz float."""
    out = []
    labels = json.loads((ROOT / "data" / "labels.json").read_text())
    for name, entry in labels.items():
        pcm = load_audio(ROOT / "data" / name)
        for seg in entry["segments"]:
            lo, hi = int((seg["start_ms"] - 300) * 24), int((seg["end_ms"] + 300) * 24)
            out.append(pcm[max(0, lo) : hi])
    out += [load_audio(p) for p in sorted((ROOT / "data" / "human").glob("*.flac"))]
    return [to_pcm16(pcm, 24000, RATE).astype(np.float32) / 32768.0 for pcm in out]


def groups(audio: list[np.ndarray], size: int) -> list[list[np.ndarray]]:
    """``audio`` in order, in batches as the pool makes them: up to ``size``, at most
    :data:`~rtkit.local.speech.recognition_pool.MAX_BATCH_AUDIO_S` counting each as the longest."""
    out: list[list[np.ndarray]] = []
    for a in audio:
        last = out[-1] if out else []
        wider = max([len(x) for x in last] + [len(a)])
        if last and len(last) < size and (len(last) + 1) * wider <= MAX_BATCH_AUDIO_S * RATE:
            last.append(a)
        else:
            out.append([a])
    return out


def cpu_per_utterance(model: MoonshineTranscriber, audio: list[np.ndarray], size: int) -> tuple[float, list[str]]:
    start = time.process_time()
    texts: list[str] = []
    for batch in groups(audio, size):
        texts += model.transcribe_many(batch)
    return (time.process_time() - start) / len(audio), texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    model = MoonshineTranscriber()
    mixed = utterances()
    same = [mixed[0]] * 8  # eight callers saying the same thing: the load test's case
    speech_s = sum(len(a) for a in mixed) / RATE
    alone = [model.transcribe(a) for a in mixed]
    cpu: dict[tuple[str, int], list[float]] = {}
    agree: dict[tuple[str, int], int] = {}
    for _ in range(args.rounds):
        for size in SIZES:  # interleaved: each round measures every size once
            for name, audio, expected in (("mixed", mixed, alone), ("same", same, [alone[0]] * 8)):
                seconds, texts = cpu_per_utterance(model, audio, size)
                cpu.setdefault((name, size), []).append(seconds)
                agree[(name, size)] = sum(a == b for a, b in zip(texts, expected, strict=True))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    base = {name: statistics.median(cpu[(name, 1)]) for name in ("mixed", "same")}
    lines = [
        header("bench_recognition_batch", "onnxruntime", "numpy"),
        "",
        f"Moonshine base, one ONNX Runtime thread, CPU s of this process per utterance (median of {args.rounds} "
        f"interleaved rounds). Mixed: {len(mixed)} utterances of 1.1-7 s ({speech_s:.0f} s of speech: the labelled "
        "turns of data/ and the recordings of people), in batches of up to the batch size as the pool makes them "
        f"(at most {MAX_BATCH_AUDIO_S:g} s of audio counting each row as the longest). Same: one 2.3 s turn eight "
        "times (the load test's callers). Anchor: batch size 1.",
        "",
        "| utterances | batch size | CPU ms per utterance | CPU s per s of speech | vs one at a time | "
        "transcripts as alone |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, audio in (("mixed", mixed), ("same", same)):
        per_s = sum(len(a) for a in audio) / RATE / len(audio)
        for size in SIZES:
            ms = statistics.median(cpu[(name, size)]) * 1000
            lines.append(
                f"| {name} | {size} | {ms:.0f} | {ms / 1000 / per_s:.3f} | {base[name] * 1000 / ms:.2f}× | "
                f"{agree[(name, size)]}/{len(audio)} |"
            )
    same_transcripts = all(agree[(n, s)] == (len(mixed) if n == "mixed" else 8) for n, s in agree)
    lines += [
        "",
        f"Every batch gives each utterance its transcript alone: {verdict(same_transcripts)}. Peak resident memory "
        f"{rss_mb:.0f} MB (target ≤ {RSS_MB:.0f} MB): {verdict(rss_mb <= RSS_MB)}.",
    ]
    append("\n".join(lines), write=not args.no_write)


if __name__ == "__main__":
    main()
