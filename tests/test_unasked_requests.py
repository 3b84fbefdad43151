"""Requests the stand-in model used to answer with no call: the tool is right there, but the request's wording hid
what it asks (an imperative after a framing sentence, a verb written in two words). Made-up tools, typed text."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.responder import FunctionCallPlan, MessagePlan, plan_response
from rtkit.local.model.topic import fits
from rtkit.realtime import protocol

STRING = {"type": "string"}


def answer(text: str, *tools: dict) -> FunctionCallPlan | MessagePlan:
    return plan_response([protocol.user_text_item(text)], list(tools))


NUMBER = {"type": "number"}

KILN = tool(
    "kiln_fire",
    "Fire the kiln at a given temperature for a number of hours.",
    {"temperature": {**NUMBER, "description": "Temperature in degrees Celsius."},
     "hours": {**NUMBER, "description": "How long to fire, in hours."}},
    ("temperature", "hours"),
)  # fmt: skip
LAMP = tool(
    "lamp_dim",
    "Dim a lamp to a brightness level.",
    {"lamp": {**STRING, "description": "Name of the lamp."}, "level": {**NUMBER, "description": "Brightness, 0-100."}},
    ("lamp", "level"),
)
TRACKER = tool(
    "set_marker",
    "Places a named marker on the map at given coordinates.",
    {"label": {**STRING, "description": "The marker's label."}, "lat": NUMBER, "lon": NUMBER},
    ("label", "lat", "lon"),
)


def test_an_imperative_after_a_colon_is_what_the_request_asks() -> None:
    # the first clause only frames; the imperative after the colon names the tool's thing
    request = "Use whichever tool fits this instruction: Place the marker 'dock' at 12.5, 40.25"
    name, values = planned_call(request, TRACKER, LAMP)
    assert name == "set_marker"
    assert values["label"] == "dock"


def test_an_imperative_sentence_after_context_is_asked() -> None:
    request = "We are glazing mugs today. Heat the kiln to 1200 degrees for 8 hours."
    assert fits(request, KILN)
    name, values = planned_call(request, KILN, LAMP)
    assert name == "kiln_fire"
    assert values == {"temperature": 1200, "hours": 8}


def test_a_statement_opening_with_a_noun_still_asks_nothing() -> None:
    # 'The kiln ...' is a subject, not a verb with its object: a remark, no call
    assert isinstance(answer("The kiln was too hot.", KILN), MessagePlan)


WEB = tool(
    "web_lookup",
    "Find current information by searching the internet for keywords.",
    {"keywords": {**STRING, "description": "The words to search for."}},
    ("keywords",),
)
FORECAST = tool(
    "forecast_now",
    "Gives the current weather information for a town.",
    {"town": {**STRING, "description": "The town, e.g. 'Leeds'."}},
    ("town",),
)


def test_who_someone_is_is_a_question_for_a_web_search() -> None:
    name, values = planned_call("who is hedy lamarr?", WEB, FORECAST, LAMP)
    assert name == "web_lookup"
    assert "hedy lamarr" in values["keywords"].lower()


def test_who_someone_is_asks_nothing_of_tools_that_do_not_search_the_web() -> None:
    assert isinstance(answer("who is hedy lamarr?", FORECAST, LAMP), MessagePlan)


CABIN = tool(
    "cabin_reserve",
    "Reserve a cabin at a campsite.",
    {"campsite": {**STRING, "description": "Name of the campsite."},
     "arrival": {**STRING, "description": "Arrival day, 'YYYY-MM-DD'."},
     "length_of_stay": {"type": "integer", "description": "How long the stay lasts, in days."}},
    ("campsite", "arrival", "length_of_stay"),
)  # fmt: skip


def test_a_stay_from_one_day_to_another_lasts_the_days_between() -> None:
    name, values = planned_call("Reserve a cabin at Pine Hollow from June 3rd to June 7th, 2026", CABIN, LAMP)
    assert name == "cabin_reserve"
    assert values["length_of_stay"] == 4


LOGS = tool(
    "list_door_events",
    "Lists the door sensor's events, a page at a time.",
    {"offset": {"type": "integer", "description": "Where in the list the page begins."},
     "page_size": {"type": "integer", "description": "How many events one page holds."}},
    ("offset", "page_size"),
)  # fmt: skip


def test_a_page_whose_start_is_not_said_starts_at_the_beginning() -> None:
    name, values = planned_call("List the door events with a page size of 25.", LOGS, LAMP)
    assert name == "list_door_events"
    assert values == {"offset": 0, "page_size": 25}


def test_a_number_spelled_out_in_quotes_is_that_number() -> None:
    name, values = planned_call("Show the door events from offset 40 with page size 'twelve'.", LOGS, LAMP)
    assert name == "list_door_events"
    assert values == {"offset": 40, "page_size": 12}


SKY = tool(
    "sky_outlook",
    "Gives the weather outlook for a town on a day.",
    {"town": {**STRING, "description": "The town, e.g. 'Leeds'."}, "day": {**STRING, "description": "YYYY-MM-DD."}},
    ("town",),
)


def test_a_modal_typed_together_with_you_still_asks() -> None:
    name, values = planned_call("Couldyou look at the weather in Truro?", SKY, LAMP)
    assert name == "sky_outlook"
    assert values["town"] == "Truro"


def test_a_prefix_typed_apart_belongs_to_its_word_and_a_run_on_imperative_asks() -> None:
    # no full stop after the framing words; 'Pre heat' is the one verb 'preheat'
    warm = tool(
        "kiln_preheat",
        "Preheat the kiln to a temperature.",
        {"temperature": {**NUMBER, "description": "Temperature in degrees Celsius."}},
        ("temperature",),
    )
    name, values = planned_call("We are glazing some mugs Pre heat the kiln to 600 degrees.", warm, LAMP)
    assert name == "kiln_preheat"
    assert values == {"temperature": 600}


SNAPSHOTS = tool(
    "restore_desktop_app_theme",
    "Restore a desktop app's theme from an earlier snapshot.",
    {"snapshot": {**STRING, "description": "Identifier of the snapshot."}},
    ("snapshot",),
)
SNAPSHOT_LIST = tool(
    "list_desktop_app_themes",
    "List the themes saved for desktop apps.",
    {"limit": {"type": "integer", "description": "How many to list."}},
    (),
)


def test_a_phrasal_verb_s_particle_is_no_topic_and_an_app_is_an_application() -> None:
    # 'back' completes 'bring'; 'desktop application theme' is the tool's 'desktop_app_theme'
    request = "Bring back the desktop application theme from snapshot 'snap-42'"
    name, values = planned_call(request, SNAPSHOTS, SNAPSHOT_LIST, LAMP)
    assert name == "restore_desktop_app_theme"
    assert values == {"snapshot": "snap-42"}


HISTORY = tool(
    "get_candidate_background",
    "Get a candidate's work experience or education.",
    {"candidate": {**STRING, "description": "The candidate's name."},
     "kind": {**STRING, "enum": ["experience", "education"], "description": "Which part of the background."}},
    ("candidate",),
)  # fmt: skip


def test_regarding_is_a_preposition_and_an_apprenticeship_is_work_experience() -> None:
    request = "Fetch the information regarding Mira Holt's apprenticeship at the Dock Bakery"
    name, values = planned_call(request, HISTORY, LAMP)
    assert name == "get_candidate_background"
    assert "Mira Holt" in values["candidate"]
