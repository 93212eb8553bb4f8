"""The /reminders pickers (edited in place) and the choices they offer.

    rm1:p:<kind>  time picker for stretch/food; rm1:s:<kind>:<HHMM> sets it (a typed time too:
                  handlers.reminder_wishes reads it while the picker is open)
    rm1:w         hydration window picker; rm1:sw:<HH>:<HH> sets it
    rm1:i         hydration interval picker; rm1:si:<hours> sets it
    rm1:q         quiet-hours picker; rm1:sq:<HH>:<HH> | rm1:sq:off sets it

Taps are applied in `handlers.reminders`, which checks every value against these choices.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.i18n import tr
from handlers.reminder_screens import Screen, quiet_label, settings_choice
from handlers.texts import reminders as reminders_texts
from scheduler.model import HYDRATION_INTERVALS_H, SettingsError, format_hhmm, is_quiet, kind_minutes, parse_hhmm
from scheduler.upcoming import safe_quiet


def _grid(first: str, last: str, step_minutes: int) -> tuple[str, ...]:
    return tuple(format_hhmm(minute) for minute in range(parse_hhmm(first), parse_hhmm(last) + 1, step_minutes))


# Quarter hours for the evening stretch, half hours for food; any other time can be typed.
TIME_CHOICES: dict[str, tuple[str, ...]] = {
    "stretch": _grid("19:00", "23:45", 15),
    "food": _grid("07:00", "20:00", 30),
    "weekly": ("09:00", "12:00", "17:00", "18:00", "19:00", "20:00", "21:00"),  # on Sundays
}
WINDOW_CHOICES: tuple[tuple[str, str], ...] = (
    ("07:00", "19:00"),
    ("08:00", "20:00"),
    ("08:00", "22:00"),
    ("09:00", "21:00"),
    ("10:00", "22:00"),
)
QUIET_CHOICES: tuple[tuple[str, str] | None, ...] = (None, ("22:00", "07:00"), ("23:00", "08:00"), ("21:00", "09:00"))


def _picker(buttons: list[InlineKeyboardButton], per_row: int) -> InlineKeyboardMarkup:
    rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
    rows.append([settings_choice(tr(reminders_texts.BACK_BUTTON), "menu")])
    return InlineKeyboardMarkup(rows)


def time_picker(kind: str, current: str | None = None, quiet_raw: Any = None) -> Screen:
    choices = TIME_CHOICES.get(kind)
    if choices is None:
        raise SettingsError("this kind has no single time")
    quiet = safe_quiet(quiet_raw)
    buttons = [
        settings_choice(
            reminders_texts.choice_label(hhmm, hhmm == current, is_quiet(quiet, parse_hhmm(hhmm))),
            "s",
            kind,
            hhmm.replace(":", ""),
        )
        for hhmm in choices
    ]
    return reminders_texts.pick_time_prompt(kind, quiet_label(quiet_raw)), _picker(buttons, 4)


def window_picker(hydration: dict[str, Any] | None = None, quiet_raw: Any = None) -> Screen:
    current = (hydration["start"], hydration["end"]) if hydration else None
    buttons = [
        settings_choice(
            reminders_texts.choice_label(f"{start}–{end}", (start, end) == current), "sw", start[:2], end[:2]
        )
        for start, end in WINDOW_CHOICES
    ]
    return tr(reminders_texts.PICK_WINDOW_PROMPT), _picker(buttons, 1)


def interval_picker(hydration: dict[str, Any]) -> Screen:
    """Every choice says how many reminders a day it means in the current window."""
    buttons = [
        settings_choice(
            reminders_texts.interval_choice(
                hours,
                len(kind_minutes("hydration", {**hydration, "on": True, "every_h": hours})),
                hours == hydration["every_h"],
            ),
            "si",
            hours,
        )
        for hours in HYDRATION_INTERVALS_H
    ]
    return tr(reminders_texts.PICK_INTERVAL_PROMPT), _picker(buttons, 2)


def quiet_picker(current: str | None) -> Screen:
    buttons = []
    for choice in QUIET_CHOICES:
        if choice is None:
            buttons.append(
                settings_choice(
                    reminders_texts.choice_label(tr(reminders_texts.QUIET_OFF_CHOICE), current is None), "sq", "off"
                )
            )
        else:
            label = f"{choice[0]}–{choice[1]}"
            buttons.append(
                settings_choice(
                    reminders_texts.choice_label(label, label == current), "sq", choice[0][:2], choice[1][:2]
                )
            )
    return tr(reminders_texts.PICK_QUIET_PROMPT), _picker(buttons, 1)
