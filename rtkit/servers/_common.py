"""What the example MCP servers share: transport options and startup."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations

READ_ONLY = ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False)
"""Annotations of a tool that only reads: clients may cache its results."""

__all__ = ["READ_ONLY", "ToolError", "add_transport_args", "main", "run"]


def add_transport_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--http", action="store_true", help="serve streamable HTTP instead of stdio")
    parser.add_argument("--host", default="127.0.0.1", help="HTTP host (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="HTTP port (default 8000)")


def run(server: MCPServer[Any], args: argparse.Namespace) -> None:
    """Serve over stdio, or over streamable HTTP at ``http://HOST:PORT/mcp`` with ``--http``."""
    if args.http:
        server.run("streamable-http", host=args.host, port=args.port)
    else:
        server.run()


def main(
    name: str,
    parser: argparse.ArgumentParser,
    argv: Sequence[str] | None,
    build: Callable[[argparse.Namespace], MCPServer[Any]],
) -> int:
    """Parse the server's options (plus the transport ones), build it and serve; a bad folder exits 2."""
    add_transport_args(parser)
    args = parser.parse_args(argv)
    try:
        server = build(args)
    except (OSError, ValueError) as exc:
        print(f"{name} server: {exc}", file=sys.stderr)
        return 2
    run(server, args)
    return 0
