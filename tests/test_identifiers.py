"""Identifiers read out character by character become the characters said, in the parameter's format; the stand-in
model fills ID, code, postcode and e-mail parameters with them."""

from __future__ import annotations

import json

import pytest
from helpers import function_tool, heard_call, planned_call

from rtkit.local.model.identifiers import identifier_kind, in_example_shape, spoken_email, spoken_identifier
from rtkit.local.model.responder import FunctionCallPlan, plan_response
from rtkit.realtime import protocol

ORDER = {"type": "string", "description": "The order number, e.g. A12345."}
CODE = {"type": "string", "description": "Six-character confirmation code, e.g. XY792K."}
POSTCODE = {"type": "string", "description": "UK postcode, e.g. SW1A 1AA."}
ACCOUNT = {"type": "string", "description": "Eight-digit account number."}
EMAIL = {"type": "string", "format": "email", "description": "Where to send it."}


@pytest.mark.parametrize(
    ("name", "schema", "said", "value"),
    [
        # as a person says them (what espeak-ng was given)
        ("order_number", ORDER, "Where is my order A one two three four five?", "A12345"),
        ("order_number", ORDER, "Where's my order K, nine, three, oh, oh, two?", "K93002"),
        ("order_number", ORDER, "What's the status of order Z, double five, one, eight, six?", "Z55186"),
        ("confirmation_code", CODE, "Look up code double B, three, nine, L, four.", "BB39L4"),
        ("postcode", POSTCODE, "My postcode is S W one A one A A", "SW1A 1AA"),
        ("postcode", POSTCODE, "My post code is M, one, one, A, E.", "M1 1AE"),
        ("account_number", ACCOUNT, "Account four four zero one, double seven, three two.", "44017732"),
        # as a transcript writes them
        ("order_number", ORDER, "Where is my order, eh? One, two, three, four, five.", "A12345"),
        ("postcode", POSTCODE, "My postcode is S-W-1-A-1-A-A.", "SW1A 1AA"),
        ("postcode", POSTCODE, "My postcode is S-double-U-1-A-1-A-A.", "SW1A 1AA"),
        ("confirmation_code", CODE, "The confirmation code is x y792k.", "XY792K"),
        ("order_number", ORDER, "Track order B77091 please", "B77091"),
        ("confirmation_code", CODE, "Find my booking with confirmation code Mn55JQ.", "MN55JQ"),
        ("order_number", ORDER, "Order twelve thirty four five", "12345"),  # "twelve" is two digits
    ],
)
def test_spoken_identifiers_become_their_characters(name, schema, said, value):
    found = spoken_identifier(said, name, schema)
    assert found is not None and found.value == value, found
    assert said[found.start : found.end].strip()  # the stretch it was read from


@pytest.mark.parametrize(
    ("said", "address"),
    [
        ("Send the receipt to j dot smith at example dot com.", "j.smith@example.com"),
        ("Email it to t, k, nine, nine at example dot org.", "tk99@example.org"),
        ("Send my receipt to bob underscore jones at example dot net.", "bob_jones@example.net"),
        ("Send the receipt to info at example dot co dot uk.", "info@example.co.uk"),
        ("Send it to j.smith at example.com", "j.smith@example.com"),
        ("Send it to J.Smith@Example.com.", "j.smith@example.com"),
    ],
)
def test_spoken_email_addresses(said, address):
    found = spoken_email(said)
    assert found is not None and found.value == address
    assert spoken_identifier(said, "email", EMAIL) == found


@pytest.mark.parametrize(
    ("name", "schema", "said"),
    [
        ("order_number", ORDER, "I want to order two pizzas."),  # one character is no identifier
        ("order_number", ORDER, "Where is my order?"),
        ("confirmation_code", CODE, "Are you there? Why not?"),  # letter names that are words, with nothing between
        ("postcode", POSTCODE, "What is the weather at home?"),
        ("email", EMAIL, "Meet me at the station at noon."),  # "at" without a domain
    ],
)
def test_no_identifier_where_none_was_said(name, schema, said):
    assert spoken_identifier(said, name, schema) is None


def test_the_example_decides_grouping_case_and_a_leading_letter():
    # The example's shape picks "A" + five digits over the five digits alone; a pattern rejects what does not fit.
    assert spoken_identifier("order a one two three four five", "order_id", ORDER).value == "A12345"
    lower = {"type": "string", "description": "Booking reference, e.g. ab-1234."}
    assert spoken_identifier("reference X Y one two three four", "reference", lower).value == "xy-1234"
    pattern = {"type": "string", "pattern": "^[0-9]{5}$"}
    assert spoken_identifier("zip code nine oh two one oh", "zip", pattern).value == "90210"
    assert spoken_identifier("zip code A B one two", "zip", pattern) is None


def test_which_parameters_take_identifiers():
    assert identifier_kind("order_number", ORDER) == "code"
    assert identifier_kind("postcode", POSTCODE) == "postcode"
    assert identifier_kind("recipient", EMAIL) == "email"
    assert identifier_kind("trackingId", {"type": "string"}) == "code"
    assert identifier_kind("phone_number", {"type": "string"}) is None
    assert identifier_kind("order_number", {"type": "integer"}) is None
    assert identifier_kind("city", {"type": "string"}) is None
    assert identifier_kind("code", {"type": "string", "enum": ["a", "b"]}) is None


def _arguments(text: str, tool: dict) -> dict:
    return planned_call(text, tool)[1]


def test_the_stand_in_model_fills_spoken_identifiers():
    # Before the identifier reader, these gave "order_number": "A", "postcode" missing, "email" missing.
    def tool(name: str, param: str, schema: dict) -> dict:
        return function_tool(name, name.replace("_", " "), {param: schema}, (param,))

    assert _arguments("Track order A, one, two, three, four, five.", tool("track_order", "order_number", ORDER)) == {
        "order_number": "A12345"
    }
    assert _arguments("Find addresses at postcode E C one A one B B", tool("find_address", "postcode", POSTCODE)) == {
        "postcode": "EC1A 1BB"
    }
    assert _arguments("Send receipt to m dot garcia at example dot com", tool("send_receipt", "email", EMAIL)) == {
        "email": "m.garcia@example.com"
    }


def test_a_code_a_transcript_spells_with_hyphens_is_read_as_its_characters():
    # Before: "R-2-D-2-8-F" was kept as a code typed as such, hyphens and all.
    booking = function_tool("check_booking", "Look up a booking by its confirmation code.", {"confirmation_code": CODE})
    assert _arguments("Look up confirmation code R-2-D-2-8-F.", booking) == {"confirmation_code": "R2D28F"}
    assert _arguments("Look up confirmation code HT4-P1M.", booking) == {"confirmation_code": "HT4-P1M"}  # typed
    # a transcript's code in hyphenated groups is the code said ("R, two, D, two, eight, F"); typed, it is as typed
    assert heard_call("Look up confirmation code R2-D2-8F.", booking) == (
        "check_booking",
        {"confirmation_code": "R2D28F"},
    )
    assert planned_call("Look up confirmation code R2-D2-8F.", booking)[1] == {"confirmation_code": "R2-D2-8F"}


def test_the_characters_of_a_spelled_code_do_not_choose_the_tool():
    # Before: "six" of the postcode matched "Six-character" and the booking tool was called.
    booking = function_tool("check_booking", "Look up a booking by its confirmation code.", {"confirmation_code": CODE})
    address = function_tool("find_address", "Addresses at a UK postcode.", {"postcode": POSTCODE}, ("postcode",))
    said = "Look up postcode C, R, two, six, X, H."
    assert planned_call(said, booking, address) == ("find_address", {"postcode": "CR2 6XH"})
    # a number said in words still counts where it is not part of a code
    assert planned_call("Look up the six character code", booking, address)[0] == "check_booking"


def test_a_code_in_the_shape_of_a_parameters_example_names_its_tool():
    # Before: no tool spoke of a "status", so no call was made for an order number said in full.
    track = function_tool("track_order", "Where an order is and when it arrives.", {"order_number": ORDER})
    booking = function_tool("check_booking", "Look up a booking by its confirmation code.", {"confirmation_code": CODE})
    said = "What's the status of order Z, double five, one, eight, six?"
    assert planned_call(said, track, booking) == ("track_order", {"order_number": "Z55186"})
    assert planned_call("What's the status of X, Y, seven, nine, two, K?", track, booking)[0] == "check_booking"
    # a code of another shape is no evidence: no tool is called
    plan = plan_response([protocol.user_text_item("What's the status of nine, one, eight?")], [track, booking])
    assert not isinstance(plan, FunctionCallPlan)


def test_a_code_said_in_digit_words_names_its_tool_as_one_written_in_digits_does():
    # Before: only a code with a digit written as such was weighed against the examples' shapes, so a recognizer's
    # "four, four, zero, one, ..." chose no tool where "44017732" chose the account's.
    balance = function_tool("get_balance", "Balance of a bank account.", {"account_number": ACCOUNT})
    track = function_tool("track_order", "Where an order is and when it arrives.", {"order_number": ORDER})
    for said in ("What's on 44017732?", "What's on four, four, zero, one, seven, seven, three, two?"):
        assert heard_call(said, balance, track) == ("get_balance", {"account_number": "44017732"})


def test_a_code_a_transcript_spells_in_hyphenated_words_is_read_as_its_characters():
    # Before: "three-n-l-four" was a code typed as such and filled as it was written.
    booking = function_tool("check_booking", "Look up a booking by its confirmation code.", {"confirmation_code": CODE})
    said = "Look up booking confirmation code double-b-three-nine-l-four."
    assert _arguments(said, booking) == {"confirmation_code": "BB39L4"}


def test_a_statement_that_gives_a_tools_code_asks_for_the_tool():
    # Before: "My ... is ..." was a statement that asks for nothing, and no call was made.
    booking = function_tool("check_booking", "Look up a booking by its confirmation code.", {"confirmation_code": CODE})
    address = function_tool("find_address", "Addresses at a UK postcode.", {"postcode": POSTCODE}, ("postcode",))
    assert planned_call("My confirmation code is P, Q, four, one, seven, Z.", booking, address) == (
        "check_booking",
        {"confirmation_code": "PQ417Z"},
    )
    assert planned_call("My post code is L, two, three, A, B.", booking, address) == (
        "find_address",
        {"postcode": "L2 3AB"},
    )
    # a statement about something else, or a code neither named nor shaped as a tool's, is still no request
    for said in ("My locker code is four, one, seven.", "My favourite colour is blue.", "The code is in the drawer."):
        plan = plan_response([protocol.user_text_item(said)], [booking, address])
        assert not isinstance(plan, FunctionCallPlan), said


def test_an_identifier_named_after_the_thing_it_identifies_fills_its_parameter():
    # Before: each of these left the required identifier missing, so a tool without that gap was called instead.
    robot = {"type": "string", "description": "The unique identifier of the cleaning robot."}
    status = function_tool("get_robot_status", "Status of a cleaning robot.", {"id": robot}, ("id",))
    assert _arguments("Show the status for cleaning robot qxvbbt, as of now", status) == {"id": "qxvbbt"}
    assert _arguments("Show the status for robot: kl_442 please", status) == {"id": "kl_442"}
    plan = plan_response([protocol.user_text_item("Show the status of the robot that is in the hall")], [status])
    assert not isinstance(plan, FunctionCallPlan)  # no name given: it is asked for
    # an integer identifier labelled by the noun of the tool's own thing, when it is the tool's only identifier
    member = {"type": "integer", "description": "The unique identifier of a club member."}
    card = function_tool("open_member_card", "Show a club member's card.", {"person_id": member}, ("person_id",))
    assert _arguments("Open member card id:2281", card) == {"person_id": 2281}
    # a site's identifier is no web address: a handle for it is taken as written
    site = {"type": "string", "description": "The unique identifier of the site, in UUID format."}
    rules = function_tool("get_site_rules", "Rules set for a site.", {"siteId": site}, ("siteId",))
    assert _arguments('What rules does the site "molly_cotter" have?', rules) == {"siteId": "molly_cotter"}


def test_a_quoted_identifier_is_taken_whole_not_its_leading_code():
    # Before: the digits that open the quoted value were read as the code ('48213').
    club = {"type": "string", "description": "The unique identifier of the club."}
    settings = function_tool("get_club_settings", "Settings of a club.", {"club_id": club}, ("club_id",))
    said = "Show the settings for the club with the identifier '48213-club-id'."
    assert _arguments(said, settings) == {"club_id": "48213-club-id"}
    assert _arguments("Show the settings for club 48213", settings) == {"club_id": "48213"}


def test_a_number_labelled_as_an_id_fills_a_string_identifier_before_any_count():
    # Before: the number went to the count and the person's name to the identifier ('Marta').
    person = {"type": "string", "description": "Unique identifier of the person whose hobbies are wanted."}
    years = {"type": "integer", "description": "Minimum number of years.", "default": 0}
    hobbies = function_tool("hobbies_of_person", "Hobbies of a person.", {"person_id": person, "min_years": years})
    hobbies["parameters"]["required"] = ["person_id"]
    assert _arguments("What are the hobbies of Marta, her id is 5521", hobbies) == {"person_id": "5521"}
    assert _arguments("Hobbies of the person with ID 5521", hobbies) == {"person_id": "5521"}
    # a number that is only the first group of a code is no ID by itself
    assert _arguments("Show the hobbies of Marta, her id is 4-771-2093", hobbies) == {"person_id": "4-771-2093"}
    # a number another noun labels is no identifier of this one
    assert _arguments("Hobbies of person ab_12 for 3 years", hobbies) == {"person_id": "ab_12", "min_years": 3}


# Recognizers' sound-alike errors in spoken identifiers (schemas made up here; no corpus tool).
TICKET = {"type": "string", "description": "Ticket reference, e.g. K48213."}
CONTACT = {"type": "string", "format": "email", "description": "Where to write back."}


@pytest.mark.parametrize(
    ("heard", "address"),
    [
        # Before: the non-word the recognizer heard was kept as the domain.
        ("Write back to m dot lee at mempel dot org.", "m.lee@example.org"),
        ("Write back to ann at advample.net", "ann@example.net"),
        ("Reply to kim underscore o at gmaill dot com", "kim_o@gmail.com"),
        ("Reply to kim at hotmial.co.uk", "kim@hotmail.co.uk"),
        # a dictionary word, or a name close to none of the common ones, is what was said
        ("Write back to m dot lee at sample dot com.", "m.lee@sample.com"),
        ("Write back to ann at contoso.com", "ann@contoso.com"),
        ("Write back to ann at fastmail.com", "ann@fastmail.com"),
        ("Write back to kim at ymail dot com", "kim@ymail.com"),
        # written with "@", an address is as typed
        ("Write back to kim@hmail.com", "kim@hmail.com"),
    ],
)
def test_a_misheard_common_mail_domain_is_that_domain(heard, address):
    found = spoken_identifier(heard, "reply_to", CONTACT)
    assert found is not None and found.value == address


def test_an_address_a_recognizer_wrote_with_a_misheard_mail_domain_is_the_address_said():
    # Before: a transcript's "info@memple.co.uk" was kept as typed, and the receipt went to a domain nobody said.
    receipt = function_tool("send_receipt", "E-mail the receipt.", {"email": CONTACT}, ("email",))
    assert heard_call("Send the receipt to info@memple.co.uk", receipt)[1] == {"email": "info@example.co.uk"}
    assert heard_call("Send it to j.smith@mempel.com.", receipt)[1] == {"email": "j.smith@example.com"}
    # a known domain or a dictionary word after the "@" is what was said
    assert heard_call("Send it to kim@ymail.com", receipt)[1] == {"email": "kim@ymail.com"}
    assert heard_call("Send it to kim@sample.org", receipt)[1] == {"email": "kim@sample.org"}
    # typed, an address is as typed, beside audio too
    assert planned_call("Send the receipt to info@memple.co.uk", receipt)[1] == {"email": "info@memple.co.uk"}
    typed = {"type": "input_text", "text": "Send the receipt to info@memple.co.uk"}
    both = {"type": "message", "role": "user", "content": [typed, {"type": "input_audio", "transcript": "please"}]}
    plan = plan_response([both], [receipt])
    assert isinstance(plan, FunctionCallPlan) and json.loads(plan.arguments) == {"email": "info@memple.co.uk"}
    # another provider's name is what was said, however close to a common one ("foxmail", "fastmail")
    for address in ("sales@zohomail.com", "li@foxmail.com", "ann@hanmail.net"):
        assert heard_call(f"Send it to {address}", receipt)[1] == {"email": address}
    assert heard_call("Send it to li at foxmail dot com", receipt)[1] == {"email": "li@foxmail.com"}


def test_double_before_a_code_written_as_one_word_repeats_its_first_character():
    assert spoken_identifier("Look up code double B39L4.", "confirmation_code", CODE).value == "BB39L4"
    # after a pause it is still W where the example has a letter there; before a number it is no code's start
    w_code = {"type": "string", "description": "Confirmation code, e.g. WB39L4."}
    assert spoken_identifier("Look up code double, B39L4.", "confirmation_code", w_code).value == "WB39L4"
    assert spoken_identifier("Order double 20", "order_number", ORDER) is None


def test_double_then_a_pause_is_the_letter_w():
    # Before: "double" followed by another character was no character at all (the "u" of "double-u" unheard).
    found = spoken_identifier("Is ticket double, four, eight, two, one, three open?", "ticket_ref", TICKET)
    assert found is not None and found.value == "W48213"
    # without a pause it still doubles what follows
    assert spoken_identifier("ticket double four, eight, two, one, three", "ticket_ref", TICKET).value == "448213"
    # with a pause, where the schema wants digits (a recognizer's comma inside "double seven"), it doubles too
    digits = {"type": "string", "description": "Order number, e.g. 4471.", "pattern": "^[0-9]{4}$"}
    assert spoken_identifier("My order number is double, seven, three, one.", "order_number", digits).value == "7731"


def test_a_letter_heard_as_a_word_right_after_the_identifier_is_named():
    # Before: "cube" was no character, so the ticket was read without its letter and no tool was called.
    said = "Is ticket number cube, four, eight, two, one, three open?"
    assert spoken_identifier(said, "ticket_ref", TICKET).value == "Q48213"
    tool = function_tool("ticket_status", "Whether a support ticket is open.", {"ticket_ref": TICKET}, ("ticket_ref",))
    other = function_tool("list_stores", "Stores near a city.", {"city": {"type": "string"}}, ("city",))
    assert planned_call("Have all your ticket number cube, four, eight, two, one, three shipped.", tool, other) == (
        "ticket_status",
        {"ticket_ref": "Q48213"},
    )
    # not after an identifier's name: a cube is a cube; nor before fewer than three characters that are no words
    assert spoken_identifier("the cube, four, eight, two, one, three", "ticket_ref", TICKET).value == "48213"
    order = {"type": "string", "description": "The order number, e.g. A12345."}
    assert spoken_identifier("Order teas for two.", "order_number", order) is None
    assert spoken_identifier("Order peas, twenty four cans.", "order_number", order) is None


def test_at_and_dot_misheard_inside_an_address():
    # Before: "and" for "at" gave no address; "not" for "dot" after an initial lost the initial.
    assert spoken_identifier("Reply to info and mempel.co.uk", "reply_to", CONTACT).value == "info@example.co.uk"
    assert spoken_identifier("Reply to k not lee at example dot org", "reply_to", CONTACT).value == "k.lee@example.org"
    # an "at" said elsewhere wins over "and"; "not" after a word is a word
    assert spoken_identifier("Tom and ann at example.com", "reply_to", CONTACT).value == "ann@example.com"
    assert spoken_identifier("It is not lee at example dot org", "reply_to", CONTACT).value == "lee@example.org"
    assert spoken_identifier("Tom and Jerry said hi", "reply_to", CONTACT) is None
    # "and" is a misheard "at" only before a misheard mail domain: two names stay two names
    assert spoken_identifier("Compare google and amazon.com", "reply_to", CONTACT) is None


def test_a_description_that_names_the_number_of_digits_shapes_the_code():
    # Before: a description giving only the number of digits gave no shape, and the closing "oh" was dropped as an
    # ordinary word ("123456789").
    member = {"type": "string", "description": "Ten-digit membership number."}  # no example
    points = function_tool(
        "loyalty_points", "Points left on a loyalty card.", {"membership_number": member}, ("membership_number",)
    )
    hours = function_tool("store_hours", "Opening hours of a store.", {"city": {"type": "string"}}, ("city",))
    said = "What's on my card number one, two, three, four, five, six, seven, eight, nine, oh?"
    assert heard_call(said, points, hours) == ("loyalty_points", {"membership_number": "1234567890"})
    assert in_example_shape(said, points["parameters"])
    # another count of digits is no such code
    assert not in_example_shape("card number one, two, three, four, five, six", points["parameters"])
