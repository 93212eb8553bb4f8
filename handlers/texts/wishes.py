"""Reminder wishes typed in plain words (handlers/reminder_wishes.py), confirmed in one line."""

from __future__ import annotations

from handlers.texts.reminders import REMINDER_KIND_NAMES

UNDO_BUTTON = "↩️ Undo"
UNDONE = "↩️ Undone — your reminders are as they were."
UNDONE_ANSWER = "Undone"
WISH_NOT_POSSIBLE = (
    "I can't set that one. Water can come every 1–4 hours inside a window that starts before it ends; "
    "/reminders shows every choice."
)
WISH_NOTHING_TO_SNOOZE = "There is no reminder to snooze yet. /reminders shows what is planned."


def _kind_name(kind: str) -> str:
    return REMINDER_KIND_NAMES[kind]


def wish_off(kinds: list[str], all_kinds: bool) -> str:
    if all_kinds:
        return "🔕 All reminders are off."
    names = " and ".join(_kind_name(kind) for kind in kinds)
    return f"🔕 {names}: off."


def wish_on(kind: str, when: str) -> str:
    return f"🔔 {_kind_name(kind)}: on — {when}."


def wish_on_many(parts: list[tuple[str, str]]) -> str:
    return "🔔 " + " · ".join(f"{_kind_name(kind)}: on — {when}" for kind, when in parts) + "."


def wish_water_times(times: list[str], every_h: int) -> str:
    """ "drink at 10": exactly when water now comes (the first at the time asked)."""
    if len(times) == 1:
        return f"🔔 {_kind_name('hydration')}: on, at {times[0]} every day."
    return f"🔔 {_kind_name('hydration')}: on, every {every_h} h from {times[0]}: {', '.join(times)}."


def wish_time(kind: str, shown: str) -> str:
    """The time as the person wrote it (9:30 pm, or 21:30)."""
    return f"🔔 {_kind_name(kind)}: on, at {shown} every day."


def wish_paused(until: str) -> str:
    return f"⏸ Reminders paused until {until}."


def wish_snoozed(kind: str, hhmm: str) -> str:
    return f"😴 {_kind_name(kind)} again at {hhmm}."


def time_set(kind: str, shown: str) -> str:
    """A time typed at a picker, confirmed in the person's format."""
    return f"🕒 {_kind_name(kind)}: {shown}."


def quiet_set(span: str) -> str:
    return f"🌙 Quiet hours: {span}."
