"""Values with a written form of their own, read the way each schema asks for them.

Each family here is English notation rather than any one tool: musical keys and notes, website domains, a
default a description states, hyphenated modifiers ('diesel-powered'), words for a gender and a music genre,
how often something happens, things counted in a list, quantities in two units, clock hours, multiples of pi,
abbreviations of a flag's words, listed enum values, ranges and restated dates. The tools and phrasings are
this file's own.
"""

from __future__ import annotations

from datetime import date

from helpers import function_tool, planned_call

TODAY = date(2026, 3, 12)
STRING = {"type": "string"}
INTEGER = {"type": "integer"}


def tool(name: str, description: str, properties: dict, required: tuple[str, ...] = ()) -> dict:
    return function_tool(name, description, properties, required)


def call(text: str, *tools: dict) -> dict:
    return planned_call(text, list(tools), TODAY)[1]


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


def test_a_genre_parameter_takes_the_genre_named_not_the_words_around_it() -> None:
    gigs = tool(
        "find_gigs",
        "Find live music gigs.",
        {"city": {**STRING, "description": "The city."}, "genre": {**STRING, "description": "Music genre."}},
        ("city", "genre"),
    )  # fmt: skip
    assert call("Find gigs in Austin where bands play blues music", gigs) == {"city": "Austin", "genre": "blues"}
    assert call("Find hip hop gigs in Atlanta", gigs) == {"city": "Atlanta", "genre": "hip hop"}


def test_things_counted_in_a_list_fill_parallel_item_and_quantity_arrays() -> None:
    basket = tool(
        "grocer_basket_total",
        "Total price of a basket at GreenGrocer.",
        {"products": {"type": "array", "items": STRING, "description": "Products in the basket."},
         "amounts": {"type": "array", "items": INTEGER, "description": "How many of each product."},
         "branch": {**STRING, "description": "Store branch (optional)."}},
        ("products", "amounts"),
    )  # fmt: skip
    assert call("Total for four cans of tomato soup, 2 lemons and a dozen eggs at GreenGrocer", basket) == {
        "products": ["tomato soup", "lemons", "eggs"], "amounts": [4, 2, 12],
    }  # fmt: skip


def test_a_quantity_in_two_units_is_one_value() -> None:
    bmi = tool(
        "bmi",
        "Body mass index.",
        {"weight": {"type": "number", "description": "Weight in kilograms."},
         "height": {"type": "number", "description": "Height in centimeters."}},
        ("weight", "height"),
    )  # fmt: skip
    assert call("What is the BMI for 70 kg at 6 feet 1 inch?", bmi) == {"weight": 70, "height": 185.42}
    risk = tool(
        "risk_score",
        "Health risk score.",
        {"weight": {**INTEGER, "description": "Weight in pounds."}, "height": {**INTEGER, "description": "Inches."}},
        ("weight", "height"),
    )  # fmt: skip
    assert call("Risk score for someone weighing 180lbs with height 6ft 2in", risk) == {"weight": 180, "height": 74}
    assert call("Risk score at 200 lb, 5'11\"", risk) == {"weight": 200, "height": 71}
    film = tool(
        "films_by_length",
        "Films shorter than a length.",
        {"max_minutes": {**INTEGER, "description": "Longest running time in minutes."}},
        ("max_minutes",),
    )  # fmt: skip
    assert call("Films under 1 hour and 45 minutes", film) == {"max_minutes": 105}


def test_a_clock_time_fills_an_hour_in_the_format_the_description_names() -> None:
    bars = tool(
        "find_bars",
        "Find bars in a city.",
        {"city": {**STRING, "description": "City."},
         "closing_hour": {**INTEGER, "description": "Latest closing hour, on a 24-hour clock."}},
        ("city",),
    )  # fmt: skip
    assert call("Find bars in Dublin open until 10 pm", bars) == {"city": "Dublin", "closing_hour": 22}


def test_multiples_of_pi_and_the_decimal_places_a_description_asks_for() -> None:
    arc = tool(
        "arc_length",
        "Length of a circular arc.",
        {"radius": {"type": "number", "description": "Radius in metres."},
         "angle": {"type": "number", "description": "Angle in radians, to three decimal places."}},
        ("radius", "angle"),
    )  # fmt: skip
    assert call("Arc length for a radius of 4 m and an angle of 0.5 pi", arc) == {"radius": 4, "angle": 1.571}


def test_listed_enum_values_are_each_named_once_and_not_inside_a_name() -> None:
    gallery = tool(
        "gallery_info",
        "Information about an art gallery.",
        {"gallery": {**STRING, "description": "Gallery name."},
         "topics": {"type": "array", "items": {**STRING, "enum": ["portrait", "hours", "tickets", "cafe"]},
                    "description": "What to report."}},
        ("gallery", "topics"),
    )  # fmt: skip
    assert call("Tell me the hours and tickets of the National Portrait Gallery", gallery) == {
        "gallery": "National Portrait Gallery", "topics": ["hours", "tickets"],
    }  # fmt: skip
    shop = tool(
        "bike_shops",
        "Find bike shops.",
        {"city": {**STRING, "description": "City."},
         "services": {"type": "array", "items": {**STRING, "enum": ["Wheel Repair", "Fitting", "Rental"]}},
         "sells": {"type": "array", "items": {**STRING, "enum": ["Wheels", "Helmets", "Bikes"]}}},
        ("city",),
    )  # fmt: skip
    assert call("Find a shop in Utrecht that sells helmets and does wheel repair", shop) == {
        "city": "Utrecht", "services": ["Wheel Repair"], "sells": ["Helmets"],
    }  # fmt: skip


def test_few_before_a_flags_words_means_no() -> None:
    profile = tool(
        "personality_profile",
        "Personality profile from traits.",
        {"sociable": {"type": "boolean", "description": "Enjoys company."},
         "hobbies": {"type": "boolean", "description": "Has many hobbies."}},
        ("sociable", "hobbies"),
    )  # fmt: skip
    assert call("Make my personality profile: I'm sociable and have few hobbies", profile) == {
        "sociable": True, "hobbies": False,
    }  # fmt: skip
    assert call("Make my personality profile: I'm sociable and have a few hobbies", profile)["hobbies"] is True


def test_a_range_fills_an_object_with_min_and_max() -> None:
    cars = tool(
        "find_used_cars",
        "Find used cars for sale.",
        {"make": {**STRING, "description": "Car make."},
         "price": {"type": "object", "description": "Price range.",
                   "properties": {"min": {"type": "number", "description": "Minimum price."},
                                  "max": {"type": "number", "description": "Maximum price."}}}},
        ("make", "price"),
    )  # fmt: skip
    assert call("Find a used Toyota priced from $8,000 to $12,500", cars) == {
        "make": "Toyota", "price": {"min": 8000, "max": 12500},
    }  # fmt: skip


def test_a_date_restating_a_relative_day_wins() -> None:
    forecast = tool(
        "pollen_forecast",
        "Pollen forecast for a city and day.",
        {"city": {**STRING, "description": "City."}, "day": {**STRING, "description": "Day as YYYY-MM-DD."}},
        ("city", "day"),
    )  # fmt: skip
    assert call("Pollen forecast for Madrid for next Friday, April 9 2027", forecast) == {
        "city": "Madrid", "day": "2027-04-09",
    }  # fmt: skip
    assert call("Pollen forecast for Madrid tomorrow (Sept3 2026)", forecast)["day"] == "2026-09-03"
