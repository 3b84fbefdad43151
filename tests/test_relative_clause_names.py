"""A thing's name said before its noun, with a person in a relative clause after it ('the Falcon report that Omar
wrote'): the stand-in model, planned directly with a made-up tool, gives the thing's name, not the person's, to the
parameter naming the thing."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

REPORT = tool(
    "open_report",
    "Open a report for reading.",
    {"report_name": {"type": "string", "description": "The name of the report."}},
    ("report_name",),
)


def test_the_name_before_the_noun_is_the_things_not_the_person_in_the_relative_clause() -> None:
    assert planned_call("Open the Falcon report that Omar wrote.", REPORT) == ("open_report", {"report_name": "Falcon"})
    call = planned_call("Open the quarterly-sales report which Priya shared.", REPORT)
    assert call == ("open_report", {"report_name": "quarterly-sales"})


def test_a_name_right_after_the_noun_still_labels_it() -> None:
    assert planned_call("Open the report Falcon.", REPORT) == ("open_report", {"report_name": "Falcon"})
