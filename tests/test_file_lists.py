"""Lists of files: an array whose items are file paths or URLs takes the quoted paths and addresses a request
writes, never the quoted subject or message other parameters are for; a string described as a comma-separated list
of paths joins every path the request names, as its example writes them; a web address to a file is a file
path's value before a quote that is no path."""

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


BACKUP = tool(
    "backup_folders",
    "Copies folders to the backup disk.",
    {
        "folders": {
            "type": "string",
            "description": "A comma-separated list of folder paths, e.g. 'docs/notes,src/app'.",
        },
        "compress": {"type": "boolean", "description": "Whether to zip the copies.", "default": False},
    },
    ("folders",),
)


def test_a_comma_separated_string_of_paths_joins_every_path_named() -> None:
    name, args = planned_call("back up photos/2024 and work/reports/q1 to the disk", BACKUP)
    assert name == "backup_folders"
    assert args["folders"] == "photos/2024,work/reports/q1"


def test_one_path_stays_one_path() -> None:
    name, args = planned_call("back up photos/2024 to the disk", BACKUP)
    assert name == "backup_folders"
    assert args["folders"] == "photos/2024"


CAPTION = tool(
    "caption_picture",
    "Writes a caption for a picture, guided by a prompt.",
    {
        "picture_path": {"type": "string", "description": "The file path of the picture to caption."},
        "prompt": {"type": "string", "description": "A question the caption should answer."},
    },
    ("picture_path", "prompt"),
)


def test_a_web_address_to_a_file_is_the_path_and_the_quoted_question_the_prompt() -> None:
    name, args = planned_call(
        "Caption the picture at https://pics.example.org/2020/06/lake-house-at-dusk.png and answer the question "
        "'Which season does the light suggest?'",
        CAPTION,
    )
    assert name == "caption_picture"
    assert args == {
        "picture_path": "https://pics.example.org/2020/06/lake-house-at-dusk.png",
        "prompt": "Which season does the light suggest?",
    }
