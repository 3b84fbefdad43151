"""The stand-in model's decision to call a tool or not (issue 19): the request's topic may come after some context,
in a later sentence or clause, or after the verb it is asked with; and a call needs values the request gives.

Each request is typed text for tools defined here, planned with `plan_response` directly (milliseconds).
"""

from __future__ import annotations

import json

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.responder import FunctionCallPlan, MessagePlan, plan_response
from rtkit.realtime import protocol

STRING = {"type": "string"}
NUMBER = {"type": "number"}

FORECAST = tool(
    "get_forecast",
    "Weather forecast for a city.",
    {"city": {**STRING, "description": "The city, e.g. 'Lyon'."}},
    ("city",),
)
ALBUM = tool(
    "play_album",
    "Plays an album on the living-room speakers.",
    {"album": {**STRING, "description": "Title of the album."}, "artist": {**STRING, "description": "Who made it."}},
    ("album",),
)
FILM = tool(
    "stream_film",
    "Starts streaming a film on the TV.",
    {"title": {**STRING, "description": "Title of the film."}},
    ("title",),
)
SIGHTS = tool(
    "find_sights",
    "Sights and landmarks worth seeing in a town.",
    {"place": {**STRING, "description": "The town the sights are in, written 'Town, Country' like 'Porto, Portugal'."}},
    ("place",),
)
ADD = tool(
    "add_numbers",
    "Adds two numbers and returns their sum.",
    {"x": {**NUMBER, "description": "First number."}, "y": {**NUMBER, "description": "Second number."}},
    ("x", "y"),
)


def plan(text: str, *tools: dict) -> FunctionCallPlan | MessagePlan:
    return plan_response([protocol.user_text_item(text)], list(tools))


def test_the_question_after_a_sentence_of_context_is_the_topic() -> None:
    name, args = planned_call("We're having a picnic on Sunday with the kids. What's the forecast for Lyon?", FORECAST)
    assert (name, args) == ("get_forecast", {"city": "Lyon"})


def test_the_question_after_a_clause_of_context_is_the_topic() -> None:
    name, args = planned_call("I'm stuck in Lyon all weekend, can you give me the forecast?", FORECAST)
    assert (name, args) == ("get_forecast", {"city": "Lyon"})


def test_the_object_of_the_verb_a_wish_names_is_the_topic() -> None:
    name, args = planned_call("I'd love to hear the album 'Kind of Blue' by Miles Davis.", ALBUM)
    assert name == "play_album"
    assert args["album"] == "Kind of Blue"


def test_a_context_sentence_that_asks_nothing_does_not_pick_the_tool() -> None:
    """The second sentence only states things; the first asks about something the tool does not do."""
    assert isinstance(plan("Tell me a joke about cats. My city is Lyon.", FORECAST), MessagePlan)


def test_a_clause_of_only_a_verb_and_numbers_is_about_that_verb() -> None:
    """'multiply' is what is asked; a tool that adds does not fit it."""
    assert isinstance(plan("Could you tell me what I get if I multiply 6 and 7?", ADD), MessagePlan)


def test_a_request_word_is_not_a_title() -> None:
    """Nothing in 'I'm looking for a film' names which film: ask, do not stream one called 'looking'."""
    result = plan("I'm looking for a film.", FILM)
    assert isinstance(result, MessagePlan)
    assert "title" in result.text.lower()


def test_a_lower_case_common_word_is_not_a_city_where_names_are_capitalised() -> None:
    result = plan("Find me some sights to visit.", SIGHTS)
    assert isinstance(result, MessagePlan)
    assert "place" in result.text
    assert planned_call("Find me some sights to visit in Porto.", SIGHTS) == ("find_sights", {"place": "Porto"})


MOVIES = tool(
    "search_movies",
    "Lists movies by director or genre.",
    {"director": {**STRING, "description": "Who directed it."}, "genre": {**STRING, "description": "Its genre."}},
)
SHOWINGS = tool(
    "find_showings",
    "Cinema showings of films in a town.",
    {
        "location": {**STRING, "description": "The town of the cinema, as 'Town, Region' like 'Leeds, UK'."},
        "genre": {**STRING, "description": "Genre of the film."},
    },
    ("location",),
)


def test_a_singular_noun_in_ie_meets_its_plural() -> None:
    """'movie' and 'movies' are one word, as 'country' and 'countries' are."""
    name, args = planned_call("Can you suggest a movie directed by Ada Brook?", MOVIES)
    assert name == "search_movies"
    assert args["director"] == "Ada Brook"


def test_a_place_is_a_known_place_or_written_after_a_preposition_of_place() -> None:
    """'Dreamy' is a capitalised word, but nothing says it is a town: ask where."""
    result = plan("Could you find me showings of a Dreamy drama please?", SHOWINGS)
    assert isinstance(result, MessagePlan)
    assert "location" in result.text
    name, args = planned_call("Could you find me showings of a drama in Leeds please?", SHOWINGS)
    assert name == "find_showings"
    assert args["location"].startswith("Leeds")


INTEGER = {"type": "integer"}
TIMES = tool(
    "times",
    "Multiplies two whole numbers.",
    {"x": {**INTEGER, "description": "First factor."}, "y": {**INTEGER, "description": "Second factor."}},
    ("x", "y"),
)
TOTAL = tool(
    "sum_values",
    "Sum of two numbers.",
    {"first": {**NUMBER, "description": "A number."}, "second": {**NUMBER, "description": "Another number."}},
    ("first", "second"),
)
OUTLOOK = tool(
    "GetOutlook",
    "Retrieves the weather forecast for a town on a given day.",
    {"town": {**STRING, "description": "Name of the town."}},
    ("town",),
)
TODAY = tool("today_date", "Returns today's date without the time of day.", {})


def test_a_noun_made_from_a_verb_names_what_the_verb_does() -> None:
    """'multiplication' is what 'multiplies' does."""
    assert planned_call("What is the multiplication of 6 and 7", TIMES) == ("times", {"x": 6, "y": 7})


def test_the_everyday_word_for_an_operation_names_it() -> None:
    """To 'add' two numbers is to take their sum."""
    name, args = planned_call("Could you tell me what I get if I add 2.5 to 4?", TOTAL)
    assert name == "sum_values"
    assert sorted(args.values()) == [2.5, 4]


def test_what_a_description_opens_with_says_what_the_tool_does() -> None:
    """'forecast' is in the description's opening phrase ('Retrieves the weather forecast'), not just anywhere."""
    assert planned_call("Could you tell me the forecast for Bergen?", OUTLOOK) == ("GetOutlook", {"town": "Bergen"})


CALENDAR_DAY = tool(
    "calendar_today",
    "Gives the current local date without time information.",
    {"style": {**STRING, "description": "How to write the date.", "default": "long"}},
)


def test_what_a_description_says_a_tool_does_not_give_does_not_fit_it() -> None:
    assert isinstance(plan("What time is it?", TODAY), MessagePlan)
    assert planned_call("What's today's date?", TODAY)[0] == "today_date"
    assert isinstance(plan("What is the current time?", CALENDAR_DAY), MessagePlan)
    assert planned_call("What's the current date?", CALENDAR_DAY)[0] == "calendar_today"


SALON = tool(
    "find_stylist",
    "Hair stylists in a city.",
    {"city": {**STRING, "description": "The city, e.g. 'Leeds'."}},
    ("city",),
)
RIDE = tool(
    "book_cab",
    "Books a cab to a destination.",
    {"destination": {**STRING, "description": "Street address to go to."}},
    ("destination",),
)
EATERY = tool(
    "find_restaurants",
    "Restaurants in a city, by cuisine.",
    {"city": {**STRING, "description": "City, e.g. 'Leeds'."}, "cuisine": {**STRING, "description": "Kind of food."}},
    ("city",),
)


def test_a_gerund_with_its_object_is_the_verb_and_the_object_the_topic() -> None:
    assert planned_call("I'm interested in seeing a hair stylist in Leeds.", SALON) == (
        "find_stylist",
        {"city": "Leeds"},
    )


def test_a_wish_after_and_opens_a_clause_of_its_own() -> None:
    said = "I'm spending the weekend in York and I'd like to book a cab to 12 Mill Lane, York."
    name, args = planned_call(said, RIDE)
    assert name == "book_cab"
    assert args["destination"].startswith("12 Mill Lane")


def test_a_taxi_is_a_cab() -> None:
    name, _ = planned_call("Can you get me a taxi to 12 Mill Lane, York?", RIDE)
    assert name == "book_cab"


def test_a_place_to_eat_is_about_what_the_rest_of_the_request_says() -> None:
    name, args = planned_call("Can you find me some place to eat in Leeds with Thai food?", EATERY)
    assert name == "find_restaurants"
    assert args["city"] == "Leeds"


CLEANING = tool(
    "find_cleaning_services",
    "Cleaning services in a city.",
    {"city": {**STRING, "description": "City, e.g. 'Leeds'."}},
    ("city",),
)
SHELL = tool(
    "run_shell",
    "Runs one line in the system shell.",
    {"command": {**STRING, "description": "The line to run."}},
    ("command",),
)


def test_what_a_relative_clause_says_the_thing_does_describes_it() -> None:
    assert planned_call("Find a handyman who offers cleaning services in Leeds.", CLEANING) == (
        "find_cleaning_services",
        {"city": "Leeds"},
    )


def test_what_a_request_says_to_do_it_with_names_the_tool() -> None:
    name, args = planned_call("power off the laptop using the shell command 'shutdown now'", SHELL)
    assert name == "run_shell"
    assert args["command"] == "shutdown now"


def test_a_wish_after_and_without_its_subject_opens_a_clause() -> None:
    said = "I am planning a picnic with my family and would like the forecast for Bergen."
    assert planned_call(said, OUTLOOK) == ("GetOutlook", {"town": "Bergen"})


def test_a_film_is_a_movie() -> None:
    name, args = planned_call("Any good films by the director Ada Brook?", MOVIES)
    assert name == "search_movies"
    assert args["director"] == "Ada Brook"


EVENT_SEARCH = tool(
    "search_events",
    "Search the calendar for events.",
    {"query": {**STRING, "description": "Words to look for."}},
    ("query",),
)


def test_a_tool_that_only_searches_does_not_serve_a_request_to_create() -> None:
    assert isinstance(plan("Schedule a dentist visit for Monday at 11", EVENT_SEARCH), MessagePlan)
    assert planned_call("Search my calendar for the dentist visit", EVENT_SEARCH)[0] == "search_events"


PRODUCT = tool(
    "CalcProduct",
    "Calculates the product of two numbers.",
    {"a": {**NUMBER, "description": "A number."}, "b": {**NUMBER, "description": "Another number."}},
    ("a", "b"),
)
CLOCK = tool("current_time", "Returns the current local time.", {})


def test_an_operator_between_numbers_names_its_operation() -> None:
    assert planned_call("compute 12 * 34", CLOCK, PRODUCT, TOTAL)[0] == "CalcProduct"
    assert planned_call("compute 12 + 34", CLOCK, PRODUCT, TOTAL)[0] == "sum_values"


REPORT = tool(
    "get_report",
    "Fetches a sales report by its name.",
    {"name": {**STRING, "description": "Name of the report."}},
    ("name",),
)


def test_a_statement_that_asks_nothing_calls_nothing() -> None:
    assert isinstance(plan("The sales report was late again this quarter.", REPORT), MessagePlan)
    assert isinstance(plan("Marta has the sales report 'Q3 North'.", REPORT), MessagePlan)
    assert planned_call("The sales report 'Q3 North' is needed for the meeting.", REPORT) == (
        "get_report",
        {"name": "Q3 North"},
    )


EVENTS = tool(
    "find_events",
    "Finds concerts and other events in a city.",
    {"city": {**STRING, "description": "City, e.g. 'Leeds'."}},
    ("city",),
)


def test_an_interest_is_a_wish_that_asks() -> None:
    said = "I have Friday off, and I'm interested in attending a music event in Leeds."
    assert planned_call(said, EVENTS) == ("find_events", {"city": "Leeds"})


def test_to_pull_up_things_is_to_show_them() -> None:
    name, args = planned_call("Can you please help me pull up movies directed by Ada Brook?", MOVIES)
    assert name == "search_movies"
    assert args["director"] == "Ada Brook"


def test_what_a_relative_clause_says_the_thing_can_do_describes_it() -> None:
    said = "I need a handyman who can offer cleaning services in Leeds."
    assert planned_call(said, CLEANING) == ("find_cleaning_services", {"city": "Leeds"})


DIAGRAM = tool(
    "draw_diagram",
    "Draws a diagram from labelled series of values.",
    {"labels": {"type": "array", "items": STRING, "description": "Label of each value."}},
    ("labels",),
)
CONDITIONS = tool(
    "weather_outlook",
    "Weather conditions for a town on a day.",
    {"town": {**STRING, "description": "The town, e.g. 'Bergen'."}, "day": {**STRING, "description": "YYYY-MM-DD."}},
    ("town",),
)
BARBERS = tool(
    "find_hair_stylist",
    "Search for a hair stylist in a town.",
    {"town": {**STRING, "description": "The town where the stylist works, e.g. 'Bergen'."}},
    ("town",),
)
MEMBER = tool(
    "lookup_person",
    "Looks up a person by their number.",
    {"number": {"type": "integer", "description": "The person's number."}},
    ("number",),
)
MEALS = tool(
    "log_meal",
    "Logs what was eaten and how much.",
    {"dish": {**STRING, "description": "What was eaten."}, "grams": {**NUMBER, "description": "How much."}},
    ("dish",),
)


def test_the_verb_a_tool_is_named_with_is_no_kind_of_its_noun() -> None:
    # 'draw_diagram' does not name a kind of diagram that 'a pie diagram' would differ from.
    name, args = planned_call("Can you make a pie diagram with the labels 'rent', 'food' and 'fun'?", DIAGRAM)
    assert name == "draw_diagram"
    assert args["labels"] == ["rent", "food", "fun"]


def test_an_opinion_before_the_ask_is_framing() -> None:
    name, args = planned_call("Do you think you could find me a hair stylist in Bergen?", BARBERS)
    assert (name, args) == ("find_hair_stylist", {"town": "Bergen"})


def test_a_forecast_is_asked_of_a_weather_tool() -> None:
    name, args = planned_call("Could you give me the forecast for Bergen on 2031-05-02?", CONDITIONS)
    assert (name, args) == ("weather_outlook", {"town": "Bergen", "day": "2031-05-02"})


def test_another_kind_of_forecast_is_no_weather() -> None:
    for said in ("Show me the sales forecast for Bergen", "What is the revenue forecast for Acme in 2031?"):
        assert isinstance(plan(said, CONDITIONS), MessagePlan), said


def test_a_salon_is_where_hair_stylists_work() -> None:
    name, args = planned_call("I'm thinking about finding a salon in Bergen", BARBERS)
    assert (name, args) == ("find_hair_stylist", {"town": "Bergen"})


def test_an_individual_is_a_person() -> None:
    name, args = planned_call("Can you tell me about the individual with number 42?", MEMBER)
    assert (name, args) == ("lookup_person", {"number": 42})


def test_recording_a_meal_logs_it() -> None:
    name, args = planned_call("Please record that I had a bowl of porridge", MEALS)
    assert name == "log_meal"
    assert "porridge" in args["dish"]


THERAPISTS = tool(
    "find_therapist",
    "Finds a therapist in a town.",
    {
        "town": {**STRING, "description": "The town, e.g. 'Bergen'."},
        "kind": {**STRING, "enum": ["Psychologist", "Psychiatrist"], "description": "What kind of therapist."},
    },
    ("town",),
)
SCREENINGS = tool(
    "find_screenings",
    "Search for films showing in a town.",
    {"town": {**STRING, "description": "The town, e.g. 'Bergen'."}},
    ("town",),
)
SONGS = tool(
    "lookup_songs",
    "Finds songs by an artist or of a genre.",
    {"artist": {**STRING, "description": "Who sings."}, "genre": {**STRING, "description": "e.g. 'Jazz'."}},
)


def test_a_noun_written_like_a_name_is_the_topic_when_a_tool_names_it() -> None:
    name, args = planned_call(
        "I have had a rough week. Can you get me a Psychologist in Bergen?", THERAPISTS, SCREENINGS
    )
    assert name == "find_therapist"
    assert args["town"] == "Bergen"


def test_a_value_before_the_noun_describes_it() -> None:
    name, args = planned_call("I have had a rough week. Can you find 3D films in Bergen?", SCREENINGS)
    assert (name, args) == ("find_screenings", {"town": "Bergen"})


def test_a_wish_after_a_comma_opens_a_clause() -> None:
    said = "I'm done with work for the week, I want to see the films showing in Bergen"
    assert planned_call(said, SCREENINGS) == ("find_screenings", {"town": "Bergen"})


def test_a_plea_after_so_opens_a_clause() -> None:
    said = "My sister has been on about her hair all week so can you find me a salon in Bergen?"
    assert planned_call(said, BARBERS) == ("find_hair_stylist", {"town": "Bergen"})


def test_a_gerund_after_like_is_the_action_and_its_object_the_topic() -> None:
    name, _ = planned_call("I feel like listening to some jazz tunes. Can you find me something?", SONGS)
    assert name == "lookup_songs"


def test_a_greeting_word_is_framing_where_it_opens_the_request_and_a_value_where_it_is_said() -> None:
    say = tool("say", "Say a word out loud.", {"word": {"type": "string"}}, ["word"])
    assert planned_call("say hello", say) == ("say", {"word": "hello"})
    reply = plan_response([protocol.user_text_item("Hello, can you say something?")], [say], "")
    assert isinstance(reply, MessagePlan)


CHECKLIST = tool(
    "checklist",
    "Keeps a checklist: adds, deletes or ticks off entries.",
    {
        "op": {**STRING, "enum": ["add", "delete", "tick"], "description": "What to do."},
        "entry": {**STRING, "description": "The entry's text."},
    },
    ("op", "entry"),
)


def test_removing_deletes_and_creating_adds_rather_than_asking_which() -> None:
    assert planned_call("Please remove 'buy milk' from my checklist", CHECKLIST) == (
        "checklist",
        {"op": "delete", "entry": "buy milk"},
    )
    assert planned_call("Can you create a checklist entry for 'call mum'", CHECKLIST) == (
        "checklist",
        {"op": "add", "entry": "call mum"},
    )


ARTIST_PLAYER = tool(
    "play_artist",
    "Initiate playback of all songs associated with the specified artist.",
    {"artist_name": {**STRING, "description": "The artist."}},
    ("artist_name",),
)


def test_listening_to_or_hearing_something_asks_to_play_it() -> None:
    for said in ("I want to hear every song by Björk.", "Can I listen to Björk?"):
        assert planned_call(said, ARTIST_PLAYER) == ("play_artist", {"artist_name": "Björk"}), said


TERMINAL = tool(
    "run_in_terminal",
    "Runs an instruction in a terminal.",
    {"command": {**STRING, "description": "The instruction to run."}},
    ("command",),
)


def test_a_written_out_command_line_asks_a_tool_that_runs_one() -> None:
    for said in ("see whether git is there using git --version", 'delete it with del "%temp%\\old.log"'):
        plan_ = plan(said, TERMINAL)
        assert isinstance(plan_, FunctionCallPlan) and plan_.name == "run_in_terminal", said


def test_a_program_file_merely_mentioned_is_no_command_line() -> None:
    assert isinstance(plan("My editor lives in c:/tools/edit.exe, is that a good place?", TERMINAL), MessagePlan)


EACH_PRODUCT = tool(
    "product_of",
    "Returns the product of two integers.",
    {"a": {"type": "integer", "description": "First factor."}, "b": {"type": "integer", "description": "Second."}},
    ("a", "b"),
)
EACH_SUM = tool(
    "sum_of",
    "Returns the sum of two integers.",
    {"a": {"type": "integer", "description": "First term."}, "b": {"type": "integer", "description": "Second."}},
    ("a", "b"),
)


def test_each_in_a_word_problem_asks_a_product() -> None:
    for said in (
        "4 of my cousins sent me 25 dollars each. How much did I get?",
        "Each of my six pupils owes 3 pounds, what is owed?",
    ):
        plan_ = plan(said, EACH_SUM, EACH_PRODUCT)
        assert isinstance(plan_, FunctionCallPlan) and plan_.name == "product_of", said
        assert sorted(json.loads(plan_.arguments).values()) in ([4, 25], [3, 6]), said


HOMES = tool(
    "search_homes",
    "Search for available homes to stay in at a place.",
    {"place": {**STRING, "description": "Where, e.g. 'Bergen'."}},
    ("place",),
)
CAR_HIRE = tool(
    "hire_cars_available",
    "Lists cars available for hire in a town.",
    {"town": {**STRING, "description": "The town, e.g. 'Bergen'."}},
    ("town",),
)


def test_an_imperative_after_a_comma_opens_a_clause() -> None:
    said = "Hello, my train just got in to Norway, find available homes with a garden in Bergen?"
    assert planned_call(said, HOMES) == ("search_homes", {"place": "Bergen"})


def test_a_need_after_and_without_its_subject_asks() -> None:
    said = "I'm travelling to Bergen and will need a car. Tell me the choices in Bergen."
    assert planned_call(said, CAR_HIRE) == ("hire_cars_available", {"town": "Bergen"})


JUKEBOX = tool(
    "jukebox_play",
    "Plays the named track on the jukebox.",
    {"track": {**STRING, "description": "Name of the track."}},
    ("track",),
)


def test_a_synonym_of_the_tools_own_word_is_no_value_so_the_model_asks() -> None:
    # 'listen' only says what the tool does ('plays'): the track is not given.
    assert isinstance(plan("I would like to listen to a track", JUKEBOX), MessagePlan)
    assert planned_call("I would like to listen to the track Blue Moon", JUKEBOX) == (
        "jukebox_play",
        {"track": "Blue Moon"},
    )


FLATS = tool(
    "search_flats",
    "Search for flats to stay in.",
    {"where_to": {**STRING, "description": "City to stay in, like 'Bergen'."}},
    ("where_to",),
)


def test_a_lower_case_word_read_as_a_place_is_no_place_so_the_model_asks() -> None:
    assert isinstance(plan("I would like to rent a flat.", FLATS), MessagePlan)
    assert planned_call("Find me a flat in Bergen", FLATS) == ("search_flats", {"where_to": "Bergen"})


FINDER = tool(
    "find_barber",
    "Finds a barber shop in a city.",
    {"city": {**STRING, "description": "The city, e.g. 'Lyon'."}},
    ("city",),
)
DIARY = tool(
    "diary_log",
    "Logs a drink or a meal with its amount.",
    {"item": {**STRING, "description": "What it was, e.g. 'tea'."}, "cups": {**NUMBER, "description": "Cups."}},
    ("item",),
)
LETTINGS = tool(
    "flat_search",
    "Searches homes to rent in a city.",
    {"city": {**STRING, "description": "The city, e.g. 'Lyon'."}},
    ("city",),
)
MATHS = tool(
    "multiply_numbers",
    "Multiplies two numbers.",
    {"x": NUMBER, "y": NUMBER},
    ("x", "y"),
)
CLOCK = tool(
    "clock_now",
    "The current time in a time zone.",
    {"zone": {**STRING, "description": "Time zone, e.g. 'Europe/Paris'."}},
)


def test_a_wish_said_with_a_noun_asks() -> None:
    assert planned_call("I have the urgency to find a barber in Lyon", FINDER) == ("find_barber", {"city": "Lyon"})


def test_an_adverb_after_the_verb_leaves_its_object_the_topic() -> None:
    assert planned_call("We're looking to stay briefly for an apartment in Lyon.", LETTINGS) == (
        "flat_search",
        {"city": "Lyon"},
    )


def test_a_plea_whose_verb_says_the_action_after_context_asks_for_it() -> None:
    name, _ = planned_call("I had a lovely breakfast today. Could you log that I drank 2 cups of tea?", DIARY)
    assert name == "diary_log"


def test_times_between_two_numbers_multiplies() -> None:
    assert planned_call("What is 12 times 31?", CLOCK, MATHS) == ("multiply_numbers", {"x": 12, "y": 31})
    assert planned_call("What time is it in Paris?", CLOCK, MATHS)[0] == "clock_now"


def test_a_question_stuck_to_the_sentence_before_it_asks() -> None:
    assert planned_call("my hair is a mess.can you find a barber in Lyon", FINDER) == ("find_barber", {"city": "Lyon"})
