"""Places in the form a parameter asks for: an IANA time zone ('Tokyo' → 'Asia/Tokyo'), 'City, ST' or 'City,
Country' as its description shows, the city or the region part of a qualified place ('Tokyo' / 'Japan' of 'Tokyo,
Japan'), and the state or country of a city the request names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rtkit.local.model import places
from rtkit.local.model.profile import Profile
from rtkit.local.model.spans import Span


def place_value(p: Profile, span: Span) -> str:
    """A place in the form the parameter asks for: an IANA zone, 'City, ST', 'City, Country', or as written."""
    text = str(span.value)
    if p.kind == "zone":
        zone = places.zone_of(text)
        return zone or text
    style = _place_style(p.description)
    if style and "," not in text:
        place = places.resolve(text)
        if place is not None:
            return places.qualified(place, style, written=text)
    return text


def _part_score(p: Profile, span: Span) -> float:
    """The city or the region/country of a qualified place ('Tokyo' / 'Japan' of 'Tokyo, Japan'), each for the
    parameter that asks for that part."""
    regional = bool(p.words & {"state", "country", "region", "province", "county"})
    if span.qualifier == "region":
        return 2.0 if regional else -4.0
    return -4.0 if regional else 0.5 if _wants_city(p) else -0.5


def _wants_city(p: Profile) -> bool:
    """A parameter for a bare city: named 'city', or described as 'the name of the city' (not 'City, State')."""
    described = re.search(r"\b(?:city|town)\b", p.description.lower()) and not _place_style(p.description)
    return bool(p.words & {"city", "town"} or described)


def region_value(p: Profile, written: Sequence[str]) -> str:
    """The state or country of a city the request names, for a parameter that asks for it ('San Francisco' →
    'California', or 'CA' when the description asks for a code)."""
    wants_country = "country" in p.words
    coded = bool(re.search(r"\bcode\b|abbreviat|two-letter|2-letter", p.description.lower()))
    for text in written:
        place = places.resolve(text)
        if place is None or place.kind != "city":
            continue
        if wants_country:
            country = places.country_of(place.country)
            return place.country if coded else country.name if country else ""
        region = places.region_of(place)
        if region is not None:
            return region.region if coded else region.name
    return ""


def _place_style(description: str) -> str:
    """How the description asks places to be written: 'code' ('City, State' / 'Boston, MA'), 'name'
    ('Boston, Massachusetts'), 'country' ('City, Country' / 'Paris, France'), or ''."""
    low = description.lower()
    example = re.search(
        r"[A-Z][a-z]+(?: [A-Z][a-z]+)*, ([A-Z]{2})\b|[A-Z][a-z]+(?: [A-Z][a-z]+)*, ([A-Z][a-z]+)", description
    )
    if re.search(r"city,\s*state|city and state|city name and state", low):
        if example and example.group(2) and places.lookup(example.group(2)):
            kind = places.lookup(example.group(2))[0].kind
            return "name" if kind == "state" else "country"
        return "code"
    if re.search(r"city,\s*country|city and country", low):
        return "country"
    if example and example.group(1):
        return "code"
    return ""
