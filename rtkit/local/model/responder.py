"""Rule-based responder: the local Realtime server's deterministic stand-in for a speech-to-speech model.

It is not a language model. Given the conversation (GA item dicts) and the session's function tools,
it decides the next response with fixed rules:

1. If the calls made since the latest user message have outputs, answer with sentences phrased from
   those outputs (`phrasing`), so a request never triggers the same call twice.
2. If the request or the response instructions ask for a summary of the conversation, answer with an
   extractive summary.
3. Otherwise route the latest user request to the best-matching tool (`routing`) and fill its
   arguments from the request (`arguments`); requests that match no tool well enough get an
   acknowledgement ("I heard: ...").

Everything is a pure function of its inputs (apart from today's date for "last month").
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rtkit.local.model import actions, grounding, identifiers, own_words, recall, topic
from rtkit.local.model import arguments as args
from rtkit.local.model.phrasing import phrase_outputs, readable
from rtkit.local.model.routing import (
    MIN_SCORE,
    ToolScore,
    rank_tools,
    tool_concepts,
    tool_frame,
    tool_name,
    tool_parameters,
)
from rtkit.local.model.transcript import (
    addresses_misheard,
    as_said,
    codes_heard,
    currencies_misheard,
    numbers_misheard,
    tool_words_misheard,
    verb_misheard,
)
from rtkit.local.text import STOPWORDS, concepts, sentences, split_identifier, stem

SUMMARY_PREFIX = "Summary of the earlier conversation:"


@dataclass(frozen=True)
class FunctionCallPlan:
    """The response is one function call."""

    name: str
    """Name of the tool to call."""
    arguments: str
    """Arguments as compact JSON object text."""


@dataclass(frozen=True)
class MessagePlan:
    """The response is an assistant message (spoken when audio output is on)."""

    text: str
    """What the assistant says."""


def _is_message(item: dict, role: str | None = None) -> bool:
    kind = item.get("type", "message")
    return kind == "message" and (role is None or item.get("role") == role)


def message_text(item: dict) -> str:
    """All text of a message item: input/output text, and transcripts of input/output audio."""
    content = item.get("content")
    if not isinstance(content, list):
        return content if isinstance(content, str) else ""
    parts = []
    for part in content:
        if not isinstance(part, dict):
            continue
        kind = part.get("type")
        value = part.get("transcript") if kind in ("input_audio", "output_audio", "audio") else part.get("text")
        if isinstance(value, str) and value.strip():
            parts.append(value.strip())
    return " ".join(parts)


def user_text(item: dict) -> str:
    """Text of a user message item: its `input_text` text and `input_audio` transcript ('' if none)."""
    if not isinstance(item, dict) or not _is_message(item, "user"):
        return ""
    return as_said(message_text(item))


def _choice(tool_choice: object) -> tuple[str, str | None]:
    """('auto'|'none'|'required', forced tool name or None)."""
    if isinstance(tool_choice, dict):
        name = tool_choice.get("name")
        if not isinstance(name, str):
            fn = tool_choice.get("function")
            name = fn.get("name") if isinstance(fn, dict) else None
        return ("required", name) if isinstance(name, str) and name else ("auto", None)
    if tool_choice in ("none", "required"):
        return tool_choice, None
    return "auto", None


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split()).rstrip(".!?,;: ")
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _acknowledge(request: str, had_user: bool) -> MessagePlan:
    if not had_user:
        return MessagePlan("Hello. How can I help you today?")
    if not request.strip():
        return MessagePlan("Sorry, I didn't catch that. Could you say it again?")
    return MessagePlan(f"I heard: {_clip(request)}.")


def _ask_for(tool: dict, missing: Sequence[str]) -> MessagePlan:
    """A question for the required parameters a request left out."""
    schema = tool_parameters(tool)
    props = schema.get("properties", {}) if isinstance(schema, dict) else {}
    names = [readable(m) for m in missing]
    if len(missing) == 1 and isinstance(props, dict):
        options = args.enum_values(props.get(missing[0]))
        if options:
            shown = [str(o) for o in options[:4]]
            listed = ", ".join(shown[:-1]) + " or " + shown[-1] if len(shown) > 1 else shown[0]
            return MessagePlan(f"Which {names[0]} do you mean? For example {listed}.")
    wanted = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    return MessagePlan(f"To do that I need the {wanted}. What should I use?")


def plan_response(
    items: Sequence[dict],
    tools: Sequence[dict],
    instructions: str = "",
    tool_choice: str | dict = "auto",
    *,
    today: date | None = None,
) -> FunctionCallPlan | MessagePlan:
    """Decide the next response for a conversation: a function call or a message (never raises on odd input).

    A last request that calls nothing as written is read once more with what a recognizer writes for a number word
    read as the number (:func:`~rtkit.local.model.transcript.numbers_misheard`: "Convert fine kilometres to miles"),
    for a currency read as the currency (:func:`~rtkit.local.model.transcript.currencies_misheard`: "from your own
    to dollars"), for a tool's verb read as the verb (:func:`~rtkit.local.model.transcript.verb_misheard`:
    "Conveyor three hundred feet into meters") and for another word of a tool's name read as that word
    (:func:`~rtkit.local.model.transcript.tool_words_misheard`: "Look through my notice"), and that reading's call
    made, if it has one; failing that, the call of the one tool its values fill (:func:`_only_filled`). Only a spoken
    request (the transcript of its audio) is read so, and only when it is not understood as written: typed text means
    what it says. Before a spoken request is read at all, an address a recognizer wrote with a misheard mail domain
    ("info@memple.co.uk") is read as the address said
    (:func:`~rtkit.local.model.transcript.addresses_misheard`), and a code it wrote in hyphenated groups
    ("R2-D2-8F") as one word (:func:`~rtkit.local.model.transcript.codes_heard`)."""
    items = _as_heard(items)
    plan = _plan_response(items, tools, instructions, tool_choice, today)
    if isinstance(plan, FunctionCallPlan) or not tools or not items or not isinstance(items[-1], dict):
        return plan
    last = items[-1]
    if not _is_message(last, "user") or not _spoken(last):
        return plan
    said = user_text(last)
    verbs = [w for t in tools for w in split_identifier(tool_name(t))]
    reread = tool_words_misheard(verb_misheard(currencies_misheard(numbers_misheard(said)), verbs), verbs)
    if reread != said:
        item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": reread}]}
        again = _plan_response([*items[:-1], item], tools, instructions, tool_choice, today)
        if isinstance(again, FunctionCallPlan):
            return again
    if _choice(tool_choice)[0] == "none":
        return plan
    only = _only_filled([t for t in tools if tool_name(t)], reread, today)
    return only if only is not None else plan


def _as_heard(items: Sequence[dict]) -> Sequence[dict]:
    """``items`` with the transcripts of the last user message's audio holding their e-mail addresses and codes as
    said (:func:`~rtkit.local.model.transcript.addresses_misheard`,
    :func:`~rtkit.local.model.transcript.codes_heard`); its typed text, and every other item, as they are."""
    if not isinstance(items, Sequence):
        return items
    last = _last_user(items)
    content = items[last].get("content") if last >= 0 else None
    if not isinstance(content, list):
        return items
    heard = [
        {**part, "transcript": codes_heard(addresses_misheard(part["transcript"]))}
        if isinstance(part, dict) and part.get("type") == "input_audio" and isinstance(part.get("transcript"), str)
        else part
        for part in content
    ]
    if heard == content:
        return items
    return [*items[:last], {**items[last], "content": heard}, *items[last + 1 :]]


def _last_user(items: Sequence[object]) -> int:
    """Index of the last user message of ``items`` (-1 when there is none)."""
    return max((i for i, it in enumerate(items) if isinstance(it, dict) and _is_message(it, "user")), default=-1)


def _spoken(item: dict) -> bool:
    """Whether a user message was spoken: it holds the transcript a recognizer wrote of its audio."""
    content = item.get("content")
    return isinstance(content, list) and any(isinstance(p, dict) and p.get("type") == "input_audio" for p in content)


def _only_filled(tools: Sequence[dict], request: str, today: date | None) -> FunctionCallPlan | None:
    """The call of the one tool to which the request states every required value, each of a fixed form (numbers,
    lists of them, a listed value; never free text), a list or listed value among them: a request whose words about
    what to do were lost ('Compute management between the point 3, 4 and the point 1, 2' for a distance between
    points). None when no tool or several are so filled."""
    found = []
    for tool in tools:
        schema = tool_parameters(tool)
        schema = schema if isinstance(schema, dict) else {}
        props, required = schema.get("properties"), schema.get("required")
        if not isinstance(props, dict) or not isinstance(required, list) or len(required) < 2:
            continue
        kinds: list[dict] = [kind if isinstance(kind := props.get(k), dict) else {} for k in required]
        if not all(_fixed_form(kind) for kind in kinds) or not any(_structured(kind) for kind in kinds):
            continue
        filled = _fill(tool, request, today)
        if not filled.missing and not set(filled.guessed) & set(required):
            found.append((tool, filled))
    if len(found) != 1:
        return None
    tool, filled = found[0]
    return FunctionCallPlan(tool_name(tool), json.dumps(dict(filled.arguments), separators=(",", ":")))


def _structured(schema: dict) -> bool:
    """A value of a form of its own: a list, or one of listed values."""
    return schema.get("type") == "array" or isinstance(schema.get("enum"), list)


def _fixed_form(schema: dict) -> bool:
    """A value of a fixed form: a number, a list of numbers or a listed value (not free text)."""
    if isinstance(schema.get("enum"), list) or schema.get("type") in ("number", "integer"):
        return True
    items = schema.get("items")
    return schema.get("type") == "array" and isinstance(items, dict) and items.get("type") in ("number", "integer")


def _plan_response(
    items: Sequence[dict], tools: Sequence[dict], instructions: str, tool_choice: str | dict, today: date | None
) -> FunctionCallPlan | MessagePlan:
    """The next response for a conversation, its last request read as written."""
    items = [it for it in items if isinstance(it, dict)]
    tools = [t for t in tools if tool_name(t)]
    last_user = _last_user(items)
    request = user_text(items[last_user]) if last_user >= 0 else ""
    if _is_summary_request(instructions or "") and _choice(tool_choice)[0] != "required":
        return MessagePlan(summarize(items))  # asked for by the response itself (a renewal's out-of-band summary)

    names: dict[str, str] = {}
    earlier_calls: set[str] = set()
    for i, it in enumerate(items):
        if it.get("type") == "function_call":
            call_id = str(it.get("call_id"))
            called = it.get("name")
            names[call_id] = called if isinstance(called, str) else ""
            if i < last_user:
                earlier_calls.add(call_id)
    after = items[last_user + 1 :]
    outputs = [
        (names.get(str(it.get("call_id")), ""), it.get("output", ""))
        for it in after
        if it.get("type") == "function_call_output" and str(it.get("call_id")) not in earlier_calls
    ]
    if outputs:
        return MessagePlan(phrase_outputs(outputs))
    answered = {str(it.get("call_id")) for it in after if it.get("type") == "function_call_output"}
    pending = [
        it.get("name") for it in after if it.get("type") == "function_call" and str(it.get("call_id")) not in answered
    ]
    if pending:
        return MessagePlan(f"I'm still waiting for the result of {readable(str(pending[0]))}.")

    mode, forced = _choice(tool_choice)
    if mode != "required" and wants_summary(instructions, items):
        return MessagePlan(summarize(items))
    if mode != "required" and last_user > 0 and recall.is_recall(request):
        answer = recall.recall_answer(request, recall.memories(items[:last_user], message_text, SUMMARY_PREFIX, names))
        if answer:
            return MessagePlan(answer)
    if mode == "none" or not tools:
        return _acknowledge(request, last_user >= 0)

    if forced is not None:
        tool = next((t for t in tools if tool_name(t) == forced), None)
        if tool is None:
            return MessagePlan(f"I can't use {readable(forced)}: it is not one of this session's tools.")
    else:
        ranking = rank_tools(request, tools)
        # Tools whose name or description covers what the request is about, best-scoring first.
        fitting = [r for r in ranking if r.score >= MIN_SCORE and topic.fits(request, tools[r.index])]
        if _asks_only_to_write(request):  # 'Schedule my gym session' is not served by a tool that only searches
            fitting = [r for r in fitting if actions.tool_action(tools[r.index]) != "search"]
            asked = actions.request_action(request)
            # nor by one that edits in another way: 'Schedule a meeting' by no tool that reschedules one
            fitting = [r for r in fitting if not actions.other_edit(asked, tools[r.index])]
        if not fitting:
            taken = _takes_request(request, [tools[r.index] for r in ranking])
            if taken is not None:
                return taken
        if not fitting and mode == "auto":
            found = _finds_whether_any(request, ranking, tools, today)
            if found is not None:
                return _finish(items, last_user, mode, tools, *found, request, today)
            follow = _follow_up(items[:last_user], request, tools, today)
            return follow if follow is not None else _acknowledge(request, last_user >= 0)
        tool, filled = _best_filled(fitting or ranking[:1], tools, request, today)
        if fitting and mode == "auto":
            taken = _takes_request(request, [tool])
            if taken is not None:
                return taken
        return _finish(items, last_user, mode, tools, tool, filled, request, today)

    return _finish(items, last_user, mode, tools, tool, _fill(tool, request, today), request, today)


def _takes_request(request: str, ordered: Sequence[dict]) -> FunctionCallPlan | None:
    """The call for the first of `ordered` whose value is the request itself (`own_words`). Nothing else is
    read from the request: it is the content the tool takes, not words addressed to the tool."""
    taken = own_words.taking_tool(request, ordered)
    if taken is None:
        return None
    index, name, value = taken
    return FunctionCallPlan(tool_name(ordered[index]), json.dumps({name: value}, separators=(",", ":")))


def _asks_only_to_write(request: str) -> bool:
    """Whether the request's main verb asks to create, delete, change or send something, and none of its clauses asks
    to search."""
    if actions.request_action(request) not in actions.WRITES:
        return False
    return all(actions.request_action(clause) != "search" for clause in topic.clauses(request))


# 'Are there any salons in X?', 'Is there a dentist near Y?': asking whether such things exist asks to find them.
_WHETHER_ANY_RE = re.compile(r"\s*(?:are|is)\s+there\s+(?:any|an?|some)\s", re.IGNORECASE)


def _finds_whether_any(
    request: str, ranking: Sequence[ToolScore], tools: Sequence[dict], today: date | None
) -> tuple[dict, args.FilledArguments] | None:
    """For a question whether there are such things, the best-scoring tool that finds them, when its topic fits and
    the request states every value it requires, however little of its wording the request shares (the kind of
    thing asked for may be named only in a parameter's description)."""
    if not _WHETHER_ANY_RE.match(request):
        return None
    for r in ranking:
        tool = tools[r.index]
        if r.score <= 0 or actions.tool_action(tool) != "search" or not topic.fits(request, tool):
            continue
        filled = _fill(tool, request, today)
        if filled.arguments and not filled.missing and not filled.guessed:
            return tool, filled
        return None
    return None


_CLOSE = 0.6
"""Tools scoring within this share of the best are told apart by how well the request fills them."""


def _best_filled(
    candidates: Sequence[ToolScore], tools: Sequence[dict], request: str, today: date | None
) -> tuple[dict, args.FilledArguments]:
    """Of the close runners-up, the tool the request fills without a required value missing, a tool doing what the
    request's verb asks before one doing other ('Remove the task about ...' for a search), and of those the
    best-scoring one unless another is given more of the request's values ('What time is it in Tokyo?' fills a
    current-time tool, not a conversion that needs a time too; 'If it is 4:15 pm in Lisbon, what time is it in
    Chicago?' gives a conversion two values more). One value more outweighs only a nearly equal score: a stray word
    read into an extra parameter ('a one-way flight on the 6th' read as a round trip's return date) often gives it."""
    top = candidates[0].score
    action = next(filter(None, map(actions.request_action, topic.clauses(request))), "")
    head = tools[candidates[0].index]
    fills = [(candidates[0], head, _fill(head, request, today))]
    # The best match doing other than the verb asks with a required value only guessed ('I need to block out time
    # ... could we schedule that' for a tool finding free times, given no user) is no better than a runner-up however
    # far behind doing what is asked with every required value stated.
    astray = bool(action) and actions.tool_action(head) not in ("", action) and _guesses_required(*fills[0][1:])
    for r in candidates[1:3]:  # a runner-up is filled only when it could be chosen
        tool = tools[r.index]
        # a tool the request labels every required value of ('the resource ID is X, the user ID is Y') is close too
        close = (
            r.score >= _CLOSE * top
            or _does_instead(tool, tools, candidates, action)
            or grounding.labels_every_required(tool, request)
            or _takes_named_code(tool, request)
            and not _takes_named_code(head, request)
        )
        if not close and not (astray and actions.tool_action(tool) == action):
            continue
        f = _fill(tool, request, today)
        if close or not f.missing and not _guesses_required(tool, f):
            fills.append((r, tool, f))
    categories = {c for _, t, f in fills for c in _category_values(t, f)}
    # A close match the request states every required value of outranks one that guesses one from leftover words
    # ('Draw [captured] with the prompt "a red kite"'); a tool close only by doing what the verb asks does not.
    stating = any(r.score >= _CLOSE * top and not _guesses_required(t, f) for r, t, f in fills)
    whole = {v for _, t, f in fills for v in _numbers_typed(t, f, {"integer"})}
    # A code the request gives after its name ('product ID SK123') is for a tool that takes it: one with no place for
    # it (a search by category and colour) leaves out the very thing the request is about.
    coded = {id(t) for _, t, _ in fills if _takes_named_code(t, request)}
    ranked = []
    for r, tool, f in fills:
        # A required value repeating another's fills the tool only when the request asks what it does ('Play a song
        # from the album X' plays one from X; 'I hear the album X is good' looks the album up).
        off = bool(action) and actions.tool_action(tool) not in ("", action)
        asked = bool(action) and actions.tool_action(tool) == action
        # nor does a value guessed from leftover words fill a tool doing other than the verb asks ('look for films
        # showing X' gives a film player no title)
        lacking = bool(f.missing) or not asked and (_repeats_only(tool, f) or off and bool(f.guessed))
        # nor when the request asks for several things, none named ('play me some jazz tunes by X from their record Y')
        lacking = lacking or _SEVERAL_RE.search(request) is not None and _repeats_only(tool, f)
        # A category word another tool lists ('House' as its genre) names no one thing: 'play some House songs' gives a
        # player no track title.
        lacking = lacking or _required_free_text(tool, f) & categories != set()
        # A free-text value that asks the assistant something ('too loud, could you turn it down') is the request's
        # own words read as a value, not a title or a query it gives.
        lacking = lacking or any(_ASKS_YOU_RE.search(v) for v in _required_free_text(tool, f))
        # A whole number given as a fraction where a rival takes it whole ('Set the rows to 8': an integer setter, not
        # a float setter)
        loose = bool(_numbers_typed(tool, f, _FRACTIONAL) & whole)
        key = (lacking, bool(coded) and id(tool) not in coded, off, stating and _guesses_required(tool, f), loose)
        ranked.append((key, r, f, _given(tool, f, request)))
    ranked.sort(key=lambda c: (c[0], -c[1].score))  # stable: ties keep the ranking's order
    rank, best, filled, given = ranked[0]
    rivals = [
        c
        for c in ranked[1:]
        if c[0] == rank
        and (
            c[3] >= given + 2
            or c[3] > given
            and (
                c[1].score >= _NEAR * best.score
                or _states_more(c, request, tools, filled)
                or _labels_more(tools[c[1].index], tools[best.index], request)
            )
        )
    ]
    if rivals:
        _, best, filled, _ = max(rivals, key=lambda c: (c[3], c[1].score))
    return tools[best.index], filled


# An indefinite plural ('some songs', 'some old jazz records'): several things, none of them named.
_SEVERAL_RE = re.compile(r"\bsome (?:[a-z]+ ){0,2}[a-z]{3,}s\b", re.IGNORECASE)


_ASKS_YOU_RE = re.compile(r"\b(?:could|can|would|will)\s+you\b")


_FRACTIONAL = frozenset({"float", "number", "double"})


def _numbers_typed(tool: dict, filled: args.FilledArguments, types: frozenset[str] | set[str]) -> set[int]:
    """The whole numbers the request gives a tool's parameters of one of `types` (and of no other type)."""
    schema = tool_parameters(tool)
    props = schema.get("properties") if isinstance(schema, dict) else None
    props = props if isinstance(props, dict) else {}
    return {
        v
        for k, v in filled.arguments.items()
        if isinstance(v, int)
        and not isinstance(v, bool)
        and isinstance(props.get(k), dict)
        and isinstance(props[k].get("type"), str)  # a list of types ('["integer"]') names no one type
        and props[k].get("type") in types
    }


def _takes_named_code(tool: dict, request: str) -> bool:
    """Whether the request names an identifier parameter of the tool and gives its code right after the name."""
    return identifiers.said_after_its_name(request, tool_parameters(tool))


def _guesses_required(tool: dict, filled: args.FilledArguments) -> bool:
    """Whether a required value of the tool was only guessed from leftover words."""
    schema = tool_parameters(tool)
    required = schema.get("required") if isinstance(schema, dict) else None
    return isinstance(required, list) and any(k in required for k in filled.guessed)


def _category_values(tool: dict, filled: args.FilledArguments) -> set[str]:
    """The values, in lower case, the request gives a tool's parameters that list their allowed values (an enum)."""
    return _string_values(tool, filled, listed=True, required_only=False)


def _required_free_text(tool: dict, filled: args.FilledArguments) -> set[str]:
    """The string values, in lower case, of a tool's required parameters that take any text (no enum)."""
    return _string_values(tool, filled, listed=False, required_only=True)


def _string_values(tool: dict, filled: args.FilledArguments, *, listed: bool, required_only: bool) -> set[str]:
    """The string values, in lower case, of the parameters whose schema lists allowed values (or not: `listed`)."""
    schema = tool_parameters(tool)
    schema = schema if isinstance(schema, dict) else {}
    props = schema.get("properties")
    props = props if isinstance(props, dict) else {}
    required = schema.get("required")
    required = required if isinstance(required, list) else []
    return {
        v.lower()
        for k, v in filled.arguments.items()
        if isinstance(v, str)
        and isinstance(props.get(k), dict)
        and isinstance(props[k].get("enum"), list) == listed
        and (k in required or not required_only)
    }


def _repeats_only(tool: dict, filled: args.FilledArguments) -> bool:
    """Whether a required value only repeats another parameter's ('an album called Moonfall' as both the album and,
    for want of another, the song to play): the request gave the required one nothing of its own."""
    schema = tool_parameters(tool)
    required = schema.get("required") if isinstance(schema, dict) else None
    if not isinstance(required, list):
        return False
    values = filled.arguments
    return any(
        isinstance(values.get(k), str) and any(o != k and v == values[k] for o, v in values.items()) for k in required
    )


def _does_instead(tool: dict, tools: Sequence[dict], candidates: Sequence[ToolScore], action: str) -> bool:
    """Whether `tool` does what the request's verb asks about the same thing as the best match, which does other:
    a runner-up however far behind ('Could you stream the track by X from the record Y?' for 'play_audio', though
    'find_audio' takes the record and more)."""
    best = tools[candidates[0].index]
    if not action or actions.tool_action(tool) != action or actions.tool_action(best) == action:
        return False
    return bool(_name_nouns(tool) & _name_nouns(best))


def _name_nouns(tool: dict) -> frozenset[str]:
    """The words of a tool's name other than action verbs and numbers ('Video_2_PlayClip': video, clip)."""
    return topic.name_stems(tool, lambda w: not w.isalpha() or bool(actions.request_action(w)))


def _labels_more(rival: dict, best: dict, request: str) -> bool:
    """Whether the request labels each required value of a rival by its name and not each of the best match's: the
    values it states are that tool's ('the resource ID is X, the user ID is Y, the permissions are Z')."""
    return grounding.labels_every_required(rival, request) and not grounding.labels_every_required(best, request)


_NEAR = 0.9
"""A tool scoring within this share of the best wins by being given one value more."""


def _states_more(
    rival: tuple[tuple[bool, ...], ToolScore, args.FilledArguments, int],
    request: str,
    tools: Sequence[dict],
    filled: args.FilledArguments,
) -> bool:
    """Whether a rival tool takes a value the request writes out ('How much is [100] pounds in euros?' for a
    conversion) that the better match does not take, even in part ('a [mystery] film' as a genre there)."""
    taken = {str(v).lower() for v in filled.arguments.values()}
    tool = tools[rival[1].index]
    return any(
        not any(t in str(v).lower() or str(v).lower() in t for t in taken) and grounding.stated(v, request, tool)
        for k, v in rival[2].arguments.items()
        if k not in rival[2].guessed
    )


def _given(tool: dict, filled: args.FilledArguments, request: str) -> int:
    """How many values the request gives a tool (guessed ones and schema defaults not counted, nor a listed value
    chosen by a word that names the tool: 'the list of experiences and education' names a tool about education and
    gives no education to look up)."""
    schema = tool_parameters(tool)
    props = schema.get("properties") if isinstance(schema, dict) else None
    props = props if isinstance(props, dict) else {}
    defaults = {k: v.get("default") for k, v in props.items() if isinstance(v, dict) and "default" in v}
    named = {stem(w.lower()) for w in split_identifier(tool_name(tool))}
    said = {stem(w) for w in re.findall(r"[a-z]+", request.lower())}
    given = [
        k
        for k, v in filled.arguments.items()
        if k not in filled.guessed
        and not (k in defaults and defaults[k] == v)
        and not (isinstance(props.get(k), dict) and "enum" in props[k] and _chosen_by(v, said) <= named != set())
    ]
    return len(given)


def _chosen_by(value: object, said: set[str]) -> set[str]:
    """The words of a value the request says (stemmed); a value no word of which is said gives {''}, naming nothing."""
    words = {stem(w) for w in re.findall(r"[a-z]+", str(value).lower()) if w not in STOPWORDS} & said
    return words or {""}


def _finish(
    items: Sequence[dict],
    last_user: int,
    mode: str,
    tools: Sequence[dict],
    tool: dict,
    filled: args.FilledArguments,
    request: str,
    today: date | None,
) -> FunctionCallPlan | MessagePlan:
    """The call for `tool` with its filled arguments, or a question for what is still missing."""
    arguments = dict(filled.arguments)
    missing = list(filled.missing)
    if mode == "auto":  # a leftover word put where a value goes is no value: ask for it instead
        missing += [g for g in grounding.hollow_guesses(tool, filled, request) if g not in missing]
        missing += [n for n in grounding.unmet_alternatives(tool, arguments) if n not in missing]
    if missing and mode == "auto":
        # Ask only for what nothing said earlier in the conversation gives: an earlier request about
        # the same tool ('Book a flight to Rome' ... 'from Paris tomorrow').
        for earlier in reversed(_user_texts(items[: max(last_user, 0)])):
            if not any(s.name == tool_name(tool) and s.score > 0 for s in rank_tools(earlier, tools)):
                continue
            found = _fill(tool, earlier, today).arguments
            for name in [m for m in missing if m in found]:
                arguments[name] = found[name]
                missing.remove(name)
        if missing:
            return _ask_for(tool, missing)
    schema = tool_parameters(tool)
    for name in missing:
        value = args.placeholder(schema, name)
        if not args.is_missing(value):
            arguments[name] = value
    return FunctionCallPlan(tool_name(tool), json.dumps(arguments, separators=(",", ":")))


def _fill(tool: dict, text: str, today: date | None) -> args.FilledArguments:
    given = tool.get("description")
    description = given if isinstance(given, str) else ""
    return args.fill_arguments(
        text,
        tool_parameters(tool),
        today=today,
        vocabulary=tool_concepts(tool),
        description=description,
        frame=tool_frame(tool),
    )


def _user_texts(items: Sequence[dict]) -> list[str]:
    return [t for t in (user_text(it) for it in items) if t]


_ASKED_RE = re.compile(r"^(?:To do that I need the |Which .+ do you mean\?)")


def _follow_up(
    earlier: Sequence[dict], request: str, tools: Sequence[dict], today: date | None
) -> FunctionCallPlan | None:
    """A call for a request that names no tool but continues the conversation: the answer to a question
    for a missing argument, or 'and in Oslo?' after a weather call (the last tool, with the new values)."""
    messages = [it for it in earlier if _is_message(it)]
    last_assistant = next((message_text(it) for it in reversed(messages) if it.get("role") == "assistant"), "")
    previous = _user_texts(earlier)
    if previous and _ASKED_RE.match(last_assistant):
        combined = f"{previous[-1]} {request}"
        best = rank_tools(combined, tools)[0]
        if best.score >= MIN_SCORE:
            filled = _fill(tools[best.index], combined, today)
            if not filled.missing:
                return FunctionCallPlan(best.name, json.dumps(filled.arguments, separators=(",", ":")))
    call = next((it for it in reversed(earlier) if it.get("type") == "function_call"), None)
    tool = next((t for t in tools if call is not None and tool_name(t) == call.get("name")), None)
    if tool is None or call is None:
        return None
    try:
        before = json.loads(call.get("arguments") or "{}")
    except (TypeError, ValueError):
        before = {}
    before = before if isinstance(before, dict) else {}
    schema = tool_parameters(tool)
    props = schema.get("properties", {}) if isinstance(schema, dict) else {}
    props = props if isinstance(props, dict) else {}
    given = {
        k: v
        for k, v in _fill(tool, request, today).arguments.items()
        if not (isinstance(props.get(k), dict) and props[k].get("default") == v)
    }
    if not given:
        return None
    return FunctionCallPlan(tool_name(tool), json.dumps({**before, **given}, separators=(",", ":")))


# --- summaries -------------------------------------------------------------------------------------

_LEAD = (
    r"^(?:(?:please|now|kindly|ok|okay|so|and|then|finally)[\s,]+)*"
    r"(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?"
)
_SUMMARY_ASK = re.compile(
    _LEAD + r"(?:(?:briefly|quickly|concisely)\s+)?"
    r"(?:summari[sz]e|recap|sum\s+up|(?:give|write|produce|provide|create|make|generate)(?:\s+(?:me|us))?"
    r"(?:\s+(?:a|an|the))?(?:\s+(?:short|brief|concise|quick))?\s+(?:summary|recap))\b",
    re.IGNORECASE,
)
_SUMMARY_CONTEXT = re.compile(
    r"\b(?:conversation|so\s+far|discussion|chat|session|dialog(?:ue)?|transcript|history|everything|"
    r"we\s+(?:discussed|talked|said)|earlier|above|until\s+now|up\s+to\s+now|this\s+call)\b",
    re.IGNORECASE,
)


def _is_summary_request(text: str) -> bool:
    return any(_SUMMARY_ASK.search(s.strip()) and _SUMMARY_CONTEXT.search(s) for s in sentences(text or ""))


def wants_summary(instructions: str | None, items: Sequence[dict] = ()) -> bool:
    """Whether a response is a request to summarize the conversation.

    True when a sentence of `instructions` (or of the latest user message) is an imperative like
    "Summarize the conversation so far" or "Give me a short summary of what we discussed"; a session
    prompt that merely mentions summaries ("when asked, summarize ...") does not count.
    """
    if isinstance(instructions, str) and _is_summary_request(instructions):
        return True
    users = [it for it in items if isinstance(it, dict) and _is_message(it, "user")]
    return bool(users) and _is_summary_request(user_text(users[-1]))


def summarize(items: Sequence[dict], max_sentences: int = 5) -> str:
    """Extractive summary of the user/assistant messages, for carrying context into a new session.

    Sentences are scored by how many of their content words recur elsewhere in the conversation, with
    a bonus for numbers (amounts, dates, counts are what a follow-up needs); the best ones are kept in
    conversation order, each labelled with its speaker.
    """
    said: list[tuple[str, str]] = []  # (speaker, sentence)
    seen: set[str] = set()
    for it in items:
        if not isinstance(it, dict) or not _is_message(it) or it.get("role") not in ("user", "assistant"):
            continue
        for s in sentences(message_text(it)):
            key = s.lower().rstrip(".!?")
            if not key or key in seen or _is_summary_request(s):
                continue
            seen.add(key)
            said.append(("User" if it.get("role") == "user" else "Assistant", s))
    if not said:
        return f"{SUMMARY_PREFIX} nothing has been said yet."

    words = [set(concepts(s)) - STOPWORDS for _, s in said]
    counts: dict[str, int] = {}
    for ws in words:
        for w in ws:
            counts[w] = counts.get(w, 0) + 1

    def score(k: int) -> float:
        shared = sum(1 for w in words[k] if counts[w] > 1)
        numbers = len(re.findall(r"\d[\d,.]*", said[k][1]))
        # A number makes a sentence worth keeping; many numbers add little more (one long readout
        # should not crowd out the questions that led to it).
        return shared + 2.0 * min(numbers, 1) + 0.5 * min(max(numbers - 1, 0), 4) + 0.1 * len(words[k])

    keep = sorted(sorted(range(len(said)), key=lambda k: (-score(k), k))[: max(1, max_sentences)])
    parts: list[str] = []
    speaker = None
    for k in keep:
        who, text = said[k]
        text = text if text.endswith((".", "!", "?")) else text + "."
        parts.append(text if who == speaker else f"{who}: {text}")
        speaker = who
    return f"{SUMMARY_PREFIX} " + " ".join(parts)
