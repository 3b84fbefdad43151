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
    place = places.resolve(text)
    coded = re.search(r"abbreviat|\bcode\b|two-letter|2-letter", p.description.lower())
    if place is not None and place.kind == "state" and place.region and coded:
        return place.region  # 'California' for 'the U.S. state abbreviation': 'CA'
    if place is None or place.kind != "city":
        return text
    head, _, written = (part.strip() for part in text.partition(","))
    city_named = p.words & {"city", "town"} or re.search(r"\b(?:city|town)\b", p.description.lower())
    name = places.written_name(place, head) if style or city_named else head  # 'Philly' for a city: Philadelphia
    if not style:
        return name if not written else f"{name}, {written}"
    if place.region and places.fold(name).endswith(" " + places.fold(place.region)):
        return name  # the state is part of the name already: 'Washington D.C.'
    countries = _country_style(p.description, style)
    if written:  # a qualifier written in another form than the description shows ('India' for 'Paris, FR')
        found = places.lookup(written)
        state = next(
            (r for r in found if r.kind == "state" and (r.country, r.region) == (place.country, place.region)), None
        )
        if state is not None and style in ("code", "name"):
            return f"{name}, {state.region if style == 'code' else state.name}"
        country = next((c for c in found if c.kind == "country" and c.country == place.country), None)
        if country is not None and place.country != "US" and countries == "code":
            return f"{name}, {places.country_form(place.country, countries)}"
        return f"{name}, {written}"
    if place.country != "US" and countries and re.search(r"city,\s*country", p.description.lower()):
        return f"{name}, {places.country_form(place.country, countries)}"  # 'City, State' is for US cities
    if place.country != "US" and style == "code":
        return name  # a 'City, ST' form has no state to add to 'Paris' or 'Delhi'
    return places.qualified(place, style, written=name)


def _part_score(p: Profile, span: Span) -> float:
    """The city or the region/country of a qualified place ('Tokyo' / 'Japan' of 'Tokyo, Japan'), each for the
    parameter that asks for that part."""
    regional = bool(p.words & {"state", "country", "region", "province", "county"})
    if span.qualifier == "region":
        return 2.0 if regional else -4.0
    return -4.0 if regional else 0.5 if _wants_city(p) else -0.5


def _wants_city(p: Profile) -> bool:
    """A parameter for a bare city: named 'city', or described as 'the name of the city' (not 'City, State', which
    takes the qualified place as written)."""
    if _place_style(p.description):
        return False
    return bool(p.words & {"city", "town"} or re.search(r"\b(?:city|town)\b", p.description.lower()))


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


def _country_style(description: str, style: str) -> str:
    """How the description asks a country to be written after a city: 'code' ('Paris, FR', or only two-letter
    examples such as 'Boston, MA'), 'name' ('Paris, France', or the form spelled out as 'City, Country'), or ''."""
    for m in re.finditer(r"([A-Z][a-z]+(?: [A-Z][a-z]+)*), ([A-Z][A-Za-z]+)\b", description):
        city = next((c for c in places.lookup(m.group(1)) if c.kind == "city"), None)
        country = places.country_of(m.group(2)) or next(
            (c for c in places.lookup(m.group(2)) if c.kind == "country" and c.name == m.group(2)), None
        )
        if city is not None and city.country != "US" and country is not None and country.country == city.country:
            return "code" if m.group(2).isupper() else "name"
    if re.search(r"city,\s*country|city and country", description.lower()):
        return "name"
    return "code" if style == "code" else ""


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
