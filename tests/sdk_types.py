"""Strict validation of Realtime events against the official ``openai`` package's types.

The SDK's models allow extra fields, so after validating we walk the model tree and reject any field the
types do not declare (``model_extra``), except a few documented server-side echoes.
"""

from __future__ import annotations

from typing import Annotated, Any

from openai.types.realtime import RealtimeClientEvent, RealtimeServerEvent
from openai.types.realtime.realtime_function_tool import RealtimeFunctionTool
from openai.types.realtime.response_item_reference import ResponseItemReference
from pydantic import BaseModel, Field, TypeAdapter

CLIENT = TypeAdapter(Annotated[RealtimeClientEvent, Field(discriminator="type")])
SERVER = TypeAdapter(Annotated[RealtimeServerEvent, Field(discriminator="type")])
FUNCTION_TOOL = TypeAdapter(RealtimeFunctionTool)

# session.created/updated reuse the request model, so the server's echo fields are extras there.
SESSION_ECHO_FIELDS = {"id", "object", "expires_at"}


def extras(model: Any, path: str = "") -> list[str]:
    """Dotted paths of every field not declared by the SDK types, anywhere in the model tree."""
    found: list[str] = []
    if isinstance(model, BaseModel):
        for key in model.model_extra or {}:
            found.append(f"{path}.{key}" if path else key)
        for name in type(model).model_fields:
            found += extras(getattr(model, name), f"{path}.{name}" if path else name)
    elif isinstance(model, list | tuple):
        for i, v in enumerate(model):
            found += extras(v, f"{path}[{i}]")
    elif isinstance(model, dict):
        for k, v in model.items():
            found += extras(v, f"{path}.{k}")
    return found


def validate_client_event(event: dict[str, Any]) -> BaseModel:
    response = event.get("response")
    if event.get("type") == "response.create" and isinstance(response, dict) and response.get("input"):
        # Item references are typed separately by the SDK (ResponseCreateEventWithReferencesParam): check each
        # one against its model, and the rest of the event against the main union.
        refs = [i for i in response["input"] if i.get("type") == "item_reference"]
        for ref in refs:
            unknown = extras(ResponseItemReference.model_validate(ref))
            assert not unknown, f"item_reference: fields unknown to the SDK types: {unknown}"
        rest = [i for i in response["input"] if i.get("type") != "item_reference"]
        event = {**event, "response": {**response, "input": rest}}
    model = CLIENT.validate_python(event)
    unknown = extras(model)
    assert not unknown, f"{event.get('type')}: fields unknown to the SDK types: {unknown}"
    return model


def validate_server_event(event: dict[str, Any]) -> BaseModel:
    model = SERVER.validate_python(event)
    unknown = extras(model)
    if event.get("type") in ("session.created", "session.updated"):
        unknown = [u for u in unknown if u.removeprefix("session.") not in SESSION_ECHO_FIELDS]
    assert not unknown, f"{event.get('type')}: fields unknown to the SDK types: {unknown}"
    return model


def validate_function_tool(tool: dict[str, Any]) -> BaseModel:
    model = FUNCTION_TOOL.validate_python(tool)
    unknown = extras(model)
    assert not unknown, f"tool {tool.get('name')}: fields unknown to the SDK types: {unknown}"
    return model
