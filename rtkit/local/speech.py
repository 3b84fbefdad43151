"""Speech engines of the local Realtime server, run off the event loop and optional at run time.

With ``speech=False`` (or when an engine cannot be loaded) synthesis gives silence of a plausible length and
recognition gives an empty transcript, so the protocol is served either way. A missing engine is logged once.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ..audio import SAMPLE_RATE

log = logging.getLogger("rtkit.local")

SILENCE_MS_PER_CHAR = 70.0
_STOPWORDS = frozenset(
    "a an and are as at be by for from get in into is it of on or show the this to with you your".split()
)


def silence_for(text: str) -> np.ndarray:
    """Silence about as long as speaking ``text`` would take (~70 ms per character)."""
    return np.zeros(round(len(text) * SILENCE_MS_PER_CHAR * SAMPLE_RATE / 1000), dtype=np.int16)


def vocabulary(tools: Iterable[Mapping[str, Any]], instructions: str = "") -> list[str]:
    """Words that bias recognition: tool names split on ``_``, words of tool descriptions and of the
    instructions."""
    words: list[str] = []
    texts = []
    for tool in tools:
        texts.append(str(tool.get("name") or "").replace("_", " "))
        texts.append(str(tool.get("description") or ""))
    texts.append(instructions)
    for text in texts:
        for word in re.findall(r"[a-z]+", text.lower()):
            if len(word) > 1 and word not in _STOPWORDS and word not in words:
                words.append(word)
    return words


_LOAD_LOCK = threading.Lock()
_ASR_LOCK = threading.Lock()  # one pocketsphinx decoder per process, used by one call at a time
_SHARED: dict[str, Any] = {}


def _load_shared() -> tuple[Any, Any]:
    """Create the engines once per process (the recognizer's model takes a while to load)."""
    with _LOAD_LOCK:
        if "synth" not in _SHARED:
            synth = asr = None
            try:
                from .tts import Synthesizer

                synth = Synthesizer()
                synth = synth if synth.available else None
            except Exception as exc:  # any engine failure must leave the protocol running
                log.warning("speech synthesis unavailable (%s); responses carry silence", exc)
            try:
                from .asr import Recognizer

                asr = Recognizer()
                asr = asr if asr.available else None
            except Exception as exc:
                log.warning("speech recognition unavailable (%s); transcripts are empty", exc)
            _SHARED.update(synth=synth, asr=asr)
        return _SHARED["synth"], _SHARED["asr"]


class SpeechEngines:
    """Synthesizer and Recognizer for a server's connections; each call runs in a worker thread."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._synth: Any = None
        self._asr: Any = None
        self._loaded = not enabled

    async def load(self) -> None:
        """Load the engines (slow the first time in a process) in a worker thread."""
        if not self._loaded:
            self._synth, self._asr = await asyncio.to_thread(_load_shared)
            self._loaded = True

    @property
    def status(self) -> dict[str, bool]:
        """Which engines are live (for the health route)."""
        return {"synthesis": self._synth is not None, "recognition": self._asr is not None}

    async def synthesize(self, text: str) -> np.ndarray:
        """Speech for ``text`` (24 kHz int16), or silence of a plausible length without an engine."""
        await self.load()
        if self._synth is None or not text.strip():
            return silence_for(text)
        try:
            return await asyncio.to_thread(self._synth.synthesize, text)
        except Exception as exc:
            log.warning("speech synthesis failed (%s); sending silence", exc)
            return silence_for(text)

    async def transcribe(self, pcm: np.ndarray, words: Sequence[str] = ()) -> str:
        """Transcript of 24 kHz int16 audio ("" without an engine)."""
        await self.load()
        if self._asr is None or len(pcm) == 0:
            return ""
        try:
            return await asyncio.to_thread(self._transcribe_locked, pcm, list(words))
        except Exception as exc:
            log.warning("speech recognition failed (%s); empty transcript", exc)
            return ""

    async def prepare(self, words: Sequence[str]) -> None:
        """Warm the recognizer for a vocabulary before the first turn (first use of new words is slow)."""
        if self.enabled:
            await self.transcribe(np.zeros(SAMPLE_RATE // 4, dtype=np.int16), words)

    def _transcribe_locked(self, pcm: np.ndarray, words: list[str]) -> str:
        with _ASR_LOCK:
            return str(self._asr.transcribe(pcm, words))
