"""Open-vocabulary speech recognition with Moonshine (base, English), for the local Realtime server.

The ``moonshine-cpp`` wheel carries the model (an ONNX encoder and decoder in ORT format, MIT licence), so nothing
is downloaded. Moonshine is an encoder-decoder transformer trained on real speech: it writes cased, punctuated
English and hears ordinary sentences, real voices and espeak-ng's synthetic ones alike, and names a small n-gram
model misses ("in Paris"). It takes no vocabulary.

The model runs on ``onnxruntime`` here, one thread per call (a recognition worker is one core), greedy decoding
with the key/value cache. The utterances whose greedy transcript the decoder was unsure of
(:func:`~rtkit.local.speech.beam_gate.unsure`) are decoded again at slower playbacks and the one the decoder is
surest of kept (:mod:`rtkit.local.speech.tempo`; not in a session that expects codes), then decoded again with a
beam of :data:`BEAM_WIDTH`
(:mod:`rtkit.local.speech.beam`) leaning toward the session's words by shallow fusion
(:mod:`rtkit.local.speech.biasing`): by default (``spare``) only when no other utterance waits for recognition
beside them (the caller says which are ``busy``), always with
:data:`~rtkit.local.speech.beam_gate.BEAM_VARIABLE` set to ``gated``, never with ``greedy``; ``all`` runs the
beam on every utterance. The decoder
is from the ONNX form of the wheel's file that
:mod:`rtkit.local.speech.onnx_model` makes once with the 8-bit weights dequantized: the wheel's own library
dequantizes them again for every token, which took about three times the CPU and grew the process past 1 GB
(``bench/RESULTS.md``). The encoder, which runs once per utterance, keeps its 8-bit weights.

Its greedy decoder sometimes says a sentence again until it runs out of tokens; such repeats are removed
(:func:`without_repeats`).

Codes read out character by character ("R, two, D, two, eight, F") are where it errs most: a letter or digit said
alone has little context, and the decoder's language prior turns it into a word ("R to D to A to F"). When the
session expects such codes (``spelled``), a transcript that reads one out is decoded once more: its tokens before
the code (less one word, which may be a misheard character) are kept, and from there on the decoder chooses only
among tokens that spell a character (a letter, a digit, a digit's name, "double", "dot", a separator) and the
first pass's own words before and after the code, so the sound alone picks the characters; a word or two the first
pass heard between characters count as part of the code ("one, Donald Salmon, three" for "one, double seven,
three": :func:`spelled_run_begin`, :func:`spelled_run_end`). Then the word just before the
code, unless it is a function word or a noun that names a code, is weighed against such a noun followed by a
character ("Odyssey" against "order C"): each reading of the whole transcript is scored by the decoder (the
log-probability of its tokens given the audio, all readings in one run), and the noun wins when it fits within
:data:`NAMED_MARGIN`.
"""

from __future__ import annotations

import ctypes
import functools
import importlib.util
import re
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rtkit.local.speech.beam import Step, beam_hypotheses, beam_search, log_softmax
from rtkit.local.speech.beam_gate import GATE, Confidence, beam_mode, confidence, gating, unsure
from rtkit.local.speech.biasing import Vocabulary
from rtkit.local.speech.onnx_model import dequantized_model
from rtkit.local.speech.tempo import TEMPOS, slowed, surest
from rtkit.local.text import IDENTIFIER_NOUNS, STOPWORDS

__all__ = [
    "MoonshineTranscriber",
    "encoder_bias",
    "moonshine_problem",
    "codes_in_capitals",
    "spelled_run_begin",
    "spelled_run_end",
    "spelled_run_start",
    "with_encoder_bias",
    "without_repeats",
]

RATE = 16000
"""Input rate of the model."""

MIN_SECONDS = 0.1
"""Shorter audio is not decoded (the model writes words for it anyway)."""

PAD_MS = 500.0
"""Quiet noise added on both sides of each utterance. Moonshine's words depend on the framing: measured on the
labelled samples cut as the server VAD cuts them (and tighter), 500 ms of noise at -78 dBFS gave the right words
in 16 of 18 cuts, against 9 with no padding and 7 with 250 ms ("Show my standing on draw series" for "Show my
spending on groceries")."""


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def without_repeats(text: str) -> str:
    """``text`` without the repeats a decoder loop adds: a sentence said again right after itself, or a last
    one that only begins it again ("Lock the door. Lock the door. Lock the" → "Lock the door.")."""
    kept: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        key = _key(sentence)
        if kept and key and (key == _key(kept[-1]) or _key(kept[-1]).startswith(key)):
            continue
        kept.append(sentence)
    return " ".join(kept)


def _bare(word: str) -> str:
    """A transcript's word in lower case without the punctuation around it."""
    return word.lower().strip(",.?!;:\"'")


def _key(sentence: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", sentence.lower()))


def _package_dir() -> Path | None:
    spec = importlib.util.find_spec("moonshine_cpp")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def moonshine_problem() -> str | None:
    """Why Moonshine cannot load, without loading it; None when the package and its English model are there."""
    root = _package_dir()
    if root is None:
        return "the moonshine-cpp package is not installed"
    for name in ("encoder_model.ort", "decoder_model_merged.ort", "tokenizer.bin"):
        if not (root / "models" / "base-en" / name).exists():
            return f"model file {root / 'models' / 'base-en' / name} not found"
    for module, package in (("onnxruntime", "onnxruntime"), ("onnx", "onnx")):
        if importlib.util.find_spec(module) is None:
            return f"the {package} package is not installed (pip install {package})"
    return None


def _tokens(path: Path) -> list[bytes]:
    """The tokenizer's pieces by id: each a length (one byte, or two when over 127) and that many bytes."""
    data = path.read_bytes()
    pieces: list[bytes] = []
    i = 0
    while i < len(data):
        n = data[i]
        i += 1
        if n >= 128:
            n, i = n - 128 + data[i] * 128, i + 1
        pieces.append(data[i : i + n])
        i += n
    return pieces


_DIGIT_NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_STARTS = frozenset(_DIGIT_NAMES + ("double", "triple"))
"""Words that read out a character and may begin a code ("double B")."""
_HOMOPHONES = frozenset({"to", "too", "for"})
"""Words a transcript writes for a digit said alone; never chosen in the second pass."""
_SEPARATORS = frozenset({"dot", "at", "underscore", "dash", "hyphen"})
"""An address's punctuation, said."""
_INSIDE = _STARTS | _HOMOPHONES | _SEPARATORS | {"oh"}
"""Words that read out a character inside a code: "oh" for zero, the digits' homophones, an address's
punctuation."""
_KEPT_BEFORE = IDENTIFIER_NOUNS | STOPWORDS
"""Words before a code kept as heard: the nouns that name one, and function words ("is", "my", "to")."""


def _spells(word: str, inside: bool) -> bool:
    """True when ``word`` (one word of a transcript) reads out characters: a letter, a digit or a few, a digit's
    name, "double"; inside a code also "oh", "to", "dot"; or a run of them joined as a transcript writes them
    ("M-M-5-5", "y792k")."""
    w = _bare(word)
    parts = [p for p in re.split(r"[-.]", w) if p]
    names = _INSIDE if inside else _STARTS
    if parts and all(len(p) == 1 and p.isalpha() or p.isdigit() or p in names for p in parts):
        return True
    return w.isalnum() and any(c.isdigit() for c in w) and any(c.isalpha() for c in w)


def _said(word: str, plain: bool = False) -> int:
    """How many characters ``word`` (one that spells, :func:`_spells`) reads out: an address's punctuation none;
    ``plain``: "a" and "I", which are words too, none either."""
    bare = _bare(word)
    if bare in _SEPARATORS or plain and bare in ("a", "i"):
        return 0
    return len([p for p in re.split(r"[-.]", bare) if p])


# A word of letters and digits, at least one of each, in lower case: a code written as one word ("r2d28f"). Not a
# number with a suffix ("2nd", "4pm", "5kg", "1990s"), which ends in letters after digits only.
_LOWER_CODE_RE = re.compile(r"\b(?=[a-z0-9]*[a-z])(?=[a-z0-9]*\d)(?!\d+[a-z]+\b)[a-z0-9]{3,}\b")


def codes_in_capitals(text: str) -> str:
    """``text`` with a code a decoder wrote as one lower-case word put in capitals ("code r2d28f" → "code R2D28F"):
    said aloud, a code's letters have no case, and codes are written in capitals."""
    return _LOWER_CODE_RE.sub(lambda m: m[0].upper(), text)


def spelled_run_start(words: list[str]) -> int | None:
    """Index of the first word of ``words`` that begins reading out a code (three characters said in a row, an
    address's "dot" or "at" between them not counted, or a word written as a code: "B338DH", "M-M-5-5-J-Q"),
    else None."""
    for i, word in enumerate(words):
        if not _spells(word, inside=False):
            continue
        bare = word.strip(",.?!;:\"'")
        if any(c.isalpha() for c in bare) and ("-" in bare or any(c.isdigit() for c in bare)):
            return i
        said = 0
        for following in words[i:]:
            if not _spells(following, inside=True):
                break
            said += _said(following)
        if said >= 3:
            return i
    return None


def spelled_run_end(words: list[str], start: int) -> int:
    """Index just after the last word of the code that ``words`` begin reading out at ``start``. A word or two
    inside it that spell nothing are taken for misheard characters ("eight, near route, four, four, one") when at
    least :data:`RUN_RESUMES` characters follow them."""
    end = i = start
    while i < len(words):
        if _spells(words[i], inside=True):
            i += 1
            end = i
            continue
        gap = i
        while gap < len(words) and gap - i < RUN_GAP and not _spells(words[gap], inside=True):
            gap += 1
        said, k = 0, gap
        while k < len(words) and _spells(words[k], inside=True):
            said, k = said + _said(words[k], plain=True), k + 1
        if said < RUN_RESUMES:  # (words[i] spells nothing, so gap is past it)
            break
        i = gap
    return end


def spelled_run_begin(words: list[str], start: int) -> int:
    """Index of the first word of the code that ``words`` begin reading out at ``start`` (as
    :func:`spelled_run_start` finds it), reaching back over a word or two that spell nothing to a digit said before
    them ("eight, near route, four, four, one")."""
    begin = start
    while begin > 0:
        gap = begin
        while gap > 0 and begin - gap < RUN_GAP and not _spells(words[gap - 1], inside=True):
            gap -= 1
        if gap == begin or gap == 0 or not _is_digit(words[gap - 1]):
            break
        begin = gap - 1
        while begin > 0 and _spells(words[begin - 1], inside=True):
            begin -= 1
    return begin


def _is_digit(word: str) -> bool:
    """True for a digit said or written ("eight", "8"), not a word that only sounds like one ("to", "for", "oh")."""
    bare = _bare(word)
    return bare.isdigit() or bare in _DIGIT_NAMES


RUN_GAP, RUN_RESUMES = 2, 2
"""At most this many words that spell nothing inside a code, followed by at least this many characters."""


START_TOKEN, END_TOKEN = 1, 2
ENCODER_BIAS = "encoder_attention_bias"
"""The decoder input added to cross-attention scores (:func:`with_encoder_bias`)."""
MASKED = -1e9
"""Bias of a padding frame: its attention weight underflows to exactly 0."""
CALIBRATION_S, CALIBRATION_TOKENS, CALIBRATION_ROWS = 2.0, 10, 4
"""What :meth:`MoonshineTranscriber.speed` times: four requests of two seconds of speech and the tokens of their
words, as one batch."""
NOUNS_TRIED = 3
"""Nouns naming a code tried in place of the word before one (those the decoder finds likeliest there)."""
NAMED_MARGIN = 4.0
"""Log-probability by which the word heard must fit the sound better than a noun and a character to be kept: the
decoder's own word won its greedy step, so it fits a little better even where it is the noun and the character
heard as one ("Odyssey" for "order C": 0.8 to 2.7 better, measured); the other words heard before codes in
``tests/data/spoken_identifiers.json`` ("village", "before", "line") fit 7 or more better."""
TOKENS_PER_SECOND = 6
"""Most tokens decoded per second of (padded) audio: a decoder that loops stops there."""
BEAM_WIDTH = 4
"""Hypotheses the beam keeps per utterance (widths 3, 5 and 6 did worse: ``bench/RESULTS.md``)."""
HYPOTHESIS_WIDTH = 8
"""Width of the beam whose every ending :meth:`MoonshineTranscriber.hypotheses` returns by default."""


class MoonshineTranscriber:
    """Moonshine's bundled English base model: 16 kHz mono float audio in [-1, 1] to text.

    Loading takes a few seconds (the first time on a machine, the conversion of
    :func:`~rtkit.local.speech.onnx_model.dequantized_model` too). Each utterance gets :data:`PAD_MS` of seeded
    quiet noise either side (one input, one transcript). Calls are serialised with a lock.
    """

    def __init__(self, mode: str | None = None, gate: float = GATE) -> None:
        self.mode = beam_mode(mode)
        """``spare``, ``greedy``, ``gated`` or ``all`` (:data:`~rtkit.local.speech.beam_gate.MODES`)."""
        self.gate = gate
        """Mean token log-probability under which a greedy transcript is decoded again (``gated``, ``spare``)."""
        self.scoring = False
        """Score greedy transcripts in every mode (:attr:`confidences`), for benchmarks; ``gated`` and ``spare``
        score where their gate reads the scores, and otherwise the per-step softmax over the vocabulary is
        skipped."""
        self.confidences: list[Confidence | None] = []
        """The greedy decoder's confidence in each utterance of the last batch, at the playback kept (None: too short
        or not scored)."""
        self.beamed: list[bool] = []
        """Which utterances of the last batch the beam decoded."""
        self.tempos: tuple[float, ...] = TEMPOS
        """Playback lengths beside the original an unsure greedy transcript is decoded again at, before the beam
        (:mod:`rtkit.local.speech.tempo`); empty: none."""
        self.played: list[float] = []
        """The playback length each utterance of the last batch was recognised at (1.0: as it came)."""
        problem = moonshine_problem()
        if problem is not None:
            raise RuntimeError(problem)
        import onnxruntime as ort

        root = _package_dir()
        assert root is not None
        models = root / "models" / "base-en"
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # a recognition worker is one core; the pool has one per core
        options.inter_op_num_threads = 1
        options.log_severity_level = 3

        def session(model: Path | bytes, prepacked: bool = False) -> Any:
            source = str(model) if isinstance(model, Path) else model
            chosen = options
            if not prepacked:  # prepacked copies of the float weights would double them for one row at a time
                chosen = ort.SessionOptions()
                for name in ("intra_op_num_threads", "inter_op_num_threads", "log_severity_level"):
                    setattr(chosen, name, getattr(options, name))
                chosen.add_session_config_entry("session.disable_prepacking", "1")
            return ort.InferenceSession(source, chosen, providers=["CPUExecutionProvider"])

        # The encoder runs once per utterance: its 8-bit weights stay as shipped (60 MB less resident, the same
        # CPU). The decoder runs once per token: it gets the dequantized copy.
        self._encoder = session(models / "encoder_model.ort")
        # A beam feeds the decoder four rows per utterance: unpacked weights are packed again on every such run
        # (1.75 times the CPU of one row, against 1.2 times prepacked). Prepacked copies cost about 70 MB resident
        # (the worker at 20 callers: 589 MB gated prepacked, 515 unpacked, 470 greedy): only the beam on every
        # utterance has them; the gated beam runs on the unsure utterances alone, unpacked.
        decoder = dequantized_model(models / "decoder_model_merged.ort", with_encoder_bias, "bias1")
        self._decoder = session(decoder, prepacked=self.mode == "all")
        self._pieces = _tokens(models / "tokenizer.bin")
        self._past = [i.name for i in self._decoder.get_inputs() if i.name.startswith("past_key_values.")]
        self._present = [o.name.replace("present.", "past_key_values.") for o in self._decoder.get_outputs()[1:]]
        self._texts = [p.decode("utf-8", "replace") for p in self._pieces]
        text = [t.replace("\u2581", " ") for t in self._texts]
        spelling = [i for i, t in enumerate(text) if t.strip() and _spelling_piece(t.strip())]
        self._spelling = np.array([*spelling, END_TOKEN], dtype=np.int64)
        ids = self._ids = {piece: i for i, piece in enumerate(self._pieces)}
        # A noun whose first piece is a letter ("▁p" of "pnr") would be tried wherever a letter fits.
        nouns = (_pieces_of(f"\u2581{w}", ids) for w in sorted(IDENTIFIER_NOUNS))
        self._nouns = [p for p in nouns if p and len(self._pieces[p[0]].decode("utf-8", "replace")) > 2]
        # A character said after a word: a letter, digit or digit's name as a token of its own (" C", " four").
        said = [i for i in spelling if text[i].startswith(" ") and text[i].strip().isalnum()]
        self._characters = np.array(said, dtype=np.int64)
        self._lock = threading.Lock()
        _release_freed_memory()  # the protobuf read at load is garbage now

    def transcribe(
        self,
        audio: np.ndarray,
        spelled: bool = False,
        vocabulary: Sequence[str] = (),
        light: bool = False,
        busy: bool = False,
    ) -> str:
        """Text of ``audio`` (16 kHz, float in [-1, 1]); "" for less than :data:`MIN_SECONDS`. ``spelled``: codes
        read out character by character are expected, and a code the transcript reads out is decoded once more
        choosing among characters (see the module docstring). ``vocabulary``: the session's words, which a beam
        leans toward (:mod:`rtkit.local.speech.biasing`). ``light``: greedy decoding only, for when many
        utterances wait. ``busy``: other utterances wait for recognition beside this one (``spare`` then decodes
        greedily)."""
        return self.transcribe_many([audio], [spelled], [vocabulary], [light], [busy])[0]

    def transcribe_many(
        self,
        audios: Sequence[np.ndarray],
        spelled: Sequence[bool] | None = None,
        vocabularies: Sequence[Sequence[str]] | None = None,
        light: Sequence[bool] | None = None,
        busy: Sequence[bool] | None = None,
    ) -> list[str]:
        """Texts of several utterances decoded as one batch (``spelled``, ``vocabularies``, ``light`` and ``busy``
        as for :meth:`transcribe`, one per utterance): each the text :meth:`transcribe` gives it alone (the padding
        rows of the batch are masked out of the decoder's attention). The decoder reads all its weights for every
        token, one row or eight, so a batch costs far less than its utterances one at a time. The unsure utterances
        the gate sends to the beam are first heard again slower (:attr:`tempos`, together; not where codes are
        expected, nor with ``all``, whose beam takes every utterance as it came); the utterances the beam takes
        (:attr:`mode`) are decoded again together; a second pass for a code runs on its utterance alone."""
        flags = list(spelled) if spelled is not None else [False] * len(audios)
        words = list(vocabularies) if vocabularies is not None else [()] * len(audios)
        lights = list(light) if light is not None else [False] * len(audios)
        busies = list(busy) if busy is not None else [False] * len(audios)
        inputs = [_framed(audio) for audio in audios]
        texts = [""] * len(inputs)
        kept = [i for i, samples in enumerate(inputs) if samples is not None]
        if not kept:
            with self._lock:
                self.confidences, self.beamed = [None] * len(inputs), [False] * len(inputs)
                self.played = [1.0] * len(inputs)
            return texts
        batch = [samples for samples in inputs if samples is not None]  # in the order of ``kept``
        limits = [_token_limit(samples) for samples in batch]
        with self._lock:
            hidden = [self._encode(samples) for samples in batch]
            # Greedy first, except where the beam takes every utterance; then, for those it should take, the
            # surest of slower playbacks and the beam.
            whole = [row for row, i in enumerate(kept) if self.mode == "all" and not lights[i]]
            greedy = [row for row in range(len(kept)) if row not in whole]
            ids: list[list[int]] = [[] for _ in kept]
            sure: list[Confidence | None] = [None] * len(kept)
            # the rows a gate may send to the beam: its confidence is read only there
            gated = [r for r in greedy if not lights[kept[r]] and gating(self.mode, busies[kept[r]])]
            if greedy:
                found, scored = self._decode_batch(
                    [hidden[r] for r in greedy], [limits[r] for r in greedy], score=self.scoring or bool(gated)
                )
                for row, tokens, confident in zip(greedy, found, scored, strict=True):
                    ids[row], sure[row] = tokens, confident
            retried = [row for row in gated if (s := sure[row]) is not None and unsure(s, self.gate)]
            # not where codes are expected: the characters' second pass heard no better slower, at a third more CPU
            plain = [row for row in retried if not flags[kept[row]]]
            slower = self._slower(plain, [audios[kept[r]] for r in plain], hidden, limits, ids, sure)
            beamed = whole + retried
            if beamed:
                again = self._beam_batch(
                    [hidden[r] for r in beamed],
                    [limits[r] for r in beamed],
                    [_vocabulary(tuple(words[kept[r]])) for r in beamed],
                )
                for row, tokens in zip(beamed, again, strict=True):
                    ids[row] = tokens
            for row, i in enumerate(kept):
                if flags[i]:
                    width = BEAM_WIDTH if row in beamed else 1
                    respelled = self._respelled(hidden[row], limits[row], ids[row], width)
                    ids[row] = self._named(hidden[row], respelled)
            if beamed:
                del hidden
                _release_freed_memory()  # the beam's activations (tens of MB) go back to the system, not the heap
            # the batch's record is written whole under the lock: a concurrent batch never mixes rows into it
            confidences: list[Confidence | None] = [None] * len(inputs)
            beamed_flags, played = [False] * len(inputs), [1.0] * len(inputs)
            for row, i in enumerate(kept):
                texts[i] = codes_in_capitals(self._text(ids[row])) if flags[i] else self._text(ids[row])
                confidences[i], beamed_flags[i], played[i] = sure[row], row in beamed, slower.get(row, 1.0)
            self.confidences, self.beamed, self.played = confidences, beamed_flags, played
        return texts

    def hypotheses(self, audio: np.ndarray, width: int = HYPOTHESIS_WIDTH, spelled: bool = False) -> list[str]:
        """Every transcript a beam of ``width`` (leaning toward no words) ends with for ``audio``, best first; with
        ``spelled``, each decoded once more where it reads out a code, as :meth:`transcribe` does after its greedy pass;
        [] for audio shorter than :data:`MIN_SECONDS`. What the decoder found nearly as likely as its best: for
        measuring whether a better reading of its transcripts could find what was said."""
        samples = _framed(audio)
        if samples is None:
            return []
        limit, texts = _token_limit(samples), []
        with self._lock:
            hidden = self._encode(samples)
            first, step = self._steps([hidden])
            for ids, _ in beam_hypotheses(first, step, end=END_TOKEN, width=width, limit=limit):
                if spelled:
                    ids = self._named(hidden, self._respelled(hidden, limit, ids))
                texts.append(codes_in_capitals(self._text(ids)) if spelled else self._text(ids))
        return texts

    def scores(self, audio: np.ndarray, texts: Sequence[str]) -> list[float]:
        """The decoder's log-probability of each of ``texts`` as the transcript of ``audio`` (its tokens and the end
        token, each word split into the longest pieces the vocabulary has), all texts in one decoder run; [] for audio
        shorter than :data:`MIN_SECONDS`. For measurement: whether the decoder finds what was said likelier than what it
        wrote."""
        samples = _framed(audio)
        if samples is None or not texts:
            return []
        # every byte is a piece: any text is spelled
        rows = [[i for w in text.split() for i in _pieces_of(f"\u2581{w}", self._ids)] + [END_TOKEN] for text in texts]
        with self._lock:
            hidden = self._encode(samples)
            first, past = self._prefixed(hidden, [START_TOKEN])
            return self._rows_scored(hidden, first, past, rows)

    def _encode(self, samples: np.ndarray) -> np.ndarray:
        """The encoder's output for framed ``samples`` (:func:`_framed`), shape (1, frames, 416)."""
        return self._encoder.run(None, {"input_values": samples[None]})[0]

    def _rows_scored(
        self, hidden: np.ndarray, first: np.ndarray, past: dict[str, np.ndarray], rows: list[list[int]]
    ) -> list[float]:
        """The log-probability of each row of token ids after the prefix whose next-token log-probabilities are
        ``first`` and whose cache is ``past`` (:meth:`_prefixed`), all rows in one run."""
        return [
            float(first[row[0]] + sum(lp[k - 1, t] for k, t in enumerate(row) if k > 0))
            for row, lp in zip(rows, self._continued(hidden, past, rows), strict=True)
        ]

    def _slower(
        self,
        rows: list[int],
        audios: list[np.ndarray],
        hidden: list[np.ndarray],
        limits: list[int],
        ids: list[list[int]],
        sure: list[Confidence | None],
    ) -> dict[int, float]:
        """Decode the utterances of batch ``rows`` (their audio in ``audios``) again at each of :attr:`tempos`, all
        in one batch, and keep for each the playback the decoder is surest of (:mod:`rtkit.local.speech.tempo`):
        its encoder output, token limit, tokens and confidence replace the row's in ``hidden``, ``limits``, ``ids``
        and ``sure``. Returns the playback length of each row whose playback changed."""
        # a slower copy of audio long enough to decode is longer still: every playback is framed
        framed = [samples for a in audios for f in self.tempos if (samples := _framed(slowed(a, f, RATE))) is not None]
        if not framed or len(framed) < len(audios) * len(self.tempos):
            return {}
        more = [self._encode(samples) for samples in framed]
        more_limits = [_token_limit(samples) for samples in framed]
        found, scored = self._decode_batch(more, more_limits, score=True)
        per, changed = len(self.tempos), {}
        for k, row in enumerate(rows):
            tried = slice(k * per, (k + 1) * per)
            pick = surest([sure[row], *scored[tried]], [len(ids[row]), *map(len, found[tried])])
            if pick:
                at = k * per + pick - 1
                hidden[row], limits[row], ids[row], sure[row] = more[at], more_limits[at], found[at], scored[at]
                changed[row] = self.tempos[pick - 1]
        return changed

    def speed(self) -> tuple[float, float]:
        """How fast this transcriber is on this machine now: ``(seconds of speech, wall seconds)`` to decode a batch
        of :data:`CALIBRATION_ROWS` requests of :data:`CALIBRATION_S` of speech and :data:`CALIBRATION_TOKENS`
        tokens each, as a worker decodes what queues under load (the audio is quiet noise; the decoder runs its
        steps whatever it writes)."""
        rng = np.random.default_rng(1)
        noise = [rng.normal(0.0, 0.01, round(CALIBRATION_S * RATE)).astype(np.float32) for _ in range(CALIBRATION_ROWS)]
        batch = [samples for samples in map(_framed, noise) if samples is not None]
        started = time.perf_counter()
        with self._lock:
            hidden = [self._encode(samples) for samples in batch]
            self._decode_batch(hidden, [CALIBRATION_TOKENS] * len(batch), steps=CALIBRATION_TOKENS)
        return CALIBRATION_S * len(batch), time.perf_counter() - started

    def _text(self, ids: list[int]) -> str:
        text = b"".join(self._pieces[i] for i in ids if END_TOKEN < i < len(self._pieces)).decode("utf-8", "replace")
        return without_repeats(" ".join(text.replace("\u2581", " ").split()))

    def _words(self, ids: list[int]) -> list[tuple[int, int]]:
        """(first, last + 1) token index of each word of ``ids`` (a piece starting with "▁" begins one)."""
        spans: list[tuple[int, int]] = []
        for k, i in enumerate(ids):
            if self._pieces[i].startswith("\u2581".encode()) or not spans:
                spans.append((k, k + 1))
            else:
                spans[-1] = (spans[-1][0], k + 1)
        return spans

    def _respelled(self, hidden: np.ndarray, steps: int, ids: list[int], width: int = 1) -> list[int]:
        """``ids`` with the code they read out decoded once more among the tokens that spell characters (greedy,
        or with a beam of ``width``); ``ids`` unchanged when they read out none."""
        spans = self._words(ids)
        words = [self._text(ids[a:b]) for a, b in spans]
        start = spelled_run_start(words)
        if start is None:
            return ids
        # Allowed besides characters: the word before (it may be a misheard character: "Odyssey" for "order C")
        # and the words after the code; a word heard inside it is decided again among characters.
        end = spelled_run_end(words, start)
        start = max(0, spelled_run_begin(words, start) - 1)
        outside = [k for k in range(start, len(words)) if k == start or k >= end]
        kept = [ids[spans[k][0] : spans[k][1]] for k in outside if not _spells(words[k], True)]
        allowed = np.union1d(self._spelling, np.array([i for piece in kept for i in piece], dtype=np.int64))
        again = self._decode(hidden, steps, ids[: spans[start][0]], allowed, width)
        return again if len(again) < steps else ids  # a pass that never ended loops ("tk-i-i-i-i-i-...")

    def _named(self, hidden: np.ndarray, ids: list[int]) -> list[int]:
        """``ids`` with the word before the code they read out heard again as a noun that names a code and the
        code's first character ("Odyssey" for "order C"), when the decoder finds that fits the sound better; the
        word is kept when it is a function word or such a noun already."""
        spans = self._words(ids)
        words = [self._text(ids[a:b]) for a, b in spans]
        start = spelled_run_start(words)
        start = spelled_run_begin(words, start) if start is not None else None
        if not start or _key(words[start - 1]) in _KEPT_BEFORE:
            return ids
        (a, b), prefix = spans[start - 1], [START_TOKEN, *ids[: spans[start - 1][0]]]
        # The prefix (and the encoder's keys and values) run once; nouns and readings continue from its cache.
        first, past = self._prefixed(hidden, prefix)
        nouns = sorted(self._nouns, key=lambda n: -first[n[0]])[:NOUNS_TRIED]
        named = self._continued(hidden, past, nouns)
        heard = ids[a:b]
        marks = [t for t in heard[1:] if self._pieces[t].strip(b",.?!:;") == b""]  # the word's own punctuation
        said = [
            n + [int(self._characters[named[k][len(n) - 1][self._characters].argmax()])] + marks
            for k, n in enumerate(nouns)
        ]
        rows = [w + ids[b:] + [END_TOKEN] for w in [heard, *said]]
        scores = self._rows_scored(hidden, first, past, rows)
        scores[0] -= NAMED_MARGIN
        best = int(np.argmax(scores))
        return ids if best == 0 else ids[:a] + said[best - 1] + ids[b:]

    def _prefixed(self, hidden: np.ndarray, prefix: list[int]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The decoder's log-probabilities of the token after ``prefix`` (token ids) and its key/value cache for
        :meth:`_continued`, from one run."""
        feed: dict[str, Any] = dict.fromkeys(self._past, np.zeros((1, 8, 0, 52), dtype=np.float32))
        feed.update(
            input_ids=np.array([prefix], dtype=np.int64),
            encoder_hidden_states=hidden,
            use_cache_branch=np.array([False]),
        )
        feed[ENCODER_BIAS] = encoder_bias([hidden.shape[1]])
        logits, *present = self._decoder.run(None, feed)
        return log_softmax(logits)[0, -1], dict(zip(self._present, present, strict=True))

    def _continued(self, hidden: np.ndarray, past: dict[str, np.ndarray], rows: list[list[int]]) -> list[np.ndarray]:
        """The decoder's log-probabilities of the next token after each position of each row of token ids that
        follow the prefix cached in ``past`` (teacher forcing, one run for all rows): one array (positions,
        vocabulary) per row."""
        width = max(len(r) for r in rows)
        feed: dict[str, Any] = {name: np.repeat(value, len(rows), axis=0) for name, value in past.items()}
        feed.update(
            input_ids=np.array([r + [END_TOKEN] * (width - len(r)) for r in rows], dtype=np.int64),
            encoder_hidden_states=np.repeat(hidden, len(rows), axis=0),
            use_cache_branch=np.array([True]),
        )
        feed[ENCODER_BIAS] = encoder_bias([hidden.shape[1]] * len(rows))
        logs = log_softmax(self._decoder.run(None, feed)[0])
        return [logs[k, : len(r)] for k, r in enumerate(rows)]

    def _decode_batch(
        self, hidden: list[np.ndarray], limits: list[int], steps: int | None = None, score: bool = False
    ) -> tuple[list[list[int]], list[Confidence | None]]:
        """Greedy decoding of each utterance (its encoder output in ``hidden``, shape (1, frames, 416)): token ids
        until the end token or its limit (or exactly ``steps`` steps, to time them), and, with ``score``, the
        decoder's confidence in each transcript (else None each). The encoder ran on each alone (it costs per second
        of audio, batched or not); the decoder runs on all rows at once, a finished row leaving the batch."""
        feed: dict[str, Any] = {
            "encoder_hidden_states": _stacked([h[0] for h in hidden]),
            ENCODER_BIAS: encoder_bias([h.shape[1] for h in hidden]),
            "input_ids": np.full((len(hidden), 1), START_TOKEN, dtype=np.int64),
            "use_cache_branch": np.array([False]),
        }
        feed.update(dict.fromkeys(self._past, np.zeros((len(hidden), 8, 0, 52), dtype=np.float32)))
        ids: list[list[int]] = [[] for _ in hidden]
        chosen: list[list[float]] = [[] for _ in hidden]
        margins: list[list[float]] = [[] for _ in hidden]
        ended = [False] * len(hidden)
        rows = list(range(len(hidden)))  # the utterance of each row still decoding
        for step in range(max(limits) if steps is None else steps):
            logits, *present = self._decoder.run(None, feed)
            last = logits[:, -1]
            tokens = last.argmax(axis=-1)  # the softmax keeps the order: scores only when asked for
            if score:
                logp = log_softmax(last)
                top2 = np.partition(logp, -2, axis=-1)[:, -2:]
            for k, (row, token) in enumerate(zip(rows, tokens.tolist(), strict=True)):
                if len(ids[row]) < limits[row] and not ended[row]:
                    if score:
                        chosen[row].append(float(logp[k, token]))
                        margins[row].append(float(top2[k, 1] - top2[k, 0]))
                    if token == END_TOKEN:
                        ended[row] = True
                    else:
                        ids[row].append(token)
            for name, value in zip(self._present, present, strict=True):
                if step == 0 or ".decoder." in name:  # the encoder's keys and values come from the first step only
                    feed[name] = value
            feed["input_ids"] = tokens[:, None].astype(np.int64)
            feed["use_cache_branch"] = np.array([True])
            going = [
                k for k, row in enumerate(rows) if steps is not None or (not ended[row] and len(ids[row]) < limits[row])
            ]
            if not going:
                break
            if len(going) < len(rows):
                rows = [rows[k] for k in going]
                for name, value in feed.items():
                    if name != "use_cache_branch":
                        feed[name] = value[going]
        if not score:
            return ids, [None] * len(hidden)
        return ids, [confidence(c, m, e) for c, m, e in zip(chosen, margins, ended, strict=True)]

    def _beam_batch(
        self, hidden: list[np.ndarray], limits: list[int], vocabularies: Sequence[Vocabulary | None]
    ) -> list[list[int]]:
        """Beam search over each utterance (as :meth:`_decode_batch`), :data:`BEAM_WIDTH` hypotheses each, leaning
        toward its session's words; the decoder runs on all hypotheses of all rows at once."""
        first, step = self._steps(hidden)
        return beam_search(
            first,
            step,
            end=END_TOKEN,
            widths=[BEAM_WIDTH] * len(hidden),
            limits=limits,
            pieces=self._texts,
            vocabularies=vocabularies,
        )

    def _decode(
        self,
        hidden: np.ndarray,
        steps: int,
        forced: list[int] | None = None,
        allowed: np.ndarray | None = None,
        width: int = 1,
    ) -> list[int]:
        """Token ids until the end token or ``steps``; ``forced`` tokens first (fed in one step), then, with
        ``allowed``, only those tokens; greedy, or a beam of ``width``."""
        forced = forced or []
        first, step = self._steps([hidden], forced)
        if width > 1:
            return beam_search(
                first, step, end=END_TOKEN, widths=[width], limits=[steps], prefixes=[forced], allowed=allowed
            )[0]
        ids: list[int] = list(forced)
        scores = first[0]
        for _ in range(steps - len(forced)):
            token = int(allowed[scores[allowed].argmax()]) if allowed is not None else int(scores.argmax())
            if token == END_TOKEN:
                break
            ids.append(token)
            scores = step(np.zeros(1, dtype=np.int64), np.array([token]))[0]
        return ids

    def _steps(self, hidden: list[np.ndarray], forced: Sequence[int] = ()) -> tuple[np.ndarray, Step]:
        """The decoder's first log-probabilities for each utterance (after the start token and ``forced``), and the
        step that reorders its rows and feeds each its next token (:func:`rtkit.local.speech.beam.beam_search`)."""
        rows = len(hidden)
        feed: dict[str, Any] = {
            "encoder_hidden_states": _stacked([h[0] for h in hidden]),
            ENCODER_BIAS: encoder_bias([h.shape[1] for h in hidden]),
            "input_ids": np.array([[START_TOKEN, *forced]] * rows, dtype=np.int64),
            "use_cache_branch": np.array([False]),
        }
        feed.update(dict.fromkeys(self._past, np.zeros((rows, 8, 0, 52), dtype=np.float32)))
        first = self._run(feed, True)

        def step(parents: np.ndarray, tokens: np.ndarray) -> np.ndarray:
            nonlocal rows
            if len(parents) != rows or not np.array_equal(parents, np.arange(rows)):
                for name, value in feed.items():
                    if name not in ("use_cache_branch", "input_ids"):
                        feed[name] = value[parents]
                rows = len(parents)
            feed["input_ids"] = tokens[:, None].astype(np.int64)
            feed["use_cache_branch"] = np.array([True])
            return self._run(feed, False)

        return first, step

    def _run(self, feed: dict[str, Any], first: bool) -> np.ndarray:
        """One decoder run: log-probabilities of each row's next token; the feed takes the new key/value cache."""
        logits, *present = self._decoder.run(None, feed)
        for name, value in zip(self._present, present, strict=True):
            if first or ".decoder." in name:  # the encoder's keys and values come from the first run only
                feed[name] = value
        return log_softmax(logits[:, -1])


@functools.lru_cache(maxsize=64)
def _vocabulary(words: tuple[str, ...]) -> Vocabulary | None:
    """The biasing vocabulary of a session's words (sessions of one server share theirs)."""
    return Vocabulary.of(words) or None


def _pieces_of(word: str, ids: dict[bytes, int]) -> list[int]:
    """Token ids spelling ``word`` (its pieces matched longest first), as its tokenizer would split it, closely
    enough to allow it; [] when it cannot be spelled."""
    data, out, i = word.encode(), [], 0
    while i < len(data):
        for j in range(len(data), i, -1):
            if data[i:j] in ids:
                out.append(ids[data[i:j]])
                i = j
                break
        else:
            return []
    return out


def _spelling_piece(piece: str) -> bool:
    """True for a token that spells a character or separates characters (" B", "7", " seven", " double", ",")."""
    word = piece.lower()
    if all(c in ",.-?!@_" for c in word):
        return True
    return word not in _HOMOPHONES and "-" not in word and _spells(word, inside=True)


def _framed(audio: np.ndarray) -> np.ndarray | None:
    """``audio`` with :data:`PAD_MS` of seeded quiet noise either side, as the model hears it; None when shorter
    than :data:`MIN_SECONDS`."""
    samples = np.ascontiguousarray(audio, dtype=np.float32)
    if samples.ndim != 1:
        raise ValueError(f"audio: expected one channel, got shape {samples.shape}")
    if len(samples) < MIN_SECONDS * RATE:
        return None
    pad = np.zeros(round(RATE * PAD_MS / 1000), dtype=np.float32)
    samples = np.concatenate([pad, samples, pad])
    samples += np.random.default_rng(0).normal(0.0, 4.0 / 32768, len(samples)).astype(np.float32)
    return samples


def _token_limit(samples: np.ndarray) -> int:
    """Most tokens decoded for framed ``samples``: a decoder that loops stops there (:data:`TOKENS_PER_SECOND`)."""
    return int(len(samples) / RATE * TOKENS_PER_SECOND)


def _stacked(hidden: list[np.ndarray]) -> np.ndarray:
    """Encoder outputs of different lengths as one zero-padded batch."""
    out = np.zeros((len(hidden), max(len(h) for h in hidden), hidden[0].shape[-1]), dtype=np.float32)
    for row, h in enumerate(hidden):
        out[row, : len(h)] = h
    return out


def encoder_bias(lengths: Sequence[int]) -> np.ndarray:
    """What the decoder adds to its cross-attention scores, shape (batch, 1, 1, longest): 0 over each row's own
    encoder frames, :data:`MASKED` over the padding after them, so padding gets no attention at all."""
    bias = np.zeros((len(lengths), 1, 1, max(lengths)), dtype=np.float32)
    for row, n in enumerate(lengths):
        bias[row, ..., n:] = MASKED
    return bias


def with_encoder_bias(model: Any) -> None:
    """Give the merged decoder ``model`` (ONNX, in place) an input :data:`ENCODER_BIAS` added to the scores of every
    cross-attention before its softmax: the batch's padding frames then get zero weight (the exported model has no
    encoder attention mask)."""
    from onnx import TensorProto, helper

    graph = model.graph
    graph.input.append(
        helper.make_tensor_value_info(ENCODER_BIAS, TensorProto.FLOAT, ["batch_size", 1, 1, "encoder_sequence_length"])
    )
    added = 0
    for branch in (a.g for node in graph.node if node.op_type == "If" for a in node.attribute if a.HasField("g")):
        nodes = list(branch.node)
        del branch.node[:]
        for node in nodes:
            if node.op_type == "Softmax" and "/encoder_attn/" in node.name:
                biased = node.input[0] + "_biased"
                branch.node.append(
                    helper.make_node("Add", [node.input[0], ENCODER_BIAS], [biased], node.name + "_bias")
                )
                node.input[0] = biased
                added += 1
            branch.node.append(node)
    if added == 0:
        raise ValueError("Moonshine decoder: no cross-attention softmax found to mask")


def _release_freed_memory() -> None:
    """Give memory freed after loading back to the system (glibc keeps it in the heap otherwise)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):
            pass
