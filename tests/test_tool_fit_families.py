"""Which of several close tools a request picks: a required value that only repeats another parameter's does not
make a tool fully filled, and the verb after 'go online' is the request's. Tools and requests are this file's own."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.responder import FunctionCallPlan, MessagePlan, plan_response
from rtkit.local.model.topic import fits, topic_words
from rtkit.realtime.protocol import user_text_item

STRING = {"type": "string"}

START_SONG = tool(
    "play_song",
    "Plays a song on a speaker.",
    {"song": {**STRING, "description": "The title of the song to play."},
     "album": {**STRING, "description": "The album the song is on.", "default": "any"}},
    ("song",),
)  # fmt: skip
BROWSE_SONGS = tool(
    "browse_songs",
    "Finds songs by singer or album.",
    {"singer": {**STRING, "description": "The singer.", "default": "any"},
     "album": {**STRING, "description": "The album the songs are on.", "default": "any"}},
    (),
)  # fmt: skip


def test_a_required_value_copied_from_a_labelled_one_does_not_fill_the_tool() -> None:
    name, args = planned_call("I feel like some music, a friend says an album called Moss Harbour is great.",
                              START_SONG, BROWSE_SONGS)  # fmt: skip
    assert (name, args) == ("browse_songs", {"album": "Moss Harbour"})


def test_a_song_of_its_own_still_starts_it() -> None:
    name, args = planned_call("Play the song Night Drive from the album Moss Harbour.", START_SONG, BROWSE_SONGS)
    assert (name, args) == ("play_song", {"song": "Night Drive", "album": "Moss Harbour"})


def test_a_request_to_play_from_an_album_still_plays_it() -> None:
    name, args = planned_call("Could you play a track from the album Moss Harbour by Riva?", START_SONG, BROWSE_SONGS)
    assert name == "play_song" and args["album"] == "Moss Harbour"


STREAM_SHOW = tool(
    "stream_show",
    "Streams a show online right away.",
    {"show": {**STRING, "description": "The name of the show to stream."}},
    ("show",),
)  # fmt: skip
FIND_EPISODES = tool(
    "find_episodes",
    "Lists episodes by host.",
    {"host": {**STRING, "description": "The host of the episodes."}},
    ("host",),
)  # fmt: skip


def test_the_verb_after_go_online_is_the_requests() -> None:
    name, args = planned_call("Go online and look up shows with Tamsin Crowe as host.", STREAM_SHOW, FIND_EPISODES)
    assert (name, args) == ("find_episodes", {"host": "Tamsin Crowe"})


PLAY_FILM = tool(
    "play_film",
    "Plays a film online with subtitles.",
    {"title": {**STRING, "description": "The title of the film."}},
    ("title",),
)  # fmt: skip
FIND_FILMS = tool(
    "find_films",
    "Finds films online by mood and cast.",
    {"mood": {**STRING, "description": "The mood of the films.", "enum": ["Calm", "Tense", "Any"]},
     "cast": {**STRING, "description": "An actor in the films.", "default": "Any"}},
    ("mood",),
)  # fmt: skip


def test_a_guessed_value_does_not_fill_a_tool_doing_other_than_asked() -> None:
    text = "I'd like to look for some films online. I enjoy films showcasing Oren Vale."
    plan = plan_response([user_text_item(text)], [PLAY_FILM, FIND_FILMS])
    assert isinstance(plan, MessagePlan) or isinstance(plan, FunctionCallPlan) and plan.name == "find_films", plan


FIND_BOOKS = tool(
    "Library_FindBooks",
    "Lists books by author and subject.",
    {"author": {**STRING, "description": "The author's name.", "default": "any"},
     "subject": {**STRING, "description": "The subject of the books.", "default": "any"}},
    (),
)  # fmt: skip
FIND_PLUMBER = tool(
    "Trades_FindPlumber",
    "Looks up a plumber in a city.",
    {"city": {**STRING, "description": "The city, as 'City, ST'."},
     "service": {**STRING, "description": "The kind of job.", "enum": ["Leak", "Boiler", "Drain"]}},
    ("city", "service"),
)  # fmt: skip


def test_a_search_verb_does_not_make_a_tool_fit_a_thing_it_does_not_find() -> None:
    assert not fits("Search for a plumber to sort out my kitchen in Leeds", FIND_BOOKS)
    assert fits("Search for a plumber to sort out my kitchen in Leeds", FIND_PLUMBER)


def test_a_search_verb_still_reaches_a_tool_finding_the_thing_named() -> None:
    name, _ = planned_call("Search for books by Mara Quill", FIND_BOOKS, FIND_PLUMBER)
    assert name == "Library_FindBooks"


ADVICE_TIPS = tool(
    "tips_lookup_advice",
    "Gives a short piece of advice on a subject.",
    {"subject": {**STRING, "description": "What the advice should be about.", "default": ""}},
    (),
)  # fmt: skip
RECIPES = tool(
    "recipes_lookup",
    "Lists recipes with an ingredient.",
    {"ingredient": {**STRING, "description": "An ingredient the recipes use."}},
    ("ingredient",),
)  # fmt: skip


def test_guidance_is_asked_of_a_tool_giving_advice() -> None:
    name, args = planned_call("I'd like some guidance about 'public speaking'", RECIPES, ADVICE_TIPS)
    assert (name, args) == ("tips_lookup_advice", {"subject": "public speaking"})


WORK_HISTORY = tool(
    "career_work_experience",
    "Gives a person's past work experience at an organisation.",
    {"organisation": {**STRING, "description": "The organisation the person worked at."}},
    ("organisation",),
)  # fmt: skip
PORTFOLIO = tool(
    "career_portfolio_items",
    "Lists the pieces in a person's portfolio.",
    {"medium": {**STRING, "description": "The medium of the pieces.", "default": "any"}},
    (),
)  # fmt: skip


def test_an_apprenticeship_is_work_experience() -> None:
    name, _ = planned_call("Tell me about Pia's apprenticeship at Hollow Forge.", PORTFOLIO, WORK_HISTORY)
    assert name == "career_work_experience"


def test_what_comes_after_regarding_is_the_topic() -> None:
    assert fits("Show the details regarding the apprenticeship at Hollow Forge", WORK_HISTORY)
    assert topic_words("Show the details regarding the apprenticeship") == ["apprenticeship"]


TIDE_TIMES = tool(
    "coast_tide_times",
    "Gives the tide times at a harbour.",
    {"harbour": {**STRING, "description": "The harbour, e.g. 'Whitby'."}},
    ("harbour",),
)  # fmt: skip


def test_framing_words_typed_run_together_or_with_letters_swapped_are_still_framing() -> None:
    assert topic_words("Canyou tell me the tides at Whitby?") == ["tides"]
    assert topic_words("I woudl like the tides at Whitby") == ["tides"]
    assert fits("Pleasecan you tell me the tides at Whitby?", TIDE_TIMES)


MEMBER_CARD = tool(
    "club_member_contact",
    "Looks up the contact details of a club member. Either the 'member' or 'card_no' parameter must be provided.",
    {"member": {**STRING, "description": "The member's full name.", "default": None},
     "card_no": {**STRING, "description": "The member's card number.", "default": None}},
    (),
)  # fmt: skip


def test_an_address_or_phone_number_is_asked_of_a_contact_tool() -> None:
    name, args = planned_call("What's the phone number of Ines Marlow?", TIDE_TIMES, MEMBER_CARD)
    assert (name, args) == ("club_member_contact", {"member": "Ines Marlow"})


def test_a_description_requiring_one_of_two_values_asks_when_neither_is_given() -> None:
    plan = plan_response([user_text_item("Look up the contact details of a club member.")], [TIDE_TIMES, MEMBER_CARD])
    assert isinstance(plan, MessagePlan), plan
