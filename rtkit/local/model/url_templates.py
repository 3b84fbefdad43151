"""A web address a parameter's schema writes as a template ('https://<ip>/api/nodes?fabric={fabricName}'), filled
from the request: the host placeholder by the IP address the request gives, any other by the value another
parameter of the same call takes. Nothing is returned unless every placeholder is filled. (A template the request
itself writes, 'where {host} is ...', is filled by `mentions.placeholders_filled`.)"""

from __future__ import annotations

import re
from collections.abc import Mapping

# A web address holding at least one '<name>' or '{name}' placeholder, as a description or default writes it.
_TEMPLATE_RE = re.compile(r"https?://[^\s'\"`]*(?:<\w+>|\{\w+\})[^\s'\"`]*")
_PLACEHOLDER_RE = re.compile(r"<(\w+)>|\{(\w+)\}")
_HOST_NAMES = {"ip", "host", "hostname", "ipaddress", "ip_address", "server", "address"}
# Four dotted numbers: an IP address as people write it (a typing slip in one part is still that address; the
# stricter `assign._HOST_RE` says whether a value is an address at all).
_IP_RE = re.compile(r"(?<![\w.])\d{1,4}(?:\.\d{1,4}){3}(?![\w.]|\.\d)")


def template(schema: Mapping[str, object]) -> str | None:
    """The web-address template the parameter's default or description gives, or None."""
    for field in ("default", "description"):
        text = schema.get(field)
        if isinstance(text, str):
            found = _TEMPLATE_RE.search(text)
            if found:
                return found.group().rstrip(".,;:)")
    return None


def filled(schema: Mapping[str, object], text: str, arguments: Mapping[str, object]) -> str | None:
    """The parameter's template with every placeholder replaced, or None when one is left unknown."""
    url = template(schema)
    if url is None:
        return None
    hosts = [m.group() for m in _IP_RE.finditer(text)]
    unknown = False

    def fill(m: re.Match[str]) -> str:
        nonlocal unknown
        name = m.group(1) or m.group(2)
        value = arguments.get(name)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
        if name.lower() in _HOST_NAMES and len(set(hosts)) == 1:
            return hosts[0]
        unknown = True
        return m.group()

    result = _PLACEHOLDER_RE.sub(fill, url)
    return None if unknown else result
