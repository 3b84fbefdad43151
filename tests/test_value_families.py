"""Values that are not free strings, on requests written here for made-up tools: optional parameters the request
says nothing about, flags read from the request's words (including flags a schema spells as 'True' / 'False'
strings), enums chosen by the request's words, and numbers given to the parameter they are named with.

Each test calls `plan_response` directly (milliseconds) and fails without the rule it names.
"""

from __future__ import annotations

import json
from datetime import date

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.responder import FunctionCallPlan, plan_response
from rtkit.realtime.protocol import user_text_item

TODAY = date(2026, 3, 12)


def call(text: str, *tools: dict) -> tuple[str, dict]:
    return planned_call(text, *tools, today=TODAY)


CABIN_SEARCH = tool(
    "find_cabins",
    "Search holiday cabins for rent in a region.",
    {
        "region": {"type": "string", "description": "The region to search in, e.g. 'Lapland'."},
        "max_results": {"type": "integer", "description": "How many cabins to list.", "default": 20},
        "sauna": {
            "type": "string",
            "description": "Whether the cabin must have a sauna.",
            "enum": ["True", "False", "dontcare"],
            "default": "dontcare",
        },
        "pets_allowed": {"type": "boolean", "description": "Whether pets may stay in the cabin.", "default": False},
        "sort": {"type": "string", "enum": ["price", "rating"], "default": "price"},
    },
    ("region",),
)


def test_optional_parameters_the_request_does_not_give_are_left_out() -> None:
    assert call("Find me cabins in Lapland.", CABIN_SEARCH) == ("find_cabins", {"region": "Lapland"})


def test_a_flag_spelled_as_true_false_strings_is_read_like_a_boolean() -> None:
    _, args = call("Find cabins in Lapland that have a sauna.", CABIN_SEARCH)
    assert args["sauna"] == "True"
    _, args = call("Find cabins in Lapland, no sauna please.", CABIN_SEARCH)
    assert args["sauna"] == "False"


def test_a_flag_the_request_says_it_does_not_care_about_is_left_out() -> None:
    _, args = call("Find cabins in Lapland; I don't care about a sauna or pets.", CABIN_SEARCH)
    assert "sauna" not in args and "pets_allowed" not in args
    _, args = call("Find cabins in Lapland, with a sauna or not, whatever.", CABIN_SEARCH)
    assert "sauna" not in args


def test_a_negation_reaches_across_a_clause_but_not_past_but() -> None:
    _, args = call("Cabins in Lapland please. No need for any pets, but I want a sauna.", CABIN_SEARCH)
    assert args["pets_allowed"] is False and args["sauna"] == "True"


PLAYGROUNDS = tool(
    "find_venues",
    "Find venues in a city.",
    {
        "city": {"type": "string", "description": "City name."},
        "kid_friendly": {"type": "boolean", "description": "Only venues suitable for kids."},
        "free_admission": {
            "type": "string",
            "description": "Whether to list only venues with no admission fee.",
            "enum": ["True", "False", "dontcare"],
        },
    },
    ("city",),
)


def test_a_flag_is_set_by_an_everyday_word_for_its_name() -> None:
    _, args = call("Find venues in Oslo that are good for children.", PLAYGROUNDS)
    assert args["kid_friendly"] is True


def test_a_negated_phrase_the_description_uses_for_the_flag_sets_it() -> None:
    _, args = call("Find venues in Oslo with no admission fee.", PLAYGROUNDS)
    assert args["free_admission"] == "True"


DATABASES = tool(
    "list_databases",
    "List the databases registered in the workspace.",
    {
        "engine": {
            "type": "string",
            "description": "Only databases of this engine; all engines when omitted.",
            "enum": ["all", "mysql", "sqlite", "mongo"],
            "default": "all",
        },
        "owners": {"type": "array", "items": {"type": "string"}, "description": "Only databases of these owners."},
    },
)


def test_a_specific_enum_value_wins_over_a_catch_all_one_the_request_also_says() -> None:
    assert call("List all the MongoDB databases we have.", DATABASES) == ("list_databases", {"engine": "mongo"})


def test_a_specific_enum_value_added_to_the_catch_all_one_leaves_the_catch_all() -> None:
    tasks = tool(
        "list_tasks",
        "List the tasks on a board.",
        {"status": {"type": "string", "description": "Which tasks", "enum": ["open", "done", "all"]}},
    )
    assert call("Show all my tasks, including the done ones.", tasks) == ("list_tasks", {"status": "all"})
    assert call("Show all my tasks, open or done.", tasks) == ("list_tasks", {"status": "all"})
    assert call("Show all my done tasks.", tasks) == ("list_tasks", {"status": "done"})


def test_an_optional_list_is_not_made_up_from_the_request_s_leftover_words() -> None:
    name, args = call("List the databases, and keep the answer short for my dashboard.", DATABASES)
    assert name == "list_databases" and "owners" not in args


CONCERTS = tool(
    "find_concerts",
    "Find concerts in a city on a day.",
    {
        "city": {"type": "string", "description": "City name."},
        "day": {"type": "string", "description": "The day of the concert, YYYY-MM-DD."},
    },
    ("city",),
)


def test_a_date_written_beside_a_relative_day_says_which_day() -> None:
    _, args = call("Concerts in Oslo next Friday 2031.5.9, please.", CONCERTS)
    assert args["day"] == "2031-05-09"


def test_relative_days_count_from_the_today_the_request_states() -> None:
    _, args = call("Any concerts in Oslo this coming Saturday? Today is Wednesday 2031-5-7.", CONCERTS)
    assert args["day"] == "2031-05-10"
    _, args = call("Today is 2031.5.7. Find concerts in Oslo tomorrow.", CONCERTS)
    assert args["day"] == "2031-05-08"


TIDES = tool(
    "tide_table",
    "Tide times for a point on the coast over a number of days.",
    {
        "days": {"type": "integer", "description": "How many days to cover."},
        "lat": {"type": "number", "description": "Latitude in decimal degrees."},
        "lng": {"type": "number", "description": "Longitude in decimal degrees."},
    },
    ("lat", "lng"),
)


def test_coordinates_written_with_hemispheres_go_to_latitude_and_longitude_with_their_sign() -> None:
    _, args = call("Tide times for the next 3 days at 41.2565 S, 174.7762 E.", TIDES)
    assert args == {"days": 3, "lat": -41.2565, "lng": 174.7762}


HEAT_PUMP = tool(
    "heat_pump_control",
    "Send settings to a heat pump.",
    {
        "settings": {
            "type": "object",
            "description": "The settings to apply.",
            "properties": {
                "heaterPower": {
                    "type": "string",
                    "description": "Whether the heater is switched on or off.",
                    "enum": ["HEATER_ON", "HEATER_OFF"],
                },
                "dehumidifierMode": {
                    "type": "string",
                    "description": "Runs the dehumidifier.",
                    "enum": ["START", "STOP"],
                },
                "nightSetbackEnabled": {"type": "boolean", "description": "Lower the temperature at night."},
                "ecoEnabled": {"type": "boolean", "description": "Enable the eco program."},
            },
        }
    },
    ("settings",),
)


def test_an_on_off_word_goes_to_the_switch_it_is_said_next_to() -> None:
    _, args = call("Get the heater turned on, please, and keep the eco program as it is.", HEAT_PUMP)
    assert args["settings"].get("heaterPower") == "HEATER_ON" and "dehumidifierMode" not in args["settings"]
    _, args = call("Start the dehumidifier and leave the heater off.", HEAT_PUMP)
    assert args["settings"]["dehumidifierMode"] == "START" and args["settings"]["heaterPower"] == "HEATER_OFF"


def test_a_flag_named_in_the_request_is_not_unset_by_a_negation_meant_for_another() -> None:
    _, args = call("Set the heat pump to use night setback and disable the eco program.", HEAT_PUMP)
    assert args["settings"]["nightSetbackEnabled"] is True and args["settings"]["ecoEnabled"] is False


GUESTHOUSES = tool(
    "search_guesthouses",
    "Search guesthouses in a town.",
    {
        "town": {"type": "string", "description": "The town."},
        "stars": {"type": "string", "description": "Star rating of the guesthouse.", "enum": ["1", "2", "3", "4", "5"]},
        "guests": {"type": "integer", "description": "Number of guests."},
    },
    ("town",),
)


def test_an_enum_of_numerals_takes_the_number_said_with_its_own_words() -> None:
    _, args = call("Search for a four-star guesthouse in Bergen for 2 guests.", GUESTHOUSES)
    assert args == {"town": "Bergen", "stars": "4", "guests": 2}


RECORDS = tool(
    "find_records",
    "Find vinyl records in the shop's catalogue.",
    {
        "style": {"type": "string", "description": "Musical style.", "enum": ["Soul", "Jazz", "Jazzfunk", "Blues"]},
        "release_year": {"type": "integer", "description": "Year the record came out."},
    },
)


def test_an_enum_value_named_in_full_wins_over_a_shorter_one_it_starts_with() -> None:
    _, args = call("Find jazzfunk records in the catalogue.", RECORDS)
    assert args["style"] == "Jazzfunk"


def test_a_year_written_with_an_apostrophe_and_two_digits_is_the_full_year() -> None:
    _, args = call("Find records in the catalogue from '97 in the soul style.", RECORDS)
    assert args == {"style": "Soul", "release_year": 1997}


FETCH = tool(
    "http_fetch",
    "Fetch a web resource with a GET request.",
    {
        "url": {"type": "string", "description": "The address to fetch."},
        "params": {
            "type": "object",
            "description": "Query-string parameters.",
            "properties": {
                "search": {"type": "string", "description": "A search term to filter by."},
                "page_size": {"type": "integer", "description": "Items per page."},
            },
        },
    },
    ("url",),
)


def test_a_nested_optional_search_phrase_is_not_the_quoted_url_nor_leftover_words() -> None:
    _, args = call("Fetch 'https://shop.example.org/items' for me, 25 items per page please.", FETCH)
    assert args == {"url": "https://shop.example.org/items", "params": {"page_size": 25}}


READINGS = tool(
    "meter_readings",
    "Latest readings of the electricity meters.",
    {
        "page_size": {"type": "integer", "description": "Readings per page."},
        "meterIds": {"type": "array", "items": {"type": "string"}, "description": "Only these meter IDs."},
    },
    ("page_size",),
)


def test_a_list_of_identifiers_takes_identifiers_not_its_own_name_or_the_words_after() -> None:
    _, args = call("Latest meter readings, 30 per page; I have no particular meter IDs in mind.", READINGS)
    assert args == {"page_size": 30}
    _, args = call("Latest readings for the meter with the ID MX_20931, showing 30 per page.", READINGS)
    assert args == {"page_size": 30, "meterIds": ["MX_20931"]}


FILES = tool(
    "list_documents",
    "List documents in a folder.",
    {
        "folder": {"type": "string", "description": "The folder to list."},
        "recursive": {"type": "boolean", "description": "Whether to descend into folders below it."},
        "shared": {"type": "boolean", "description": "Whether to list shared documents."},
    },
    ("folder",),
)


def test_a_flag_is_read_through_its_everyday_phrasing_and_contracted_negations() -> None:
    _, args = call("List the documents in the 'reports' folder including its subfolders.", FILES)
    assert args["recursive"] is True
    _, args = call("List the documents in the 'reports' folder; they shouldn't be shared ones.", FILES)
    assert args["shared"] is False


SPEAK = tool(
    "read_aloud",
    "Read a text aloud.",
    {
        "text": {"type": "string", "description": "The text to read."},
        "locale": {"type": "string", "description": "Voice locale.", "enum": ["en-GB", "fr-FR", "pt-BR", "ja-JP"]},
        "pace": {"type": "string", "description": "Reading pace.", "enum": ["LOW", "MID", "HIGH"]},
    },
    ("text",),
)


def test_locale_codes_are_named_by_their_language_and_degrees_by_everyday_words() -> None:
    _, args = call("Read 'bom dia a todos' aloud in Portuguese at a medium pace.", SPEAK)
    assert args == {"text": "bom dia a todos", "locale": "pt-BR", "pace": "MID"}
    _, args = call("Read 'bonjour' aloud in French at the highest pace.", SPEAK)
    assert args["locale"] == "fr-FR" and args["pace"] == "HIGH"


CLEANERS = tool(
    "find_cleaners",
    "Find house cleaners.",
    {
        "region_id": {"type": "integer", "description": "Region of the cleaner. Example: 1 for Lisbon, 2 for Porto."},
        "rating": {"type": "number", "description": "Minimum average rating."},
        "cleans_windows": {"type": "boolean", "description": "Whether the cleaner cleans windows."},
        "cleans_ovens": {"type": "boolean", "description": "Whether the cleaner cleans ovens."},
        "has_complaints": {
            "type": "boolean",
            "description": "Whether the cleaner has complaints on record (false for none, true for having a record).",
        },
    },
    ("region_id",),
)


def test_a_number_the_description_gives_for_a_name_is_taken_when_the_request_names_it() -> None:
    assert call("Find house cleaners in Porto.", CLEANERS) == ("find_cleaners", {"region_id": 2})


def test_a_flag_needs_the_word_that_tells_it_from_its_siblings() -> None:
    _, args = call("Find house cleaners in Lisbon who clean ovens.", CLEANERS)
    assert args == {"region_id": 1, "cleans_ovens": True}


def test_a_list_of_numbers_takes_every_code_the_description_gives_for_what_the_request_names() -> None:
    jobs = tool(
        "book_handyman",
        "Book a handyman.",
        {"job_ids": {"type": "array", "items": {"type": "integer"},
                     "description": "Jobs to do, e.g., 3 for tap repair, 7 for shelf mounting, etc."}},
        ("job_ids",),
    )  # fmt: skip
    assert call("Book a handyman for shelf mounting and a tap repair.", jobs) == ("book_handyman", {"job_ids": [7, 3]})


TRAINS = tool(
    "find_trains",
    "Find train journeys.",
    {
        "to_city": {"type": "string", "description": "Destination city."},
        "day": {"type": "string", "description": "Travel day, YYYY-MM-DD."},
        "seats": {"type": "integer", "description": "Seats to book."},
    },
    ("to_city", "day"),
)


def test_the_numbers_of_a_stated_today_or_of_a_date_are_no_other_parameter_s_values() -> None:
    _, args = call("Find trains to Lyon tomorrow. Today is May 3 of 2031.", TRAINS)
    assert args == {"to_city": "Lyon", "day": "2031-05-04"}
    _, args = call("Find trains to Lyon on the 2031 9th of June.", TRAINS)
    assert args == {"to_city": "Lyon", "day": "2031-06-09"}


FLATS = tool(
    "search_flats",
    "Search flats to rent or buy.",
    {
        "city": {"type": "string", "description": "City."},
        "deal": {"type": "string", "description": "Rent or buy.", "enum": ["rent", "buy"]},
        "number_of_beds": {"type": "integer", "description": "Bedrooms."},
        "number_of_baths": {"type": "integer", "description": "Bathrooms."},
    },
    ("city", "deal", "number_of_beds"),
)


def test_counts_written_as_compounds_and_enum_values_said_in_other_words() -> None:
    _, args = call("I'd like to purchase a three-bedroom, two-bathroom flat in Ghent.", FLATS)
    assert args == {"city": "Ghent", "deal": "buy", "number_of_beds": 3, "number_of_baths": 2}


def test_a_required_enum_value_is_named_by_the_word_only_it_has() -> None:
    tutors = tool(
        "find_tutor",
        "Find a tutor in a town.",
        {
            "town": {"type": "string", "description": "Town."},
            "subject": {"type": "string", "description": "What is taught.",
                        "enum": ["Pure Mathematics", "Classical Guitar", "Modern Languages"]},
        },
        ("town", "subject"),
    )  # fmt: skip
    _, args = call("I need a guitar teacher in Leeds.", tutors)
    assert args == {"town": "Leeds", "subject": "Classical Guitar"}


def test_a_range_from_0_to_100_is_no_probability_and_codes_may_be_said_to_represent_names() -> None:
    beats = tool(
        "keep_loud_notes",
        "Keep the loudest notes of a recording.",
        {
            "loudness_rank": {"type": "integer", "description": "Keep notes above this rank, from 0 to 100."},
            "instrument": {"type": "integer", "description": "'1' represents piano, '2' represents violin."},
        },
        ("loudness_rank", "instrument"),
    )
    _, args = call("Keep the loud violin notes, with a loudness rank of 85.", beats)
    assert args == {"loudness_rank": 85, "instrument": 2}


def test_a_required_integer_identifier_takes_the_number_written_as_an_id() -> None:
    members = tool(
        "member_card",
        "Show a club member's card.",
        {"member_id": {"type": "integer", "description": "The member."}},
        ("member_id",),
    )
    assert call("Show the club card of the member with the ID 4417.", members) == ("member_card", {"member_id": 4417})


def test_a_clock_time_with_a_dot_is_no_number_for_another_parameter_and_personal_means_private() -> None:
    visits = tool(
        "book_visit",
        "Book a home visit by a nurse.",
        {
            "start_time": {"type": "string", "description": "Start time, HH:MM."},
            "min_rating": {"type": "number", "description": "Lowest nurse rating to accept."},
            "share_private": {"type": "boolean", "description": "Share private notes with the nurse."},
        },
        ("start_time",),
    )
    _, args = call("Book a nurse visit at 11.00 a.m. and share my personal notes.", visits)
    assert args == {"start_time": "11:00", "share_private": True}


GUESTROOMS = tool(
    "book_guestroom",
    "Book a guest room in a town.",
    {
        "town": {"type": "string", "description": "Town name."},
        "guests": {"type": "integer", "description": "How many adults will stay.", "default": 0},
        "stars": {"type": "number", "description": "Lowest star rating.", "default": 0},
        "check_in": {"type": "string", "description": "Check-in day, YYYY-MM-DD."},
        "check_out": {"type": "string", "description": "Check-out day, YYYY-MM-DD."},
    },
    ("town",),
)


def test_how_many_people_a_request_is_for_said_in_words() -> None:
    _, args = call("A guest room in Oulu with at least 3.5 stars. It's just for myself.", GUESTROOMS)
    assert args["guests"] == 1 and args["stars"] == 3.5
    _, args = call("Book a guest room in Oulu for myself and two other adults.", GUESTROOMS)
    assert args["guests"] == 3
    _, args = call("Book a guest room in Oulu for me, 4 guests in all.", GUESTROOMS)
    assert args["guests"] == 4


def test_an_end_day_said_as_a_week_or_days_later_counts_from_the_start_day() -> None:
    _, args = call("Book a guest room in Oulu arriving on 2027-06-03 and leaving a week later.", GUESTROOMS)
    assert (args["check_in"], args["check_out"]) == ("2027-06-03", "2027-06-10")
    _, args = call("Book a guest room in Oulu arriving on 2027-06-03, leaving 4 days later.", GUESTROOMS)
    assert args["check_out"] == "2027-06-07"


def test_an_enum_s_none_value_is_chosen_when_the_request_says_there_is_none() -> None:
    soup = tool(
        "order_soup",
        "Order a soup.",
        {
            "soup": {"type": "string", "description": "The soup's name."},
            "spice_level": {"type": "string", "enum": ["none", "mild", "medium", "hot"], "default": "medium"},
        },
        ("soup",),
    )
    _, args = call("Order a lentil soup with no spice, please.", soup)
    assert args["spice_level"] == "none"
    _, args = call("Order a lentil soup, mild.", soup)
    assert args["spice_level"] == "mild"


def test_a_number_bounded_from_above_or_below_goes_to_the_max_or_min_parameter() -> None:
    homes = tool(
        "search_homes",
        "Search homes for sale.",
        {
            "city": {"type": "string", "description": "City name."},
            "min_price": {"type": "integer", "description": "Lowest price in dollars."},
            "max_price": {"type": "integer", "description": "Highest price in dollars."},
        },
        ["city"],
    )
    assert call("Homes in Austin under 400000 dollars", homes) == (
        "search_homes",
        {"city": "Austin", "max_price": 400000},
    )
    assert call("Homes in Austin for no more than $380,000", homes)[1]["max_price"] == 380000
    assert call("Homes in Austin over $250,000", homes)[1] == {"city": "Austin", "min_price": 250000}


TUTORS = tool(
    "find_tutors",
    "Find private tutors in a city.",
    {
        "city": {"type": "string", "description": "The city, e.g. Oslo."},
        "score": {"type": "number", "description": "The tutor's review score on a scale of 1 to 5.", "default": None},
        "min_age": {"type": "integer", "description": "The youngest tutor's age, or null.", "default": None},
        "max_age": {"type": "integer", "description": "The oldest tutor's age, or null.", "default": None},
        "level": {
            "type": "integer",
            "description": "Grade level taught. Example: 1 for primary, 2 for secondary.",
            "enum": [1, 2, 3],
            "default": None,
        },
    },
    ["city"],
)


def test_between_the_ages_of_x_and_y_gives_the_min_and_the_max_and_no_score_off_its_scale() -> None:
    assert call("Find a tutor in Oslo between the ages of 30 and 45.", TUTORS)[1] == {
        "city": "Oslo",
        "min_age": 30,
        "max_age": 45,
    }
    _, args = call("Find a tutor in Oslo with a score of at least 4, between the ages of 30 and 45.", TUTORS)
    assert (args["score"], args["min_age"], args["max_age"]) == (4, 30, 45)


def test_a_number_an_enum_of_numbers_takes_fills_no_other_parameter() -> None:
    assert call("Find a tutor in Oslo, level 2", TUTORS)[1] == {"city": "Oslo", "level": 2}


def test_a_flag_described_as_true_to_include_only_is_read_by_its_own_words_and_their_negation() -> None:
    plumbers = tool(
        "find_plumbers",
        "Find plumbers in a city.",
        {
            "city": {"type": "string", "description": "The city, e.g. Oslo."},
            "has_complaints": {
                "type": "boolean",
                "description": "Filter on a record of complaints. False to exclude such records, true to include "
                "only those with complaints.",
                "default": False,
            },
        },
        ["city"],
    )
    assert call("Find plumbers in Oslo with no complaints.", plumbers)[1] == {"city": "Oslo", "has_complaints": False}
    assert call("Find plumbers in Oslo who fix pipes, including boilers.", plumbers)[1] == {"city": "Oslo"}
    assert call("Find plumbers in Oslo, only those with complaints.", plumbers)[1]["has_complaints"] is True


def test_a_private_flag_is_set_when_the_request_says_nobody_should_see_it() -> None:
    gift = tool(
        "send_gift_card",
        "Send a gift card to a friend.",
        {
            "friend": {"type": "string", "description": "Who receives the card."},
            "private": {
                "type": "boolean",
                "description": "Whether the card's note is private (true) or public (false).",
                "default": False,
            },
        },
        ["friend"],
    )
    assert call("Send a gift card to Marta, I don't want anybody to see the note.", gift)[1]["private"] is True
    assert call("Send a gift card to Marta so everyone can see the note.", gift)[1]["private"] is False


def test_a_flag_that_excludes_a_kind_is_set_by_naming_the_kind_kept() -> None:
    boards = tool(
        "list_boards",
        "List the task boards of a workspace.",
        {
            "workspace": {"type": "string", "description": "The workspace's name."},
            "exclude_inactive": {
                "type": "boolean",
                "description": "If true, inactive boards are left out.",
                "default": False,
            },
        },
        ["workspace"],
    )
    assert call("Which are the active boards of the workspace Harbor?", boards)[1]["exclude_inactive"] is True
    assert call("List the inactive boards of the workspace Harbor.", boards)[1].get("exclude_inactive") is not True


def test_an_enum_beside_an_arrays_items_lists_the_items_said() -> None:
    gauges = tool(
        "read_gauges",
        "Read the latest values of a greenhouse's gauges.",
        {
            "greenhouse": {"type": "string", "description": "The greenhouse's name."},
            "kinds": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Which gauges to read; all of them when omitted.",
                "enum": ["light", "moisture", "wind", "pressure"],
            },
        },
        ["greenhouse"],
    )
    args = call("Read the light and moisture gauges in the greenhouse North.", gauges)[1]
    assert args["kinds"] == ["light", "moisture"]


def test_countries_joined_by_commas_are_items_of_a_list_not_a_place_and_its_country() -> None:
    leaders = tool(
        "head_of_state",
        "Name the heads of state of some countries.",
        {
            "nations": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Country names in full, such as 'Norway', 'New Zealand', and 'Kenya'.",
            }
        },
        ["nations"],
    )
    assert call("Who are the heads of state of Norway, Kenya, and Chile?", leaders)[1] == {
        "nations": ["Norway", "Kenya", "Chile"]
    }


def test_full_or_lowest_said_of_a_quantity_is_the_end_of_the_range_its_description_states() -> None:
    lamp = tool(
        "set_lamp",
        "Set the desk lamp.",
        {
            "brightness": {
                "type": "integer",
                "description": "Brightness from 1 (dim glow) to 10 (full brightness).",
                "default": 5,
            },
            "max_minutes": {"type": "integer", "description": "Switch off after this many minutes, 1 to 240."},
        },
    )
    assert call("Put the desk lamp on full brightness.", lamp)[1] == {"brightness": 10}
    assert call("Set the desk lamp to the lowest brightness.", lamp)[1] == {"brightness": 1}  # no 'max' minute
    assert call("Set the desk lamp to the maximum minutes of 30.", lamp)[1].get("brightness") is None


def test_a_rating_praised_without_a_number_is_high_on_the_scale_its_description_states() -> None:
    plumbers = tool(
        "find_plumbers",
        "Look up plumbers working in a town.",
        {
            "town": {"type": "string", "description": "The town to search in."},
            "min_score": {"type": "number", "description": "Lowest customer score, on a scale of 0 to 10."},
            "review_stars": {"type": "integer", "description": "Fewest review stars, from 1 to 5."},
            "radius_km": {"type": "number", "description": "Search radius, between 1 and 50 km."},
        },
        ["town"],
    )
    args = call("Find me a plumber in Leeds with a great customer score.", plumbers)[1]
    assert args == {"town": "Leeds", "min_score": 9.0}  # 10 less an eighth of the range, in half steps
    assert call("Which plumbers in Hull have highly rated reviews?", plumbers)[1].get("review_stars") == 5
    # a number said with the rating is its value, and praise of something else sets no rating
    assert call("A plumber in York with a high score of 7.5, please.", plumbers)[1].get("min_score") == 7.5
    assert "radius_km" not in call("A good plumber in Bath within a high radius.", plumbers)[1]


def test_a_colour_said_as_an_adjective_is_the_colour_parameters_value() -> None:
    catalogue = tool(
        "search_catalogue",
        "Search the shop's catalogue of goods.",
        {
            "colour": {"type": "string", "description": "Colour of the goods, e.g. 'Navy' or 'Olive'."},
            "size": {"type": "string", "description": "Size of the goods, if any."},
            "kind": {"type": "string", "description": "The kind of goods, such as 'scarves', 'boots' or 'mugs'."},
        },
        ["kind"],
    )
    boots = {"colour": "green", "size": "41", "kind": "boots"}
    assert call("Search for green boots in size 41.", catalogue)[1] == boots
    # spelled as the description writes it
    assert call("Search the catalogue for navy scarves.", catalogue)[1]["colour"] == "Navy"
    # a capitalised colour inside a sentence begins a name, not a colour
    assert "colour" not in call("Search the Black Forest range for mugs.", catalogue)[1]


def test_an_enum_value_of_several_words_is_named_by_its_words_in_other_forms() -> None:
    outings = tool(
        "plan_outing",
        "Plan an outing in a town.",
        {
            "town": {"type": "string", "description": "The town of the outing."},
            "venue": {
                "type": "string",
                "description": "What sort of place to go to.",
                "enum": ["Boating Lake", "Climbing Wall", "Performing Arts Venue", "Sports Venue", "dontcare"],
                "default": "dontcare",
            },
        },
        ["town"],
    )
    assert call("Plan an outing to a performance venue in Bruges.", outings)[1]["venue"] == "Performing Arts Venue"
    assert call("Plan an outing in Ghent to a climbing wall.", outings)[1]["venue"] == "Climbing Wall"
    assert call("Plan an outing in Ghent to a boat lake.", outings)[1]["venue"] == "Boating Lake"
    # the head word alone names no value of several
    assert "venue" not in call("Plan an outing to some venue in Bruges.", outings)[1]


def test_values_a_request_offers_as_choices_are_not_the_ones_it_chooses() -> None:
    sorter = tool(
        "tag_tickets",
        "Tag support tickets with topics.",
        {
            "topics": {
                "type": "array",
                "items": {"type": "string", "enum": ["Billing", "Login", "Shipping"]},
                "description": "The topics of the tickets.",
            }
        },
        ["topics"],
    )
    assert call("Tag the tickets with the topics Billing and Login.", sorter)[1] == {"topics": ["Billing", "Login"]}
    offered = "Tag each ticket with its topic, one of the list of topics: ['Billing', 'Login', 'Shipping']."
    plan = plan_response([user_text_item(offered)], [sorter], today=TODAY)
    assert not isinstance(plan, FunctionCallPlan) or "topics" not in json.loads(plan.arguments)


def test_a_number_goes_to_the_setting_named_for_the_mode_the_request_says_over_the_general_one() -> None:
    oven = tool(
        "set_oven",
        "Set the oven.",
        {
            "settings": {
                "type": "object",
                "description": "Oven settings.",
                "properties": {
                    "mode": {"type": "string", "enum": ["BAKE", "GRILL", "FAN"], "description": "Cooking mode."},
                    "grillTargetHeat": {"type": "integer", "description": "Heat for grilling in degrees, 100 to 250."},
                    "targetHeat": {"type": "integer", "description": "The general target heat in degrees, 100 to 250."},
                },
            }
        },
        ["settings"],
    )
    said = "Put the oven on grill mode with a heat of 220 degrees"
    assert call(said, oven)[1] == {"settings": {"mode": "GRILL", "grillTargetHeat": 220}}
    said = "Put the oven on bake mode with a heat of 180 degrees"
    assert call(said, oven)[1] == {"settings": {"mode": "BAKE", "targetHeat": 180}}


GLAMPING = tool(
    "find_glamping",
    "Look for glamping sites near a lake.",
    {
        "lake": {"type": "string", "description": "The lake to camp near."},
        "comfort": {
            "type": "string",
            "description": "Comfort class of the site, from 1 to 4 leaves.",
            "enum": ["1", "2", "3", "4", "dontcare"],
            "default": "dontcare",
        },
        "tents": {"type": "integer", "description": "How many tents to book.", "default": 1},
    },
    ("lake",),
)


def test_a_number_counting_another_thing_names_no_numeral_enum_value() -> None:
    assert call("Look for glamping near Lake Saimaa with 2 tents", GLAMPING)[1] == {"lake": "Lake Saimaa", "tents": 2}
    assert call("Glamping at Lake Saimaa, 3 leaves, 1 tent please", GLAMPING)[1] == {
        "lake": "Lake Saimaa", "comfort": "3", "tents": 1}  # fmt: skip
    assert call("Find glamping at Lake Saimaa rated 2 leaves", GLAMPING)[1] == {"lake": "Lake Saimaa", "comfort": "2"}


def test_a_length_of_time_is_no_count_of_things() -> None:
    assert call("Look for glamping at Lake Saimaa for 3 nights", GLAMPING)[1] == {"lake": "Lake Saimaa"}
    assert call("Find glamping at Lake Saimaa for the coming weekend", GLAMPING)[1] == {"lake": "Lake Saimaa"}
    two_tents = call("Find glamping at Lake Saimaa, 2 tents for 4 nights", GLAMPING)[1]
    assert two_tents == {"lake": "Lake Saimaa", "tents": 2}


HAT_SHOP = tool(
    "search_hats",
    "Search the hat shop.",
    {
        "size": {"type": "string", "description": "Hat size, e.g. '7' or 'M'."},
        "min_price": {"type": "number", "description": "Lowest price in euros.", "default": 0.0},
    },
)
FTP_SERVER = tool(
    "add_ftp_server",
    "Register an FTP server.",
    {
        "host": {"type": "string", "description": "Host name."},
        "port": {"type": "integer", "description": "Port number the server listens on.", "default": 21},
        "passcode": {"type": "string", "description": "Login passcode."},
    },
    ("host", "passcode"),
)


def test_a_number_right_after_a_string_parameter_s_name_is_that_parameter_s() -> None:
    assert call("Do you have hats in size 7?", HAT_SHOP)[1] == {"size": "7"}
    registered = call("Register FTP server 'files.example.org' with a strong passcode 998877.", FTP_SERVER)[1]
    assert registered == {"host": "files.example.org", "passcode": "998877"}
    assert call("Do you have hats in size 7 from 20 euros?", HAT_SHOP)[1] == {"size": "7", "min_price": 20}


MARKETS = tool(
    "find_markets",
    "Find farmers' markets near a town.",
    {
        "town": {"type": "string", "description": "Town."},
        "limit": {"type": "integer", "description": "The maximum number of markets to return.", "default": 5},
    },
    ("town",),
)


def test_a_superlative_asks_for_one_only_when_the_noun_phrase_it_opens_ends_singular() -> None:
    assert call("Find me the nearest Saturday markets near Leeds please", MARKETS)[1] == {"town": "Leeds"}
    assert call("Find me the nearest Saturday market near Leeds", MARKETS)[1] == {"town": "Leeds", "limit": 1}


PICTURE_QA = tool(
    "answer_about_picture",
    "Answer a question about a picture with a pretrained vision model.",
    {
        "picture_path": {"type": "string", "description": "Path to the picture, like 'photos/trip/cat.jpg'."},
        "question": {"type": "string", "description": "The question about the picture."},
        "model": {"type": "string", "description": "The pretrained model that answers."},
    },
    ("picture_path", "question", "model"),
)
FOLDER_LISTING = tool(
    "list_folder",
    "List the files in a folder.",
    {"folder": {"type": "string", "description": "The folder to list."}},
    ("folder",),
)


def test_an_owner_slash_name_identifier_is_kept_whole_and_still_serves_a_folder() -> None:
    asked = "Use the model acme/picreader-v2 on 'cat.jpg' and ask: what is on the table?"
    assert call(asked, PICTURE_QA)[1]["model"] == "acme/picreader-v2"
    assert call(asked, PICTURE_QA)[1]["picture_path"] == "cat.jpg"
    assert call("List what is in the folder docs/guides please", FOLDER_LISTING)[1] == {"folder": "docs/guides"}


COFFEE_FINDER = tool(
    "find_coffee",
    "Recommend a coffee by its profile.",
    {
        "flavour": {"type": "string", "description": "The flavour wanted, such as 'sweet', 'nutty', 'bitter'."},
        "roast": {"type": "string", "description": "The roast, such as 'light', 'medium', 'dark'."},
    },
    ("flavour", "roast"),
)


def test_an_adverb_of_degree_stays_with_the_example_value_it_qualifies() -> None:
    asked = "I'd like a dark roast coffee with a slightly nutty flavour"
    assert call(asked, COFFEE_FINDER)[1] == {"flavour": "slightly nutty", "roast": "dark"}
    assert call("a light roast, flavour: sweet", COFFEE_FINDER)[1] == {"flavour": "sweet", "roast": "light"}


DRINK_LOG = tool(
    "log_drink",
    "Logs a drink with its amount.",
    {
        "drink_name": {"type": "string", "description": "The name of the drink to log."},
        "amount": {"type": "number", "description": "How much was drunk, in the unit given."},
        "unit": {
            "type": "string",
            "description": "The unit of the amount.",
            "enum": ["millilitres", "ounces", "cups"],
            "default": "millilitres",
        },
        "occasion": {"type": "string", "description": "When it was drunk, such as 'breakfast', 'lunch' or 'dinner'."},
    },
    ("drink_name", "amount", "occasion"),
)


def test_a_measure_s_size_word_is_not_the_thing_measured_and_the_unit_is_the_one_said_with_the_number() -> None:
    asked = "I had a large cup of orange juice at breakfast. Please log that I drank 12 ounces of orange juice then."
    logged = {"drink_name": "orange juice", "amount": 12, "unit": "ounces", "occasion": "breakfast"}
    assert call(asked, DRINK_LOG)[1] == logged
    assert call("Log 2 cups of green tea for lunch", DRINK_LOG)[1] == {
        "drink_name": "green tea", "amount": 2, "unit": "cups", "occasion": "lunch"
    }  # fmt: skip
