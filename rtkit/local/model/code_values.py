"""Values a schema takes as code text: a string parameter whose description says it holds a number or a boolean
of a programming language written as a string ('This is a Java long in string representation', 'a JavaScript
Boolean, as a string').

Such a parameter is filled as the number or boolean it declares (so '20 items per page' fills it as a count would
be filled), then written back as that language writes the literal: `42`, `42L` for a Java long, `1.5f` for a Java
float, `7n` for a JavaScript BigInt, `true` / `false`. A string declaring a Java Array / ArrayList or a JavaScript
array is filled as a list (the one the request writes out as `[a, b]`, if it does) and written as that language
writes one (`new long[]{1L}`, `new ArrayList<>(Arrays.asList(1L))`, `[1, 'a']`), or as the one variable it names.
A string whose description names qualified constants of one type (`ResultSet.TYPE_FORWARD_ONLY`) takes the constant
the request says; one declaring a code integer takes the named constant the request writes after the parameter's
own words ('a retry mode of `Policy.RETRY_ALL`', 'a retry mode of RETRY_NONE'), as code names a number by its
constant. A code variable the request quotes whose name opens with a parameter's name, or opens it
(`cacheService` for `cache`, `clockNanos` for `clockNanosSupplier`), is that parameter's value: code names a
variable for what it holds. A parameter described as an object of a class with a constructor
('a Path object that has constructor taking one path parameter') takes a literal value as that constructor's
call (`new Path("/tmp/a")`), a record the request writes with the constructor's parameter names
(`{host='a', port=80}`) giving its arguments in the constructor's order; a second argument the description shows
by a whole number takes the request's one spare whole number (an address, then its port). A string declaring a
JavaScript dict or a Java HashMap is filled as an object (its entries as the description's schema gives them, or
the map the request writes out) and written as that language's map (`{role: 'admin'}`, `new HashMap<String,
Object>() {{ put("role", "admin"); }}`); one the request gives no entries of is the variable that holds it.
Pure functions.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass

from rtkit.local.model import structures
from rtkit.local.text import split_identifier

# 'Java long ... string representation', 'JavaScript Boolean ... in string form', 'Java ArrayList ... string
# representation. The list elements are of type long'.
_DECLARED_RE = re.compile(
    r"\b(Java|JavaScript)\s+(byte|short|int|integer|long|float|double|boolean|Boolean|Bigint|BigInt|Array|ArrayList|array"
    r"|dict|HashMap)"
    r"\b[^.]*\bstring\s+(?:representation|form)\b"
)
_ELEMENTS_RE = re.compile(r"\b(?:list|array)\s+elements\s+are\s+(?:of\s+type\s+)?(\w+)", re.IGNORECASE)
_JSON_TYPES = {
    "byte": "integer",
    "short": "integer",
    "int": "integer",
    "integer": "integer",
    "long": "integer",
    "bigint": "integer",
    "float": "number",
    "double": "number",
    "boolean": "boolean",
}
_LISTS = ("array", "arraylist")
_MAPS = ("dict", "hashmap")
# 'The dictionary entries have the following schema; ... {"role": {"type": "String", ...}}': the map's keys.
_ENTRIES_RE = re.compile(r"\bentries\s+have\s+the\s+following\s+schema\b[^{]*(\{.*\})\s*$", re.DOTALL)
# The JSON type a code type named in an entries schema stands for; a type not listed (`any`, '') is text.
_CODE_JSON_TYPES = {**_JSON_TYPES, "string": "string", "dict": "object", "hashmap": "object", "array": "array"}
# A list written out in a request: brackets holding at least two comma-separated items.
_LIST_LITERAL_RE = re.compile(r"\[([^\[\]]*,[^\[\]]*)\]")
_ITEM_RE = re.compile(r"'[^']*'|\"[^\"]*\"|[^,\s][^,]*?(?=\s*(?:,|$))")
# A variable's name in camelCase (`userRecords`): a value that names where the list is.
_VARIABLE_RE = re.compile(r"^[a-z]+(?:[A-Z][a-z0-9]*)+$")
# The Java element type an array of a JSON-typed value is declared with (`new long[]{...}`).
_JAVA_PRIMITIVES = {"integer": "int", "int": "int", "long": "long", "short": "short", "byte": "byte"}


@dataclass(frozen=True)
class Declared:
    """What a string parameter says it holds as code text."""

    language: str
    """'java' or 'javascript'."""
    kind: str
    """The literal's type, lower case ('long', 'boolean', 'array', 'arraylist')."""
    element: str = ""
    """For a list, its elements' type as declared ('String', 'long'); empty when not said."""
    entries: dict | None = None
    """For a map, the JSON schema of its entries as the description gives them (key → schema); None when not said."""


def declared_types(parameters: object) -> dict[str, Declared]:
    """Parameter name → what it declares, for the string parameters that declare a code literal or list."""
    props = parameters.get("properties") if isinstance(parameters, dict) else None
    if not isinstance(props, dict):
        return {}
    out = {}
    for name, schema in props.items():
        if not isinstance(schema, dict) or schema.get("type") != "string" or "enum" in schema:
            continue
        description = str(schema.get("description", ""))
        match = _DECLARED_RE.search(description)
        if not match:
            continue
        kind = match.group(2).lower()
        element = _ELEMENTS_RE.search(description) if kind in _LISTS else None
        entries = _entries(description) if kind in _MAPS else None
        out[name] = Declared(match.group(1).lower(), kind, element.group(1) if element else "", entries)
    return out


def _entries(description: str) -> dict | None:
    """The entries schema a map's description writes out as JSON, its code types given as JSON types."""
    match = _ENTRIES_RE.search(description)
    if match is None:
        return None
    try:
        entries = json.loads(match.group(1))
    except ValueError:
        return None
    if not isinstance(entries, dict):
        return None
    out = {}
    for key, schema in entries.items():
        schema = dict(schema) if isinstance(schema, dict) else {}
        schema["type"] = _CODE_JSON_TYPES.get(str(schema.get("type", "")).lower(), "string")
        out[str(key)] = schema
    return out


def typed_schema(
    parameters: dict, declared: dict[str, Declared], request: str, keep: frozenset[str] = frozenset()
) -> dict:
    """A copy of `parameters` whose `declared` properties take the JSON type of their literal (a list: an array
    of its elements' JSON type; a map: an object of its entries, when its description gives them or the request
    writes a map out, and otherwise text, the name of a variable holding it). Those in `keep` stay text."""
    written = any(span.kind == "dict" for span in structures.nested(request))
    schema = copy.deepcopy(parameters)
    for name, what in declared.items():
        prop = schema["properties"][name]
        if name in keep or what.kind in _MAPS and not what.entries and not written:
            continue
        if what.kind in _LISTS:
            prop["type"] = "array"
            prop["items"] = {"type": _JSON_TYPES.get(what.element.lower(), "string")}
        elif what.kind in _MAPS:
            prop["type"] = "object"
            if what.entries:
                prop["properties"] = copy.deepcopy(what.entries)
        else:
            prop["type"] = _JSON_TYPES[what.kind]
    return schema


def maps(declared: dict[str, Declared]) -> list[str]:
    """The declared parameters that hold a map."""
    return [name for name, what in declared.items() if what.kind in _MAPS]


def listed_in(request: str, declared: dict[str, Declared]) -> dict[str, list]:
    """The list a request writes out as a literal (`['-v', 42, true]`), for its one declared list parameter."""
    lists = [name for name, what in declared.items() if what.kind in _LISTS]
    literals = _LIST_LITERAL_RE.findall(request)
    if len(lists) != 1 or len(literals) != 1:
        return {}
    return {lists[0]: [_element(part) for part in _ITEM_RE.findall(literals[0])]}


def _element(text: str) -> object:
    """One element of a list literal: a quoted string, a boolean, a number, else the name as written."""
    if text[:1] in "'\"" and len(text) > 1 and text.endswith(text[:1]):
        return text[1:-1]
    if re.fullmatch(r"true|false|-?\d+(?:\.\d+)?", text):
        return json.loads(text)  # JSON reads these literals as code writes them
    return text


def written_arguments(request: str, arguments: dict[str, object], declared: dict[str, Declared]) -> dict:
    """`arguments` with each `declared` value written as code: a list the request writes out as a literal is
    that list; a filled list naming one variable (`userRecords`) is that name, since the variable holds the list."""
    literal = listed_in(request, declared)
    out = {}
    for name, value in arguments.items():
        what = declared.get(name)
        if what is None:
            out[name] = value
            continue
        if name in literal:
            value = literal[name]
        elif what.kind in _LISTS and isinstance(value, list):
            variables = [item for item in value if _VARIABLE_RE.match(str(item))]
            value = variables[0] if len(variables) == 1 else value
        out[name] = as_written(value, what)
    return out


def as_written(value: object, what: Declared) -> object:
    """`value` written as `what.language` writes a `what.kind` literal; anything not of that kind as it was."""
    if what.kind in _LISTS:
        return _list_written(value, what) if isinstance(value, list) else value
    if what.kind in _MAPS:
        return _map_written(value, what.language) if isinstance(value, dict) else value
    return _literal(value, what.language, what.kind)


def _map_written(entries: dict, language: str) -> str:
    """A map as code: `{role: 'admin', ttl: 60}` in JavaScript, `new HashMap<String, Object>() {{ put("role",
    "admin"); }}` in Java."""
    quote = "'" if language == "javascript" else '"'
    parts = []
    for key, value in entries.items():
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, (int, float)):
            text = str(value)
        elif isinstance(value, dict) and language == "javascript":
            text = _map_written(value, language)
        else:
            text = quote + str(value).replace(quote, "\\" + quote) + quote
        parts.append(f"{key}: {text}" if language == "javascript" else f'put("{key}", {text});')
    if language == "javascript":
        return "{" + ", ".join(parts) + "}"
    return "new HashMap<String, Object>() {{ " + " ".join(parts) + " }}" if parts else "new HashMap<>()"


def _list_written(values: list, what: Declared) -> str:
    """A list as code: `[1, 'a']` in JavaScript, `new long[]{1L}` / `new String[]{"a"}` for a Java array,
    `new ArrayList<>(Arrays.asList(1L, 2L))` for a Java ArrayList."""
    element = what.element.lower()
    quote = "'" if what.language == "javascript" else '"'
    parts = []
    for item in values:
        text = _literal(item, what.language, element) if element in _JSON_TYPES else item
        if isinstance(text, bool):
            text = "true" if text else "false"
        if isinstance(item, str) and isinstance(text, str) and element not in _JSON_TYPES:
            text = quote + text.replace(quote, "\\" + quote) + quote
        parts.append(str(text))
    inner = ", ".join(parts)
    if what.language == "javascript":
        return f"[{inner}]"
    if what.kind == "array":
        java_type = _JAVA_PRIMITIVES.get(element) or (what.element if what.element else "Object")
        return f"new {java_type}[]{{{inner}}}"
    return f"new ArrayList<>(Arrays.asList({inner}))"


def _literal(value: object, language: str, kind: str) -> object:
    """`value` written as `language` writes a `kind` literal; anything not of that kind as it was."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if (
        isinstance(value, float)
        and kind in ("byte", "short", "int", "integer", "long", "bigint")
        and value.is_integer()
    ):
        value = int(value)
    if isinstance(value, int):
        if kind in ("float", "double"):
            text = f"{float(value)}"
        else:
            text = str(value)
    elif isinstance(value, float):
        text = repr(value)
    else:
        return value
    if language == "java" and kind == "long":
        return text + "L"
    if language == "java" and kind == "float":
        return text + "f"
    if language == "javascript" and kind == "bigint":
        return text + "n"
    return text


# A qualified constant as code names it: `TimeUnit.SECONDS`, `ResultSet.TYPE_SCROLL_INSENSITIVE`.
_CONSTANT_RE = re.compile(r"\b([A-Z]\w*)\.([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)\b(?!\w|\(|\.\w)")
_WORD_RE = re.compile(r"[a-z0-9]+")


def constants_written(request: str, arguments: dict[str, object], parameters: object) -> dict[str, object]:
    """`arguments` with each string parameter whose description names qualified constants of one type given as
    such a constant: of those listed, the one whose own words (those the others do not share) the request all
    says ('scroll insensitive' → `ResultSet.TYPE_SCROLL_INSENSITIVE`); for a type named by one example constant
    (`TimeUnit.SECONDS`), the one upper-case word the request says ('a bitwise AND' → `BitOperation.AND`), else a
    filled lower-case word written as that type's constant ('minutes' → `TimeUnit.MINUTES`)."""
    props = parameters.get("properties") if isinstance(parameters, dict) else None
    if not isinstance(props, dict):
        return arguments
    said = set(_WORD_RE.findall(request.lower()))
    out = dict(arguments)
    for name, schema in props.items():
        if not isinstance(schema, dict) or schema.get("type") != "string" or "enum" in schema:
            continue
        constants = list(dict.fromkeys(_CONSTANT_RE.findall(str(schema.get("description", "")))))
        if not constants or len({owner for owner, _ in constants}) != 1:
            continue
        owner = constants[0][0]
        value = out.get(name)
        if isinstance(value, str) and _CONSTANT_RE.fullmatch(value):
            continue
        if len(constants) > 1:
            chosen = _constant_said([c for _, c in constants], said)
            if chosen:
                out[name] = f"{owner}.{chosen}"
        else:
            capitals = set(re.findall(r"\b[A-Z]{2,}\b", request))
            if len(capitals) == 1:  # a constant's name said as code writes it ('a bitwise AND')
                out[name] = f"{owner}.{capitals.pop()}"
            elif isinstance(value, str) and re.fullmatch(r"[a-z]+", value) and value in said:
                out[name] = f"{owner}.{value.upper()}"
    return out


def _constant_said(constants: list[str], said: set[str]) -> str | None:
    """The one constant whose distinguishing words the request all says, else None."""
    words = {c: set(c.lower().split("_")) for c in constants}
    shared = set.intersection(*words.values())
    matches = [c for c in constants if words[c] - shared and words[c] - shared <= said]
    return matches[0] if len(matches) == 1 else None


# A named constant as code writes one: qualified (`Policy.RETRY_ALL`) or bare upper-case words joined by '_'.
_NAMED_CONSTANT = r"(?:[A-Z]\w*\.)?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]\w*\.[A-Z][A-Z0-9]*"
# Words that link a parameter's words to its value ('of', 'set to', 'as', '=', ':').
_LINK = r"\s*(?:(?:of|is|as|set\s+to|to|equal\s+to|=|:)\s*){0,2}"


def constants_named(request: str, arguments: dict[str, object], declared: dict[str, Declared]) -> dict[str, object]:
    """`arguments` with each declared integer the request gives no number for taken as the named constant written
    right after the parameter's own words ('a suspend mode of `Mode.SUSPEND_ALL`' → `Mode.SUSPEND_ALL`): code
    names an integer setting by its constant."""
    out = dict(arguments)
    for name, what in declared.items():
        if what.kind not in ("byte", "short", "int", "integer", "long") or name in out:
            continue
        words = [w for w in re.findall(r"[A-Z]?[a-z]+|[0-9]+", name) if w]
        if not words:
            continue
        said = r"\s+".join(re.escape(w.lower()) for w in words)
        match = re.search(rf"\b{said}{_LINK}[`'\"]?({_NAMED_CONSTANT})\b", request, re.IGNORECASE)
        if match and re.fullmatch(_NAMED_CONSTANT, match.group(1)):
            out[name] = match.group(1)
    return out


# A code identifier quoted or in backticks: two words or more run together as code writes them (`cacheService`,
# 'fetch_rows', 'DataFetch').
QUOTED_IDENTIFIER_RE = re.compile(r"[`'\"]([A-Za-z][a-z0-9]*(?:[A-Z][a-z0-9]*|_[a-z0-9]+)+)[`'\"]")


def variables_named(request: str, arguments: dict[str, object], parameters: object) -> dict[str, object]:
    """`arguments` with each free-text string parameter given the one quoted code variable named for it: the
    words of one name open the other's (`indexSettingsForLogs` for `indexSettings`, `timeNanos` for
    `timeNanosSupplier`), a variable naming several parameters going to the one it names exactly, if any; a
    parameter already given a quoted variable no parameter is named for keeps it."""
    props = parameters.get("properties") if isinstance(parameters, dict) else None
    if not isinstance(props, dict):
        return arguments
    names = [
        n
        for n, schema in props.items()
        if isinstance(schema, dict) and schema.get("type") == "string" and "enum" not in schema
    ]
    variables = [v for v in dict.fromkeys(QUOTED_IDENTIFIER_RE.findall(request)) if v[0].islower()]
    pairs: dict[str, list[str]] = {}
    for variable in variables:
        words = split_identifier(variable)
        named = [n for n in names if _opens(split_identifier(n), words)]
        exact = [n for n in named if split_identifier(n) == words]
        named = exact or named
        if len(named) == 1:
            pairs.setdefault(named[0], []).append(variable)
    claimed = {v for found in pairs.values() for v in found}
    out = dict(arguments)
    for name, found in pairs.items():
        # a variable the request gave the parameter by label ('a node named `rootNode`') stays
        kept = out.get(name) in variables and out.get(name) not in claimed
        if len(found) == 1 and not kept:
            out[name] = found[0]
    return out


def _opens(one: list[str], other: list[str]) -> bool:
    """Whether one list of words opens the other."""
    shorter, longer = (one, other) if len(one) <= len(other) else (other, one)
    return bool(shorter) and longer[: len(shorter)] == shorter


# 'a Path object that has constructor taking ...', 'Use QName object, has a constructor that takes in ...'
_CONSTRUCTED_RE = re.compile(r"\b(?:an?|Use)\s+([A-Z]\w*)\s+object\b[^.]*?\bconstructor\b((?:[^.]|\.(?=\w))*)")
# '... taking first field as ip address ... and taking second field is socket address such as 8000': a second
# argument the constructor takes, shown by a whole-number example.
_SECOND_NUMBER_RE = re.compile(r"\bsecond\b[^.]*?\bsuch\s+as\s+(\d+)\b(?!\.\d)")
# A whole number standing alone in a request: not part of an address, a version or a decimal.
_BARE_WHOLE_RE = re.compile(r"(?<![\w.])\d+(?!\w|\.\d)")
_RECORD_FIELD_RE = re.compile(r"(\w+)\s*[=:]\s*(?:'([^']*)'|\"([^\"]*)\"|([\w.-]+))")


def constructed(request: str, arguments: dict[str, object], parameters: object) -> dict[str, object]:
    """`arguments` with each literal value of a parameter described as an object built by a constructor written
    as that constructor's call: a path or other text as its one argument, a record (`{a='x', b=2}`) naming the
    constructor's parameters as its arguments in their listed order; a variable (`outputPath`) holds the object.
    A constructor whose second argument is shown by a whole number ('second field ... such as 8000') takes the one
    whole number the request writes that no other value holds (an address, then its port)."""
    props = parameters.get("properties") if isinstance(parameters, dict) else None
    if not isinstance(props, dict):
        return arguments
    out = dict(arguments)
    for name, value in arguments.items():
        schema = props.get(name)
        if not isinstance(schema, dict) or not isinstance(value, str) or value.startswith("new "):
            continue
        match = _CONSTRUCTED_RE.search(str(schema.get("description", "")))
        if match is None or _VARIABLE_RE.match(value) or re.fullmatch(r"[A-Za-z_]\w*", value):
            continue
        listed = re.findall(r"\b[a-z]+[A-Z]\w*\b|\b[a-z]+\b", match.group(2))
        record = _RECORD_FIELD_RE.findall(value) if value.startswith("{") else []
        if record:
            fields = {key: quoted or double or bare for key, quoted, double, bare in record}
            if not set(fields) <= set(listed):
                continue
            order = [key for key in listed if key in fields]
            parts = [
                f'"{fields[key]}"' if not re.fullmatch(r"-?\d+(?:\.\d+)?", fields[key]) else fields[key]
                for key in order
            ]
        else:
            parts = ['"' + value.replace('"', '\\"') + '"']
            if _SECOND_NUMBER_RE.search(match.group(2)):
                parts += _spare_whole(request, [value, *(str(v) for k, v in arguments.items() if k != name)])
        out[name] = f"new {match.group(1)}({', '.join(parts)})"
    return out


def _spare_whole(request: str, taken: list[str]) -> list[str]:
    """The one whole number the request writes that none of the `taken` values holds, as a list; else empty."""
    spare = [m.group() for m in _BARE_WHOLE_RE.finditer(request) if not any(m.group() in value for value in taken)]
    return spare if len(spare) == 1 else []
