"""Logging: one line per event, never the token, never message texts at INFO."""

from __future__ import annotations

import logging
import sys

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "<token>"


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then removes the bot token from the whole line, traceback included.

    The token turns up in request URLs that httpx logs and in the text of network exceptions,
    so redacting only the message would not be enough.
    """

    def __init__(self, fmt: str, token: str | None) -> None:
        super().__init__(fmt)
        self._token = token

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        return line.replace(self._token, REDACTED) if self._token else line


def setup_logging(level: str, token: str | None, stream: object = None) -> None:
    """Configure the root logger once; quiet the chatty HTTP libraries."""
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(RedactingFormatter(LOG_FORMAT, token))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # httpx logs every request URL (which contains the token) at INFO; one line per poll is noise.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, root.level))
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, root.level))
