"""Which words of a request fill a string parameter: qualified places in the form the schema shows, city
nicknames for a city, people's names after 'directed by' / 'starring', the value after its label, whole values.

Each request is typed text for a tool defined here, planned with `plan_response` (milliseconds per case).
"""

from __future__ import annotations

from datetime import date

import pytest
from helpers import function_tool as tool
from helpers import planned_call

TODAY = date(2026, 3, 12)
STRING = {"type": "string"}


def call(text: str, *tools: dict) -> tuple[str, dict]:
    return planned_call(text, *tools, today=TODAY)


def _place_tool(description: str) -> dict:
    return tool(
        "find_bike_shop",
        "Find bicycle repair shops in a town.",
        {"town": {**STRING, "description": description}},
        ("town",),
    )


US_CODED = "The town to search, in the form 'City, State' with the state abbreviated, for example 'Austin, TX'."
COUNTRY_CODED = (
    "The town to search: 'City, State' in the United States, else 'City, Country', for example 'Denver, CO' "
    "or 'Lyon, FR'."
)


@pytest.mark.parametrize(
    ("request_text", "description", "expected"),
    [
        # The qualifier written after the city belongs to the value a 'City, ST' schema asks for.
        ("Find a bicycle repair shop in Boulder, CO", US_CODED, "Boulder, CO"),
        ("I'm in Flagstaff, AZ, find bicycle repair shops", US_CODED, "Flagstaff, AZ"),
        # The description's examples are whole values ('Eugene, OR'), not the state code alone.
        ("Find bicycle repair shops in Bend, OR", "The town, such as 'Eugene, OR' or 'Boise, ID'.", "Bend, OR"),
        # A country written out where the schema shows two-letter codes.
        ("Find bicycle repair shops in Madrid, Spain", COUNTRY_CODED, "Madrid, ES"),
        # A state written out where the schema shows its code.
        ("Find a bike shop in Denver, Colorado", US_CODED, "Denver, CO"),
    ],
)
def test_qualified_place_in_the_schemas_form(request_text: str, description: str, expected: str) -> None:
    _, args = call(request_text, _place_tool(description))
    assert args["town"] == expected


def test_a_country_spelled_out_in_the_form_stays_a_name() -> None:
    description = "The town, in the format of 'City, State' or 'City, Country'."
    _, args = call("Find bicycle repair shops in Lisbon, Portugal", _place_tool(description))
    assert args["town"] == "Lisbon, Portugal"


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("How much snow will fall in Philly tomorrow?", "Philadelphia"),
        ("snowfall forecast for SF please", "San Francisco"),
    ],
)
def test_city_nickname_gives_the_citys_name(request_text: str, expected: str) -> None:
    weather = tool(
        "snow_forecast",
        "Snowfall forecast.",
        {"city": {**STRING, "description": "The name of the city to forecast."}},
        ("city",),
    )
    _, args = call(request_text, weather)
    assert args["city"] == expected


def test_a_district_of_a_city_is_kept_as_said() -> None:
    weather = tool(
        "snow_forecast",
        "Snowfall forecast.",
        {"city": {**STRING, "description": "The name of the city to forecast."}},
        ("city",),
    )
    _, args = call("How much snow will fall in Brooklyn tomorrow?", weather)
    assert args["city"] == "Brooklyn"


FILMS = tool(
    "search_films",
    "Search a film catalogue by director and cast.",
    {
        "directed_by": {**STRING, "description": "Full name of the film's director, or 'any'.", "default": "any"},
        "cast": {**STRING, "description": "Full name of an actor or actress in the film, or 'any'.", "default": "any"},
    },
)


@pytest.mark.parametrize(
    ("request_text", "director", "actor"),
    [
        # The film is what was directed; the director is the name after 'by'.
        ("Search the catalogue: I want to watch a film directed by Agnes Varda", "Agnes Varda", "any"),
        ("Search for films directed by Mira Nair with Irrfan Khan in the cast", "Mira Nair", "Irrfan Khan"),
        ("Search for films directed by Sofia Coppola and featuring Bill Nighy", "Sofia Coppola", "Bill Nighy"),
        # A double-barrelled surname is part of the name, not a code.
        ("Search for films starring Phoebe Waller-Bridge", "any", "Phoebe Waller-Bridge"),
    ],
)
def test_people_named_after_directed_by_and_starring(request_text: str, director: str, actor: str) -> None:
    _, args = call(request_text, FILMS)
    assert (args.get("directed_by", "any"), args.get("cast", "any")) == (director, actor)


def test_a_name_introduced_with_i_am_is_the_name_alone() -> None:
    checkin = tool(
        "check_in",
        "Check a passenger in for a flight.",
        {"passenger_name": {**STRING, "description": "The passenger's name."}, "flight": STRING},
        ("passenger_name",),
    )
    _, args = call("Hi, I am Tomasz. Check me in for flight LO281", checkin)
    assert args["passenger_name"] == "Tomasz"


SHIPMENTS = tool(
    "link_parcel",
    "Link a parcel to a warehouse shelf.",
    {
        "parcel": {**STRING, "description": "The UUID of the parcel."},
        "shelf": {**STRING, "description": "The UUID of the shelf."},
    },
    ("parcel", "shelf"),
)


@pytest.mark.parametrize(
    ("request_text", "parcel", "shelf"),
    [
        # 'UUID' and 'ID' label the value written after them.
        ("Link parcel UUID QX77310Z with the shelf ID S-0042-B", "QX77310Z", "S-0042-B"),
        # What the value is linked 'to' is another thing, not its label.
        ("Link parcel with ID 'pk-991' to the shelf with ID 'sh-17'", "pk-991", "sh-17"),
    ],
)
def test_a_label_is_not_the_value_after_it(request_text: str, parcel: str, shelf: str) -> None:
    _, args = call(request_text, SHIPMENTS)
    assert (args["parcel"], args["shelf"]) == (parcel, shelf)


def test_a_hyphenated_identifier_is_kept_whole() -> None:
    exports = tool(
        "list_job_runs",
        "List the runs of a scheduled job.",
        {"jobId": {**STRING, "description": "The identifier of the job."}},
        ("jobId",),
    )
    _, args = call("List the runs for my job using the identifier 'nightly-job-id'", exports)
    assert args["jobId"] == "nightly-job-id"


def test_a_street_address_is_kept_with_its_city_state_and_country() -> None:
    taxi = tool(
        "book_taxi",
        "Book a taxi pick-up.",
        {"pickup": {**STRING, "description": "Pick-up point, in the format 'Street Address, City, State, Country'."}},
        ("pickup",),
    )
    _, args = call("Book a taxi pick-up at 48 Juniper Lane, Eugene, OR, USA in ten minutes", taxi)
    assert args["pickup"] == "48 Juniper Lane, Eugene, OR, USA"


def test_a_place_ends_where_its_sentence_ends() -> None:
    forecast = tool(
        "pollen_forecast",
        "Pollen forecast for a place.",
        {"place": {**STRING, "description": "The place, as 'City, Country'."}},
        ("place",),
    )
    _, args = call("What is the pollen forecast in Porto, Portugal. I have allergies.", forecast)
    assert args["place"] == "Porto, Portugal"


def test_a_text_after_its_label_runs_to_the_end_of_the_clause() -> None:
    notes = tool(
        "shopping_list",
        "Add or remove an entry of the shopping list.",
        {
            "action": {**STRING, "enum": ["add", "remove"], "description": "What to do with the entry."},
            "content": {**STRING, "description": "The text of the entry."},
        },
        ("action", "content"),
    )
    _, args = call("remove shopping list entry with content - buy oat milk", notes)
    assert args == {"action": "remove", "content": "buy oat milk"}


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        # A state written after the city without a comma is still its qualifier.
        ("Find bicycle repair shops in Boise Idaho", "Boise, ID"),
        # A name that holds its state already is not qualified twice.
        ("Find bicycle repair shops in Washington D.C.", "Washington D.C."),
    ],
)
def test_city_and_state_without_a_comma(request_text: str, expected: str) -> None:
    _, args = call(request_text, _place_tool(US_CODED))
    assert args["town"] == expected
