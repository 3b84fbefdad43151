from __future__ import annotations

import pytest

from rtkit.realtime.endpoints import resolve_endpoint, websocket_url_from_base


def test_openai_url_and_bearer_without_beta_header():
    ep = resolve_endpoint("gpt-realtime-2.1", "sk-x")
    assert ep.url == "wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1"
    assert ep.headers == {"Authorization": "Bearer sk-x"}
    assert not any(h.lower() == "openai-beta" for h in ep.headers)
    assert "sk-x" not in repr(ep)


def test_azure_ga_url_uses_deployment_and_api_key_header():
    ep = resolve_endpoint(
        "gpt-realtime", "az-key", azure_endpoint="https://res.openai.azure.com/", azure_deployment="dep"
    )
    assert ep.url == "wss://res.openai.azure.com/openai/v1/realtime?model=dep"
    assert ep.headers == {"api-key": "az-key"}


def test_custom_base_url_like_openai_base_url():
    ep = resolve_endpoint("gpt-realtime-2.1", None, base_url="http://127.0.0.1:8765/v1")
    assert ep.url == "ws://127.0.0.1:8765/v1/realtime?model=gpt-realtime-2.1"
    assert ep.headers == {}
    ep = resolve_endpoint("m", "k", url="ws://127.0.0.1:1/v1/realtime?model=other")
    assert ep.url.endswith("model=other") and ep.headers == {"Authorization": "Bearer k"}
    assert websocket_url_from_base("https://h/v1/") == "wss://h/v1/realtime"


def test_missing_key_and_bad_scheme_are_clear():
    with pytest.raises(ValueError, match="OPENAI_API_KEY"):
        resolve_endpoint("m")
    with pytest.raises(ValueError, match="base_url='ftp://x'"):
        resolve_endpoint("m", base_url="ftp://x")
