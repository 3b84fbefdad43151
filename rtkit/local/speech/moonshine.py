"""Open-vocabulary speech recognition with Moonshine (base, English), for the local Realtime server.

The ``moonshine-cpp`` wheel carries the model (an ONNX encoder and decoder in ORT format, MIT licence), so nothing
is downloaded. Moonshine is an encoder-decoder transformer trained on real speech: it writes cased, punctuated
English and hears ordinary sentences, real voices and espeak-ng's synthetic ones alike, and names a small n-gram
model misses ("in Paris").

The model runs on ``onnxruntime`` here, one thread per call (a recognition worker is one core), with the key/value
cache and a beam of :data:`BEAM_WIDTH` hypotheses per utterance (:mod:`rtkit.local.speech.beam`; greedy decoding on
the light path): on speech it was not built for (espeak-ng's voices at 150-200 words a minute) the beam made a
third fewer word errors than greedy decoding (``bench/RESULTS.md``). Given the session's words, the beam leans
toward them by shallow fusion (:mod:`rtkit.local.speech.biasing`): a small bonus per token that continues one,
given back when the word turns out to be another, so only a word the sound leaves in doubt changes. The decoder is
from the ONNX form of the wheel's file that
:mod:`rtkit.local.speech.onnx_model` makes once with the 8-bit weights dequantized: the wheel's own library
dequantizes them again for every token, which took about three times the CPU and grew the process past 1 GB
(``bench/RESULTS.md``). The encoder, which runs once per utterance, keeps its 8-bit weights.

The decoder sometimes says a sentence again until it runs out of tokens; such repeats are removed
(:func:`without_repeats`).

Codes read out character by character ("R, two, D, two, eight, F") are where it errs most: a letter or digit said
alone has little context, and the decoder's language prior turns it into a word ("R to D to A to F"). When the
session expects such codes (``spelled``), a transcript that reads one out is decoded once more: its tokens before
the code (less one word, which may be a misheard character: "Odyssey" for "order C") are kept, and from there on
the decoder chooses only among tokens that spell a character (a letter, a digit, a digit's name, "double", "dot", a
separator other than a hyphen), the first pass's own words after the code, the session's words and a few function
words, so the sound alone picks the characters.
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

from rtkit.local.speech.beam import Step, beam_search, log_softmax
from rtkit.local.speech.biasing import Vocabulary
from rtkit.local.speech.onnx_model import dequantized_model

__all__ = [
    "MoonshineTranscriber",
    "encoder_bias",
    "moonshine_problem",
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
_LEAD_WORDS = ("is", "are", "my", "your", "the", "of", "on", "in", "number")
"""Words that may stand right before a code read out, whatever the session."""
_INSIDE = _STARTS | _HOMOPHONES | _SEPARATORS | {"oh"}
"""Words that read out a character inside a code: "oh" for zero, the digits' homophones, an address's
punctuation."""


def _spells(word: str, inside: bool) -> bool:
    """True when ``word`` (one word of a transcript) reads out characters: a letter, a digit or a few, a digit's
    name, "double"; inside a code also "oh", "to", "dot"; or a run of them joined as a transcript writes them
    ("M-M-5-5", "y792k")."""
    w = word.lower().strip(",.?!;:\"'")
    parts = [p for p in re.split(r"[-.]", w) if p]
    names = _INSIDE if inside else _STARTS
    if parts and all(len(p) == 1 and p.isalpha() or p.isdigit() or p in names for p in parts):
        return True
    return w.isalnum() and any(c.isdigit() for c in w) and any(c.isalpha() for c in w)


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
            bare = following.lower().strip(",.?!;:\"'")
            said += 0 if bare in _SEPARATORS else len([p for p in re.split(r"[-.]", bare) if p])
        if said >= 3:
            return i
    return None


START_TOKEN, END_TOKEN = 1, 2
ENCODER_BIAS = "encoder_attention_bias"
"""The decoder input added to cross-attention scores (:func:`with_encoder_bias`)."""
MASKED = -1e9
"""Bias of a padding frame: its attention weight underflows to exactly 0."""
CALIBRATION_S, CALIBRATION_TOKENS, CALIBRATION_ROWS = 2.0, 10, 4
"""What :meth:`MoonshineTranscriber.speed` times: four requests of two seconds of speech and the tokens of their
words, as one batch."""
TOKENS_PER_SECOND = 6
"""Most tokens decoded per second of (padded) audio: a decoder that loops stops there."""
BEAM_WIDTH = 4
"""Hypotheses the decoder keeps per utterance (1: greedy, as on the light path)."""


class MoonshineTranscriber:
    """Moonshine's bundled English base model: 16 kHz mono float audio in [-1, 1] to text.

    Loading takes a few seconds (the first time on a machine, the conversion of
    :func:`~rtkit.local.speech.onnx_model.dequantized_model` too). Each utterance gets :data:`PAD_MS` of seeded
    quiet noise either side (one input, one transcript). Calls are serialised with a lock.
    """

    def __init__(self) -> None:
        problem = moonshine_problem()
        if problem is not None:
            raise RuntimeError(problem)
        import onnxruntime as ort

        root = _package_dir()
        assert root is not None
        models = root / "models" / "base-en"

        def session(model: Path | bytes, prepacked: bool) -> Any:
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1  # a recognition worker is one core; the pool has one per core
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            if not prepacked:
                options.add_session_config_entry("session.disable_prepacking", "1")
            source = str(model) if isinstance(model, Path) else model
            return ort.InferenceSession(source, options, providers=["CPUExecutionProvider"])

        # The encoder runs once per utterance: its 8-bit weights stay as shipped (60 MB less resident, the same
        # CPU). The decoder runs once per token: it gets the dequantized copy.
        # The decoder's weights are prepacked once (about 50 MB more resident): a beam feeds it several rows per
        # step, and unpacked weights are packed again on every such run (1.75 times the CPU of one row, against
        # 1.2 times prepacked). The encoder runs once per utterance: packing its weights would gain nothing.
        self._encoder = session(models / "encoder_model.ort", False)
        decoder = dequantized_model(models / "decoder_model_merged.ort", with_encoder_bias, "bias1")
        self._decoder = session(decoder, True)
        self._pieces = _tokens(models / "tokenizer.bin")
        self._past = [i.name for i in self._decoder.get_inputs() if i.name.startswith("past_key_values.")]
        self._present = [o.name.replace("present.", "past_key_values.") for o in self._decoder.get_outputs()[1:]]
        self._texts = [p.decode("utf-8", "replace") for p in self._pieces]
        self._ids = {t: i for i, t in reversed(list(enumerate(self._texts)))}
        text = [t.replace("\u2581", " ") for t in self._texts]
        spelling = [i for i, t in enumerate(text) if t.strip() and _spelling_piece(t.strip())]
        self._spelling = np.array([*spelling, END_TOKEN], dtype=np.int64)
        self._lock = threading.Lock()
        _release_freed_memory()  # the protobuf read at load is garbage now

    def transcribe(
        self, audio: np.ndarray, spelled: bool = False, vocabulary: Sequence[str] = (), light: bool = False
    ) -> str:
        """Text of ``audio`` (16 kHz, float in [-1, 1]); "" for less than :data:`MIN_SECONDS`. ``spelled``: codes
        read out character by character are expected, and a code the transcript reads out is decoded once more
        choosing among characters (see the module docstring). ``vocabulary``: the session's words, which the beam
        leans toward (:mod:`rtkit.local.speech.biasing`). ``light``: greedy decoding, no biasing, for when many
        utterances wait."""
        return self.transcribe_many([audio], [spelled], [vocabulary], [light])[0]

    def transcribe_many(
        self,
        audios: Sequence[np.ndarray],
        spelled: Sequence[bool] | None = None,
        vocabularies: Sequence[Sequence[str]] | None = None,
        light: Sequence[bool] | None = None,
    ) -> list[str]:
        """Texts of several utterances decoded as one batch (``spelled``, ``vocabularies`` and ``light`` as for
        :meth:`transcribe`, one per utterance): each the text :meth:`transcribe` gives it alone (the padding rows
        of the batch are masked out of the decoder's attention). The decoder reads all its weights for every token,
        one row or eight, so a batch costs far less than its utterances one at a time. A second pass for a code
        runs on its utterance alone."""
        flags = list(spelled) if spelled is not None else [False] * len(audios)
        words = list(vocabularies) if vocabularies is not None else [()] * len(audios)
        lights = list(light) if light is not None else [False] * len(audios)
        inputs = [_framed(audio) for audio in audios]
        texts = [""] * len(inputs)
        kept = [i for i, samples in enumerate(inputs) if samples is not None]
        if not kept:
            return texts
        batch = [samples for samples in inputs if samples is not None]  # in the order of ``kept``
        limits = [int(len(samples) / RATE * TOKENS_PER_SECOND) for samples in batch]
        widths = [1 if lights[i] else BEAM_WIDTH for i in kept]
        vocabs = [None if lights[i] else _vocabulary(tuple(words[i])) for i in kept]
        with self._lock:
            hidden = [self._encoder.run(None, {"input_values": samples[None]})[0] for samples in batch]
            ids = self._decode_batch(hidden, limits, widths, vocabs)
            for row, i in enumerate(kept):
                if flags[i]:
                    ids[row] = self._respelled(hidden[row], limits[row], ids[row], words[i], vocabs[row])
            del hidden
            _release_freed_memory()  # the batch's activations (tens of MB) go back to the system, not the heap
        for row, i in enumerate(kept):
            texts[i] = self._text(ids[row])
        return texts

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
            hidden = [self._encoder.run(None, {"input_values": samples[None]})[0] for samples in batch]
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

    def _respelled(
        self, hidden: np.ndarray, steps: int, ids: list[int], session: Sequence[str], vocabulary: Vocabulary | None
    ) -> list[int]:
        """``ids`` with the code they read out decoded once more among the tokens that spell characters, the first
        pass's words from there on and the ``session``'s words (leaning toward those as the first pass did); ``ids``
        unchanged when they read out none."""
        spans = self._words(ids)
        words = [self._text(ids[a:b]) for a, b in spans]
        start = spelled_run_start(words)
        if start is None:
            return ids
        # The word before may be a misheard character and the session's word before it ("Odyssey" for "order C"):
        # it is decoded again, from the session's words, a few function words and the characters (and itself,
        # when there are no session words to take its place).
        before = max(0, start - 1)
        after = start if session else before
        kept = [ids[a:b] for (a, b), w in zip(spans[after:], words[after:], strict=True) if not _spells(w, True)]
        said = [*session, *_LEAD_WORDS]
        kept += [self._spelled_as(w) for word in said for w in (word, word.capitalize())]
        allowed = np.union1d(self._spelling, np.array([i for piece in kept for i in piece], dtype=np.int64))
        again = self._decode(hidden, steps, ids[: spans[before][0]], allowed, vocabulary)
        return again if len(again) < steps else ids  # a pass that never ended loops ("tk-i-i-i-i-i-...")

    def _decode_batch(
        self,
        hidden: list[np.ndarray],
        limits: list[int],
        widths: Sequence[int] | None = None,
        vocabularies: Sequence[Vocabulary | None] = (),
        steps: int | None = None,
    ) -> list[list[int]]:
        """Beam search over each utterance (its encoder output in ``hidden``, shape (1, frames, 416)), ``widths``
        hypotheses each (default :data:`BEAM_WIDTH`), biased toward its session's words: token ids until the end
        token or its limit (or exactly ``steps`` steps, to time them). The encoder ran on each alone (it costs per
        second of audio, batched or not); the decoder runs on all hypotheses of all rows at once."""
        first, step = self._steps(hidden)
        return beam_search(
            first,
            step,
            end=END_TOKEN,
            widths=list(widths) if widths is not None else [BEAM_WIDTH] * len(hidden),
            limits=limits,
            pieces=self._texts,
            vocabularies=vocabularies,
            exact_steps=steps,
        )

    def _decode(
        self, hidden: np.ndarray, steps: int, forced: list[int], allowed: np.ndarray, vocabulary: Vocabulary | None
    ) -> list[int]:
        """Beam search of one utterance that begins with the ``forced`` tokens and goes on among ``allowed`` ones."""
        first, step = self._steps([hidden], forced)
        return beam_search(
            first,
            step,
            end=END_TOKEN,
            widths=[BEAM_WIDTH],
            limits=[steps],
            pieces=self._texts,
            vocabularies=[vocabulary],
            prefixes=[forced],
            allowed=allowed,
        )[0]

    def _spelled_as(self, word: str) -> list[int]:
        """Tokens that write ``word`` as a word of a sentence (the longest piece first at each point)."""
        text, out = "\u2581" + word, []
        while text:
            n = next((n for n in range(len(text), 0, -1) if text[:n] in self._ids), 0)
            if n == 0:
                return []
            out.append(self._ids[text[:n]])
            text = text[n:]
        return out

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


def _spelling_piece(piece: str) -> bool:
    """True for a token that spells a character or separates characters (" B", "7", " seven", " double", ",")."""
    word = piece.lower()
    if all(c in ",.@_" for c in word):  # no hyphens ("C-8, zero, four" reads as two codes), no "?" in a code
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
