"""Tool shapes the samples do not use, for spoken requests: a city argument and an enum argument."""

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
