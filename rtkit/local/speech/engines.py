"""Speech engines of the local Realtime server, run off the event loop and optional at run time.

Synthesis runs in a thread (espeak-ng releases the GIL while it speaks). Recognition runs in a pool of worker
processes, up to one per core, shared by every server of the process that uses the same engine
(:data:`rtkit.local.speech.asr.ENGINES`; PocketSphinx holds the GIL while it decodes,
which would stall the event loop and the time stamps of a client in the same process; and one worker would
queue the utterances of many sessions). A worker that dies is replaced by the pool, with one warning. If no
worker can load, recognition falls back to a thread of this process after one warning, and the utterance at
hand is retried there.

With ``speech=False`` (or when an engine cannot be loaded) synthesis gives silence of a plausible length and
recognition gives an empty transcript, so the protocol is served either way. A missing engine is logged once.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import BrokenExecutor
from typing import Any

import numpy as np

from rtkit.audio import SAMPLE_RATE
from rtkit.local.speech.asr import check_engine, engine_problem
from rtkit.local.speech.backlog import RecognitionBacklog
from rtkit.local.speech.recognition_pool import RecognizerPool, machine_cores
from rtkit.local.speech.slots import Slot, parameter_texts

log = logging.getLogger("rtkit.local")

SILENCE_MS_PER_CHAR = 70.0
_STOPWORDS = frozenset(
    "a an and are as at be by for from get in into is it of on or show the this to with you your".split()
)


def silence_for(text: str) -> np.ndarray:
    """Silence about as long as speaking ``text`` would take (~70 ms per character)."""
    return np.zeros(round(len(text) * SILENCE_MS_PER_CHAR * SAMPLE_RATE / 1000), dtype=np.int16)


def vocabulary(tools: Iterable[Mapping[str, Any]], instructions: str = "") -> list[str]:
    """Words that bias recognition: tool names split on ``_``, words of tool descriptions, of what their
    parameters say (:func:`rtkit.local.speech.slots.parameter_texts`) and of the instructions."""
    words: list[str] = []
    texts = []
    tools = list(tools)
    for tool in tools:
        texts.append(str(tool.get("name") or "").replace("_", " "))
        texts.append(str(tool.get("description") or ""))
    texts.extend(parameter_texts(tools))
    texts.append(instructions)
    for text in texts:
        for word in re.findall(r"[a-z]+", text.lower()):
            if len(word) > 1 and word not in _STOPWORDS and word not in words:
                words.append(word)
    return words


_LOAD_LOCK = threading.Lock()
_SHARED: dict[str, Any] = {}
_STOPPED = threading.Event()  # the process is shutting down: recognition gives empty transcripts


def _load_synthesizer() -> Any:
    """The process's Synthesizer (created once), or None without the engine."""
    with _LOAD_LOCK:
        if "synth" not in _SHARED:
            synth = None
            try:
                from rtkit.local.speech.tts import Synthesizer

                synth = Synthesizer()
                synth = synth if synth.available else None
            except Exception as exc:  # any engine failure must leave the protocol running
                log.warning("speech synthesis unavailable (%s); responses carry silence", exc)
            _SHARED["synth"] = synth
        return _SHARED["synth"]


def _load_recognizer(engine: str) -> Any:
    """The process's in-thread Recognizer for ``engine`` (created once; the model takes a while to load), or
    None (also once the process's speech is stopped: a server shutting down loads no model)."""
    if _STOPPED.is_set():
        return None
    with _LOAD_LOCK:
        if f"asr:{engine}" not in _SHARED:
            asr = None
            try:
                from rtkit.local.speech.asr import Recognizer

                asr = Recognizer(engine=engine)
                asr = asr if asr.available else None
            except Exception as exc:
                log.warning("speech recognition unavailable (%s); transcripts are empty", exc)
            _SHARED[f"asr:{engine}"] = asr
        return _SHARED[f"asr:{engine}"]


def _shared_backlog(engine: str) -> RecognitionBacklog:
    """The process-wide record of audio waiting for ``engine``'s recognition (every server of the process shares
    its workers)."""
    with _LOAD_LOCK:
        backlog = _SHARED.get(f"backlog:{engine}")
        if backlog is None:
            backlog = _SHARED[f"backlog:{engine}"] = RecognitionBacklog.for_engine(engine, machine_cores())
        return backlog


def _shared_pool(engine: str, size: int | None = None) -> RecognizerPool | None:
    """The process-wide recognition pool for ``engine`` (``size`` workers, default one per core; the first caller
    decides), started on first use and stopped at exit; None when there is no model to load (the in-thread
    Recognizer then logs the one warning)."""
    backlog = _shared_backlog(engine)
    with _LOAD_LOCK:
        if f"pool:{engine}" not in _SHARED:
            pool = None
            if engine_problem(engine) is None:
                pool = RecognizerPool(size, engine=engine)
                backlog.watch(pool)
                atexit.register(pool.shutdown)
            _SHARED[f"pool:{engine}"] = pool
        pool = _SHARED[f"pool:{engine}"]
    if pool is not None and not pool.closed:
        pool.start()  # spawns the first worker process (a few ms): callers run this in a thread
    return pool


def stop_shared_pools() -> None:
    """Stop every process-wide recognition pool now (their worker processes are killed, busy or not), and load
    no recognizer in a thread instead: for a process that is shutting down (``rtkit serve``)."""
    _STOPPED.set()
    with _LOAD_LOCK:
        pools = [p for k, p in _SHARED.items() if k.startswith("pool:") and p is not None]
    for pool in pools:
        pool.shutdown()


async def _pool_failed(pool: RecognizerPool, exc: BaseException) -> None:
    """Stop a pool whose workers cannot serve and log it once; recognition continues in a thread of this
    process."""
    if await asyncio.to_thread(pool.shutdown):
        log.warning(
            "speech recognition worker process failed (%s: %s); recognising in a thread of this process instead, "
            "which can delay its event loop by tens of milliseconds per utterance",
            type(exc).__name__,
            exc,
        )


class SpeechEngines:
    """Synthesizer and Recognizer for a server's connections, kept off the event loop.

    Synthesis runs in a worker thread. Recognition runs in ``pool`` (default: the process-wide
    :class:`~rtkit.local.speech.recognition_pool.RecognizerPool`), or in a worker thread when ``in_thread`` is True or
    no worker of the pool can load. ``recognizer`` names the engine (default
    :func:`rtkit.local.speech.asr.default_engine`; a given ``pool`` brings its own); ``recognition_workers`` the
    size of the process-wide pool when this is the first server of the process to start it (default: one per core);
    ``all_workers`` starts all of them at load.
    """

    def __init__(
        self,
        enabled: bool = True,
        *,
        pool: RecognizerPool | None = None,
        in_thread: bool = False,
        recognizer: str | None = None,
        recognition_workers: int | None = None,
        all_workers: bool = False,
    ):
        self.enabled = enabled
        self.recognition_workers = recognition_workers
        self.all_workers = all_workers
        """Start every worker of the pool at :meth:`load`, not as utterances overlap: a server that refuses work over a
        limit needs its whole capacity from the first burst (a worker loading then takes a core from the others)."""
        self.in_thread = in_thread
        if pool is not None:
            self.recognizer = pool.engine
        else:
            self.recognizer = check_engine(recognizer)
        self._pool = pool  # None: the process-wide one
        self.backlog = (
            RecognitionBacklog.for_engine(pool.engine, pool.size)
            if pool is not None
            else _shared_backlog(self.recognizer)
        )
        """Audio waiting for this server's recognition workers, and their measured speed."""
        if pool is not None:
            self.backlog.watch(pool)
        self._synth: Any = None
        self._asr: Any = None  # in-thread Recognizer (in_thread, or after the pool failed)
        self._remote: RecognizerPool | None = None  # pool in use, once its workers have loaded
        self._synth_loaded = self._asr_loaded = not enabled

    async def load(self) -> None:
        """Load the engines (slow the first time in a process) without blocking the event loop."""
        await asyncio.gather(self._load_synthesis(), self._load_recognition())

    async def _load_synthesis(self) -> None:
        if not self._synth_loaded:
            self._synth = await asyncio.to_thread(_load_synthesizer)
            self._synth_loaded = True

    async def _load_recognition(self) -> None:
        if self._asr_loaded:
            return
        if not self.in_thread:
            pool = self._pool
            try:
                if pool is None:
                    pool = await asyncio.to_thread(_shared_pool, self.recognizer, self.recognition_workers)
                if pool is not None:
                    if pool.closed:
                        raise BrokenExecutor("it failed earlier")
                    workers = pool.size if self.all_workers else 1
                    await asyncio.wrap_future(await asyncio.to_thread(pool.start, workers))
                    self._remote = pool
            except Exception as exc:
                if pool is not None:
                    await _pool_failed(pool, exc)
        if self._remote is None:
            self._asr = await asyncio.to_thread(_load_recognizer, self.recognizer)
        self._asr_loaded = True

    @property
    def status(self) -> dict[str, bool]:
        """Which engines are live (for the health route)."""
        return {"synthesis": self._synth is not None, "recognition": (self._remote or self._asr) is not None}

    async def synthesize(self, text: str) -> np.ndarray:
        """Speech for ``text`` (24 kHz int16), or silence of a plausible length without an engine."""
        await self._load_synthesis()
        if self._synth is None or not text.strip():
            return silence_for(text)
        try:
            return await asyncio.to_thread(self._synth.synthesize, text)
        except Exception as exc:
            log.warning("speech synthesis failed (%s); sending silence", exc)
            return silence_for(text)

    async def transcribe(self, pcm: np.ndarray, words: Sequence[str] = (), slots: Sequence[Slot] = ()) -> str:
        """Transcript of 24 kHz int16 audio ("" without an engine); ``words`` and ``slots`` as for
        :meth:`rtkit.local.speech.asr.Recognizer.transcribe`; the light path when the backlog asks for it
        (:meth:`rtkit.local.speech.backlog.RecognitionBacklog.light`), and ``busy`` unless nothing else waits for
        recognition (:meth:`~rtkit.local.speech.backlog.RecognitionBacklog.spare`)."""
        await self._load_recognition()
        if len(pcm) == 0:
            return ""
        words, slots = list(words), list(slots)
        light = self.backlog.light(len(pcm) / SAMPLE_RATE)  # many utterances wait: one engine, not two passes
        busy = not self.backlog.spare(len(pcm) / SAMPLE_RATE)  # others wait: no beam on idle capacity
        pool = self._remote
        if pool is not None:
            try:
                future = pool.transcribe(pcm, words, slots, light, busy)  # raises at once when the pool is shut down
                return await asyncio.wrap_future(future)
            except BrokenExecutor as exc:  # no worker can serve (a dead one is replaced by the pool)
                self._remote = None
                await _pool_failed(pool, exc)
            except Exception as exc:  # the recognizer itself failed on this input
                log.warning("speech recognition in the worker process failed (%s); retrying in a thread", exc)
            self._asr = await asyncio.to_thread(_load_recognizer, self.recognizer)  # this utterance is retried here
        if self._asr is None:
            return ""
        try:
            return str(await asyncio.to_thread(self._asr.transcribe, pcm, words, slots, light, busy))
        except Exception as exc:
            log.warning("speech recognition failed (%s); empty transcript", exc)
            return ""

    async def prepare(self, words: Sequence[str]) -> None:
        """Warm the recognizers for a vocabulary before the first turn (first use of new words is slow)."""
        if not self.enabled:
            return
        await self._load_recognition()
        pool = self._remote
        if pool is not None:
            try:
                await asyncio.wrap_future(pool.warm(words))
                return
            except Exception:  # a failing worker is handled (and logged) on the next utterance
                pass
        await self.transcribe(np.zeros(SAMPLE_RATE // 4, dtype=np.int16), words)
