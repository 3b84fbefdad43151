"""Text written as code in a developer's request: a backticked name (`x`) is a value as written, and it goes to
the parameter that the noun phrase next to it names ('a cache store `sessionCache`' for store) or whose
description names that kind of thing ('The RenderQueueHandle ...' for a 'render queue'). Also: a quoted string
that ends in a quote of its own, and a thing 'named' X whose label is the word before 'named'.

Requests are typed text for tools defined here, planned with `plan_response`.
"""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model import spans
from rtkit.local.model.responder import MessagePlan, plan_response
from rtkit.realtime import protocol

ANY = {"type": "string"}

FLUSH = tool(
    "RenderPipeline.flush",
    "Flushes pending frames of a render queue to the given cache store.",
    {
        "store": {**ANY, "description": "The cache store the frames are written to."},
        "queue": {**ANY, "description": "The RenderQueueHandle whose pending frames are flushed."},
    },
    ("store", "queue"),
)
RESIZE = tool(
    "Viewport.onResize",
    "Handles a resize of a window.",
    {
        "hnd": {**ANY, "description": "The WindowHandle of the window where the resize happened."},
        "ev": {**ANY, "description": "The ResizeEvent with the new size of the window."},
    },
    ("hnd", "ev"),
)
RUN = tool(
    "Scheduler.runLater",
    "Runs a task later.",
    {
        "task": {**ANY, "description": "The WorkTask to run."},
        "owner": {**ANY, "description": "Who owns the run of the task."},
    },
    ("task", "owner"),
)
SCRIPT = tool(
    "Exporter.exportTrigger",
    "Exports the definition of a database trigger with its body.",
    {
        "trigger": {**ANY, "description": "The trigger to export."},
        "body": {**ANY, "description": "The SQL body of the trigger."},
    },
    ("trigger", "body"),
)
LOOKUP = tool(
    "Catalog.lookup",
    "Looks up a partition by its reference.",
    {
        "reference": {**ANY, "description": "The partition reference, a name or a handle."},
        "region": {**ANY, "description": "The storage region."},
    },
    ("reference",),
)


def test_code_name_goes_to_the_parameter_its_label_names() -> None:
    # The describing word 'object' before the backticks labels the code name; it is no value itself.
    _, args = planned_call(
        "Flush the frames of the render queue `mainQueue` into a cache store object `tileCache`.", FLUSH
    )
    assert args == {"store": "tileCache", "queue": "mainQueue"}


def test_code_name_label_names_a_type_the_description_writes() -> None:
    # 'window handle' names the WindowHandle of hnd's description; 'window' in ev's description does not.
    _, args = planned_call("Handle a resize event `bigResize` that happened in the window handle `mainWin`.", RESIZE)
    assert args == {"hnd": "mainWin", "ev": "bigResize"}


def test_code_name_of_a_free_text_kind_is_taken_as_written_and_its_label_is_no_value() -> None:
    # The task's label follows its code name ('`purgeOld` WorkTask object'); that label is no owner.
    plan = plan_response(
        [protocol.user_text_item("Run the purge later for me, the task being the `purgeOld` WorkTask object.")], [RUN]
    )
    assert isinstance(plan, MessagePlan) and "owner" in plan.text


def test_quoted_string_ending_in_its_own_quote() -> None:
    text = "Export the trigger 'audit_rows' with the body 'UPDATE log SET kind = 'audit''?"
    assert [q.value for q in spans.quoted(text)] == ["audit_rows", "UPDATE log SET kind = 'audit'"]
    _, args = planned_call(text, SCRIPT)
    assert args == {"trigger": "audit_rows", "body": "UPDATE log SET kind = 'audit'"}


def test_named_joins_a_thing_to_its_quoted_name() -> None:
    # 'a partition reference named ...' labels the quoted code, not the 'EU2' that modifies the storage.
    _, args = planned_call("Look up a partition reference named 'PART7' in the EU2 storage.", LOOKUP)
    assert args["reference"] == "PART7"


HEADER = tool(
    "emitHeader",
    "Writes the header of a page before its first section.",
    {
        "layout": {**ANY, "description": "An object describing the layout of the page."},
        "writer": {**ANY, "description": "An object used for writing the page."},
        "section": {"type": "integer", "description": "The index of the section."},
    },
    ("layout", "writer", "section"),
)
FORM = tool(
    "checkForm",
    "Checks whether a form holds a field.",
    {
        "form": {**ANY, "description": "The signup form element to inspect."},
        "field": {**ANY, "description": "The name of the field to look for."},
    },
    ("form", "field"),
)


def test_quoted_name_goes_to_what_named_it() -> None:
    # 'a writer object named ...': the noun phrase before 'named' says what the quoted name is; 'object named'
    # is no value.
    _, args = planned_call(
        "Write the header before section 3 of the page, using a writer object named 'htmlSink' and a layout "
        "object named 'siteGrid'.",
        HEADER,
    )
    assert args == {"layout": "siteGrid", "writer": "htmlSink", "section": 3}
    _, args = planned_call(
        "Check whether the signup form element referred to as 'joinForm' holds a field called 'nickname'.", FORM
    )
    assert args == {"form": "joinForm", "field": "nickname"}


INLINE = tool(
    "shouldInline",
    "Decides whether a call should be inlined into its caller.",
    {
        "callee": {**ANY, "description": "The function the call goes to."},
        "caller": {**ANY, "description": "The function the call is made in."},
    },
    ("callee", "caller"),
)
READ_ROWS = tool(
    "readRows",
    "Reads the rows of a table into a sink.",
    {
        "rowSink": {**ANY, "description": "The collection the rows are read into."},
        "table": {**ANY, "description": "The table to read."},
    },
    ("rowSink", "table"),
)
PLUGIN = tool(
    "installPlugin",
    "Installs a plugin from a path under a name.",
    {
        "plugin": {**ANY, "description": "The full path to the plugin."},
        "name": {**ANY, "description": "The name of the plugin."},
    },
    ("plugin", "name"),
)


def test_quoted_name_spelled_as_code_goes_to_what_labels_it() -> None:
    # 'parseHeader' is spelled as a program's name: 'the callee object' before it says what it is, whatever order.
    for text in (
        "Decide whether the call should be inlined, given the callee object 'parseHeader' and its caller function "
        "'readAll'.",
        "Decide if the call gets inlined, given the caller function 'readAll' and the callee object 'parseHeader'.",
    ):
        _, args = planned_call(text, INLINE)
        assert args == {"callee": "parseHeader", "caller": "readAll"}


def test_a_variable_named_like_the_parameter_is_its_value() -> None:
    # Written after 'named', a parameter's own spelling is the value, not a label of another.
    _, args = planned_call("Read the orders table into the collection held in a variable named 'rowSink'.", READ_ROWS)
    assert args == {"rowSink": "rowSink", "table": "orders"}


def test_the_head_noun_of_the_label_decides() -> None:
    # 'the plugin name': a name (of a plugin), not a plugin.
    _, args = planned_call(
        "Install the plugin with the plugin path '/opt/plugins/zip.so' and the plugin name 'ZipHandlerPlugin'.", PLUGIN
    )
    assert args == {"plugin": "/opt/plugins/zip.so", "name": "ZipHandlerPlugin"}


SORT = tool(
    "sortItems",
    "Sorts items with a compare function.",
    {
        "items": {**ANY, "description": "The list of items."},
        "compareFunction": {
            **ANY,
            "description": "The function used to order two items, for instance by their 'price' field.",
        },
    },
    ("items", "compareFunction"),
)


def test_a_function_given_by_its_name_in_code() -> None:
    # A function parameter takes a function's name written as code, as it takes a formula; the field its
    # description mentions is no function.
    _, args = planned_call("Sort the list `cartItems` on the 'price' field using the compare function `byPrice`.", SORT)
    assert args == {"items": "cartItems", "compareFunction": "byPrice"}


def test_a_variable_named_for_a_kind_of_the_parameter_is_its_value() -> None:
    # `uploadTracker` is a tracker: code puts a qualifier before the name of what a variable holds, so the word
    # 'tracking' before it labels it and is no value.
    any_object = " This parameter can be of any type of Java object in string representation."
    upload = tool(
        "Bundle_upload",
        "Uploads a bundle. Note that the provided function is in Java 8 SDK syntax.",
        {
            "source": {**ANY, "description": "The stream the bundle is read from." + any_object},
            "tracker": {**ANY, "description": "The tracker that receives progress updates." + any_object},
        },
        ("source", "tracker"),
    )
    _, args = planned_call(
        "Help me upload the bundle read from `bundleStream`, while tracking the progress with `uploadTracker`?", upload
    )
    assert args == {"source": "bundleStream", "tracker": "uploadTracker"}


def test_an_object_parameter_takes_the_camel_case_variable_no_other_holds() -> None:
    # Code passes an object by its variable: the one unquoted camelCase name left over is the second object's.
    any_object = " This parameter can be of any type of JavaScript object in string representation."
    merge = tool(
        "mergeLayouts",
        "Merges two layouts. Note that the provided function is in JavaScript syntax.",
        {
            "base": {**ANY, "description": "The layout merged into." + any_object},
            "overlay": {**ANY, "description": "The layout laid over the base." + any_object},
        },
        ("base", "overlay"),
    )
    _, args = planned_call(
        "Help me merge two CSS layouts, one holding the grid gridLayoutBase and the other a flex overlay "
        "flexOverlayLayout, keeping the Flexbox gaps?",
        merge,
    )
    assert args == {"base": "gridLayoutBase", "overlay": "flexOverlayLayout"}
