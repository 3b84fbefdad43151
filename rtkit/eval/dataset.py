"""Eval datasets: cases (an input, the tools, what is expected) read from YAML, JSONL or CSV and validated whole.

A bad file raises :class:`DatasetError` naming the file, the case and the field, before anything runs. The shape
(``data/evals/README.md`` has the full reference)::

    name: finance-and-devtools
    defaults: {tools: finance, expect: {latency: {voice_to_voice_ms: 6000}}}
    toolsets:
      finance: {mcp: [finance]}
      weather:                                # inline schemas, outputs from fixtures (a mock MCP server)
        functions: [{name: get_weather, parameters: {type: object, properties: {city: {type: string}}}}]
        mocks: [{tool: get_weather, when: {city: {regex: "(?i)paris"}}, output: {temp_c: 18}}]
    cases:
      - id: budget-typed
        tags: [finance, typed]
        text: Plan my budget for an income of 4000 dollars.      # or say: (synthesised), or audio: FILE
        expect:
          calls: [{name: plan_budget, arguments: {monthly_income: {approx: 4000, tol: 1}}}]
          answer: {contains: "$4,000"}

A case with ``caller:`` is a scripted multi-turn scenario (:mod:`rtkit.eval.callers`); ``perturb:`` and
``perturb_grid:`` apply perturbations (:mod:`rtkit.eval.perturb`). A BFCL case is a typed-text case with inline
functions and a ``call_grader``.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from rtkit.eval import matchers
from rtkit.metrics.latency import LATENCIES

CallGrader = Callable[[str | None, dict[str, Any]], tuple[bool, str]]
"""Grades the first call (name, or None for no call; parsed arguments) -> (passed, reason): a pluggable grader
(BFCL's checker)."""


class DatasetError(ValueError):
    """A dataset file that cannot be run; the message names the file, the case and the field."""


# -- the model ---------------------------------------------------------------------------------------------------
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


# -- loading -----------------------------------------------------------------------------------------------------
def load_dataset(path: str | Path) -> Dataset:
    """Read and validate a dataset file (``.yaml``/``.yml``, ``.json``, ``.jsonl`` or ``.csv``)."""
    p = Path(path)
    if not p.is_file():
        raise DatasetError(f"dataset {p}: no such file")
    text = p.read_text(encoding="utf-8")
    suffix = p.suffix.lower()
    try:
        if suffix in (".yaml", ".yml"):
            import yaml

            doc = yaml.safe_load(text)
        elif suffix == ".json":
            doc = json.loads(text)
        elif suffix == ".jsonl":
            doc = {"cases": [json.loads(line) for line in text.splitlines() if line.strip()]}
        elif suffix == ".csv":
            doc = {"cases": _csv_cases(text)}
        else:
            raise DatasetError(f"dataset {p}: unknown format {suffix!r} (use .yaml, .json, .jsonl or .csv)")
    except DatasetError:
        raise
    except Exception as exc:  # a parse error: one line naming the file
        raise DatasetError(f"dataset {p}: cannot be read: {exc}".splitlines()[0]) from None
    return parse_dataset(doc, p)


def _csv_cases(text: str) -> list[dict[str, Any]]:
    """The simple CSV form: ``id, text | say | audio, tools, tags (space-separated), tool (expected call name,
    empty: no call), arguments (JSON matchers), answer_contains``."""
    cases = []
    for row in csv.DictReader(text.splitlines()):
        case: dict[str, Any] = {k: row[k] for k in ("id", "text", "say", "audio", "tools") if row.get(k)}
        if row.get("tags"):
            case["tags"] = row["tags"].split()
        expect: dict[str, Any] = {}
        if "tool" in row:
            if row["tool"]:
                args = json.loads(row["arguments"]) if row.get("arguments") else None
                expect["calls"] = [{"name": row["tool"], "arguments": args}]
            else:
                expect["no_call"] = True
        if row.get("answer_contains"):
            expect["answer"] = {"contains": row["answer_contains"]}
        case["expect"] = expect
        cases.append(case)
    return cases


def parse_dataset(doc: Any, path: Path | None = None, name: str | None = None) -> Dataset:
    """A dataset from parsed data (a mapping with ``cases``, or a list of cases)."""
    where = f"dataset {path}" if path is not None else "dataset"
    if isinstance(doc, list):
        doc = {"cases": doc}
    if not isinstance(doc, Mapping):
        raise DatasetError(f"{where}: expected a mapping with 'cases' (or a list of cases)")
    unknown = set(doc) - {"name", "defaults", "toolsets", "cases", "description"}
    if unknown:
        raise DatasetError(f"{where}: unknown top-level field(s) {', '.join(sorted(unknown))}")
    base = path.parent if path is not None else Path.cwd()
    toolsets = {"none": ToolSet("none")}
    for tname, spec in (doc.get("toolsets") or {}).items():
        toolsets[tname] = _toolset(tname, spec, f"{where}, toolset {tname!r}")
    defaults = doc.get("defaults") or {}
    if not isinstance(defaults, Mapping):
        raise DatasetError(f"{where}, field 'defaults': expected a mapping")
    raw = doc.get("cases")
    if not isinstance(raw, list) or not raw:
        raise DatasetError(f"{where}, field 'cases': expected a non-empty list of cases")
    cases: list[Case] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        cid = item.get("id") if isinstance(item, Mapping) else None
        label = f"{where}, case {cid!r}" if cid else f"{where}, case #{i + 1}"
        try:
            for case in _cases(item, defaults, toolsets, base):
                if case.id in seen:
                    raise ValueError(f"id: {case.id!r} is used twice")
                seen.add(case.id)
                cases.append(case)
        except DatasetError:
            raise
        except (ValueError, TypeError, KeyError) as exc:
            raise DatasetError(f"{label}, field {exc}".replace("field field ", "field ")) from None
    stem = path.stem if path is not None else "dataset"
    return Dataset(path, str(doc.get("name") or name or stem), cases, toolsets)


_CASE_FIELDS = {
    "id", "tags", "text", "say", "audio", "history", "tools", "expect", "caller", "perturb", "perturb_grid",
    "pace", "labels", "settings", "mocks", "functions", "voice", "rate", "words",
}  # fmt: skip


def _cases(item: Any, defaults: Mapping[str, Any], toolsets: dict[str, ToolSet], base: Path) -> list[Case]:
    if not isinstance(item, Mapping):
        raise ValueError("case: expected a mapping")
    unknown = set(item) - _CASE_FIELDS
    if unknown:
        raise ValueError(f"{sorted(unknown)[0]}: unknown field (known: {', '.join(sorted(_CASE_FIELDS))})")
    cid = item.get("id")
    if not isinstance(cid, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", cid):
        raise ValueError(f"id: expected a name of letters, digits, '_', '.', '-', got {cid!r}")
    merged = {**{k: v for k, v in defaults.items() if k != "expect"}, **item}
    tags = merged.get("tags") or ()
    if isinstance(tags, str):
        tags = tags.split()
    if not isinstance(tags, list | tuple) or not all(isinstance(t, str) for t in tags):
        raise ValueError("tags: expected a list of names")
    tools = _case_tools(merged, toolsets, cid)
    functions, mocks = _case_mocks(item)
    expect_doc = _merge_expect(defaults.get("expect") or {}, item.get("expect") or {})
    caller: tuple[CallerTurn, ...] = ()
    inp: CaseInput | None = None
    if "caller" in item:
        if any(k in item for k in ("text", "say", "audio")):
            raise ValueError("caller: a scripted caller has no text, say or audio of its own")
        turns = item["caller"]
        if not isinstance(turns, list) or not turns:
            raise ValueError("caller: expected a list of turns")
        caller = tuple(_caller_turn(t, base, f"caller[{j}]", merged) for j, t in enumerate(turns))
    else:
        inp = _input(merged, base, "")
    expect = _expect(expect_doc, "expect")
    history = _history(item.get("history"))
    pace = merged.get("pace", "fast")
    if pace not in ("fast", "realtime"):
        raise ValueError(f"pace: expected fast or realtime, got {pace!r}")
    labels = item.get("labels")
    if labels is not None:
        labels = tuple((float(a), float(b)) for a, b in labels)
    settings = merged.get("settings") or {}
    if not isinstance(settings, Mapping):
        raise ValueError("settings: expected a mapping of session settings")
    case = Case(
        id=cid,
        input=inp,
        tools=tools,
        expect=expect,
        tags=tuple(tags),
        history=history,
        caller=caller,
        pace="realtime" if caller else pace,
        labels=labels,
        settings=dict(settings),
        functions=functions,
        mocks=mocks,
    )
    if "perturb" in item:
        case = replace(case, perturb=_perturbation(item["perturb"], "perturb", case))
    if "perturb_grid" in item:
        return expand_grid(case, item["perturb_grid"])
    return [case]


def _merge_expect(defaults: Mapping[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(own, Mapping):
        raise ValueError("expect: expected a mapping")
    out = dict(defaults)
    for k, v in own.items():
        if k == "latency" and isinstance(v, Mapping) and isinstance(out.get(k), Mapping):
            out[k] = {**out[k], **v}
        else:
            out[k] = v
    return out


def _case_tools(item: Mapping[str, Any], toolsets: dict[str, ToolSet], cid: str) -> ToolSet:
    name = item.get("tools", "none")
    if not isinstance(name, str) or name not in toolsets:
        raise ValueError(f"tools: {name!r} is not a toolset of this dataset (toolsets: {', '.join(toolsets)})")
    return toolsets[name]


def _case_mocks(item: Mapping[str, Any]) -> tuple[tuple[Mapping[str, Any], ...], tuple[Fixture, ...]]:
    """A case's own inline functions and fixtures (served in-process, checked before the toolset's)."""
    own = _toolset("case", {"functions": item.get("functions") or [], "mocks": item.get("mocks") or []}, "")
    return own.functions, own.mocks


def _toolset(name: str, spec: Any, where: str) -> ToolSet:
    def fail(msg: str) -> DatasetError:
        return DatasetError(f"{where}, field {msg}" if where else msg)

    if not isinstance(spec, Mapping):
        raise fail("toolset: expected a mapping with mcp, functions, mocks or only")
    unknown = set(spec) - {"mcp", "functions", "mocks", "only"}
    if unknown:
        raise fail(f"{sorted(unknown)[0]}: unknown (known: mcp, functions, mocks, only)")
    mcp = spec.get("mcp") or []
    if isinstance(mcp, str):
        mcp = [mcp]
    if not all(isinstance(s, str) and s.strip() for s in mcp):
        raise fail("mcp: expected a list of MCP server specs")
    functions = spec.get("functions") or []
    for i, fn in enumerate(functions):
        if not isinstance(fn, Mapping) or not isinstance(fn.get("name"), str):
            raise fail(f"functions[{i}]: expected a function schema with a name")
        params = fn.get("parameters", {"type": "object", "properties": {}})
        if not isinstance(params, Mapping):
            raise fail(f"functions[{i}].parameters: expected a JSON schema object")
    fixtures = []
    for i, m in enumerate(spec.get("mocks") or []):
        if not isinstance(m, Mapping) or not isinstance(m.get("tool"), str):
            raise fail(f"mocks[{i}].tool: expected a tool name (or '*')")
        if ("output" in m) == ("error" in m):
            raise fail(f"mocks[{i}]: give exactly one of output and error")
        when = m.get("when")
        if when is not None:
            if not isinstance(when, Mapping):
                raise fail(f"mocks[{i}].when: expected argument matchers")
            try:
                matchers.check_spec(when, f"mocks[{i}].when")
            except ValueError as exc:
                raise fail(str(exc)) from None
        fixtures.append(Fixture(m["tool"], m.get("output"), when, m.get("error")))
    only = spec.get("only") or []
    if not all(isinstance(s, str) for s in only):
        raise fail("only: expected a list of tool names")
    fns = tuple({"type": "function", "parameters": {"type": "object", "properties": {}}, **fn} for fn in functions)
    return ToolSet(name, tuple(mcp), fns, tuple(fixtures), tuple(only))


def _input(item: Mapping[str, Any], base: Path, prefix: str) -> CaseInput:
    given = [k for k in ("text", "say", "audio") if item.get(k) is not None]
    if len(given) != 1:
        raise ValueError(f"{prefix}text: give exactly one of text (typed), say (synthesised) or audio (a file)")
    kind = given[0]
    if kind == "text":
        if not isinstance(item["text"], str) or not item["text"].strip():
            raise ValueError(f"{prefix}text: expected the typed words")
        return CaseInput("text", text=item["text"])
    if kind == "audio":
        audio = item["audio"]
        if not isinstance(audio, str):
            raise ValueError(f"{prefix}audio: expected a file path")
        p = _find(audio, base)
        if p is None:
            raise ValueError(f"{prefix}audio: file {audio!r} not found (relative to {base} or a folder above it)")
        return CaseInput("audio", text=str(item.get("words") or ""), audio=str(p.resolve()))
    say = item["say"]
    voice, rate = item.get("voice", "en-us"), item.get("rate", 175)
    if isinstance(say, Mapping):
        voice, rate, say = say.get("voice", voice), say.get("rate", rate), say.get("text")
    if not isinstance(say, str) or not say.strip():
        raise ValueError(f"{prefix}say: expected the words to synthesise")
    if not isinstance(rate, int) or not 80 <= rate <= 450:
        raise ValueError(f"{prefix}rate: expected words per minute, 80-450, got {rate!r}")
    if not isinstance(voice, str) or not voice:
        raise ValueError(f"{prefix}voice: expected an espeak-ng voice name")
    _check_voice(voice, f"{prefix}voice")
    return CaseInput("speech", text=say, voice=voice, rate=rate)


def _check_voice(voice: str, where: str) -> None:
    from rtkit.eval.perturb import check_voice

    try:
        check_voice(voice)
    except ValueError:
        raise ValueError(f"{where}: {voice!r} is not an espeak-ng voice") from None


def _find(path: str, base: Path) -> Path | None:
    """A file named relative to the dataset's folder or a folder above it (a dataset in ``data/evals/`` may name
    ``data/portfolio_summary.wav`` from the repository root), or absolute."""
    p = Path(path)
    if p.is_absolute():
        return p if p.is_file() else None
    for folder in (base, *base.resolve().parents):
        if (folder / p).is_file():
            return folder / p
    return None


def _caller_turn(item: Any, base: Path, where: str, defaults: Mapping[str, Any]) -> CallerTurn:
    if not isinstance(item, Mapping):
        raise ValueError(f"{where}: expected a mapping")
    unknown = set(item) - {"text", "say", "audio", "voice", "rate", "start", "expect", "words"}
    if unknown:
        raise ValueError(f"{where}.{sorted(unknown)[0]}: unknown field")
    merged = {k: defaults[k] for k in ("voice", "rate") if k in defaults} | dict(item)
    inp = _input(merged, base, f"{where}.")
    start = item.get("start", {"after": "playback"})
    if isinstance(start, str):
        start = {"after": start}
    if not isinstance(start, Mapping) or start.get("after", "playback") not in ("playback", "barge_in", "pause"):
        raise ValueError(f"{where}.start: expected {{after: playback | barge_in | pause, ms: N}}")
    ms = start.get("ms", 0)
    if not isinstance(ms, int | float) or ms < 0:
        raise ValueError(f"{where}.start.ms: expected a number of ms >= 0")
    return CallerTurn(
        inp, Start(start.get("after", "playback"), float(ms)), _expect(item.get("expect") or {}, f"{where}.expect")
    )


_EXPECT_FIELDS = {"calls", "order", "no_call", "only", "answer", "latency", "cost_usd", "turns", "no_cut",
                  "end_of_turn_ms", "judge"}  # fmt: skip
_LIMIT = re.compile(r"^\s*([a-z_]+_ms)\s*<=?\s*(\d+(?:\.\d+)?)\s*$")


def _expect(doc: Any, where: str) -> Expect:
    if not isinstance(doc, Mapping):
        raise ValueError(f"{where}: expected a mapping")
    unknown = set(doc) - _EXPECT_FIELDS
    if unknown:
        raise ValueError(f"{where}.{sorted(unknown)[0]}: unknown (known: {', '.join(sorted(_EXPECT_FIELDS))})")
    calls: tuple[CallExpect, ...] | None = None
    if "calls" in doc:
        raw = doc["calls"]
        if not isinstance(raw, list):
            raise ValueError(f"{where}.calls: expected a list of calls")
        calls = tuple(_call(c, f"{where}.calls[{i}]") for i, c in enumerate(raw))
    no_call = doc.get("no_call", False)
    if not isinstance(no_call, bool):
        raise ValueError(f"{where}.no_call: expected true or false")
    if no_call and calls:
        raise ValueError(f"{where}.no_call: a case cannot expect calls and no call")
    order = doc.get("order", "ordered")
    if order not in ("ordered", "set", "first"):
        raise ValueError(f"{where}.order: expected ordered, set or first, got {order!r}")
    answer = doc.get("answer", [])
    answer = [answer] if isinstance(answer, Mapping | str) else answer
    checked = []
    for i, a in enumerate(answer):
        spec = {"contains": a} if isinstance(a, str) else a
        if not matchers.is_matcher(spec) or matchers._kind(spec) not in ("contains", "not_contains", "regex", "approx"):
            raise ValueError(f"{where}.answer[{i}]: expected contains, not_contains, regex or approx")
        matchers.check_spec(spec, f"{where}.answer[{i}]")
        checked.append(spec)
    latency = _latency(doc.get("latency"), f"{where}.latency")
    for key in ("cost_usd", "end_of_turn_ms"):
        v = doc.get(key)
        if v is not None and (not isinstance(v, int | float) or isinstance(v, bool) or v < 0):
            raise ValueError(f"{where}.{key}: expected a number >= 0, got {v!r}")
    turns = doc.get("turns")
    if turns is not None and (not isinstance(turns, int) or turns < 0):
        raise ValueError(f"{where}.turns: expected a whole number >= 0")
    judge = doc.get("judge")
    if judge is not None and not isinstance(judge, str):
        raise ValueError(f"{where}.judge: expected a rubric text")
    return Expect(
        calls=calls if calls is not None else (() if no_call else None),
        order=order,
        no_call=no_call,
        only=bool(doc.get("only", False)),
        answer=tuple(checked),
        latency=latency,
        cost_usd=doc.get("cost_usd"),
        turns=turns,
        no_cut=bool(doc.get("no_cut", False)),
        end_of_turn_ms=doc.get("end_of_turn_ms"),
        judge=judge,
    )


def _latency(raw: Any, where: str) -> tuple[tuple[str, float], ...]:
    if raw is None:
        return ()
    items: list[tuple[str, float]] = []
    if isinstance(raw, Mapping):
        items = [(str(k), v) for k, v in raw.items()]
    else:
        for text in [raw] if isinstance(raw, str) else raw:
            m = _LIMIT.match(str(text))
            if not m:
                raise ValueError(f"{where}: expected 'NAME_ms <= N' or {{NAME_ms: N}}, got {text!r}")
            items.append((m[1], float(m[2])))
    known = LATENCIES
    for name, limit in items:
        if name not in known:
            raise ValueError(f"{where}.{name}: unknown latency (known: {', '.join(known)})")
        if not isinstance(limit, int | float) or isinstance(limit, bool) or limit < 0:
            raise ValueError(f"{where}.{name}: expected a limit in ms >= 0, got {limit!r}")
    return tuple((n, float(v)) for n, v in items)


def _call(doc: Any, where: str) -> CallExpect:
    if isinstance(doc, str):
        return CallExpect(doc)
    if not isinstance(doc, Mapping):
        raise ValueError(f"{where}: expected a tool name or {{name, arguments}}")
    unknown = set(doc) - {"name", "arguments", "strict"}
    if unknown:
        raise ValueError(f"{where}.{sorted(unknown)[0]}: unknown (known: name, arguments, strict)")
    name = doc.get("name")
    if matchers.is_matcher(name):
        matchers.check_spec(name, f"{where}.name")
    elif name is not None and not isinstance(name, str):
        raise ValueError(f"{where}.name: expected a function name (or a matcher of names)")
    args = doc.get("arguments")
    if args is not None:
        if not isinstance(args, Mapping):
            raise ValueError(f"{where}.arguments: expected a mapping of argument matchers")
        matchers.check_spec(args, f"{where}.arguments")
    return CallExpect(name, args, bool(doc.get("strict", False)))


def _history(raw: Any) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ValueError("history: expected a list of {user: text} or {assistant: text}")
    out = []
    for i, turn in enumerate(raw):
        if not isinstance(turn, Mapping) or len(turn) != 1:
            raise ValueError(f"history[{i}]: expected {{user: text}} or {{assistant: text}}")
        ((role, text),) = turn.items()
        if role not in ("user", "assistant") or not isinstance(text, str):
            raise ValueError(f"history[{i}]: expected {{user: text}} or {{assistant: text}}")
        out.append((role, text))
    return tuple(out)


_PERTURB_FIELDS = ("noise", "snr_db", "phone", "rate", "voice")


def _perturbation(doc: Any, where: str, case: Case) -> Perturbation:
    if not isinstance(doc, Mapping):
        raise ValueError(f"{where}: expected a mapping of {', '.join(_PERTURB_FIELDS)}")
    unknown = set(doc) - set(_PERTURB_FIELDS)
    if unknown:
        raise ValueError(f"{where}.{sorted(unknown)[0]}: unknown (known: {', '.join(_PERTURB_FIELDS)})")
    values = {k: (None if v in ("none", "clean") else v) for k, v in doc.items()}
    if values.get("phone") not in (None, "pcmu", "pcma"):
        raise ValueError(f"{where}.phone: expected pcmu, pcma or none, got {doc['phone']!r}")
    if "snr_db" in values and not isinstance(values["snr_db"], int | float):
        raise ValueError(f"{where}.snr_db: expected a number of dB")
    if values.get("noise") is not None:
        from rtkit.eval.perturb import noise_path

        noise_path(str(values["noise"]))  # a missing noise file fails here, before anything runs
    if values.get("rate") is not None and (not isinstance(values["rate"], int) or not 80 <= values["rate"] <= 450):
        raise ValueError(f"{where}.rate: expected words per minute, 80-450")
    if values.get("voice") is not None:
        if not isinstance(values["voice"], str) or not values["voice"]:
            raise ValueError(f"{where}.voice: expected an espeak-ng voice name")
        _check_voice(values["voice"], f"{where}.voice")
    for key in ("rate", "voice"):
        if values.get(key) is not None and any(i.kind == "audio" for i in case.inputs):
            raise ValueError(f"{where}.{key}: applies to synthesised speech (say), not to an audio file")
    if values.get("snr_db") is None:
        values.pop("snr_db", None)
    return Perturbation(**values)  # type: ignore[arg-type]


def expand_grid(case: Case, grid: Any) -> list[Case]:
    """One case per cell of ``grid`` (``{noise: [...], snr_db: [...], phone: [...], rate: [...], voice: [...]}``),
    ids ``<id>@<cell label>``, tagged ``grid``; the cell's label is in ``meta['perturbation']``."""
    if not isinstance(grid, Mapping) or not grid:
        raise ValueError("perturb_grid: expected a mapping of perturbation fields to lists of values")
    keys = list(grid)
    for k in keys:
        if k not in _PERTURB_FIELDS:
            raise ValueError(f"perturb_grid.{k}: unknown (known: {', '.join(_PERTURB_FIELDS)})")
        if not isinstance(grid[k], list) or not grid[k]:
            raise ValueError(f"perturb_grid.{k}: expected a list of values")
    if case.input is not None and case.input.kind == "text":
        raise ValueError("perturb_grid: a typed case has no audio to perturb")
    out: list[Case] = []
    for values in itertools.product(*(grid[k] for k in keys)):
        cell = dict(zip(keys, values, strict=True))
        if cell.get("noise") in (None, "none", "clean"):
            cell.pop("snr_db", None)  # a clean cell is the same at every SNR: one of it
        p = _perturbation(cell, "perturb_grid", case)
        cid = f"{case.id}@{p.label()}"
        if any(c.id == cid for c in out):
            continue
        out.append(replace(case, id=cid, perturb=p, tags=(*case.tags, "grid"), meta={"perturbation": p.label()}))
    return out
