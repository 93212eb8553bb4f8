"""What /reminders and /timezone both show: the settings overview, the "reminders on" screen, helpers.

Shared by `handlers.reminders`, `handlers.reminder_pickers` and `handlers.timezone`, so neither
of those has to import the other's handlers. No handlers here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from handlers.callbacks import MENU, REMINDER_SETTINGS, TIMEZONE, pack
from handlers.i18n import short_day_time, tr, weekday_short, zone_label
from handlers.replies import is_not_modified
from handlers.services import services
from handlers.texts import common as common_texts
from handlers.texts import reminders as reminders_texts
from handlers.texts import timezone as timezone_texts
from scheduler import ReminderService
from scheduler.index import zone
from scheduler.model import KINDS, format_hhmm, kind_minutes, parse_utc, starter_reminders, validate_kind
from scheduler.upcoming import quiet_clash

Screen = tuple[str, InlineKeyboardMarkup]


# --- helpers ----------------------------------------------------------------------------------
def reminder_service(context: Any) -> ReminderService:
    return services(context).reminders


def ensure_user(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    svc = services(context)
    svc.store.ensure_user(user.id, chat.id, svc.clock.now())
    return user.id


def local_time(rem: ReminderService, user_id: int, moment: datetime | None = None) -> datetime:
    return (moment or rem.clock.now()).astimezone(zone(rem.timezone_of(user_id)))


async def edit_screen(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> None:
    try:
        await message.edit_text(text, reply_markup=markup)
    except BadRequest as exc:
        if not is_not_modified(exc):  # a double tap is fine; anything else is a real error
            raise


def settings_choice(text: str, *parts: str | int) -> InlineKeyboardButton:
    """A button whose data is one /reminders setting (rm1:<parts>)."""
    return InlineKeyboardButton(text, callback_data=pack(REMINDER_SETTINGS, *parts))


# --- /reminders overview -----------------------------------------------------------------------
def setting_when(kind: str, cfg: dict[str, Any]) -> str:
    if kind == "hydration":
        return reminders_texts.hydration_when(cfg["start"], cfg["end"], cfg["every_h"])
    return reminders_texts.weekly_when(cfg["time"]) if kind == "weekly" else str(cfg["time"])


def _quiet_warning(kind: str, cfg: dict[str, Any], quiet: Any) -> str:
    """Why a switched-on setting may never (or not always) be sent: quiet hours swallow it."""
    clash = quiet_clash(validate_kind(kind), cfg, quiet)
    if clash.all_inside:
        return tr(reminders_texts.QUIET_ALL_WARNING)
    if clash.inside:
        return reminders_texts.quiet_some_warning(clash.inside, clash.total)
    return ""


def next_line(rem: ReminderService, user_id: int) -> str:
    """ "Next: 💧 today 13:00" — what the person will really get next."""
    upcoming = rem.next_reminder(user_id)
    if upcoming is None:
        return tr(reminders_texts.NEXT_NONE_LINE)
    days = (upcoming.local.date() - local_time(rem, user_id).date()).days
    day = (
        tr(reminders_texts.DAY_TODAY)
        if days == 0
        else tr(reminders_texts.DAY_TOMORROW)
        if days == 1
        else weekday_short(upcoming.local)
    )
    return reminders_texts.next_reminder_line(upcoming.kind, day, upcoming.local.strftime("%H:%M"))


def overview(rem: ReminderService, user_id: int, note: str = "") -> Screen:
    settings = rem.settings_of(user_id)
    reminders = settings["reminders"]
    tz = settings["tz"] or rem.default_tz
    local_now = local_time(rem, user_id)
    lines = []
    for kind in KINDS:
        cfg = reminders[kind]
        warning = _quiet_warning(kind, cfg, settings["quiet"])
        lines.append(reminders_texts.reminder_kind_line(kind, cfg["on"], setting_when(kind, cfg), warning))
    quiet = quiet_label(settings["quiet"])
    paused_until = _pause_label(rem, user_id, settings["pause_until"])
    text = reminders_texts.reminders_overview(
        zone_label(tz), local_now.strftime("%H:%M"), lines, quiet, paused_until, next_line(rem, user_id)
    )
    if note:
        text = f"{note}\n\n{text}"
    return text, overview_keyboard(reminders, quiet, paused_until is not None, tz)


def started_screen(rem: ReminderService, user_id: int, note: str = "") -> Screen:
    """Right after reminders were switched on: what is on in a line, what comes next, the settings."""
    settings = rem.settings_of(user_id)
    reminders = settings["reminders"]
    parts = []
    for kind in KINDS:
        cfg = reminders[kind]
        if cfg["on"]:
            when = (
                reminders_texts.hydration_short(cfg["start"], cfg["end"], cfg["every_h"])
                if kind == "hydration"
                else setting_when(kind, cfg)
            )
            parts.append(reminders_texts.started_part(kind, when))
    text = reminders_texts.reminders_started(parts, next_line(rem, user_id), water_on=reminders["hydration"]["on"])
    if note:
        text = f"{note}\n{text}"
    tz = settings["tz"] or rem.default_tz
    return text, overview_keyboard(reminders, quiet_label(settings["quiet"]), False, tz)


def quiet_label(quiet: Any) -> str | None:
    if not isinstance(quiet, dict):
        return None
    return f"{quiet['start']}–{quiet['end']}"


def _pause_label(rem: ReminderService, user_id: int, pause_until: Any) -> str | None:
    if not isinstance(pause_until, str):
        return None
    until = parse_utc(pause_until)
    if until <= rem.clock.now():
        return None
    return short_day_time(local_time(rem, user_id, until))


def overview_keyboard(reminders: dict[str, Any], quiet: str | None, paused: bool, tz: str) -> InlineKeyboardMarkup:
    button = settings_choice
    hydration = reminders["hydration"]
    rows = [
        [
            button(
                reminders_texts.reminder_toggle_button("hydration", hydration["on"]),
                "t",
                "hydration",
                int(not hydration["on"]),
            )
        ],
        [
            button(reminders_texts.reminder_time_button("hydration", f"{hydration['start']}–{hydration['end']}"), "w"),
            button(reminders_texts.reminder_interval_button(hydration["every_h"]), "i"),
        ],
    ]
    for kind in ("stretch", "food", "weekly"):
        rows.append(
            [
                button(
                    reminders_texts.reminder_toggle_button(kind, reminders[kind]["on"]),
                    "t",
                    kind,
                    int(not reminders[kind]["on"]),
                ),
                button(reminders_texts.reminder_time_button(kind, reminders[kind]["time"]), "p", kind),
            ]
        )
    rows.append([button(reminders_texts.quiet_button(quiet), "q")])
    if paused:
        rows.append([button(tr(reminders_texts.RESUME_BUTTON), "z", 0)])
    else:
        rows.append(
            [
                button(tr(reminders_texts.PAUSE_DAY_BUTTON), "z", 1),
                button(tr(reminders_texts.PAUSE_WEEK_BUTTON), "z", 7),
            ]
        )
    rows.append(
        [InlineKeyboardButton(reminders_texts.timezone_button(zone_label(tz)), callback_data=pack(TIMEZONE, "ask"))]
    )
    rows.append([InlineKeyboardButton(tr(common_texts.MENU_BUTTON), callback_data=pack(MENU, "home"))])
    return InlineKeyboardMarkup(rows)


def apply_offer(rem: ReminderService, user_id: int, offer: str | None) -> str:
    """Someone already set up tapped an offer of one kind: switch it on if it is off, and say so."""
    if offer is None:
        return ""
    cfg = rem.settings_of(user_id)["reminders"][offer]
    if cfg["on"]:
        return ""
    rem.set_kind_on(user_id, offer, True)
    return reminders_texts.offer_turned_on(offer, setting_when(offer, cfg))


# The recommended set asks a question (words.json "answers": "ok" turns these on, "no" leaves them off).
RECOMMENDED_QUESTION = "recommended"


def recommended_screen(rem: ReminderService, user_id: int, note: str = "") -> Screen:
    """The zone is known, nothing is on yet: the recommended set, each reminder at its exact local
    times, and one tap to turn them on (nothing starts without it)."""
    starter = starter_reminders(user_id=user_id)  # the times this person would get (spread per person)
    times = {kind: [format_hhmm(minute) for minute in kind_minutes(kind, starter[kind])] for kind in KINDS}
    lines = [
        reminders_texts.recommended_line(kind, found) for kind, found in times.items() if found
    ]  # opt-in kinds: off
    per_day = sum(len(found) for found in times.values())
    text = reminders_texts.recommended_reminders(lines, per_day)
    if note:
        text = f"{note}\n\n{text}"
    keyboard = InlineKeyboardMarkup(
        [
            [settings_choice(tr(reminders_texts.TURN_THESE_ON_BUTTON), "on", 1)],
            [settings_choice(tr(reminders_texts.CHOOSE_MY_OWN_BUTTON), "on", 0)],
            [InlineKeyboardButton(tr(timezone_texts.NOT_NOW_BUTTON), callback_data=pack(MENU, "home"))],
        ]
    )
    return text, keyboard
