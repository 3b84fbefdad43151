"""One response of the local Realtime server: plan it (a script, or the rule-based responder), then stream its
events.

Event order follows the GA service: ``response.created``, ``rate_limits.updated``, then per output item
``response.output_item.added`` → ``conversation.item.added`` → content events → ``response.output_item.done``
→ ``conversation.item.done``, and finally ``response.done`` with usage. A cancelled response closes every open
part (its ``*.done`` events still come) and ends with status ``cancelled``. Cancellation does not wait for
recognition or synthesis the response was waiting on: those are abandoned and ``response.done`` follows at once.
A scripted failure ends with an ``error`` event and ``response.done`` with status ``failed``.
"""

from __future__ import annotations

import asyncio
import copy
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from pybase64 import b64encode  # SIMD: ~1 µs for a 200 ms delta against ~11 µs for base64's

from rtkit import audio as audio_mod
from rtkit.audio import chunk_pcm, encode_audio
from rtkit.local.model import responder
from rtkit.local.model.script import DelayPlan, FailPlan
from rtkit.local.server import events as wire
from rtkit.local.server.conversation import Conversation
from rtkit.local.server.usage import Segment, Tokens, cached_prefix, output_tokens, prompt_segments, response_usage
from rtkit.local.speech.engines import SpeechEngines
from rtkit.realtime import events as ev

Emit = Callable[[dict[str, Any]], Awaitable[None]]

AUDIO_CHUNK_MS = 200
ARGUMENT_CHUNK_CHARS = 24
TEXT_CHUNK_WORDS = 3
HISTORY_KEPT = 16
T = TypeVar("T")

#: Turns what the response sees into a plan: ``planner(items, tools, instructions, tool_choice)``.
Planner = Callable[[Sequence[dict[str, Any]], list[dict[str, Any]], str, Any], Any]


def rule_based(
    items: Sequence[dict[str, Any]], tools: list[dict[str, Any]], instructions: str, tool_choice: Any
) -> Any:
    return responder.plan_response(items, tools, instructions=instructions, tool_choice=tool_choice)


@dataclass
class ResponseSpec:
    """Effective settings of one response (session values with the response's overrides applied)."""

    response_id: str
    """``resp_…`` id."""
    in_conversation: bool
    """True for the default conversation; False for an out-of-band (``conversation: "none"``) response."""
    context: list[dict[str, Any]]
    """Items the response sees, in order."""
    audio_ms: dict[str, float]
    """Audio length per item id in the context."""
    instructions: str
    """Instructions for this response."""
    tools: list[dict[str, Any]]
    """Tools for this response."""
    tool_choice: Any
    """``auto`` | ``none`` | ``required`` | a named tool."""
    modality: str
    """``audio`` or ``text``."""
    audio_format: dict[str, Any]
    """Output audio wire format."""
    voice: Any
    """Voice name (reported only)."""
    max_output_tokens: int | str
    """Limit on output tokens (``inf`` = none)."""
    metadata: dict[str, str] | None
    """Client metadata echoed on the response."""


@dataclass
class ResponseRun:
    """Streams one response; ``cancel(reason)`` cuts it short at the next event boundary."""

    spec: ResponseSpec
    emit: Emit
    speech: SpeechEngines
    conversation: Conversation
    history: list[list[Segment]]
    heard: Callable[[list[dict[str, Any]]], Awaitable[list[dict[str, Any]]]]
    on_audio: Callable[[], None] = lambda: None
    on_finish: Callable[[ResponseRun], None] = lambda run: None
    planner: Planner = rule_based
    obj: dict[str, Any] = field(init=False)
    cancel_reason: str | None = field(default=None, init=False)
    _cancelled: asyncio.Event = field(default_factory=asyncio.Event, init=False)
    _failure: FailPlan | None = field(default=None, init=False)
    finished: asyncio.Event = field(default_factory=asyncio.Event, init=False)
    output_audio_ms: float = field(default=0.0, init=False)
    _outputs: Tokens = field(default_factory=Tokens, init=False)
    _incomplete: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        s = self.spec
        self.obj = wire.response_obj(
            s.response_id,
            conversation_id=self.conversation.id if s.in_conversation else None,
            output_modalities=[s.modality],
            max_output_tokens=s.max_output_tokens,
            audio_format=s.audio_format,
            voice=s.voice,
            metadata=s.metadata,
        )

    @property
    def id(self) -> str:
        return self.spec.response_id

    def cancel(self, reason: str) -> None:
        if self.cancel_reason is None:
            self.cancel_reason = reason
            self._cancelled.set()

    async def _unless_cancelled(self, awaitable: Awaitable[T]) -> T | None:
        """The result of ``awaitable``, or None as soon as the response is cancelled (the wait is abandoned)."""
        work = asyncio.ensure_future(awaitable)
        stop = asyncio.ensure_future(self._cancelled.wait())
        try:
            await asyncio.wait((work, stop), return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
            if not work.done():
                work.cancel()
        if work.cancelled() or not work.done() or self.cancelled:
            return None
        return work.result()

    @property
    def cancelled(self) -> bool:
        return self.cancel_reason is not None

    # -- main flow -------------------------------------------------------------------------------------------
    async def open(self, rate_limits: dict[str, Any]) -> None:
        """Announce the response (``response.created``, ``rate_limits.updated``); the caller awaits this before
        the next client event is handled, so errors about a later event come after it."""
        await self.emit(wire.event(ev.RESPONSE_CREATED, response=copy.deepcopy(self.obj)))
        await self.emit(rate_limits)

    async def run(self) -> dict[str, Any]:
        """Stream the rest of the response after :meth:`open`; returns the final response object."""
        s = self.spec
        try:
            segments = prompt_segments(s.instructions, s.tools, [(i, s.audio_ms.get(i["id"], 0.0)) for i in s.context])
            inputs = Tokens()
            for seg in segments:
                inputs = inputs + seg.tokens
            cached = cached_prefix(segments, self.history)
            self.history.append(segments)
            del self.history[:-HISTORY_KEPT]  # the cache holds recent prompts only
            plan = await self._plan()
            if isinstance(plan, DelayPlan):
                await self._unless_cancelled(asyncio.sleep(plan.ms / 1000.0))
                plan = plan.then
            if not self.cancelled:
                if isinstance(plan, FailPlan):
                    self._failure = plan
                    await self.emit(wire.error(plan.code, plan.message, error_type=plan.error_type))
                elif isinstance(plan, responder.FunctionCallPlan):
                    await self._function_call(plan)
                else:
                    await self._message(plan.text)
            details: dict[str, Any] | None
            if self.cancelled:
                status, details = "cancelled", {"type": "cancelled", "reason": self.cancel_reason}
            elif self._failure is not None:
                error = {"type": self._failure.error_type, "code": self._failure.code}
                status, details = "failed", {"type": "failed", "error": error}
            elif self._incomplete:
                status, details = "incomplete", {"type": "incomplete", "reason": "max_output_tokens"}
            else:
                status, details = "completed", None
            self.obj.update(status=status, status_details=details, usage=response_usage(inputs, cached, self._outputs))
            self.on_finish(self)  # the conversation is free before the client can see response.done
            await self.emit(wire.event(ev.RESPONSE_DONE, response=copy.deepcopy(self.obj)))
            return self.obj
        finally:
            self.finished.set()

    async def _plan(self) -> Any:
        """The plan, or None when the response is cancelled while it waits for what the user said."""
        s = self.spec
        items = await self._unless_cancelled(self.heard(s.context))
        if items is None:
            return None
        tools = [t for t in s.tools if t.get("type", "function") == "function"]
        return self.planner(items, tools, s.instructions, s.tool_choice)

    def _budget(self) -> int | None:
        limit = self.spec.max_output_tokens
        return None if limit == "inf" else int(limit)

    async def _add_item(self, item: dict[str, Any]) -> int:
        """Announce a new output item; returns its output_index."""
        index = len(self.obj["output"])
        self.obj["output"].append(item)
        await self.emit(
            wire.event(
                ev.OUTPUT_ITEM_ADDED,
                response_id=self.id,
                output_index=index,
                item=wire.public_item(item),
            )
        )
        if self.spec.in_conversation:
            previous = self.conversation.insert(item)
            await self.emit(wire.item_added(copy.deepcopy(wire.public_item(item)), previous))
        return index

    async def _finish_item(self, item: dict[str, Any], index: int) -> None:
        item["status"] = "incomplete" if self.cancelled or self._incomplete else "completed"
        public = wire.public_item(item)
        await self.emit(wire.event(ev.OUTPUT_ITEM_DONE, response_id=self.id, output_index=index, item=public))
        if self.spec.in_conversation:
            previous = self.conversation.previous_of(item["id"])
            await self.emit(wire.item_done(copy.deepcopy(public), previous))

    # -- function call ---------------------------------------------------------------------------------------
    async def _function_call(self, plan: Any) -> None:
        item = {
            "id": wire.new_id("item"),
            "type": "function_call",
            "object": "realtime.item",
            "status": "in_progress",
            "call_id": wire.new_id("call"),
            "name": plan.name,
            "arguments": "",
        }
        index = await self._add_item(item)
        ids = {
            "response_id": self.id,
            "item_id": item["id"],
            "output_index": index,
            "call_id": item["call_id"],
        }
        args = plan.arguments
        sent = ""
        for start in range(0, len(args), ARGUMENT_CHUNK_CHARS):
            if self.cancelled:
                break
            delta = args[start : start + ARGUMENT_CHUNK_CHARS]
            sent += delta
            await self.emit(wire.event(ev.FUNCTION_ARGS_DELTA, delta=delta, **ids))
        item["arguments"] = sent
        await self.emit(wire.event(ev.FUNCTION_ARGS_DONE, name=plan.name, arguments=sent, **ids))
        self._outputs = self._outputs + output_tokens(plan.name + sent)
        await self._finish_item(item, index)

    # -- message ---------------------------------------------------------------------------------------------
    async def _message(self, text: str) -> None:
        budget = self._budget()
        if budget is not None and len(text) > budget * 4:
            text, self._incomplete = text[: budget * 4], True
        item: dict[str, Any] = {
            "id": wire.new_id("item"),
            "type": "message",
            "object": "realtime.item",
            "status": "in_progress",
            "role": "assistant",
            "content": [],
        }
        index = await self._add_item(item)
        ids = wire.output_ids(self.id, item["id"], index)
        if self.spec.modality == "text":
            await self._text_part(item, ids, text)
        else:
            await self._audio_part(item, ids, text, budget)
        await self._finish_item(item, index)

    async def _text_part(self, item: dict[str, Any], ids: dict[str, Any], text: str) -> None:
        await self.emit(wire.event(ev.CONTENT_PART_ADDED, part={"type": "text", "text": ""}, **ids))
        words = re.findall(r"\S+\s*", text)
        sent = ""
        for start in range(0, len(words), TEXT_CHUNK_WORDS):
            if self.cancelled:
                break
            delta = "".join(words[start : start + TEXT_CHUNK_WORDS])
            sent += delta
            await self.emit(wire.event(ev.TEXT_DELTA, delta=delta, **ids))
        await self.emit(wire.event(ev.TEXT_DONE, text=sent, **ids))
        await self.emit(wire.event(ev.CONTENT_PART_DONE, part={"type": "text", "text": sent}, **ids))
        item["content"] = [{"type": "output_text", "text": sent}]
        self._outputs = self._outputs + output_tokens(sent)

    async def _audio_part(self, item: dict[str, Any], ids: dict[str, Any], text: str, budget: int | None) -> None:
        await self.emit(wire.event(ev.CONTENT_PART_ADDED, part={"type": "audio", "transcript": ""}, **ids))
        pcm = await self._unless_cancelled(self.speech.synthesize(text))
        if pcm is None:
            pcm = np.zeros(0, dtype=np.int16)
        if budget is not None:
            room = audio_mod.ms_to_bytes(max(0, budget - output_tokens(text).text) * 50)  # audio the budget leaves
            if len(pcm) * audio_mod.BYTES_PER_SAMPLE > room:
                pcm, self._incomplete = pcm[: room // audio_mod.BYTES_PER_SAMPLE], True
        chunks = list(chunk_pcm(pcm, AUDIO_CHUNK_MS))
        words = re.findall(r"\S+\s*", text)
        fmt = self.spec.audio_format
        sent_pcm: list[bytes] = []
        transcript = ""
        for i, chunk in enumerate(chunks):
            if self.cancelled:
                break
            b64 = b64encode(encode_audio(np.frombuffer(chunk, dtype="<i2"), fmt)).decode("ascii")
            sent_pcm.append(chunk)
            self.on_audio()
            await self.emit(wire.event(ev.AUDIO_DELTA, delta=b64, **ids))
            lo, hi = len(words) * i // len(chunks), len(words) * (i + 1) // len(chunks)
            if hi > lo:
                delta = "".join(words[lo:hi])
                transcript += delta
                await self.emit(wire.event(ev.AUDIO_TRANSCRIPT_DELTA, delta=delta, **ids))
        if not chunks and text and not self.cancelled:
            transcript = text
            await self.emit(wire.event(ev.AUDIO_TRANSCRIPT_DELTA, delta=text, **ids))
        transcript = transcript.rstrip()
        audio = b"".join(sent_pcm)
        self.output_audio_ms = audio_mod.bytes_to_ms(len(audio))
        if self.spec.in_conversation:
            self.conversation.keep_audio(item["id"], audio)
        await self.emit(wire.event(ev.AUDIO_DONE, **ids))
        await self.emit(wire.event(ev.AUDIO_TRANSCRIPT_DONE, transcript=transcript, **ids))
        await self.emit(wire.event(ev.CONTENT_PART_DONE, part={"type": "audio", "transcript": transcript}, **ids))
        item["content"] = [{"type": "output_audio", "transcript": transcript}]
        self._outputs = self._outputs + output_tokens(transcript, self.output_audio_ms)
