"""BFCL's Java and JavaScript sets: the functions as offered, values read from their code, and grading, on made-up
cases (pure functions, no model)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rtkit.eval.bfcl import BfclCase, grade_call, load_bfcl
from rtkit.eval.bfcl_languages import convert_value, language_of, offered_function

_JAVA: dict[str, Any] = {
    "name": "Shelf.store",
    "description": "Store boxes on a shelf.",
    "parameters": {
        "type": "dict",
        "properties": {
            "ids": {"type": "ArrayList", "items": {"type": "long"}, "description": "Box ids."},
            "labels": {"type": "Array", "items": {"type": "String"}, "description": "Labels."},
            "weight": {"type": "long", "description": "Weight in grams."},
            "fragile": {"type": "boolean", "description": "Handle with care."},
            "meta": {"type": "HashMap", "description": "Extra fields."},
            "target": {"type": "any", "description": "Where to put them."},
        },
        "required": ["ids", "weight"],
    },
}
_JAVA_ANSWER: dict[str, Any] = {
    "Shelf.store": {
        "ids": [[11, 12]],
        "labels": [["top"], ""],
        "weight": [1500],
        "fragile": [True, ""],
        "meta": [{"owner": ["Ana"], "rack": [4]}, ""],
        "target": ["new Path('/shelf/a')", ""],
    }
}
_JS: dict[str, Any] = {
    "name": "plotPoints",
    "description": "Plot points on a chart.",
    "parameters": {
        "type": "dict",
        "properties": {
            "xs": {"type": "array", "items": {"type": "float"}, "description": "X values."},
            "names": {"type": "array", "items": {"type": "String"}, "description": "Series names."},
            "style": {
                "type": "dict",
                "properties": {"color": {"type": "String"}, "width": {"type": "integer"}},
                "description": "Line style.",
            },
            "title": {"type": "String", "description": "Chart title."},
            "big": {"type": "Bigint", "description": "A big count."},
            "chart": {"type": "any", "description": "The chart object."},
        },
        "required": ["xs"],
    },
}
_JS_ANSWER: dict[str, Any] = {
    "plotPoints": {
        "xs": [[1.0, 2.5]],
        "names": [["north", "south"], ""],
        "style": [{"color": ["red"], "width": [2]}, ""],
        "title": ["Rain", ""],
        "big": [7, ""],
        "chart": ["myChart", ""],
    }
}


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _set(folder: Path, set_name: str, case_id: str, function: dict, answer: dict) -> Path:
    question = {"id": case_id, "question": [[{"role": "user", "content": "Do it."}]], "function": [function]}
    questions = _write(folder / f"BFCL_v4_{set_name}.json", [question])
    _write(folder / f"BFCL_v4_{set_name}.answers.json", [{"id": case_id, "ground_truth": [answer]}])
    return questions


@pytest.fixture(scope="module")
def java(tmp_path_factory: pytest.TempPathFactory) -> BfclCase:
    folder = tmp_path_factory.mktemp("java")
    return load_bfcl(_set(folder, "simple_java", "simple_java_0", _JAVA, _JAVA_ANSWER))[0]


@pytest.fixture(scope="module")
def js(tmp_path_factory: pytest.TempPathFactory) -> BfclCase:
    folder = tmp_path_factory.mktemp("js")
    return load_bfcl(_set(folder, "simple_javascript", "simple_javascript_0", _JS, _JS_ANSWER))[0]


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("simple_java", "java"),
        ("BFCL_v4_simple_javascript.json", "javascript"),
        ("simple_javascript_4", "javascript"),
        ("simple_java_4", "java"),
        ("live_simple", "python"),
        ("BFCL_v4_simple_python.json", "python"),
    ],
)
def test_the_language_comes_from_the_set_or_case_name(name: str, language: str) -> None:
    assert language_of(name) == language


def test_java_functions_are_offered_with_every_parameter_a_string_described_as_java() -> None:
    offered = offered_function(_JAVA, "java")
    assert offered["description"].endswith("Note that the provided function is in Java 8 SDK syntax.")
    props = offered["parameters"]["properties"]
    assert {p["type"] for p in props.values()} == {"string"}
    assert props["weight"]["description"].endswith("This is Java long type parameter in string representation.")
    assert "any type of Java object in string representation" in props["target"]["description"]
    assert "items" not in props["ids"]
    assert "The list elements are of type long; they are not in string representation." in props["ids"]["description"]
    assert _JAVA["parameters"]["properties"]["ids"]["type"] == "ArrayList"  # the original is left alone


def test_javascript_functions_move_a_dicts_schema_into_its_description() -> None:
    props = offered_function(_JS, "javascript")["parameters"]["properties"]
    assert "properties" not in props["style"] and props["style"]["type"] == "string"
    schema = json.dumps(_JS["parameters"]["properties"]["style"]["properties"])
    assert props["style"]["description"].endswith(f"they are not in string representation. {schema}")
    assert "The list elements are of type float" in props["xs"]["description"]
    assert props["title"]["description"].endswith("This is JavaScript String type parameter in string representation.")


def test_python_functions_are_offered_unchanged() -> None:
    assert offered_function(_JAVA, "python") == _JAVA


@pytest.mark.parametrize(
    ("text", "kind", "items", "value"),
    [
        ("42", "integer", None, 42),
        ("4.2", "integer", None, "4.2"),
        ("42L", "long", None, 42),
        ("42", "long", None, "42"),  # a long needs its L
        ("1.5f", "float", None, 1.5),
        ("1.5", "float", None, "1.5"),  # a float needs its f
        ("2.5e2", "double", None, 250.0),
        ("true", "boolean", None, True),
        ("yes", "boolean", None, "yes"),
        ("new Path('/a')", "any", None, "new Path('/a')"),
        ("new int[]{1, 2, 3}", "Array", "integer", [1, 2, 3]),
        ('new String[]{"a", "b"}', "Array", "String", ['"a"', '"b"']),  # BFCL keeps an array's string quotes
        ("new long[]{1L, 2}", "Array", "long", [1, "2"]),
        ('new ArrayList<>(Arrays.asList("a", "b"))', "ArrayList", "String", ["a", "b"]),
        ("new ArrayList<Long>() {{ add(5L); add(6L); }}", "ArrayList", "long", [5, 6]),
        ("new ArrayList<>()", "ArrayList", "long", []),
        ("[101, 202, 303]", "ArrayList", "long", "[101, 202, 303]"),  # not Java: stays text
        ('new HashMap<String, Object>() {{ put("k", 1); put("s", "v"); }}', "HashMap", None, {"k": 1, "s": "v"}),
        ("new HashMap<>()", "HashMap", None, {}),
    ],
)
def test_java_values_are_read_as_the_parameters_type(text: str, kind: str, items: str | None, value: object) -> None:
    assert convert_value(text, kind, "java", items) == value


@pytest.mark.parametrize(
    ("text", "kind", "items", "value"),
    [
        ("'abc'", "String", None, "abc"),
        ('"abc"', "String", None, "abc"),
        ("abc", "String", None, "abc"),
        ("12", "integer", None, 12),
        ("3", "float", None, 3.0),
        ("3.5e1", "float", None, "3.5e1"),
        ("7n", "Bigint", None, 7),
        ("false", "Boolean", None, False),
        ("[1.5, 2]", "array", "float", [1.5, 2.0]),
        ("['a', \"b\"]", "array", "String", ["a", "b"]),
        ("[1, 'two', true]", "array", None, [1, "two", True]),
        ("new Array(1, 2)", "array", None, [1, 2]),
        ("[[1, 2], [3, 4]]", "array", None, [[1, 2], [3, 4]]),
        ("{color: 'red', width: 2}", "dict", None, {"color": "red", "width": 2}),
        ("{'tags': ['a', 'b'], on: true}", "dict", None, {"tags": ["a", "b"], "on": True}),
        ("{}", "dict", None, {}),
        ("style", "dict", None, "style"),
    ],
)
def test_javascript_values_are_read_as_the_parameters_type(
    text: str, kind: str, items: str | None, value: object
) -> None:
    assert convert_value(text, kind, "javascript", items) == value


@pytest.mark.parametrize(
    ("kind", "language"), [("Set", "java"), ("Queue", "java"), ("char[]", "java"), ("Map", "javascript")]
)
def test_types_bfcl_cannot_read_raise(kind: str, language: str) -> None:
    with pytest.raises(KeyError):
        convert_value("x", kind, language)  # type: ignore[arg-type]


def test_a_java_set_offers_strings_and_keeps_the_java_types_for_grading(java: BfclCase) -> None:
    assert java.language == "java"
    (tool,) = java.tools
    assert tool["name"] == "Shelf_store"
    assert {p["type"] for p in tool["parameters"]["properties"].values()} == {"string"}
    assert java.functions["Shelf.store"]["parameters"]["properties"]["ids"]["type"] == "ArrayList"


def test_the_language_argument_overrides_the_name(tmp_path: Path) -> None:
    questions = _set(tmp_path, "simple_java", "simple_java_0", _JAVA, _JAVA_ANSWER)
    (case,) = load_bfcl(questions, language="python")
    assert case.language == "python"
    assert case.tools[0]["parameters"]["properties"]["ids"]["type"] == "string"  # BFCL's unknown type → string
    assert case.tools[0]["parameters"]["properties"]["fragile"]["type"] == "boolean"
    with pytest.raises(ValueError, match="language must be one of"):
        load_bfcl(questions, language="kotlin")  # type: ignore[arg-type]


def test_a_java_call_written_as_java_code_passes(java: BfclCase) -> None:
    args = {
        "ids": "new ArrayList<>(Arrays.asList(11L, 12L))",
        "labels": "new String[]{top}",
        "weight": "1500L",
        "fragile": "true",
        "meta": 'new HashMap<String, Object>() {{ put("owner", "ana"); put("rack", 4); }}',
        "target": "new Path('/shelf/a')",
    }
    assert grade_call(java, "Shelf_store", args) == (True, "")


def test_a_java_value_that_does_not_read_as_its_type_fails(java: BfclCase) -> None:
    ok, why = grade_call(java, "Shelf_store", {"ids": "new ArrayList<>(Arrays.asList(11L, 12L))", "weight": "1500"})
    assert not ok and why == "weight: '1500' does not read as a java long"
    ok, why = grade_call(java, "Shelf_store", {"ids": "[11, 12]", "weight": "1500L"})
    assert not ok and why.startswith("ids: '[11, 12]' does not read as a java ArrayList")


def test_a_java_value_that_is_not_a_string_fails(java: BfclCase) -> None:
    ok, why = grade_call(java, "Shelf_store", {"ids": [11, 12], "weight": "1500L"})
    assert not ok and why == "ids: expected java ArrayList as a string, got list [11, 12]"


def test_a_java_value_read_right_is_still_compared_with_the_answers(java: BfclCase) -> None:
    ok, why = grade_call(java, "Shelf_store", {"ids": "new ArrayList<>(Arrays.asList(11L, 13L))", "weight": "1500L"})
    assert not ok and why.startswith("ids: expected one of [[11, 12]], got [11, 13]")
    ok, why = grade_call(
        java, "Shelf_store", {"ids": "new ArrayList<>(Arrays.asList(11L, 12L))", "weight": "1500L", "fragile": "false"}
    )
    assert not ok and "fragile" in why


def test_a_java_type_bfcl_does_not_know_fails_naming_it(tmp_path: Path) -> None:
    function = {
        "name": "f",
        "description": "",
        "parameters": {"type": "dict", "properties": {"q": {"type": "Deque", "description": ""}}, "required": []},
    }
    (case,) = load_bfcl(_set(tmp_path, "simple_java", "simple_java_0", function, {"f": {"q": ["x"]}}))
    assert grade_call(case, "f", {"q": "x"}) == (False, "q: BFCL has no java type 'Deque'")


def test_a_javascript_call_written_as_javascript_code_passes(js: BfclCase) -> None:
    args = {
        "xs": "[1, 2.5]",
        "names": "['North', 'south']",
        "style": "{color: 'red', width: 2}",
        "title": "'rain'",
        "big": "7n",
        "chart": "myChart",
    }
    assert js.language == "javascript"
    assert grade_call(js, "plotPoints", args) == (True, "")


def test_a_javascript_value_that_does_not_read_as_its_type_fails(js: BfclCase) -> None:
    ok, why = grade_call(js, "plotPoints", {"xs": "[1, 2.5]", "big": "7"})
    assert not ok and why == "big: '7' does not read as a javascript Bigint"
    ok, why = grade_call(js, "plotPoints", {"xs": "1, 2.5"})
    assert not ok and why == "xs: '1, 2.5' does not read as a javascript array"
