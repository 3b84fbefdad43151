"""A place written with its region after a comma keeps that region, though the place table knows neither
(`spans._region_written`)."""

from __future__ import annotations

from helpers import function_tool, planned_call


def _one(name: str, description: str, param: str, param_description: str) -> dict:
    return function_tool(name, description, {param: {"type": "string", "description": param_description}}, [param])


FORECAST = _one(
    "rain_forecast", "Tells the chance of rain for a town.", "where",
    "The town, in the form 'City, State', such as 'Denver, CO'.",
)  # fmt: skip


def _where(text: str) -> object:
    return planned_call(text, FORECAST)[1]["where"]


def test_a_region_the_request_writes_after_the_town_is_kept() -> None:
    assert _where("What is the chance of rain in Ostrovia, Lower Vessland tomorrow?") == "Ostrovia, Lower Vessland"
    assert _where("Chance of rain in Madurai, Tamil Nadu?") == "Madurai, Tamil Nadu"


def test_a_smaller_area_or_a_longer_name_after_the_comma_is_no_region() -> None:
    assert _where("Chance of rain in Ostrovia, Kelm District?") != "Ostrovia, Kelm District"
    assert _where("Chance of rain in Ostrovia, Kelm Vale Heights Park?") != "Ostrovia, Kelm Vale Heights"


def _call(tool: dict, text: str) -> dict:
    return planned_call(text, tool)[1]


def test_a_zone_described_as_an_area_of_the_map_is_no_time_zone() -> None:
    ozone = _one(
        "ozone_level", "Get the ozone level measured in a zone.", "zone",
        "The geographic zone to measure, such as 'Texas' or 'Ohio'.",
    )  # fmt: skip
    assert _call(ozone, "What is the ozone level in Great Britain?") == {"zone": "Great Britain"}
    clock = _one("zone_clock", "Get the time in a zone.", "zone", "The zone whose time to tell.")
    assert _call(clock, "What is the time in the zone of Tokyo?") == {"zone": "Asia/Tokyo"}


def test_a_state_asked_by_its_abbreviation_is_the_state_not_its_city() -> None:
    fees = _one(
        "licence_fee", "Get the fee for a fishing licence in a state.", "state",
        "The U.S. state abbreviation, such as 'TX' for Texas.",
    )  # fmt: skip
    assert _call(fees, "How much is a fishing licence in New York?") == {"state": "NY"}
