"""Local speech recognition with PocketSphinx, for the local Realtime server.

Uses the English acoustic model, dictionary and language model bundled in the ``pocketsphinx`` wheel
(16 kHz input; rtkit's 24 kHz audio is resampled with soxr). Open-vocabulary results on synthetic
speech are poor, so :meth:`Recognizer.transcribe` accepts a vocabulary (words from the session's tool
names, tool descriptions and instructions): it is turned into a small n-gram language model over those
words plus common English function and number words, and the search runs on that model instead.
Each vocabulary entry may be a word, a phrase or a tool name (``get_portfolio_summary``); the words of
one entry also form bigrams, so multi-word names are preferred in their own order.

Without the engine or its model, :attr:`Recognizer.available` is False, one warning is logged and
:meth:`Recognizer.transcribe` returns ``""``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rtkit.audio import SAMPLE_RATE, to_pcm16

__all__ = ["FUNCTION_WORDS", "NUMBER_WORDS", "Recognizer", "vocabulary_words"]

log = logging.getLogger(__name__)

ASR_RATE = 16000
"""Input rate of the bundled acoustic model."""

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


class Recognizer:
    """Speech (mono int16, 24 kHz) to lower-case text.

    ``model_dir`` is a directory holding the acoustic model folder ``en-us/``, ``en-us.lm.bin`` and
    ``cmudict-en-us.dict`` (default: the one bundled with the ``pocketsphinx`` wheel). ``pad_ms`` of quiet
    noise is added on both sides of each utterance: the decoder needs some non-speech to anchor its
    silence model and its cepstral normalisation. Calls are serialised with a lock (the decoder is
    stateful).
    """

    def __init__(self, model_dir: str | os.PathLike[str] | None = None, *, pad_ms: float = 300.0) -> None:
        self.model_dir = str(model_dir) if model_dir is not None else _default_model_dir()
        self.pad_ms = pad_ms
        self._lock = threading.Lock()
        self._decoder: Any = None
        self._vocab_decoders: OrderedDict[str, Any] = OrderedDict()
        self._prons: dict[str, list[str]] | None = None
        self._hmm = self._dict = Path()
        self._tmp = tempfile.TemporaryDirectory(prefix="rtkit-asr-")
        problem = self._load()
        if problem is not None:
            with _WARN_LOCK:
                first = problem not in _WARNED
                _WARNED.add(problem)
            if first:
                log.warning("PocketSphinx is not available (%s); transcripts will be empty", problem)

    def _load(self) -> str | None:
        if self.model_dir is None:
            return "the pocketsphinx package is not installed"
        root = Path(self.model_dir)
        self._hmm, lm, self._dict = root / "en-us", root / "en-us.lm.bin", root / "cmudict-en-us.dict"
        for p in (self._hmm, lm, self._dict):
            if not p.exists():
                return f"model file {p} not found"
        try:
            self._decoder = self._new_decoder(lm, self._dict)
        except (ImportError, RuntimeError, ValueError, OSError) as exc:
            return f"cannot load the model in {root}: {exc}"
        return None

    def _new_decoder(self, lm: Path, dictionary: Path) -> Any:
        from pocketsphinx import Decoder

        return Decoder(
            hmm=str(self._hmm),
            lm=str(lm),
            dict=str(dictionary),
            samprate=ASR_RATE,
            loglevel="FATAL",
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
        """Transcribe one utterance; ``vocabulary`` constrains the search to those words (plus common words)."""
        if not self.available:
            return ""
        audio = to_pcm16(np.asarray(pcm), SAMPLE_RATE, ASR_RATE)
        if audio.size == 0:
            return ""
        # Quiet noise around and under the speech, seeded so one input always gives one transcript:
        # the decoder needs non-speech at the edges, and digital silence has no usable log energy.
        pad = np.zeros(round(ASR_RATE * self.pad_ms / 1000))
        signal = np.concatenate([pad, audio.astype(np.float64), pad])
        signal += np.random.default_rng(0).normal(0.0, 4.0, len(signal))
        raw = np.clip(np.round(signal), -32768, 32767).astype("<i2").tobytes()
        with self._lock:
            decoder = self._vocabulary_decoder(vocabulary) if vocabulary else self._decoder
            decoder.start_utt()
            decoder.process_raw(raw, full_utt=True)
            decoder.end_utt()
            hyp = decoder.hyp()
        text = hyp.hypstr if hyp is not None else ""
        # Strip pronunciation-variant markers such as "read(2)" and filler tokens.
        words = [re.sub(r"\(\d+\)$", "", w) for w in text.split()]
        return " ".join(w for w in words if not (w.startswith("<") or w.startswith("[")))

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
            decoder = self._new_decoder(lm_path, dict_path)
        finally:
            lm_path.unlink()
            dict_path.unlink()
        self._vocab_decoders[key] = decoder
        while len(self._vocab_decoders) > _MAX_VOCABULARIES:
            self._vocab_decoders.popitem(last=False)
        return decoder
