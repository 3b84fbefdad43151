"""Typed values a request names and the arguments they fill, for schemas the corpus does not cover."""

from __future__ import annotations

from datetime import date

from rtkit.local.model import mentions
from rtkit.local.model.arguments import fill_arguments
from rtkit.local.model.routing import tool_concepts

TODAY = date(2026, 3, 12)  # a Thursday


def schema(properties: dict, required: tuple[str, ...] = ()) -> dict:
    return {"type": "object", "properties": properties, "required": list(required)}


def test_times_of_day():
    said = "at 3 pm, 8:30 pm, 09:00, noon, six thirty am and 12 am"
    assert [m.value for m in mentions.times(said)] == ["15:00", "20:30", "09:00", "12:00", "06:30", "00:00"]


def test_days_relative_weekday_and_month_day():
    said = "today, tomorrow, Saturday, next Monday, last Friday, March 3rd, 20 April and 2026-12-24"
    assert [m.value.isoformat() for m in mentions.days(said, TODAY)] == [
        "2026-03-12", "2026-03-13", "2026-03-14", "2026-03-16", "2026-03-06", "2026-03-03", "2026-04-20",
        "2026-12-24",
    ]  # fmt: skip


def test_currencies_countries_addresses_identifiers():
    assert [m.value for m in mentions.currencies("250 US dollars in euros, or in £")] == ["USD", "EUR", "GBP"]
    assert [m.value for m in mentions.countries("news from the United Kingdom and Japan")] == ["GB", "JP"]
    (address,) = mentions.addresses("deliver to 12 Main Street, Springfield 12345 please")
    assert (address.street, address.city, address.postcode) == ("12 Main Street", "Springfield", "12345")
    assert [m.value for m in mentions.identifiers("order AB12345X or 42")] == ["AB12345X"]


def test_numbers_in_words_and_integer_ranges():
    args = fill_arguments(
        "Transfer four thousand two hundred to savings in 3 parts",
        schema({"amount": {"type": "number"}, "parts": {"type": "integer", "minimum": 1, "maximum": 2}}),
    )
    assert args.arguments == {"amount": 4200, "parts": 2}


def test_booleans_from_enable_disable_and_description():
    flag = schema({"notifications": {"type": "boolean"}}, ("notifications",))
    assert fill_arguments("Enable notifications", flag).arguments == {"notifications": True}
    assert fill_arguments("Disable notifications", flag).arguments == {"notifications": False}
    assert fill_arguments("Turn notifications off", flag).arguments == {"notifications": False}
    muted = schema({"muted": {"type": "boolean", "description": "True to mute, false to unmute"}})
    assert fill_arguments("Please unmute the speaker", muted).arguments == {"muted": False}


def test_dates_in_the_format_the_schema_asks():
    us = schema({"day": {"type": "string", "description": "Day as MM/DD/YYYY"}})
    assert fill_arguments("Book it for next Monday", us, today=TODAY).arguments == {"day": "03/16/2026"}
    stamp = schema({"when": {"type": "string", "format": "date-time"}})
    assert fill_arguments("tomorrow at 3 pm", stamp, today=TODAY).arguments == {"when": "2026-03-13T15:00:00"}


def test_required_is_reported_missing_and_optional_ones_are_left_to_the_tool():
    s = schema({"city": {"type": "string"}, "units": {"type": "string", "enum": ["c", "f"], "default": "c"}}, ("city",))
    filled = fill_arguments("What's the weather like?", s)
    assert filled.missing == ("city",) and filled.arguments == {}


def test_lower_case_transcripts_still_give_places_and_names():
    assert [m.value for m in mentions.places("is it raining in new york right now")] == ["New York"]
    assert [(m.value, m.before) for m in mentions.places("a flight from boston to chicago tomorrow")] == [
        ("Boston", "from"),
        ("Chicago", "to"),
    ]
    tool = {
        "name": "lookup_contact",
        "description": "A person's phone number.",
        "parameters": schema({"name": {"type": "string"}}, ("name",)),
    }
    filled = fill_arguments("what's sarah connor's phone number", tool["parameters"], vocabulary=tool_concepts(tool))
    assert filled.arguments == {"name": "Sarah Connor"}
