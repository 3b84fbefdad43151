"""Requests developers write about code ('Help me <verb> the <thing> ...'), answered by the rule-based stand-in."""

from __future__ import annotations

import json

from rtkit.local.model.responder import FunctionCallPlan, plan_response


def _user(text: str) -> list[dict]:
    return [{"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}]


def _tool(name: str, description: str, properties: dict[str, dict]) -> dict:
    return {
        "type": "function",
        "name": name,
        "description": description,
        "parameters": {"type": "object", "properties": properties, "required": list(properties)},
    }


_RETENTION = _tool(
    "QueueBroker_setRetention",
    "Sets the retention period of a message queue.",
    {
        "queueName": {"type": "string", "description": "The name of the queue."},
        "hours": {"type": "integer", "description": "How many hours messages are kept."},
    },
)


def test_help_me_takes_a_bare_verb_whose_object_is_the_topic() -> None:
    plan = plan_response(_user("Help me adjust the retention of the queue 'orders' to 48 hours?"), [_RETENTION])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"queueName": "orders", "hours": 48}


def test_help_me_after_a_context_phrase_opens_the_clause_that_asks() -> None:
    text = "In the Kafka module, help me tune the retention of the queue 'audit' to 12 hours."
    plan = plan_response(_user(text), [_RETENTION])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"queueName": "audit", "hours": 12}


def test_a_string_declaring_a_code_number_is_filled_as_that_number_and_written_as_its_literal() -> None:
    tool = _tool(
        "CacheClient_evictOlder",
        "Evicts cache entries older than a given age.",
        {
            "maxAgeSeconds": {
                "type": "string",
                "description": "Maximum age in seconds. This is Java long type parameter in string representation.",
            },
            "batchSize": {
                "type": "string",
                "description": "Entries per batch. This is Java integer type parameter in string representation.",
            },
        },
    )
    plan = plan_response(_user("Help me evict cache entries older than 90 seconds in batches of 250."), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"maxAgeSeconds": "90L", "batchSize": "250"}


def test_a_string_declaring_a_code_boolean_is_written_true_or_false() -> None:
    tool = _tool(
        "toggleBanner",
        "Shows or hides the page banner.",
        {
            "visible": {
                "type": "string",
                "description": "Whether the banner shows."
                + " This is JavaScript Boolean type parameter in string representation.",
            }
        },
    )
    plan = plan_response(_user("Help me show the page banner."), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"visible": "true"}


def _code_list(language: str, kind: str, element: str, what: str) -> dict:
    return {
        "type": "string",
        "description": f"{what}. This is {language} {kind} type parameter in string representation."
        + f" The list elements are of type {element}; they are not in string representation.",
    }


def test_a_string_declaring_a_java_list_of_longs_is_written_as_an_array_list() -> None:
    tool = _tool(
        "TicketDesk_closeTickets",
        "Closes support tickets.",
        {"ticketIds": _code_list("Java", "ArrayList", "long", "Ticket numbers to close")},
    )
    plan = plan_response(_user("Help me close the tickets numbered 7, 19 and 23."), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"ticketIds": "new ArrayList<>(Arrays.asList(7L, 19L, 23L))"}


def test_a_list_the_request_writes_out_is_taken_whole_and_written_in_the_tools_language() -> None:
    tool = _tool(
        "Launcher_start",
        "Starts a program with command-line flags.",
        {"flags": _code_list("Java", "Array", "String", "Command-line flags")},
    )
    plan = plan_response(_user("Help me start the program with the flags ['--quiet', '-n', '3']."), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"flags": 'new String[]{"--quiet", "-n", "3"}'}


def test_a_javascript_list_named_by_its_variable_is_passed_as_that_variable() -> None:
    tool = _tool(
        "renderRows",
        "Renders table rows.",
        {
            "rows": _code_list("JavaScript", "array", "dict", "The rows to render"),
            "sortKey": {"type": "string", "description": "The key rows are sorted by."},
        },
    )
    plan = plan_response(_user("Help me render the rows in `orderRows` sorted by 'date'."), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"rows": "orderRows", "sortKey": "date"}


def test_a_javascript_array_of_numbers_is_written_in_brackets() -> None:
    tool = _tool(
        "plotPoints",
        "Plots y values on a chart.",
        {"values": _code_list("JavaScript", "array", "integer", "The y values")},
    )
    plan = plan_response(_user("Help me plot the values 4, 8 and 15 on the chart."), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"values": "[4, 8, 15]"}


def test_a_listed_qualified_constant_is_chosen_by_the_words_the_request_says() -> None:
    tool = _tool(
        "Spooler_open",
        "Opens a print spooler.",
        {
            "spoolerName": {"type": "string", "description": "The spooler's name."},
            "ordering": {
                "type": "string",
                "description": "Job ordering; one of Spool.ORDER_FIRST_IN, Spool.ORDER_LAST_IN or Spool.ORDER_BY_SIZE."
                + " This parameter can be of any type of Java object in string representation.",
            },
        },
    )
    plan = plan_response(_user("Help me open the spooler 'lobby' with jobs ordered by size."), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"spoolerName": "lobby", "ordering": "Spool.ORDER_BY_SIZE"}


def test_a_constant_named_by_one_example_takes_the_unit_the_request_says() -> None:
    tool = _tool(
        "Alarm_schedule",
        "Schedules an alarm after a delay.",
        {
            "delay": {"type": "integer", "description": "The delay before the alarm."},
            "unit": {
                "type": "string",
                "description": "The delay's unit, such as Span.HOURS for hours."
                + " This parameter can be of any type of Java object in string representation.",
            },
        },
    )
    plan = plan_response(_user("Help me schedule the alarm to ring after 3 days."), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"delay": 3, "unit": "Span.DAYS"}


def test_a_flag_denied_by_a_predicate_after_its_words_is_false() -> None:
    tool = _tool(
        "Archive_store",
        "Stores a document in the archive.",
        {
            "documentId": {"type": "string", "description": "The document to store."},
            "keepVersions": {"type": "boolean", "description": "If true, earlier versions are kept."},
        },
    )
    plan = plan_response(_user("Help me store the document 'q3-report' in the archive; versions are not kept."), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"documentId": "q3-report", "keepVersions": False}


def test_a_code_variable_with_no_label_goes_to_the_parameter_its_own_last_word_names() -> None:
    tool = _tool(
        "Exporter_run",
        "Runs an export job.",
        {
            "job": {"type": "string", "description": "The export job to run."},
            "reporter": {"type": "string", "description": "Where progress of the export is reported."},
        },
    )
    text = "Help me run the `nightlyExport` job, reporting the progress to `consoleReporter`."
    plan = plan_response(_user(text), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"job": "nightlyExport", "reporter": "consoleReporter"}


def test_a_method_named_for_the_query_it_builds_serves_a_request_to_create_one() -> None:
    tool = _tool(
        "ReportTests_summaryQuery",
        "Constructs a summary query over the given table.",
        {"table": {"type": "string", "description": "The table the query reads."}},
    )
    plan = plan_response(_user("Help me create a summary query for the table `sales`."), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"table": "sales"}


def _java_string(kind: str, what: str) -> dict:
    return {"type": "string", "description": f"{what}. This is Java {kind} type parameter in string representation."}


def test_range_end_flags_follow_inclusive_and_exclusive_and_code_literals_are_no_places() -> None:
    tool = _tool(
        "PriceIndex_window",
        "Selects prices inside a window.",
        {
            "from": _java_string("integer", "The low end of the window"),
            "to": _java_string("integer", "The high end of the window"),
            "includeFrom": _java_string("boolean", "Whether the low end is in the window"),
            "includeTo": _java_string("boolean", "Whether the high end is in the window"),
        },
    )
    text = "Help me select prices in the window from 15 to 60, exclusive of 15 but inclusive of 60."
    plan = plan_response(_user(text), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"from": "15", "to": "60", "includeFrom": "false", "includeTo": "true"}


def test_a_range_end_flag_follows_the_bound_the_request_names() -> None:
    tool = _tool(
        "Slicer_cut",
        "Cuts a slice of rows.",
        {
            "start": {"type": "integer", "description": "The first row."},
            "end": {"type": "integer", "description": "The last row."},
            "includeStart": {"type": "boolean", "description": "Whether the first row is kept."},
            "includeEnd": {"type": "boolean", "description": "Whether the last row is kept."},
        },
    )
    plan = plan_response(
        _user("Help me cut rows 4 to 9, excluding the lower bound but including the upper bound."), [tool]
    )
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"start": 4, "end": 9, "includeStart": False, "includeEnd": True}


def test_an_integer_given_by_a_listed_constant_is_not_asked_for() -> None:
    tool = _tool(
        "Printer_configure",
        "Configures how a printer feeds paper.",
        {
            "queueName": {"type": "string", "description": "The print queue."},
            "feed": _java_string("integer", "The feed mode; one of Feed.SHEET_SINGLE or Feed.SHEET_CONTINUOUS"),
        },
    )
    plan = plan_response(_user("Help me configure the printer queue 'lab' for continuous sheet feeding."), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"queueName": "lab", "feed": "Feed.SHEET_CONTINUOUS"}


def test_an_integer_setting_takes_the_named_constant_written_after_its_words() -> None:
    tool = _tool(
        "Watcher_register",
        "Registers a file watcher with a delivery mode.",
        {
            "folder": {"type": "string", "description": "The folder to watch."},
            "deliveryMode": _java_string("integer", "How change events are delivered"),
        },
    )
    for written in ("`Delivery.BATCH_ALL`", "BATCH_ALL"):
        text = f"Help me register a file watcher on '/srv/inbox' with a delivery mode of {written}."
        plan = plan_response(_user(text), [tool])
        assert isinstance(plan, FunctionCallPlan)
        assert json.loads(plan.arguments) == {"folder": "/srv/inbox", "deliveryMode": written.strip("`")}


def test_a_request_quoting_the_functions_name_as_code_asks_for_that_function() -> None:
    tool = _tool(
        "LedgerJob_settleAll",
        "Closes open entries of a ledger at the end of a period.",
        {
            "ledger": {"type": "string", "description": "The ledger variable."},
            "days": {"type": "integer", "description": "How many days the period has."},
        },
    )
    text = "Help me invoke the 'settleAll' routine on the ledger `mainLedger` for a period of 30 days."
    plan = plan_response(_user(text), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"ledger": "mainLedger", "days": 30}


def test_quoted_code_variables_go_to_the_parameters_they_are_named_for() -> None:
    tool = _tool(
        "MailQueue_build",
        "Builds a mail queue from its services.",
        {
            "transport": {"type": "string", "description": "The transport that sends mail."},
            "store": {"type": "string", "description": "Where queued mail is kept."},
            "clockTicksSupplier": {"type": "string", "description": "Gives the current time."},
            "node": {"type": "string", "description": "The node the queue runs on."},
        },
    )
    text = (
        "Help me build a mail queue on a node named 'edgeNode' with the state 'nodeStatus', given that"
        " 'transportPool', 'storeBackend' and a supplier 'clockTicks' are ready."
    )
    plan = plan_response(_user(text), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {
        "transport": "transportPool",
        "store": "storeBackend",
        "clockTicksSupplier": "clockTicks",
        "node": "edgeNode",
    }


def test_verifying_validating_and_checking_name_one_action() -> None:
    tool = _tool(
        "ibanChecker",
        "Checks an IBAN against the standard format.",
        {"iban": {"type": "string", "description": "The IBAN."}},
    )
    for verb in ("verify", "validate"):
        plan = plan_response(_user(f"Help me {verb} if 'DE44500105175407324931' follows the standard."), [tool])
        assert isinstance(plan, FunctionCallPlan), verb
        assert json.loads(plan.arguments) == {"iban": "DE44500105175407324931"}


def test_instantiating_a_thing_is_creating_one() -> None:
    tool = _tool(
        "FixtureTests_create",
        "Creates a WorkerPool instance for tests.",
        {"workers": {"type": "integer", "description": "How many workers it has."}},
    )
    plan = plan_response(_user("Help me instantiate a dummy pool with 6 workers for testing purposes."), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"workers": 6}


_FOLDER = {
    "type": "string",
    "description": "Where the copy goes. Defined as a Folder object that has a constructor taking one path.",
}


def test_a_literal_for_an_object_built_by_a_constructor_is_written_as_its_call() -> None:
    tool = _tool(
        "Mirror_sync",
        "Copies a folder to a mirror.",
        {
            "target": _FOLDER,
            "origin": {
                "type": "string",
                "description": "The mirror's address. Use Address object, has a constructor that takes in two"
                + " parameters, hostName, portNumber",
            },
        },
    )
    text = "Help me sync the folder to '/mnt/mirror/photos' on the mirror `{portNumber=873, hostName='m1.lan'}`."
    plan = plan_response(_user(text), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {
        "target": 'new Folder("/mnt/mirror/photos")',
        "origin": 'new Address("m1.lan", 873)',
    }


def test_a_variable_holding_an_object_built_by_a_constructor_is_passed_as_it_is() -> None:
    tool = _tool(
        "Mirror_sync",
        "Copies a folder to a mirror.",
        {"target": _FOLDER},
    )
    plan = plan_response(_user("Help me sync the folder to the target `photoMirror`."), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"target": "photoMirror"}


def test_appending_is_writing() -> None:
    tool = _tool(
        "LogSink_emit",
        "Writes a slice of a byte buffer to the log sink.",
        {
            "offset": {"type": "integer", "description": "Where in the buffer the slice begins."},
            "count": {"type": "integer", "description": "How many bytes are written."},
        },
    )
    plan = plan_response(_user("Help me append 12 bytes from offset 4 of the buffer to the audit log?"), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"offset": 4, "count": 12}


def test_numbers_written_with_spaces_alone_are_one_list() -> None:
    tool = _tool(
        "Stats_median",
        "Returns the median of a list of whole numbers.",
        {"values": {"type": "array", "items": {"type": "integer"}, "description": "The numbers."}},
    )
    plan = plan_response(_user("Find the median of these readings: 8 3 9 3 1 7"), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"values": [8, 3, 9, 3, 1, 7]}


def test_a_point_given_by_its_distances_from_two_edges_is_across_then_down() -> None:
    tool = _tool(
        "Canvas_tapAt",
        "Taps a canvas element at a point.",
        {
            "canvasId": {"type": "string", "description": "The ID of the canvas."},
            "point": {
                "type": "array",
                "items": {"type": "number"},
                "description": "The point as [x, y], in percent of the element's size.",
            },
        },
    )
    plan = plan_response(_user("Tap the canvas 'board' 25% from the top and 70% from the left."), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"canvasId": "board", "point": [70, 25]}


def test_the_best_way_to_do_something_asks_about_what_is_done() -> None:
    tool = _tool(
        "Ledger_totalOf",
        "Adds up the amounts of a list of payments and returns the total.",
        {"amounts": {"type": "array", "items": {"type": "number"}, "description": "The payment amounts."}},
    )
    plan = plan_response(_user("What is the best way to tally the payment amounts 12, 30 and 7.5?"), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"amounts": [12, 30, 7.5]}


def test_a_constructor_whose_second_argument_is_shown_by_a_whole_number_takes_the_spare_number() -> None:
    tool = _tool(
        "Relay_bind",
        "Binds a relay to a network endpoint.",
        {
            "endpoint": {
                "type": "string",
                "description": "Where to listen. This is an Endpoint object that has a constructor taking first field"
                + " as host name, such as relay.example.org, and second field as the port, such as 4000.",
            },
            "name": {"type": "string", "description": "The relay's name."},
        },
    )
    text = "Help me bind the relay 'north' to host `10.0.4.2` on port 7443."
    plan = plan_response(_user(text), [tool])
    assert isinstance(plan, FunctionCallPlan)
    assert json.loads(plan.arguments) == {"endpoint": 'new Endpoint("10.0.4.2", 7443)', "name": "north"}
