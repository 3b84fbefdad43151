"""Example MCP servers backed by real data: ``finance`` (CSV portfolio and transactions) and ``devtools``
(Python code analysis, files and git of a folder). Run them with ``python -m rtkit.servers.finance`` or
``python -m rtkit.servers.devtools`` (stdio; add ``--http [--port N]`` for streamable HTTP)."""

BUILTIN = ("finance", "devtools")
