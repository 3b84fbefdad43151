"""What one connection heard: the recognition of each user audio item, run in the background and counted in the
recognition backlog, an early attempt started during a turn's closing pause, and the utterances a refused response
took out of the queue (recognised again when a later response needs them).

The connection state (:mod:`.state`) decides when audio becomes an item; this module only turns that audio into
transcripts (and the client's transcription events) and tells a response what it still waits for.
"""

from __future__ import annotations

import asyncio
import copy
import functools
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import numpy as np

from rtkit.audio import SAMPLES_PER_MS
from rtkit.local.server import events as wire
from rtkit.local.server.conversation import Conversation
from rtkit.local.server.usage import transcription_usage
from rtkit.local.speech.engines import SpeechEngines, vocabulary
from rtkit.local.speech.slots import slots
from rtkit.realtime import events as ev

TRANSCRIPT_WAIT_S = 30.0
"""How long a response waits for one item's transcript before it goes on with an empty one."""
EARLY_AFTER_MS = 300
"""A turn that has paused this long goes to recognition before ``speech_stopped`` (the silence window, 600 ms by
default, is still running); speech that comes back voids the attempt."""
EARLY_PAD_MS = 300
"""Audio after the pause began that the early attempt includes: all of it so far. Moonshine's words depend on the
framing: cut 150 ms after the pause, "Show my spending on groceries" of ``two_turns.wav`` came out "… on brawl
series"; with 250 ms or more, all 7 labelled utterances gave the words of the whole turn."""


@dataclass
class EarlyRecognition:
    """Recognition of a turn's speech started during its closing pause."""

    pause_ms: float
    """Where the pause began on the detector's clock: the attempt holds while the pause does."""
    task: asyncio.Task[str]
    """The transcript."""

    def cancel(self) -> None:
        self.task.cancel()


class Transcripts:
    """The recognition tasks of one connection, by item id.

    ``session()`` gives the session as it is now (its transcription settings, tools and instructions are read when
    an item is recognised); ``emit`` sends the transcription events; ``spawn`` runs a task the connection owns.
    """

    def __init__(
        self,
        speech: SpeechEngines,
        session: Callable[[], dict[str, Any]],
        emit: Callable[[dict[str, Any]], Awaitable[None]],
        spawn: Callable[[Coroutine[Any, Any, str]], asyncio.Task[str]],
    ) -> None:
        self.speech = speech
        self._session = session
        self._emit = emit
        self._spawn = spawn
        self.heard: dict[str, asyncio.Task[str]] = {}
        """The transcript of each audio item (a task: recognition runs in the background)."""
        self.unheard: dict[str, tuple[dict[str, Any], bytes]] = {}
        """Items whose recognition a refused response cancelled: recognised when next needed."""
        self.early: EarlyRecognition | None = None
        """The current turn's speech, sent to recognition during its closing pause."""

    def start_early(self, pause_ms: float, pcm: bytes) -> None:
        """Recognise the turn's speech so far, paused at ``pause_ms``."""
        samples = np.frombuffer(pcm, dtype="<i2")
        self.early = EarlyRecognition(pause_ms, self.queued(self.transcriber(samples)(), _seconds(samples)))

    def forget_early(self) -> None:
        if self.early is not None:
            self.early.cancel()
            self.early = None

    def take_early(self) -> EarlyRecognition | None:
        """The early attempt, handed to the item its turn becomes (no longer the connection's to cancel)."""
        early, self.early = self.early, None
        return early

    def listen(self, item: dict[str, Any], pcm: bytes, early: asyncio.Task[str] | None = None) -> None:
        """Recognise an audio item in the background: the local model needs what was said, and the client gets
        transcription events when the session asks for them."""
        transcription = self._session()["audio"]["input"]["transcription"]
        samples = np.frombuffer(pcm, dtype="<i2")
        transcribe = self.transcriber(samples)
        self.unheard.pop(item["id"], None)

        async def recognise() -> str:
            text = await (early if early is not None else transcribe())
            if transcription is not None:
                item["content"][0]["transcript"] = text
                ids = {"item_id": item["id"], "content_index": 0}
                if text:
                    await self._emit(wire.event(ev.TRANSCRIPTION_DELTA, delta=text, **ids))
                usage = transcription_usage(
                    transcription.get("model"),
                    len(samples) / SAMPLES_PER_MS,
                    text,
                    transcription.get("prompt") or "",
                )
                await self._emit(
                    wire.event(
                        ev.TRANSCRIPTION_COMPLETED,
                        transcript=text,
                        usage=usage,
                        **ids,
                    )
                )
            return text

        # The early attempt's ticket counts its speech; this one only waits for it.
        task = self.heard[item["id"]] = self.queued(recognise(), 0.0 if early is not None else _seconds(samples))
        # a refused utterance (its task cancelled) is recognised again when a later response needs it
        task.add_done_callback(lambda t: self.unheard.setdefault(item["id"], (item, pcm)) if t.cancelled() else None)

    def transcriber(self, samples: np.ndarray) -> Callable[[], Coroutine[Any, Any, str]]:
        """Recognition of ``samples`` with the session's words and tool values as they are now, to run later."""
        session = self._session()
        tools = session["tools"]
        words = vocabulary(tools, session["instructions"])
        return functools.partial(self.speech.transcribe, samples, words, slots(tools))

    def queued(self, recognition: Coroutine[Any, Any, str], seconds: float) -> asyncio.Task[str]:
        """Run a recognition as an owned task, counted in the backlog as ``seconds`` of speech from now (before
        the task first runs, so a response started right after sees it queued) until it ends or is cancelled."""
        backlog = self.speech.backlog
        ticket = backlog.submitted(seconds)
        task = self._spawn(recognition)
        task.add_done_callback(lambda _: backlog.done(ticket))  # also when cancelled before it ran
        return task

    async def with_transcripts(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Copies of ``items`` whose audio parts carry what the server heard (waiting for recognition)."""
        out = []
        for item in items:
            item = copy.deepcopy(item)
            task = self.heard.get(item.get("id", ""))
            if task is not None:
                try:
                    text = await asyncio.wait_for(asyncio.shield(task), TRANSCRIPT_WAIT_S)
                except (TimeoutError, asyncio.CancelledError):
                    text = ""
                for part in item.get("content", []):
                    if part.get("type") == "input_audio" and not part.get("transcript"):
                        part["transcript"] = text
            out.append(item)
        return out

    def waiting_audio_s(self, items: list[dict[str, Any]], conversation: Conversation) -> float:
        """Seconds of the audio of ``items`` still waiting for recognition; utterances refused earlier are sent
        for recognition again first (a response needs them now)."""
        waiting = 0.0
        for item in items:
            item_id = item.get("id", "")
            if item_id in self.unheard:
                self.listen(*self.unheard[item_id])
            task = self.heard.get(item_id)
            if task is not None and not task.done():
                waiting += conversation.audio_ms(item_id) / 1000
        return waiting

    def drop_waiting(self, items: list[dict[str, Any]]) -> None:
        """Take the utterances of ``items`` still waiting out of the queue (they cost the workers nothing more)."""
        for item in items:
            task = self.heard.get(item.get("id", ""))
            if task is not None and not task.done():
                task.cancel()

    def forget(self, item_id: str) -> None:
        """The item was deleted."""
        self.heard.pop(item_id, None)


def _seconds(samples: np.ndarray) -> float:
    """Seconds of internal (24 kHz) audio."""
    return len(samples) / (SAMPLES_PER_MS * 1000)
