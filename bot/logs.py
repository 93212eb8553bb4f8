"""Logging: one line per event, never the token, never message texts at INFO.

Two line formats: ``text`` (the default, for people reading a terminal or journalctl) and
``json`` (LOG_FORMAT=json: one JSON object per line, for a log shipper). Both are redacted the
same way, on the finished line.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

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
        return self.redact(super().format(record))

    def redact(self, line: str) -> str:
        return line.replace(self._token, REDACTED) if self._token else line


class JsonFormatter(RedactingFormatter):
    """One JSON object per line: time (UTC, ISO-8601), level, logger, message, and the traceback.

    The token is removed from the serialized line: a token is digits, a colon, letters, ``_`` and
    ``-``, none of which JSON escapes, so it appears in the line exactly as in the message.
    """

    def __init__(self, token: str | None) -> None:
        super().__init__("%(message)s", token)

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc"] = record.exc_text
        return self.redact(json.dumps(entry, ensure_ascii=False))


def make_formatter(log_format: str, token: str | None) -> logging.Formatter:
    return JsonFormatter(token) if log_format == "json" else RedactingFormatter(LOG_FORMAT, token)


def setup_logging(level: str, token: str | None, stream: object = None, log_format: str = "text") -> None:
    """Configure the root logger once; quiet the chatty HTTP libraries."""
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(make_formatter(log_format, token))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # httpx logs every request URL (which contains the token) at INFO; one line per poll is noise.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, root.level))
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, root.level))
    # aiohttp's access log (the metrics server) would add a line per scrape.
    logging.getLogger("aiohttp.access").setLevel(max(logging.WARNING, root.level))
