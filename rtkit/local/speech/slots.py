"""What a session's tool parameters tell the recognizer: words to expect, and the values a spoken slot may take.

A parameter's name, description, enum values, ``examples`` and ``default`` join the session vocabulary. A
required string parameter with listed values (enum, examples, default), or a place-like one (its name or
description speaks of a city, town, country, airport, ...), is a :class:`Slot` whose candidates the recognizer
looks for once more when its word passes heard none of them (:class:`rtkit.local.speech.asr.Recognizer`: with the
``pocketsphinx`` engine a pass with those values in its vocabulary, checked at phone level by
:mod:`rtkit.local.speech.spotting`; with ``combined``, when its session-vocabulary pass was kept, Moonshine's
transcript if it holds one). Place-like parameters take the shipped list of common place names, ``places.txt``.
A string parameter that takes an identifier (:func:`rtkit.local.text.identifier_kind`: an order number, a code, a
postcode, an e-mail address) is a ``spelled`` slot: Moonshine listens once more for the characters of a code read
out letter by letter (:meth:`rtkit.local.speech.moonshine.MoonshineTranscriber.transcribe`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rtkit.local.text import PLACE_WORDS, identifier_kind, place_names

__all__ = ["PLACE_WORDS", "Slot", "parameter_texts", "place_names", "slots"]


@dataclass(frozen=True)
class Slot:
    """A required string argument the recognizer should hear one of a few values for."""

    name: str
    """The parameter's name."""
    candidates: tuple[str, ...]
    """Lower-case values it may take (each a word or a few)."""
    place: bool = False
    """True for a place-like parameter (its value follows a preposition: "in Paris", "to Rome")."""
    prepositions: tuple[str, ...] = ()
    """For a place: the prepositions its value may follow ("from" for an origin, "to" for a destination)."""
    spelled: bool = False
    """True for a parameter that takes an identifier (an order number, a code, a postcode, an e-mail address):
    its value is read out character by character, and it has no candidates."""


def _properties(tool: Mapping[str, Any]) -> list[tuple[str, dict[str, Any], bool]]:
    """(name, schema, required) of each top-level parameter of ``tool``."""
    schema = tool.get("parameters")
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        return []
    listed = schema.get("required")
    required = listed if isinstance(listed, list) else []
    return [
        (n, s, n in required) for n, s in schema["properties"].items() if isinstance(n, str) and isinstance(s, dict)
    ]


def _values(schema: Mapping[str, Any]) -> list[str]:
    """String values a parameter lists: enum, examples, default."""
    listed = list(schema.get("enum") or []) + list(schema.get("examples") or []) + [schema.get("default")]
    return [v.lower() for v in listed if isinstance(v, str) and v.strip()]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text).replace("_", " ").lower()))


def _place_like(name: str, schema: Mapping[str, Any]) -> bool:
    given = schema.get("description")
    description = given if isinstance(given, str) else ""
    return bool((_words(name) | _words(description)) & PLACE_WORDS)


def _is_string(schema: Mapping[str, Any]) -> bool:
    kind = schema.get("type", "string")
    return kind == "string" or (isinstance(kind, list) and "string" in kind)


_FROM = frozenset("from origin departure depart source start".split())
_TO = frozenset("to destination arrival arrive target".split())


def _prepositions(name: str, schema: Mapping[str, Any]) -> tuple[str, ...]:
    """The prepositions a place parameter's value follows, from its name (else its description)."""
    for words in (_words(name), _words(str(schema.get("description") or ""))):
        if words & _FROM:
            return ("from",)
        if words & _TO - {"to"} or words & _TO and words & {"fly", "go", "travel"}:
            return ("to",)
    return ("in", "at", "for")


def parameter_texts(tools: Iterable[Mapping[str, Any]]) -> list[str]:
    """Texts the parameters of ``tools`` contribute to the session vocabulary: names, descriptions and listed
    values. (Not the place names: in the constrained pass's language model they would be heard in every
    request, "portfolio" as "porto lille"; the recognizer decodes with them only when a place is missing.)"""
    texts: list[str] = []
    for tool in tools:
        for name, schema, _ in _properties(tool):
            texts.append(name)
            if isinstance(schema.get("description"), str):
                texts.append(schema["description"])
            texts.extend(_values(schema))
    return texts


def slots(tools: Iterable[Mapping[str, Any]]) -> list[Slot]:
    """The required string parameters of ``tools`` with values to look for (see the module docstring), and the
    string parameters that take identifiers (``spelled``)."""
    out: list[Slot] = []
    for tool in tools:
        for name, schema, required in _properties(tool):
            if identifier_kind(name, schema) is not None:
                if Slot(name, (), spelled=True) not in out:
                    out.append(Slot(name, (), spelled=True))
                continue
            if not required or not _is_string(schema):
                continue
            place = _place_like(name, schema) and not schema.get("enum")
            values = _values(schema)
            candidates = tuple(dict.fromkeys(values + list(place_names() if place else ())))
            slot = Slot(name, candidates, place, _prepositions(name, schema) if place else ())
            if candidates and slot not in out:
                out.append(slot)
    return out
