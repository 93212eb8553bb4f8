"""The diary's callback_data, decoded into typed presses (no Telegram imports).

    dy1:home | dy1:menu            the diary's first screen: new message | edit the tapped one
    dy1:w:<place>                  where (tap 1) -> "when?", with a fresh entry id in its buttons
    dy1:n:<id>:<place>:<when>      when (tap 2): now | night | today | a day yyyymmdd (tap 3) -> logged
    dy1:o:<id>:<place>             "another day…" -> the last seven days
    dy1:e:<id>                     an entry's edit screen (dy1:e:last: the newest entry)
    dy1:m:<id>                     move an entry: "where?" again, then mw / mo / mn as w / o / n above,
                                   with the entry's id: the entry gets the new place and time
    dy1:s:<id>:<severity>          how bad (toggles)
    dy1:b:<id>:<trigger>           what came before (toggles)
    dy1:t:<id>                     add a note (the next message is the note)
    dy1:x:<id> | dy1:xy:<id>       delete: ask | confirmed
    dy1:h:<page>                   history page
    dy1:c:<days>                   chart of 7 or 30 days (a new photo)
    dy1:i                          insights
    dy1:r                          the PDF report (a new document)
    dy1:k:0                        weekly summary off (on goes through the reminders' offer, rm1:o:weekly,
                                   which asks the time zone first when it is not known)

The entry id is made when "where" is tapped, so a double tap on "when" logs one entry, not two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from diary.entries import SEVERITIES, TRIGGERS
from diary.stats import WHEN_CHOICES
from handlers.callbacks import DIARY, CallbackDataError, pack, parse
from knowledge.models import PLACES

LAST = "last"
CHART_DAYS = (7, 30)
MAX_PAGE = 99
_ID_RE = re.compile(r"^(?:[0-9a-f]{6}|r[0-9a-f]{5})$")
_DAY_RE = re.compile(r"^\d{8}$")


class ForgedButton(ValueError):
    """Data no diary button could have carried."""


@dataclass(frozen=True)
class Press:
    """A decoded diary button: `action` is the code after the prefix, the rest as it applies."""

    action: str
    entry_id: str | None = None
    place: str | None = None
    value: str | None = None  # when / severity / trigger
    day: date | None = None  # a day picked from the last seven
    number: int | None = None  # page, chart days, weekly on/off


def data(action: str, *parts: str | int) -> str:
    return pack(DIARY, action, *parts)


def day_code(day: date) -> str:
    return day.strftime("%Y%m%d")


def decode(raw: str | None) -> Press:
    try:
        prefix, parts = parse(raw)
    except CallbackDataError as exc:
        raise ForgedButton(str(exc)) from exc
    if prefix != DIARY or not parts:
        raise ForgedButton(repr(raw))
    action, args = parts[0], parts[1:]
    press = _decode(action, args)
    if press is None:
        raise ForgedButton(repr(raw))
    return press


def _decode(action: str, args: list[str]) -> Press | None:
    if action in ("home", "menu", "i", "r") and not args:
        return Press(action)
    if action == "w" and len(args) == 1 and args[0] in PLACES:
        return Press(action, place=args[0])
    if action in ("o", "mw", "mo") and len(args) == 2 and _ID_RE.match(args[0]) and args[1] in PLACES:
        return Press(action, entry_id=args[0], place=args[1])
    if action in ("n", "mn") and len(args) == 3 and _ID_RE.match(args[0]) and args[1] in PLACES:
        return _when(action, args[0], args[1], args[2])
    last = args == [LAST] and action == "e"
    if action in ("e", "t", "x", "xy", "m") and len(args) == 1 and (_ID_RE.match(args[0]) or last):
        return Press(action, entry_id=args[0])
    if action == "s" and len(args) == 2 and _ID_RE.match(args[0]) and args[1] in SEVERITIES:
        return Press(action, entry_id=args[0], value=args[1])
    if action == "b" and len(args) == 2 and _ID_RE.match(args[0]) and args[1] in TRIGGERS:
        return Press(action, entry_id=args[0], value=args[1])
    if action in ("h", "c", "k") and len(args) == 1 and args[0].isdigit() and len(args[0]) <= 2:
        number = int(args[0])
        valid = {"h": number <= MAX_PAGE, "c": number in CHART_DAYS, "k": number == 0}[action]
        return Press(action, number=number) if valid else None
    return None


def _when(action: str, entry_id: str, place: str, when: str) -> Press | None:
    if when in WHEN_CHOICES:
        return Press(action, entry_id=entry_id, place=place, value=when)
    if _DAY_RE.match(when):
        try:
            day = date(int(when[:4]), int(when[4:6]), int(when[6:]))
        except ValueError:
            return None
        return Press(action, entry_id=entry_id, place=place, day=day)
    return None
