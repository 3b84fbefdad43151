"""How the input audio was streamed, and what that means for the latencies measured.

``realtime``: at the rate a microphone delivers it; ``live``: from a live source (a microphone, a WebRTC track);
``fast``: as fast as the socket allows. A fast run is a different experiment: requests arrive while earlier answers
are still being spoken (a later request can barge in on an answer), and latencies that start at the end of speech are
not those a listener would see. Runs record their pace, it enters the config hash, and figures and summaries of a
fast run say that its latencies are not real-time.
"""

from __future__ import annotations

PACES = ("realtime", "fast", "live")
"""The paces a run can have."""

FAST_NOTE = "fast pace: latencies are not real-time"
"""The label shown beside latencies of a fast run."""


def check_pace(pace: str | None) -> str | None:
    """``pace`` itself, or ValueError naming the allowed values."""
    if pace is not None and pace not in PACES:
        raise ValueError(f"pace {pace!r} is not one of {', '.join(PACES)}")
    return pace


def pace_note(pace: str | None) -> str:
    """``" (fast pace: latencies are not real-time)"`` for a fast run, else ``""``."""
    return f" ({FAST_NOTE})" if pace == "fast" else ""
