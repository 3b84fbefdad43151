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
