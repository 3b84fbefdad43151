"""A web address written as a template ('https://{host}/status') with the request saying what a placeholder stands
for ('where {host} is the server 'db3.lan''): the address is sent with the placeholder filled in, and the value
that filled it fills nothing else."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.mentions import placeholders_filled

FETCH = tool(
    "http_fetch",
    "Fetches a web address and returns the body of the reply.",
    {
        "url": {"type": "string", "description": "The address to fetch, like 'https://{host}/health'."},
        "query": {
            "type": "dict",
            "description": "Optional query parameters.",
            "properties": {
                "team": {"type": "string", "description": "The team whose report is wanted."},
                "region": {"type": "string", "description": "The region to report on."},
            },
        },
    },
    ("url",),
)


def test_the_placeholder_the_request_gives_a_value_for_is_filled() -> None:
    text = "Get the health page at 'https://{host}/health/v2', where {host} is the server address '10.4.0.9'."
    name, args = planned_call(text, FETCH)
    assert name == "http_fetch"
    assert args["url"] == "https://10.4.0.9/health/v2"
    assert "10.4.0.9" not in str(args.get("query", ""))


def test_every_placeholder_said_is_filled_and_others_stay() -> None:
    template = "http://{node}:{port}/{path}"
    text = f"call {template} where {{node}} is relay2 and {{port}} = 9000, thanks"
    filled, spans = placeholders_filled(template, text)
    assert filled == "http://relay2:9000/{path}"
    assert [text[a:b] for a, b in spans] == ["relay2", "9000"]


def test_a_template_the_request_fills_nothing_of_is_kept() -> None:
    assert placeholders_filled("https://{host}/x", "open https://{host}/x now") == ("https://{host}/x", [])
