"""Reminder wishes typed in plain words (handlers/reminder_wishes.py), confirmed in one line."""

from __future__ import annotations

from handlers.i18n import N_, tr
from handlers.texts.reminders import REMINDER_KIND_NAMES

UNDO_BUTTON = N_("↩️ Undo")
UNDONE = N_("↩️ Undone — your reminders are as they were.")
UNDONE_ANSWER = N_("Undone")
WISH_NOT_POSSIBLE = N_(
    "I can't set that one. Water can come every 1–4 hours inside a window that starts before it ends; "
    "/reminders shows every choice."
)
WISH_NOTHING_TO_SNOOZE = N_("There is no reminder to snooze yet. /reminders shows what is planned.")


def _kind_name(kind: str) -> str:
    return tr(REMINDER_KIND_NAMES[kind])


def wish_off(kinds: list[str], all_kinds: bool) -> str:
    if all_kinds:
        return tr("🔕 All reminders are off.")
    names = tr(" and ").join(_kind_name(kind) for kind in kinds)
    return tr("🔕 {kinds}: off.").format(kinds=names)


def wish_on(kind: str, when: str) -> str:
    return tr("🔔 {kind}: on — {when}.").format(kind=_kind_name(kind), when=when)


def wish_on_many(parts: list[tuple[str, str]]) -> str:
    each = tr("{kind}: on — {when}")
    return "🔔 " + " · ".join(each.format(kind=_kind_name(kind), when=when) for kind, when in parts) + "."


def wish_water_times(times: list[str], every_h: int) -> str:
    """ "drink at 10": exactly when water now comes (the first at the time asked)."""
    water = _kind_name("hydration")
    if len(times) == 1:
        return tr("🔔 {kind}: on, at {time} every day.").format(kind=water, time=times[0])
    every = tr("🔔 {kind}: on, every {hours} h from {time}: {times}.")
    return every.format(kind=water, hours=every_h, time=times[0], times=", ".join(times))


def wish_time(kind: str, shown: str) -> str:
    """The time as the person wrote it (9:30 pm, or 21:30)."""
    return tr("🔔 {kind}: on, at {time} every day.").format(kind=_kind_name(kind), time=shown)


def wish_paused(until: str) -> str:
    return tr("⏸ Reminders paused until {until}.").format(until=until)


def wish_snoozed(kind: str, hhmm: str) -> str:
    return tr("😴 {kind} again at {time}.").format(kind=_kind_name(kind), time=hhmm)


def time_set(kind: str, shown: str) -> str:
    """A time typed at a picker, confirmed in the person's format."""
    return f"🕒 {_kind_name(kind)}: {shown}."


def quiet_set(span: str) -> str:
    return tr("🌙 Quiet hours: {quiet}.").format(quiet=span)
