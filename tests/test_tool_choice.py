"""The stand-in model's choice among tools that all fit a request (issue 19): the best match wins unless another
is given clearly more of the request's values.

Each request is typed text for tools defined here, planned with `plan_response` directly (milliseconds).
"""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.responder import MessagePlan, plan_response
from rtkit.realtime import protocol

STRING = {"type": "string"}
ORIGIN = {**STRING, "description": "Departure station."}
DESTINATION = {**STRING, "description": "Arrival station."}
COACH = {**STRING, "enum": ["Standard", "First"], "description": "Coach class."}

ONE_WAY = tool(
    "search_oneway_trains",
    "Search one-way train journeys from an origin to a destination on a date.",
    {
        "origin": ORIGIN,
        "destination": DESTINATION,
        "depart_date": {**STRING, "description": "Date of travel, YYYY-MM-DD."},
        "coach": COACH,
    },
    ("origin", "destination", "depart_date"),
)
RETURN = tool(
    "search_return_trains",
    "Search return train journeys from an origin to a destination and back.",
    {
        "origin": ORIGIN,
        "destination": DESTINATION,
        "depart_date": {**STRING, "description": "Date of the outward journey, YYYY-MM-DD."},
        "return_date": {**STRING, "description": "Date of the journey back, YYYY-MM-DD."},
        "coach": COACH,
    },
    ("origin", "destination"),
)


def test_one_value_more_does_not_outweigh_a_clearly_better_match() -> None:
    name, args = planned_call(
        "Find me a one-way First coach train from Leeds to York leaving on the 4th of June?", ONE_WAY, RETURN
    )
    assert name == "search_oneway_trains"
    assert (args["origin"], args["destination"], args["coach"]) == ("Leeds", "York", "First")


def test_a_tool_given_two_values_more_wins() -> None:
    name, args = planned_call(
        "Find a return train from Leeds to York going on 2031-06-04 and coming back on 2031-06-09", ONE_WAY, RETURN
    )
    assert name == "search_return_trains"
    assert (args["depart_date"], args["return_date"]) == ("2031-06-04", "2031-06-09")


PODCAST_FIELDS = {
    "show": {**STRING, "description": "Name of the podcast show."},
    "host": {**STRING, "description": "Who presents the show."},
    "season": {**STRING, "description": "Season, like 'Season 2'."},
    "language": {**STRING, "description": "Language the show is in."},
}
FIND_PODCASTS = tool(
    "Podcasts_1_LookupPodcasts", "Look up podcast episodes matching a show, host, season or language.", PODCAST_FIELDS
)
PLAY_PODCAST = tool(
    "Podcasts_1_PlayEpisode",
    "Start an episode on a speaker.",
    {"episode": {**STRING, "description": "Title of the episode."}, "show": PODCAST_FIELDS["show"]},
    ("episode",),
)


def test_a_request_to_stream_asks_the_tool_that_plays_though_another_takes_more_values() -> None:
    name, args = planned_call(
        "Could you stream the episode Night Trains by Ada Crane from the show Long Haul? It is in Season 2.",
        FIND_PODCASTS,
        PLAY_PODCAST,
    )
    assert name == "Podcasts_1_PlayEpisode"
    assert args["episode"] == "Night Trains"


def test_a_request_to_look_up_asks_the_tool_that_searches_though_another_plays() -> None:
    name, _ = planned_call(
        "I feel sleepy. Could you look up the episode Night Trains, and then play it?", FIND_PODCASTS, PLAY_PODCAST
    )
    assert name == "Podcasts_1_LookupPodcasts"


ONE_REPORT = tool(
    "Reporting_get_report",
    "Get a report.",
    {"report_id": {**STRING, "description": "Identifier of the report."}},
    ("report_id",),
)
REPORTS = tool(
    "Reporting_get_reports",
    "Get reports.",
    {
        "limit": {"type": "integer", "description": "How many to return."},
        "query": {**STRING, "description": "Text the report names contain."},
    },
)


def test_a_plural_asks_the_tool_named_in_the_plural() -> None:
    assert planned_call("What are the reports, give me 7?", ONE_REPORT, REPORTS)[0] == "Reporting_get_reports"
    assert planned_call("What are the reports, give me 7?", REPORTS, ONE_REPORT)[0] == "Reporting_get_reports"


def test_a_singular_asks_the_tool_named_in_the_singular() -> None:
    assert planned_call("Get the report for 'weekly'.", REPORTS, ONE_REPORT)[0] == "Reporting_get_report"


MOVER = tool(
    "reschedule_event",
    "Give an agenda event a new date.",
    {
        "event": {"type": "string", "description": "The event's title."},
        "date": {"type": "string", "description": "New date, ISO 8601."},
    },
    ("event", "date"),
)


def test_moving_or_postponing_an_event_changes_it_rather_than_searching() -> None:
    finder = tool(
        "agenda_search",
        "Search the agenda's events by the words of their title.",
        {"text": {"type": "string", "description": "Words of the event's title."}},
        ("text",),
    )
    for said in ("Move my dentist appointment to 2025-03-14.", "Postpone the dentist appointment to 2025-03-14."):
        assert planned_call(said, finder, MOVER)[0] == "reschedule_event", said


def test_making_an_event_is_no_moving_one() -> None:
    reply = plan_response([protocol.user_text_item("Schedule a dentist appointment on 2025-03-14.")], [MOVER])
    assert isinstance(reply, MessagePlan)
    assert planned_call("Move my dentist appointment to 2025-03-14.", MOVER)[0] == "reschedule_event"
