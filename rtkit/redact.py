"""Keeping secrets out of logs: a logging filter that masks credentials in websockets' handshake debug lines."""

from __future__ import annotations

import logging
import re

# Header lines as websockets logs them at DEBUG level ("> Authorization: Bearer sk-…", "< api-key: …"),
# and browser-style subprotocol keys.
_SECRET = re.compile(
    r"(?i)((?:authorization|api-key)\s*:\s*(?:bearer\s+)?|openai-insecure-api-key\.|[?&]api[-_]key=)[^\s,&'\"]+"
)


def redact(text: str) -> str:
    """``text`` with every credential value replaced by ``***``."""
    return _SECRET.sub(r"\1***", text)


class RedactingFilter(logging.Filter):
    """Rewrites a record's message with :func:`redact` before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def redacting_logger(name: str) -> logging.Logger:
    """A logger (created once) whose records are redacted; hand it to websockets' ``logger=`` argument."""
    logger = logging.getLogger(name)
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())
    return logger
