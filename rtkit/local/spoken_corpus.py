"""Spoken tool requests: how often the local server's speech path calls the right tool with the right
arguments.

A corpus file has the shape ``{"tools": [...], "cases": [{"id", "text", "tools", "expect": {"name",
"arguments"}, "spoken", "voice", "rate"}]}``; each case marked ``spoken: true`` is synthesized (espeak-ng, in the
case's ``voice`` and ``rate`` when it names them), recognized with the vocabulary of its tools and routed by the
rule-based stand-in model, just as a voice turn of a session with those tools would be; the same text typed is
routed too, the anchor that tells recognition errors from the model's. ``tools`` of a case names the corpus tools
the session has (all of them when absent); an expected ``name`` of null means no call is right.

Word errors are counted on a spoken form of both texts (:func:`spoken_form`: lower case, no punctuation, numbers
in words), so "150 dollars" and "one hundred and fifty dollars" are the same words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rtkit.local.model.responder import FunctionCallPlan, plan_response
from rtkit.local.speech.asr import Call
from rtkit.local.speech.engines import vocabulary
from rtkit.local.speech.recognition_pool import MAX_BATCH
from rtkit.local.speech.slots import Slot, slots
from rtkit.local.speech.tts import Synthesizer
from rtkit.local.text import NUMBER_NAMES, TENS_NAMES, edit_distance

__all__ = [
    "SpokenOutcome",
    "Voices",
    "holds_expected",
    "identifier_filled",
    "load_corpus",
    "run_spoken_cases",
    "session_tools",
    "spoken_call",
    "spoken_form",
    "word_errors",
]

_TENS = ("_", "_", *TENS_NAMES)
_SCALES = ((10**9, "billion"), (10**6, "million"), (1000, "thousand"), (100, "hundred"))
_NUMBER_WORDS = frozenset(NUMBER_NAMES + TENS_NAMES + tuple(w for _, w in _SCALES))
_SYMBOLS = {"%": " percent", "&": " and ", "+": " plus ", "=": " equals ", "@": " at "}
_CURRENCY = {"$": "dollars", "£": "pounds", "€": "euros", "¥": "yen"}


def _integer_words(n: int) -> list[str]:
    """``n`` (0 ≤ n < 10¹²) in words, without "and" ("one hundred fifty")."""
    if n < 20:
        return [NUMBER_NAMES[n]]
    if n < 100:
        return [_TENS[n // 10]] + ([NUMBER_NAMES[n % 10]] if n % 10 else [])
    for size, word in _SCALES:
        if n >= size:
            head, rest = divmod(n, size)
            return _integer_words(head) + [word] + (_integer_words(rest) if rest else [])
    return [str(n)]


def _number_words(match: re.Match[str]) -> str:
    whole, _, fraction = match.group().replace(",", "").partition(".")
    words = _integer_words(int(whole)) if len(whole) < 13 else list(whole)
    if fraction:
        words += ["point"] + [NUMBER_NAMES[int(d)] for d in fraction]
    return " " + " ".join(words) + " "


def spoken_form(text: str) -> list[str]:
    """The words of ``text`` as they would be said: lower case, no punctuation, numbers and times in words, "$5" as
    "five dollars", "3 p.m." as "three pm", "-3" as "minus three", "=" and "equal to" as "equals", hyphens as
    spaces, "-tre" spelt "-ter"; "and" between number words dropped (said or not, it is the same number)."""
    text = re.sub(r"([$£€¥])\s?(\d[\d,]*(?:\.\d+)?)", lambda m: f"{m.group(2)} {_CURRENCY[m.group(1)]}", text)
    text = re.sub(r"(?<=\d):(?=\d)", " ", re.sub(r"(?<=\d):00\b", " ", text))
    text = re.sub(r"\b([ap])\.? ?m\b\.?", r"\1m", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<![\w.])-(?=\d)", " minus ", text)
    text = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"\d[\d,]*(?:\.\d+)?", _number_words, text)
    for symbol, words in _SYMBOLS.items():
        text = text.replace(symbol, words)
    text = re.sub(r"(?<=[a-z])tre(s?)\b", r"ter\1", text.lower().replace("-", " "))
    out = re.findall(r"[a-z']+", re.sub(r"\bequal to\b", "equals", text).replace(".", " "))
    out = [w.strip("'") for w in out if w.strip("'")]
    return [
        w
        for i, w in enumerate(out)
        if not (w == "and" and 0 < i < len(out) - 1 and out[i - 1] in _NUMBER_WORDS and out[i + 1] in _NUMBER_WORDS)
    ]


def word_errors(reference: Sequence[str], heard: Sequence[str]) -> int:
    """Word-level edit distance (substitutions, insertions and deletions) of ``heard`` from ``reference``."""
    return edit_distance(reference, heard)


class Voices:
    """espeak-ng speech in any voice and rate: one :class:`~rtkit.local.speech.tts.Synthesizer` per (voice, rate),
    made on first use."""

    def __init__(self, voice: str = "en-us", rate: int = 175) -> None:
        self.default = (voice, rate)
        self._made: dict[tuple[str, int], Synthesizer] = {}

    def synthesizer(self, voice: str | None = None, rate: int | None = None) -> Synthesizer:
        """The Synthesizer for ``voice`` at ``rate`` (the defaults when None)."""
        key = (voice or self.default[0], rate or self.default[1])
        if key not in self._made:
            self._made[key] = Synthesizer(voice=key[0], rate=key[1])
        return self._made[key]

    @property
    def available(self) -> bool:
        """True when espeak-ng produces speech (not silence)."""
        return self.synthesizer().available

    def __call__(self, text: str, voice: str | None = None, rate: int | None = None) -> np.ndarray:
        """``text`` spoken in ``voice`` at ``rate`` words per minute (24 kHz int16)."""
        return self.synthesizer(voice, rate).synthesize(text)


@dataclass(frozen=True)
class SpokenOutcome:
    """What the speech path made of one spoken case."""

    case_id: str
    """The case's ``id``."""
    text: str
    """What was said."""
    heard: str
    """The transcript."""
    expected: dict[str, Any]
    """The expected call: ``{"name", "arguments"}``."""
    called: str | None
    """Name of the tool called (None: a message instead of a call)."""
    arguments: dict[str, Any] | None
    """Arguments of the call."""
    typed_called: str | None = None
    """Name of the tool called for the text typed (the anchor: what the model makes of the words said)."""
    typed_arguments: dict[str, Any] | None = None
    """Arguments of that call."""
    voice: str = ""
    """espeak-ng voice and rate the case was said in ("en-gb-x-rp@150"; "" for the default)."""

    @property
    def words(self) -> int:
        """Words said (in :func:`spoken_form`)."""
        return len(spoken_form(self.text))

    @property
    def errors(self) -> int:
        """Word errors of the transcript (:func:`word_errors` over :func:`spoken_form`)."""
        return word_errors(spoken_form(self.text), spoken_form(self.heard))

    @property
    def right_tool(self) -> bool:
        """The expected tool was called."""
        return self.called == self.expected.get("name")

    @property
    def right_call(self) -> bool:
        """The expected tool was called with the expected arguments."""
        return self.right_tool and (self.arguments or {}) == (self.expected.get("arguments") or {})

    @property
    def typed_right_call(self) -> bool:
        """The text typed gets the expected call (the anchor for :attr:`right_call`)."""
        expected = self.expected.get("arguments") or {}
        return self.typed_called == self.expected.get("name") and (self.typed_arguments or {}) == expected


def identifier_filled(outcome: SpokenOutcome) -> bool:
    """The call holds the expected arguments exactly (an identifier corpus expects one: the identifier), whichever
    of the tools taking it was called."""
    return holds_expected(outcome.arguments, outcome.expected)


def holds_expected(arguments: dict[str, Any] | None, expected: dict[str, Any]) -> bool:
    """A call's ``arguments`` hold every argument of ``expected`` (``{"name", "arguments"}``) exactly, whichever
    tool was called; False when none is expected."""
    wanted = expected.get("arguments") or {}
    return bool(wanted) and all((arguments or {}).get(k) == v for k, v in wanted.items())


def load_corpus(path: str | Path) -> dict[str, Any]:
    """The corpus at ``path``; ValueError naming the problem when it is not of the documented shape."""
    try:
        corpus = json.loads(Path(path).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read the corpus {path}: {exc}") from exc
    if not isinstance(corpus, dict) or not isinstance(corpus.get("tools"), list):
        raise ValueError(f"corpus {path} has no 'tools' list")
    if not isinstance(corpus.get("cases"), list):
        raise ValueError(f"corpus {path} has no 'cases' list")
    return corpus


def session_tools(corpus: dict[str, Any], case: dict[str, Any]) -> list[dict[str, Any]]:
    """The corpus tools a session for ``case`` has: those its ``tools`` names, else all of them."""
    by_name = {t.get("name"): t for t in corpus["tools"] if isinstance(t, dict)}
    names = case.get("tools") or list(by_name)
    return [by_name[n] for n in names if n in by_name]


def spoken_call(
    text: str, tools: list[dict[str, Any]], instructions: str = ""
) -> tuple[str | None, dict[str, Any] | None]:
    """(name, arguments) of the call the stand-in model makes for ``text`` heard in a request (the transcript of
    its audio) to a session with ``tools``; (None, None) for a message."""
    # recognized speech, as the local server keeps it: the transcript of an input_audio part
    item = {"type": "message", "role": "user", "content": [{"type": "input_audio", "transcript": text}]}
    plan = plan_response([item], tools, instructions)
    if not isinstance(plan, FunctionCallPlan):
        return None, None
    return plan.name, json.loads(plan.arguments)


def run_spoken_cases(
    corpus: dict[str, Any],
    synthesize: Callable[[str], np.ndarray] | Voices,
    transcribe: Callable[[np.ndarray, Sequence[str], Sequence[Slot]], str] | None = None,
    instructions: str = "",
    transcribe_many: Callable[[list[Call]], list[str | Exception]] | None = None,
) -> list[SpokenOutcome]:
    """Synthesize, recognize and route every ``spoken`` case of ``corpus``; a case's ``voice`` and ``rate`` are
    used when ``synthesize`` is a :class:`Voices`. Recognition is ``transcribe`` one utterance at a time, or
    ``transcribe_many`` (:meth:`~rtkit.local.speech.asr.Recognizer.transcribe_many`) as many at a time as the
    recognition pool batches (:data:`~rtkit.local.speech.recognition_pool.MAX_BATCH`: a third less CPU for
    Moonshine, the same transcripts)."""
    if transcribe_many is None:
        if transcribe is None:
            raise ValueError("run_spoken_cases: pass transcribe or transcribe_many")
        one = transcribe

        def transcribe_many(calls: list[Call]) -> list[str | Exception]:
            return [one(c.pcm, c.vocabulary, c.slots) for c in calls]

    elif transcribe is not None:
        raise ValueError("run_spoken_cases: pass transcribe or transcribe_many, not both")
    said = []
    for case in corpus["cases"]:
        if not case.get("spoken"):
            continue
        tools = [{"type": "function", **t} for t in session_tools(corpus, case)]
        voice = ""
        if isinstance(synthesize, Voices):
            options = synthesize.synthesizer(case.get("voice"), case.get("rate")).options
            pcm = synthesize(case["text"], options.voice, options.rate)
            voice = f"{options.voice}@{options.rate}"
        else:
            pcm = synthesize(case["text"])
        said.append((case, tools, voice, Call(pcm, vocabulary(tools, instructions), slots(tools))))
    calls = [c for *_, c in said]
    results = [r for k in range(0, len(calls), MAX_BATCH) for r in transcribe_many(calls[k : k + MAX_BATCH])]
    out = []
    for (case, tools, voice, _), heard in zip(said, results, strict=True):
        if isinstance(heard, Exception):
            raise heard
        text = case["text"]
        called, arguments = spoken_call(heard, tools, instructions)
        typed_called, typed_arguments = spoken_call(text, tools, instructions)
        out.append(
            SpokenOutcome(
                str(case.get("id")),
                text,
                heard,
                case.get("expect") or {},
                called,
                arguments,
                typed_called,
                typed_arguments,
                voice,
            )
        )
    return out
