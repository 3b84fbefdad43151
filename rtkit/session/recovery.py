"""Pure decisions of the session supervisor: backoff delays, renewal deadlines, what a close or an error means,
what a restored conversation is owed, and the summary a renewal asks for.

The async code that acts on them is :mod:`rtkit.session.supervisor`; these functions are tested directly.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from rtkit.config import ReconnectConfig, RenewalConfig
from rtkit.realtime.protocol import error_fields
from rtkit.session.conversation import USER_INPUT, Item

Cause = Literal["closed", "expired", "network"]
ErrorKind = Literal["expired", "rate_limit", "audio", "active_response", "invalid_request", "server"]

#: Close codes that the user (or the session itself) asked for: no reconnect.
NORMAL_CLOSE = {1000}

AUDIO_ERROR_CODES = {"invalid_audio", "audio_unintelligible", "invalid_audio_format", "audio_error"}


def backoff_delay(attempt: int, policy: ReconnectConfig, rng: random.Random | None = None) -> float:
    """Seconds to wait before reconnect attempt ``attempt`` (1-based): exponential, capped, with jitter."""
    base = min(policy.max_delay_s, policy.base_delay_s * 2 ** min(attempt - 1, 60))  # no float overflow
    if policy.jitter <= 0 or base <= 0:
        return base
    r = (rng or random).uniform(1 - policy.jitter, 1 + policy.jitter)
    return base * r


def renewal_delay(policy: RenewalConfig, created_at: float | None, expires_at: float | None) -> float | None:
    """Seconds after session creation at which to renew, or None when renewal is off.

    With ``expires_at`` (unix seconds, from ``session.created``) the deadline is the earlier of the configured
    time and ``expires_at`` minus a margin: 5 minutes, or a quarter of the session's length when that is shorter
    (a 20-second limit renews after 15 s).
    """
    if not policy.enabled:
        return None
    delay = policy.renew_after_minutes * 60.0
    if created_at is not None and expires_at is not None and expires_at > created_at:
        length = expires_at - created_at
        margin = min(300.0, length / 4)
        delay = min(delay, length - margin)
    return max(delay, 0.0)


def close_cause(code: int | None, reason: str, errors: Sequence[Mapping[str, Any]]) -> Cause | None:
    """Why a connection ended: None when it was a normal close, else what recovery it needs."""
    last = error_fields(errors[-1]) if errors else {}
    if last.get("code") == "session_expired" or "session_expired" in (reason or ""):
        return "expired"
    if code in NORMAL_CLOSE:
        return None
    if code is None or code in (1006, 1011, 1012, 1013, 1014):
        return "network"
    return "closed"


def describe_close(cause: str, code: int | None, reason: str) -> str:
    """``cause (close CODE REASON)`` for logs and errors."""
    detail = " ".join(str(x) for x in (code, reason) if x not in (None, ""))
    return f"{cause} (close {detail})" if detail else cause


def error_kind(event: Mapping[str, Any]) -> ErrorKind:
    """Classify a server ``error`` event by what the session does about it."""
    err = error_fields(event)
    code = str(err.get("code") or "")
    etype = str(err.get("type") or "")
    param = str(err.get("param") or "")
    if code == "session_expired":
        return "expired"
    if code == "rate_limit_exceeded" or "rate_limit" in etype:
        return "rate_limit"
    if code in AUDIO_ERROR_CODES or param.startswith(("audio", "session.audio")) or "audio" in code:
        if code != "input_audio_buffer_commit_empty":
            return "audio"
    if code == "conversation_already_has_active_response":
        return "active_response"
    if etype == "invalid_request_error":
        return "invalid_request"
    return "server"


def rate_limit_wait(event: Mapping[str, Any]) -> float:
    """Seconds until requests are allowed again, from ``rate_limits.updated`` (0 when some remain)."""
    for limit in event.get("rate_limits") or []:
        if limit.get("name") == "requests" and (limit.get("remaining") or 0) <= 0:
            return float(limit.get("reset_seconds") or 0.0)
    return 0.0


SUMMARY_INSTRUCTIONS = (
    "Summarize the conversation so far for a new session that will continue it: who the user is, what they asked, "
    "what tools returned (with the figures), what you answered, and anything still open. Plain text, under 120 words."
)

SUMMARY_PURPOSE = "rtkit.summary"
"""``response.metadata.purpose`` of the out-of-band summary a renewal asks for."""


def is_summary(response: Mapping[str, Any]) -> bool:
    """Whether a response is the renewal's out-of-band summary (it stays outside the conversation)."""
    return (response.get("metadata") or {}).get("purpose") == SUMMARY_PURPOSE


def summary_request(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``response.create`` body of an out-of-band text summary of ``items``."""
    return {
        "conversation": "none",
        "output_modalities": ["text"],
        "instructions": SUMMARY_INSTRUCTIONS,
        "input": items,
        "metadata": {"purpose": SUMMARY_PURPOSE},
    }


def summary_text(response: Mapping[str, Any]) -> str | None:
    """The text of a summary response (None when it holds none)."""
    texts = [
        part.get("text") or part.get("transcript") or ""
        for out in response.get("output") or []
        for part in out.get("content") or []
    ]
    return " ".join(t for t in texts if t).strip() or None


def response_owed(items: Sequence[Item]) -> bool:
    """After a restore: whether the conversation is owed a response (its last turn is the user's, or a finished
    function call whose follow-up never came)."""
    turns = [it for it in items if it.kind != "summary"]
    if not turns:
        return False
    last = turns[-1]
    if last.kind in USER_INPUT:
        return bool(last.text)
    return last.kind == "function_call" and last.call is not None and last.call.finished
