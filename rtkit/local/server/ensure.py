"""One decision, made once: with no API key and no URL, sessions run against a local Realtime server started here.

Light on purpose (the server's modules load only when a server is started), so the session, batch runs and
``rtkit doctor`` all ask it.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any


@contextlib.asynccontextmanager
async def ensure_server(config: Any, url: str | None = None, **server_options: Any) -> AsyncIterator[str | None]:
    """Where to connect: ``url`` when given; with no API key and no URL (``config.uses_local_server``), the URL of
    a :class:`~rtkit.local.LocalRealtimeServer` started here with ``server_options`` and stopped on exit; else None
    (the configured OpenAI or Azure endpoint).

    >>> async with ensure_server(RealtimeConfig.from_env()) as url:
    ...     client = RealtimeClient(config, url=url)
    """
    if url is not None or not config.uses_local_server:
        yield url
        return
    from rtkit.local.server.local_server import LocalRealtimeServer

    async with LocalRealtimeServer(**server_options) as server:
        yield server.url
