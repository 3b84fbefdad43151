"""Values a request states in other words than the schema's: the stand-in model must still fill them.

Made-up tools; each request names an optional value by a word the schema writes differently (an enum option
spelled as a word without its vowels, a flag's adjective said as its noun).
"""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

NOTES = tool(
    "browse_notes",
    "List the notes kept in a folder.",
    {
        "folder": {"type": "string", "description": "The folder to list."},
        "kind": {
            "type": "string",
            "description": "The file extension to filter by, such as 'doc' for Word documents.",
            "enum": ["doc", "txt", "csv", "img"],
            "default": "doc",
        },
    },
    ("folder",),
)


def test_an_enum_option_written_without_vowels_is_named_by_its_word() -> None:
    name, args = planned_call("Show the text notes in the drafts folder", NOTES)
    assert name == "browse_notes"
    assert args.get("kind") == "txt"
    name, args = planned_call("Show the image notes in the drafts folder", NOTES)
    assert args.get("kind") == "img"


TUTORS = tool(
    "find_tutors",
    "Find tutors in a town.",
    {
        "town": {"type": "string", "description": "The town to search in."},
        "is_independent": {"type": "boolean", "description": "Whether the tutor works on their own.", "default": False},
    },
    ("town",),
)


def test_a_flag_named_by_an_adjective_is_set_by_its_noun() -> None:
    name, args = planned_call("Find tutors in Leeds, with independence from any agency", TUTORS)
    assert name == "find_tutors"
    assert args.get("is_independent") is True


BAKERIES = tool(
    "find_bakeries",
    "Find bakeries in a city.",
    {
        "city": {"type": "string", "description": "The city to search in."},
        "style": {"type": "string", "description": "The style of baking.", "enum": ["French", "Vegan", "Danish"]},
        "has_vegan_choices": {"type": "boolean", "description": "Whether vegan items are sold.", "default": False},
    },
    ("city",),
)


def test_an_enum_word_said_as_a_flags_name_is_left_to_the_flag() -> None:
    name, args = planned_call("In Oslo, find a bakery with vegan choices that bakes Danish", BAKERIES)
    assert name == "find_bakeries"
    assert args.get("style") == "Danish"
    assert args.get("has_vegan_choices") is True
