"""Yes/no values read from a request: boolean parameters, and string parameters whose enum spells the two answers
('True' / 'False', often with a 'dontcare' for no preference).

A flag is set when the request names what it stands for (its name's words, their everyday synonyms, a verb of an
opposite pair such as on/off or lock/unlock), unset when that is negated in the same clause ('no garage', 'without
a pool', 'non-smoking'), and left out when the request says it does not matter ('I don't care about a garage', 'a
garage or not'). Pure functions of the request (`params._Request`) and the parameter.
"""

from __future__ import annotations

import re

from rtkit.local.model import assign
from rtkit.local.model.params import _MISSING, _Param, _Request
from rtkit.local.text import STOPWORDS, stem

NEGATIONS = frozenset(
    "no not without exclude excluding don dont doesn didn isn aren won skip never hide disable deactivate off stop "
    "mute non nor".split()
)
"""Words that turn a flag's meaning around when they come before its words in the same clause."""

_GENERIC_FLAG_WORDS = {
    "include", "show", "is", "only", "use", "enable", "with", "flag", "should", "has", "have", "do", "good", "allowed",
    "available", "must", "need", "required", "want", "can", "does", "are",
}  # fmt: skip
_PAIRS = (("on", "off"), ("enable", "disable"), ("enabled", "disabled"), ("open", "close"), ("opened", "closed"),
          ("lock", "unlock"), ("locked", "unlocked"), ("start", "stop"), ("show", "hide"), ("include", "exclude"),
          ("activate", "deactivate"), ("visible", "hidden"), ("active", "inactive"), ("public", "private"))  # fmt: skip
_OPPOSITES = {a: b for a, b in _PAIRS} | {b: a for a, b in _PAIRS}
_TRUE_FALSE_RE = re.compile(r"\b(true|false)\s+(?:to|if|when|=|means)?\s*([a-z -]+)", re.IGNORECASE)
_ON_WORDS = {"enable", "enabled", "activate", "yes", "true"}
_OFF_WORDS = {"disable", "disabled", "deactivate", "no", "false"}

# Everyday words for what a flag's name says ('suitable for children' is 'good for kids').
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "kid": ("child", "children", "family", "families"),
    "child": ("kid", "kids", "family", "families"),
    "unisex": ("men and women", "men's and women's", "male and female"),
    "pet": ("dog", "dogs", "cat", "cats"),
    "wifi": ("wi-fi", "internet"),
}
# Words that end a clause: a negation before them says nothing of what follows ('no pool, but a garage').
_CLAUSE_BREAKS = {"but", "and", "with", "however", "though", "although", "while", "yet", "also", "plus"}
# With a negation, these say the choice does not matter ('I don't care about', 'not concerned', 'no preference').
_INDIFFERENT = {"care", "mind", "concerned", "matter", "matters", "preference", "bother", "fussed", "picky"}
_TRUTHS = {"true": True, "false": False, "yes": True, "no": False}


def truth_values(param: _Param) -> dict[bool, object] | None:
    """The enum values that spell true and false for a string parameter ('True' / 'False' beside 'dontcare'),
    or None when the enum is not a yes/no choice."""
    spelled: dict[bool, object] = {}
    for value in param.enum or []:
        if isinstance(value, str) and value.lower() in _TRUTHS:
            spelled[_TRUTHS[value.lower()]] = value
    return spelled if len(spelled) == 2 else None


def _clause_before(req: _Request, i: int, size: int = 8) -> list[str]:
    """The words before token `i` in its own clause, nearest first (not past a comma or 'but')."""
    out: list[str] = []
    end = req.tokens[i].start
    for t in reversed(req.tokens[max(0, i - size) : i]):
        if re.search(r"[,.;:!?]", req.text[t.end : end]) or t.lower in _CLAUSE_BREAKS:
            break
        out.append(t.lower)
        end = t.start
    return out


def _negated_in(description: str, keys: set[str]) -> bool:
    """Whether the description itself states the flag negatively ('only attractions with no entry fee'): then a
    request that says 'no entry fee' asks for the flag set."""
    words = re.findall(r"[a-z]+", description.lower())
    return any(stem(w) in keys and NEGATIONS & set(words[max(0, k - 2) : k]) for k, w in enumerate(words))


def _stance(param: _Param, req: _Request, i: int, keys: set[str]) -> object:
    """True, False or _MISSING for a flag whose words are at token `i`."""
    before = _clause_before(req, i)
    after = [t.lower for t in req.tokens[i + 1 : i + 5]]
    if NEGATIONS & set(before) and _INDIFFERENT & set(before) or " or not" in " " + " ".join(after[:4]):
        return _MISSING  # 'I don't care about a garage', 'a garage or not'
    near = before[:6]
    scarce = any(
        w in ("few", "little", "hardly", "rarely", "seldom") and (k + 1 >= len(near) or near[k + 1] != "a")
        for k, w in enumerate(near[:3])
    )  # 'has few interests', not 'a few'
    negated = bool(NEGATIONS & (set(near) | set(after[:1]))) or scarce
    if negated and _negated_in(param.description, keys):
        return True
    return not negated


def _synonym_at(keys: set[str], req: _Request) -> int | None:
    """The token where an everyday word or phrase for one of the flag's words starts."""
    for key in sorted(keys):
        for phrase in _SYNONYMS.get(key, ()):
            found = re.search(rf"\b{re.escape(phrase)}\b", req.text, re.IGNORECASE)
            if found:
                return next((k for k, t in enumerate(req.tokens) if t.start >= found.start()), None)
    return None


def flag(param: _Param, req: _Request) -> object:
    """True or False for a flag parameter, or _MISSING when the request says nothing of it (or that it does not
    matter)."""
    words = {t.lower for t in req.tokens}
    # 'True to lock, false to unlock': the words that tell the two apart.
    clauses = {m.group(1).lower(): set(m.group(2).split()) for m in _TRUE_FALSE_RE.finditer(param.description)}
    if len(clauses) == 2:
        yes, no = clauses["true"] - clauses["false"], clauses["false"] - clauses["true"]
        if words & no:
            return False
        if words & yes:
            return True
    keys = param.words - {stem(w) for w in _GENERIC_FLAG_WORDS | STOPWORDS}
    opposites = {stem(_OPPOSITES[w]) for w in param.kinds if w in _OPPOSITES}
    if opposites and set(req.stems) & opposites:
        return False  # 'switch off' for an 'on' flag, 'unlock' for 'locked'
    for i, s in enumerate(req.stems):
        if s in keys or len(s) >= 5 and keys and assign.matches(s, keys):
            return _stance(param, req, i, keys)
        if any(s == prefix + k for k in keys for prefix in ("un", "dis", "no")):
            return False
    at = _synonym_at(keys, req)
    if at is not None:
        return _stance(param, req, at, keys)
    if keys and words & _OFF_WORDS:
        return _MISSING if not any(k in " ".join(words) for k in keys) else False
    return _MISSING


def spelled_flag(param: _Param, req: _Request, spelled: dict[bool, object]) -> object:
    """A yes/no string parameter: the enum's spelling of the flag the request gives, or _MISSING."""
    value = flag(param, req)
    return spelled[value] if isinstance(value, bool) else _MISSING
