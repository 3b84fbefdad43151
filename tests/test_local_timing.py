"""The local server's timing and order over real sockets: cancellation does not wait for recognition, VAD events
keep flowing while a response is prepared, and the audio a session holds stays bounded however many turns it
streams.

Wall-clock figures are recorded (``record_property``, printed with ``-s``), never asserted: on a loaded machine
only the order of events is a sound check."""

from __future__ import annotations

import asyncio

import numpy as np
from helpers import append, silence, speech_span_ms, update

from rtkit.audio import pad_silence
from rtkit.local.server.conversation import AUDIO_KEPT_BYTES

COMPLETED = "conversation.item.input_audio_transcription.completed"


def one_long_utterance(pcm: np.ndarray, times: int = 2) -> np.ndarray:
    """The sample's speech said twice without a pause: one VAD turn that takes a while to recognise."""
    start, end = speech_span_ms(pcm)
    speech = pcm[start * 24 : end * 24]
    return np.concatenate([speech] * times)


def _index(client, type_: str, **match) -> int:
    return next(
        i for i, e in enumerate(client.events) if e["type"] == type_ and all(e.get(k) == v for k, v in match.items())
    )


async def test_cancel_is_answered_while_recognition_runs(speech_server, connect, portfolio_pcm, record_property):
    long_turn = one_long_utterance(portfolio_pcm)
    async with connect(speech_server) as client:
        await update(client, audio={"input": {"turn_detection": None, "transcription": {"model": "whisper-1"}}})
        await append(client, long_turn)
        await client.send({"type": "input_audio_buffer.commit"})
        item_id = (await client.until("input_audio_buffer.committed"))["item_id"]
        await client.send({"type": "response.create"})
        await client.until("response.created")  # the response now waits for what the user said
        loop = asyncio.get_running_loop()
        sent = loop.time()
        await client.send({"type": "response.cancel"})
        done = (await client.until("response.done", timeout=60))["response"]
        delay_ms = (loop.time() - sent) * 1000
        assert done["status"] == "cancelled" and done["status_details"]["reason"] == "client_cancelled"
        assert done["output"] == []
        assert COMPLETED not in client.types(), "response.done waited for recognition"
        # recognition itself goes on: the item still gets its transcript, after the cancelled response ended
        await client.until(COMPLETED, timeout=120, item_id=item_id)
        assert _index(client, "response.done") < _index(client, COMPLETED, item_id=item_id)
    record_property("cancel_to_done_ms", round(delay_ms, 1))
    print(f"\ncancel → response.done while recognising {len(long_turn) / 24000:.1f} s of speech: {delay_ms:.1f} ms")


async def test_vad_events_flow_while_a_response_waits_for_recognition(
    speech_server, connect, portfolio_pcm, record_property
):
    first = pad_silence(np.concatenate([silence(300), one_long_utterance(portfolio_pcm)]), 1000)
    second = pad_silence(portfolio_pcm, 1000)
    vad = {"type": "server_vad", "silence_duration_ms": 800}
    async with connect(speech_server) as client:
        await update(client, audio={"input": {"transcription": {"model": "whisper-1"}, "turn_detection": vad}})
        await append(client, first)
        first_item = (await client.until("input_audio_buffer.committed"))["item_id"]
        first_response = (await client.until("response.created"))["response"]["id"]
        loop = asyncio.get_running_loop()
        await append(client, second)
        sent = loop.time()
        stopped = await client.until("input_audio_buffer.speech_stopped", timeout=60)
        lag_ms = (loop.time() - sent) * 1000
        # the second turn's VAD events, and the barge-in that ends the first response, did not wait for the
        # first turn's recognition
        assert COMPLETED not in client.types(), "speech_stopped waited for recognition"
        cancelled = next(e for e in client.events if e["type"] == "response.done")["response"]
        assert cancelled["id"] == first_response and cancelled["status_details"]["reason"] == "turn_detected"
        assert stopped["item_id"] != first_item
        answer = (await client.until("response.done", timeout=120))["response"]
        assert answer["status"] == "completed"
        assert _index(client, COMPLETED, item_id=first_item) > client.events.index(stopped)
    record_property("speech_stopped_lag_ms", round(lag_ms, 1))
    print(f"\nlast append → second speech_stopped while the first response waits for recognition: {lag_ms:.1f} ms")


async def test_audio_held_per_session_stays_bounded(local_server, connect, portfolio_pcm):
    turn = pad_silence(np.concatenate([silence(300), portfolio_pcm]), 700)
    turns = 12
    held, audio_tokens = [], []
    async with connect(local_server) as client:
        for _ in range(turns):
            await append(client, turn, chunk_ms=500)
            done = (await client.until("response.done", timeout=30))["response"]
            assert done["status"] == "completed"
            held.append(local_server.audio_bytes_held)
            audio_tokens.append(done["usage"]["input_token_details"]["audio_tokens"])
        streamed = turns * len(turn) * 2
        padding = (300 + 1000) * 48  # the input buffer keeps prefix padding plus a second outside a turn
        assert streamed > 2 * AUDIO_KEPT_BYTES
        assert max(held) <= AUDIO_KEPT_BYTES + padding, held
        assert held[-1] > 0
        # usage still counts every turn's audio, evicted or not
        assert all(b > a for a, b in zip(audio_tokens, audio_tokens[1:], strict=False)), audio_tokens
        # the oldest user turn is retrieved without its audio; the newest assistant audio can still be truncated
        items = [e["item"] for e in client.events if e["type"] == "conversation.item.done"]
        oldest_user = next(i for i in items if i["role"] == "user")
        await client.send({"type": "conversation.item.retrieve", "item_id": oldest_user["id"]})
        retrieved = (await client.until("conversation.item.retrieved"))["item"]
        assert "audio" not in retrieved["content"][0]
        newest_user = [i for i in items if i["role"] == "user"][-1]
        await client.send({"type": "conversation.item.retrieve", "item_id": newest_user["id"]})
        assert (await client.until("conversation.item.retrieved"))["item"]["content"][0]["audio"]
        newest_reply = [i for i in items if i["role"] == "assistant"][-1]
        truncate = {"item_id": newest_reply["id"], "content_index": 0, "audio_end_ms": 100}
        await client.send({"type": "conversation.item.truncate", **truncate})
        await client.until("conversation.item.truncated")
    for _ in range(200):  # the server notices the close asynchronously
        if local_server.sessions == 0:
            break
        await asyncio.sleep(0.02)
    assert local_server.audio_bytes_held == 0  # nothing is held once the connection is gone
