"""Values a schema takes as code text: a string parameter whose description says it holds a number or a boolean
of a programming language written as a string ('This is a Java long in string representation', 'a JavaScript
Boolean, as a string').

Such a parameter is filled as the number or boolean it declares (so '20 items per page' fills it as a count would
be filled), then written back as that language writes the literal: `42`, `42L` for a Java long, `1.5f` for a Java
float, `7n` for a JavaScript BigInt, `true` / `false`. A string declaring a Java Array / ArrayList or a JavaScript
array is filled as a list (the one the request writes out as `[a, b]`, if it does) and written as that language
writes one (`new long[]{1L}`, `new ArrayList<>(Arrays.asList(1L))`, `[1, 'a']`), or as the one variable it names
(adverbs of manner after it, 'sort myItems alphabetically', are no items).
A string whose description names qualified constants of one type (`ResultSet.TYPE_FORWARD_ONLY`) takes the constant
the request says; one declaring a code integer takes the named constant the request writes after the parameter's
own words ('a retry mode of `Policy.RETRY_ALL`', 'a retry mode of RETRY_NONE'), as code names a number by its
constant. A code variable the request quotes whose name opens with a parameter's name, or opens it
(`cacheService` for `cache`, `clockNanos` for `clockNanosSupplier`), is that parameter's value: code names a
variable for what it holds, and so does one whose words end with the parameter's (`progressMonitor` for
`monitor`). A parameter taking any object that is left with words alone takes the one camelCase variable the
request writes, quoted or not, that no argument holds (none written: one left with a prose word, 'the object',
takes the one quote no argument holds); so does a map left with words alone ('keys 'name' and 'age'' name no
entry's value). One the request names in the words its description opens with ('the terminal
interface' for 'The Terminal interface used ...') is the variable those words name (`terminalInterface`).
A parameter described as an object of a class with a constructor
('a Path object that has constructor taking one path parameter') takes a literal value as that constructor's
call (`new Path("/tmp/a")`), a record the request writes with the constructor's parameter names
(`{host='a', port=80}`) giving its arguments in the constructor's order; a second argument the description shows
by a whole number takes the request's one spare whole number (an address, then its port). A string declaring a
JavaScript dict or a Java HashMap is filled as an object (its entries as the description's schema gives them, or
the map the request writes out) and written as that language's map (`{role: 'admin'}`, `new HashMap<String,
Object>() {{ put("role", "admin"); }}`); one the request gives no entries of is the variable that holds it, and
one with no entries schema takes the entries the request says in prose ('the key 'tier' with value 'cold'', 'the
options include a page width of '80' and a colour scheme set to 'mono'': keyed as code names a field). A count
a time-unit parameter's description names ('The time unit for waitTime') is counted in the unit it holds ('2
minutes' with `SECONDS`: 120). Another parameter's name the request writes as a label ('a lineMap object named
'tsMap'') is no value of an optional parameter.
Pure functions.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass

from rtkit.local.model import extract, structures, units
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
# A number or boolean literal as code writes it ('42', '42L', '1.5f', '7n', 'true').
_LITERAL_RE = re.compile(r"-?\d+(?:\.\d+)?[LlFfDdn]?|true|false")
# The humps of a camelCase name after its first word (`Records` of `userRecords`). The three patterns built on them
# differ on purpose: a whole value (`_VARIABLE_RE`) starts with letters only, a variable found in running text
# (`_CAMEL_VARIABLE_RE`) may have digits in its first word, and a quoted identifier (`QUOTED_IDENTIFIER_RE`) may
# also be snake_case or start with a capital, as the quotes already mark it as code.
_HUMP = r"[A-Z][a-z0-9]*"
# A variable's name in camelCase (`userRecords`): a value that names where the list is.
_VARIABLE_RE = re.compile(rf"^[a-z]+(?:{_HUMP})+$")
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
            value = _list_variable(value) or value
        out[name] = as_written(value, what)
    return out


# An adverb of manner ('alphabetically', 'ascendingly'): says how a list is used, never one of its items.
_MANNER_RE = re.compile(r"[a-z]{3,}ly")
# Words ending in 'ly' that are no adverb ('family', 'supply'): they may well be what a list holds.
_NOT_MANNER = frozenset("family supply apply reply multiply comply assembly anomaly italy rally jelly belly".split())


def _list_variable(items: list) -> str:
    """The one variable a list filled from the request names (`userRecords`), its other items only adverbs of
    manner ('sort myItems alphabetically and ascendingly'), or the other words of its item; '' when none does."""
    variables = [item for item in items if _VARIABLE_RE.match(str(item))]
    if len(variables) == 1:
        return str(variables[0])
    words = [w for item in items for w in str(item).split()]
    named = [w for w in words if _VARIABLE_RE.match(w)]
    plain = all(_MANNER_RE.fullmatch(w) and w not in _NOT_MANNER or w in named for w in words)
    return named[0] if len(named) == 1 and plain else ""


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
    parts = []
    for key, value in entries.items():
        if isinstance(value, (bool, int, float)):
            text = str(_literal(value, language, ""))
        elif isinstance(value, dict) and language == "javascript":
            text = _map_written(value, language)
        else:
            text = _quoted(str(value), language)
        parts.append(f"{key}: {text}" if language == "javascript" else f'put("{key}", {text});')
    if language == "javascript":
        return "{" + ", ".join(parts) + "}"
    return "new HashMap<String, Object>() {{ " + " ".join(parts) + " }}" if parts else "new HashMap<>()"


def _list_written(values: list, what: Declared) -> str:
    """A list as code: `[1, 'a']` in JavaScript, `new long[]{1L}` / `new String[]{"a"}` for a Java array,
    `new ArrayList<>(Arrays.asList(1L, 2L))` for a Java ArrayList."""
    element = what.element.lower()
    parts = []
    for item in values:
        if element in _JSON_TYPES:
            parts.append(str(_literal(item, what.language, element)))
        else:  # an element of no JSON type: a string is quoted, anything else written as a plain literal
            parts.append(
                _quoted(item, what.language) if isinstance(item, str) else str(_literal(item, what.language, ""))
            )
    inner = ", ".join(parts)
    if what.language == "javascript":
        return f"[{inner}]"
    if what.kind == "array":
        java_type = _JAVA_PRIMITIVES.get(element) or (what.element if what.element else "Object")
        return f"new {java_type}[]{{{inner}}}"
    return f"new ArrayList<>(Arrays.asList({inner}))"


def _quoted(text: str, language: str) -> str:
    """A string literal: in single quotes in JavaScript, double in Java, the quote escaped inside."""
    quote = "'" if language == "javascript" else '"'
    return quote + text.replace(quote, "\\" + quote) + quote


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
QUOTED_IDENTIFIER_RE = re.compile(rf"[`'\"]([A-Za-z][a-z0-9]*(?:{_HUMP}|_[a-z0-9]+)+)[`'\"]")


def variables_named(request: str, arguments: dict[str, object], parameters: object) -> dict[str, object]:
    """`arguments` with each free-text string parameter given the one quoted code variable named for it: the
    words of one name open the other's (`indexSettingsForLogs` for `indexSettings`, `timeNanos` for
    `timeNanosSupplier`), or else the parameter's close the variable's (`progressMonitor` for `monitor`) when no
    other parameter holds it; a variable naming several parameters goes to the one it names exactly, if any; a
    parameter already given a quoted variable no parameter is named for keeps it, and a map the request gives the
    entries of keeps them (`chartModule` may be an entry of the chart's map)."""
    props = parameters.get("properties") if isinstance(parameters, dict) else None
    if not isinstance(props, dict):
        return arguments
    declared = declared_types(parameters)
    names = [
        n
        for n, schema in props.items()
        if isinstance(schema, dict)
        and schema.get("type") == "string"
        and "enum" not in schema
        and not (n in declared and declared[n].kind in _JSON_TYPES and _LITERAL_RE.fullmatch(str(arguments.get(n))))
        and not (n in declared and declared[n].kind in _MAPS and str(arguments.get(n)).startswith(("{", "new ")))
    ]  # a number, boolean or map the request gives stays: the variable only labels it ('the 'itemId' is 7')
    variables = [v for v in dict.fromkeys(QUOTED_IDENTIFIER_RE.findall(request)) if v[0].islower()]
    pairs: dict[str, list[str]] = {}
    for variable in variables:
        words = split_identifier(variable)
        named = [n for n in names if _opens(split_identifier(n), words)]
        # else a qualifier before the parameter's name (`progressMonitor` is a monitor), one no other holds
        held = any(value == variable for value in arguments.values())
        named = named or [n for n in names if not held and _closes(split_identifier(n), words)]
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


def _closes(name: list[str], variable: list[str]) -> bool:
    """Whether a parameter's words end a longer variable's words (`monitor`, `progressMonitor`)."""
    lowered = [w.lower() for w in variable]
    return 0 < len(name) < len(variable) and lowered[-len(name) :] == [w.lower() for w in name]


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


# Entries of a map said in prose: 'the key 'format' with value 'iso'', or after the map's own words and 'include' /
# 'containing', each entry a noun phrase and its quoted value ('a limit of '50' and a sort order set to 'desc'').
_QUOTE = r"(?:'([^']*)'|\"([^\"]*)\"|`([^`]*)`)"
_KEY_VALUE_RE = re.compile(
    r"\bkey\s+" + _QUOTE + r"\s+(?:with|and|having|set\s+to|mapped\s+to)\s+(?:the\s+|a\s+)?value\s+" + _QUOTE,
    re.IGNORECASE,
)
_HOLDING_RE = re.compile(r"\b(?:includes?|including|contains?|containing)\b\s*:?\s*", re.IGNORECASE)
_NAMED_ENTRY_RE = re.compile(
    r"(?:an?|the)\s+([a-z]+(?:\s+[a-z]+){0,2}?)\s+(?:of|set\s+to|equal\s+to|as)\s+" + _QUOTE + r"(?:\s*,)?",
    re.IGNORECASE,
)
_ENTRY_JOIN_RE = re.compile(r"\s*(?:,\s*)?(?:and\s+)?")
_WHOLE_RE = re.compile(r"-?\d+")


@dataclass(frozen=True)
class SaidEntries:
    """A map's entries a request says in prose, and where it says them."""

    name: str
    """The map parameter they fill."""
    entries: dict
    """Key → value (a quoted whole number is that number)."""
    spans: tuple[tuple[int, int], ...]
    """The characters that say them."""


def entries_said(request: str, parameters: object, declared: dict[str, Declared]) -> SaidEntries | None:
    """The entries a request says in prose for the one declared map parameter it gives no entries schema to and
    writes out no map for: pairs 'the key 'K' with value 'V'', or, right after that parameter's own words and
    'include(s)' / 'containing', noun phrases with their quoted values, each keyed as code names a field (camelCase:
    'a sort order of 'desc'' is `sortOrder`)."""
    props = parameters.get("properties") if isinstance(parameters, dict) else None
    open_maps = [name for name, what in declared.items() if what.kind in _MAPS and not what.entries]
    if not isinstance(props, dict) or len(open_maps) != 1 or any(s.kind == "dict" for s in structures.nested(request)):
        return None
    name = open_maps[0]
    entries: dict = {}
    spans: list[tuple[int, int]] = []
    for m in _KEY_VALUE_RE.finditer(request):
        entries[_quoted_group(m, 1)] = _entry_value(_quoted_group(m, 4))
        spans.append(m.span())
    if not entries:
        own = _own_words(name, props.get(name))
        for holding in _HOLDING_RE.finditer(request):
            before = request[max(0, holding.start() - 40) : holding.start()]
            if not {w.lower() for w in re.findall(r"[A-Za-z]+", before)} & own:
                continue  # 'include' said of something other than the map
            at, found = holding.end(), []
            while (entry := _NAMED_ENTRY_RE.match(request, at)) is not None:
                found.append(entry)
                at = entry.end() + len(_ENTRY_JOIN_RE.match(request, entry.end()).group())  # type: ignore[union-attr]
            if len(found) < 2:
                continue  # one noun phrase after 'including' is as likely the tool's own argument
            for entry in found:
                entries[_camel(entry.group(1))] = _entry_value(_quoted_group(entry, 2))
                spans.append(entry.span())
            break
    return SaidEntries(name, entries, tuple(spans)) if entries else None


def _quoted_group(m: re.Match[str], first: int) -> str:
    """The text of the quote whose three alternative groups open at group `first`."""
    return next(g for g in m.groups()[first - 1 : first + 2] if g is not None)


def _entry_value(text: str) -> object:
    """A said entry's value: a whole number as that number, anything else as its text."""
    return int(text) if _WHOLE_RE.fullmatch(text.strip()) else text


def _camel(phrase: str) -> str:
    """A noun phrase as code names a field: 'schema filter' → `schemaFilter`."""
    words = phrase.lower().split()
    return words[0] + "".join(w.capitalize() for w in words[1:])


def _own_words(name: str, schema: object) -> set[str]:
    """The words a parameter's name and the first sentence of its description are made of, lower case."""
    description = str(schema.get("description", "")) if isinstance(schema, dict) else ""
    first = re.split(r"\.(?:\s|$)", description, maxsplit=1)[0]
    words = {w.lower() for w in split_identifier(name)} | {w.lower() for w in re.findall(r"[A-Za-z]+", first)}
    return {w for w in words if len(w) > 3} - {"this", "that", "with", "from", "which", "their", "java", "string"}


def map_written(entries: dict, what: Declared) -> str:
    """Entries written as `what`'s language writes a map."""
    return _map_written(entries, what.language)


# A parameter taking any object of the language: its value is code, most often a variable the request names.
_ANY_OBJECT_RE = re.compile(r"\bany\s+type\s+of\s+(?:Java|JavaScript)\s+object\b")
# A variable written in camelCase, in quotes or not (`xmlReader`, parsedTree), not a call or a member.
_CAMEL_VARIABLE_RE = re.compile(rf"(?<![\w.$])[a-z][a-z0-9]*(?:{_HUMP})+(?![\w$(]|\.\w)")


# Words alone ('DOM', 'TypeScript'): no code that passes an object (`System.out`, `new Reader()`, `rootNode`).
_PLAIN_WORDS_RE = re.compile(r"(?:[A-Za-z]+(?:\s+[A-Za-z]+)*)?")
# Closing quote, then 'method' / 'function': the name of what is called, no variable.
_CALLED_RE = re.compile(r"[`'\"]?\s+(?:method|function|call)\b")


def variables_left(request: str, arguments: dict[str, object], parameters: object) -> dict[str, object]:
    """`arguments` with the one parameter taking any object, or a map, whose value is words alone (a word of the
    request, 'DOM', or none) given the one camelCase variable the request writes that no argument holds: code passes
    an object by the variable holding it, and words are no map. With no such variable, one left with a lower-case
    word ('the object') or none takes the one quote no argument holds ('set it to '1.2.3'')."""
    props = parameters.get("properties") if isinstance(parameters, dict) else None
    if not isinstance(props, dict):
        return arguments
    held_maps = maps(declared_types(parameters))
    objects = [
        name
        for name, schema in props.items()
        if isinstance(schema, dict)
        and (_ANY_OBJECT_RE.search(str(schema.get("description", ""))) or name in held_maps)
        and _PLAIN_WORDS_RE.fullmatch(str(arguments.get(name, ""))) is not None
        and not _VARIABLE_RE.match(str(arguments.get(name, "")))
    ]
    held = " ".join(str(value) for value in arguments.values())
    named = [m.group() for m in _CAMEL_VARIABLE_RE.finditer(request) if not _CALLED_RE.match(request, m.end())]
    left = [v for v in dict.fromkeys(named) if v not in held]
    required = parameters.get("required") if isinstance(parameters, dict) else None
    given = len(objects) == 1 and (objects[0] in arguments or isinstance(required, list) and objects[0] in required)
    stray = given and (str(arguments.get(objects[0], "")).islower() or objects[0] not in arguments)
    if given and stray and not left:  # a prose word ('an object'): else the one quote no argument holds
        left = [q for q in dict.fromkeys(extract.quoted(request)) if q not in held]
    if not given or len(left) != 1:
        return arguments
    return {**arguments, objects[0]: left[0]}


# The noun phrase a description opens with: an article, then a qualifier and its head noun ('The Terminal interface
# used for ...', 'The break node to be updated').
_OPENING_PHRASE_RE = re.compile(r"\s*(?:The|A|An)\s+([A-Za-z]+)\s+([a-z][a-z]+)\b")


def objects_described(request: str, arguments: dict[str, object], parameters: object) -> dict[str, object]:
    """`arguments` with each parameter taking any object whose value is words alone, another argument's value or
    none given the variable the request names in the words its description opens with ('using the terminal
    interface' for 'The Terminal interface used for ...' → `terminalInterface`; 'a breaknode' for 'The break node
    ...' → `breakNode`): code names a variable for what it holds, and the words must hold the parameter's name."""
    props = parameters.get("properties") if isinstance(parameters, dict) else None
    if not isinstance(props, dict):
        return arguments
    required = parameters.get("required") if isinstance(parameters, dict) else None
    out = dict(arguments)
    for name, schema in props.items():
        description = str(schema.get("description", "")) if isinstance(schema, dict) else ""
        value = arguments.get(name)
        others = [v for k, v in arguments.items() if k != name]
        if not _ANY_OBJECT_RE.search(description):
            continue
        if name not in arguments and not (isinstance(required, list) and name in required):
            continue
        if value is not None and value not in others:
            if _PLAIN_WORDS_RE.fullmatch(str(value)) is None or _VARIABLE_RE.match(str(value)):
                continue
        opening = _OPENING_PHRASE_RE.match(description)
        if opening is None:
            continue
        words = [opening.group(1).lower(), opening.group(2)]
        if not {w.lower() for w in split_identifier(name)} <= set(words):
            continue
        said = re.search(
            rf"\b(?:the|a|an|my|your|our|its|this|that)\s+{words[0]}\s?{words[1]}\b", request, re.IGNORECASE
        )
        if said is not None:
            out[name] = words[0] + words[1].capitalize()
    return out


# A parameter giving the unit other durations are counted in: 'The time unit for both waitTime and leaseTime'.
_TIME_UNIT_RE = re.compile(r"\btime\s+unit\b", re.IGNORECASE)
# A whole or decimal count as code writes it, with its type suffix ('2L', '1.5f', '30').
_COUNT_RE = re.compile(r"(-?\d+(?:\.\d+)?)([LlFfDd]?)")


def durations_in_unit(request: str, arguments: dict[str, object], parameters: object) -> dict[str, object]:
    """`arguments` with each count a time-unit parameter's description names counted in the unit that parameter
    holds: 'a lease of 2 minutes' with the unit `SECONDS` is 120 (code passes the number and its unit apart)."""
    props = parameters.get("properties") if isinstance(parameters, dict) else None
    if not isinstance(props, dict):
        return arguments
    out = dict(arguments)
    for name, schema in props.items():
        description = str(schema.get("description", "")) if isinstance(schema, dict) else ""
        held = str(arguments.get(name, "")).rsplit(".", 1)[-1].lower()
        target = units.unit(held) if _TIME_UNIT_RE.search(description) and held else None
        if target is None or target.dimension != "time":
            continue
        for counted in (n for n in props if n != name and re.search(rf"\b{re.escape(n)}\b", description)):
            count = _COUNT_RE.fullmatch(str(arguments.get(counted, "")))
            said = count and re.search(rf"(?<![\w.]){re.escape(count.group(1))}\s*-?\s*([a-z]+)", request)
            source = units.unit(said.group(1)) if said else None
            if count is None or source is None or source.symbol == target.symbol:
                continue
            converted = units.convert(float(count.group(1)), source, target)
            if converted is None or converted != int(converted):
                continue
            given = arguments[counted]
            whole = isinstance(given, int) or isinstance(given, str) and "." not in count.group(1)
            value: int | float = int(converted) if whole else converted
            out[counted] = f"{value}{count.group(2)}" if isinstance(given, str) else value
    return out


def labels_dropped(arguments: dict[str, object], parameters: object) -> dict[str, object]:
    """`arguments` without an optional parameter's value that is another given parameter's name: the request
    wrote that name as the label of the other's value ('a lineMap object named 'tsMap''), no value of its own."""
    props = parameters.get("properties") if isinstance(parameters, dict) else None
    required = parameters.get("required") if isinstance(parameters, dict) else None
    if not isinstance(props, dict):
        return arguments
    needed = required if isinstance(required, list) else []
    return {
        name: value
        for name, value in arguments.items()
        if name in needed or not (isinstance(value, str) and value in props and value != name and value in arguments)
    }
