"""The user document: what the store keeps about one person, as types.

One document per person, top-level keys owned by features (ARCHITECTURE.md, "Store"). On disk it
is plain JSON (the store's format is unchanged); in code it is a `UserDoc`. The store converts
once, at its boundary (`as_user_doc` on every document it hands out), so a feature can rely on
each key it finds having the right outer shape. Inner values are still checked by their owner
(scheduler.model normalises reminder settings, relief reads its own session), because a
document written by an older version must never stop the bot.

Times are UTC ISO-8601 strings (`core.clock.utc_iso`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Final, Required, TypedDict

logger = logging.getLogger(__name__)


class Profile(TypedDict):
    """start: who the person is to the bot."""

    chat_id: int
    created_at: str
    last_seen: str
    active: bool  # False once they blocked the bot; /start sets it again


class ReminderKindSettings(TypedDict, total=False):
    """One reminder kind; hydration has a window (start, end, every_h), the others a time."""

    on: bool
    time: str  # "HH:MM" local
    start: str
    end: str
    every_h: int


class QuietHours(TypedDict):
    start: str  # "HH:MM" local; may wrap midnight
    end: str


class Snooze(TypedDict):
    kind: str
    due: str


class SentMark(TypedDict):
    """The last reminder slot sent of one kind (duplicates are recognised against it)."""

    slot: str  # local "YYYY-MM-DD HH:MM"
    at: str


class ReminderLogDay(TypedDict, total=False):
    """Button counts of one local day: {"d": day, "done": {kind: n}, "slots": {kind: [slot]}}."""

    d: str
    done: dict[str, int]
    snooze: dict[str, int]
    off: dict[str, int]
    slots: dict[str, list[str]]


class CheckRecord(TypedDict):
    """The guided check: the answers given and the scored result."""

    answers: dict[str, Any]
    result: dict[str, Any]
    at: str


class CrampLogEntry(TypedDict, total=False):
    """One cramp in the diary; `diary.entries` is its one reader and writer. The relief walkthrough
    writes at, place, eased and steps; the diary adds an id and what the person told about it."""

    at: Required[str]
    place: Required[str]
    id: str
    severity: str
    before: list[str]
    note: str
    day_only: bool
    eased: bool
    steps: int


class UserDoc(TypedDict, total=False):
    """Everything stored about one person; every key is optional (features add theirs)."""

    profile: Profile
    tz: str  # IANA zone
    reminders: dict[str, ReminderKindSettings]
    pause_until: str
    quiet: QuietHours
    snoozes: list[Snooze]
    reminder_sent: dict[str, SentMark]
    reminder_log: list[ReminderLogDay]
    check: CheckRecord
    relief: dict[str, Any]  # the relief session's stored form (handlers.relief.session.to_doc)
    cramp_log: list[CrampLogEntry]
    told: dict[str, Any]  # what the person told the bot (handlers.ask)
    lang: str  # the person's language (handlers.language): "en", or a folder of locales/


# The outer JSON type of each key; a value of another type is left out of the UserDoc.
SHAPES: Final[dict[str, type | tuple[type, ...]]] = {
    "profile": dict,
    "tz": str,
    "reminders": dict,
    "pause_until": str,
    "quiet": dict,
    "snoozes": list,
    "reminder_sent": dict,
    "reminder_log": list,
    "check": dict,
    "relief": dict,
    "cramp_log": list,
    "told": dict,
    "lang": str,
}


def as_user_doc(raw: Mapping[str, Any]) -> UserDoc:
    """The one conversion from a stored JSON object: each known key only with the right outer type.

    A known key of the wrong type is left out of what features see (logged by name, never the
    value); keys this module does not know yet pass through untyped. Nothing is removed from the
    store: features write single keys, and /export reads the stored form.
    """
    doc: dict[str, Any] = {}
    for key, value in raw.items():
        shape = SHAPES.get(key)
        if shape is None or isinstance(value, shape):
            doc[key] = value
        else:
            logger.warning("user document: %r holds a %s; ignored", key, type(value).__name__)
    return doc  # type: ignore[return-value]  # the loop above is the check TypedDict cannot express
