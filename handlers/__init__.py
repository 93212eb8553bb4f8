"""Telegram handlers by feature. Each module exposes `register(app)`; order matters.

`FEATURES` is the one place that decides which features the bot has and in which order their
handlers see an update: specific handlers first, the catch-all fallback last.
"""

from __future__ import annotations

from types import ModuleType

from handlers import (
    admin,
    ask,
    chat,
    check,
    diary,
    errors,
    fallback,
    guard,
    language,
    privacy,
    relief,
    reminders,
    start,
    timezone,
)

FEATURES: list[ModuleType] = [
    guard,  # first: keeps edits, groups and updates without a person away from the features
    start,
    relief,  # early: /cramp must win over any feature's conversation state
    check,
    privacy,
    language,
    reminders,
    # After reminders so /settings and the command list keep their order; before ask: a typed
    # time zone is read here.
    timezone,
    diary,  # before ask: a note the person was asked for is read here, not answered as a question
    chat,  # "ok", "thanks", "no", emoji only: after the features that asked something, before ask
    ask,  # after every feature that reads free text in a state of its own
    errors,
    admin,
    fallback,  # keep last: it answers whatever no feature recognised
]
