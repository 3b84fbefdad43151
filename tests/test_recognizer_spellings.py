"""What a speech recognizer writes for ordinary speech, read by the stand-in model as the request that was said:
number words joined by hyphens, clock times in words, a past-tense verb for the imperative heard, points and a
lone "one" in words, identifiers whose letters come back as words or half typed; and a time tool's answer said
as a time. The tools here are made up for the tests: the rules are about English and schemas."""

from __future__ import annotations

import json

import pytest
from helpers import function_tool, heard_call, planned_call

from rtkit.local.model import routing, spans
from rtkit.local.model.phrasing import phrase_outputs
from rtkit.local.model.responder import FunctionCallPlan, plan_response
from rtkit.local.model.transcript import (
    as_said,
    currencies_misheard,
    numbers_misheard,
    tool_words_misheard,
    verb_misheard,
)
from rtkit.realtime import protocol

NUMBER = {"type": "number", "description": "How many."}
VOLUME = function_tool(
    "set_volume", "Set the speaker volume.", {"level": {"type": "integer", "description": "Volume level."}}, ["level"]
)
ALARM = function_tool(
    "set_alarm",
    "Set a wake-up alarm.",
    {"time": {"type": "string", "description": "Alarm time, 24-hour HH:MM."}},
    ["time"],
)
SHUTTERS = function_tool(
    "set_shutters",
    "Move the shutters of a room to a position.",
    {
        "room": {"type": "string", "description": "Room name, e.g. study."},
        "position": {"type": "integer", "description": "How far open, in percent."},
    },
    ["room", "position"],
)
MIDPOINT = function_tool(
    "midpoint",
    "Midpoint of two points in the plane.",
    {
        "first": {"type": "array", "items": {"type": "number"}, "description": "First point as [x, y]."},
        "second": {"type": "array", "items": {"type": "number"}, "description": "Second point as [x, y]."},
    },
    ["first", "second"],
)
LINE = function_tool(
    "line_root",
    "Root of the linear equation m x plus k equals zero.",
    {"m": {"type": "number", "description": "Slope."}, "k": {"type": "number", "description": "Intercept."}},
    ["m", "k"],
)
PARCEL = function_tool(
    "track_parcel",
    "Where a parcel is.",
    {"tracking_code": {"type": "string", "description": "Tracking code, e.g. AB12345."}},
    ["tracking_code"],
)
POSTCODE = function_tool(
    "find_shops", "Shops near a UK postcode.", {"postcode": {"type": "string", "description": "UK postcode."}}
)


def test_number_words_joined_by_hyphens_are_the_number():
    assert as_said("forty-five and one-hundred, nine-thirty") == "forty five and one hundred, nine thirty"
    assert as_said("a one-way ticket, fifty per cent") == "a one-way ticket, fifty percent"
    assert planned_call("Set the volume to forty-five.", VOLUME) == ("set_volume", {"level": 45})
    assert planned_call("Turn the volume to one-hundred.", VOLUME) == ("set_volume", {"level": 100})


@pytest.mark.parametrize(
    ("said", "time"),
    [
        ("Set an alarm at six forty-five.", "06:45"),
        ("Set an alarm at seven thirty.", "07:30"),
        ("Set an alarm at ten oh five.", "10:05"),
        ("Set an alarm at nine fifteen pm.", "21:15"),
    ],
)
def test_clock_times_said_as_two_numbers(said, time):
    assert planned_call(said, ALARM) == ("set_alarm", {"time": time})


def test_a_past_tense_request_verb_leads_as_the_verb():
    # "Open the shutters ..." heard as "Opened the shutters ...".
    said = "Opened the shutters in the study to forty percent."
    assert planned_call(said, SHUTTERS) == ("set_shutters", {"room": "study", "position": 40})


def test_points_said_in_words():
    said = "The midpoint of the point five, six and the point minus one, two."
    assert planned_call(said, MIDPOINT) == ("midpoint", {"first": [5, 6], "second": [-1, 2]})


def test_a_lone_one_after_a_word_that_leads_to_a_value_is_the_number():
    said = "Find the root of the line with m equal to one, k equal to minus three."
    assert planned_call(said, LINE) == ("line_root", {"m": 1, "k": -3})


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("Where is the parcel with tracking code be seven seven zero nine one?", "B77091"),
        ("Where is the parcel with tracking code see are one two three four?", "CR1234"),
        ("Where is the parcel with tracking code double be one two three four five?", "BB12345"),
        # part of what was read out comes back as a code typed as such
        ("Where is the parcel with tracking code C-8, zero, four, four, one?", "C80441"),
        ("Where is the parcel with tracking code x y792k?", "XY792K"),
    ],
)
def test_letters_read_out_after_the_identifier_is_named(said, code):
    assert planned_call(said, PARCEL) == ("track_parcel", {"tracking_code": code})


def test_letter_names_stay_words_outside_a_code():
    # "see" and "be" are letters only inside a code that is read out, not in the words around it.
    name, args = planned_call("I'd like to see shops at postcode E C one A one B B, to be sure.", POSTCODE)
    assert args == {"postcode": "EC1A 1BB"}


def test_a_time_tool_answer_says_the_time_in_its_city():
    output = {"timezone": "Asia/Tokyo", "datetime": "2026-12-05T16:20:00+09:00", "day_of_week": "Saturday"}
    said = phrase_outputs([("get_current_time", json.dumps(output))])
    assert said.startswith("Current time in Tokyo: it is 4:20 PM on December 5, 2026"), said
    assert "datetime is" not in said
    flags = phrase_outputs([("get_status", json.dumps({"is_open": False, "name": "Main"}))])
    assert "not is" not in flags, flags


def test_a_code_said_right_after_the_parameters_name_fits_its_tool():
    # "Find my booking ..." heard as "Find my working ...": the code named by the parameter's own words still says
    # what the request is about; its letters in both cases are put in the case of the schema's example.
    booking = function_tool(
        "check_reservation",
        "Look up a reservation.",
        {"confirmation_code": {"type": "string", "description": "Confirmation code, e.g. XY792K."}},
        ["confirmation_code"],
    )
    said = "Find my working with confirmation code Qr48TZ."
    assert planned_call(said, booking, VOLUME) == ("check_reservation", {"confirmation_code": "QR48TZ"})
    # A code typed in one case stays as typed.
    typed = "Find my reservation with confirmation code qr48tz."
    assert planned_call(typed, booking) == ("check_reservation", {"confirmation_code": "qr48tz"})


WEIGHT = function_tool(
    "convert_weight",
    "Convert a weight between units.",
    {
        "amount": {"type": "number", "description": "The weight to convert."},
        "from_unit": {"type": "string", "enum": ["kg", "lb", "g"], "description": "Unit of the amount."},
        "to_unit": {"type": "string", "enum": ["kg", "lb", "g"], "description": "Unit to convert to."},
    },
    ["amount", "from_unit", "to_unit"],
)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("Convert fine kilograms to grams.", {"amount": 5, "from_unit": "kg", "to_unit": "g"}),
        ("Convert won kilogram to grams.", {"amount": 1, "from_unit": "kg", "to_unit": "g"}),
        ("Convert ate pounds to kilograms.", {"amount": 8, "from_unit": "lb", "to_unit": "kg"}),
        ("Convert free grams to kilograms.", {"amount": 3, "from_unit": "g", "to_unit": "kg"}),
    ],
)
def test_a_word_sounding_like_a_number_before_a_unit_is_the_number(said, expected):
    assert heard_call(said, WEIGHT) == ("convert_weight", expected)


def test_a_number_word_run_into_pm_is_the_clock_time():
    assert (
        as_said("Move the meeting at freepm to Oslo, or forpm.") == "Move the meeting at three pm to Oslo, or four pm."
    )
    assert planned_call("Set an alarm at freepm.", ALARM) == ("set_alarm", {"time": "15:00"})
    assert planned_call("Set an alarm at fine a.m.", ALARM) == ("set_alarm", {"time": "05:00"})
    # 'for' and 'to' apart from 'am' are the words they are
    assert as_said("Tune to am radio for am news.") == "Tune to am radio for am news."


def test_an_adjective_before_a_unit_stays_a_word():
    # read again only when the request as written calls nothing, and never after a determiner
    assert numbers_misheard("Have a fine day, so free minutes") == "Have a fine day, so free minutes"
    plan = plan_response([protocol.user_text_item("Is it fine weather today?")], [WEIGHT])
    assert not isinstance(plan, FunctionCallPlan)


def test_an_opening_word_sounding_like_a_tools_verb_is_that_verb():
    # "Convert ..." heard as "Conveyor ...": no verb nor common word, spelt like the verb of one tool's name.
    said = "Conveyor fine kilograms to grams."
    assert heard_call(said, WEIGHT, VOLUME) == ("convert_weight", {"amount": 5, "from_unit": "kg", "to_unit": "g"})
    assert verb_misheard("Conveyor three feet", ["convert", "weight"]) == "Convert three feet"
    # a word that is a verb or a common word stays, and so does one no nearer one verb than another
    assert verb_misheard("Plan a trip", ["play"]) == "Plan a trip"
    assert verb_misheard("Plax a song", ["play", "plan"]) == "Plax a song"
    assert verb_misheard("Place it", ["set"]) == "Place it"


def test_to_or_for_before_a_scale_word_is_the_number():
    said = "Convert to hundred grams to kilograms."
    assert heard_call(said, WEIGHT) == ("convert_weight", {"amount": 200, "from_unit": "g", "to_unit": "kg"})
    assert numbers_misheard("for thousand steps, up to hundred people, for hundreds of years, for thousand-year") == (
        "four thousand steps, up to hundred people, for hundreds of years, for thousand-year"
    )


RATE = function_tool(
    "fx_rate",
    "Today's exchange rate between two currencies.",
    {
        "base": {"type": "string", "description": "ISO 4217 code of the base currency, e.g. GBP."},
        "quote": {"type": "string", "description": "ISO 4217 code of the quote currency, e.g. JPY."},
    },
    ["base", "quote"],
)


def test_words_sounding_like_a_currency_between_from_and_to_are_the_currency():
    said = "What's the exchange rate from your own to yen?"
    assert heard_call(said, RATE, VOLUME) == ("fx_rate", {"base": "EUR", "quote": "JPY"})
    # elsewhere, or with no other currency named, they are the words they are
    assert currencies_misheard("Pay 5 dollars from your own account") == "Pay 5 dollars from your own account"
    assert currencies_misheard("Move it from your own to mine.") == "Move it from your own to mine."


@pytest.mark.parametrize(
    ("said", "time"),
    [
        ("Set an alarm at won fifteen.", "01:15"),
        ("Set an alarm at fine o'clock.", "05:00"),
    ],
)
def test_an_hour_heard_as_a_word_sounding_like_it_before_its_minutes(said, time):
    assert heard_call(said, ALARM) == ("set_alarm", {"time": time})


def test_words_before_minutes_stay_words_where_they_can_be():
    kept = "Parking is free thirty minutes. I'm thirty. The fee is free twenty-five"
    assert as_said(kept) == "Parking is free thirty minutes. I'm thirty. The fee is free twenty five"


def test_a_request_whose_words_about_what_to_do_were_lost_calls_the_one_tool_its_values_fill():
    # "Compute the distance ..." heard as "Compute management ...": the two points fill only the midpoint tool.
    said = "Compute management between the point five, six and the point one, two."
    assert heard_call(said, MIDPOINT, LINE, VOLUME) == ("midpoint", {"first": [5, 6], "second": [1, 2]})
    # two tools the values fill alike: which one was asked is not known
    other = function_tool("span", "Span of two points.", MIDPOINT["parameters"]["properties"], ["first", "second"])
    plan = plan_response([protocol.user_text_item(said)], [MIDPOINT, other])
    assert not isinstance(plan, FunctionCallPlan), plan


TABLE = function_tool(
    "book_table",
    "Book a table at a restaurant.",
    {
        "restaurant": {"type": "string", "description": "Name of the restaurant."},
        "party_size": {"type": "integer", "description": "Number of people."},
    },
    ["restaurant", "party_size"],
)
SONG = function_tool(
    "play_song", "Play a song.", {"query": {"type": "string", "description": "Song to play."}}, ["query"]
)


def test_typed_text_is_never_read_as_misheard():
    # typed, these mean what they say: no number is made of 'for', no verb of a name, no tool guessed from numbers
    assert planned_call("Book a table at Nobu, the table is for twenty people.", TABLE) == (
        "book_table",
        {"restaurant": "Nobu", "party_size": 20},
    )
    assert numbers_misheard("the table is for twenty people") == "the table is for twenty people"
    for said, tools in [
        ("Plato's Republic, who wrote it?", [SONG]),
        ("My grades were 3, 4 and 5 over the years.", [MIDPOINT]),
        ("Convert fine kilograms to grams.", [WEIGHT]),
    ]:
        plan = plan_response([protocol.user_text_item(said)], tools)
        assert not isinstance(plan, FunctionCallPlan), (said, plan)


FILES = function_tool(
    "search_files",
    "Full-text search over the user's files.",
    {"query": {"type": "string", "description": "Words to look for."}},
    ["query"],
)


def test_a_word_sounding_like_a_word_of_a_tools_name_is_that_word():
    # "files" heard as "fires" (F AY L Z, F AY ER Z): one phone apart, and "fires" names no tool
    assert heard_call("Look through my fires for the lease.", FILES, VOLUME)[0] == "search_files"
    typed = plan_response([protocol.user_text_item("Look through my fires for the lease.")], [FILES, VOLUME])
    assert not isinstance(typed, FunctionCallPlan)  # typed text means what it says
    assert tool_words_misheard("Look through my notice", ["search", "notes"]) == "Look through my notes"
    # two phones away (N OW D Z, N OW T S), a word of three phones, or one near two tool words stays
    assert tool_words_misheard("the nodes", ["search", "notes"]) == "the nodes"
    assert tool_words_misheard("my note", ["notes"]) == "my note"
    assert tool_words_misheard("my fires", ["files", "fibers"]) == "my fires"
    # only a thing named after a determiner or possessive: a verb sounding like a tool's noun is a verb
    assert tool_words_misheard("My printer fails every morning.", ["search", "files"]) == (
        "My printer fails every morning."
    )
    said = "My printer fails every morning."
    assert not isinstance(
        plan_response(
            [{"type": "message", "role": "user", "content": [{"type": "input_audio", "transcript": said}]}],
            [FILES, VOLUME],
        ),
        FunctionCallPlan,
    )


CONVERT = function_tool(
    "fx_convert",
    "Convert an amount of money from one currency to another at today's rate.",
    {
        "amount": {"type": "number", "description": "Amount of money to convert."},
        "source": {"type": "string", "description": "ISO 4217 code of the currency the amount is in, e.g. USD."},
        "target": {"type": "string", "description": "ISO 4217 code of the currency to convert to, e.g. EUR."},
    },
    ["amount", "source", "target"],
)


def test_an_amount_in_words_with_its_currency_is_a_value_the_request_states():
    # Before: an amount only counted as stated in digits, so the rate tool (two values) won over the conversion
    # (three) when a recognizer wrote the amount in words.
    said = "How much is two hundred Swiss francs in yen?"
    assert heard_call(said, RATE, CONVERT) == ("fx_convert", {"amount": 200, "source": "CHF", "target": "JPY"})
    assert heard_call("How much is 200 Swiss francs in yen?", RATE, CONVERT)[0] == "fx_convert"
    # a number word with no unit or currency is no such value
    assert heard_call("What is the rate for one Swiss franc in yen?", RATE, CONVERT)[0] == "fx_rate"
    # a number too large for a float is no quantity (before: OverflowError from every request's ranking)
    assert [s.value for s in spans.numbers("Convert 1e999 or 5 Swiss francs into yen.")] == [5]
    plan = plan_response([protocol.user_text_item("Convert 1e999 Swiss francs into yen.")], [RATE, CONVERT])
    assert not isinstance(plan, FunctionCallPlan) and "amount" in plan.text


def test_a_sum_in_a_currency_fits_a_tool_that_takes_an_amount_of_money():
    # Before: the rate tool, whose description shares "change" with "exchange", won by too much for the conversion
    # to be weighed, though only the conversion takes the 20.
    said = "Change 20 euros into Swiss francs."
    assert planned_call(said, RATE, CONVERT) == ("fx_convert", {"amount": 20, "source": "EUR", "target": "CHF"})
    # no sum of money: the rate
    assert planned_call("What's the exchange rate between euros and Swiss francs?", RATE, CONVERT)[0] == "fx_rate"
    # an amount beside no currency is no sum of money ('2 cups of flour')
    flour = function_tool(
        "scale_recipe", "Scale a recipe.", {"amount": {"type": "number", "description": "How much."}}, ["amount"]
    )
    assert "money" not in routing._param_kinds(flour["parameters"])
    assert "money" in routing._param_kinds(CONVERT["parameters"])
