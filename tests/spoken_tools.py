"""Tool shapes the samples do not use, for spoken requests: a city argument, an enum argument and a code read out
character by character; and the example servers' tools as the recordings of people are recognized with."""

from __future__ import annotations

GENRES = ["jazz", "rock", "classical", "reggae"]

WEATHER_TOOL = {
    "type": "function",
    "name": "get_weather",
    "description": "Get the current weather for a city.",
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string", "description": "Name of the city."}},
        "required": ["city"],
    },
}

MUSIC_TOOL = {
    "type": "function",
    "name": "play_music",
    "description": "Play music of a genre.",
    "parameters": {
        "type": "object",
        "properties": {"genre": {"type": "string", "enum": GENRES, "description": "Genre."}},
        "required": ["genre"],
    },
}


EXAMPLE_TOOLS = [
    {"name": n, "description": d}
    for n, d in (
        ("get_portfolio_summary", "Summarise the investment portfolio: total value and allocation."),
        ("spending_by_category", "Spending per category for a month."),
        ("git_log", "Recent commits of the repository."),
        ("analyze_code", "Analyze the code in a folder."),
    )
]
"""The finance and devtools servers' tools, in short: the session the recordings of people are recognized in."""
EXAMPLE_INSTRUCTIONS = "You help with personal finance and software."

BOOKING_TOOL = {
    "type": "function",
    "name": "check_booking",
    "description": "Look up a booking by its confirmation code.",
    "parameters": {
        "type": "object",
        "properties": {"confirmation_code": {"type": "string", "description": "Confirmation code, e.g. XY792K."}},
        "required": ["confirmation_code"],
    },
}
