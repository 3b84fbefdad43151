"""Lists written one item a line, bulleted or plain, read into an array parameter (`structures.line_lists`)."""

from __future__ import annotations

from helpers import function_tool, planned_call

from rtkit.local.model.structures import line_lists

PACKER = function_tool(
    "pack_boxes",
    "Pack a list of goods into boxes for shipping.",
    {"goods": {"type": "array", "items": {"type": "string"}, "description": "The goods to pack, e.g. 'lamp'."}},
    ["goods"],
)


def _goods(text: str) -> object:
    return planned_call(text, PACKER)[1]["goods"]


def test_bulleted_lines_are_the_list() -> None:
    text = "Please pack these goods into boxes for shipping:\n\n* Desk lamp\n* Green kettle\n* Oak stool\n* Rug"
    assert _goods(text) == ["Desk lamp", "Green kettle", "Oak stool", "Rug"]


def test_plain_short_lines_after_a_sentence_are_the_list_without_their_full_stops() -> None:
    text = "Pack the goods for shipping, we move next week.\n\nBlue vase.\nTall mirror.\nCoffee table."
    assert _goods(text) == ["Blue vase", "Tall mirror", "Coffee table"]


def test_escaped_line_breaks_of_pasted_json_split_items_too() -> None:
    spans = line_lists('{\n  "note": "things:\\n- pen\\n- ruler\\n- glue"\n}')
    assert [s.value for s in spans] == [["pen", "ruler", "glue"]]


def test_sentences_and_two_lines_are_no_list() -> None:
    assert line_lists("First we went to the old market by the river.\nThen we ate lunch at the small cafe.\nok") == []
    assert line_lists("milk\neggs") == []
