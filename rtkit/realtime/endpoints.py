"""Where a Realtime websocket connects and with which headers: OpenAI, Azure GA, or a custom URL.

Pure: builds URLs and headers, never opens a socket. Never adds the retired ``OpenAI-Beta`` header.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

OPENAI_REALTIME_URL = "wss://api.openai.com/v1/realtime"


@dataclass(frozen=True)
class Endpoint:
    """A resolved websocket endpoint. ``repr`` hides the headers (they carry the key)."""

    url: str
    """The websocket URL, including ``?model=``."""
    kind: Literal["openai", "azure", "custom"]
    """Which service shape the URL follows."""
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    """Handshake headers (``Authorization`` or ``api-key``)."""


def _with_model(url: str, model: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.setdefault("model", model)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def websocket_url_from_base(base_url: str) -> str:
    """``http://host:port/v1`` (the ``OPENAI_BASE_URL`` form) → ``ws://host:port/v1/realtime``.

    A ``ws://``/``wss://`` URL is taken as the realtime URL itself.
    """
    parts = urlsplit(base_url)
    if parts.scheme in ("ws", "wss"):
        return base_url
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"base_url={base_url!r} is not allowed: expected http(s):// or ws(s)://")
    scheme = "wss" if parts.scheme == "https" else "ws"
    path = parts.path.rstrip("/")
    if not path.endswith("/realtime"):
        path += "/realtime"
    return urlunsplit((scheme, parts.netloc, path, parts.query, ""))


def resolve_endpoint(
    model: str,
    api_key: str | None = None,
    *,
    url: str | None = None,
    base_url: str | None = None,
    azure_endpoint: str | None = None,
    azure_deployment: str | None = None,
) -> Endpoint:
    """Pick the endpoint: explicit ``url`` > Azure > ``base_url`` > OpenAI (which needs a key)."""
    if url or base_url:
        ws = websocket_url_from_base(url or base_url or "")
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        return Endpoint(_with_model(ws, model), "custom", headers)
    if azure_endpoint:
        if not api_key:
            raise ValueError("azure_endpoint is set but no key: set AZURE_OPENAI_API_KEY")
        parts = urlsplit(azure_endpoint if "://" in azure_endpoint else f"https://{azure_endpoint}")
        ws = urlunsplit(("wss", parts.netloc, "/openai/v1/realtime", "", ""))
        return Endpoint(_with_model(ws, azure_deployment or model), "azure", {"api-key": api_key})
    if not api_key:
        raise ValueError("no API key for OpenAI: set OPENAI_API_KEY, or use the local server (rtkit serve / --local)")
    return Endpoint(_with_model(OPENAI_REALTIME_URL, model), "openai", {"Authorization": f"Bearer {api_key}"})


def model_from_url(url: str | None) -> str | None:
    """The model a Realtime URL names (``?model=...``), if any."""
    if not url:
        return None
    return dict(parse_qsl(urlsplit(url).query)).get("model") or None


def endpoint_label(url: str) -> str:
    """``host:port/path`` of a websocket URL: where a run went, with no key, user or query."""
    parts = urlsplit(url)
    return f"{parts.hostname}{':' + str(parts.port) if parts.port else ''}{parts.path}"
