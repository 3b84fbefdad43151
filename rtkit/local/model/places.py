"""Places: cities, first-level regions (US states, provinces) and countries, with their country, region code and
IANA time zone (`data/places.tsv`), for qualifying a place the way a schema asks ('San Francisco, CA',
'Tel Aviv, Israel') and for turning a place into a time zone ('Tokyo' → 'Asia/Tokyo').

A United States town the table lacks is found in `data/us_towns.tsv` (GeoNames' towns of 5,000 people or more)
when a place is resolved, never when places are looked for in a request (so 'Mobile' or 'Orange' stay words).
Cities not in either table are still found in time-zone ids ('Asia/Kathmandu' names Kathmandu), from the
`zoneinfo` database when the system has one. Pure lookups over shipped data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from rtkit.local.text import one_slip

_DATA = Path(__file__).with_name("data") / "places.tsv"
_TOWNS = Path(__file__).with_name("data") / "us_towns.tsv"


@dataclass(frozen=True)
class Place:
    """One place of the table."""

    name: str
    """Its usual English name ('San Francisco')."""
    kind: str
    """'city', 'state' (a first-level region) or 'country'."""
    country: str
    """ISO 3166 two-letter code of its country."""
    region: str
    """The state's or province's code ('CA' for California and for San Francisco); '' when none."""
    zone: str
    """IANA time zone ('America/Los_Angeles')."""


def fold(text: str) -> str:
    """Lower case without accents or dots, single spaces: 'São Paulo' → 'sao paulo', 'D.C.' → 'dc'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[.’']", "", text).lower().replace("-", " ").split())


@cache
def _table() -> tuple[tuple[Place, ...], dict[str, tuple[Place, ...]]]:
    places: list[Place] = []
    index: dict[str, list[Place]] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t") + [""] * 6
        place = Place(cells[1], cells[0], cells[2], cells[3], cells[4])
        places.append(place)
        for name in {fold(n) for n in [cells[1], *cells[5].split(",")] if n.strip()}:
            index.setdefault(name, []).append(place)
    return tuple(places), {k: tuple(v) for k, v in index.items()}


@cache
def _zone_cities() -> dict[str, str]:
    """City names found in IANA zone ids ('kathmandu' → 'Asia/Kathmandu'); empty without a zone database."""
    try:
        import zoneinfo

        zones = zoneinfo.available_timezones()
    except Exception:  # no tz database on this system: the table still answers
        return {}
    out: dict[str, str] = {}
    for zone in sorted(zones):
        parts = zone.split("/")
        if len(parts) < 2 or parts[0] in ("Etc", "SystemV", "US", "Canada", "Brazil", "Chile", "Mexico"):
            continue
        out.setdefault(fold(parts[-1].replace("_", " ")), zone)
    return out


def lookup(name: str) -> tuple[Place, ...]:
    """Places called `name` (any spelling the table knows; several when the name is shared)."""
    return _table()[1].get(_key(name), ())


def _key(name: str) -> str:
    """The table's spelling of `name`: a nickname of two or more words known with 'the' is the same name without it
    ('Big Apple' of 'in the Big Apple', the article left with the sentence)."""
    said = fold(name)
    names = _table()[1]
    return "the " + said if said not in names and " " in said and "the " + said in names else said


ZONE_ABBREVIATIONS = {
    "EST": "America/New_York", "EDT": "America/New_York",
    "CST": "America/Chicago", "CDT": "America/Chicago",
    "MST": "America/Denver", "MDT": "America/Denver",
    "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
    "AKST": "America/Anchorage", "HST": "Pacific/Honolulu", "GMT": "Europe/London", "BST": "Europe/London",
    "CET": "Europe/Paris", "CEST": "Europe/Paris", "JST": "Asia/Tokyo", "KST": "Asia/Seoul", "IST": "Asia/Kolkata",
    "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney",
}  # fmt: skip
"""The zone each common time-zone abbreviation is written for ('4pm EST' is New York time)."""


def is_zone(text: str) -> bool:
    """Whether `text` is an IANA time zone id ('Europe/Paris', 'UTC')."""
    if not re.fullmatch(r"[A-Za-z_]+(?:/[A-Za-z_+-]+){0,2}", text or ""):
        return False
    return text.upper() == "UTC" or text in _zones()


@cache
def _zones() -> frozenset[str]:
    return frozenset({p.zone for p in _table()[0]} | set(_zone_cities().values()))


def zone_of(text: str) -> str | None:
    """The IANA time zone of a place as written ('Tokyo', 'Tel Aviv, Israel', 'Naples, FL', 'Japan', 'Asia/Tokyo')."""
    text = text.strip()
    if is_zone(text):
        return text
    if fold(text) in ("utc", "gmt", "coordinated universal time", "greenwich mean time", "zulu"):
        return "UTC"
    place = resolve(text)
    if place is not None:
        return place.zone
    head = text.split(",")[0]
    return _zone_cities().get(fold(head))


def resolve(text: str) -> Place | None:
    """The place a name means, using a qualifier when one is written ('Naples, FL' is not Naples, Italy)."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        return None
    found = lookup(parts[0]) or lookup(text)
    if not found:
        return _town(parts)
    if len(parts) > 1:
        qualifier = fold(parts[1])
        for place in sorted(found, key=lambda p: p.kind != "city"):  # 'New York, NY' is the city in its state
            country = country_of(place.country)
            names = {fold(place.region), fold(place.country)} | ({fold(country.name)} if country else set())
            region = next((p for p in lookup(parts[1]) if p.kind == "state"), None)
            if qualifier in names or (
                region is not None and region.region == place.region and region.country == place.country
            ):
                return place
    cities = [p for p in found if p.kind == "city"]
    return (cities or list(found))[0]


_SLIP_LENGTH = 6
"""City names at least this long are read through one slip of typing ('Chcicago', 'Berkley', 'Orlanda'): a word
that long which is no place and one letter away from exactly one city of the table means that city."""


def respelled(text: str) -> Place | None:
    """The one city of the table (not the towns' list) that `text`, a name no table knows, misspells by one
    letter typed in, left out, swapped with its neighbour or typed for another; the first letter is kept, as a slip
    of typing rarely hits it. None when no city or several are that close, or when `text` is a place already."""
    said = fold(text)
    if len(said) < _SLIP_LENGTH or is_place(text):
        return None
    found = {
        place
        for name, named in _table()[1].items()
        if name[:1] == said[:1] and one_slip(said, name, substituted=True)
        for place in named
        if place.kind == "city"
    }
    return found.pop() if len(found) == 1 else None


@cache
def _towns() -> dict[str, Place]:
    out: dict[str, Place] = {}
    for line in _TOWNS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, region, zone = line.split("\t")[:3]
            out.setdefault(fold(name), Place(name, "city", "US", region, zone))
    return out


def is_place(name: str) -> bool:
    """Whether `name` is a place of either table ('Tokyo', 'Los Altos')."""
    return bool(lookup(name)) or fold(name) in _towns()


def names_region(text: str) -> bool:
    """Whether `text` names a US state (by name or postal code, 'CA') or a country: what a comma after a town
    adds to say where it is ('Mariposa, CA')."""
    said = fold(text)
    return bool(said) and (
        state_named(text, "US") is not None or any(p.kind == "country" and said == fold(p.name) for p in _table()[0])
    )


def state_named(text: str, country: str = "") -> Place | None:
    """The first-level region `text` writes by its name or its code ('California', 'CA'), in `country` when one is
    given; None when it writes none."""
    said = fold(text)
    return next(
        (
            p
            for p in _table()[0]
            if p.kind == "state"
            and p.region
            and (not country or p.country == country)
            and said in (fold(p.name), fold(p.region))
        ),
        None,
    )


def _town(parts: list[str]) -> Place | None:
    """A United States town of the second table ('Novato'), in the state a qualifier names when one is written
    ('Fremont, NE' is not the larger Fremont, California); None when the qualifier is no US state."""
    town = _towns().get(fold(parts[0]))
    if town is None or len(parts) < 2:
        return town
    state = state_named(parts[1], "US")
    if state is None:
        return town if fold(parts[1]) in ("us", "usa", "united states") else None
    return town if state.region == town.region else Place(town.name, "city", "US", state.region, state.zone)


def country_of(code: str) -> Place | None:
    """The country with this ISO code."""
    return next((p for p in _table()[0] if p.kind == "country" and p.country == code), None)


def region_of(place: Place) -> Place | None:
    """The state or province a city lies in (California for San Francisco), if the table has it."""
    if not place.region:
        return None
    return next(
        (p for p in _table()[0] if p.kind == "state" and p.region == place.region and p.country == place.country),
        None,
    )


def namesake_city(text: str) -> Place | None:
    """The city that bears the name of the state `text` writes by its name or code ('NY' → New York City); None
    when `text` is no state or its state has no city of its name ('CA', 'Washington')."""
    state = state_named(text)
    if state is None:
        return None
    return next((c for c in lookup(state.name) if c.kind == "city" and c.region == state.region), None)


def qualified(place: Place, style: str, written: str = "") -> str:
    """The place with the qualifier a schema asks for: style 'code' → 'San Francisco, CA', 'name' →
    'San Francisco, California', 'country' → 'Tel Aviv, Israel'. Countries and states stay bare; the city keeps
    the name as `written` when given ('New York' rather than 'New York City')."""
    name = written or place.name
    if place.kind != "city":
        return name
    if style in ("code", "name") and place.region:
        if style == "code":
            return f"{name}, {place.region}"
        region = region_of(place)
        return f"{name}, {region.name if region else place.region}"
    return f"{name}, {country_form(place.country, 'name')}" if country_of(place.country) else name


def written_name(place: Place, written: str) -> str:
    """The city's name as a schema takes it: as written, unless written as an abbreviation or nickname ('NYC',
    'Philly', 'SF'), which stand for its usual name ('New York' for 'New York City': the shortest spelling the table
    gives that begins like the name)."""
    name, said = fold(place.name), _key(written)
    if not written or _leads(said, name) or _leads(name, said):
        return written
    # Initials and clippings ('NYC', 'SF', 'Philly', 'Chi-town', 'the Big Apple') stand for the city; another
    # name the table gives it ('Manhattan', 'Brooklyn') is a part of it, written as it was said.
    if not (len(said.replace(" ", "")) <= 4 or said[:3] == name[:3] or said.startswith("the ")):
        return written
    names = [n for n, found in _table()[1].items() if place in found and _leads(n, name)]
    usual = min(names, key=len) if names else ""
    return place.name[: len(usual)] if usual and place.name[: len(usual)].lower() == usual else place.name


def _leads(words: str, name: str) -> bool:
    """Whether `words` are the whole of `name` or its first words ('new york' of 'new york city')."""
    return name == words or name.startswith(words + " ")


def country_form(code: str, style: str) -> str:
    """A country after a city: its ISO code for style 'code' ('FR'), else its name; the United Kingdom is 'UK' in
    both and the United States 'USA' by name, as they are commonly written after a city ('London, UK',
    'Santa Cruz, USA')."""
    if code == "GB":
        return "UK"
    if code == "US" and style != "code":
        return "USA"
    if style == "code":
        return code
    country = country_of(code)
    return country.name if country else code


@cache
def _first_words() -> frozenset[str]:
    return frozenset(name.split(" ")[0] for name in _table()[1])


@lru_cache(maxsize=256)
def names_in(text: str) -> tuple[tuple[int, int, tuple[Place, ...]], ...]:
    """Place names written in `text` (longest match first, up to five words), with their character spans. A word
    of a path or time-zone id names no place ('America' of 'America/Los_Angeles')."""
    tokens = [
        m for m in re.finditer(r"[^\W\d_][\w.'’-]*", text) if "/" not in text[max(m.start() - 1, 0) : m.end() + 1]
    ]
    out: list[tuple[int, int, tuple[Place, ...]]] = []
    firsts = _first_words()
    i = 0
    while i < len(tokens):
        if fold(tokens[i].group()).split(" ")[0] not in firsts:
            i += 1
            continue
        for n in range(min(5, len(tokens) - i), 0, -1):
            start, end = tokens[i].start(), tokens[i + n - 1].end()
            phrase = text[start:end].rstrip(".") if n == 1 or not text[start:end].endswith("D.C.") else text[start:end]
            found = lookup(phrase)
            if found and (phrase[:1].isupper() or len(phrase) > 3):
                out.append((start, start + len(phrase), found))
                i += n
                break
        else:
            i += 1
    return tuple(out)


_DEMONYMS = {
    "American": "United States", "British": "United Kingdom", "English": "United Kingdom", "French": "France",
    "German": "Germany", "Italian": "Italy", "Spanish": "Spain", "Portuguese": "Portugal", "Dutch": "Netherlands",
    "Belgian": "Belgium", "Swiss": "Switzerland", "Austrian": "Austria", "Swedish": "Sweden", "Norwegian": "Norway",
    "Danish": "Denmark", "Finnish": "Finland", "Irish": "Ireland", "Polish": "Poland", "Greek": "Greece",
    "Turkish": "Turkey", "Russian": "Russia", "Ukrainian": "Ukraine", "Chinese": "China", "Japanese": "Japan",
    "Korean": "South Korea", "Indian": "India", "Pakistani": "Pakistan", "Thai": "Thailand", "Vietnamese": "Vietnam",
    "Indonesian": "Indonesia", "Australian": "Australia", "Canadian": "Canada", "Mexican": "Mexico",
    "Brazilian": "Brazil", "Argentine": "Argentina", "Argentinian": "Argentina", "Egyptian": "Egypt",
    "Israeli": "Israel", "Iranian": "Iran", "Nigerian": "Nigeria", "Kenyan": "Kenya", "Czech": "Czech Republic",
    "Hungarian": "Hungary", "Romanian": "Romania", "Scottish": "United Kingdom", "Welsh": "United Kingdom",
}  # fmt: skip


def demonym(word: str) -> str:
    """The country a capitalised adjective names ('German' → 'Germany'), or ''."""
    return _DEMONYMS.get(word, "")
