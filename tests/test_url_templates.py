"""Web addresses a schema writes as a template ('https://<host>/v2/racks?site={siteCode}') are filled from the
request: the host by the IP address it gives, any other placeholder by another parameter's value; and a line
labelled by a parameter's exact name ('siteCode: OSL-3') gives that parameter the rest of the line.

Each request is typed text for a tool defined here, planned with `plan_response` (milliseconds per case).
"""

from __future__ import annotations

from datetime import date

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model import url_templates

TODAY = date(2026, 3, 12)

RACKS = tool(
    "http_fetch",
    "Fetch a rack inventory over HTTP.",
    {
        "url": {
            "type": "string",
            "description": "The address to fetch, built as https://<host>/v2/racks?site={siteCode}.",
            "default": "https://<host>/v2/racks?site={siteCode}",
        },
        "siteCode": {"type": "string", "description": "The code of the site whose racks are listed."},
    },
    ("siteCode",),
)

PORTS = tool(
    "http_fetch",
    "Fetch port counters from a switch controller.",
    {
        "url": {
            "type": "string",
            "description": "The endpoint without query, e.g. 'https://{ip}/ctl/v1/ports/counters'.",
        },
        "params": {
            "type": "dict",
            "description": "The query parameters.",
            "properties": {
                "switchId": {"type": "integer", "description": "The switch to read."},
                "zone": {"type": "string", "description": "The zone the switch is in."},
            },
        },
    },
    ("url",),
)


def test_the_host_and_another_parameters_value_fill_the_template() -> None:
    name, args = planned_call("list the racks for site osl-3 on the controller at 10.20.30.40", RACKS, today=TODAY)
    assert name == "http_fetch"
    assert args == {"url": "https://10.20.30.40/v2/racks?site=osl-3", "siteCode": "osl-3"}


def test_a_line_labelled_by_the_exact_name_gives_the_rest_of_the_line() -> None:
    text = "How do I query the rack inventory?\nhost: 172.16.4.9\nParameter_siteCode: OSL-3"
    _, args = planned_call(text, RACKS, today=TODAY)
    assert args == {"url": "https://172.16.4.9/v2/racks?site=OSL-3", "siteCode": "OSL-3"}


def test_an_example_template_is_filled_for_a_required_address() -> None:
    text = "Read the port counters of switch 7 in zone North through the controller 192.0.2.15"
    _, args = planned_call(text, PORTS, today=TODAY)
    assert args["url"] == "https://192.0.2.15/ctl/v1/ports/counters"


def test_a_placeholder_nothing_gives_leaves_no_address() -> None:
    schema = {"type": "string", "description": "Built as https://<host>/v2/racks?site={siteCode}."}
    assert url_templates.filled(schema, "list the racks on 10.0.0.1", {}) is None
    assert url_templates.filled(schema, "list the racks for OSL-3", {"siteCode": "OSL-3"}) is None
    assert url_templates.filled(schema, "on 10.0.0.1", {"siteCode": "B"}) == "https://10.0.0.1/v2/racks?site=B"
