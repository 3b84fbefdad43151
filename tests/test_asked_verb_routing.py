"""Which of close tools a request asks for: by its verb, and by values it gives rather than words naming a tool.

'Could we schedule it ...' asks to put something in a diary: a tool finding free times, written in more of the
request's words but given no member it needs, does not beat the tool adding an entry, far behind on words but given
every value it needs by the request. A value from a tool's list chosen by a word that names the tool ('the
paintings and sculptures' and a sculpture in the list) gives that tool nothing over one taking no value. Of tools
matching a request alike, the one whose name says nothing the request does not ('get_report' for 'the report with
ID ...') is chosen.
Tools and requests are this file's own; planned with `plan_response` directly.
"""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

STRING = {"type": "string"}
FREE_SLOTS = tool(
    "free_slots_lookup",
    "Looks through a diary for free time slots that can hold a new appointment; made for scheduling and planning.",
    {
        "period": {**STRING, "description": "When to look, as 'YYYY-MM-DD HH:MM'."},
        "member_id": {**STRING, "description": "The diary owner's member ID."},
        "shortest": {"type": "integer", "description": "Shortest slot wanted, in minutes."},
    },
    ("period", "member_id"),
)
ADD_ENTRY = tool(
    "diary_entry_create",
    "Adds a new appointment to the diary; it may happen once or repeat.",
    {
        "day": {**STRING, "description": "The day of the appointment, 'YYYY-MM-DD'."},
        "start_time": {**STRING, "description": "When it starts, 24-hour 'HH:MM'."},
        "minutes": {"type": "integer", "description": "How long it lasts, in minutes."},
    },
    ("day", "start_time", "minutes"),
)


def test_a_tool_doing_what_is_asked_with_its_values_beats_one_doing_other_that_guesses() -> None:
    name, args = planned_call(
        "I need to keep some time free for a 'Dentist visit' on 2031-05-09. "
        "Could we schedule it from 3 PM to 4 PM? It takes 60 minutes.",
        FREE_SLOTS,
        ADD_ENTRY,
    )
    assert name == "diary_entry_create"
    assert (args["day"], args["start_time"], args["minutes"]) == ("2031-05-09", "15:00", 60)


def test_a_search_request_still_finds_free_time() -> None:
    name, args = planned_call(
        "Could you find free time slots for scheduling on 2031-05-09 10:00 for member ID 'K-77'?",
        FREE_SLOTS,
        ADD_ENTRY,
    )
    assert name == "free_slots_lookup"
    assert args["member_id"] == "K-77"


ALL_WORKS = tool("museum_paintings_and_sculptures", "Lists every painting and sculpture the museum holds.")
ONE_WORK = tool(
    "museum_detail_painting_and_sculpture",
    "Gives the details of one painting or sculpture the museum holds.",
    {
        "work": {
            **STRING,
            "description": "Which work.",
            "enum": ["Mural: Harbour at Dusk (1911)", "Sculpture: The Resting Hare (1930)"],
        }
    },
    ("work",),
)


def test_a_listed_value_chosen_by_the_tools_own_word_gives_nothing() -> None:
    # 'sculptures' names both tools; it picks no one sculpture for the tool giving one's details
    name, args = planned_call("Show me the paintings and sculptures of the museum", ALL_WORKS, ONE_WORK)
    assert (name, args) == ("museum_paintings_and_sculptures", {})


def test_a_listed_value_the_request_names_still_counts() -> None:
    name, args = planned_call("Give me the details of the sculpture of the resting hare", ALL_WORKS, ONE_WORK)
    assert (name, args) == ("museum_detail_painting_and_sculpture", {"work": "Sculpture: The Resting Hare (1930)"})


TEMPLATE = tool(
    "ReportSettingsApi_get_scheduled_report_template",
    "Fetch a scheduled report template by its identifier.",
    {"templateId": {**STRING, "description": "The template's identifier."}},
    ("templateId",),
)
REPORT = tool(
    "reports_api_ReportsApi_get_report",
    "Fetch one report by its identifier.",
    {"reportId": {**STRING, "description": "The report's identifier."}},
    ("reportId",),
)


def test_of_tools_matching_alike_the_one_whose_name_says_nothing_more_is_chosen() -> None:
    assert planned_call("Give me the report with ID R-19", TEMPLATE, REPORT) == (
        "reports_api_ReportsApi_get_report",
        {"reportId": "R-19"},
    )
    assert planned_call("Give me the scheduled report template with ID T-4", TEMPLATE, REPORT)[0] == TEMPLATE["name"]
