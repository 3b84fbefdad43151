"""Local speech recognition with PocketSphinx, for the local Realtime server.

Uses the English acoustic model, dictionary and language model bundled in the ``pocketsphinx`` wheel
(16 kHz input; rtkit's 24 kHz audio is resampled with soxr). :meth:`Recognizer.transcribe` runs two passes
over each utterance when it is given a vocabulary (words from the session's tool names, tool descriptions
and instructions):

- a constrained pass over a small n-gram language model of those words plus common English function and
  number words (each vocabulary entry may be a word, a phrase or a tool name such as
  ``get_portfolio_summary``; the words of one entry also form bigrams, so multi-word names are preferred in
  their own order). It spells requests in tool words well, but forces every sound into a tool word, so an
  ordinary sentence comes out as a string of tool words;
- an open-vocabulary pass over the bundled English language model, which hears ordinary sentences of real
  voices but mishears many tool words, above all in synthetic speech.

The result of the pass whose words fit the sound better is kept: the constrained one only when its mean
acoustic log-likelihood per frame beats the open one's by :data:`CONSTRAINED_MARGIN` (where the speech is made
of tool words, the open pass's language model pulls it off the sound; where it is not, the constrained pass
is the one pulled off).

Without the engine or its model, :attr:`Recognizer.available` is False, one warning is logged and
:meth:`Recognizer.transcribe` returns ``""``.

PocketSphinx holds the GIL while it decodes, so a recognition in a thread stalls every other thread of the
process (an event loop's timers and time stamps included) for tens of milliseconds at a time.
:class:`RecognizerWorker` runs a Recognizer in a worker process instead.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from concurrent.futures import BrokenExecutor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import numpy as np

from rtkit.audio import SAMPLE_RATE, to_pcm16

__all__ = [
    "CONSTRAINED_MARGIN",
    "FUNCTION_WORDS",
    "NUMBER_WORDS",
    "Recognition",
    "Recognizer",
    "RecognizerWorker",
    "model_problem",
    "vocabulary_words",
]

log = logging.getLogger(__name__)

ASR_RATE = 16000
"""Input rate of the bundled acoustic model."""

CONSTRAINED_MARGIN = 2.4e-4
"""How much better (mean acoustic log-likelihood per frame, relative to the best senone of each frame) the
constrained pass must fit an utterance than the open-vocabulary pass for its transcript to be kept. Set from the
fits on the shipped samples with the example servers' vocabulary: synthetic tool requests fit the constrained
pass better by 2.5-11e-4; recordings of people reading sentences fit it worse (by 1.4-6e-4); of their short
number and card phrases, two fit it better by more than the margin ("ten of clubs", and "five five", which both
passes hear alike). Word accuracy of each pass and of the kept transcript: ``bench/bench_speech.py``."""

FUNCTION_WORDS: tuple[str, ...] = tuple(
    """a an the i me my mine you your we us our it its they them their this that these those there here
    is are was were be been being am do does did done have has had will would can could should may might
    must shall what which who whom whose when where why how much many some any all each every no not
    and or but if then than so of to in on at by for with from into onto about over under between after
    before up down out off again please show tell give get make let find list read search plan check
    run look see want need like just also more most less very too only own same other new recent last
    first next one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
    hundred thousand million dollars percent yes okay thanks thank""".split()
)
"""Common English words added to every vocabulary so ordinary requests can be spelled out."""

NUMBER_WORDS: tuple[str, ...] = tuple(
    """zero thirteen fourteen fifteen sixteen seventeen eighteen nineteen sixty seventy eighty ninety
    billion half quarter""".split()
)
"""Number words also added to every vocabulary (tool arguments are often amounts)."""

_WORD_RE = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_MAX_VOCABULARIES = 8  # vocabulary decoders kept; a session usually has one

_WARN_LOCK = threading.Lock()
_WARNED: set[str] = set()


def vocabulary_words(entries: Iterable[str]) -> list[list[str]]:
    """Split vocabulary entries into lower-case word lists (``get_portfolioSummary`` → 3 words)."""
    out: list[list[str]] = []
    for entry in entries:
        words = [w.lower() for w in _WORD_RE.findall(_CAMEL_RE.sub(" ", str(entry).replace("_", " ")))]
        if words:
            out.append(words)
    return out


def _default_model_dir() -> str | None:
    try:
        import pocketsphinx
    except ImportError:
        return None
    return pocketsphinx.get_model_path("en-us")


def _model_files(root: Path) -> tuple[Path, Path, Path]:
    """Acoustic model folder, language model and dictionary under a model directory."""
    return root / "en-us", root / "en-us.lm.bin", root / "cmudict-en-us.dict"


def model_problem(model_dir: str | os.PathLike[str] | None = None) -> str | None:
    """Why a Recognizer for ``model_dir`` (default: the bundled model) cannot load, without loading it; None
    when the package and the model files are there."""
    root = str(model_dir) if model_dir is not None else _default_model_dir()
    if root is None:
        return "the pocketsphinx package is not installed"
    for p in _model_files(Path(root)):
        if not p.exists():
            return f"model file {p} not found"
    return None


@dataclass(frozen=True)
class Recognition:
    """One utterance as heard by the open-vocabulary and the constrained pass."""

    open_text: str
    """Transcript of the open-vocabulary pass."""
    constrained_text: str
    """Transcript of the constrained (session vocabulary) pass; equal to ``open_text`` without a vocabulary."""
    open_fit: float = 0.0
    """Mean acoustic log-likelihood per frame of the open pass's words (relative to each frame's best)."""
    constrained_fit: float = float("-inf")
    """The same for the constrained pass (-inf when it did not run)."""

    @property
    def constrained(self) -> bool:
        """True when the constrained pass's transcript is the one kept."""
        return self.constrained_fit >= self.open_fit + CONSTRAINED_MARGIN

    @property
    def text(self) -> str:
        """The transcript kept."""
        return self.constrained_text if self.constrained else self.open_text


def _decode(decoder: Any, raw: bytes) -> tuple[str, float]:
    """Transcript of 16 kHz int16 ``raw`` audio, and its words' mean acoustic log-likelihood per frame."""
    decoder.reinit_feat()  # no front-end state from earlier utterances
    decoder.start_utt()
    decoder.process_raw(raw, full_utt=True)
    decoder.end_utt()
    hyp = decoder.hyp()
    segments = list(decoder.seg())
    fit = sum(math.log(max(s.ascore, 1e-300)) for s in segments) / max(decoder.n_frames(), 1)
    # Strip pronunciation-variant markers such as "read(2)" and filler tokens.
    words = [re.sub(r"\(\d+\)$", "", w) for w in (hyp.hypstr if hyp is not None else "").split()]
    return " ".join(w for w in words if not (w.startswith("<") or w.startswith("["))), fit


class Recognizer:
    """Speech (mono int16, 24 kHz) to lower-case text.

    ``model_dir`` is a directory holding the acoustic model folder ``en-us/``, ``en-us.lm.bin`` and
    ``cmudict-en-us.dict`` (default: the one bundled with the ``pocketsphinx`` wheel). ``pad_ms`` of quiet
    noise is added on both sides of each utterance: the decoder needs some non-speech to anchor its
    silence model and its cepstral normalisation. Calls are serialised with a lock (the decoder is
    stateful).
    """

    def __init__(self, model_dir: str | os.PathLike[str] | None = None, *, pad_ms: float = 150.0) -> None:
        self.model_dir = str(model_dir) if model_dir is not None else _default_model_dir()
        self.pad_ms = pad_ms
        self._lock = threading.Lock()
        self._decoder: Any = None
        self._vocab_decoders: OrderedDict[str, Any] = OrderedDict()
        self._prons: dict[str, list[str]] | None = None
        self._hmm = self._dict = Path()
        self._tmp = tempfile.TemporaryDirectory(prefix="rtkit-asr-")
        self.problem = problem = self._load()  # why the model could not be loaded (None when available)
        if problem is not None:
            with _WARN_LOCK:
                first = problem not in _WARNED
                _WARNED.add(problem)
            if first:
                log.warning("PocketSphinx is not available (%s); transcripts will be empty", problem)

    def _load(self) -> str | None:
        if self.model_dir is None:
            return "the pocketsphinx package is not installed"
        problem = model_problem(self.model_dir)
        if problem is not None:
            return problem
        root = Path(self.model_dir)
        self._hmm, lm, self._dict = _model_files(root)
        try:
            # A narrower search over the full vocabulary: about 40 % faster, as it runs on every utterance.
            self._decoder = self._new_decoder(lm, self._dict, pl_window=5, maxhmmpf=5000, maxwpf=10)
        except (ImportError, RuntimeError, ValueError, OSError) as exc:
            return f"cannot load the model in {root}: {exc}"
        return None

    def _new_decoder(self, lm: Path, dictionary: Path, *, fwdflat: bool = False, **search: Any) -> Any:
        from pocketsphinx import Decoder

        return Decoder(
            hmm=str(self._hmm),
            lm=str(lm),
            dict=str(dictionary),
            samprate=ASR_RATE,
            # Each utterance normalised by itself, with no noise estimate carried over: one input, one
            # transcript, whatever was decoded before.
            cmn="batch",
            remove_noise=False,
            # No lattice pass, whose word scores are not per word. The flat second pass is cheap over a
            # small vocabulary and spells tool words better there; over the full one it would double the time.
            fwdflat=fwdflat,
            bestpath=False,
            loglevel="FATAL",
            **search,
        )

    def _pronunciations(self) -> dict[str, list[str]]:
        """Word → its pronunciations from the dictionary, read once (lock held)."""
        if self._prons is None:
            prons: dict[str, list[str]] = {}
            with self._dict.open(encoding="utf-8", errors="replace") as f:
                for line in f:
                    head, _, phones = line.strip().partition(" ")
                    if phones:
                        prons.setdefault(re.sub(r"\(\d+\)$", "", head), []).append(phones.strip())
            self._prons = prons
        return self._prons

    @property
    def available(self) -> bool:
        """True when the PocketSphinx decoder and its model are loaded."""
        return self._decoder is not None

    def __repr__(self) -> str:
        return f"Recognizer(model_dir={self.model_dir!r}, available={self.available})"

    def known(self, word: str) -> bool:
        """True if ``word`` is in the pronunciation dictionary (only such words can be recognised)."""
        if not self.available:
            return False
        with self._lock:
            return word.lower() in self._pronunciations()

    def transcribe(self, pcm: np.ndarray, vocabulary: Sequence[str] = ()) -> str:
        """Transcribe one utterance; with a ``vocabulary``, the better-fitting of the constrained and the
        open-vocabulary pass (see the module docstring)."""
        return self.recognize(pcm, vocabulary).text

    def recognize(self, pcm: np.ndarray, vocabulary: Sequence[str] = ()) -> Recognition:
        """Both passes' transcripts and fits, and the one kept (:meth:`transcribe` gives only its text)."""
        if not self.available:
            return Recognition("", "")
        audio = to_pcm16(np.asarray(pcm), SAMPLE_RATE, ASR_RATE)
        if audio.size == 0:
            return Recognition("", "")
        # Quiet noise around and under the speech, seeded so one input always gives one transcript:
        # the decoder needs non-speech at the edges, and digital silence has no usable log energy.
        pad = np.zeros(round(ASR_RATE * self.pad_ms / 1000))
        signal = np.concatenate([pad, audio.astype(np.float64), pad])
        signal += np.random.default_rng(0).normal(0.0, 4.0, len(signal))
        raw = np.clip(np.round(signal), -32768, 32767).astype("<i2").tobytes()
        with self._lock:
            open_text, open_fit = _decode(self._decoder, raw)
            if not vocabulary:
                return Recognition(open_text, open_text, open_fit=open_fit)
            text, fit = _decode(self._vocabulary_decoder(vocabulary), raw)
        return Recognition(open_text, text, open_fit, fit)

    def _vocabulary_decoder(self, vocabulary: Sequence[str]) -> Any:
        """A decoder whose dictionary and language model hold only the vocabulary (LRU-cached); lock held.

        A separate small decoder, not another search in the main one: a search over the full dictionary
        takes seconds to build, one over a few hundred words takes milliseconds.
        """
        prons = self._pronunciations()
        lines = []
        for words in vocabulary_words(vocabulary) + [[w] for w in FUNCTION_WORDS + NUMBER_WORDS]:
            kept = [w for w in words if w in prons]
            if kept:
                lines.append(" ".join(kept))
        key = hashlib.sha1("\n".join(sorted(set(lines))).encode()).hexdigest()[:16]
        decoder = self._vocab_decoders.get(key)
        if decoder is not None:
            self._vocab_decoders.move_to_end(key)
            return decoder
        from pocketsphinx.lm import ArpaBoLM

        model = ArpaBoLM(text="\n".join(lines) + "\n", add_start=True)
        model.compute()
        lm_path, dict_path = Path(self._tmp.name) / f"{key}.arpa", Path(self._tmp.name) / f"{key}.dict"
        with lm_path.open("w") as f:
            model.write(f)
        words = sorted({w for line in lines for w in line.split()})
        entries = []
        for w in words:
            for i, phones in enumerate(prons[w]):
                entries.append(f"{w}{f'({i + 1})' if i else ''} {phones}\n")
        dict_path.write_text("".join(entries))
        try:
            decoder = self._new_decoder(lm_path, dict_path, fwdflat=True)
        finally:
            lm_path.unlink()
            dict_path.unlink()
        self._vocab_decoders[key] = decoder
        while len(self._vocab_decoders) > _MAX_VOCABULARIES:
            self._vocab_decoders.popitem(last=False)
        return decoder


# --- worker process ----------------------------------------------------------------------------------------

_WORKER_CODE = "from rtkit.local.asr import _worker_main; _worker_main()"


def _worker_main() -> None:
    """Entry of a worker process: load a Recognizer, then answer ``(pcm, vocabulary)`` requests on stdin with
    ``("ok", text)`` or ``("error", message)`` on stdout until stdin closes."""
    # A Ctrl-C or a Jupyter interrupt is meant for the parent, which stops its worker by closing the pipe.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The protocol keeps the real stdout; anything else printed goes to stderr.
    out = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)
    inp = Connection(os.dup(0), writable=False)
    log.addHandler(logging.NullHandler())  # a load problem is logged by the parent, from the reply below
    log.propagate = False
    recognizer = Recognizer(sys.argv[1] or None)
    if not recognizer.available:
        out.send(("error", recognizer.problem))
        return
    out.send(("ready", os.getpid()))
    while True:
        try:
            pcm, vocabulary = inp.recv()
        except EOFError:
            return
        try:
            reply = ("ok", recognizer.transcribe(pcm, vocabulary))
        except Exception as exc:  # reported to the caller, the worker keeps serving
            reply = ("error", f"{type(exc).__name__}: {exc}")
        try:
            out.send(reply)
        except (BrokenPipeError, EOFError, OSError):  # the parent went away or closed the pool: stop quietly
            return


class RecognizerWorker:
    """A :class:`Recognizer` in a worker process, so decoding does not hold this process's GIL.

    The worker is a fresh interpreter (``python -c``), not a fork or a multiprocessing spawn: it imports only
    rtkit's recognizer, never the caller's main script, so scripts need no ``if __name__ == "__main__"`` guard.
    It serves one call at a time, keeps the Recognizer's per-vocabulary decoders, and exits when its input
    pipe closes (:meth:`shutdown`, or this process ending). ``model_dir`` is as for :class:`Recognizer`.
    """

    def __init__(self, model_dir: str | os.PathLike[str] | None = None) -> None:
        self.model_dir = str(model_dir) if model_dir is not None else None
        self._lock = threading.Lock()
        self._calls: ThreadPoolExecutor | None = None  # one thread: requests and replies share one pipe pair
        self._ready: Future[int] | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._send: Connection | None = None
        self._recv: Connection | None = None
        self._closed = False

    def __repr__(self) -> str:
        state = "shut down" if self._closed else "started" if self._ready is not None else "not started"
        return f"RecognizerWorker(model_dir={self.model_dir!r}, {state})"

    def start(self) -> Future[int]:
        """Start the process if needed (without waiting for it). The future gives the worker's pid once its
        Recognizer has loaded (~0.5 s), or raises RuntimeError naming the load problem, or BrokenExecutor if the
        process could not start or exited."""
        with self._lock:
            if self._closed:
                raise BrokenExecutor("the recognizer worker is shut down")
            if self._calls is None or self._ready is None:
                self._calls = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rtkit-asr-worker")
                self._ready = self._calls.submit(self._launch)
            return self._ready

    @property
    def started(self) -> bool:
        """True once :meth:`start` (or a first call) has launched the process."""
        return self._ready is not None

    @property
    def pid(self) -> int | None:
        """The worker process's id once it is ready (None before, or when it could not load)."""
        ready = self._ready
        if ready is None or not ready.done() or ready.cancelled() or ready.exception() is not None:
            return None
        return ready.result()

    def transcribe(self, pcm: np.ndarray, vocabulary: Sequence[str] = ()) -> Future[str]:
        """Future of :meth:`Recognizer.transcribe` run in the worker. BrokenExecutor (raised here or by the
        future) means the worker could not start, exited, or was shut down; RuntimeError, that the
        recognizer failed on this input."""
        self.start()
        with self._lock:
            if self._calls is None:
                raise BrokenExecutor("the recognizer worker is shut down")
            return self._calls.submit(self._call, np.ascontiguousarray(pcm, dtype=np.int16), list(vocabulary))

    @property
    def closed(self) -> bool:
        """True after :meth:`shutdown`."""
        return self._closed

    def shutdown(self) -> bool:
        """Stop the process (calls not yet sent are cancelled) and reap it; later calls raise BrokenExecutor.
        True if this call shut the worker down, False if it already was."""
        with self._lock:
            if self._closed:
                return False
            self._closed = True
            calls, proc, send, recv = self._calls, self._proc, self._send, self._recv
            self._calls = self._proc = self._send = self._recv = None
        if calls is not None:
            calls.shutdown(wait=False, cancel_futures=True)
        if send is not None:
            send.close()  # the worker exits at the end of its input
        if proc is not None:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if recv is not None:
            recv.close()
        return True

    # -- in the call thread ---------------------------------------------------------------------------------
    def _launch(self) -> int:
        import rtkit

        env = dict(os.environ)
        package_root = str(Path(rtkit.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        try:
            proc = subprocess.Popen(
                [sys.executable, "-c", _WORKER_CODE, self.model_dir or ""],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
            )
        except OSError as exc:
            raise BrokenExecutor(f"cannot start the recognizer worker: {exc}") from exc
        assert proc.stdin is not None and proc.stdout is not None
        send = Connection(os.dup(proc.stdin.fileno()), readable=False)
        recv = Connection(os.dup(proc.stdout.fileno()), writable=False)
        proc.stdin.close()
        proc.stdout.close()
        with self._lock:
            closed = self._closed
            if not closed:
                self._proc, self._send, self._recv = proc, send, recv
        if closed:  # shut down while starting
            send.close()
            recv.close()
            proc.wait()
            raise BrokenExecutor("the recognizer worker is shut down")
        status, value = self._exchange(None)
        if status != "ready":
            raise RuntimeError(value)
        return int(value)

    def _call(self, pcm: np.ndarray, vocabulary: list[str]) -> str:
        status, value = self._exchange((pcm, vocabulary))
        if status != "ok":
            raise RuntimeError(value)
        return str(value)

    def _exchange(self, request: Any) -> tuple[str, Any]:
        """Send ``request`` (None: only read) and read the reply; BrokenExecutor if the worker is gone."""
        send, recv, proc = self._send, self._recv, self._proc
        if send is None or recv is None or proc is None:
            raise BrokenExecutor("the recognizer worker is shut down")
        try:
            if request is not None:
                send.send(request)
            status, value = recv.recv()
        except (EOFError, OSError) as exc:
            raise BrokenExecutor(f"the recognizer worker process stopped (exit status {proc.poll()})") from exc
        return status, value
