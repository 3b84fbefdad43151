"""Values a request introduces with 'the following X:' — the words after the colon are the X.

"Order a salad with the following changes: no croutons, dressing on the side" says what the changes are in
everything after the colon, to the end of the sentence; a parameter named after that noun ('changes',
'change_request', 'requested_change') takes them whole, commas and all, before any reading of single words
picks 'croutons' out of them. An array of strings takes the items one by one.
"""

from __future__ import annotations

import re

from rtkit.local.model import free_text
from rtkit.local.model.params import _free, _Param, _Request, _string_items, _use
from rtkit.local.text import split_identifier, stem

# 'the following modification:', 'the following changes, verbatim:' — the noun, up to two words on, the colon;
# the value runs to the end of the sentence (a full stop followed by a space or the end, a '?', '!' or ';').
_INTRODUCED_RE = re.compile(
    r"\b(?:the\s+)?following\s+([A-Za-z]+)(?:[\s,]+[A-Za-z]+){0,2}?\s*:\s*(.+?)\s*(?:[.;!?](?:\s|$)|[.;!?]?$)",
    re.IGNORECASE | re.DOTALL,
)


def introduced(params: list[_Param], req: _Request) -> dict[str, object]:
    """Each string (or list of strings) parameter whose name has the noun 'the following X:' introduces, with
    the words after the colon; a noun that names no parameter, or names several, gives nothing."""
    out: dict[str, object] = {}
    for m in _INTRODUCED_RE.finditer(req.text):
        noun = stem(m.group(1).lower())
        value = m.group(2).strip()
        if not value or not _free(req, m.start(2), m.end(2)):
            continue
        named = [
            p for p in params
            if p.name not in out and p.enum is None and (p.types == {"string"} or _string_items(p))
            and noun in {stem(w.lower()) for w in split_identifier(p.name)}
        ]  # fmt: skip
        if len(named) != 1:
            continue
        param = named[0]
        quoted = re.fullmatch(r"(['\"`“‘])(.+)(['\"`”’])", value)
        value = quoted.group(2) if quoted else value  # one quote after the colon: what it holds
        out[param.name] = free_text.items(value) if _string_items(param) else value
        _use(req, m.start(), m.end(2))  # the introducing words too: 'verbatim' is no one's value
    return out


# 'fabricName: Lab-7', 'Parameter_userId=ax9' on a line of its own: a parameter's exact name (a 'parameter_' prefix
# allowed) labels the rest of the line, as a form or a config listing writes a field.
_FIELD_LINE_RE = re.compile(r"^[ \t]*(?:param(?:eter)?[_ ])?(\w+)[ \t]*[:=][ \t]*(\S[^\n]*?)[ \t]*$", re.I | re.M)


def field_lines(params: list[_Param], req: _Request) -> dict[str, object]:
    """Each string parameter whose exact name labels a line of the request ('fabricName: Lab-7'), with the rest of
    that line; a name written as plain words ('file name: ...') is read elsewhere."""
    out: dict[str, object] = {}
    strings = {p.name: p for p in params if p.types == {"string"} and p.enum is None}
    for m in _FIELD_LINE_RE.finditer(req.text):
        param = strings.get(m.group(1))
        if param is None or param.name in out or not _free(req, m.start(2), m.end(2)):
            continue
        out[param.name] = m.group(2)
        _use(req, m.start(), m.end(2))
    return out
