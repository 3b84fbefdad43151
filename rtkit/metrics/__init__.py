"""Metrics: one event timeline, latency definitions and maths, turns, prices, tables, plots and reports."""

from rtkit.metrics.recorder import MetricsRecorder

__all__ = ["MetricsRecorder"]
