"""Musical keys and notes as a request writes them ('C# major', 'C sharp major', 'B-flat minor', 'the note C4',
'in the key of E'), and the form a parameter's schema asks for: the tonic alone ('C#'), the tonic with its mode
('C Major' when the description's examples write modes), or the note with its octave ('C4' in scientific pitch
notation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rtkit.local.text import split_identifier

_NOTE = r"(?<![\w#♯'’])([A-G])(?:(#|♯|b|♭)|[\s-]+(sharp|flat)\b)?(\d)?(?![\w#♯♭'’])"
_KEY_RE = re.compile(_NOTE + r"(?i:\s+(major|minor|maj|min)\b(?:\s+(?:scale|key|chord)s?\b)?)?")
_CUE_RE = re.compile(r"(?:\bkey\s+of|\bnotes?|\bscale\s+of|\bchord|\bin)\s+$", re.IGNORECASE)
_MUSIC_WORDS = frozenset(
    "music musical melody song note notes scale scales key chord chords pitch tonic major minor harmony tune "
    "composition tempo".split()
)
_NAME_WORDS = frozenset("key note tonic root scale pitch chord".split())
_WRITTEN_MODE_RE = re.compile(r"\b[A-G][#b]?\s+(Major|Minor|major|minor)\b")
_EXAMPLE_RE = re.compile(r"['\"]([A-G][#b]?(?:\s+\w+)?)['\"]")
_OCTAVE_RE = re.compile(r"pitch notation|octave|\b[A-G][#b]?\d\b")


@dataclass(frozen=True)
class Key:
    """A key or note the request writes."""

    tonic: str
    """The note's letter with '#' or 'b' ('C#', 'Ab')."""
    octave: str
    """The octave digit written with it ('4' of 'C4'), else ''."""
    mode: str
    """'major' or 'minor' when written, else ''."""
    start: int
    end: int
    note_end: int
    """Where the note (with its octave) ends, before the mode."""


def keys(text: str) -> list[Key]:
    """Keys and notes written in `text`. A bare capital letter counts only with an accidental, an octave, a mode
    ('C major') or a cue before it ('the note E', 'in the key of A'), so the article 'A' is no note."""
    out = []
    for m in _KEY_RE.finditer(text):
        letter, sign, word, octave, mode = m.groups()
        if not (sign or word or octave or mode or _CUE_RE.search(text[max(0, m.start() - 12) : m.start()])):
            continue
        if sign == "b" and not (mode or octave):
            continue  # 'Ab' alone may be a word fragment; with a mode ('Bb major') it is a key
        sharp, flat = sign in ("#", "♯") or word == "sharp", sign in ("b", "♭") or word == "flat"
        accidental = "#" if sharp else "b" if flat else ""
        full = {"maj": "major", "min": "minor"}.get((mode or "").lower(), (mode or "").lower())
        note_end = m.end(4) if octave else m.end(3) if word else m.end(2) if sign else m.end(1)
        out.append(Key(letter + accidental, octave or "", full, m.start(), m.end(), note_end))
    return out


def is_musical(name: str, description: str, tool_text: str = "") -> bool:
    """A string parameter that takes a key, note or scale: its name says so ('key', 'start_note', 'scale') and its
    description or tool is about music."""
    words = {w.lower() for w in split_identifier(name)}
    if not words & _NAME_WORDS and "mode" not in words:
        return False
    about = set(re.findall(r"[a-z]+", f"{description} {tool_text}".lower()))
    return bool(about & (_MUSIC_WORDS - {"key", "scale", "note", "notes"})) or bool(
        re.search(r"\b[A-G][#b]?\d?\b", description)
    )


def is_mode(name: str) -> bool:
    """A parameter for a key's mode ('scale_type', 'mode'), not the key itself."""
    words = {w.lower() for w in split_identifier(name)}
    return "mode" in words or {"scale", "type"} <= words


def wants_octave(description: str) -> bool:
    return bool(_OCTAVE_RE.search(description))


def value(key: Key, name: str, description: str) -> str:
    """The key in the form the parameter asks for."""
    if wants_octave(description) and key.octave:
        return key.tonic + key.octave
    example = _EXAMPLE_RE.search(description)  # a quoted example shows the form: "'C' for C major", "'F#'"
    if example and not _WRITTEN_MODE_RE.search(example.group(1)):
        return key.tonic
    written = _WRITTEN_MODE_RE.search(description)
    scale = "scale" in {w.lower() for w in split_identifier(name)}
    if key.mode and (written or scale):
        mode = key.mode.capitalize() if written is None or written.group(1)[0].isupper() else key.mode
        return f"{key.tonic} {mode}"
    return key.tonic


def choose(found: list[Key], description: str, taken: set[int]) -> Key | None:
    """The key for a parameter: a note with its octave when the description asks for one, else a key with its
    mode, else the first; each key once."""
    free = [k for k in found if k.start not in taken]
    if not free:
        return None
    if wants_octave(description):
        return next((k for k in free if k.octave), None)
    return next((k for k in free if k.mode and not k.octave), None) or next((k for k in free if not k.octave), None)
