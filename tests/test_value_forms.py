"""Values with a written form of their own, read the way each schema asks for them.

Each family here is English notation rather than any one tool: musical keys and notes, website domains, a
default a description states, hyphenated modifiers ('diesel-powered'), words for a gender, and abbreviations of
a flag's words. The tools and phrasings are this file's own.
"""

from __future__ import annotations

from datetime import date

from helpers import function_tool as tool
from helpers import planned_call

TODAY = date(2026, 3, 12)
STRING = {"type": "string"}
INTEGER = {"type": "integer"}


def call(text: str, *tools: dict) -> dict:
    return planned_call(text, *tools, today=TODAY)[1]


TUNE = tool(
    "compose_tune",
    "Compose a short tune.",
    {"key": {**STRING, "description": "Key of the tune, e.g. 'G' for G major."},
     "first_note": {**STRING, "description": "Opening note in scientific pitch notation, e.g. 'A3'."},
     "bars": {**INTEGER, "description": "Number of bars."}},
    ("key", "first_note", "bars"),
)  # fmt: skip
CHORDS = tool(
    "chords_of_key",
    "The chords of a musical key.",
    {"tonic": {**STRING, "description": "The key's tonic note."},
     "mode": {**STRING, "description": "Major or minor.", "default": "major"}},
    ("tonic",),
)  # fmt: skip
PLAYLIST = tool(
    "practice_scales",
    "Plan scale practice.",
    {"scale": {**STRING, "description": "The scale to practise, e.g. D Minor."},
     "minutes": {**INTEGER, "description": "Practice time in minutes."}},
    ("scale", "minutes"),
)  # fmt: skip


def test_musical_keys_and_notes_take_the_form_the_schema_shows() -> None:
    assert call("Write a tune in D major scale opening on the note F5, 8 bars long", TUNE) == {
        "key": "D", "first_note": "F5", "bars": 8,
    }  # fmt: skip
    assert call("Which chords belong to F sharp minor?", CHORDS) == {"tonic": "F#", "mode": "minor"}
    assert call("What are the chords in Bb major?", CHORDS) == {"tonic": "Bb", "mode": "major"}
    assert call("Plan 20 minutes of practice on the E minor scale", PLAYLIST) == {"scale": "E Minor", "minutes": 20}


def test_a_required_number_the_request_leaves_out_takes_the_default_its_description_states() -> None:
    dice = tool(
        "dice_odds",
        "Odds of rolling doubles with dice.",
        {"dice": {**INTEGER, "description": "How many dice are rolled. Default is 2."},
         "sides": {**INTEGER, "description": "Faces per die, defaults to 6."}},
        ("dice", "sides"),
    )  # fmt: skip
    assert call("What are the odds of rolling doubles?", dice) == {"dice": 2, "sides": 6}
    assert call("What are the odds of rolling doubles with 20-sided dice?", dice)["sides"] == 20


def test_a_bare_domain_is_a_website() -> None:
    reviews = tool(
        "site_reviews",
        "Reviews of a product on a shopping website.",
        {"site": {**STRING, "description": "The website with the reviews."},
         "product": {**STRING, "description": "The product."}},
        ("site", "product"),
    )  # fmt: skip
    assert call("Show reviews of kettles on shopmart.co.uk", reviews) == {
        "site": "shopmart.co.uk", "product": "kettles",
    }  # fmt: skip


def test_a_hyphenated_modifier_names_the_value_of_its_second_word() -> None:
    party = tool(
        "plan_party",
        "Plan a party.",
        {"theme": {**STRING, "description": "The party's theme."}, "guests": {**INTEGER, "description": "Guests."}},
        ("theme", "guests"),
    )  # fmt: skip
    assert call("Plan a pirate-themed party for 12 guests", party) == {"theme": "pirate", "guests": 12}
    truck = tool(
        "truck_emissions",
        "Yearly emissions of a truck.",
        {"power_source": {**STRING, "description": "What powers the truck."},
         "miles": {**INTEGER, "description": "Miles a year."}},
        ("power_source", "miles"),
    )  # fmt: skip
    assert call("Emissions of a diesel-powered truck driven 30000 miles a year", truck) == {
        "power_source": "diesel", "miles": 30000,
    }  # fmt: skip


def test_words_for_a_gender_fill_a_gender_in_the_schemas_spelling() -> None:
    ranking = tool(
        "chess_ranking",
        "Top-ranked chess players.",
        {"country": {**STRING, "description": "The country."},
         "gender": {**STRING, "description": "Players' gender.", "default": "men"}},
        ("country",),
    )  # fmt: skip
    assert call("Who are the best women chess players in India?", ranking) == {"country": "India", "gender": "women"}
    patients = tool(
        "patient_count",
        "Count patients in a ward.",
        {"ward": {**STRING, "description": "The ward."},
         "sex": {**STRING, "description": "'male' or 'female'."}},
        ("ward",),
    )  # fmt: skip
    assert call("How many male patients are in the cardiology ward?", patients) == {"ward": "cardiology", "sex": "male"}


def test_how_often_becomes_a_count_per_the_period_the_schema_names() -> None:
    savings = tool(
        "savings_growth",
        "Growth of savings with compound interest.",
        {"deposit": {**INTEGER, "description": "Money put in."},
         "years": {**INTEGER, "description": "Years saved."},
         "compounds": {**INTEGER, "description": "How many times interest is compounded per year."}},
        ("deposit", "years", "compounds"),
    )  # fmt: skip
    assert call("How much will 800 dollars grow to in 7 years compounded monthly?", savings) == {
        "deposit": 800, "years": 7, "compounds": 12,
    }  # fmt: skip
    pills = tool(
        "dose_plan",
        "Plan doses of a medicine.",
        {"doses_per_day": {**INTEGER, "description": "Doses a day."},
         "days": {**INTEGER, "description": "Days of treatment."}},
        ("doses_per_day", "days"),
    )  # fmt: skip
    assert call("Plan a dose every 8 hours for 10 days", pills) == {"doses_per_day": 3, "days": 10}


def test_one_counts_the_noun_after_it() -> None:
    table = tool(
        "reserve_table",
        "Reserve a restaurant table.",
        {"adults": {**INTEGER, "description": "Adults."}, "kids": {**INTEGER, "description": "Children."}},
        ("adults", "kids"),
    )  # fmt: skip
    assert call("Reserve a table for three adults and one kid", table) == {"adults": 3, "kids": 1}


def test_an_hourly_rate_is_an_amount_not_a_frequency() -> None:
    wage = tool(
        "weekly_pay",
        "Pay for a week of work.",
        {"pay_per_hour": {"type": "number", "description": "Pay per hour in dollars."},
         "hours": {"type": "number", "description": "Hours worked."}},
        ("pay_per_hour", "hours"),
    )  # fmt: skip
    assert call("Weekly pay at an hourly rate of $18 for 40 hours", wage) == {"pay_per_hour": 18, "hours": 40}


def test_a_flag_named_by_an_abbreviation_is_set_by_the_full_word() -> None:
    card = tool(
        "player_card",
        "A player's card.",
        {"player": {**STRING, "description": "The player's name."},
         "show_avg": {"type": "boolean", "description": "Show the player's averages. Default false."}},
        ("player",),
    )  # fmt: skip
    assert call("Show the player card of Sam Jones including the averages", card) == {
        "player": "Sam Jones", "show_avg": True,
    }  # fmt: skip


def test_the_phrase_after_about_or_related_to_is_the_topic() -> None:
    posts = tool(
        "search_posts",
        "Search blog posts.",
        {"topic": {**STRING, "description": "What the posts are on."},
         "language": {**STRING, "description": "Language of the posts."}},
        ("topic",),
    )  # fmt: skip
    assert call("Search posts by amateur bakers about sourdough starters", posts) == {"topic": "sourdough starters"}
    assert call("Search Spanish blog posts related to urban cycling", posts) == {
        "topic": "urban cycling", "language": "Spanish",
    }  # fmt: skip


def test_a_clock_time_fills_no_duration_in_minutes() -> None:
    # Before: 'at 3 pm' gave duration_minutes 0 (the clock's minutes), though the request says nothing of a length.
    event = tool(
        "create_event",
        "Create a calendar event.",
        {"title": STRING, "date": {**STRING, "format": "date"}, "start_time": {**STRING, "description": "HH:MM"},
         "duration_minutes": {**INTEGER, "description": "Length in minutes", "default": 30}},
        ("title", "date", "start_time"),
    )  # fmt: skip
    args = call("Schedule a meeting called Budget review tomorrow at 3 pm", event)
    assert {k: args[k] for k in ("title", "date", "start_time")} == {
        "title": "Budget review", "date": "2026-03-13", "start_time": "15:00"
    }  # fmt: skip
    assert args.get("duration_minutes", 30) == 30  # left out, or its default
    assert (
        call("Schedule a meeting called Budget review tomorrow at 3 pm for 45 minutes", event)["duration_minutes"] == 45
    )


def test_an_all_digit_zip_code_is_not_split_like_a_uk_postcode() -> None:
    # Before: '12345' came back as '12 345' (the last three characters set apart as a UK inward code).
    address = tool(
        "deliver",
        "Deliver a parcel.",
        {"street": STRING, "city": STRING, "postcode": {**STRING, "description": "Postal code"}},
        ("street", "city", "postcode"),
    )
    assert call("Deliver it to 12 Main Street, Springfield 12345", address)["postcode"] == "12345"
    assert call("Deliver it to 10 Downing Street, London SW1A 2AA", address)["postcode"] == "SW1A 2AA"
