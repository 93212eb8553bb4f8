"""Telegram handlers by feature. Each module exposes `register(app)`; order matters.

`FEATURES` is the one place that decides which features the bot has and in which order their
handlers see an update: specific handlers first, the catch-all fallback last.
"""

from __future__ import annotations

from types import ModuleType

from handlers import errors, fallback, privacy, start

FEATURES: list[ModuleType] = [
    start,
    privacy,
    errors,
    fallback,  # keep last: it answers whatever no feature recognised
]
