"""Yes/no values read from a request: boolean parameters, and string parameters whose enum spells the two answers
('True' / 'False', often with a 'dontcare' for no preference).

A flag is set when the request names what it stands for (its name's words, their everyday synonyms, a verb of an
opposite pair such as on/off or lock/unlock), unset when that is negated in the same clause ('no garage', 'without
a pool', 'non-smoking'), and left out when the request says it does not matter ('I don't care about a garage', 'a
garage or not'). A flag is also read through its opposite's everyday words ('nobody should see it' sets 'private'),
and a flag that leaves a kind out ('exclude_inactive') is set by naming the kind kept ('the active projects') and
unset by naming the kind it leaves out. Pure functions of the request (`params._Request`) and the parameter.
"""

from __future__ import annotations

import re

from rtkit.local.model import assign
from rtkit.local.model.params import _MISSING, _Param, _Request
from rtkit.local.text import STOPWORDS, split_identifier, stem

NEGATIONS = frozenset(
    "no not without exclude excluding don dont doesn didn isn aren won shouldn wouldn couldn wasn weren hasn haven "
    "hadn mustn needn cannot skip never hide disable deactivate off stop mute non nor".split()
)
"""Words that turn a flag's meaning around when they come before its words in the same clause."""

_GENERIC_FLAG_WORDS = {
    "include", "show", "is", "only", "use", "enable", "with", "flag", "should", "has", "have", "do", "good", "allowed",
    "available", "must", "need", "required", "want", "can", "does", "are",
}  # fmt: skip
# Verbs that switch something on or off, by side ('SWITCH_ON' / 'SWITCH_OFF', 'START' / 'STOP').
_SWITCH_PAIRS = (("on", "off"), ("enable", "disable"), ("open", "close"), ("start", "stop"), ("activate", "deactivate"))
_PAIRS = _SWITCH_PAIRS + (
    ("enabled", "disabled"), ("opened", "closed"), ("lock", "unlock"), ("locked", "unlocked"), ("show", "hide"),
    ("include", "exclude"), ("visible", "hidden"), ("active", "inactive"), ("public", "private"),
)  # fmt: skip
_OPPOSITES = {a: b for a, b in _PAIRS} | {b: a for a, b in _PAIRS}
_TRUE_FALSE_RE = re.compile(r"\b(true|false)\s+(?:to|if|when|=|means)?\s*([a-z -]+)", re.IGNORECASE)
_AUXILIARIES = {"have", "has", "having", "had", "be", "is", "are", "been", "being", "was", "were", "do", "does"}
_OFF_WORDS = {"disable", "disabled", "deactivate", "no", "false"}

# Everyday words for what a flag's name says ('suitable for children' is 'good for kids').
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "kid": ("child", "children", "family", "families"),
    "child": ("kid", "kids", "family", "families"),
    "unisex": ("men and women", "men's and women's", "male and female"),
    "pet": ("dog", "dogs", "cat", "cats"),
    "wifi": ("wi-fi", "internet"),
    # laundry is done in a washing machine: a place with one has laundry
    "laundry": ("washing machine", "washer", "washing machines", "washers"),
    "private": ("personal",),
    # Being seen is what 'public' and 'visible' mean: 'keep this hidden from everyone' is private.
    "public": ("see", "seen"),
    "visible": ("see", "seen"),
    "recursive": ("subdirectories", "subdirectory", "subfolders", "subfolder", "nested folders", "nested directories"),
}
_SYNONYMS_BY_STEM = {stem(word): phrases for word, phrases in _SYNONYMS.items()}
# Verbs in a flag's name that leave out what the rest of the name says ('exclude_inactive', 'hide_archived').
_EXCLUDING = frozenset({"exclude", "hide", "skip", "omit", "ignore"})
_EXCLUDING_STEMS = frozenset(stem(w) for w in _EXCLUDING)
# Words that end a clause: a negation before them says nothing of what follows ('no pool, but a garage').
_CLAUSE_BREAKS = {"but", "and", "with", "however", "though", "although", "while", "yet", "also", "plus"}
# With a negation, these say the choice does not matter ('I don't care about', 'not concerned', 'no preference').
_INDIFFERENT = {"care", "mind", "concerned", "matter", "matters", "preference", "bother", "fussed", "picky"}
_TRUTHS = {"true": True, "false": False, "yes": True, "no": False}
# A default said as a truth value: 'default to 'false'', 'defaults to true', 'the default is no'.
_DEFAULT_SAID_RE = re.compile(
    r"\bdefault(?:s|ing)?\s+(?:to|is|=|of|being)\s+[`'\"]?(true|false|yes|no)\b", re.IGNORECASE
)


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
    request that says 'no entry fee' asks for the flag set. A description that names both ('true for smoking
    rooms, false for non-smoking rooms') states it plainly, and so does one offering both ('enable or disable')."""
    words = re.findall(r"[a-z]+", description.lower())
    said: dict[str, list[bool]] = {}
    for k, w in enumerate(words):
        if stem(w) in keys:
            offered = set(words[max(0, k - 4) : k])
            negations = {n for n in NEGATIONS & set(words[max(0, k - 2) : k]) if _OPPOSITES.get(n) not in offered}
            said.setdefault(stem(w), []).append(bool(negations))
    return any(all(negated) for negated in said.values())


def _stance(param: _Param, req: _Request, i: int, keys: set[str], *, plain: bool = False) -> object:
    """True, False or _MISSING for a flag whose words are at token `i` (`plain`: whatever the description's
    wording)."""
    before = _clause_before(req, i)
    after = [t.lower for t in req.tokens[i + 1 : i + 5]]
    if NEGATIONS & set(before) and _INDIFFERENT & set(before) or " or not" in " " + " ".join(after[:4]):
        return _MISSING  # 'I don't care about a garage', 'a garage or not'
    near = before[:6]
    scarce = any(
        w in ("few", "little", "hardly", "rarely", "seldom") and (k + 1 >= len(near) or near[k + 1] != "a")
        for k, w in enumerate(near[:3])
    )  # 'has few interests', not 'a few'
    # 'history is not kept', 'the content is not within': a predicate after the flag's words denies it
    denied = len(after) > 1 and after[0] in _AUXILIARIES and after[1] in NEGATIONS
    negated = bool(NEGATIONS & (set(near) | set(after[:1]))) or scarce or denied
    if negated and not plain and _negated_in(param.description, keys):
        return True
    return not negated


def _synonym_at(keys: set[str], req: _Request) -> int | None:
    """The token where an everyday word or phrase for one of the flag's words starts."""
    for key in sorted(keys):
        for phrase in _SYNONYMS_BY_STEM.get(key, ()):
            found = re.search(rf"\b{re.escape(phrase)}\b", req.text, re.IGNORECASE)
            if found:
                return next((k for k, t in enumerate(req.tokens) if t.start >= found.start()), None)
    return None


# Words of a description's 'true for ... / false for ...' clauses that tell nothing ('true for having a record': 'a').
_EMPTY_STEMS = frozenset(stem(w) for w in (STOPWORDS - NEGATIONS) | _AUXILIARIES)
# Words of a 'true to include only ..., false to exclude ...' description that say how to filter, not what by.
_FILTER_STEMS = frozenset(stem(w) for w in ("include", "including", "exclude", "excluding", "only", "filter"))
# Words of a flag's name that do not say what it is about ('is', 'include', ...); its on/off words do.
_GENERIC_KEY_STEMS = frozenset(stem(w) for w in _GENERIC_FLAG_WORDS | STOPWORDS - set(_OPPOSITES))


# 'inclusive of 30', 'excluding the upper bound': whether a range holds one of its ends.
_BOUND_RE = re.compile(
    r"\b(inclusive|including|includes|exclusive|excluding|excludes)\s+(?:of\s+)?(?:the\s+)?"
    r"(lower|upper|start|end|first|last|min\w*|max\w*|-?\d+(?:\.\d+)?)\b",
    re.IGNORECASE,
)
_LOW_END = frozenset({"from", "lower", "low", "start", "min", "minimum", "first", "begin"})
_HIGH_END = frozenset({"to", "upper", "high", "end", "max", "maximum", "last", "until"})


def _bound_flag(param: _Param, req: _Request) -> bool | None:
    """For a flag saying whether a range includes one of its ends ('includeFrom', 'upper_inclusive'): whether the
    request says that end is included ('inclusive of 30 but exclusive of 40', 'excluding the upper bound'); a
    number said so is the low end when it is the least of the request's numbers, the high end when the most."""
    words = {w.lower() for w in split_identifier(param.name)}
    if not words & {"include", "includes", "inclusive", "including"}:
        return None
    side = "low" if words & _LOW_END else "high" if words & _HIGH_END else None
    if side is None:
        return None
    numbers = [float(n) for n in re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?", req.text)]
    for match in _BOUND_RE.finditer(req.text):
        end = match.group(2).lower()
        if re.fullmatch(r"-?\d+(?:\.\d+)?", end):
            said = "low" if float(end) == min(numbers) else "high" if float(end) == max(numbers) else None
        else:
            low, high = end in _LOW_END or end.startswith("min"), end in _HIGH_END or end.startswith("max")
            said = "low" if low else "high" if high else None
        if said == side:
            return match.group(1).lower().startswith("inclu")
    return None


# What a 'free' flag (free of charge) stands against: 'no entry fee' is free, 'a fee to enter' is not.
_COST_WORDS = frozenset({"fee", "fees", "charge", "charges", "charged", "cost", "costs", "paid", "pay", "paying"})


def _cost_flag(req: _Request, param: _Param, keys: set[str]) -> object:
    """For a 'free' flag the request does not call free: the stance of its word for a price, turned around ('no
    entry fee' asks for free, 'need a fee to enter' for paid); _MISSING when it names no price."""
    if stem("free") not in keys or "free" in (t.lower for t in req.tokens):
        return _MISSING
    at = next((k for k, t in enumerate(req.tokens) if t.lower in _COST_WORDS), None)
    stance = _MISSING if at is None else _stance(param, req, at, keys, plain=True)
    return not stance if isinstance(stance, bool) else stance


def flag(param: _Param, req: _Request) -> object:
    """True or False for a flag parameter, or _MISSING when the request says nothing of it (or that it does not
    matter)."""
    bound = _bound_flag(param, req)
    if bound is not None:
        return bound
    said_default = _DEFAULT_SAID_RE.search(req.text)
    if said_default and "default" in {w.lower() for w in split_identifier(param.name)}:
        return _TRUTHS[said_default.group(1).lower()]  # 'default to false' for a 'defaultValue' flag
    words = {t.lower for t in req.tokens}
    # 'True to lock, false to unlock': the words that tell the two apart.
    clauses = {
        m.group(1).lower(): {stem(w) for w in m.group(2).split()} - _EMPTY_STEMS
        for m in _TRUE_FALSE_RE.finditer(param.description)
    }
    keys = param.words - _GENERIC_KEY_STEMS
    keys = keys - req.shared_name_words or keys  # 'delivery' is every 'has_delivery_*' flag's: 'express' tells
    cost = _cost_flag(req, param, keys)
    if cost is not _MISSING:
        return cost
    named = any(s in keys or len(s) >= 5 and keys and assign.matches(s, keys) for s in req.stems)
    if len(clauses) == 2 and not named:  # the flag's own words, when said, say it with their negation
        said = set(req.stems) - _FILTER_STEMS  # 'including boilers' includes no plumber with complaints
        yes, no = len(said & (clauses["true"] - clauses["false"])), len(said & (clauses["false"] - clauses["true"]))
        if yes != no:
            return yes > no
    opposites = {stem(_OPPOSITES[w]) for w in param.kinds if w in _OPPOSITES}
    for i, s in enumerate(req.stems):
        if s in keys or len(s) >= 5 and keys and assign.matches(s, keys):
            # 'with monitoring' for 'monitoring_enabled', whatever else the request disables
            if opposites & set(_clause_before(req, i)):
                return False
            stance = _stance(param, req, i, keys)
            if param.kinds & _EXCLUDING and s not in _EXCLUDING_STEMS and isinstance(stance, bool):
                return not stance  # 'the inactive boards' asks for what 'exclude_inactive' leaves out
            return stance
        if any(s == prefix + k for k in keys for prefix in ("un", "dis", "no")):
            return False
    if kinds_excluding := param.kinds & _EXCLUDING:
        # 'exclude_inactive' with 'the active projects': naming the kept kind excludes the other one
        kept = {stem(_OPPOSITES[w]) for w in param.kinds - kinds_excluding if w in _OPPOSITES}
        at = next((i for i, s in enumerate(req.stems) if s in kept), None)
        if at is not None:
            return _stance(param, req, at, keys)
    if opposites and set(req.stems) & opposites:
        return False  # 'switch off' for an 'on' flag, 'unlock' for 'locked'
    at = _synonym_at(opposites, req)
    if at is not None:  # 'nobody should see it' for a 'private' flag: its opposite, negated
        stance = _stance(param, req, at, keys)
        return not stance if isinstance(stance, bool) else stance
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


# Words that switch something on or off, by the side they stand for: the switching pairs of _PAIRS, and verbs that
# are no flag's opposites ('resume' / 'pause', 'shut').
_SWITCHING = (*_SWITCH_PAIRS, ("resume", "pause"))
_SWITCH_WORDS = {on: True for on, _ in _SWITCHING} | {off: False for _, off in _SWITCHING} | {"shut": False}
# Verbs after which 'on' / 'off' is a switch rather than a preposition ('turned on', not 'on Monday').
_SWITCH_VERBS = {"turn", "switch", "power", "put", "set", "keep", "leav", "is", "be", "get"}
# Name and description words that say nothing of what a switch switches.
_SWITCH_GENERIC = {"mode", "oper", "operat", "turn", "state", "statu", "flag", "set", "valu", "option", "whether"}


def switch_values(param: _Param) -> dict[bool, object] | None:
    """The two values of a string enum that switch something on and off ('POWER_ON' / 'POWER_OFF', 'START' /
    'STOP'), by side, or None when the enum is not such a pair."""
    values = param.enum or []
    if len(values) != 2 or not all(isinstance(v, str) for v in values):
        return None
    sides: dict[bool, object] = {}
    for value in values:
        said = {_SWITCH_WORDS[w.lower()] for w in split_identifier(str(value)) if w.lower() in _SWITCH_WORDS}
        if len(said) == 1:
            sides[said.pop()] = value
    return sides if len(sides) == 2 else None


def _switch_words(req: _Request) -> list[tuple[int, bool]]:
    """Where the request switches something on or off, and which: verbs ('start', 'disable') and 'on' / 'off' after
    a switching verb or at the end of a clause ('with the fan on')."""
    out = []
    for k, (t, s) in enumerate(zip(req.tokens, req.stems, strict=True)):
        side = _SWITCH_WORDS.get(t.lower, _SWITCH_WORDS.get(s))
        if side is None:
            continue
        if t.lower == "on":
            before = {stem(w.lower) for w in req.tokens[max(0, k - 2) : k]}
            nxt = req.tokens[k + 1] if k + 1 < len(req.tokens) else None
            ends = nxt is None or re.search(r"[,.;:!?]", req.text[t.end : nxt.start]) or nxt.lower in ("and", "with")
            if not (before & _SWITCH_VERBS or ends):
                continue
        if _states_or_schedules(req, k):
            continue
        out.append((k, side))
    return out


# Words before a switch word that make it a device's state, not a command ('it is currently turned off').
_STATE_WORDS = {"currently", "already", "still", "is", "was", "are", "were"}


def _states_or_schedules(req: _Request, k: int) -> bool:
    """Whether the switch word at token `k` says how a device is ('my heater is currently turned off') or when it
    is to switch later ('power off after an hour', a time the tool takes apart): neither switches it now."""
    before = {t.lower for t in req.tokens[max(0, k - 2) : k]}
    nxt = req.tokens[k + 1].lower if k + 1 < len(req.tokens) else ""
    return bool(before & _STATE_WORDS) or nxt == "after"


def _object_of(req: _Request, k: int, size: int = 4) -> list[str]:
    """The stems of up to `size` words after token `k` in its own clause: what a switching verb switches."""
    out = []
    for j in range(k + 1, min(k + 1 + size, len(req.tokens))):
        if re.search(r"[,.;:!?]", req.text[req.tokens[j - 1].end : req.tokens[j].start]):
            break
        out.append(req.stems[j])
    return out


def _sentence(req: _Request, k: int, size: int) -> list[str]:
    """The stems of up to `size` words either side of token `k` in its own sentence."""
    out = [req.stems[k]]
    for step in (-1, 1):
        j = k
        while 0 <= j + step < len(req.tokens) and abs(j + step - k) <= size:
            a, b = sorted((req.tokens[j], req.tokens[j + step]), key=lambda t: t.start)
            if re.search(r"[.;!?]", req.text[a.end : b.start]):
                break
            j += step
            out.append(req.stems[j])
    return out


def _keys(p: _Param) -> set[str]:
    """The stems of a switch's or flag's name and description that say what it is about."""
    words = {stem(w) for w in split_identifier(p.name) + re.findall(r"[A-Za-z]+", p.description)}
    return words - _SWITCH_GENERIC - {stem(w) for w in STOPWORDS} - set(_SWITCH_WORDS)


def switches(params: list[_Param], req: _Request) -> dict[str, object]:
    """Values for the on/off enums of a tool ('POWER_ON' / 'POWER_OFF'): each on/off word the request says goes to
    the switch whose name and description share the most words with the words around it ('the air conditioner
    turned on' → the air conditioner's switch, not the air cleaner's), unless what the word switches names a yes/no
    flag more ('disable the power-saving mode' is the power-saving flag's). A device's power switch left unsaid is
    on when the request sets the device (`_implied_power`)."""
    switched = {p.name: (p, sides) for p in params if (sides := switch_values(p)) is not None}
    if not switched:
        return {}
    keys = {name: _keys(p) for name, (p, _) in switched.items()}
    flag_keys = [_keys(p) for p in params if p.types == {"boolean"}]
    scored = []
    for k, side in _switch_words(req):
        near = set(_sentence(req, k, 5))
        following = set(_object_of(req, k))
        flagged = max((len(following & f) for f in flag_keys), default=0)
        for name in switched:
            if len(following & keys[name]) >= flagged:
                scored.append((len(near & keys[name]), -k, name, side))
    out: dict[str, object] = {}
    taken: set[int] = set()
    for score, at, name, side in sorted(scored, reverse=True):
        if name in out or -at in taken or score == 0 and len(switched) > 1:
            continue
        out[name] = switched[name][1][side]
        taken.add(-at)
    for name, (p, sides) in switched.items():
        if name not in out and _implied_power(p, sides, req):
            out[name] = sides[True]
    return out


# Verbs that set a device's mode or level ('set it to cool mode', 'change it to dry mode').
_SETTING_VERBS = {"set", "chang", "switch", "adjust", "put", "turn", "make"}


def _implied_power(param: _Param, sides: dict[bool, object], req: _Request) -> bool:
    """Whether a device's power switch (values spelled with 'power', 'POWER_ON' / 'POWER_OFF') is on because the
    request sets that device without saying to power it on: 'set the air conditioner to cool mode' runs it. The
    device is the one the switch's description names by two words the request says together ('air
    conditioner')."""
    if not all("power" in (w.lower() for w in split_identifier(str(v))) for v in sides.values()):
        return False
    if not {*req.stems} & _SETTING_VERBS:
        return False
    said = {f"{a} {b}" for a, b in zip(req.stems, req.stems[1:], strict=False)}
    described = [stem(w) for w in re.findall(r"[A-Za-z]+", param.description)]
    return any(f"{a} {b}" in said for a, b in zip(described, described[1:], strict=False) if not {a, b} & _STOP_STEMS)


_STOP_STEMS = {stem(w) for w in STOPWORDS}
