"""MCP server specs: what the user writes after ``--mcp`` turned into ``mcp`` transport parameters.

A spec is one of
- a built-in server name, optionally followed by its arguments: ``finance``, ``devtools --root src``;
- a command line that starts a stdio MCP server: ``python my_server.py --flag`` (split like a shell would);
- an ``http://`` or ``https://`` URL of a streamable-HTTP MCP endpoint.
"""

from __future__ import annotations

import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlsplit

from mcp.client.session_group import StreamableHttpParameters
from mcp.client.stdio import StdioServerParameters

BUILTIN_SERVERS: dict[str, str] = {"finance": "rtkit.servers.finance", "devtools": "rtkit.servers.devtools"}
"""Built-in server name → Python module run with ``python -m``."""

_LABEL_CHARS = re.compile(r"[^a-zA-Z0-9_-]+")
_INTERPRETERS = re.compile(r"^(python[\d.]*|uv|uvx|node|npx|deno|bun|pipx)$")


@dataclass(frozen=True)
class ServerSpec:
    """One MCP server to connect."""

    spec: str
    """The spec as written."""
    label: str
    """Short name (``[a-zA-Z0-9_-]``) used in logs and as a tool-name prefix on collisions."""
    params: StdioServerParameters | StreamableHttpParameters
    """Transport parameters for ``mcp``'s stdio or streamable-HTTP client."""

    @property
    def name(self) -> str:
        """What a person recognises in tables (the ``server`` column): ``host:port`` of a URL, else the label."""
        if isinstance(self.params, StreamableHttpParameters):
            url = urlsplit(self.params.url)
            host = f"[{url.hostname}]" if url.hostname and ":" in url.hostname else url.hostname
            return f"{host}:{url.port}" if url.port else str(host)
        return self.label

    @property
    def transport(self) -> str:
        """``"stdio"`` or ``"http"``."""
        return "http" if isinstance(self.params, StreamableHttpParameters) else "stdio"


def parse_spec(spec: str) -> ServerSpec:
    """Turn one spec into transport parameters; raises ``ValueError`` naming the spec when it is unusable."""
    if not isinstance(spec, str) or not spec.strip():
        raise ValueError(f"MCP server spec {spec!r} is empty; give 'finance', 'devtools', a command or a URL")
    text = spec.strip()
    if text.lower().startswith(("http://", "https://")):
        url = urlsplit(text)
        if not url.hostname:
            raise ValueError(f"MCP server spec {spec!r}: URL has no host")
        where = url.hostname if url.port is None else f"{url.hostname}_{url.port}"
        return ServerSpec(spec, _clean_label(where), StreamableHttpParameters(url=text))
    try:
        argv = shlex.split(text)
    except ValueError as exc:
        raise ValueError(f"MCP server spec {spec!r} is not a valid command line: {exc}") from None
    if argv[0] in BUILTIN_SERVERS:
        params = StdioServerParameters(command=sys.executable, args=["-m", BUILTIN_SERVERS[argv[0]], *argv[1:]])
        return ServerSpec(spec, argv[0], params)
    return ServerSpec(spec, _command_label(argv), StdioServerParameters(command=argv[0], args=argv[1:]))


def parse_specs(specs: list[str] | tuple[str, ...]) -> list[ServerSpec]:
    """Parse every spec; labels are made unique (``finance``, ``finance_2``) so prefixes stay distinct."""
    if isinstance(specs, str):
        raise TypeError(f"MCP server specs must be a list of strings, not the string {specs!r}")
    parsed: list[ServerSpec] = []
    seen: set[str] = set()
    for spec in specs:
        item = parse_spec(spec)
        label, n = item.label, 1
        while label in seen:
            n += 1
            label = f"{item.label}_{n}"
        seen.add(label)
        parsed.append(ServerSpec(item.spec, label, item.params))
    return parsed


def _command_label(argv: list[str]) -> str:
    """A readable label for a command: the module after ``-m``, else the script, else the program name."""
    if "-m" in argv[:-1]:
        return _clean_label(argv[argv.index("-m") + 1].rsplit(".", 1)[-1])
    program = PurePath(argv[0]).name
    if _INTERPRETERS.match(program):
        for arg in argv[1:]:
            if not arg.startswith("-"):
                return _clean_label(PurePath(arg).stem)
    return _clean_label(PurePath(program).stem)


def _clean_label(text: str) -> str:
    return _LABEL_CHARS.sub("_", text).strip("_")[:24] or "server"
