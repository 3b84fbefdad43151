"""What an eval case is: its input (typed, synthesised or a file), the tools it offers, what is expected of the run
(calls, answer, latency, cost, turn-taking), a scripted caller's turns, perturbations; and a dataset of cases.
Plain frozen dataclasses: :mod:`rtkit.eval.dataset` reads and validates them from files."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

CallGrader = Callable[[str | None, dict[str, Any]], tuple[bool, str]]
"""Grades the first call (name, or None for no call; parsed arguments) -> (passed, reason): a pluggable grader
(BFCL's checker)."""


@dataclass(frozen=True)
class CaseInput:
    """What the caller says or types in one turn."""

    kind: Literal["text", "speech", "audio"]
    """``text`` (typed), ``speech`` (``text`` synthesised with espeak-ng) or ``audio`` (a file)."""
    text: str = ""
    """The typed or synthesised words (for ``audio``: the words, when known, for reports)."""
    audio: str | None = None
    """Audio file path (resolved against the dataset's folder)."""
    voice: str = "en-us"
    """espeak-ng voice for ``speech``."""
    rate: int = 175
    """Speaking rate for ``speech`` (words per minute)."""


@dataclass(frozen=True)
class CallExpect:
    """One expected tool call."""

    name: str | Mapping[str, Any] | None
    """Function name, or a matcher of names (``{one_of: [a, b]}``, ``{regex: ...}``); None: any name."""
    arguments: Mapping[str, Any] | None = None
    """Matchers by argument (see :mod:`rtkit.eval.matchers`); None: arguments not checked."""
    strict: bool = False
    """Fail on arguments the expectation does not list."""


@dataclass(frozen=True)
class Expect:
    """Everything checked about one case (or one caller turn). Unset parts are not checked."""

    calls: tuple[CallExpect, ...] | None = None
    """Expected tool calls; ``()`` with ``no_call``: no call at all."""
    order: Literal["ordered", "set", "first"] = "ordered"
    """``ordered``: the calls in this order (others may come between); ``set``: in any order; ``first``: only the
    first call made is graded (the first expected call)."""
    no_call: bool = False
    """The case passes only when no tool is called."""
    only: bool = False
    """No calls other than the expected ones."""
    answer: tuple[Any, ...] = ()
    """Matchers over the assistant's answer text (``contains``, ``not_contains``, ``regex``, ``approx``)."""
    latency: tuple[tuple[str, float], ...] = ()
    """``(latency name, limit ms)``: the case's worst turn must be at or under the limit."""
    cost_usd: float | None = None
    """Most the case may cost (all its turns)."""
    turns: int | None = None
    """Number of user turns the server should see."""
    no_cut: bool = False
    """No turn ends inside a labelled utterance (the end of speech is not before the label's end)."""
    end_of_turn_ms: float | None = None
    """Each turn's end (``speech_stopped``) within this many ms after the labelled end of speech."""
    judge: str | None = None
    """A rubric for the optional judge (skipped without an API key)."""
    call_grader: CallGrader | None = field(default=None, compare=False)
    """Grades the first call instead of the matchers (BFCL's checker)."""


@dataclass(frozen=True)
class Start:
    """When a caller turn starts."""

    after: Literal["playback", "barge_in", "pause"] = "playback"
    """``playback``: when the assistant's answer has finished playing, plus ``think_ms``; ``barge_in``: after
    ``ms`` of the assistant's audio has played; ``pause``: ``ms`` after the previous turn was sent."""
    ms: float = 0.0
    """Think time (``playback``), audio heard before barging in (``barge_in``) or the pause."""


@dataclass(frozen=True)
class CallerTurn:
    """One turn of a scripted caller."""

    input: CaseInput
    start: Start = Start()
    expect: Expect = Expect()


@dataclass(frozen=True)
class Fixture:
    """A fixed tool output: for ``tool`` (``*``: any), when the arguments match ``when``."""

    tool: str
    output: Any
    """What the tool returns (JSON-serialised unless a string)."""
    when: Mapping[str, Any] | None = None
    """Argument matchers; None: any arguments."""
    error: str | None = None
    """Answer this error message instead of an output."""


@dataclass(frozen=True)
class ToolSet:
    """The tools a case offers the model."""

    name: str
    mcp: tuple[str, ...] = ()
    """MCP server specs (live servers, shared by the cases of a process)."""
    functions: tuple[Mapping[str, Any], ...] = ()
    """Inline function schemas (``name``, ``description``, ``parameters``)."""
    mocks: tuple[Fixture, ...] = ()
    """Fixed outputs; with ``mocks`` (or inline functions) the tools are served by a mock MCP server built from the
    schemas, and a call with no fixture answers an error."""
    only: tuple[str, ...] = ()
    """Offer only these tool names of the servers (empty: all)."""

    @property
    def mocked(self) -> bool:
        return bool(self.mocks) or bool(self.functions)


@dataclass(frozen=True)
class Perturbation:
    """Changes to a case's audio: noise, the phone path, speaking rate, voice."""

    noise: str | None = None
    """A noise file (a name in ``data/vad/`` or a path); None: no noise."""
    snr_db: float = 20.0
    """Signal-to-noise ratio of the mix."""
    phone: Literal["pcmu", "pcma"] | None = None
    """Send the audio as G.711 μ-law (``pcmu``) or A-law (``pcma``) at 8 kHz."""
    rate: int | None = None
    """Speaking rate for synthesised speech (words per minute)."""
    voice: str | None = None
    """espeak-ng voice for synthesised speech."""

    def label(self) -> str:
        """``clean`` or ``noise=babble_heavy,snr_db=5,phone=pcmu``."""
        parts = []
        if self.noise:
            parts += [f"noise={Path(self.noise).stem}", f"snr_db={self.snr_db:g}"]
        parts += [f"{k}={v}" for k in ("phone", "rate", "voice") if (v := getattr(self, k)) is not None]
        return ",".join(parts) or "clean"


@dataclass(frozen=True)
class Case:
    """One eval case."""

    id: str
    input: CaseInput | None
    """The single turn (None for a scripted caller)."""
    tools: ToolSet = ToolSet("none")
    expect: Expect = Expect()
    tags: tuple[str, ...] = ()
    history: tuple[tuple[str, str], ...] = ()
    """Earlier turns ``(role, text)`` put in the conversation before the input."""
    caller: tuple[CallerTurn, ...] = ()
    """A scripted multi-turn caller (then ``input`` is None)."""
    perturb: Perturbation | None = None
    pace: Literal["fast", "realtime"] = "fast"
    """Stream audio as fast as the socket allows, or in real time (scripted callers always run in real time)."""
    labels: tuple[tuple[float, float], ...] | None = None
    """True speech spans of an audio input (ms), for end-of-turn checks; synthesised inputs get them computed."""
    settings: Mapping[str, Any] = field(default_factory=dict)
    """Session setting overrides for this case (like a variant's)."""
    functions: tuple[Mapping[str, Any], ...] = ()
    """The case's own inline function schemas (BFCL cases), served in-process from ``mocks``."""
    mocks: tuple[Fixture, ...] = ()
    """The case's own fixed outputs, taking precedence over the toolset's."""
    aliases: Mapping[str, str] = field(default_factory=dict)
    """Tool name offered → the name its source gives it (BFCL's ``math.factorial`` is offered as
    ``math_factorial``), so a variant may name a tool either way."""
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False)
    """Anything else (the BFCL record, the grid cell)."""

    @property
    def inputs(self) -> list[CaseInput]:
        """The input of each turn (one, or the scripted caller's)."""
        return [self.input] if self.input is not None else [t.input for t in self.caller]

    @property
    def spoken(self) -> bool:
        return any(i.kind != "text" for i in self.inputs)


@dataclass
class Dataset:
    """A validated dataset."""

    path: Path | None
    name: str
    cases: list[Case]
    toolsets: dict[str, ToolSet] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.cases)

    def tags(self) -> list[str]:
        return sorted({t for c in self.cases for t in c.tags})

    def select(self, ids: Sequence[str] = (), tags: Sequence[str] = ()) -> Dataset:
        """Only cases with one of ``ids`` (a case id, or an expanded grid case's base id) or ``tags``."""
        cases = [
            c
            for c in self.cases
            if (not ids or c.id in ids or c.id.split("@", 1)[0] in ids) and (not tags or set(tags) & set(c.tags))
        ]
        return Dataset(self.path, self.name, cases, self.toolsets)

    def at_pace(self, pace: Literal["fast", "realtime"]) -> Dataset:
        """The same cases with their audio streamed at ``pace``: ``realtime`` when latencies are to be read as a
        caller hears them (at ``fast`` the audio's silences take no time to send)."""
        if pace not in ("fast", "realtime"):
            raise ValueError(f"pace: expected fast or realtime, got {pace!r}")
        cases = [replace(c, pace=pace) if c.input is not None else c for c in self.cases]
        return Dataset(self.path, self.name, cases, self.toolsets)
