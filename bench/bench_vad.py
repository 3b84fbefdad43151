"""Benchmark: the VAD lab on one core — simulation speed per scorer, and the time of a search.

1. Speed as a multiple of real time (seconds of audio per second of wall time) over the labelled set in
   ``data/vad/`` tiled to 10 minutes, pinned to one core, best of several runs:
   - the energy scorer (fused float32 reduction) and, measured the same way, the plain float64 formula it
     replaced; the state machine alone on precomputed scores; ``simulate`` (both together; target >= 5,000x).
     Anchor: one numpy pass converting the same int16 samples to float32, the memory-bandwidth bound of any
     float scorer (about 30,000x was expected on this machine).
   - each model scorer beside its reference implementation run the same way on the same audio: WebRTC VAD's
     own ``Vad.is_speech`` loop over 16 kHz frames, TEN VAD's own ``TenVad.process`` loop over 16 kHz hops,
     and the Silero ONNX model stepped window by window as silero-vad's ``OnnxWrapper`` does (in numpy: the
     wrapper itself needs torch). Each reference is fed audio resampled once beforehand; the scorers resample
     themselves, which is the difference.
2. A 100-setting random search (energy scorer) over 10 minutes of labelled audio, scoring included (target < 5 s).

Appends the figures to bench/RESULTS.md.

Usage: python bench/bench_vad.py [--minutes M] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import soxr

from rtkit import vad
from rtkit.vad import lab
from rtkit.vad.lab.labels import LabelledFile
from rtkit.vad.scorers import SAMPLE_RATE, silero_model_path

ROOT = Path(__file__).resolve().parent.parent


def best_of(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def tiled(minutes: float) -> tuple[list[LabelledFile], np.ndarray]:
    """The labelled set repeated (under new names) to at least ``minutes`` of audio, and all of it as one array."""
    base = lab.load_recordings(ROOT / "data" / "vad")
    total = sum(r.duration_ms for r in base) / 60000
    copies = int(np.ceil(minutes / total))
    recs = [LabelledFile(f"{i}_{r.name}", r.pcm, r.segments) for i in range(copies) for r in base]
    return recs, np.concatenate([r.pcm for r in recs])


def plain_energy(frames: np.ndarray) -> np.ndarray:
    """The energy scorer's formula as first written (float64, separate passes)."""
    x = frames.astype(np.float64) / 32768.0
    db = 20.0 * np.log10(np.sqrt(np.mean(x * x, axis=1)) + 1e-10)
    return np.clip((db + 70.0) / 60.0, 0.0, 1.0)


def reference_webrtc(pcm16k: np.ndarray, modes: tuple[int, ...]) -> None:
    import webrtcvad

    vads = [webrtcvad.Vad(m) for m in modes]
    data, step = pcm16k.tobytes(), 640
    for i in range(len(data) // step):
        chunk = data[i * step : (i + 1) * step]
        for v in vads:
            v.is_speech(chunk, 16000)


def reference_ten(pcm16k: np.ndarray) -> None:
    import ten_vad

    model = ten_vad.TenVad(hop_size=256)
    for hop in pcm16k[: len(pcm16k) // 256 * 256].reshape(-1, 256):
        model.process(hop)


def reference_silero(pcm16k: np.ndarray) -> None:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.inter_op_num_threads = opts.intra_op_num_threads = 1
    session = ort.InferenceSession(str(silero_model_path()), sess_options=opts, providers=["CPUExecutionProvider"])
    state, context, sr = np.zeros((2, 1, 128), np.float32), np.zeros((1, 64), np.float32), np.array(16000)
    x16 = pcm16k.astype(np.float32) / 32768.0
    for window in x16[: len(x16) // 512 * 512].reshape(-1, 512):
        x = np.concatenate([context, window[None, :]], axis=1)
        _, state = session.run(None, {"input": x, "state": state, "sr": sr})
        context = x[:, -64:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="audio to tile the labelled set to")
    parser.add_argument("--no-write", action="store_true", help="print only; do not append to bench/RESULTS.md")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    recs, pcm = tiled(args.minutes)
    audio_s = len(pcm) / SAMPLE_RATE
    frames = pcm[: len(pcm) // 480 * 480].reshape(-1, 480)
    energy = vad.EnergyScorer()
    scores = energy.score_frames(frames)
    rt = lambda seconds: audio_s / seconds  # noqa: E731

    def state_machine() -> None:
        lab.simulate_scores(scores, 20, vad.VADParams(), audio_s * 1000)

    def state_machine_by_frame() -> None:
        detector = vad.VoiceActivityDetector(vad.VADParams())
        events: list[vad.VADEvent] = []
        for speech in (scores >= 0.5).tolist():
            detector._step(speech, events)

    rows: list[tuple[str, float, str]] = [
        ("anchor: int16 → float32, one numpy pass", rt(best_of(lambda: pcm.astype(np.float32), 7)), ""),
        ("energy scorer, plain float64 formula (before)", rt(best_of(lambda: plain_energy(frames), 5)), ""),
        ("energy scorer, blockwise fused float32 (now)", rt(best_of(lambda: energy.score_frames(frames), 7)), ""),
        ("state machine alone, frame by frame (before)", rt(best_of(state_machine_by_frame, 3)), ""),
        ("state machine alone, run by run (now)", rt(best_of(state_machine, 5)), ""),
        ("simulate: energy scorer + state machine", rt(best_of(lambda: lab.simulate(pcm), 5)), ">= 5,000×"),
    ]
    pcm16k = soxr.resample(pcm, SAMPLE_RATE, 16000)
    references: dict[str, tuple[str, Callable[[np.ndarray], None]]] = {
        "webrtc": ("WebRTC VAD, 4 modes", lambda a: reference_webrtc(a, (0, 1, 2, 3))),
        "ten": ("TEN VAD", reference_ten),
        "silero": ("Silero VAD (ONNX)", reference_silero),
    }
    missing = []
    for name, (label, reference) in references.items():
        try:
            scorer = vad.make_scorer(name)
        except vad.ScorerUnavailable as exc:
            missing.append(f"{name}: {exc}")
            continue
        # the slow models run on the first 2 minutes; WebRTC VAD on all of it
        audio = pcm if name == "webrtc" else pcm[: 120 * SAMPLE_RATE]
        seconds = len(audio) / SAMPLE_RATE
        ref_audio = pcm16k[: len(audio) * 2 // 3]
        rows.append((f"{label}: reference loop", seconds / best_of(lambda a=ref_audio, f=reference: f(a), 2), ""))
        ours = best_of(lambda a=audio, s=scorer: vad.score_audio(a, s), 2)
        rows.append((f"{label}: rtkit scorer", seconds / ours, ""))

    settings = lab.random_settings(100, ["energy"], seed=1)

    def search() -> None:
        lab.evaluate(recs, settings)

    search_s = best_of(search, 3)
    lines = [
        f"\n### bench_vad — {dt.date.today()} — {platform.machine()}, {os.cpu_count()} cores (pinned to one), "
        f"Python {platform.python_version()}, numpy {np.__version__}, {platform.platform()}\n",
        f"Speed over {audio_s / 60:.1f} min of labelled audio (data/vad tiled; TEN and Silero on its "
        "first 2 min), best of several runs, one core. × real time = seconds of audio per second of wall time.\n",
        "| what | × real time | target |",
        "|---|---:|---|",
        *(f"| {what} | {speed:,.0f} | {target} |" for what, speed, target in rows),
        "",
        f"Search: 100 random settings (energy scorer) over {audio_s / 60:.1f} min of labelled audio "
        f"({len(recs)} files), scoring included: **{search_s:.2f} s** (target < 5 s).",
    ]
    sim = rows[5][1]
    misses = []
    if sim < 5000:
        misses.append(f"simulate at {sim:,.0f}× misses the 5,000× target")
    if search_s >= 5:
        misses.append(f"the search at {search_s:.2f} s misses the 5 s target")
    lines.append("Misses: " + ("; ".join(misses) if misses else "none") + ".")
    if missing:
        lines.append("Not measured (not installed): " + "; ".join(missing) + ".")
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        with (ROOT / "bench" / "RESULTS.md").open("a") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
