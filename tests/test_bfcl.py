"""BFCL import and its AST checker for one call, on hand-written cases (one test per grading rule)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rtkit.eval.bfcl import BfclCase, grade_call, load_bfcl

_FUNCTION = {
    "name": "garden.plan_bed",
    "description": "Plan a raised garden bed.",
    "parameters": {
        "type": "dict",
        "properties": {
            "length": {"type": "float", "description": "Length in metres."},
            "rows": {"type": "integer", "description": "Number of rows."},
            "plant": {"type": "string", "description": "What to grow."},
            "organic": {"type": "boolean", "description": "Organic seed only."},
            "corners": {"type": "tuple", "items": {"type": "integer"}, "description": "Corner posts."},
            "tags": {"type": "array", "items": {"type": "string"}, "description": "Labels."},
            "soil": {
                "type": "dict",
                "properties": {"kind": {"type": "string"}, "depth": {"type": "float"}},
                "description": "Soil to use.",
            },
            "beds": {
                "type": "array",
                "items": {"type": "dict", "properties": {"name": {"type": "string"}, "size": {"type": "integer"}}},
                "description": "Beds.",
            },
            "note": {"type": "any", "description": "Anything."},
        },
        "required": ["length", "plant"],
    },
}
_OTHER = {
    "name": "weather_today",
    "description": "Weather.",
    "parameters": {"type": "dict", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}
_ANSWER = {
    "garden.plan_bed": {
        "length": [2.5],
        "rows": [3, ""],
        "plant": ["Sweet Peas", "sweet pea"],
        "organic": [True, ""],
        "corners": [[1, 2], ""],
        "tags": [["Early-Spring", "shade"], ""],
        "soil": [{"kind": ["Loam"], "depth": [0.3, ""]}, ""],
        "beds": [[{"name": ["North"], "size": [2]}, {"name": ["South"], "size": [4, ""]}], ""],
        "note": ["x", ""],
    }
}


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> list[BfclCase]:
    folder = tmp_path_factory.mktemp("bfcl")
    question = {
        "id": "garden_0",
        "question": [[{"role": "user", "content": "Plan a bed."}, {"role": "user", "content": "Sweet peas please."}]],
        "function": [_FUNCTION, _OTHER],
    }
    questions = _write(folder / "q.json", [question])
    answers = _write(folder / "a.json", [{"id": "garden_0", "ground_truth": [_ANSWER]}])
    return load_bfcl(questions, answers)


@pytest.fixture()
def case(cases: list[BfclCase]) -> BfclCase:
    return cases[0]


def _args(**overrides: object) -> dict:
    return {"length": 2.5, "plant": "Sweet Peas", **overrides}


def test_load_maps_names_and_types(case: BfclCase) -> None:
    assert case.id == "garden_0"
    assert case.text == "Plan a bed.\nSweet peas please."
    tool = case.tools[0]
    assert tool["type"] == "function" and tool["name"] == "garden_plan_bed"
    assert case.names == {"garden_plan_bed": "garden.plan_bed", "weather_today": "weather_today"}
    props = tool["parameters"]["properties"]
    assert tool["parameters"]["type"] == "object"
    assert props["length"]["type"] == "number"
    assert props["corners"]["type"] == "array" and props["corners"]["items"]["type"] == "integer"
    assert props["soil"]["type"] == "object" and props["soil"]["properties"]["depth"]["type"] == "number"
    assert props["beds"]["items"]["type"] == "object"
    assert props["note"]["type"] == "string"
    assert tool["parameters"]["required"] == ["length", "plant"]


def test_without_answers_every_case_expects_no_call(tmp_path: Path) -> None:
    questions = _write(tmp_path / "q.json", [{"id": "x_0", "question": [[{"role": "user", "content": "hi"}]],
                                              "function": [_OTHER]}])  # fmt: skip
    (loaded,) = load_bfcl(questions)
    assert loaded.ground_truth == []
    assert grade_call(loaded, None, {}) == (True, "")
    ok, why = grade_call(loaded, "weather_today", {"city": "Oslo"})
    assert not ok and "no call" in why


def test_a_bad_line_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "q.json"
    bad.write_text('{"id": "a", "question": [], "function": []}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"q\.json:2"):
        load_bfcl(bad)


def test_right_call_passes_under_the_mapped_name(case: BfclCase) -> None:
    assert grade_call(case, "garden_plan_bed", _args()) == (True, "")


def test_wrong_function_fails(case: BfclCase) -> None:
    ok, why = grade_call(case, "weather_today", {"city": "Oslo"})
    assert not ok and "garden.plan_bed" in why and "weather_today" in why


def test_no_call_fails_when_a_call_is_expected(case: BfclCase) -> None:
    ok, why = grade_call(case, None, {})
    assert not ok and "no call" in why


def test_missing_required_parameter_fails(case: BfclCase) -> None:
    ok, why = grade_call(case, "garden_plan_bed", {"length": 2.5})
    assert not ok and why.startswith("plant:")


def test_unexpected_parameter_fails(case: BfclCase) -> None:
    ok, why = grade_call(case, "garden_plan_bed", _args(colour="red"))
    assert not ok and "colour" in why and "unexpected" in why


def test_a_parameter_of_the_schema_the_answer_does_not_list_fails(tmp_path: Path) -> None:
    function = {"name": "f", "description": "", "parameters": {"type": "dict", "properties": {
        "a": {"type": "integer"}, "b": {"type": "integer"}}, "required": ["a"]}}  # fmt: skip
    q = _write(tmp_path / "q.json", [{"id": "f_0", "question": [[{"role": "user", "content": "x"}]],
                                      "function": [function]}])  # fmt: skip
    a = _write(tmp_path / "a.json", [{"id": "f_0", "ground_truth": [{"f": {"a": [1]}}]}])
    (only,) = load_bfcl(q, a)
    assert grade_call(only, "f", {"a": 1})[0]
    ok, why = grade_call(only, "f", {"a": 1, "b": 2})
    assert not ok and why.startswith("b:")


def test_value_outside_the_accepted_ones_fails_with_expected_and_got(case: BfclCase) -> None:
    ok, why = grade_call(case, "garden_plan_bed", _args(rows=4))
    assert not ok and why.startswith("rows:") and "[3, '']" in why and "4" in why


def test_empty_string_marks_an_optional_parameter(case: BfclCase, tmp_path: Path) -> None:
    assert grade_call(case, "garden_plan_bed", _args())[0]  # rows, organic, ... left out: allowed
    function = {"name": "f", "description": "", "parameters": {"type": "dict", "properties": {
        "a": {"type": "integer"}, "b": {"type": "integer"}}, "required": ["a"]}}  # fmt: skip
    q = _write(tmp_path / "q.json", [{"id": "f_0", "question": [[{"role": "user", "content": "x"}]],
                                      "function": [function]}])  # fmt: skip
    a = _write(tmp_path / "a.json", [{"id": "f_0", "ground_truth": [{"f": {"a": [1], "b": [7]}}]}])
    (only,) = load_bfcl(q, a)
    ok, why = grade_call(only, "f", {"a": 1})  # 'b' is optional in the schema but the answer wants it
    assert not ok and why.startswith("b:") and "got nothing" in why


@pytest.mark.parametrize("plant", ["sweet peas", "SWEET-PEAS", "Sweet_Peas.", "sweet pea", "s.w,e/e-t_p*e^a"])
def test_strings_compare_without_case_spaces_and_punctuation(case: BfclCase, plant: str) -> None:
    assert grade_call(case, "garden_plan_bed", _args(plant=plant))[0]


def test_other_strings_fail(case: BfclCase) -> None:
    ok, why = grade_call(case, "garden_plan_bed", _args(plant="sweet corn"))
    assert not ok and "sweet corn" in why


def test_integer_accepted_for_float_but_not_the_reverse(case: BfclCase, tmp_path: Path) -> None:
    function = {"name": "f", "description": "", "parameters": {"type": "dict", "properties": {
        "x": {"type": "float"}, "n": {"type": "integer"}}, "required": ["x"]}}  # fmt: skip
    q = _write(tmp_path / "q.json", [{"id": "f_0", "question": [[{"role": "user", "content": "x"}]],
                                      "function": [function]}])  # fmt: skip
    a = _write(tmp_path / "a.json", [{"id": "f_0", "ground_truth": [{"f": {"x": [3.0], "n": [2, ""]}}]}])
    (only,) = load_bfcl(q, a)
    assert grade_call(only, "f", {"x": 3})[0]
    assert grade_call(only, "f", {"x": 3.0, "n": 2})[0]
    ok, why = grade_call(only, "f", {"x": 3.0, "n": 2.0})
    assert not ok and why.startswith("n:") and "type" in why


def test_boolean_is_not_a_number_and_types_are_checked(case: BfclCase) -> None:
    assert grade_call(case, "garden_plan_bed", _args(organic=True))[0]
    assert not grade_call(case, "garden_plan_bed", _args(organic="true"))[0]
    assert not grade_call(case, "garden_plan_bed", _args(rows=True))[0]
    assert not grade_call(case, "garden_plan_bed", _args(length="2.5"))[0]


def test_lists_compare_element_by_element_in_order(case: BfclCase) -> None:
    assert grade_call(case, "garden_plan_bed", _args(tags=["early spring", "Shade"], corners=[1, 2]))[0]
    ok, why = grade_call(case, "garden_plan_bed", _args(tags=["shade", "early spring"]))
    assert not ok and why.startswith("tags:")
    assert not grade_call(case, "garden_plan_bed", _args(corners=[1, 2, 3]))[0]
    assert not grade_call(case, "garden_plan_bed", _args(corners=["1", "2"]))[0]


def test_dicts_compare_key_by_key(case: BfclCase) -> None:
    assert grade_call(case, "garden_plan_bed", _args(soil={"kind": "loam"}))[0]
    assert grade_call(case, "garden_plan_bed", _args(soil={"kind": "LOAM", "depth": 0.3}))[0]
    ok, why = grade_call(case, "garden_plan_bed", _args(soil={"kind": "clay"}))
    assert not ok and why.startswith("soil:") and "kind" in why
    ok, why = grade_call(case, "garden_plan_bed", _args(soil={"kind": "loam", "ph": 7}))
    assert not ok and "ph" in why
    ok, why = grade_call(case, "garden_plan_bed", _args(soil={"depth": 0.3}))
    assert not ok and "missing key 'kind'" in why


def test_lists_of_dicts_compare_entry_by_entry(case: BfclCase) -> None:
    good = [{"name": "north", "size": 2}, {"name": "South"}]
    assert grade_call(case, "garden_plan_bed", _args(beds=good))[0]
    ok, why = grade_call(case, "garden_plan_bed", _args(beds=[{"name": "north", "size": 2}]))
    assert not ok and why.startswith("beds:")
    ok, why = grade_call(case, "garden_plan_bed", _args(beds=[{"name": "north", "size": 3}, {"name": "south"}]))
    assert not ok and "entry 0" in why


def test_the_answers_file_beside_the_questions_is_used_when_none_is_named(tmp_path: Path) -> None:
    # `rtkit eval --bfcl BFCL_v4_multiple.json` graded every case as expecting no call (16/200) though BFCL ships
    # BFCL_v4_multiple.answers.json beside it.
    row = {"id": "x_0", "question": [[{"role": "user", "content": "hi"}]], "function": [_OTHER]}
    questions = _write(tmp_path / "set.json", [row])
    (alone,) = load_bfcl(questions)
    assert alone.ground_truth == []
    _write(tmp_path / "set.answers.json", [{"id": "x_0", "ground_truth": [{"weather_today": {"city": ["Oslo"]}}]}])
    (beside,) = load_bfcl(questions)
    assert beside.ground_truth == [{"weather_today": {"city": ["Oslo"]}}]
    assert load_bfcl(questions, tmp_path / "set.answers.json") == [beside]
