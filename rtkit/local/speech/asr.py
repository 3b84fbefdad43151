"""Local speech recognition for the local Realtime server: Moonshine, or PocketSphinx with the session's words.

Three engines (:data:`ENGINES`), chosen per :class:`Recognizer` (``engine=``), else by the ``RTKIT_RECOGNIZER``
environment variable, else the first of them whose wheels are installed:

- ``moonshine`` (default; :mod:`rtkit.local.speech.moonshine`): an open-vocabulary transformer trained on real
  speech. It hears ordinary sentences, real voices and synthetic ones, and names; cased and punctuated text, as the
  service writes it. Listed values are not used; the session's vocabulary only by the beam: an utterance whose
  greedy transcript the decoder was unsure of is decoded again with a beam that leans toward the session's words,
  by default only while no other utterance waits for recognition (``busy``), with ``RTKIT_MOONSHINE_BEAM=gated``
  always, with ``all`` every utterance, with ``greedy`` none (:mod:`rtkit.local.speech.beam_gate`). When a
  parameter takes an identifier (a ``spelled`` slot) and the transcript reads out a code, that stretch is decoded
  once more choosing only among letters, digits and their separators (:meth:`MoonshineTranscriber.transcribe`).
  Measured on speech none of the engines was built for (``bench/bench_spoken_tools.py``: 46 requests for new tools
  in five espeak-ng voices, and the recordings of people) it has the fewest word errors of the three, and it costs
  the least CPU per utterance after PocketSphinx alone.
- ``combined``: Moonshine first; only when its transcript holds none of the session's words (other than the
  common ones every vocabulary gets) are PocketSphinx's two passes below run, and the session-vocabulary
  transcript replaces Moonshine's when it fits the sound better ("git log", which Moonshine may write "get
  logged"). A kept vocabulary transcript that lacks a slot's value gives way to Moonshine's when that one holds
  a value. The session-vocabulary pass forces every sound into the session's words, so where it wins on
  ordinary English it turns it into tool words; measured, this engine is never better than Moonshine alone.
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
:class:`~rtkit.local.speech.worker.RecognizerWorker` runs a Recognizer in a worker process instead.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from rtkit.audio import SAMPLE_RATE, to_pcm16
from rtkit.local.speech.moonshine import MoonshineTranscriber, moonshine_problem
from rtkit.local.speech.slots import Slot
from rtkit.local.speech.words import (
    PLACE_PREPOSITIONS,
    SPOT_MAX_CANDIDATES,
    SPOT_THRESHOLD,
    Words,
    bare_place,
    best_phrase,
    mentions,
    merge,
    plain_words,
    preposition,
    put_phrase,
    slot_value,
    words_inside,
)

__all__ = [
    "CONSTRAINED_MARGIN",
    "Call",
    "ENGINES",
    "ENGINE_VARIABLE",
    "FUNCTION_WORDS",
    "NUMBER_WORDS",
    "SPOT_MAX_CANDIDATES",
    "SPOT_THRESHOLD",
    "Recognition",
    "Recognizer",
    "check_engine",
    "default_engine",
    "engine_problem",
    "model_problem",
    "vocabulary_words",
]

log = logging.getLogger(__name__)

ASR_RATE = 16000
"""Input rate of both engines' models."""

ENGINES = ("moonshine", "combined", "pocketsphinx")
"""The recognition engines, best first (``bench/bench_spoken_tools.py``)."""

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

_COMMON_WORDS = frozenset(FUNCTION_WORDS + NUMBER_WORDS)


def _shares_words(text: str, vocabulary: Sequence[str]) -> bool:
    """True if ``text`` holds a word of the vocabulary other than the common words every vocabulary gets
    (:data:`FUNCTION_WORDS`, :data:`NUMBER_WORDS`): the session's own words were heard."""
    heard = set(plain_words(text).split()) - _COMMON_WORDS
    return any(w in heard for entry in vocabulary_words(vocabulary) for w in entry)


_WORD_RE = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_MAX_VOCABULARIES = 4  # vocabulary decoders kept (about 10 MB each: a worker stays under 600 MB); a session has one

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


class Call(NamedTuple):
    """One utterance to recognise, as :meth:`Recognizer.transcribe` takes it."""

    pcm: np.ndarray
    """Mono int16 audio at 24 kHz."""
    vocabulary: Sequence[str] = ()
    """The session's words."""
    slots: Sequence[Slot] = ()
    """The session's slots."""
    light: bool = False
    """Take the light path (:meth:`Recognizer.recognize`)."""
    busy: bool = False
    """Other utterances wait for recognition beside this one (:meth:`Recognizer.recognize`)."""


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


def _expects_codes(slots: Sequence[Slot], light: bool) -> bool:
    """Whether Moonshine's second pass over read-out codes may run: a slot takes an identifier, and the utterance is
    not on the light path."""
    return any(s.spelled for s in slots) and not light


def _unit_float(audio: np.ndarray) -> np.ndarray:
    """int16 samples as float32 in [-1, 1), as Moonshine takes them."""
    return audio.astype(np.float32) / 32768.0


def _outcome(fn: Any, *args: Any) -> str | Exception:
    """``fn(*args)``, or the exception it raised."""
    try:
        return str(fn(*args))
    except Exception as exc:  # reported to that call's caller; the other calls of a batch keep theirs
        return exc


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

    @property
    def moonshine(self) -> MoonshineTranscriber | None:
        """The Moonshine transcriber the ``combined`` and ``moonshine`` engines decode with; None for PocketSphinx
        alone or when it cannot load."""
        return self._moonshine if self.available else None

    def speed(self) -> tuple[float, float] | None:
        """``(seconds of speech, wall seconds)`` Moonshine takes for a typical batch of requests on this machine now
        (:meth:`MoonshineTranscriber.speed`); None for PocketSphinx alone or when unavailable."""
        return self._moonshine.speed() if self._moonshine is not None and self.available else None

    def transcribe(
        self,
        pcm: np.ndarray,
        vocabulary: Sequence[str] = (),
        slots: Sequence[Slot] = (),
        light: bool = False,
        busy: bool = False,
    ) -> str:
        """Transcribe one utterance; with a ``vocabulary``, the better-fitting of the constrained and the
        open-vocabulary pass (see the module docstring), with the values of ``slots`` it missed spotted; ``light``
        and ``busy`` as for :meth:`recognize`."""
        return self.recognize(pcm, vocabulary, slots, light, busy).text

    def recognize(
        self,
        pcm: np.ndarray,
        vocabulary: Sequence[str] = (),
        slots: Sequence[Slot] = (),
        light: bool = False,
        busy: bool = False,
    ) -> Recognition:
        """Both passes' transcripts and fits, the one kept, and the slot values spotted (:meth:`transcribe`
        gives only the text).

        ``slots`` (:func:`rtkit.local.speech.slots.slots`) are the values to look for once more when the kept
        transcript lacks them, and places to give a preposition (see the module docstring). Moonshine makes one
        open-vocabulary pass and uses neither. ``light`` (the server asks for it when many utterances wait): the
        ``combined`` engine makes Moonshine's pass alone, a fraction of the PocketSphinx passes' compute. ``busy``
        (the server says so when other utterances wait beside this one): Moonshine's default decoding keeps to
        greedy (:func:`~rtkit.local.speech.beam_gate.gating`).
        """
        if not self.available:
            return Recognition("", "")
        audio = to_pcm16(np.asarray(pcm), SAMPLE_RATE, ASR_RATE)
        if audio.size == 0:
            return Recognition("", "")
        spelled = _expects_codes(slots, light)
        heard = ""
        if self._moonshine is not None and self.engine != "pocketsphinx":
            heard = self._moonshine.transcribe(_unit_float(audio), spelled, self._biasing(vocabulary), light, busy)
        return self._recognize(audio, heard, vocabulary, slots, light)

    def transcribe_many(self, calls: Sequence[Call]) -> list[str | Exception]:
        """The transcript of each call as :meth:`transcribe` gives it, or the exception it raised. Moonshine's pass
        runs over all of them as one batch (:meth:`MoonshineTranscriber.transcribe_many`), which costs far less
        than one at a time; the PocketSphinx passes run one by one."""
        if not self.available:
            return ["" for _ in calls]
        audios = [to_pcm16(np.asarray(c.pcm), SAMPLE_RATE, ASR_RATE) for c in calls]
        heard: list[str] = [""] * len(calls)
        spoken = [i for i, audio in enumerate(audios) if audio.size]
        if self._moonshine is not None and spoken:
            spelled = [_expects_codes(calls[i].slots, calls[i].light) for i in spoken]
            try:
                texts = self._moonshine.transcribe_many(
                    [_unit_float(audios[i]) for i in spoken],
                    spelled,
                    [self._biasing(calls[i].vocabulary) for i in spoken],
                    [calls[i].light for i in spoken],
                    [calls[i].busy for i in spoken],
                )
            except Exception as exc:  # each call is then tried alone, so one bad input fails only itself
                log.debug("batched recognition failed (%s); one call at a time", exc)
                return [_outcome(self.transcribe, *c) for c in calls]
            for i, text in zip(spoken, texts, strict=True):
                heard[i] = text
        out: list[str | Exception] = []
        for call, audio, text in zip(calls, audios, heard, strict=True):
            args = (audio, text, call.vocabulary, call.slots, call.light)
            out.append(_outcome(self._recognized_text, *args) if audio.size else "")
        return out

    def _biasing(self, vocabulary: Sequence[str]) -> Sequence[str]:
        """The words Moonshine's beam leans toward: the session's with the ``moonshine`` engine; none with
        ``combined``, whose PocketSphinx passes bring the session's words when Moonshine's transcript holds none
        (a biased transcript holds some more often, and those passes would not run)."""
        return vocabulary if self.engine == "moonshine" else ()

    def _recognized_text(self, *args: Any) -> str:
        return self._recognize(*args).text

    def _recognize(
        self, audio: np.ndarray, heard: str, vocabulary: Sequence[str], slots: Sequence[Slot], light: bool
    ) -> Recognition:
        """:meth:`recognize` of 16 kHz ``audio`` whose Moonshine transcript is ``heard`` (combined and moonshine
        engines)."""
        slots = [s for s in slots if s.candidates]
        if self.engine != "pocketsphinx":
            if self.engine == "moonshine" or light or not vocabulary or _shares_words(heard, vocabulary):
                return Recognition(heard, heard)
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
                return Recognition(heard, text, open_fit, fit)
            kept = words if found.constrained else open_words
            missing = [s for s in slots if not mentions(found.kept_text, s.candidates)]
            if self.engine == "combined" and missing and kept:
                # Moonshine hears names better than the slot step, and puts none where none was said.
                plain = plain_words(heard)
                named = tuple(c for s in missing for c in s.candidates if mentions(plain, [c]))
                if named:
                    return Recognition(found.open_text, text, open_fit, fit, heard, named[:1])
                return found
            bare = any(s.place and bare_place(kept, s.candidates) for s in slots)
            if not (missing or bare) or not kept:
                return found
            known = {w for entry in vocabulary_words(vocabulary) for w in entry}
            values = [c for s in missing for c in s.candidates]
            if any(w not in known for c in values for w in c.split()):  # a slot pass with the values
                words = _decode(self._vocabulary_decoder([*vocabulary, *values]), raw)[2]
            tool_words = known - set(FUNCTION_WORDS) - set(NUMBER_WORDS)
            return self._fill(found, kept, words, slots, raw, tool_words)

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
            at_n = best_phrase(words, slot.candidates, taken, phones, prons)
            if at_n is None:
                hit = slot_value(slot, phones, heard, prons)
                if hit is None or any(words[i][0] in keep for i in words_inside(words, hit[1], hit[2])):
                    continue
                words, at = put_phrase(words, *hit)
                spotted.append(hit[0])
            else:
                at = at_n[0]
                words = merge(words, *at_n)
            if slot.place and (at == 0 or words[at - 1][0] not in PLACE_PREPOSITIONS):
                words, at = preposition(words, at, phones, slot.prepositions, prons, keep)
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
