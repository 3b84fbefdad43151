"""Lists written one item a line, bulleted or plain, read into an array parameter (`structures.line_lists`)."""

from __future__ import annotations

import json

from rtkit.local.model.responder import FunctionCallPlan, plan_response
from rtkit.local.model.structures import line_lists

PACKER = {
    "type": "function",
    "name": "pack_boxes",
    "description": "Pack a list of goods into boxes for shipping.",
    "parameters": {
        "type": "object",
        "properties": {
            "goods": {"type": "array", "items": {"type": "string"}, "description": "The goods to pack, e.g. 'lamp'."}
        },
        "required": ["goods"],
    },
}


def _goods(text: str) -> object:
    item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}
    plan = plan_response([item], [PACKER])
    assert isinstance(plan, FunctionCallPlan), plan
    return json.loads(plan.arguments)["goods"]


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
