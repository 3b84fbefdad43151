"""Which words of a request fill a string parameter: qualified places in the form the schema shows, city
nicknames for a city, people's names after 'directed by' / 'starring', the value after its label, whole values.

Each request is typed text for a tool defined here, planned with `plan_response` (milliseconds per case).
"""

from __future__ import annotations

from datetime import date

import pytest
from helpers import function_tool as tool
from helpers import planned_call

TODAY = date(2026, 3, 12)
STRING = {"type": "string"}


def text_tool(name: str, description: str, *, required: bool = False, **params: str) -> dict:
    """A tool whose parameters are strings with these descriptions (all required with `required`)."""
    properties = {k: {**STRING, "description": v} for k, v in params.items()}
    return tool(name, description, properties, tuple(params) if required else ())


def call(text: str, *tools: dict) -> tuple[str, dict]:
    return planned_call(text, *tools, today=TODAY)


def _place_tool(description: str) -> dict:
    return tool(
        "find_bike_shop",
        "Find bicycle repair shops in a town.",
        {"town": {**STRING, "description": description}},
        ("town",),
    )


US_CODED = "The town to search, in the form 'City, State' with the state abbreviated, for example 'Austin, TX'."
COUNTRY_CODED = (
    "The town to search: 'City, State' in the United States, else 'City, Country', for example 'Denver, CO' "
    "or 'Lyon, FR'."
)


@pytest.mark.parametrize(
    ("request_text", "description", "expected"),
    [
        # The qualifier written after the city belongs to the value a 'City, ST' schema asks for.
        ("Find a bicycle repair shop in Boulder, CO", US_CODED, "Boulder, CO"),
        ("I'm in Flagstaff, AZ, find bicycle repair shops", US_CODED, "Flagstaff, AZ"),
        # The description's examples are whole values ('Eugene, OR'), not the state code alone.
        ("Find bicycle repair shops in Bend, OR", "The town, such as 'Eugene, OR' or 'Boise, ID'.", "Bend, OR"),
        # A country written out where the schema shows two-letter codes.
        ("Find bicycle repair shops in Madrid, Spain", COUNTRY_CODED, "Madrid, ES"),
        # A state written out where the schema shows its code.
        ("Find a bike shop in Denver, Colorado", US_CODED, "Denver, CO"),
    ],
)
def test_qualified_place_in_the_schemas_form(request_text: str, description: str, expected: str) -> None:
    _, args = call(request_text, _place_tool(description))
    assert args["town"] == expected


COUNTRY_NAMED = "The town, in the format of 'City, Country', for example 'Lyon, France'."


def test_a_country_written_by_another_of_its_names_takes_the_forms_name() -> None:
    # 'Scotland' is a part of the United Kingdom, which is written 'UK' after a city.
    _, args = call("Find bicycle repair shops in Edinburgh, Scotland", _place_tool(COUNTRY_NAMED))
    assert args["town"] == "Edinburgh, UK"


def test_the_united_states_after_a_city_is_written_usa() -> None:
    _, args = call("Find bicycle repair shops in Denver", _place_tool(COUNTRY_NAMED))
    assert args["town"] == "Denver, USA"


def test_a_country_spelled_out_in_the_form_stays_a_name() -> None:
    description = "The town, in the format of 'City, State' or 'City, Country'."
    _, args = call("Find bicycle repair shops in Lisbon, Portugal", _place_tool(description))
    assert args["town"] == "Lisbon, Portugal"


SNOW = text_tool("snow_forecast", "Snowfall forecast.", city="The name of the city to forecast.", required=True)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("How much snow will fall in Philly tomorrow?", "Philadelphia"),
        ("snowfall forecast for SF please", "San Francisco"),
        ("How much snow will fall in Chi-town?", "Chicago"),
        ("Will it snow in SD, California on Friday?", "San Diego"),  # initials, as 'LA' and 'SF' are written
    ],
)
def test_city_nickname_gives_the_citys_name(request_text: str, expected: str) -> None:
    _, args = call(request_text, SNOW)
    assert args["city"] == expected


BUS = text_tool(
    "find_bus",
    "Find coach trips between two cities.",
    required=True,
    from_city="The city the trip leaves from, in the format 'City, State', e.g. 'Dallas, TX'.",
    to_city="The city the trip goes to, in the format 'City, State', e.g. 'Dallas, TX'.",
)


def test_city_initials_in_a_city_state_form() -> None:
    _, args = call("Find me a coach from LA to SD", BUS)
    assert args == {"from_city": "Los Angeles, CA", "to_city": "San Diego, CA"}


def test_a_district_of_a_city_is_kept_as_said() -> None:
    _, args = call("How much snow will fall in Brooklyn tomorrow?", SNOW)
    assert args["city"] == "Brooklyn"


FILMS = tool(
    "search_films",
    "Search a film catalogue by director and cast.",
    {
        "directed_by": {**STRING, "description": "Full name of the film's director, or 'any'.", "default": "any"},
        "cast": {**STRING, "description": "Full name of an actor or actress in the film, or 'any'.", "default": "any"},
    },
)


@pytest.mark.parametrize(
    ("request_text", "director", "actor"),
    [
        # The film is what was directed; the director is the name after 'by'.
        ("Search the catalogue: I want to watch a film directed by Agnes Varda", "Agnes Varda", "any"),
        ("Search for films directed by Mira Nair with Irrfan Khan in the cast", "Mira Nair", "Irrfan Khan"),
        ("Search for films directed by Sofia Coppola and featuring Bill Nighy", "Sofia Coppola", "Bill Nighy"),
        # A double-barrelled surname is part of the name, not a code.
        ("Search for films starring Phoebe Waller-Bridge", "any", "Phoebe Waller-Bridge"),
    ],
)
def test_people_named_after_directed_by_and_starring(request_text: str, director: str, actor: str) -> None:
    _, args = call(request_text, FILMS)
    assert (args.get("directed_by", "any"), args.get("cast", "any")) == (director, actor)


def test_a_name_introduced_with_i_am_is_the_name_alone() -> None:
    checkin = tool(
        "check_in",
        "Check a passenger in for a flight.",
        {"passenger_name": {**STRING, "description": "The passenger's name."}, "flight": STRING},
        ("passenger_name",),
    )
    _, args = call("Hi, I am Tomasz. Check me in for flight LO281", checkin)
    assert args["passenger_name"] == "Tomasz"


SHIPMENTS = tool(
    "link_parcel",
    "Link a parcel to a warehouse shelf.",
    {
        "parcel": {**STRING, "description": "The UUID of the parcel."},
        "shelf": {**STRING, "description": "The UUID of the shelf."},
    },
    ("parcel", "shelf"),
)


@pytest.mark.parametrize(
    ("request_text", "parcel", "shelf"),
    [
        # 'UUID' and 'ID' label the value written after them.
        ("Link parcel UUID QX77310Z with the shelf ID S-0042-B", "QX77310Z", "S-0042-B"),
        # What the value is linked 'to' is another thing, not its label.
        ("Link parcel with ID 'pk-991' to the shelf with ID 'sh-17'", "pk-991", "sh-17"),
    ],
)
def test_a_label_is_not_the_value_after_it(request_text: str, parcel: str, shelf: str) -> None:
    _, args = call(request_text, SHIPMENTS)
    assert (args["parcel"], args["shelf"]) == (parcel, shelf)


def test_a_hyphenated_identifier_is_kept_whole() -> None:
    exports = text_tool(
        "list_job_runs", "List the runs of a scheduled job.", jobId="The identifier of the job.", required=True
    )
    _, args = call("List the runs for my job using the identifier 'nightly-job-id'", exports)
    assert args["jobId"] == "nightly-job-id"


def test_a_street_address_is_kept_with_its_city_state_and_country() -> None:
    taxi = text_tool(
        "book_taxi",
        "Book a taxi pick-up.",
        pickup="Pick-up point, in the format 'Street Address, City, State, Country'.",
        required=True,
    )
    _, args = call("Book a taxi pick-up at 48 Juniper Lane, Eugene, OR, USA in ten minutes", taxi)
    assert args["pickup"] == "48 Juniper Lane, Eugene, OR, USA"


def test_a_place_ends_where_its_sentence_ends() -> None:
    forecast = text_tool(
        "pollen_forecast", "Pollen forecast for a place.", place="The place, as 'City, Country'.", required=True
    )
    _, args = call("What is the pollen forecast in Porto, Portugal. I have allergies.", forecast)
    assert args["place"] == "Porto, Portugal"


def test_a_text_after_its_label_runs_to_the_end_of_the_clause() -> None:
    notes = tool(
        "shopping_list",
        "Add or remove an entry of the shopping list.",
        {
            "action": {**STRING, "enum": ["add", "remove"], "description": "What to do with the entry."},
            "content": {**STRING, "description": "The text of the entry."},
        },
        ("action", "content"),
    )
    _, args = call("remove shopping list entry with content - buy oat milk", notes)
    assert args == {"action": "remove", "content": "buy oat milk"}


def test_a_text_after_its_label_and_a_modal_verb_is_what_it_says() -> None:
    post = tool(
        "blog_post_create",
        "Creates a blog post.",
        {"heading": {**STRING, "description": "The heading of the post."},
         "body": {**STRING, "description": "The main text of the post."}},
        ("heading", "body"),
    )  # fmt: skip
    _, args = call("Write a post titled 'Spring fair'. The body should describe the stalls at the village green.", post)
    assert args["body"] == "the stalls at the village green"


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        # A state written after the city without a comma is still its qualifier.
        ("Find bicycle repair shops in Boise Idaho", "Boise, ID"),
        # A name that holds its state already is not qualified twice.
        ("Find bicycle repair shops in Washington D.C.", "Washington D.C."),
    ],
)
def test_city_and_state_without_a_comma(request_text: str, expected: str) -> None:
    _, args = call(request_text, _place_tool(US_CODED))
    assert args["town"] == expected


CACHE = tool(
    "register_cache_node",
    "Register a cache node.",
    {
        "host": {**STRING, "description": "The node's hostname or address."},
        "api_key": {**STRING, "description": "The key that authenticates the node."},
        "database": {**STRING, "description": "The database the node caches."},
    },
    ("host", "api_key"),
)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        # 'host address', 'API key', 'named': words that say what the value is, not the value.
        (
            "Register a cache node: the host address is http://cache7.example.net, and the API key is 99120.",
            {"host": "http://cache7.example.net", "api_key": "99120"},
        ),
        (
            "Register a cache node with host 'c8.example.net', the API Key 'k-55', for a database named 'orders_db'",
            {"host": "c8.example.net", "api_key": "k-55", "database": "orders_db"},
        ),
    ],
)
def test_label_words_are_not_values(request_text: str, expected: dict) -> None:
    _, args = call(request_text, CACHE)
    assert args == expected


def test_a_title_belongs_to_the_persons_name_and_is_no_place() -> None:
    coordinates = text_tool(
        "city_coordinates",
        "Latitude and longitude of a city.",
        city_name="The name of the city, such as 'Lima'.",
        required=True,
    )
    _, args = call("Give me the city coordinates of Denver, the city where Dr. Alvarez lives", coordinates)
    assert args["city_name"] == "Denver"
    lawyer = text_tool(
        "case_history", "Court case history of a person.", person="Full name of the person.", required=True
    )
    _, args = call("Show the court case history of Mrs. Okafor", lawyer)
    assert args["person"] == "Mrs. Okafor"


def test_an_identifiers_label_is_not_part_of_it() -> None:
    _, args = call("Link parcel with UUID QUASAR and shelf ID S-0042-B", SHIPMENTS)
    assert (args["parcel"], args["shelf"]) == ("QUASAR", "S-0042-B")


HELP = text_tool("garden_help", "Gardening help articles.", topic="The topic to get help on.", required=True)


def test_a_vague_adjective_is_no_value_and_the_quoted_one_is() -> None:
    text = "I need gardening help with a specific topic. Can you provide help on 'winter pruning' in video?"
    _, args = call(text, HELP)
    assert args["topic"] == "winter pruning"


def test_a_dotted_date_is_not_a_search_term() -> None:
    news = tool(
        "search_gardening_news",
        "Search gardening news.",
        {
            "keyword": {**STRING, "description": "Words to search for."},
            "category": {**STRING, "description": "News category."},
        },
        ("keyword",),
    )
    _, args = call("search gardening news on 2024.4.2 about 'compost tea'", news)
    assert args["keyword"] == "compost tea"


def test_the_tools_own_subject_is_not_the_value() -> None:
    details = text_tool(
        "get_marisol_portfolio",
        "Details of one project in Marisol's portfolio.",
        project_name="The name of the project.",
        required=True,
    )
    text = "Show me Marisol's portfolio details for the 'tidal energy survey' project that Marisol led"
    _, args = call(text, details)
    assert args["project_name"] == "tidal energy survey"


RADIO = tool(
    "radio_request",
    "Request a song on the radio.",
    {
        "query": {
            **STRING,
            "description": "What to play, written as 'song:Song Title singer:Singer Name', or just "
            "'song:Song Title' when the singer is not known.",
        }
    },
    ("query",),
)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        # The description's 'key:Value' format, each key filled as a parameter of that name would be.
        ("Request the song 'Blue Hour' by Nadia Reyes on the radio", "song:Blue Hour singer:Nadia Reyes"),
        ("Request the song 'Blue Hour' on the radio", "song:Blue Hour"),
    ],
)
def test_a_value_in_the_descriptions_key_value_format(request_text: str, expected: str) -> None:
    _, args = call(request_text, RADIO)
    assert args["query"] == expected


def test_a_quoted_hyphenated_value_is_taken_as_written() -> None:
    fabric = text_tool(
        "fabric_nodes", "List the nodes of a network fabric.", fabricName="The name of the fabric.", required=True
    )
    _, args = call("List the nodes of the network fabric 'Core-Fabric'", fabric)
    assert args["fabricName"] == "Core-Fabric"


def test_a_key_the_request_does_not_clearly_give_is_left_out() -> None:
    # No 'by': the request does not say who sings, so the value stays in the plain form.
    _, args = call("Request the song 'Blue Hour' on the radio", RADIO)
    assert "singer:" not in args["query"]


def test_a_lone_lower_case_word_is_no_cast_member() -> None:
    text = "I want to see a film directed by Chloe Zhao and acted by Frances McDormand"
    _, args = call(f"Search films: {text}", FILMS)
    assert (args.get("directed_by"), args.get("cast")) == ("Chloe Zhao", "Frances McDormand")


def test_a_label_is_no_persons_name() -> None:
    owner = text_tool("project_owner", "Find the owner of a project.", owner_name="Name of the owner.")
    plan_args = call("Find the project owner for project ID kestrel", owner)[1]
    assert plan_args.get("owner_name") != "ID"


def test_lower_case_names_after_directed_by_and_with() -> None:
    _, args = call("search films with frances mcdormand and directed by chloe zhao", FILMS)
    assert (args.get("directed_by", "").lower(), args.get("cast", "").lower()) == ("chloe zhao", "frances mcdormand")


def test_a_state_written_out_becomes_the_code_the_description_asks_for() -> None:
    tax = tool(
        "sales_tax",
        "Sales tax for a purchase.",
        {
            "amount": {"type": "number", "description": "Purchase amount in dollars."},
            "state": {**STRING, "description": "The U.S. state abbreviation, such as 'TX' for Texas."},
        },
        ("amount", "state"),
    )
    _, args = call("What is the sales tax on $80 spent in Portland, Oregon?", tax)
    assert args["state"] == "OR"


def test_a_host_takes_a_host_shaped_value() -> None:
    server = tool(
        "add_db_server",
        "Add a database server.",
        {
            "host": {**STRING, "description": "The hostname or IP address of the server."},
            "database": {**STRING, "description": "The database name."},
        },
        ("host", "database"),
    )
    text = "Add a database server for our Norway office. Its domain is 'db.fjord.no', database 'ledger'"
    _, args = call(text, server)
    assert args == {"host": "db.fjord.no", "database": "ledger"}
    _, args = call("Add a database server with host IP as '10.0.0.7' and the 'ledger' database", server)
    assert args == {"host": "10.0.0.7", "database": "ledger"}


def test_a_city_outside_the_states_stays_bare_in_a_city_state_form() -> None:
    # 'City, ST' is the United States' form: Lyon has no state to add, and the form asks no country.
    _, args = call("Find bicycle repair shops in Lyon", _place_tool(US_CODED))
    assert args["town"] == "Lyon"
    _, args = call("Find bicycle repair shops in Denver", _place_tool(US_CODED))
    assert args["town"] == "Denver, CO"


def test_a_receiver_is_a_person() -> None:
    transfer = tool(
        "send_money",
        "Send money to a contact.",
        {
            "payment_method": {**STRING, "enum": ["app balance", "debit card", "credit card"]},
            "amount": {"type": "number", "description": "How much, in dollars."},
            "receiver": {
                **STRING,
                "description": "The identifier of the contact or account to receive the payment, such as a username.",
            },
        },
        ("payment_method", "amount", "receiver"),
    )
    text = (
        "I'd like to send $75 to my cousin Ilse using my credit card. Can we also ensure the payment remains private?"
    )
    _, args = call(text, transfer)
    assert args == {"payment_method": "credit card", "amount": 75, "receiver": "Ilse"}


def test_a_title_after_its_noun_keeps_its_common_words() -> None:
    records = tool(
        "find_records",
        "Find vinyl records by album and artist.",
        {
            "album": {**STRING, "description": "The album title, or 'any'.", "default": "any"},
            "artist": {**STRING, "description": "The artist, or 'any'.", "default": "any"},
        },
    )
    _, args = call("Find vinyl records of the album Here We Go Again by Lena Moss", records)
    assert (args.get("album"), args.get("artist")) == ("Here We Go Again", "Lena Moss")
    _, args = call("Find vinyl records: I hear that the album Stay Now is great", records)
    assert args.get("album") == "Stay Now"


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        # A town too small for the main table still gets its state in a 'City, ST' form.
        ("Find bicycle repair shops in Petaluma", "Petaluma, CA"),
        ("Find bicycle repair shops in Walla Walla", "Walla Walla, WA"),
        # A qualifier written with the town names its state, even where a larger town of that name lies elsewhere.
        ("Find bicycle repair shops in Fremont, Nebraska", "Fremont, NE"),
        # A name several states' towns share is not given one of them.
        ("Find bicycle repair shops in Springfield", "Springfield"),
    ],
)
def test_a_smaller_us_town_gets_its_state(request_text: str, expected: str) -> None:
    _, args = call(request_text, _place_tool(US_CODED))
    assert args["town"] == expected


def test_a_name_stops_where_its_sentence_ends() -> None:
    events = text_tool(
        "find_concerts", "Find concerts in a city.", city="The city, in the format 'City, State' or 'City, Country'."
    )
    _, args = call("I'll be in Glasgow, UK. Could you find concerts there?", events)
    assert args["city"] == "Glasgow, UK"
    cleaners = text_tool("find_gardener", "Find a gardener.", area="The name of the neighbourhood.")
    _, args = call("Find a gardener in the neighbourhood of Kallio. They should prune hedges.", cleaners)
    assert args["area"] == "Kallio"


AREAS = tool(
    "find_plumber",
    "Find a plumber in an area.",
    {
        "district_name": {**STRING, "description": "The name of the district where the plumber works."},
        "sub_district_name": {**STRING, "description": "The name of the subdistrict where the plumber works."},
    },
)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        # 'X District' for the district's name: X; a province or a city beside it is no district.
        ("Find a plumber in Lampang Province, Ko Kha District", {"district_name": "Ko Kha"}),
        ("Find a plumber in Bangkok, Ko Kha District", {"district_name": "Ko Kha"}),
        # A subdistrict is its own kind of area.
        (
            "Find a plumber in Chiang Mai, Ko Kha District, Sala Subdistrict",
            {"district_name": "Ko Kha", "sub_district_name": "Sala"},
        ),
    ],
)
def test_an_areas_kind_after_its_name(request_text: str, expected: dict) -> None:
    _, args = call(request_text, AREAS)
    assert args == expected


def test_the_descriptions_examples_keep_the_areas_kind() -> None:
    described = text_tool(
        "find_plumber", "Find a plumber.", district_name="The name of the district, such as 'Bang Rak District'."
    )
    _, args = call("Find a plumber in Lampang, Ko Kha District", described)
    assert args["district_name"] == "Ko Kha District"


TUNES = tool(
    "find_tunes",
    "Find tunes by album, artist and style.",
    {
        "album": {
            **STRING,
            "description": "The name of the album the tune is on. Use 'any' to ignore it.",
            "default": "any",
        },
        "artist": {**STRING, "description": "Who plays the tune. Use 'any' to ignore it.", "default": "any"},
        "style": {**STRING, "enum": ["Jazz", "Soul", "Punk", "any"], "default": "any"},
    },
)


@pytest.mark.parametrize(
    "request_text",
    [
        # An infinitive with its preposition left at the end of its clause is a verb.
        "Find me some Soul tunes to choose from?",
        "I'm trying to find a tune to dance to, preferably soul.",
        # An '-ing' form after 'I'm' is a verb; a conjunction joins clauses.
        "Find Punk tunes from the eighties. Honestly, I'm hoping for something loud.",
        "I want Jazz tunes while I cook.",
    ],
)
def test_verbs_adverbs_and_conjunctions_fill_no_optional_string(request_text: str) -> None:
    _, args = call(request_text, TUNES)
    assert args.get("album", "any") == "any" and args.get("artist", "any") == "any"


def test_a_value_after_to_is_still_a_value() -> None:
    heater = tool(
        "set_heater",
        "Set the heater.",
        {"mode": {**STRING, "description": "The heating mode, such as eco."}},
        ("mode",),
    )
    # 'to boost for me': the word after 'to' is followed by more than a stranded preposition.
    for text, mode in [("Set the heater to boost for me", "boost"), ("Set the heater to eco in the den", "eco")]:
        assert call(text, heater)[1] == {"mode": mode}


def test_a_city_called_city_drops_the_word_beside_its_state() -> None:
    # 'New York City' is New York; in the 'City, ST' form the state says which, so the form is 'New York, NY'.
    _, args = call("Find bicycle repair shops in New York City", _place_tool(US_CODED))
    assert args["town"] == "New York, NY"
    _, args = call("Find bicycle repair shops in Kansas City", _place_tool(US_CODED))
    assert args["town"].startswith("Kansas City")


PAYMENT = tool(
    "ask_for_money",
    "Ask someone to pay you.",
    {
        "amount": {"type": "number", "description": "How much, in dollars."},
        "receiver": {**STRING, "description": "Who is asked to pay: an account number or a contact's name."},
    },
    ("amount", "receiver"),
)


@pytest.mark.parametrize(
    "request_text",
    [
        "Ask for $30 from Tomas's email tomas@example.org",
        "Ask for $30 from my neighbour's email, tomas@example.org, please",
        "Ask tomas@example.org for $30",
    ],
)
def test_the_receiver_is_the_email_address_written(request_text: str) -> None:
    _, args = call(request_text, PAYMENT)
    assert args == {"amount": 30, "receiver": "tomas@example.org"}


def test_a_smaller_town_is_the_place_rather_than_another_capitalised_phrase() -> None:
    clinics = text_tool(
        "find_clinic",
        "Find a clinic.",
        city="The city, in the format 'City, State', such as 'Austin, TX'.",
        required=True,
    )
    _, args = call("Find clinics offering Sports Medicine in Walla Walla", clinics)
    assert args["city"] == "Walla Walla, WA"


def test_people_asked_in_the_plural_take_every_name() -> None:
    shows = tool(
        "find_shows",
        "Find stage shows.",
        {"performers": {**STRING, "description": "The singers or dancers in the show, or 'any'.", "default": "any"}},
    )
    plural = tool(
        "find_shows",
        "Find stage shows.",
        {"performers": {**STRING, "description": "The actors in the show, or 'any'.", "default": "any"}},
    )
    _, args = call("Find stage shows with actors like Ruth Wilson or Idris Elba", plural)
    assert args["performers"] == "Ruth Wilson, Idris Elba"
    listed = text_tool("find_shows", "Find stage shows.", performers="A comma-separated list of performers.")
    _, args = call("Find stage shows with Ruth Wilson and Idris Elba", listed)
    assert args["performers"] == "Ruth Wilson, Idris Elba"
    # A singular description takes one name.
    _, args = call("Find stage shows with Ruth Wilson", shows)
    assert args["performers"] == "Ruth Wilson"


def test_a_number_the_parameters_name_labels_fills_a_string() -> None:
    filings = tool(
        "get_filings",
        "Get a company's filings.",
        {
            "form": {**STRING, "description": "The form type, such as 10-K."},
            "lei": {**STRING, "description": "The company's Legal Entity Identifier."},
        },
        ("form", "lei"),
    )
    _, args = call("Get the 8-K filings of the company; its LEI number is 5493001", filings)
    assert args == {"form": "8-K", "lei": "5493001"}


ALARM = tool(
    "set_alarm",
    "Set an alarm.",
    {
        "time": {**STRING, "description": "The alarm time, as HH:MM."},
        "purpose": {**STRING, "description": "What the alarm is for, such as 'gym'.", "default": "alarm"},
    },
    ("time",),
)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("Set an alarm for 6:15 reminding me to water the plants", "water the plants"),
        ("Set an Alarm to call Grandma at 18:30", "call Grandma"),
        ("Set an alarm for the dentist at 07:40", "dentist"),  # an alarm for a thing is for that thing
        ("I need an alarm about my flight at 05:10", "flight"),
    ],
)
def test_a_purpose_is_the_clause_that_says_what_for(request_text: str, expected: str) -> None:
    _, args = call(request_text, ALARM)
    assert args["purpose"] == expected


def test_a_time_after_to_is_no_purpose() -> None:
    for text in ("Set an alarm to 6:15", "Set an alarm for 6:15"):
        _, args = call(text, ALARM)
        assert args.get("purpose", "alarm") == "alarm"


SHUTTLE = tool(
    "book_shuttle",
    "Book a shuttle ride.",
    {
        "drop_off": {**STRING, "description": "Where to go, as 'Street, City', for example '9 Elm Street, Dayton'."},
        "seats": {"type": "integer", "description": "Seats to book.", "default": 1},
    },
    ("drop_off",),
)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        # A street without a street word, the town after a full stop that ends the request.
        ("Book a shuttle to 77 Paseo Grande. Fresno", {"drop_off": "77 Paseo Grande, Fresno"}),
        (
            "Book a shuttle to the 310 Harbor View Apartments, Fresno",
            {"drop_off": "310 Harbor View Apartments, Fresno"},
        ),
        # The example shows street and city only: the state written after them is left out.
        ("Book a shuttle to 45 Olive Avenue, Fresno, CA for 2", {"drop_off": "45 Olive Avenue, Fresno", "seats": 2}),
    ],
)
def test_a_street_address_in_the_form_the_example_shows(request_text: str, expected: dict) -> None:
    _, args = call(request_text, SHUTTLE)
    assert args == expected


BALLETS = tool(
    "find_ballets",
    "Find ballet productions.",
    {
        "choreographed_by": {**STRING, "description": "The choreographer, or 'any'.", "default": "any"},
        "dancer": {**STRING, "description": "A dancer in the production, or 'any'.", "default": "any"},
    },
)


@pytest.mark.parametrize(
    "request_text",
    [
        "Find ballet productions with the dancer Ines Moreau in them",
        "Find ballet productions danced by Ines Moreau",
        "Find ballet productions where Ines Moreau is one of the lead dancers",
    ],
)
def test_a_persons_part_sends_the_name_to_the_parameter_for_it(request_text: str) -> None:
    _, args = call(request_text, BALLETS)
    assert (args.get("choreographed_by", "any"), args.get("dancer")) == ("any", "Ines Moreau")


def test_a_name_before_a_parameters_noun_is_that_parameters() -> None:
    player = tool(
        "play_tune",
        "Play a tune.",
        {
            "tune": {**STRING, "description": "The tune's title."},
            "album": {**STRING, "description": "The album the tune is on.", "default": "any"},
            "artist": {**STRING, "description": "Who plays it.", "default": "any"},
        },
        ("tune",),
    )
    _, args = call("Play the tune called 'Rain' from the Quiet Harbour album", player)
    assert (args["tune"], args.get("album")) == ("Rain", "Quiet Harbour")


def test_a_participle_after_been_is_no_title() -> None:
    _, args = call("Find tunes: I have been told an album called Tidewater is great", TUNES)
    assert args.get("album") == "Tidewater" and args.get("artist", "any") == "any"


def test_a_descriptions_example_and_format_are_no_list_of_options() -> None:
    contact = tool(
        "find_contact",
        "Retrieve the contact information for a person by full name or badge number.",
        {
            "name": {
                **STRING,
                "description": "The full name of the person, in the format 'First Last'. Example: 'Jane Roe'. "
                "Leave it out to use 'badge_no'.",
            },
            "badge_no": {**STRING, "description": "The person's badge number."},
        },
    )
    _, args = call("Retrieve the contact information of Marta Quiroga, I need to send her a parcel", contact)
    assert args == {"name": "Marta Quiroga"}


RECORDS = tool(
    "find_songs",
    "Find songs to listen to, by artist, album or year.",
    {
        "artist": {**STRING, "description": "The performer. Use 'any' for no preference.", "default": "any"},
        "album": {**STRING, "description": "The record's title; 'any' if none is asked.", "default": "any"},
        "year": {**STRING, "description": "The year the record came out.", "default": "any"},
    },
    (),
)


@pytest.mark.parametrize(
    "request_text",
    [
        "I feel like listening to some tunes tonight. Can you find me records from 1994?",
        "I'd love some mellow songs by Nina Simone, find a few for me",
        "Find songs by Joni Mitchell from 1971, just a selection of tracks",
    ],
)
def test_an_optional_title_is_not_made_of_leftover_words(request_text: str) -> None:
    # A work's title is a name: a lower-case word or a phrase naming the kind of work is no album.
    _, args = call(request_text, RECORDS)
    assert "album" not in args or args["album"] == "any", args


def test_a_title_named_beside_kind_words_is_still_the_title() -> None:
    _, args = call("Find songs from the Blue Lines album, a selection of tracks please", RECORDS)
    assert args["album"] == "Blue Lines"


PLAY_SONG = tool(
    "play_song",
    "Play a song on a speaker.",
    {
        "song": {**STRING, "description": "The title of the song to play."},
        "album": {**STRING, "description": "The album the song is on. Any album if unspecified.", "default": "any"},
    },
    ("song",),
)


def test_a_naming_word_after_the_parameters_noun_is_not_its_value() -> None:
    # 'an album called X': the value is what 'called' introduces, never 'called' itself.
    _, args = call("I fancy listening to some music, I was told an album called Homogenic is fab.", PLAY_SONG)
    assert args.get("album", "Homogenic") == "Homogenic", args


def test_the_united_kingdom_after_a_city_is_written_uk() -> None:
    description = "The town, in the format 'City, State' or 'City, Country', e.g. 'Lyon, France' or 'Austin, TX'."
    _, args = call("Find bicycle repair shops in Leeds", _place_tool(description))
    assert args["town"] == "Leeds, UK"


SHOWINGS = text_tool(
    "find_showings",
    "Find film showings at cinemas in a town.",
    town="The town, such as 'Reno, NV'.",
    cinema="The name of the cinema; leave out for any.",
)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        # A number before a singular noun is part of the name before it; a count takes a plural ('2 nights').
        ("Any showings in Reno, NV at the Galaxy 14 cinema?", "Galaxy 14"),
        ("Find showings at the Orpheum 3 cinema in Reno, NV", "Orpheum 3"),
    ],
)
def test_a_number_inside_a_venues_name_stays_in_it(request_text: str, expected: str) -> None:
    _, args = call(request_text, SHOWINGS)
    assert args["cinema"] == expected


def test_a_year_after_a_name_is_no_part_of_it() -> None:
    league = text_tool("league_table", "Get a sports league's standings.", league="The league.", season="The season.")
    _, args = call("Show the Premier League 2021 season standings", league)
    assert args["league"] == "Premier League"


TIMER = tool(
    "add_timer",
    "Add a kitchen timer.",
    {
        "minutes": {"type": "integer", "description": "Length in minutes."},
        "timer_label": {**STRING, "description": "A label shown on the timer."},
    },
    ("minutes",),
)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        # A label that closes the sentence is the whole phrase, in sentence case, not its first word.
        ("Add a 10 minute timer with the label Take out the bread", "Take out the bread"),
        ("Start a 25 minute timer labelled Stretch my legs, please.", "Stretch my legs"),
        ("Add a 10 minute timer with the label Check the oven please?", "Check the oven"),
        # One word, or a label followed by more of the request, stays one word.
        ("Add a 10 minute timer with the label Pasta", "Pasta"),
        ("Add a timer with the label Pasta for 10 minutes", "Pasta"),
    ],
)
def test_a_label_closing_its_sentence_is_the_whole_phrase(request_text: str, expected: str) -> None:
    _, args = call(request_text, TIMER)
    assert args["timer_label"] == expected


WEB_LOOKUP = tool(
    "web_lookup",
    "Run a web search.",
    {"prompt": {"type": "string", "description": "The search query to run, e.g. 'best hiking boots'."}},
    ("prompt",),
)


def test_a_quoted_search_phrase_drops_its_leading_article_but_a_title_keeps_it() -> None:
    assert call("Look up 'the origins of chess and how it spread'?", WEB_LOOKUP)[1] == {
        "prompt": "origins of chess and how it spread"}  # fmt: skip
    assert call("Search for 'The Hobbit' reviews", WEB_LOOKUP)[1] == {"prompt": "The Hobbit"}


CLOCK = tool(
    "world_clock",
    "The time now in a time zone.",
    {"zone": {**STRING, "description": "An IANA time zone such as 'America/New_York'."}},
)


def test_a_time_zone_written_out_is_taken_over_the_descriptions_example() -> None:
    # 'America' of 'America/Denver' is a word of the zone id, not the country whose zone the example is.
    _, args = call("What time is it in the zone 'America/Denver'?", CLOCK)
    assert args["zone"] == "America/Denver"


SEARCH_TOOL = text_tool(
    "web_lookup",
    "Search the web for information on a question.",
    term="The search term to look up on the web.",
    required=True,
)
NEWS_TOOL = text_tool(
    "news_lookup", "Search recent news articles.", term="The key term to search news for.", required=True
)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("what is Imjin war", "Imjin war"),
        ("search for Python decorators", "Python decorators"),
        ("Search the web for Tesla earnings.", "Tesla earnings"),
        ("what is Kyoto", "Kyoto"),
    ],
)
def test_a_name_before_its_noun_is_one_search_term(text: str, term: str) -> None:
    """A name right before the lower-case noun it modifies ('Imjin war') is searched for with that noun."""
    assert call(text, SEARCH_TOOL, NEWS_TOOL) == ("web_lookup", {"term": term})


SHOWS_TOOL = tool(
    "find_shows",
    "Find movies playing at theaters in a city.",
    {
        "city": {**STRING, "description": "The city, e.g. 'Austin, TX'."},
        "theater_name": {**STRING, "description": "The name of the theater. If unspecified, all theaters count."},
    },
    ("city",),
)


@pytest.mark.parametrize(
    ("text", "theater"),
    [
        ("Find movies in Austin at Riverside Hall and XD.", "Riverside Hall and XD"),
        ("Find movies in Austin at the Old Mill at Bell Creek and XD theater.", "Old Mill at Bell Creek and XD"),
    ],
)
def test_a_venue_after_at_keeps_its_joining_words(text: str, theater: str) -> None:
    """After 'at', a venue's name runs across 'and' / 'at' to the sentence's end or the venue's noun."""
    assert call(text, SHOWS_TOOL) == ("find_shows", {"city": "Austin, TX", "theater_name": theater})
