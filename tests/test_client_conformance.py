"""Every client event rtkit can send validates strictly against the openai package's RealtimeClientEvent."""

from __future__ import annotations

import pytest
from sdk_types import validate_client_event

from rtkit import RealtimeConfig, SemanticVAD, ServerVAD
from rtkit.realtime import protocol

TOOL = {
    "type": "function",
    "name": "get_portfolio_summary",
    "description": "Summarise the portfolio.",
    "parameters": {"type": "object", "properties": {"currency": {"type": "string", "enum": ["USD"]}}},
}

EVENTS = {
    "session.update default": RealtimeConfig().to_session_update(tools=[TOOL]),
    "session.update text, manual": RealtimeConfig(
        output_modality="text", turn_detection=None, input_transcription_model=None, max_output_tokens="inf"
    ).to_session_update(),
    "session.update semantic, g711": RealtimeConfig(
        turn_detection=SemanticVAD(eagerness="high"), input_format="audio/pcmu", output_format="audio/pcma"
    ).to_session_update(tools=[]),
    "session.update idle timeout": RealtimeConfig(
        turn_detection=ServerVAD(idle_timeout_ms=6000, create_response=False)
    ).to_session_update(),
    "append": protocol.input_audio_buffer_append("AAAA"),
    "commit": protocol.input_audio_buffer_commit(),
    "clear": protocol.input_audio_buffer_clear(),
    "output clear": protocol.output_audio_buffer_clear(),
    "item user text": protocol.conversation_item_create(protocol.user_text_item("hi")),
    "item user audio": protocol.conversation_item_create(protocol.user_audio_item("AAAA"), previous_item_id="root"),
    "item system": protocol.conversation_item_create(protocol.system_text_item("be brief")),
    "item assistant": protocol.conversation_item_create(protocol.assistant_text_item("ok"), "item_1"),
    "item function output": protocol.conversation_item_create(protocol.function_call_output_item("call_1", "{}")),
    "retrieve": protocol.conversation_item_retrieve("item_1"),
    "truncate": protocol.conversation_item_truncate("item_1", 1500),
    "delete": protocol.conversation_item_delete("item_1"),
    "response.create": protocol.response_create(),
    "response.create out of band": protocol.response_create(
        {
            "conversation": "none",
            "instructions": "Summarize the conversation so far.",
            "output_modalities": ["text"],
            "input": [{"type": "item_reference", "id": "item_1"}, protocol.user_text_item("and?")],
            "metadata": {"purpose": "summary"},
        }
    ),
    "response.cancel": protocol.response_cancel(),
    "response.cancel id": protocol.response_cancel("resp_1"),
}


@pytest.mark.parametrize("name", list(EVENTS))
def test_client_event_is_strictly_valid(name):
    event = dict(EVENTS[name], event_id=protocol.new_event_id())
    validate_client_event(event)


def test_every_ga_client_event_type_is_covered():
    assert {e["type"] for e in EVENTS.values()} == set(protocol.CLIENT_EVENT_TYPES)


def test_strictness_catches_beta_shapes():
    with pytest.raises(AssertionError, match="session.modalities"):
        validate_client_event({"type": "session.update", "session": {"type": "realtime", "modalities": ["text"]}})
    with pytest.raises(Exception, match="type"):
        validate_client_event({"type": "session.update", "session": {"voice": "alloy"}})
