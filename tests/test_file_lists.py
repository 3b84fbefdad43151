"""An array of files (its items described as file paths or URLs, 'files to attach') takes the quoted paths and
addresses a request writes, never the quoted subject or message other parameters are for."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

POST = tool(
    "post_note",
    "Posts a note to the team board.",
    {
        "subject": {"type": "string", "description": "The note's subject line."},
        "text": {"type": "string", "description": "What the note says.", "default": ""},
        "files": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Paths or web addresses of documents to attach to the note.",
            "default": [],
        },
    },
    ("subject",),
)


def test_quoted_heading_and_text_attach_nothing() -> None:
    name, args = planned_call("Post a note with the subject 'Lunch moved' and the text \"we eat at one today\"", POST)
    assert name == "post_note"
    assert args["subject"] == "Lunch moved"
    assert args.get("files", []) == []


def test_quoted_paths_are_the_files() -> None:
    name, args = planned_call(
        "Post a note with the subject 'Q3 plan' and attach 'plans/q3.pdf' and 'https://example.org/q3/sums.xlsx'", POST
    )
    assert name == "post_note"
    assert args["files"] == ["plans/q3.pdf", "https://example.org/q3/sums.xlsx"]
