"""Scripted responses of the local Realtime server: parsing, matching, and the README's script played over a
real socket against the finance MCP server, as a user's agent would run it."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import websockets
from helpers import output, spoken, user

from rtkit.audio import pad_silence, pcm_to_b64
from rtkit.local import LocalRealtimeServer, Script, ScriptError
from rtkit.local.model.responder import FunctionCallPlan, MessagePlan
from rtkit.local.model.script import STRICT_CODE, DelayPlan, FailPlan

ROOT = Path(__file__).resolve().parent.parent


def readme_script() -> str:
    """The YAML script of the README's "Scripted responses" section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Scripted responses", 1)[1]
    found = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert found, "README has no YAML script in its Scripted responses section"
    return found.group(1)


def plan(player, *items):
    return player.plan(list(items), [], "", "auto")


# -- parsing and matching ------------------------------------------------------------------------------------
def test_json_and_yaml_give_the_same_script(tmp_path):
    data = [{"user": "hello", "say": "Hi {text}!"}, {"user": {"audio": "any"}, "delay_ms": 50, "say": "Heard."}]
    (tmp_path / "s.json").write_text(json.dumps(data))
    (tmp_path / "s.yaml").write_text(
        "- user: hello\n  say: 'Hi {text}!'\n- user: {audio: any}\n  delay_ms: 50\n  say: Heard.\n"
    )
    a, b = Script.load(tmp_path / "s.json"), Script.load(str(tmp_path / "s.yaml"))
    assert a == b == Script.load(json.dumps(data)) == Script.load(data)
    assert not a.strict and len(a.turns) == 2 and a.turns[1].user.kind == "audio"


@pytest.mark.parametrize(
    "source,problem",
    [
        ({"turns": [], "extra": 1}, "unknown key 'extra'"),
        ({"turns": [], "strict": "yes"}, "script.strict"),
        ({"turns": {"user": "x"}}, "expected a list of turns"),
        ([{"user": "x"}], "script turn 1: give exactly one of"),
        ([{"user": "x", "say": "a", "error": "server_error"}], "script turn 1: give exactly one of"),
        ([{"user": "(unclosed", "say": "a"}], "script turn 1.user"),
        ([{"user": {"voice": "any"}, "say": "a"}], "script turn 1.user"),
        ([{"say": "a"}, {"user": "x", "say": "b", "delay_ms": -5}], "script turn 2.delay_ms"),
        ([{"user": "x", "call": {"arguments": {}}}], "script turn 1.call"),
        ([{"user": "x", "reply": "b"}], "unknown key 'reply'"),
        ("[{", "not valid JSON"),
        ("- user: [unclosed", "not valid YAML"),
        ("no_such_script.yaml", "script 'no_such_script.yaml' cannot be read"),
    ],
)
def test_bad_scripts_name_the_problem(source, problem):
    with pytest.raises(ScriptError, match=re.escape(problem)):
        Script.load(source)


def test_turns_match_in_order_and_fill_templates():
    player = Script.parse(
        [
            {
                "user": "weather in (?P<city>[a-z]+)",
                "call": {"name": "weather", "arguments": {"city": "{city}"}},
                "say": "{output.temp} degrees in {city}; {output.sky.0}.",
            },
            {"user": {"text": "thanks"}, "delay_ms": 120, "say": "Bye."},
        ]
    ).player()
    call = plan(player, user("What's the weather in Oslo?"))
    assert call == FunctionCallPlan("weather", '{"city":"Oslo"}')
    said = plan(player, user("x"), output("call_1", {"temp": 4, "sky": {"0": "cloudy"}}))
    assert said == MessagePlan("4 degrees in Oslo; cloudy.")
    # a typed turn only: a spoken "thanks" does not match and falls back to the rule-based responder
    assert not isinstance(plan(player, spoken("thanks")), DelayPlan)
    assert plan(player, user("Thanks!")) == DelayPlan(120.0, MessagePlan("Bye."))
    assert player.position == 2


def test_strict_scripts_fail_unmatched_turns_naming_the_turn():
    player = Script.parse({"strict": True, "turns": [{"user": {"audio": "portfolio"}, "say": "ok"}]}).player()
    failed = plan(player, user("portfolio please"))
    assert isinstance(failed, FailPlan) and failed.code == STRICT_CODE
    assert (
        "turn 1 expects an audio turn matching 'portfolio'" in failed.message and "portfolio please" in failed.message
    )
    assert plan(player, spoken("what is my portfolio")) == MessagePlan("ok")
    assert "has no turn left" in plan(player, spoken("more")).message


def test_template_errors_fail_the_response_with_the_missing_field():
    player = Script.parse([{"user": "x", "call": {"name": "t"}, "say": "{output.nope}"}]).player()
    assert plan(player, user("x")) == FunctionCallPlan("t", "{}")
    failed = plan(player, user("x"), output("call_1", {"temp": 1}))
    assert isinstance(failed, FailPlan) and "output.nope" in failed.message


def test_serve_rejects_a_bad_script_in_one_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[{"user": "x"}]')
    proc = subprocess.run(
        [sys.executable, "-m", "rtkit.cli", "serve", "--port", "0", "--no-speech", "--script", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "rtkit serve: error: script turn 1: give exactly one of 'say', 'call' (optionally with 'say') or 'error'"
    ]


async def test_serve_with_a_script_answers_from_it(tmp_path):
    script = tmp_path / "agent.json"
    script.write_text(json.dumps({"strict": True, "turns": [{"user": "hello", "say": "Scripted hello."}]}))
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "rtkit.cli",
        "serve",
        "--port",
        "0",
        "--no-speech",
        "--script",
        str(script),
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()
        url = re.search(r"ws://\S+", line).group(0)
        async with websockets.connect(url) as ws:
            await ws.send(
                json.dumps({"type": "session.update", "session": {"type": "realtime", "output_modalities": ["text"]}})
            )
            await ws.send(json.dumps({"type": "conversation.item.create", "item": user("Hello there")}))
            await ws.send(json.dumps({"type": "response.create"}))
            while (event := json.loads(await asyncio.wait_for(ws.recv(), 30)))["type"] != "response.done":
                pass
        assert event["response"]["output"][0]["content"][0]["text"] == "Scripted hello."
    finally:
        proc.terminate()
        assert await asyncio.wait_for(proc.wait(), 30) == 0


# -- over the wire -------------------------------------------------------------------------------------------
async def _say(client, text: str) -> dict:
    await client.send({"type": "conversation.item.create", "item": user(text)})
    await client.send({"type": "response.create"})
    return (await client.until("response.done"))["response"]


async def test_readme_script_drives_a_multi_turn_tool_conversation(connect, portfolio_pcm, bridge):
    async with LocalRealtimeServer(speech=False, script=readme_script()) as server:
        async with connect(server) as client:
            await client.send(
                {
                    "type": "session.update",
                    "session": {"type": "realtime", "output_modalities": ["text"], "tools": bridge.tools()},
                }
            )
            await client.until("session.updated")
            # turn 1: the script calls the tool; the agent runs it on the MCP server and sends the output back
            first = await _say(client, "How much have I spent on groceries?")
            (call,) = first["output"]
            assert (call["type"], call["name"], json.loads(call["arguments"])) == (
                "function_call",
                "spending_by_category",
                {"category": "groceries"},
            )
            result = await bridge.call(call["name"], call["arguments"])
            assert result.ok
            total = json.loads(result.output)["total"]
            await client.send({"type": "conversation.item.create", "item": output(call["call_id"], result.output)})
            await client.send({"type": "response.create"})
            answer = (await client.until("response.done"))["response"]
            assert answer["output"][0]["content"][0]["text"] == f"You spent {total} dollars on groceries."
            # turn 2: a delayed answer
            assert (await _say(client, "Thank you!"))["output"][0]["content"][0]["text"] == "You're welcome."
            # turn 3: any audio turn fails with the scripted error code
            await client.send(
                {"type": "session.update", "session": {"type": "realtime", "output_modalities": ["audio"]}}
            )
            await client.until("session.updated")
            chunk = pad_silence(np.concatenate([np.zeros(7200, np.int16), portfolio_pcm]), 800)
            for start in range(0, len(chunk), 2400):
                await client.send(
                    {"type": "input_audio_buffer.append", "audio": pcm_to_b64(chunk[start : start + 2400])}
                )
            err = (await client.until("error"))["error"]
            assert (err["code"], err["message"]) == ("server_error", "This test takes typed turns only.")
            failed = (await client.until("response.done"))["response"]
            assert failed["status"] == "failed"
            assert failed["status_details"]["error"] == {"type": "server_error", "code": "server_error"}
            # strict: a turn past the end of the script fails, naming it
            await client.send(
                {"type": "session.update", "session": {"type": "realtime", "output_modalities": ["text"]}}
            )
            await client.until("session.updated")
            extra = await _say(client, "And my rent?")
            assert extra["status"] == "failed"
            err = next(e for e in reversed(client.events) if e["type"] == "error")["error"]
            assert err["code"] == STRICT_CODE and "'And my rent?'" in err["message"]


async def test_each_connection_plays_the_script_from_the_start(connect):
    script = [{"user": "one", "say": "first"}, {"user": "two", "say": "second"}]
    async with LocalRealtimeServer(speech=False, script=script) as server:
        for _ in range(2):
            async with connect(server) as client:
                await client.send(
                    {"type": "session.update", "session": {"type": "realtime", "output_modalities": ["text"]}}
                )
                await client.until("session.updated")
                texts = [(await _say(client, t))["output"][0]["content"][0]["text"] for t in ("one", "two")]
                assert texts == ["first", "second"]
