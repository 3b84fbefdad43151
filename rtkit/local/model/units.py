"""Units of measure a request writes after a number ('6cm', '4 m/s^2', '15 m³', '25°C', '100µF'), what they
measure, and conversion between units of the same kind, for filling a parameter in the unit its schema names.

A unit is known by its spellings (symbol, singular, plural) and maps to a canonical symbol with a dimension
('length', 'time', ...) and a factor to that dimension's base unit, so '100µF' can become 0.0001 for a parameter
described as 'in farads'. Temperatures convert with offsets. Everything is pure and table-driven.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Unit:
    """One unit of measure."""

    symbol: str
    """Canonical symbol ('km', 's', '°C')."""
    dimension: str
    """What it measures ('length', 'time', 'temperature', 'money', 'percent', ...)."""
    factor: float
    """Size in the dimension's base unit (metre, second, kilogram, ...); temperatures use `offset` too."""
    offset: float = 0.0
    """Added after scaling to reach the base unit (temperatures: kelvin)."""


# symbol, dimension, factor, spellings (lower case unless case matters: see _CASED).
_TABLE: tuple[tuple[str, str, float, str], ...] = (
    ("m", "length", 1.0, "m meter meters metre metres"),
    ("km", "length", 1000.0, "km kilometer kilometers kilometre kilometres kms"),
    ("cm", "length", 0.01, "cm centimeter centimeters centimetre centimetres"),
    ("mm", "length", 0.001, "mm millimeter millimeters millimetre millimetres"),
    ("nm", "length", 1e-9, "nanometer nanometers nanometre nanometres"),
    ("mi", "length", 1609.344, "mi mile miles"),
    ("ft", "length", 0.3048, "ft foot feet"),
    ("in", "length", 0.0254, "in inch inches"),
    ("yd", "length", 0.9144, "yd yard yards"),
    ("ly", "length", 9.4607e15, "light-year light-years lightyear lightyears"),
    ("au", "length", 1.495978707e11, "au"),
    ("m²", "area", 1.0, "m² m^2 m2 sqm"),
    ("km²", "area", 1e6, "km² km^2 km2"),
    ("ft²", "area", 0.09290304, "ft² ft^2 ft2 sqft sq.ft sq.ft."),
    ("acre", "area", 4046.8564224, "acre acres"),
    ("ha", "area", 1e4, "ha hectare hectares"),
    ("m³", "volume", 1.0, "m³ m^3 m3"),
    ("cm³", "volume", 1e-6, "cm³ cm^3 cm3 cc"),
    ("l", "volume", 0.001, "l liter liters litre litres"),
    ("ml", "volume", 1e-6, "ml milliliter milliliters millilitre millilitres"),
    ("gal", "volume", 0.003785411784, "gal gallon gallons"),
    ("cup", "volume", 0.0002365882365, "cup cups"),
    ("tbsp", "volume", 0.00001478676478, "tbsp tablespoon tablespoons"),
    ("tsp", "volume", 0.000004928921594, "tsp teaspoon teaspoons"),
    ("pt", "volume", 0.000473176473, "pt pint pints"),
    ("qt", "volume", 0.000946352946, "qt quart quarts"),
    ("fl oz", "volume", 0.0000295735295625, "floz"),
    ("kg", "mass", 1.0, "kg kilogram kilograms kilo kilos kgs"),
    ("g", "mass", 0.001, "g gram grams gm"),
    ("mg", "mass", 1e-6, "mg milligram milligrams"),
    ("t", "mass", 1000.0, "tonne tonnes ton tons"),
    ("lb", "mass", 0.45359237, "lb lbs pound pounds"),
    ("oz", "mass", 0.028349523125, "oz ounce ounces"),
    ("s", "time", 1.0, "s sec secs second seconds"),
    ("ms", "time", 0.001, "ms millisecond milliseconds"),
    ("min", "time", 60.0, "min mins minute minutes"),
    ("h", "time", 3600.0, "h hr hrs hour hours"),
    ("day", "time", 86400.0, "day days"),
    ("week", "time", 604800.0, "week weeks"),
    ("month", "time", 2629746.0, "month months"),
    ("year", "time", 31556952.0, "yr yrs year years"),
    ("K", "temperature", 1.0, "K kelvin kelvins"),
    ("°C", "temperature", 1.0, "°C ℃ celsius centigrade degc"),
    ("°F", "temperature", 5 / 9, "°F ℉ fahrenheit degf"),
    ("m/s", "speed", 1.0, "m/s mps"),
    ("km/h", "speed", 1 / 3.6, "km/h kmh kph"),
    ("mph", "speed", 0.44704, "mph"),
    ("kn", "speed", 0.514444, "knot knots"),
    ("m/s²", "acceleration", 1.0, "m/s^2 m/s² m/s2"),
    ("C", "charge", 1.0, "C coulomb coulombs"),
    ("A", "current", 1.0, "A amp amps ampere amperes"),
    ("mA", "current", 0.001, "mA milliamp milliamps"),
    ("V", "voltage", 1.0, "V volt volts"),
    ("Ω", "resistance", 1.0, "Ω ohm ohms"),
    ("Hz", "frequency", 1.0, "Hz hertz"),
    ("kHz", "frequency", 1e3, "kHz kilohertz"),
    ("MHz", "frequency", 1e6, "MHz megahertz"),
    ("GHz", "frequency", 1e9, "GHz gigahertz"),
    ("J", "energy", 1.0, "J joule joules"),
    ("kJ", "energy", 1e3, "kJ kilojoule kilojoules"),
    ("cal", "energy", 4.184, "cal calorie calories"),
    ("kcal", "energy", 4184.0, "kcal kilocalorie kilocalories"),
    ("kWh", "energy", 3.6e6, "kWh"),
    ("eV", "energy", 1.602176634e-19, "eV"),
    ("W", "power", 1.0, "W watt watts"),
    ("kW", "power", 1e3, "kW kilowatt kilowatts"),
    ("N", "force", 1.0, "N newton newtons"),
    ("Pa", "pressure", 1.0, "Pa pascal pascals"),
    ("kPa", "pressure", 1e3, "kPa"),
    ("atm", "pressure", 101325.0, "atm atmosphere atmospheres"),
    ("bar", "pressure", 1e5, "bar bars"),
    ("psi", "pressure", 6894.757, "psi"),
    ("F", "capacitance", 1.0, "F farad farads"),
    ("µF", "capacitance", 1e-6, "µF μF uF microfarad microfarads"),
    ("mF", "capacitance", 1e-3, "mF millifarad millifarads"),
    ("nF", "capacitance", 1e-9, "nF nanofarad nanofarads"),
    ("pF", "capacitance", 1e-12, "pF picofarad picofarads"),
    ("H", "inductance", 1.0, "H henry henries henrys"),
    ("mH", "inductance", 1e-3, "mH millihenry millihenries"),
    ("µH", "inductance", 1e-6, "µH μH uH microhenry microhenries"),
    ("mol", "amount", 1.0, "mol mole moles"),
    ("B", "data", 1.0, "byte bytes"),
    ("KB", "data", 1e3, "KB kB kilobyte kilobytes"),
    ("MB", "data", 1e6, "MB megabyte megabytes"),
    ("GB", "data", 1e9, "GB gigabyte gigabytes"),
    ("TB", "data", 1e12, "TB terabyte terabytes"),
    ("°", "angle", 1.0, "° deg degree degrees"),
    ("rad", "angle", 57.29577951308232, "rad radian radians"),
    ("%", "percent", 1.0, "% percent per-cent pct"),
)
# Spellings whose case tells units apart ('mF' millifarad vs 'MF'; 'K' kelvin vs 'k'); matched as written.
_CASED = {
    "m", "K", "C", "A", "mA", "V", "F", "H", "mH", "N", "W", "kW", "J", "kJ", "Hz", "kHz", "MHz", "GHz", "Pa",
    "kPa", "B", "KB", "kB", "MB", "GB", "TB", "mF", "nF", "pF", "µF", "μF", "uF", "µH", "μH", "uH", "eV", "kWh",
    "g", "s", "h", "l", "t", "in", "ha", "au",
}  # fmt: skip
# Two-word unit names written with a space ('square feet', 'miles per hour').
_PHRASES: dict[str, str] = {
    "square meter": "m²", "square meters": "m²", "square metre": "m²", "square metres": "m²",
    "square kilometer": "km²", "square kilometers": "km²", "square kilometres": "km²", "sq km": "km²",
    "square foot": "ft²", "square feet": "ft²", "sq ft": "ft²", "sq feet": "ft²", "cubic meter": "m³",
    "cubic meters": "m³", "cubic metres": "m³", "cubic centimeters": "cm³", "miles per hour": "mph",
    "kilometers per hour": "km/h", "kilometres per hour": "km/h", "meters per second": "m/s",
    "metres per second": "m/s", "degrees celsius": "°C", "degrees fahrenheit": "°F", "degree celsius": "°C",
    "degrees c": "°C", "degrees f": "°F", "light years": "ly", "meters per second squared": "m/s²",
    "meters/second": "m/s", "meters/second^2": "m/s²", "metres/second": "m/s", "meter per second": "m/s",
    "metre per second": "m/s", "meter per second squared": "m/s²", "metre per second squared": "m/s²",
    "metres per second squared": "m/s²",
}  # fmt: skip


@cache
def _index() -> tuple[dict[str, Unit], dict[str, Unit], dict[str, Unit]]:
    by_symbol: dict[str, Unit] = {}
    cased: dict[str, Unit] = {}
    folded: dict[str, Unit] = {}
    for symbol, dimension, factor, spellings in _TABLE:
        unit = Unit(symbol, dimension, factor, {"°C": 273.15, "°F": 255.3722222222222}.get(symbol, 0.0))
        by_symbol[symbol] = unit
        for spelling in spellings.split():
            if spelling in _CASED:
                cased.setdefault(spelling, unit)
            else:
                folded.setdefault(spelling.lower(), unit)
    return by_symbol, cased, folded


def unit(spelling: str) -> Unit | None:
    """The unit a spelling names ('kilometres' → km, 'K' → kelvin, 'k' → None), or None."""
    by_symbol, cased, folded = _index()
    text = spelling.strip()
    if text in cased:
        return cased[text]
    phrase = _PHRASES.get(" ".join(text.lower().split()))
    if phrase:
        return by_symbol[phrase]
    return folded.get(text.lower())


_PHRASE_AFTER_RE = re.compile(
    r"[ ]?((?:square|sq\.?|cubic)\s+[A-Za-z]+|[A-Za-z]+\s+per\s+[A-Za-z]+(?:\s+squared)?|degrees?\s+[A-Za-z]+|"
    r"light\s+years?)",
    re.IGNORECASE,
)
# Spellings that are ordinary words or letters when a space separates them from the number ('4 in the box').
_ATTACHED_ONLY = {"in", "l", "t", "h", "A", "B", "C", "F", "H", "au", "ha"}
_TOKEN_AFTER_RE = re.compile(r"[ ]?([A-Za-zµμ°℃℉Ω%][A-Za-z0-9µμ°²³^/.]*)")
# A quantity made an adjective by a hyphen: 'a 1.5-second delay', 'a 20-minute walk' (a word, not '10-K').
_HYPHENED_AFTER_RE = re.compile(r"-([A-Za-z]{3,})(?![\w-])")


def unit_after(text: str, end: int) -> tuple[Unit, int] | None:
    """The unit written right after a number ending at `end` ('6cm', '4 m/s^2', '10 square feet'), with the
    offset just past it; None when the next word is not a unit."""
    for regex in (_PHRASE_AFTER_RE, _TOKEN_AFTER_RE, _HYPHENED_AFTER_RE):
        m = regex.match(text, end)
        if not m:
            continue
        raw = m.group(1)
        spaced = m.start(1) > end
        for candidate in dict.fromkeys((raw, raw.rstrip("."), raw.rstrip(".,;:?!)"))):
            found = unit(candidate)
            if found is not None and not (spaced and candidate in _ATTACHED_ONLY):
                return found, m.start(1) + len(candidate)
    return None


def dimension_of(words: list[str]) -> str:
    """The dimension a parameter's words name through a unit ('in meters', 'seconds', 'Celsius'), or ''."""
    for w in words:
        found = unit(w) if len(w) > 2 or w in _CASED else None
        if found is not None and found.dimension not in ("percent", "angle"):
            return found.dimension
    return ""


def unit_in(text: str) -> Unit | None:
    """The unit a parameter's description names ('The inductance (L) in henries (H)' → H), if one; None for a
    rate ('in miles per gallon'), whose unit this table does not know."""
    # A rate the table knows by name ('in meters per second squared'): its own unit, not the length before 'per'.
    for m in re.finditer(r"\b(?:in|as)\s+(?:the\s+)?([a-z]+\s+per\s+[a-z]+(?:\s+squared)?)", text, re.IGNORECASE):
        found = unit(m.group(1).lower())
        if found is not None:
            return found
    for m in re.finditer(r"\b(?:in|as)\s+(?:the\s+)?([A-Za-z°µμ²³/^]+(?:\s+[A-Za-z]+)?)(\s+per\b|/)?", text):
        for candidate in (m.group(1), m.group(1).split()[0]):
            found = unit(candidate)
            rate = m.group(2) is not None or candidate != m.group(1) and m.group(1).split()[1] == "per"
            if found is not None and (len(candidate) > 1 or candidate in ("m", "s", "g", "K")):
                return None if rate and found.dimension != "speed" else found
    for m in re.finditer(r"\(([A-Za-z°µμ²³/^]{1,6})\)", text):
        found = unit(m.group(1))
        if found is not None:
            return found
    counted = re.search(r"\bnumber of ([a-z]+)", text.lower())  # 'The number of days ...'
    found = unit(counted.group(1)) if counted else None
    return found if found is not None and found.dimension == "time" else None


def convert(value: float, source: Unit, target: Unit) -> float | None:
    """`value` in `source` units expressed in `target` units (same dimension), else None."""
    if source.dimension != target.dimension:
        return None
    base = value * source.factor + source.offset
    return (base - target.offset) / target.factor
