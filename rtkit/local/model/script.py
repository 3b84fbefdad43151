"""Scripted responses for the local Realtime server: deterministic answers for tests of a user's own agent.

A script is a list of expected user turns, in order, each with what the server does when it comes (JSON, or YAML
when PyYAML is installed)::

    strict: true                      # optional; an unmatched turn then fails with an error naming it
    turns:
      - user: "weather in (?P<city>[a-z ]+)"     # a pattern searched in what the user said (text or audio)
        call: {name: get_weather, arguments: {city: "{city}"}}
        say: "It is {output.temperature} degrees in {output.city}."   # after the tool's output comes back
      - user: {audio: any}            # any audio turn; {audio: "pattern"} matches its transcript
        delay_ms: 300
        say: "Sure."
      - user: {text: "^cancel"}       # a typed turn only
        error: {code: server_error, message: "Scripted failure."}

A bare list is the ``turns`` of a non-strict script. Templates are ``str.format`` strings: ``{name}`` is a named
group of the user's pattern, ``{text}`` what the user said, ``{output}`` the tool output (parsed as JSON when it
is JSON; ``{output.field}`` reads a field). Unmatched turns fall back to the rule-based responder unless
``strict`` is set.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from rtkit.local.model import responder

STRICT_CODE = "script_unmatched_turn"
TEMPLATE_CODE = "script_template_error"
_SUFFIXES = (".json", ".yaml", ".yml")
_TURN_KEYS = {"user", "say", "call", "error", "delay_ms"}


ScriptSource = Union["Script", str, Path, Sequence[Any], Mapping[str, Any]]
"""A script: a file path, JSON/YAML text, parsed data, or a :class:`Script`."""


class ScriptError(ValueError):
    """A script that cannot be used; the message names the turn and field at fault."""


@dataclass(frozen=True)
class FailPlan:
    """The response fails: an ``error`` event, then ``response.done`` with status ``failed``."""

    code: str
    """Error code sent to the client."""
    message: str
    """Error message sent to the client."""
    error_type: str = "server_error"
    """Error type (``server_error`` or ``invalid_request_error``)."""


@dataclass(frozen=True)
class DelayPlan:
    """Wait, then carry out ``then`` (a cancel during the wait ends the response at once)."""

    ms: float
    """How long to wait, in milliseconds."""
    then: Any
    """The plan to carry out afterwards."""


@dataclass(frozen=True)
class UserMatch:
    """Which user turns a scripted turn accepts."""

    pattern: re.Pattern[str] | None
    """Searched (case-insensitively) in what the user said; None accepts anything."""
    kind: str = "any"
    """``any`` (typed or spoken), ``text`` (typed only) or ``audio`` (spoken only)."""

    def describe(self) -> str:
        what = {"any": "a turn", "text": "a typed turn", "audio": "an audio turn"}[self.kind]
        return what + (f" matching {self.pattern.pattern!r}" if self.pattern else "")

    def match(self, said: str, spoken: bool) -> dict[str, str] | None:
        """Named groups (plus ``text``) when the turn matches, else None."""
        if (self.kind == "text" and spoken) or (self.kind == "audio" and not spoken):
            return None
        found = self.pattern.search(said) if self.pattern else None
        if self.pattern is not None and found is None:
            return None
        groups = {k: v for k, v in found.groupdict().items() if v is not None} if found else {}
        return {**groups, "text": said}


@dataclass(frozen=True)
class ScriptedTurn:
    """One expected user turn and the server's answer to it."""

    index: int
    """Position in the script (1-based, for messages)."""
    user: UserMatch
    """Which turns it accepts."""
    say: str | None = None
    """What to say (a template); after ``call``, what to say once the tool output arrives."""
    call: tuple[str, Any] | None = None
    """Tool name and arguments (templates in string values)."""
    error: FailPlan | None = None
    """Fail the response instead."""
    delay_ms: float = 0.0
    """Wait this long before answering."""


@dataclass(frozen=True)
class Script:
    """A parsed script; :meth:`player` gives the per-connection cursor."""

    turns: tuple[ScriptedTurn, ...]
    """Expected user turns, in order."""
    strict: bool = False
    """Fail unmatched turns instead of falling back to the rule-based responder."""

    @classmethod
    def load(cls, source: ScriptSource) -> Script:
        """A script from a file path (``.json``, ``.yaml``/``.yml``), a JSON/YAML text, or parsed data."""
        if isinstance(source, Script):
            return source
        if isinstance(source, str) and "\n" not in source and source.lower().endswith(_SUFFIXES):
            source = Path(source)
        if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and Path(source).is_file()):
            path = Path(source)
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as exc:
                raise ScriptError(f"script {str(path)!r} cannot be read: {exc.strerror}") from exc
            return cls.parse(_load_text(text, path.suffix.lower() in (".yaml", ".yml"), str(path)))
        if isinstance(source, str):
            return cls.parse(_load_text(source, not source.lstrip().startswith(("[", "{")), "script"))
        return cls.parse(source)

    @classmethod
    def parse(cls, data: Any) -> Script:
        if isinstance(data, Mapping):
            extra = set(data) - {"turns", "strict"}
            if extra:
                raise ScriptError(f"script: unknown key {sorted(extra)[0]!r}; expected 'turns' and 'strict'")
            strict = data.get("strict", False)
            if not isinstance(strict, bool):
                raise ScriptError(f"script.strict: {strict!r} is invalid; expected true or false")
            data = data.get("turns")
        else:
            strict = False
        if not isinstance(data, list):
            raise ScriptError("script: expected a list of turns (or a mapping with 'turns')")
        return cls(tuple(_turn(i + 1, raw) for i, raw in enumerate(data)), strict)

    def player(self) -> ScriptPlayer:
        return ScriptPlayer(self)


def _load_text(text: str, yaml_first: bool, where: str) -> Any:
    if not yaml_first:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScriptError(f"{where}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    try:
        import yaml
    except ImportError as exc:
        raise ScriptError(f"{where}: YAML scripts need PyYAML (pip install pyyaml); JSON works without it") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ScriptError(f"{where}: not valid YAML ({str(exc).splitlines()[0]})") from exc


def _pattern(value: Any, where: str) -> re.Pattern[str]:
    if not isinstance(value, str):
        raise ScriptError(f"{where}: {value!r} is invalid; expected a pattern string")
    try:
        return re.compile(value, re.IGNORECASE)
    except re.error as exc:
        raise ScriptError(f"{where}: {value!r} is not a valid pattern ({exc})") from exc


def _user(value: Any, where: str) -> UserMatch:
    if value is None or value == "any":
        return UserMatch(None)
    if isinstance(value, str):
        return UserMatch(_pattern(value, where))
    if isinstance(value, Mapping) and len(value) == 1:
        ((kind, spec),) = value.items()
        if kind in ("text", "audio"):
            any_turn = spec is True or spec == "any"
            return UserMatch(None if any_turn else _pattern(spec, f"{where}.{kind}"), kind)
    raise ScriptError(f"{where}: {value!r} is invalid; expected a pattern, {{text: pattern}} or {{audio: any|pattern}}")


def _turn(index: int, raw: Any) -> ScriptedTurn:
    where = f"script turn {index}"
    if not isinstance(raw, Mapping):
        raise ScriptError(f"{where}: expected a mapping with 'user' and what to do")
    extra = set(raw) - _TURN_KEYS
    if extra:
        raise ScriptError(f"{where}: unknown key {sorted(extra)[0]!r}; expected {', '.join(sorted(_TURN_KEYS))}")
    say = raw.get("say")
    if say is not None and not isinstance(say, str):
        raise ScriptError(f"{where}.say: {say!r} is invalid; expected a string")
    call = None
    if raw.get("call") is not None:
        spec = raw["call"]
        if not isinstance(spec, Mapping) or not isinstance(spec.get("name"), str) or set(spec) - {"name", "arguments"}:
            raise ScriptError(f"{where}.call: expected {{name: tool, arguments: {{...}}}}")
        arguments = spec.get("arguments", {})
        if not isinstance(arguments, Mapping | str):
            raise ScriptError(f"{where}.call.arguments: expected a mapping or a JSON string")
        call = (spec["name"], arguments)
    error = None
    if raw.get("error") is not None:
        spec = raw["error"]
        spec = {"code": spec} if isinstance(spec, str) else spec
        if not isinstance(spec, Mapping) or not isinstance(spec.get("code"), str):
            raise ScriptError(f"{where}.error: expected an error code or {{code: ..., message: ...}}")
        error = FailPlan(spec["code"], str(spec.get("message") or f"Scripted error: {spec['code']}."))
    if sum(x is not None for x in (say if call is None else None, call, error)) != 1:
        raise ScriptError(f"{where}: give exactly one of 'say', 'call' (optionally with 'say') or 'error'")
    delay = raw.get("delay_ms", 0)
    if isinstance(delay, bool) or not isinstance(delay, int | float) or delay < 0:
        raise ScriptError(f"{where}.delay_ms: {delay!r} is invalid; expected a non-negative number")
    return ScriptedTurn(index, _user(raw.get("user"), f"{where}.user"), say, call, error, float(delay))


class _Fields:
    """Template view of tool output: ``{output.field}`` reads a key, ``{output}`` prints the value."""

    def __init__(self, value: Any) -> None:
        self._value = value

    def __getattr__(self, name: str) -> Any:
        if isinstance(self._value, Mapping) and name in self._value:
            return _Fields(self._value[name])
        raise KeyError(f"output.{name}")

    def __getitem__(self, key: Any) -> Any:
        try:
            return _Fields(self._value[key])
        except (KeyError, IndexError, TypeError) as exc:
            raise KeyError(f"output[{key!r}]") from exc

    def __format__(self, spec: str) -> str:
        value = self._value
        shown = value if isinstance(value, str | int | float) else json.dumps(value)
        return format(shown, spec)


def _fill(template: str, values: Mapping[str, Any]) -> str:
    return string.Formatter().vformat(template, (), values)


@dataclass
class ScriptPlayer:
    """One connection's place in a script; its :meth:`plan` is a response planner."""

    script: Script
    """The script being played."""
    position: int = 0
    """Index of the next expected turn."""
    _waiting: tuple[ScriptedTurn, dict[str, str]] | None = field(default=None, init=False)

    def plan(
        self, items: Sequence[dict[str, Any]], tools: list[dict[str, Any]], instructions: str, tool_choice: Any
    ) -> Any:
        last = items[-1] if items else {}
        if last.get("type") == "function_call_output" and self._waiting is not None:
            turn, values = self._waiting
            self._waiting = None
            if turn.say is not None:
                return self._timed(turn, self._say(turn, turn.say, {**values, "output": _Fields(_parsed(last))}))
        elif last.get("type") == "message" and last.get("role") == "user":
            return self._user_turn(last) or responder.plan_response(
                items, tools, instructions=instructions, tool_choice=tool_choice
            )
        return responder.plan_response(items, tools, instructions=instructions, tool_choice=tool_choice)

    def _user_turn(self, item: dict[str, Any]) -> Any:
        said = responder.user_text(item)
        spoken = any(p.get("type") == "input_audio" for p in item.get("content", []))
        turn = self.script.turns[self.position] if self.position < len(self.script.turns) else None
        values = turn.user.match(said, spoken) if turn else None
        if turn is None or values is None:
            if not self.script.strict:
                return None
            expected = f"turn {turn.index} expects {turn.user.describe()}" if turn else "has no turn left"
            return FailPlan(
                STRICT_CODE,
                f"The script {expected}, but the user said {said!r}.",
                "invalid_request_error",
            )
        self.position += 1
        self._waiting = None
        if turn.error is not None:
            return self._timed(turn, turn.error)
        if turn.call is not None:
            name, arguments = turn.call
            try:
                filled = (
                    _fill(arguments, values)
                    if isinstance(arguments, str)
                    else json.dumps(_fill_all(arguments, values), separators=(",", ":"))
                )
            except (KeyError, IndexError, ValueError) as exc:
                return FailPlan(TEMPLATE_CODE, f"Script turn {turn.index}: call arguments need {exc}.")
            self._waiting = (turn, values)
            return self._timed(turn, responder.FunctionCallPlan(name, filled))
        assert turn.say is not None
        return self._timed(turn, self._say(turn, turn.say, values))

    @staticmethod
    def _say(turn: ScriptedTurn, template: str, values: Mapping[str, Any]) -> Any:
        try:
            return responder.MessagePlan(_fill(template, values))
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            return FailPlan(TEMPLATE_CODE, f"Script turn {turn.index}: 'say' needs {exc}, which is not there.")

    @staticmethod
    def _timed(turn: ScriptedTurn, plan: Any) -> Any:
        return DelayPlan(turn.delay_ms, plan) if turn.delay_ms else plan


def _fill_all(value: Any, values: Mapping[str, Any]) -> Any:
    if isinstance(value, str):
        return _fill(value, values)
    if isinstance(value, Mapping):
        return {k: _fill_all(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill_all(v, values) for v in value]
    return value


def _parsed(item: dict[str, Any]) -> Any:
    output = item.get("output", "")
    try:
        return json.loads(output)
    except (TypeError, json.JSONDecodeError):
        return output
