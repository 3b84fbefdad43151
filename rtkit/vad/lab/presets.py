"""Turn-detection presets: the defaults of the service and of the anchors, as lab settings.

Each is a scorer plus :class:`VADParams`, scored the same way as any searched setting:

- ``server_vad default``: the Realtime service's ``server_vad`` defaults (threshold 0.5, prefix 300 ms, silence
  200 ms as the live service sends). The service's own detector is not public; the lab runs it with the
  energy scorer, exactly as the local server does.
- ``pipecat silero``: pipecat's ``SileroVADAnalyzer`` defaults (``confidence`` 0.7, ``start_secs`` 0.2,
  ``stop_secs`` 0.8; pipecat keeps no prefix audio in its VAD). Its ``min_volume`` 0.6 loudness gate is not
  modelled.
- ``livekit silero``: LiveKit Agents' ``silero.VAD.load`` defaults (``activation_threshold`` 0.5,
  ``min_speech_duration`` 0.05 s, ``min_silence_duration`` 0.55 s, ``prefix_padding_duration`` 0.5 s).
"""

from __future__ import annotations

from dataclasses import dataclass

from rtkit.vad.params import VADParams


@dataclass(frozen=True)
class Setting:
    """One turn-detection setting to simulate: a scorer name and detector settings."""

    scorer: str
    """Scorer name (``energy``, ``webrtc``, ``ten``, ``silero``)."""
    params: VADParams
    """Detector settings."""
    name: str = ""
    """Label for tables (empty for searched settings)."""

    @property
    def label(self) -> str:
        """The name, or a compact description of the setting."""
        p = self.params
        return self.name or (
            f"{self.scorer} t={p.threshold:g} prefix={p.prefix_padding_ms} silence={p.silence_duration_ms}"
        )


PRESETS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting(
            "energy", VADParams(threshold=0.5, prefix_padding_ms=300, silence_duration_ms=200), "server_vad default"
        ),
        Setting(
            "silero",
            VADParams(threshold=0.7, prefix_padding_ms=0, silence_duration_ms=800, start_ms=200),
            "pipecat silero",
        ),
        Setting(
            "silero",
            VADParams(threshold=0.5, prefix_padding_ms=500, silence_duration_ms=550, start_ms=50),
            "livekit silero",
        ),
    )
}
"""Preset name → setting."""
