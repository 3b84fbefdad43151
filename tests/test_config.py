from __future__ import annotations

import pytest

from rtkit import ConfigError, MCPConfig, RealtimeConfig, SemanticVAD, ServerVAD


def test_defaults_follow_the_plan_in_ga_terms():
    c = RealtimeConfig()
    assert c.model == "gpt-realtime-2.1"
    assert isinstance(c.turn_detection, ServerVAD)
    assert (c.turn_detection.threshold, c.turn_detection.prefix_padding_ms, c.turn_detection.silence_duration_ms) == (
        0.5,
        300,
        600,
    )
    assert (c.mcp.tool_timeout_ms, c.mcp.max_concurrent_calls, c.mcp.enable_caching) == (5000, 3, True)
    assert (c.metrics.latency_alert_ms, c.metrics.tool_alert_ms, c.metrics.cost_alert_usd) == (1000, 2000, 0.5)
    assert c.renewal.renew_after_minutes == 55
    assert "finance" in c.instructions and "development" in c.instructions
    assert c.uses_local_server


@pytest.mark.parametrize(
    ("kwargs", "names"),
    [
        ({"voice": "nova"}, ["voice", "'nova'", "marin"]),
        ({"output_modality": "both"}, ["output_modality", "'both'", "'audio' or 'text'"]),
        ({"max_output_tokens": 0}, ["max_output_tokens", "0", "1 to 4096"]),
        ({"input_format": "pcm16"}, ["input_format", "'pcm16'", "audio/pcm"]),
        ({"speed": 3}, ["speed", "3", "0.25 to 1.5"]),
        ({"tool_choice": "sometimes"}, ["tool_choice", "'sometimes'", "'required'"]),
        ({"model": ""}, ["model", "''"]),
        ({"turn_detection": "server"}, ["turn_detection", "'server'", "ServerVAD"]),
    ],
)
def test_bad_values_name_field_value_and_allowed(kwargs, names):
    with pytest.raises(ConfigError) as err:
        RealtimeConfig(**kwargs)
    for n in names:
        assert n in str(err.value)


@pytest.mark.parametrize(
    ("build", "names"),
    [
        (lambda: ServerVAD(threshold=1.5), ["turn_detection.threshold", "1.5", "0.0 to 1.0"]),
        (lambda: ServerVAD(silence_duration_ms=-1), ["turn_detection.silence_duration_ms", "-1"]),
        (lambda: ServerVAD(idle_timeout_ms=100), ["turn_detection.idle_timeout_ms", "100"]),
        (lambda: SemanticVAD(eagerness="eager"), ["turn_detection.eagerness", "'eager'", "medium"]),
        (lambda: MCPConfig(tool_timeout_ms=0), ["mcp.tool_timeout_ms", "0"]),
        (lambda: MCPConfig(max_concurrent_calls=2.5), ["mcp.max_concurrent_calls", "2.5", "integer"]),
    ],
)
def test_bad_nested_values(build, names):
    with pytest.raises(ConfigError) as err:
        build()
    for n in names:
        assert n in str(err.value)


def test_beta_keys_are_translated():
    c = RealtimeConfig.from_dict(
        {
            "modalities": ["text", "audio"],
            "input_audio_format": "pcm16",
            "output_audio_format": "g711_ulaw",
            "input_audio_transcription": {"model": "whisper-1"},
            "max_response_output_tokens": 1000,
            "turn_detection": {"type": "server_vad", "silence_duration_ms": 600},
            "voice": "alloy",
        }
    )
    assert c.output_modality == "audio"
    assert c.input_format == "audio/pcm" and c.output_format == "audio/pcmu"
    assert c.input_transcription_model == "whisper-1"
    assert c.max_output_tokens == 1000
    assert c.turn_detection == ServerVAD(silence_duration_ms=600)
    assert RealtimeConfig.from_dict({"modalities": ["text"]}).output_modality == "text"


def test_beta_keys_rejected_with_advice():
    with pytest.raises(ConfigError, match="temperature=0.7.*no sampling temperature"):
        RealtimeConfig.from_dict({"temperature": 0.7})
    with pytest.raises(ConfigError, match="input_audio_format='wav'.*input_format"):
        RealtimeConfig.from_dict({"input_audio_format": "wav"})
    with pytest.raises(ConfigError, match="unknown setting 'vadConfig'"):
        RealtimeConfig.from_dict({"vadConfig": {}})
    with pytest.raises(ConfigError, match="turn_detection.eagerness"):
        RealtimeConfig.from_dict({"turn_detection": {"type": "server_vad", "eagerness": "low"}})


def test_manual_turn_detection_is_null_on_the_wire():
    s = RealtimeConfig(turn_detection=None).session()
    assert s["audio"]["input"]["turn_detection"] is None
    assert RealtimeConfig.from_dict({"turn_detection": {"type": "none"}}).turn_detection is None


def test_session_update_shape():
    ev = RealtimeConfig(output_modality="text", input_transcription_model=None).to_session_update(tools=[])
    assert ev["type"] == "session.update"
    s = ev["session"]
    assert s["type"] == "realtime" and s["output_modalities"] == ["text"] and s["tools"] == []
    assert "transcription" not in s["audio"]["input"]
    assert s["audio"]["input"]["format"] == {"type": "audio/pcm", "rate": 24000}


def test_from_env_reads_plan_variables():
    env = {
        "REALTIME_VOICE": "cedar",
        "REALTIME_VAD_SILENCE_MS": "800",
        "REALTIME_SESSION_TIMEOUT_MIN": "14",
        "MCP_TOOL_TIMEOUT_MS": "2500",
        "METRICS_ENABLED": "false",
        "OPENAI_API_KEY": "sk-test-secret",
        "OPENAI_BASE_URL": "http://127.0.0.1:9999/v1",
    }
    c = RealtimeConfig.from_env(env)
    assert c.voice == "cedar"
    assert c.turn_detection.silence_duration_ms == 800
    assert c.renewal.renew_after_minutes == 14
    assert c.mcp.tool_timeout_ms == 2500
    assert c.metrics.enabled is False
    assert c.base_url == "http://127.0.0.1:9999/v1"
    assert not c.uses_local_server


def test_from_env_azure_and_bad_values():
    c = RealtimeConfig.from_env(
        {
            "AZURE_OPENAI_ENDPOINT": "https://res.openai.azure.com",
            "AZURE_OPENAI_API_KEY": "az",
            "AZURE_OPENAI_DEPLOYMENT": "rt",
        }
    )
    assert c.azure_endpoint and c.azure_deployment == "rt" and c.api_key == "az"
    with pytest.raises(ConfigError, match="REALTIME_VAD_SILENCE_MS='soon'.*integer"):
        RealtimeConfig.from_env({"REALTIME_VAD_SILENCE_MS": "soon"})
    with pytest.raises(ConfigError, match="METRICS_ENABLED='maybe'"):
        RealtimeConfig.from_env({"METRICS_ENABLED": "maybe"})
    with pytest.raises(ConfigError, match="voice='nova'"):
        RealtimeConfig.from_env({"REALTIME_VOICE": "nova"})


def test_api_key_never_in_repr_dict_or_hash():
    c = RealtimeConfig(api_key="sk-very-secret-key")
    assert "sk-very-secret-key" not in repr(c)
    assert "sk-very-secret-key" not in str(c.to_dict())
    assert "api_key" not in c.to_dict()
    assert c.config_hash() == RealtimeConfig(api_key="other").config_hash()
    assert c.config_hash() != RealtimeConfig(voice="ash").config_hash()
