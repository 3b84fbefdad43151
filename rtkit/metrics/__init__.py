"""Metrics: one event timeline, and everything derived from it.

- :mod:`.recorder` — :class:`MetricsRecorder`: the columnar timeline every event is stamped onto, alerts, resources;
  :mod:`.event_fields` — what the timeline keeps of each event type beyond its row;
- :mod:`.turns` — the turn tracker: a pure state machine from timeline rows (:class:`~.turns.Row`) to connections,
  turns, responses and tool calls; :mod:`.latency` — the latency definitions and their maths;
- :mod:`.pricing` — prices and dollar costs; :mod:`.pace` — how the input was streamed;
- :mod:`.timeline` — what exports read of a recording; :mod:`.export` — the DataFrames, ``summary.json`` and the
  tables of a run folder; :mod:`.run_folder` — :func:`~.run_folder.save_run`, a complete run folder (with audio
  and transcript) from the library;
- :mod:`.report` (load, summarise and compare run folders), :mod:`.plots` (figures), :mod:`.inline` (notebook
  display).

``recorder`` imports ``export`` (lazily, so pandas loads on the first table), never the reverse.
"""

from rtkit.metrics.recorder import MetricsRecorder

__all__ = ["MetricsRecorder"]
