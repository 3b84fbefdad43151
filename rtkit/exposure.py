"""Where ``rtkit serve`` gets its key and whether its address exposes it: pure checks the command uses."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping

SERVE_KEY_ENV = "RTKIT_SERVE_API_KEY"
"""Environment variable ``rtkit serve`` reads its key from (a ``--api-key`` flag is visible to other users)."""
WILDCARD_HOSTS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}
"""Addresses that bind every interface, and the loopback address a client on this machine uses instead."""


def serve_key(flag: str | None, environ: Mapping[str, str] = os.environ) -> str | None:
    """The key the server requires: the flag when given, else :data:`SERVE_KEY_ENV`, else none."""
    return flag or environ.get(SERVE_KEY_ENV) or None


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, key: str | None) -> str | None:
    """A warning when the server is reachable from other machines without a key, else None."""
    if key or is_loopback(host):
        return None
    return (
        f"warning: serving on {host or 'every interface'} without a key: anyone who can reach this port can use "
        f"the server; set {SERVE_KEY_ENV} (or bind 127.0.0.1)"
    )


def client_host(host: str) -> str:
    """The host a client should connect to: loopback for a wildcard bind, else the host itself."""
    return WILDCARD_HOSTS.get(host, host)
