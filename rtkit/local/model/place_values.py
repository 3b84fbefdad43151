"""Places in the form a parameter asks for: an IANA time zone ('Tokyo' → 'Asia/Tokyo'), 'City, ST' or 'City,
Country' as its description shows, the city or the region part of a qualified place ('Tokyo' / 'Japan' of 'Tokyo,
Japan'), and the state or country of a city the request names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rtkit.local.model import places
from rtkit.local.model.profile import Profile
from rtkit.local.model.spans import AREA_NOUNS as _AREA_NOUNS
from rtkit.local.model.spans import VENUE_NOUNS, Span


def _area_noun(value: str) -> str:
    last = value.split(",")[0].split()[-1:]
    said = last[0].lower() if last and last[0][:1].isupper() else ""
    return said if said in _AREA_NOUNS else ""


def nested_areas(first: Span, second: Span) -> bool:
    """'Porto, Bonfim District', 'Campanha District, Porto Province': places of different levels
    after a bare comma narrow one place down; they are not a list of like things."""
    kinds = {_area_noun(str(first.value)), _area_noun(str(second.value))}
    return bool(kinds - {""}) and len(kinds) == 2


def area_score(p: Profile, span: Span) -> float:
    """A name of one kind of area ('Porto Province') for a parameter that asks for another kind (a district's
    name): a poor fit; the same kind is a good one ('Bonfim District')."""
    said, asked = _area_noun(str(span.value)), _areas_asked(p.words)
    if not asked:
        return 0.0
    if not said:  # a city or a country is no district
        known = places.resolve(str(span.value))
        return -6.0 if known is not None and asked & _PARTS_OF_CITIES else 0.0
    return 6.0 if said in asked else -4.0


# Areas within a city or a province.
_PARTS_OF_CITIES = frozenset({"district", "subdistrict", "borough", "ward"})


def other_area(words: set[str], value: str) -> bool:
    """Whether `value` names another kind of area than a parameter with these name words asks for ('Porto
    Province' or the city 'Porto' for a district)."""
    said, asked = _area_noun(value), _areas_asked(words)
    if not said and asked & _PARTS_OF_CITIES:
        return any(p.kind in ("city", "state", "country") for p in places.lookup(value))
    return bool(said and asked) and said not in asked


def _areas_asked(words: set[str]) -> set[str]:
    """The kinds of area a parameter's name words ask for ('sub_district_name': a subdistrict, not a district)."""
    asked = words & _AREA_NOUNS
    if "sub" in words:
        asked = {"sub" + a for a in asked if "sub" + a in _AREA_NOUNS}
    return asked


def area_name(p: Profile, text: str) -> str:
    """The name alone where the parameter asks for an area's name and the request wrote the kind after it
    ('Muang District' for a district's name: 'Muang')."""
    words = text.split()
    asked = _areas_asked(p.words)
    named = "name" in p.words or any(f"name of the {a}" in p.description.lower() for a in asked)
    if len(words) < 2 or "," in text or words[-1].lower() not in asked or not named:
        return text
    if re.search(rf"\w {re.escape(words[-1].capitalize())}['\"]", p.description):
        return text  # the description's examples keep it: 'Bang Sue District'
    return " ".join(words[:-1])


def venue_score(p: Profile, span: Span, before: Sequence[str], after: Sequence[str]) -> float:
    """A name before a venue noun names the venue, not its town; a known place after a venue noun is the town it
    stands in ('AMC theater Saratoga'): the fit of the name for a parameter asking for a town or for a venue
    (`before`/`after`: the lower-case words around the span, nearest first)."""
    last = str(span.value).split()[-1].lower()
    venue_before = bool(after[:1]) and after[0] in VENUE_NOUNS or last in VENUE_NOUNS  # 'AMC theater', 'Vine Cinema'
    town_after = bool(before[:1]) and before[0] in VENUE_NOUNS and places.is_place(str(span.value).split(",")[0])
    if (p.words | p.description_stems) & {"city", "town", "village"}:
        return -3.0 if venue_before else 5.0 if town_after else 0.0
    if p.words & (VENUE_NOUNS | {"venue"}):
        return 3.0 if venue_before else -3.0 if town_after else 0.0
    return 0.0


def address_value(description: str, address: str) -> str:
    """A street address with as many parts as the description's example address shows ('2508 University Avenue,
    Palo Alto, CA' for '134 Springoak Street, Chicago': '2508 University Avenue, Palo Alto')."""
    example = re.search(r"['\"](\d+[A-Za-z]?\s[^'\"]*?)(?:['\"]|\.?$)", description)  # its closing quote may be lost
    if example is None:
        return address
    if _STREET_WORD_RE.search(example.group(1).split(",")[0]):  # the example spells its street word out
        street, comma, rest = address.partition(",")
        street = _STREET_ABBREVIATION_RE.sub(lambda m: _STREET_WORDS[m.group(1).lower()], street)
        address = street + comma + rest  # '12 Elm St' beside '134 Springoak Street': '12 Elm Street'
    parts = address.split(", ")
    if len(parts) <= example.group(1).count(",") + 1:
        return address
    return ", ".join(parts[: example.group(1).count(",") + 1])


# Street words and their usual abbreviations.
_STREET_WORDS = {
    "st": "Street", "rd": "Road", "ave": "Avenue", "ln": "Lane", "dr": "Drive", "blvd": "Boulevard", "pl": "Place",
    "ct": "Court", "sq": "Square", "hwy": "Highway", "pkwy": "Parkway",
}  # fmt: skip
_STREET_WORD_RE = re.compile(r"\b(?:" + "|".join(_STREET_WORDS.values()) + r")\b")
_STREET_ABBREVIATION_RE = re.compile(r"(?<=[a-z] )(" + "|".join(_STREET_WORDS) + r")\b\.?(?=\s*$)", re.IGNORECASE)


def place_value(p: Profile, span: Span) -> str:
    """A place in the form the parameter asks for: an IANA zone, 'City, ST', 'City, Country', or as written."""
    if span.qualifier == "address":
        return address_value(p.description, str(span.value))
    text = area_name(p, str(span.value))
    if p.kind == "zone":
        zone = places.zone_of(text)
        return zone or text
    style = _place_style(p.description)
    place = places.resolve(text)
    if place is None:  # 'Chcicago': a well-known city typed with one slip is that city
        head, comma, rest = text.partition(",")
        place = places.respelled(head.strip())
        text = place.name + comma + rest if place is not None else text
    coded = re.search(r"abbreviat|\bcode\b|two-letter|2-letter", p.description.lower())
    if coded and "state" in p.words:  # 'New York' for a state is the state, not the city
        place = next((r for r in places.lookup(text) if r.kind == "state"), place)
    if place is not None and place.kind == "state" and place.region and coded:
        return place.region  # 'California' for 'the U.S. state abbreviation': 'CA'
    namesake = places.namesake_city(text) if style in ("code", "name") and "state" not in p.words else None
    if namesake is not None and (place is None or place.kind == "state"):
        place, text = namesake, places.written_name(namesake, namesake.name)  # 'in NY' for 'City, ST': New York
    if place is None and style in ("code", "name"):
        return _state_written(text, style)
    if place is None or place.kind != "city":
        return text
    head, _, written = (part.strip() for part in text.partition(","))
    city_named = p.words & {"city", "town"} or re.search(r"\b(?:city|town)\b", p.description.lower())
    name = places.written_name(place, head) if style or city_named else head  # 'Philly' for a city: Philadelphia
    if not style:
        return name if not written else f"{name}, {written}"
    if place.region and places.fold(name).endswith(" " + places.fold(place.region)):
        return name  # the state is part of the name already: 'Washington D.C.'
    if style in ("code", "name") and not written and name.endswith(" City") and place in places.lookup(name[:-5]):
        name = name[:-5]  # 'New York, NY': with its state the city needs no 'City'
    countries = _country_style(p.description, style)
    if written:  # a qualifier written in another form than the description shows ('India' for 'Paris, FR')
        found = places.lookup(written)
        state = next(
            (r for r in found if r.kind == "state" and (r.country, r.region) == (place.country, place.region)), None
        )
        if state is not None and style in ("code", "name"):
            return f"{name}, {state.region if style == 'code' else state.name}"
        country = next((c for c in found if c.kind == "country" and c.country == place.country), None)
        if country is not None and place.country != "US" and countries in ("code", "name"):
            return f"{name}, {places.country_form(place.country, countries)}"  # 'London, England': 'London, UK'
        return f"{name}, {written}"
    if place.country != "US" and countries and re.search(r"city,\s*country", p.description.lower()):
        return f"{name}, {places.country_form(place.country, countries)}"  # 'City, State' is for US cities
    if place.country != "US" and style == "code":
        return name  # a 'City, ST' form has no state to add to 'Paris' or 'Delhi'
    return places.qualified(place, style, written=name)


def _state_written(text: str, style: str) -> str:
    """A town no table knows with its state written in another form than the description shows ('Lafayette,
    Louisiana' for 'City, ST': 'Lafayette, LA'); anything else as written."""
    head, comma, written = (part.strip() for part in text.partition(","))
    # The table's index, not `places.state_named`: every place of that name is needed to tell the country 'Georgia'
    # from the state, and a qualifier already in code form ('LA') is left as written.
    found = places.lookup(written) if comma else ()
    state = next((r for r in found if r.kind == "state" and r.region), None)
    if state is None or not head or any(r.kind == "country" for r in found):  # 'Georgia' may be the country
        return text
    return f"{head}, {state.region if style == 'code' else state.name}"


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
