"""Deterministic tool mocks: fixed outputs chosen by tool name and argument matchers, so an eval does not depend
on live data.

:func:`fixture_result` is the one rule (pure): the first fixture whose tool and ``when`` matchers fit the call
answers; a call no fixture fits answers a clear error. It is served two ways: by a mock MCP server built from the
schemas (:mod:`rtkit.eval.mock_server`, a real stdio subprocess the bridge connects like any other), and in-process
by :class:`CaseTools`, which also narrows a shared bridge to a case's tools and applies a variant's tool
descriptions.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rtkit.eval import matchers
from rtkit.eval.dataset import Fixture
from rtkit.tools import ToolProvider, ToolResult, parse_arguments, tool_failure

NO_FIXTURE = "no_fixture"
"""Error code of a mocked call that no fixture answers."""


def find_fixture(fixtures: Sequence[Fixture], tool: str, arguments: Mapping[str, Any]) -> Fixture | None:
    """The first fixture for ``tool`` (or ``*``) whose ``when`` matchers the arguments meet."""
    for f in fixtures:
        if f.tool not in (tool, "*"):
            continue
        if f.when is None or matchers.match(dict(f.when), dict(arguments), "arguments").passed:
            return f
    return None


def fixture_result(fixtures: Sequence[Fixture], tool: str, arguments: Mapping[str, Any]) -> tuple[bool, str]:
    """``(ok, output text)`` of a mocked call: the fixture's output as JSON (a string as is), its error, or an error
    saying no fixture fits."""
    f = find_fixture(fixtures, tool, arguments)
    if f is None:
        args = json.dumps(dict(arguments), ensure_ascii=False, sort_keys=True)
        return False, f"{NO_FIXTURE}: the eval has no fixed output for {tool} with arguments {args}"
    if f.error is not None:
        return False, str(f.error)
    return True, f.output if isinstance(f.output, str) else json.dumps(f.output, ensure_ascii=False)


def fixtures_to_json(fixtures: Sequence[Fixture]) -> list[dict[str, Any]]:
    return [{"tool": f.tool, "output": f.output, "when": f.when, "error": f.error} for f in fixtures]


def fixtures_from_json(data: Sequence[Mapping[str, Any]]) -> tuple[Fixture, ...]:
    return tuple(Fixture(d["tool"], d.get("output"), d.get("when"), d.get("error")) for d in data)


def write_server_spec(
    path: Path,
    name: str,
    tools: Sequence[Mapping[str, Any]],
    fixtures: Sequence[Fixture],
    mcp: Sequence[str] = (),
    mcp_config: Mapping[str, Any] | None = None,
) -> str:
    """Write the mock server's spec file (inline ``tools``, and ``mcp``: live servers whose schemas the mock server
    lists when it starts); returns the MCP spec (a command line) that starts the server on it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    spec = {
        "name": name,
        "tools": list(tools),
        "mcp": list(mcp),
        "mcp_config": dict(mcp_config or {}),
        "fixtures": fixtures_to_json(fixtures),
    }
    path.write_text(json.dumps(spec, indent=2))
    return f"{sys.executable} -m rtkit.eval.mock_server {path.resolve()}"


def _failure(name: str, error: str, message: str) -> ToolResult:
    return tool_failure(name, error, message, time.monotonic())


class CaseTools:
    """The tools one case offers: a shared provider (an MCP bridge) narrowed to ``only``, the case's own inline
    functions, the case's fixtures answered first, and tool fields (``description``, ``parameters``) replaced by a
    variant's ``overrides``, keyed by the offered name or its alias (``aliases``: offered name → source name)."""

    def __init__(
        self,
        base: ToolProvider | None,
        *,
        functions: Sequence[Mapping[str, Any]] = (),
        fixtures: Sequence[Fixture] = (),
        only: Sequence[str] = (),
        overrides: Mapping[str, Mapping[str, Any]] | None = None,
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        self.base = base
        self.functions = {str(f["name"]): dict(f) for f in functions}
        self.fixtures = tuple(fixtures)
        self.only = set(only)
        self.overrides = {k: dict(v) for k, v in (overrides or {}).items()}
        self.aliases = dict(aliases or {})
        self.overridden: set[str] = set()
        """The override keys that matched an offered tool (a key matching none is a variant that changes
        nothing: the run reports it)."""
        self.calls = 0

    def tools(self) -> list[dict[str, Any]]:
        base = list(self.base.tools()) if self.base is not None else []
        if self.only:
            base = [t for t in base if t["name"] in self.only]
        out = []
        for tool in [*base, *self.functions.values()]:
            tool = {"type": "function", **tool}
            for key in dict.fromkeys((tool["name"], self.aliases.get(tool["name"], tool["name"]))):
                if key in self.overrides:
                    tool.update(self.overrides[key])
                    self.overridden.add(key)
            out.append(tool)
        return out

    async def call(self, name: str, arguments: str | Mapping[str, Any] | None) -> ToolResult:
        self.calls += 1
        started = time.monotonic()
        try:
            args = parse_arguments(arguments)
        except ValueError as exc:
            return _failure(name, "invalid_arguments", str(exc))
        if self.fixtures and find_fixture(self.fixtures, name, args) is not None or name in self.functions:
            ok, text = fixture_result(self.fixtures, name, args)
            if not ok:
                code = NO_FIXTURE if text.startswith(NO_FIXTURE) else "tool_error"
                return _failure(name, code, text)
            return ToolResult(text, True, server="mock", started=started, ended=time.monotonic())
        if self.base is None or (self.only and name not in self.only):
            return _failure(name, "unknown_tool", f"no tool named {name!r} in this case")
        return await self.base.call(name, arguments)
