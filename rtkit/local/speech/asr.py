"""Local speech recognition for the local Realtime server: Moonshine, or PocketSphinx with the session's words.

Three engines (:data:`ENGINES`), chosen per :class:`Recognizer` (``engine=``), else by the ``RTKIT_RECOGNIZER``
environment variable, else the first of them whose wheels are installed:

- ``combined`` (default): PocketSphinx's two passes below decide whether the utterance is made of the session's
  tool words; if so its session-vocabulary transcript is kept, otherwise Moonshine's. Tool requests keep their
  tool words ("git log", which Moonshine writes "get logged") and need only PocketSphinx's fast passes; names,
  ordinary sentences and real voices get Moonshine. A kept transcript that lacks a slot's value gives way to
  Moonshine's when that one holds a value (in place of the slot step, which puts values into utterances that
  name none: ``bench/bench_spoken_slots.py``).
- ``moonshine`` (:mod:`rtkit.local.speech.moonshine`): an open-vocabulary transformer trained on real speech. It hears
  ordinary sentences, real voices and synthetic ones, and names; cased and punctuated text, as the service
  writes it; about one second of compute per second of speech. The session's vocabulary and slots are not used.
- ``pocketsphinx``: about a third of Moonshine's compute, steerable by the session's words, described below.

PocketSphinx uses the English acoustic model, dictionary and language model bundled in the ``pocketsphinx`` wheel
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

Given the session's slots (:mod:`rtkit.local.speech.slots`: required string arguments with listed values, and
place-like ones, whose values are the shipped place names), a slot none of whose values the kept transcript
holds is looked for once more: a slot pass decodes with the vocabulary plus those values, and a value it hears
is put into the transcript where it was heard if the utterance's phone string (a phone-loop decoding,
:mod:`rtkit.local.speech.spotting`) agrees; a slot of a few values is also spotted in the phone string directly. A
place without a preposition before it gets the one whose phones fit there ("we rome" → "in rome"). Values
never replace the tools' own words. These extra decodings run only when a slot is missing or a place lacks
its preposition.

Without the engine or its model, :attr:`Recognizer.available` is False, one warning is logged and
:meth:`Recognizer.transcribe` returns ``""``.

Both engines are measured side by side (word accuracy on synthetic and human speech, time per utterance) in
``bench/bench_speech.py``.

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
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import BrokenExecutor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import numpy as np

from rtkit.audio import SAMPLE_RATE, to_pcm16
from rtkit.local.speech.moonshine import MoonshineTranscriber, moonshine_problem
from rtkit.local.speech.slots import Slot
from rtkit.local.speech.spotting import spot

__all__ = [
    "CONSTRAINED_MARGIN",
    "ENGINES",
    "ENGINE_VARIABLE",
    "FUNCTION_WORDS",
    "NUMBER_WORDS",
    "SPOT_MAX_CANDIDATES",
    "SPOT_THRESHOLD",
    "Recognition",
    "Recognizer",
    "RecognizerWorker",
    "check_engine",
    "default_engine",
    "engine_problem",
    "model_problem",
    "vocabulary_words",
]

log = logging.getLogger(__name__)

ASR_RATE = 16000
"""Input rate of both engines' models."""

ENGINES = ("combined", "moonshine", "pocketsphinx")
"""The recognition engines, best first."""

ENGINE_VARIABLE = "RTKIT_RECOGNIZER"
"""Environment variable naming the engine when none is given (one of :data:`ENGINES`, or ``auto``)."""

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
    hundred thousand million dollars percent yes okay thanks thank now right today tomorrow tonight
    yesterday weekend week morning afternoon evening night""".split()
)
"""Common English words added to every vocabulary so ordinary requests can be spelled out."""

NUMBER_WORDS: tuple[str, ...] = tuple(
    """zero thirteen fourteen fifteen sixteen seventeen eighteen nineteen sixty seventy eighty ninety
    billion half quarter""".split()
)
"""Number words also added to every vocabulary (tool arguments are often amounts)."""

SPOT_THRESHOLD = 0.25
"""Highest alignment cost per phone (:func:`rtkit.local.speech.spotting.align`) at which a slot value is put into a
transcript: one the slot pass heard, checked against the phones of its own stretch, or, for a slot with at most
:data:`SPOT_MAX_CANDIDATES` values, one spotted anywhere in the utterance. Measured (``bench/bench_spoken_slots.py``)
on espeak-ng requests: the city said aligns at 0.16-0.32, a genre at 0.13-0.25; on utterances naming none, the
values the slot pass puts there align at 0.06 ("porto" in "portfolio"), 0.20-0.60, a genre spotted at 0.20.
No threshold separates them fully; this one keeps most of the names said."""

SPOT_MAX_CANDIDATES = 24
"""Slots with more values than this (the place names) are not spotted across the whole phone string: among
hundreds of names some short one aligns with a stretch of any utterance about as well as the name said does
(measured on the place names: the city said aligns at 0.16-0.48 per phone, the best other name at 0.00-0.30,
and in utterances naming no place the best name aligns at 0.06-0.43)."""

PREPOSITION_THRESHOLD = 0.55
"""Highest alignment cost per phone at which a preposition is read just before a spotted place ("in" of "in
Paris"), among those its slot takes (:attr:`rtkit.local.speech.slots.Slot.prepositions`), in the two phones before
it: a place value follows one, and the word passes mishear such short words most."""

PLACE_PREPOSITIONS = frozenset({"in", "at", "for", "from", "to", "near", "into"})
"""Words that may stand before a spoken place name (one of them there, no other is read)."""

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


def default_engine() -> str:
    """The engine used when none is given: :data:`ENGINE_VARIABLE` if set (other than ``auto``), else the first
    of :data:`ENGINES` that can load."""
    named = os.environ.get(ENGINE_VARIABLE, "").strip().lower()
    if named and named != "auto":
        return check_engine(named)
    return next((e for e in ENGINES if engine_problem(e) is None), "pocketsphinx")


def check_engine(engine: str | None) -> str:
    """``engine`` if it names one of :data:`ENGINES`, :func:`default_engine` for None; ValueError naming the
    choices otherwise."""
    if engine is None:
        return default_engine()
    if engine not in ENGINES:
        raise ValueError(f"recognizer: {engine!r} is not an engine; choose one of {', '.join(ENGINES)} or auto")
    return engine


def engine_problem(engine: str | None = None, model_dir: str | os.PathLike[str] | None = None) -> str | None:
    """Why a Recognizer of ``engine`` (default: :func:`default_engine`) cannot load, without loading it."""
    engine = check_engine(engine)
    if engine == "moonshine":
        return moonshine_problem()
    if engine == "pocketsphinx":
        return model_problem(model_dir)
    return moonshine_problem() or model_problem(model_dir)


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
    """Transcript of the open-vocabulary pass (Moonshine's in the ``combined`` and ``moonshine`` engines)."""
    constrained_text: str
    """Transcript of the constrained (session vocabulary) pass; equal to ``open_text`` without a vocabulary."""
    open_fit: float = 0.0
    """Mean acoustic log-likelihood per frame of PocketSphinx's open pass's words (relative to each frame's
    best); 0 when it did not run."""
    constrained_fit: float = float("-inf")
    """The same for the constrained pass (-inf when it did not run)."""
    spotted_text: str = ""
    """The kept transcript with the slot values found by the slot step put in where they were heard, and
    prepositions before places; in the ``combined`` engine, Moonshine's transcript when it holds a value the kept
    one lacks ("" when the slot step changed nothing)."""
    spotted: tuple[str, ...] = ()
    """The slot values the slot step put in."""

    @property
    def constrained(self) -> bool:
        """True when the constrained pass's transcript is the one kept."""
        return self.constrained_fit >= self.open_fit + CONSTRAINED_MARGIN

    @property
    def kept_text(self) -> str:
        """The transcript of the pass kept."""
        return self.constrained_text if self.constrained else self.open_text

    @property
    def text(self) -> str:
        """The transcript: the kept pass's, with any spotted slot values in it."""
        return self.spotted_text or self.kept_text


Words = list[tuple[str, int, int]]
"""Words (or phones) of a decoding with their first and last frame."""


def _decode(decoder: Any, raw: bytes) -> tuple[str, float, Words]:
    """Transcript of 16 kHz int16 ``raw`` audio, its words' mean acoustic log-likelihood per frame, and its
    words with their frames."""
    decoder.reinit_feat()  # no front-end state from earlier utterances
    decoder.start_utt()
    decoder.process_raw(raw, full_utt=True)
    decoder.end_utt()
    hyp = decoder.hyp()
    segments = list(decoder.seg())
    fit = sum(math.log(max(s.ascore, 1e-300)) for s in segments) / max(decoder.n_frames(), 1)
    # Strip pronunciation-variant markers such as "read(2)" and filler tokens.
    words = [(re.sub(r"\(\d+\)$", "", s.word), s.start_frame, s.end_frame) for s in segments]
    words = [w for w in words if not (w[0].startswith(("<", "[", "+")) or w[0] == "SIL")]
    if hyp is None or not hyp.hypstr.strip():
        words = []
    return " ".join(w for w, _, _ in words), fit, words


def _plain(text: str) -> str:
    """Lower-case words of ``text`` without punctuation, as PocketSphinx writes them ("Paris." → "paris")."""
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def _mentions(text: str, candidates: Sequence[str]) -> bool:
    """True if one of ``candidates`` (words or phrases) is among the words of ``text``."""
    padded = f" {text} "
    return any(f" {c} " in padded for c in candidates)


def _phrase(words: Words, candidates: Sequence[str], taken: Iterable[int] = ()) -> tuple[int, int] | None:
    """(index, word count) of the first of ``candidates`` (words or phrases of up to three words) among
    ``words``, not starting at a ``taken`` frame."""
    wanted, taken = set(candidates), set(taken)
    for i in range(len(words)):
        for n in (3, 2, 1):
            if (
                words[i][1] not in taken
                and i + n <= len(words)
                and " ".join(w for w, _, _ in words[i : i + n]) in wanted
            ):
                return i, n
    return None


def _inside(words: Words, start: int, end: int) -> list[int]:
    """Indexes of the words that lie mostly within frames ``start``-``end``."""
    return [i for i, (_, s, e) in enumerate(words) if min(e, end) - max(s, start) + 1 > (e - s + 1) / 2]


def _put(words: Words, phrase: str, start: int, end: int) -> tuple[Words, int]:
    """``words`` with ``phrase`` heard over frames ``start``-``end``: in place of the words that lie mostly
    within those frames, else inserted where it was heard; and the index where it went."""
    inside = _inside(words, start, end)
    at = inside[0] if inside else next((i for i, (_, s, _) in enumerate(words) if s >= start), len(words))
    kept = [w for i, w in enumerate(words) if i not in inside]
    return kept[:at] + [(phrase, start, end)] + kept[at:], at


def _best_phrase(
    words: Words, candidates: Sequence[str], taken: set[int], phones: Words, prons: dict[str, list[list[str]]]
) -> tuple[int, int] | None:
    """Like :func:`_phrase`, but of several values heard, the one the phones of its stretch fit best (the
    constrained pass may put a second name where there was none)."""
    found: list[tuple[float, int, int]] = []
    seen = set(taken)
    while (at_n := _phrase(words, candidates, seen)) is not None:
        i, n = at_n
        seen.add(words[i][1])
        fit = _stretch_fit(" ".join(w for w, _, _ in words[i : i + n]), words[i][1], words[i + n - 1][2], phones, prons)
        found.append((fit, i, n))
    return min(found)[1:] if found else None


def _stretch_fit(value: str, start: int, end: int, phones: Words, prons: dict[str, list[list[str]]]) -> float:
    """Alignment cost per phone of ``value`` with the phones heard over frames ``start``-``end`` (give or take
    3 frames)."""
    stretch = [p for p, s, e in phones if s >= start - 3 and e <= end + 3]
    best = spot(stretch, [value], prons, float("inf"))
    return best.cost if best is not None else float("inf")


def _value(slot: Slot, phones: Words, heard: Words, prons: dict[str, list[list[str]]]) -> tuple[str, int, int] | None:
    """A value of ``slot`` and its frames: one the slot pass ``heard`` if the phones of its stretch agree, or,
    for a slot of few values, the best one spotted in the phone string; None."""
    if (at_n := _phrase(heard, slot.candidates)) is not None:
        i, n = at_n
        value, start, end = " ".join(w for w, _, _ in heard[i : i + n]), heard[i][1], heard[i + n - 1][2]
        if _stretch_fit(value, start, end, phones, prons) <= SPOT_THRESHOLD:
            return value, start, end
    if len(slot.candidates) <= SPOT_MAX_CANDIDATES:
        best = spot([p for p, _, _ in phones], slot.candidates, prons, SPOT_THRESHOLD)
        if best is not None:
            return best.word, phones[best.start][1], phones[best.end - 1][2]
    return None


def _bare_place(words: Words, candidates: Sequence[str]) -> bool:
    """True if a value of ``candidates`` is among ``words`` without a preposition just before it."""
    at_n = _phrase(words, candidates)
    return at_n is not None and (at_n[0] == 0 or words[at_n[0] - 1][0] not in PLACE_PREPOSITIONS)


def _preposition(
    words: Words,
    at: int,
    phones: Words,
    prepositions: Sequence[str],
    prons: dict[str, list[list[str]]],
    keep: set[str],
) -> tuple[Words, int]:
    """``words`` with the first of ``prepositions`` (most likely first) that fits the two phones before the
    place at index ``at`` put before it, in place of the word heard there if that word overlaps them and is
    not in ``keep``; and the place's new index. Over two phones the more likely word is a better guess than
    one that fits a little better."""
    before = [p for p in phones if p[2] < words[at][1]][-2:]
    heard = [p for p, _, _ in before]
    for word in prepositions:
        fit = spot(heard, [word], prons, PREPOSITION_THRESHOLD)
        if fit is not None:
            start, end = before[fit.start][1], before[fit.end - 1][2]
            if at > 0 and words[at - 1][2] >= start and words[at - 1][0] not in keep:
                return words[: at - 1] + [(word, start, end)] + words[at:], at
            return words[:at] + [(word, start, end)] + words[at:], at + 1
    return words, at


def _merge(words: Words, i: int, n: int) -> Words:
    """``words`` with the ``n`` words from ``i`` on as one phrase."""
    phrase = (" ".join(w for w, _, _ in words[i : i + n]), words[i][1], words[i + n - 1][2])
    return words[:i] + [phrase] + words[i + n :]


class Recognizer:
    """Speech (mono int16, 24 kHz) to text, with ``engine`` (one of :data:`ENGINES`; default
    :func:`default_engine`): Moonshine writes cased, punctuated text, PocketSphinx lower-case words.

    ``model_dir`` (PocketSphinx) is a directory holding the acoustic model folder ``en-us/``, ``en-us.lm.bin``
    and ``cmudict-en-us.dict`` (default: the one bundled with the ``pocketsphinx`` wheel). ``pad_ms`` of quiet
    noise is added on both sides of each utterance: PocketSphinx needs some non-speech to anchor its silence
    model and its cepstral normalisation. Calls are serialised with a lock (the decoders are stateful).
    """

    def __init__(
        self, model_dir: str | os.PathLike[str] | None = None, *, pad_ms: float = 150.0, engine: str | None = None
    ) -> None:
        self.engine = check_engine(engine)
        self.model_dir = str(model_dir) if model_dir is not None else _default_model_dir()
        self.pad_ms = pad_ms
        self._moonshine: MoonshineTranscriber | None = None
        self._lock = threading.Lock()
        self._decoder: Any = None
        self._vocab_decoders: OrderedDict[str, Any] = OrderedDict()
        self._prons: dict[str, list[str]] | None = None
        self._phone_prons: dict[str, list[list[str]]] | None = None
        self._phones: Any = None  # phone-loop decoder, made on first use
        self._hmm = self._dict = Path()
        self._tmp = tempfile.TemporaryDirectory(prefix="rtkit-asr-")
        self.problem = problem = self._load()  # why the model could not be loaded (None when available)
        if problem is not None:
            with _WARN_LOCK:
                first = problem not in _WARNED
                _WARNED.add(problem)
            if first:
                log.warning(
                    "speech recognition (%s) is not available (%s); transcripts will be empty", self.engine, problem
                )

    def _load(self) -> str | None:
        if self.engine != "pocketsphinx":
            try:
                self._moonshine = MoonshineTranscriber()
            except (ImportError, RuntimeError, MemoryError, OSError) as exc:
                return str(exc)
            if self.engine == "moonshine":
                return None
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
        """True when the engine and its model are loaded."""
        return self.problem is None

    def __repr__(self) -> str:
        where = "" if self.engine == "moonshine" else f", model_dir={self.model_dir!r}"
        return f"Recognizer(engine={self.engine!r}{where}, available={self.available})"

    def known(self, word: str) -> bool:
        """True if ``word`` is in PocketSphinx's pronunciation dictionary (only such words can be recognised by
        it; Moonshine writes any word)."""
        if self._decoder is None:
            return False
        with self._lock:
            return word.lower() in self._pronunciations()

    def transcribe(
        self, pcm: np.ndarray, vocabulary: Sequence[str] = (), slots: Sequence[Slot] = (), light: bool = False
    ) -> str:
        """Transcribe one utterance; with a ``vocabulary``, the better-fitting of the constrained and the
        open-vocabulary pass (see the module docstring), with the values of ``slots`` it missed spotted; ``light``
        as for :meth:`recognize`."""
        return self.recognize(pcm, vocabulary, slots, light).text

    def recognize(
        self, pcm: np.ndarray, vocabulary: Sequence[str] = (), slots: Sequence[Slot] = (), light: bool = False
    ) -> Recognition:
        """Both passes' transcripts and fits, the one kept, and the slot values spotted (:meth:`transcribe`
        gives only the text).

        ``slots`` (:func:`rtkit.local.speech.slots.slots`) are the values to look for once more when the kept
        transcript lacks them, and places to give a preposition (see the module docstring). Moonshine makes one
        open-vocabulary pass and uses neither. ``light`` (the server asks for it when many utterances wait): the
        ``combined`` engine makes Moonshine's pass alone, a fraction of the PocketSphinx passes' compute.
        """
        if not self.available:
            return Recognition("", "")
        audio = to_pcm16(np.asarray(pcm), SAMPLE_RATE, ASR_RATE)
        if audio.size == 0:
            return Recognition("", "")
        if self.engine == "moonshine" or (self.engine == "combined" and (light or not vocabulary)):
            text = self._moonshine_text(audio)
            return Recognition(text, text)
        # Quiet noise around and under the speech, seeded so one input always gives one transcript:
        # the decoder needs non-speech at the edges, and digital silence has no usable log energy.
        pad = np.zeros(round(ASR_RATE * self.pad_ms / 1000))
        signal = np.concatenate([pad, audio.astype(np.float64), pad])
        signal += np.random.default_rng(0).normal(0.0, 4.0, len(signal))
        raw = np.clip(np.round(signal), -32768, 32767).astype("<i2").tobytes()
        with self._lock:
            open_text, open_fit, open_words = _decode(self._decoder, raw)
            if not vocabulary:
                return Recognition(open_text, open_text, open_fit=open_fit)
            text, fit, words = _decode(self._vocabulary_decoder(vocabulary), raw)
            found = Recognition(open_text, text, open_fit, fit)
            if self.engine == "combined" and not found.constrained:
                return Recognition(self._moonshine_text(audio), text, open_fit, fit)
            kept = words if found.constrained else open_words
            missing = [s for s in slots if not _mentions(found.kept_text, s.candidates)]
            if self.engine == "combined" and missing and kept:
                # Moonshine hears names better than the slot step, and puts none where none was said.
                heard = self._moonshine_text(audio)
                plain = _plain(heard)
                named = tuple(c for s in missing for c in s.candidates if _mentions(plain, [c]))
                if named:
                    return Recognition(found.open_text, text, open_fit, fit, heard, named[:1])
                return found
            bare = any(s.place and _bare_place(kept, s.candidates) for s in slots)
            if not (missing or bare) or not kept:
                return found
            known = {w for entry in vocabulary_words(vocabulary) for w in entry}
            values = [c for s in missing for c in s.candidates]
            if any(w not in known for c in values for w in c.split()):  # a slot pass with the values
                words = _decode(self._vocabulary_decoder([*vocabulary, *values]), raw)[2]
            tool_words = known - set(FUNCTION_WORDS) - set(NUMBER_WORDS)
            return self._fill(found, kept, words, slots, raw, tool_words)

    def _moonshine_text(self, audio: np.ndarray) -> str:
        assert self._moonshine is not None
        return self._moonshine.transcribe(audio.astype(np.float32) / 32768.0)

    def _fill(
        self, found: Recognition, words: Words, heard: Words, slots: Sequence[Slot], raw: bytes, keep: set[str]
    ) -> Recognition:
        """``found`` with the values of ``slots`` it lacks put in, and prepositions before bare places; lock
        held. ``words``: the kept pass's words; ``heard``: the words of the pass that had the slots' values in
        its vocabulary; ``keep``: words a value may not replace (the tools' own words, which carry the
        request: "portfolio" holds a "porto")."""
        decoder = self._phone_decoder()
        if decoder is None:
            return found
        prons = self._phone_lists()
        phones = _decode(decoder, raw)[2]
        spotted: list[str] = []
        taken: set[int] = set()  # first frames of the values of earlier slots
        for slot in slots:
            at_n = _best_phrase(words, slot.candidates, taken, phones, prons)
            if at_n is None:
                hit = _value(slot, phones, heard, prons)
                if hit is None or any(words[i][0] in keep for i in _inside(words, hit[1], hit[2])):
                    continue
                words, at = _put(words, *hit)
                spotted.append(hit[0])
            else:
                at = at_n[0]
                words = _merge(words, *at_n)
            if slot.place and (at == 0 or words[at - 1][0] not in PLACE_PREPOSITIONS):
                words, at = _preposition(words, at, phones, slot.prepositions, prons, keep)
            taken.add(words[at][1])
        text = " ".join(w for w, _, _ in words)
        if text == found.kept_text:
            return found
        return Recognition(
            found.open_text, found.constrained_text, found.open_fit, found.constrained_fit, text, tuple(spotted)
        )

    def _phone_lists(self) -> dict[str, list[list[str]]]:
        """Word → its pronunciations as phone lists (lock held)."""
        if self._phone_prons is None:
            self._phone_prons = {w: [p.split() for p in ps] for w, ps in self._pronunciations().items()}
        return self._phone_prons

    def _phone_decoder(self) -> Any:
        """The phone-loop decoder over the model's phone language model (made on first use; lock held), or
        None when the model has none (no slot step then)."""
        phone_lm = self._hmm.parent / "en-us-phone.lm.bin"
        if self._phones is None and phone_lm.exists():
            from pocketsphinx import Decoder

            self._phones = Decoder(
                hmm=str(self._hmm),
                allphone=str(phone_lm),
                # Weights from measurements: the names in synthetic requests come out closest to their
                # dictionary pronunciations with a strong phone LM and wide beams.
                lw=2.0,
                beam=1e-20,
                pbeam=1e-20,
                samprate=ASR_RATE,
                cmn="batch",
                remove_noise=False,
                bestpath=False,
                loglevel="FATAL",
            )
        return self._phones

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

_WORKER_CODE = "from rtkit.local.speech.asr import _worker_main; _worker_main()"


def _worker_main() -> None:
    """Entry of a worker process: load a Recognizer, then answer ``(pcm, vocabulary, slots, light)`` requests on stdin
    with ``("ok", text)`` or ``("error", message)`` on stdout until stdin closes."""
    # A Ctrl-C or a Jupyter interrupt is meant for the parent, which stops its worker by closing the pipe.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The protocol keeps the real stdout; anything else printed goes to stderr.
    out = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)
    inp = Connection(os.dup(0), writable=False)
    log.addHandler(logging.NullHandler())  # a load problem is logged by the parent, from the reply below
    log.propagate = False
    recognizer = Recognizer(sys.argv[1] or None, engine=sys.argv[2] or None)
    if not recognizer.available:
        out.send(("error", recognizer.problem))
        return
    out.send(("ready", os.getpid()))
    while True:
        try:
            pcm, vocabulary, slots, light = inp.recv()
        except EOFError:
            return
        try:
            reply = ("ok", recognizer.transcribe(pcm, vocabulary, slots, light))
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
    pipe closes (:meth:`shutdown`, or this process ending). ``model_dir`` and ``engine`` are as for
    :class:`Recognizer` (the engine is settled here, not in the worker).
    """

    def __init__(self, model_dir: str | os.PathLike[str] | None = None, *, engine: str | None = None) -> None:
        self.model_dir = str(model_dir) if model_dir is not None else None
        self.engine = check_engine(engine)
        self._lock = threading.Lock()
        self._calls: ThreadPoolExecutor | None = None  # one thread: requests and replies share one pipe pair
        self._ready: Future[int] | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._send: Connection | None = None
        self._recv: Connection | None = None
        self._closed = False
        self.measured: Callable[[float, float, bool], None] | None = None
        """Told ``(seconds of audio, seconds it took, light path)`` after each call the worker answers."""

    def __repr__(self) -> str:
        state = "shut down" if self._closed else "started" if self._ready is not None else "not started"
        return f"RecognizerWorker(engine={self.engine!r}, model_dir={self.model_dir!r}, {state})"

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

    def transcribe(
        self, pcm: np.ndarray, vocabulary: Sequence[str] = (), slots: Sequence[Slot] = (), light: bool = False
    ) -> Future[str]:
        """Future of :meth:`Recognizer.transcribe` run in the worker. BrokenExecutor (raised here or by the
        future) means the worker could not start, exited, or was shut down; RuntimeError, that the
        recognizer failed on this input."""
        self.start()
        with self._lock:
            if self._calls is None:
                raise BrokenExecutor("the recognizer worker is shut down")
            pcm = np.ascontiguousarray(pcm, dtype=np.int16)
            return self._calls.submit(self._call, pcm, list(vocabulary), list(slots), light)

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
                [sys.executable, "-c", _WORKER_CODE, self.model_dir or "", self.engine],
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

    def _call(self, pcm: np.ndarray, vocabulary: list[str], slots: list[Slot], light: bool = False) -> str:
        started = time.monotonic()
        status, value = self._exchange((pcm, vocabulary, slots, light))
        if status != "ok":
            raise RuntimeError(value)
        if self.measured is not None:
            self.measured(len(pcm) / SAMPLE_RATE, time.monotonic() - started, light)
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
