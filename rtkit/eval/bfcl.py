"""Berkeley Function Calling Leaderboard (BFCL) cases as Realtime requests, and BFCL's AST checker for one call.

A BFCL question file holds one JSON object a line: `{"id", "question": [[{"role", "content"}, ...]], "function":
[{"name", "description", "parameters"}]}`; its answers file `{"id", "ground_truth": [{"function_name": {"param":
[accepted values...]}}]}`. BFCL's parameter types are Python's (`dict`, `float`, `tuple`, `any`) and its function
names may hold dots, which a Realtime function name cannot: `load_bfcl` turns each offered function into a GA
Realtime function tool (dots to underscores, BFCL types to JSON-schema types, as BFCL's own OpenAI handler does)
and keeps the name map so `grade_call` can grade the name the model used.

`grade_call` follows `bfcl_eval/eval_checker/ast_eval/ast_checker.py` (`simple_function_checker` and the string,
list and dict checkers it calls): the right function; every required parameter present; no parameter the answer
does not list; each value one of the accepted values, where strings are compared after removing spaces and
``,./-_*^`` and lower-casing, an integer is accepted for a float, lists and dicts are compared element by element
under the same rules, and an empty string among the accepted values means the parameter may be left out. A case
with no accepted call (an irrelevance case) passes only when no call is made. Pure: no I/O beyond reading the files.

BFCL's Java and JavaScript sets (a set or case name holding "java" / "javascript", or `load_bfcl(language=...)`)
are handled as BFCL handles them (:mod:`rtkit.eval.bfcl_languages`): their functions are offered with every
parameter a string described as Java/JavaScript code of its type, and `grade_call` requires each value to be a
string, reads it as the parameter's Java/JavaScript type ("42L" a long, `new int[]{1, 2}` an array, `[1, 'a']` a
JavaScript array; text that does not read as the type stays text) and then compares it as above, with no integer
taken for a float. The Python sets are offered and graded as before.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from rtkit.eval.bfcl_languages import (
    ARRAY_TYPES,
    LANGUAGES,
    Language,
    convert_value,
    language_of,
    language_types,
    offered_function,
)

# BFCL type → JSON-schema type (BFCL's GORILLA_TO_OPENAPI for the Python types).
_JSON_TYPES = {
    "integer": "integer",
    "int": "integer",
    "number": "number",
    "float": "number",
    "string": "string",
    "str": "string",
    "boolean": "boolean",
    "bool": "boolean",
    "array": "array",
    "list": "array",
    "tuple": "array",
    "dict": "object",
    "object": "object",
    "any": "string",
}
# BFCL type → the Python type a value must have (BFCL's PYTHON_TYPE_MAPPING).
_PYTHON_TYPES: dict[str, type] = {
    "string": str,
    "integer": int,
    "float": float,
    "number": float,
    "boolean": bool,
    "array": list,
    "tuple": list,
    "dict": dict,
    "object": dict,
    "any": str,
}
_STANDARDIZE_RE = re.compile(r"[ ,./\-_*^]")


@dataclass(frozen=True)
class BfclCase:
    """One BFCL request, its offered functions as Realtime tools, and the calls that would be right."""

    id: str
    """The case id ('simple_python_0')."""
    text: str
    """The user turns' text, joined by newlines."""
    tools: list[dict]
    """The offered functions as GA Realtime function tools (`{"type": "function", "name", ...}`)."""
    names: dict[str, str]
    """Realtime tool name → BFCL function name (they differ where BFCL's holds a dot)."""
    functions: dict[str, dict] = field(repr=False)
    """BFCL function name → its definition as the question file gives it (BFCL types), for grading."""
    ground_truth: list[dict]
    """Accepted calls, each `{bfcl_function_name: {param: [accepted values]}}`; empty = no call is right."""
    language: Language = "python"
    """The language of the functions ('python', 'java', 'javascript'): how they are offered and values read."""


def _schema(value: object) -> object:
    """A BFCL parameter schema with JSON-schema types (a copy; descriptions and enums untouched)."""
    if isinstance(value, list):
        return [_schema(v) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, object] = {}
    for key, item in value.items():
        if key == "type" and isinstance(item, str):
            out[key] = _JSON_TYPES.get(item, "string")
        elif key == "properties" and isinstance(item, dict):
            out[key] = {name: _schema(prop) for name, prop in item.items()}
        elif key in ("items", "additionalProperties", "anyOf", "oneOf", "allOf"):
            out[key] = _schema(item)
        else:
            out[key] = copy.deepcopy(item)
    if "properties" in out and "type" not in out:
        out["type"] = "object"
    return out


def _tool(function: dict, language: Language) -> tuple[str, dict]:
    name = str(function.get("name", ""))
    realtime_name = name.replace(".", "_")
    function = offered_function(function, language)
    parameters = _schema(function.get("parameters") or {})
    parameters = parameters if isinstance(parameters, dict) else {}
    parameters["type"] = "object"
    parameters.setdefault("properties", {})
    for prop in parameters["properties"].values():
        if isinstance(prop, dict):
            prop.setdefault("type", "string")
    tool = {
        "type": "function",
        "name": realtime_name,
        "description": str(function.get("description", "")),
        "parameters": parameters,
    }
    return realtime_name, tool


def _read_lines(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not a JSON object ({exc.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("id"), str):
            raise ValueError(f"{path}:{number}: a BFCL line needs a string 'id'")
        rows.append(row)
    return rows


def answers_beside(questions_path: str | Path) -> Path | None:
    """The answers file BFCL ships beside a question file (``X.json`` → ``X.answers.json``), if it is there."""
    path = Path(questions_path)
    beside = path.with_name(f"{path.stem}.answers.json")
    return beside if beside.is_file() else None


def load_bfcl(
    questions_path: str | Path, answers_path: str | Path | None = None, language: Language | None = None
) -> list[BfclCase]:
    """The cases of a BFCL question file (one JSON object a line), with their answers: ``answers_path``, else the
    file beside the questions (:func:`answers_beside`).

    With no answers file every case expects no call (BFCL's irrelevance sets have none). ``language`` ('python',
    'java', 'javascript') is the functions' language; None takes it, as BFCL does, from the case id or else the
    file name ('simple_java_3', 'BFCL_v4_simple_javascript.json'), and Python when neither names one.
    """
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"load_bfcl: language must be one of {', '.join(LANGUAGES)}, got {language!r}")
    file_language = language_of(Path(questions_path).name)
    questions = _read_lines(Path(questions_path))
    answers_path = answers_path if answers_path is not None else answers_beside(questions_path)
    answers: dict[str, list[dict]] = {}
    if answers_path is not None:
        for row in _read_lines(Path(answers_path)):
            truth = row.get("ground_truth")
            answers[row["id"]] = truth if isinstance(truth, list) else []
    cases = []
    for row in questions:
        turns = row.get("question") or []
        messages = [m for turn in turns if isinstance(turn, list) for m in turn if isinstance(m, dict)]
        text = "\n".join(str(m.get("content", "")) for m in messages if m.get("role") == "user")
        functions = [f for f in row.get("function") or [] if isinstance(f, dict)]
        case_language = language or (language_of(row["id"]) if language_of(row["id"]) != "python" else file_language)
        tools, names = [], {}
        for function in functions:
            realtime_name, tool = _tool(function, case_language)
            names[realtime_name] = str(function.get("name", ""))
            tools.append(tool)
        if answers_path is not None and row["id"] not in answers:
            raise ValueError(f"{answers_path}: no answer for case {row['id']!r}")
        cases.append(
            BfclCase(
                id=row["id"],
                text=text,
                tools=tools,
                names=names,
                functions={str(f.get("name", "")): f for f in functions},
                ground_truth=answers.get(row["id"], []),
                language=case_language,
            )
        )
    return cases


# --- the AST checker for one call ------------------------------------------------------------------


def _standardize(text: str) -> str:
    return _STANDARDIZE_RE.sub("", text).lower().replace("'", '"')


def _standard_value(value: object) -> object:
    return _standardize(value) if isinstance(value, str) else value


def _is_in(value: object, accepted: list) -> bool:
    """BFCL's `in` test: Python equality, so 1 == 1.0 and nested lists compare whole."""
    return value in accepted


def _answer_type(accepted: list) -> type | None:
    for a in accepted:
        if a != "":
            return type(a)
    return None


def _type_ok(
    value: object, accepted: list, expected: type, item_expected: type | None, int_for_float_items: bool
) -> tuple[bool, bool]:
    """(type is acceptable, value is a 'variable' — compared as the accepted values' type)."""
    answer_type = _answer_type(accepted)
    variable = answer_type is not None and answer_type is not expected
    if type(value) is expected:
        if item_expected is None or not isinstance(value, list):
            return True, variable
        for a in accepted:  # as BFCL: an accepted value that is not a list does not rule the type out
            if not isinstance(a, list) or all(_item_type_ok(v, a, item_expected, int_for_float_items) for v in value):
                return True, variable
        return False, variable
    if answer_type is not None and type(value) is answer_type:
        return True, True
    return False, variable


def _item_type_ok(value: object, accepted: list, expected: type, int_for_float: bool) -> bool:
    if int_for_float and type(value) is int:
        return True
    if type(value) is expected:
        return True
    answer_type = _answer_type(accepted)
    return answer_type is not None and type(value) is answer_type


def _dict_ok(value: dict, accepted: list) -> tuple[bool, str]:
    reason = "no accepted value"
    for option in accepted:
        if not isinstance(option, dict):
            continue
        ok, reason = _one_dict_ok(value, option)
        if ok:
            return True, ""
    return False, reason


def _one_dict_ok(value: dict, option: dict) -> tuple[bool, str]:
    for key, item in value.items():
        if key not in option:
            return False, f"unexpected key {key!r}"
        allowed = option[key] if isinstance(option[key], list) else [option[key]]
        if not _is_in(_standard_value(item), [_standard_value(a) for a in allowed]):
            return False, f"key {key!r}: expected one of {allowed!r}, got {item!r}"
    for key, allowed in option.items():
        if key not in value and "" not in (allowed if isinstance(allowed, list) else [allowed]):
            return False, f"missing key {key!r}"
    return True, ""


def _list_of_dicts_ok(value: list, accepted: list) -> tuple[bool, str]:
    reason = "no accepted value"
    for option in accepted:
        if not isinstance(option, list):
            continue
        if len(option) != len(value):
            reason = f"expected {len(option)} entries, got {len(value)}"
            continue
        for index, (got, want) in enumerate(zip(value, option, strict=True)):
            ok, why = _one_dict_ok(got, want) if isinstance(got, dict) and isinstance(want, dict) else (False, "")
            if not ok:
                reason = f"entry {index}: {why or 'not an object'}"
                break
        else:
            return True, ""
    return False, reason


def _list_ok(value: list, accepted: list) -> bool:
    got = [_standard_value(v) for v in value]
    for option in accepted:
        if isinstance(option, list) and _is_in(got, [[_standard_value(a) for a in option]]):
            return True
    return False


def _item_type(details: dict, array_types: tuple[str, ...] | frozenset[str]) -> str | None:
    """The element type of an array parameter (`items.type`), None for any other parameter."""
    items = details.get("items")
    if str(details.get("type", "string")) in array_types and isinstance(items, dict):
        return str(items.get("type", "string"))
    return None


def _typed_value(name: str, value: object, details: dict, language: Language) -> tuple[object, type, type | None, str]:
    """(the value as BFCL's checker compares it, its expected type, its elements' expected type, why it cannot
    be graded — '' when it can)."""
    bfcl_type = str(details.get("type", "string"))
    table = language_types(language)
    if table is None:  # Python: the value as the model gave it
        item_type = _item_type(details, ("array", "tuple"))
        if bfcl_type == "tuple" and isinstance(value, tuple):
            value = list(value)
        if bfcl_type == "float" and type(value) is int:
            value = float(value)
        item_expected = _PYTHON_TYPES.get(item_type, str) if item_type is not None else None
        return value, _PYTHON_TYPES.get(bfcl_type, str), item_expected, ""
    # Java / JavaScript: the value is that language's code in a string, read as the parameter's type
    item_type = _item_type(details, ARRAY_TYPES)
    for kind in (bfcl_type, item_type):
        if kind is not None and kind not in table:
            return value, str, None, f"{name}: BFCL has no {language} type {kind!r}"
    if not isinstance(value, str):
        return (
            value,
            str,
            None,
            f"{name}: expected {language} {bfcl_type} as a string, got {type(value).__name__} {value!r}",
        )
    try:
        value = convert_value(value, bfcl_type, language, item_type)
    except KeyError as exc:
        return value, str, None, f"{name}: BFCL cannot read a {language} {exc.args[0]} value"
    return value, table[bfcl_type], table[item_type] if item_type is not None else None, ""


def _check_param(name: str, value: object, accepted: list, details: dict, language: Language) -> tuple[bool, str]:
    bfcl_type = str(details.get("type", "string"))
    value, expected, item_expected, why = _typed_value(name, value, details, language)
    if why:
        return False, why
    python_item_type = _item_type(details, ("array", "tuple")) if language == "python" else None
    int_for_float = python_item_type == "float"  # our Python checker takes 1 for 1.0 inside a list of floats
    type_ok, variable = _type_ok(value, accepted, expected, item_expected, int_for_float)
    if not type_ok and language != "python" and isinstance(value, str):
        return False, f"{name}: {value!r} does not read as a {language} {bfcl_type}"
    if not type_ok:
        return False, f"{name}: expected type {bfcl_type}, got {type(value).__name__} {value!r}"
    list_of_dicts = python_item_type == "dict" if language == "python" else item_expected is dict
    if not variable:
        if expected is dict and isinstance(value, dict):
            ok, why = _dict_ok(value, accepted)
            return ok, "" if ok else f"{name}: {why}; expected one of {accepted!r}, got {value!r}"
        if expected is list and list_of_dicts and isinstance(value, list):
            ok, why = _list_of_dicts_ok(value, accepted)
            return ok, "" if ok else f"{name}: {why}; expected one of {accepted!r}, got {value!r}"
        if expected is str and isinstance(value, str):
            wanted = [_standardize(a) for a in accepted if isinstance(a, str)]
            ok = _standardize(value) in wanted
            return ok, "" if ok else f"{name}: expected one of {accepted!r}, got {value!r}"
        if expected is list and isinstance(value, list):
            ok = _list_ok(value, accepted)
            return ok, "" if ok else f"{name}: expected one of {accepted!r}, got {value!r}"
    if not _is_in(value, accepted):
        return False, f"{name}: expected one of {accepted!r}, got {value!r}"
    return True, ""


def grade_call(case: BfclCase, name: str | None, arguments: dict) -> tuple[bool, str]:
    """Whether one call (or no call, `name` None) is right for `case`, as BFCL's AST checker grades it, and why not.

    `name` is the Realtime tool name the model called; the reason names the parameter, what was expected and
    what was given ('' when right).
    """
    if not case.ground_truth:
        return (True, "") if name is None else (False, f"expected no call, got {name}")
    if name is None:
        wanted = ", ".join(next(iter(t)) for t in case.ground_truth if t)
        return False, f"expected a call to {wanted}, got no call"
    function_name = case.names.get(name, name)
    reasons = []
    for truth in case.ground_truth:
        if not isinstance(truth, dict) or len(truth) != 1:
            continue
        ((expected_name, accepted_params),) = truth.items()
        if function_name != expected_name:
            reasons.append(f"expected function {expected_name}, got {function_name}")
            continue
        ok, why = _check_call(case.functions.get(expected_name, {}), arguments, accepted_params, case.language)
        if ok:
            return True, ""
        reasons.append(why)
    return False, "; ".join(reasons) or "no accepted call"


def _check_call(function: dict, arguments: dict, accepted: dict, language: Language) -> tuple[bool, str]:
    parameters = function.get("parameters")
    parameters = parameters if isinstance(parameters, dict) else {}
    details = parameters.get("properties")
    details = details if isinstance(details, dict) else {}
    required = parameters.get("required")
    required = required if isinstance(required, list) else []
    if not isinstance(arguments, dict):
        return False, f"arguments are not an object: {arguments!r}"
    for param in required:
        if param not in arguments:
            return False, f"{param}: required, expected one of {accepted.get(param)!r}, got nothing"
    for param, value in arguments.items():
        if param not in details or param not in accepted:
            return False, f"{param}: unexpected parameter, got {value!r}"
        allowed = accepted[param] if isinstance(accepted[param], list) else [accepted[param]]
        param_details = details[param] if isinstance(details[param], dict) else {}
        ok, why = _check_param(param, value, allowed, param_details, language)
        if not ok:
            return False, why
    for param, allowed in accepted.items():
        if param not in arguments and "" not in (allowed if isinstance(allowed, list) else [allowed]):
            return False, f"{param}: expected one of {allowed!r}, got nothing"
    return True, ""
