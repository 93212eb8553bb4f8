"""Prevention reminders: /reminders settings (edited in place), /pause, /timezone, reminder buttons.

callback_data layouts (prefixes in handlers/callbacks.py):

    rm1:home | rm1:menu          settings overview: new message | edit the tapped one
    rm1:o:<kind>                 an offer of one reminder (e.g. relief's evening stretch): new message;
                                 the first time only that kind is switched on
    rm1:t:<kind>                 switch a kind on/off
    rm1:p:<kind>                 time picker for stretch/food; rm1:s:<kind>:<HHMM> sets it
    rm1:w                        hydration window picker; rm1:sw:<HH>:<HH> sets it
    rm1:i                        hydration interval picker; rm1:si:<hours> sets it
    rm1:q                        quiet-hours picker; rm1:sq:<HH>:<HH> | rm1:sq:off sets it
    rm1:z:<days>                 pause for 1 or 7 days; 0 resumes
    rn1:d:<kind>[:<slot>]        on a reminder: done (once per slot id, see scheduler.service.slot_id)
    rn1:z|o|u:<kind>             on a reminder: snooze 30 min, turn off, undo turn off
    tz1:ask[:<kind>]             full time-zone picker (edits the tapped message)
    tz1:loc[:<kind>]             ask for the location (reply keyboard)
    tz1:set:<IANA zone>[:<kind>] pick a zone from the short list
    tz1:no                       "Not now" at onboarding

The schedule itself lives in `scheduler.ReminderService`; every change here is a store
write that the service's index picks up at once through the store listener.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.services import services
from handlers import texts
from handlers.errors import is_not_modified
from handlers.callbacks import (
    MENU,
    REMINDER_BUTTONS,
    REMINDER_SETTINGS,
    TIMEZONE,
    CallbackDataError,
    pack,
    parse,
    pattern,
)
from handlers.menu import add_command, add_menu_button, add_onboarding_step, add_settings_button
from scheduler import Due, ReminderService, Subscriber
from scheduler.content import TipLine
from scheduler.index import valid_zone, zone
from scheduler.model import (
    KINDS,
    HYDRATION_INTERVALS_H,
    SettingsError,
    is_quiet,
    kind_minutes,
    parse_hhmm,
    parse_utc,
    validate_kind,
)
from scheduler.service import ClockLike, slot_id
from scheduler.tz import COMMON_ZONES, parse_timezone, timezone_from_location
from scheduler.upcoming import quiet_clash, safe_quiet

logger = logging.getLogger(__name__)

Screen = tuple[str, InlineKeyboardMarkup]

TIME_CHOICES: dict[str, tuple[str, ...]] = {
    "stretch": ("19:00", "19:30", "20:00", "20:30", "21:00", "21:30", "22:00", "22:30", "23:00", "23:30"),
    "food": ("08:00", "09:00", "10:00", "11:00", "12:00", "12:30", "13:00", "14:00", "16:00", "18:00", "19:00", "20:00"),
}
WINDOW_CHOICES: tuple[tuple[str, str], ...] = (
    ("07:00", "19:00"), ("08:00", "20:00"), ("08:00", "22:00"), ("09:00", "21:00"), ("10:00", "22:00"),
)
QUIET_CHOICES: tuple[tuple[str, str] | None, ...] = (None, ("22:00", "07:00"), ("23:00", "08:00"), ("21:00", "09:00"))
PAUSE_CHOICES_DAYS = (1, 7)
# Buttons of other features that offer one kind of reminder but carry our generic data
# (relief picks our settings button's data): the tapped button's text says which offer it was.
# Once relief sends offer_button_data("stretch") itself this mapping is only a fallback.
OFFER_BUTTON_TEXTS: dict[str, str] = {texts.RELIEF_REMINDER_BUTTON: "stretch"}
# People asked for their zone; a text from them is tried as a zone first (for an hour).
AWAITING_TZ_KEY = "reminders_awaiting_tz"
ZONE_ASK_TTL = timedelta(hours=1)
_SLOT_ID = re.compile(r"^s?\d{10}$")


# --- people asked for their zone ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Ask:
    at: datetime
    offer: str | None


class ZoneAsks:
    """Who was asked for a time zone lately, and which offer (if any) brought them.

    In memory only (a restart just means typing /timezone), bounded by age: entries older
    than ``ttl`` are dropped as new ones come in, and a deleted person (/forget) is dropped at once.
    """

    def __init__(self, clock: ClockLike, ttl: timedelta = ZONE_ASK_TTL) -> None:
        self.clock = clock
        self.ttl = ttl
        self._asks: dict[int, _Ask] = {}  # in order of asking: the oldest come first

    def __len__(self) -> int:
        return len(self._asks)

    def ask(self, user_id: int, offer: str | None = None) -> None:
        now = self.clock.now()
        self._asks.pop(user_id, None)  # re-insert at the end so the dict stays in time order
        self._asks[user_id] = _Ask(now, offer)
        self._drop_expired(now)

    def is_asked(self, user_id: int) -> bool:
        entry = self._asks.get(user_id)
        return entry is not None and self.clock.now() - entry.at < self.ttl

    def take(self, user_id: int) -> str | None:
        """Stop waiting for this person; returns the offer they came from (if still fresh)."""
        entry = self._asks.pop(user_id, None)
        if entry is None or self.clock.now() - entry.at >= self.ttl:
            return None
        return entry.offer

    def forget(self, user_id: int) -> None:
        self._asks.pop(user_id, None)

    def on_store_change(self, user_id: int, doc: dict[str, Any] | None) -> None:
        """Store listener: a deleted person (/forget) is no longer waited for."""
        if doc is None:
            self.forget(user_id)

    def _drop_expired(self, now: datetime) -> None:
        while self._asks:
            oldest = next(iter(self._asks))
            if now - self._asks[oldest].at < self.ttl:
                return
            del self._asks[oldest]


# --- helpers ----------------------------------------------------------------------------------
def reminder_service(context: Any) -> ReminderService:
    return services(context).reminders


def offer_button_data(kind: str) -> str:
    """callback_data for another feature's "remind me to <kind>" button (opens a new message)."""
    return pack(REMINDER_SETTINGS, "o", validate_kind(kind))


def zone_label(tz: str) -> str:
    """Etc/GMT-3 means UTC+3 (POSIX signs); show what people expect."""
    if tz.startswith("Etc/GMT") and len(tz) > 7:
        sign = "+" if tz[7] == "-" else "-"
        return f"UTC{sign}{tz[8:]}"
    return tz.replace("_", " ")


def _ensure_user(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    svc = services(context)
    svc.store.ensure_user(user.id, chat.id, svc.clock.now())
    return user.id


def _local(rem: ReminderService, user_id: int, moment: datetime | None = None) -> datetime:
    return (moment or rem.clock.now()).astimezone(zone(rem.timezone_of(user_id)))


# --- the reminder message and its buttons ----------------------------------------------------------
def render_reminder(item: Due, sub: Subscriber, lines: list[TipLine]) -> tuple[str, InlineKeyboardMarkup]:
    """Text and buttons of one reminder (installed as the service's renderer)."""
    if lines:
        text = texts.reminder_message(item.kind, [line.html for line in lines], [line.hold_seconds for line in lines])
    else:
        text = texts.REMINDER_HEADLINES[item.kind]
    return text, reminder_keyboard(item.kind, slot_id(item))


def reminder_keyboard(kind: str, slot: str | None = None) -> InlineKeyboardMarkup:
    done = pack(REMINDER_BUTTONS, "d", kind, slot) if slot else pack(REMINDER_BUTTONS, "d", kind)
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(texts.REMINDER_DONE, callback_data=done),
                InlineKeyboardButton(texts.REMINDER_SNOOZE, callback_data=pack(REMINDER_BUTTONS, "z", kind)),
            ],
            [InlineKeyboardButton(texts.REMINDER_OFF, callback_data=pack(REMINDER_BUTTONS, "o", kind))],
        ]
    )


def _parse_reminder_button(data: str | None) -> tuple[str, str, str | None]:
    """rn1:<action>:<kind>[:<slot>] -> (action, kind, slot); raises on anything else."""
    _, parts = parse(data)
    if len(parts) not in (2, 3):
        raise CallbackDataError(f"bad reminder button {data!r}")
    slot = parts[2] if len(parts) == 3 else None
    if slot is not None and (parts[0] != "d" or not _SLOT_ID.match(slot)):
        raise CallbackDataError(f"bad reminder slot {data!r}")
    return parts[0], validate_kind(parts[1]), slot


async def reminder_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """rn1:<action>:<kind> on a sent reminder: log done, snooze, turn off, undo."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    try:
        action, kind, slot = _parse_reminder_button(query.data)
    except (CallbackDataError, ValueError):
        await query.answer(texts.STALE_BUTTON)
        return
    rem, user_id = reminder_service(context), update.effective_user.id
    if services(context).store.get(user_id) is None:
        # From before /forget: acting on it would quietly rebuild a record they deleted.
        await query.answer(texts.STALE_BUTTON)
        if isinstance(query.message, Message):
            await query.message.edit_reply_markup(None)
        return
    if action == "d":
        # A double tap reaches us twice before the first edit removes the button: count it once.
        repeated = slot is not None and rem.was_done(user_id, kind, slot)
        count = rem.done(user_id, kind, slot)
        if repeated:
            await query.answer(texts.reminder_already_done_answer(kind, count))
            return
        await query.answer(texts.reminder_done_answer(kind, count))
        await _append_line(query.message, texts.reminder_done_line(kind, count), None)
    elif action == "z":
        due = rem.snooze(user_id, kind)
        await query.answer(texts.REMINDER_SNOOZE_ANSWER)
        await _append_line(query.message, texts.reminder_snoozed(_local(rem, user_id, due).strftime("%H:%M")), None)
    elif action == "o":
        rem.turn_off(user_id, kind)
        await query.answer(texts.REMINDER_OFF_ANSWER)
        undo = InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(texts.REMINDER_UNDO_OFF, callback_data=pack(REMINDER_BUTTONS, "u", kind))],
                [InlineKeyboardButton(texts.REMINDER_SETTINGS_BUTTON, callback_data=pack(REMINDER_SETTINGS, "home"))],
            ]
        )
        await _append_line(query.message, texts.reminder_turned_off(kind), undo)
    elif action == "u":
        rem.set_kind_on(user_id, kind, True)
        await query.answer(texts.REMINDER_ON_ANSWER)
        await _append_line(query.message, texts.reminder_turned_on(kind), None, replace_last=True)
    else:
        await query.answer(texts.STALE_BUTTON)


async def _append_line(
    message: Any, line: str, markup: InlineKeyboardMarkup | None, replace_last: bool = False
) -> None:
    """Edit the reminder in place: its text plus one status line, new (or no) buttons."""
    if not isinstance(message, Message):
        return
    body = message.text_html or ""
    if replace_last and "\n\n" in body:
        body = body.rsplit("\n\n", 1)[0]
    try:
        await message.edit_text(f"{body}\n\n{line}", reply_markup=markup)
    except BadRequest as exc:
        if not is_not_modified(exc):  # a double tap is fine; anything else is a real error
            raise


# --- /reminders overview -----------------------------------------------------------------------
def _when(kind: str, cfg: dict[str, Any]) -> str:
    return texts.hydration_when(cfg["start"], cfg["end"], cfg["every_h"]) if kind == "hydration" else str(cfg["time"])


def _quiet_warning(kind: str, cfg: dict[str, Any], quiet: Any) -> str:
    """Why a switched-on setting may never (or not always) be sent: quiet hours swallow it."""
    clash = quiet_clash(validate_kind(kind), cfg, quiet)
    if clash.all_inside:
        return texts.QUIET_ALL_WARNING
    if clash.inside:
        return texts.quiet_some_warning(clash.inside, clash.total)
    return ""


def next_line(rem: ReminderService, user_id: int) -> str:
    """ "Next: 💧 today 13:00" — what the person will really get next."""
    upcoming = rem.next_reminder(user_id)
    if upcoming is None:
        return texts.NEXT_NONE_LINE
    days = (upcoming.local.date() - _local(rem, user_id).date()).days
    day = texts.DAY_TODAY if days == 0 else texts.DAY_TOMORROW if days == 1 else upcoming.local.strftime("%a")
    return texts.next_reminder_line(upcoming.kind, day, upcoming.local.strftime("%H:%M"))


def overview(rem: ReminderService, user_id: int, note: str = "") -> Screen:
    settings = rem.settings_of(user_id)
    reminders = settings["reminders"]
    tz = settings["tz"] or rem.default_tz
    local_now = _local(rem, user_id)
    lines = []
    for kind in KINDS:
        cfg = reminders[kind]
        warning = _quiet_warning(kind, cfg, settings["quiet"])
        lines.append(texts.reminder_kind_line(kind, cfg["on"], _when(kind, cfg), warning))
    quiet = _quiet_label(settings["quiet"])
    paused_until = _pause_label(rem, user_id, settings["pause_until"])
    text = texts.reminders_overview(
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
            when = texts.hydration_short(cfg["start"], cfg["end"], cfg["every_h"]) if kind == "hydration" else cfg["time"]
            parts.append(texts.started_part(kind, when))
    text = texts.reminders_started(parts, next_line(rem, user_id), water_on=reminders["hydration"]["on"])
    if note:
        text = f"{note}\n{text}"
    tz = settings["tz"] or rem.default_tz
    return text, overview_keyboard(reminders, _quiet_label(settings["quiet"]), False, tz)


def _quiet_label(quiet: Any) -> str | None:
    if not isinstance(quiet, dict):
        return None
    return f"{quiet['start']}–{quiet['end']}"


def _pause_label(rem: ReminderService, user_id: int, pause_until: Any) -> str | None:
    if not isinstance(pause_until, str):
        return None
    until = parse_utc(pause_until)
    if until <= rem.clock.now():
        return None
    return _local(rem, user_id, until).strftime("%a %d %b, %H:%M")


def _settings_button(text: str, *parts: str | int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=pack(REMINDER_SETTINGS, *parts))


def overview_keyboard(reminders: dict[str, Any], quiet: str | None, paused: bool, tz: str) -> InlineKeyboardMarkup:
    button = _settings_button
    hydration = reminders["hydration"]
    rows = [
        [button(texts.reminder_toggle_button("hydration", hydration["on"]), "t", "hydration", int(not hydration["on"]))],
        [
            button(texts.reminder_time_button("hydration", f"{hydration['start']}–{hydration['end']}"), "w"),
            button(texts.reminder_interval_button(hydration["every_h"]), "i"),
        ],
    ]
    for kind in ("stretch", "food"):
        rows.append(
            [
                button(texts.reminder_toggle_button(kind, reminders[kind]["on"]), "t", kind, int(not reminders[kind]["on"])),
                button(texts.reminder_time_button(kind, reminders[kind]["time"]), "p", kind),
            ]
        )
    rows.append([button(texts.quiet_button(quiet), "q")])
    if paused:
        rows.append([button(texts.RESUME_BUTTON, "z", 0)])
    else:
        rows.append([button(texts.PAUSE_DAY_BUTTON, "z", 1), button(texts.PAUSE_WEEK_BUTTON, "z", 7)])
    rows.append([InlineKeyboardButton(texts.timezone_button(zone_label(tz)), callback_data=pack(TIMEZONE, "ask"))])
    rows.append([InlineKeyboardButton(texts.MENU_BUTTON, callback_data=pack(MENU, "home"))])
    return InlineKeyboardMarkup(rows)


async def reminders_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reminders: the overview, or the time-zone question first if we don't know the zone yet."""
    assert update.effective_message is not None
    user_id = _ensure_user(update, context)
    text, markup = _entry_screen(context, user_id)
    await update.effective_message.reply_text(text, reply_markup=markup)


def _entry_screen(context: ContextTypes.DEFAULT_TYPE, user_id: int, offer: str | None = None) -> Screen:
    rem = reminder_service(context)
    settings = rem.settings_of(user_id)
    if settings["tz"] is None:
        _awaiting(context).ask(user_id, offer)
        prompt = texts.timezone_prompt_for(offer) if offer else texts.TIMEZONE_PROMPT
        return prompt, timezone_keyboard(offer)
    if not settings["enabled"]:
        rem.set_timezone(user_id, settings["tz"], only=offer)  # the first visit switches reminders on
        return started_screen(rem, user_id)
    return overview(rem, user_id, _apply_offer(rem, user_id, offer))


def _apply_offer(rem: ReminderService, user_id: int, offer: str | None) -> str:
    """Someone already set up tapped an offer of one kind: switch it on if it is off, and say so."""
    if offer is None:
        return ""
    cfg = rem.settings_of(user_id)["reminders"][offer]
    if cfg["on"]:
        return ""
    rem.set_kind_on(user_id, offer, True)
    return texts.offer_turned_on(offer, _when(offer, cfg))


def _offer_of(query: CallbackQuery, parts: list[str]) -> str | None:
    """The one kind a tapped offer is about: from our own offer data, else from the button's text."""
    if parts[:1] == ["o"]:
        return validate_kind(parts[1])
    message = query.message
    markup = message.reply_markup if isinstance(message, Message) else None
    for row in markup.inline_keyboard if markup is not None else ():
        for tapped in row:
            if tapped.callback_data == query.data and tapped.text in OFFER_BUTTON_TEXTS:
                return OFFER_BUTTON_TEXTS[tapped.text]
    return None


async def settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """rm1:…: every change edits the overview in place."""
    query = update.callback_query
    assert query is not None
    user_id = _ensure_user(update, context)
    rem = reminder_service(context)
    try:
        _, parts = parse(query.data)
        action = parts[0] if parts else "home"
        offer = _offer_of(query, parts)
        screen = None if offer is not None else _apply_setting(rem, user_id, action, parts[1:])
    except (CallbackDataError, SettingsError, ValueError, IndexError):
        await query.answer(texts.STALE_BUTTON)
        return
    warning = _quiet_time_warning(rem, user_id, action, parts[1:])
    if warning:
        await query.answer(warning, show_alert=True)
    else:
        await query.answer(texts.SETTING_SAVED if action not in ("home", "menu", "o", "p", "w", "i", "q") else None)
    if screen is None:
        screen = _entry_screen(context, user_id, offer)
    text, markup = screen
    if action in ("home", "o") or offer is not None or not isinstance(query.message, Message):
        # From another feature's message (an answer, a check result): keep it, open a new one.
        await context.bot.send_message(user_id, text, reply_markup=markup)
        return
    await _edit(query.message, text, markup)


def _quiet_time_warning(rem: ReminderService, user_id: int, action: str, args: list[str]) -> str:
    """After picking a stretch/food time inside quiet hours: say plainly it won't be sent."""
    if action != "s":
        return ""
    settings = rem.settings_of(user_id)
    hhmm = settings["reminders"][args[0]]["time"]
    quiet = safe_quiet(settings["quiet"])
    if quiet is None or not is_quiet(quiet, parse_hhmm(hhmm)):
        return ""
    return texts.quiet_time_answer(hhmm, _quiet_label(settings["quiet"]) or "")


def _apply_setting(rem: ReminderService, user_id: int, action: str, args: list[str]) -> Screen | None:
    """Apply one settings tap; returns the screen to show (None: the entry screen)."""
    settings = rem.settings_of(user_id)
    reminders = settings["reminders"]
    if action in ("home", "menu"):
        return None
    if action == "t":
        kind = validate_kind(args[0])
        # The button says what it does (t:<kind>:1 = on); a double tap then can't undo itself.
        # Older buttons without the target still flip.
        target = args[1] == "1" if len(args) > 1 else not reminders[kind]["on"]
        rem.set_kind_on(user_id, kind, target)
    elif action == "p":
        kind = validate_kind(args[0])
        return time_picker(kind, reminders[kind].get("time"), settings["quiet"])
    elif action == "s":
        kind, hhmm = validate_kind(args[0]), f"{args[1][:2]}:{args[1][2:]}"
        if hhmm not in TIME_CHOICES.get(kind, ()):
            raise SettingsError("not an offered time")
        rem.set_kind_time(user_id, kind, hhmm)
        rem.set_kind_on(user_id, kind, True)
    elif action == "w":
        return window_picker(reminders["hydration"], settings["quiet"])
    elif action == "sw":
        start, end = f"{args[0]}:00", f"{args[1]}:00"
        if (start, end) not in WINDOW_CHOICES:
            raise SettingsError("not an offered window")
        rem.set_hydration_window(user_id, start=start, end=end)
    elif action == "i":
        return interval_picker(reminders["hydration"])
    elif action == "si":
        every_h = int(args[0])
        if every_h not in HYDRATION_INTERVALS_H:
            raise SettingsError("not an offered interval")
        rem.set_hydration_window(user_id, every_h=every_h)
    elif action == "q":
        return quiet_picker(_quiet_label(settings["quiet"]))
    elif action == "sq":
        choice = None if args[0] == "off" else (f"{args[0]}:00", f"{args[1]}:00")
        if choice not in QUIET_CHOICES:
            raise SettingsError("not offered quiet hours")
        rem.set_quiet(user_id, *(choice or (None, None)))
    elif action == "z":
        days = int(args[0])
        if days not in (0, *PAUSE_CHOICES_DAYS):
            raise SettingsError("not an offered pause")
        rem.pause(user_id, timedelta(days=days) if days else None)
    else:
        raise SettingsError(f"unknown action {action!r}")
    return overview(rem, user_id)


def _picker(buttons: list[InlineKeyboardButton], per_row: int) -> InlineKeyboardMarkup:
    rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
    rows.append([_settings_button(texts.BACK_BUTTON, "menu")])
    return InlineKeyboardMarkup(rows)


def time_picker(kind: str, current: str | None = None, quiet_raw: Any = None) -> Screen:
    choices = TIME_CHOICES.get(kind)
    if choices is None:
        raise SettingsError("this kind has no single time")
    quiet = safe_quiet(quiet_raw)
    buttons = [
        _settings_button(
            texts.choice_label(hhmm, hhmm == current, is_quiet(quiet, parse_hhmm(hhmm))), "s", kind, hhmm.replace(":", "")
        )
        for hhmm in choices
    ]
    return texts.pick_time_prompt(kind, _quiet_label(quiet_raw)), _picker(buttons, 4)


def window_picker(hydration: dict[str, Any] | None = None, quiet_raw: Any = None) -> Screen:
    current = (hydration["start"], hydration["end"]) if hydration else None
    buttons = [
        _settings_button(texts.choice_label(f"{start}–{end}", (start, end) == current), "sw", start[:2], end[:2])
        for start, end in WINDOW_CHOICES
    ]
    return texts.PICK_WINDOW_PROMPT, _picker(buttons, 1)


def interval_picker(hydration: dict[str, Any]) -> Screen:
    """Every choice says how many reminders a day it means in the current window."""
    buttons = [
        _settings_button(
            texts.interval_choice(hours, len(kind_minutes("hydration", {**hydration, "on": True, "every_h": hours})),
                                  hours == hydration["every_h"]),
            "si",
            hours,
        )
        for hours in HYDRATION_INTERVALS_H
    ]
    return texts.PICK_INTERVAL_PROMPT, _picker(buttons, 2)


def quiet_picker(current: str | None) -> Screen:
    buttons = []
    for choice in QUIET_CHOICES:
        if choice is None:
            buttons.append(_settings_button(texts.choice_label(texts.QUIET_OFF_CHOICE, current is None), "sq", "off"))
        else:
            label = f"{choice[0]}–{choice[1]}"
            buttons.append(_settings_button(texts.choice_label(label, label == current), "sq", choice[0][:2], choice[1][:2]))
    return texts.PICK_QUIET_PROMPT, _picker(buttons, 1)


async def _edit(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> None:
    try:
        await message.edit_text(text, reply_markup=markup)
    except BadRequest as exc:
        if not is_not_modified(exc):  # a double tap is fine; anything else is a real error
            raise


# --- /pause ------------------------------------------------------------------------------------
async def pause_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/pause day | week | off — or, without an argument, buttons."""
    assert update.effective_message is not None
    user_id = _ensure_user(update, context)
    rem = reminder_service(context)
    arg = (context.args or [""])[0].lower()
    days = {"day": 1, "1": 1, "week": 7, "7": 7, "off": 0, "resume": 0}.get(arg)
    if days is None:
        rows = [
            [_settings_button(texts.PAUSE_DAY_BUTTON, "z", 1), _settings_button(texts.PAUSE_WEEK_BUTTON, "z", 7)],
            [_settings_button(texts.RESUME_BUTTON, "z", 0)],
        ]
        await update.effective_message.reply_text(texts.PAUSE_USAGE, reply_markup=InlineKeyboardMarkup(rows))
        return
    until = rem.pause(user_id, timedelta(days=days) if days else None)
    if until is None:
        await update.effective_message.reply_text(texts.RESUMED)
    else:
        await update.effective_message.reply_text(texts.paused(_local(rem, user_id, until).strftime("%a %d %b, %H:%M")))


# --- time zone ---------------------------------------------------------------------------------
def _tz_data(action: str, *parts: str, offer: str | None = None) -> str:
    return pack(TIMEZONE, action, *parts, *((offer,) if offer else ()))


def timezone_keyboard(offer: str | None = None) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(zone_label(tz), callback_data=_tz_data("set", tz, offer=offer)) for tz in COMMON_ZONES
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([InlineKeyboardButton(texts.SHARE_LOCATION_BUTTON, callback_data=_tz_data("loc", offer=offer))])
    rows.append([InlineKeyboardButton(texts.MENU_BUTTON, callback_data=pack(MENU, "home"))])
    return InlineKeyboardMarkup(rows)


def onboarding_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(texts.PICK_ZONE_BUTTON, callback_data=pack(TIMEZONE, "ask"))],
            [
                InlineKeyboardButton(texts.ONBOARDING_LOCATION_BUTTON, callback_data=pack(TIMEZONE, "loc")),
                InlineKeyboardButton(texts.NOT_NOW_BUTTON, callback_data=pack(TIMEZONE, "no")),
            ],
        ]
    )


def location_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(texts.SHARE_LOCATION_BUTTON, request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def _awaiting(context: Any) -> ZoneAsks:
    asks = context.bot_data.get(AWAITING_TZ_KEY)
    if not isinstance(asks, ZoneAsks):
        asks = context.bot_data[AWAITING_TZ_KEY] = ZoneAsks(services(context).clock)
    return asks


async def onboarding_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The onboarding step: one short question with three buttons; typing a city works too."""
    assert update.effective_message is not None
    user_id = _ensure_user(update, context)
    _awaiting(context).ask(user_id)
    await update.effective_message.reply_text(texts.TIMEZONE_ONBOARDING, reply_markup=onboarding_keyboard())


async def ask_timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The full zone picker in a new message (/timezone without an argument)."""
    assert update.effective_message is not None
    user_id = _ensure_user(update, context)
    _awaiting(context).ask(user_id)
    await update.effective_message.reply_text(texts.TIMEZONE_PROMPT, reply_markup=timezone_keyboard())


async def timezone_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/timezone [city | zone | offset]: set directly, or ask."""
    assert update.effective_message is not None
    if context.args:
        user_id = _ensure_user(update, context)
        await _set_typed_zone(update, context, user_id, " ".join(context.args))
        return
    await ask_timezone(update, context)


def _parse_timezone_button(data: str | None) -> tuple[str, str | None, str | None]:
    """tz1:<action>[:<zone>][:<offer kind>] -> (action, zone, offer)."""
    _, parts = parse(data)
    if not parts:
        raise CallbackDataError("no action")
    action, rest = parts[0], parts[1:]
    tz = rest.pop(0) if action == "set" and rest else None
    if action == "set" and tz not in COMMON_ZONES:
        raise CallbackDataError(f"not an offered zone: {tz!r}")
    offer = validate_kind(rest.pop(0)) if rest else None
    if rest or action not in ("set", "ask", "loc", "no"):
        raise CallbackDataError(f"bad time-zone button {data!r}")
    return action, tz, offer


async def timezone_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    user_id = _ensure_user(update, context)
    try:
        action, tz, offer = _parse_timezone_button(query.data)
    except (CallbackDataError, ValueError):
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    asks, message = _awaiting(context), query.message
    if action == "set" and tz is not None:
        offer = asks.take(user_id) if offer is None else offer
        asks.forget(user_id)
        text, markup = zone_screen(reminder_service(context), user_id, tz, offer, with_note=True)
        if isinstance(message, Message):
            await _edit(message, text, markup)
    elif action == "ask":
        asks.ask(user_id, offer)
        if isinstance(message, Message):
            prompt = texts.timezone_prompt_for(offer) if offer else texts.TIMEZONE_PROMPT
            await _edit(message, prompt, timezone_keyboard(offer))
    elif action == "loc":
        asks.ask(user_id, offer)
        await context.bot.send_message(user_id, texts.SHARE_LOCATION_PROMPT, reply_markup=location_keyboard())
    elif action == "no":
        asks.forget(user_id)
        if isinstance(message, Message):
            await _edit(message, texts.TIMEZONE_NOT_NOW, None)


def zone_screen(rem: ReminderService, user_id: int, tz: str, offer: str | None, with_note: bool) -> Screen:
    """Set the zone; the first time show what was switched on, else the overview."""
    first_time = rem.set_timezone(user_id, tz, only=offer)
    note = _zone_note(rem, user_id) if with_note else ""
    if first_time:
        return started_screen(rem, user_id, note)
    offered = _apply_offer(rem, user_id, offer)
    return overview(rem, user_id, "\n".join(part for part in (note, offered) if part))


def _zone_note(rem: ReminderService, user_id: int) -> str:
    tz = rem.timezone_of(user_id)
    return texts.timezone_set(zone_label(tz), _local(rem, user_id).strftime("%H:%M"))


async def location_shared(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A shared location: find the zone offline; the location itself is not stored."""
    message = update.effective_message
    assert message is not None and message.location is not None
    user_id = _ensure_user(update, context)
    # timezonefinder loads its data on first use (~0.5 s): keep the event loop free meanwhile.
    tz = await asyncio.to_thread(timezone_from_location, message.location.latitude, message.location.longitude)
    if tz is None:
        await message.reply_text(texts.LOCATION_NOT_FOUND, reply_markup=ReplyKeyboardRemove())
        return
    await _confirm_zone(update, context, user_id, tz)


async def typed_timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_message.text is not None
    user_id = _ensure_user(update, context)
    await _set_typed_zone(update, context, user_id, update.effective_message.text)


async def _set_typed_zone(update: Update, context: ContextTypes.DEFAULT_TYPE, user_id: int, typed: str) -> None:
    assert update.effective_message is not None
    tz = parse_timezone(typed)
    if tz is None:
        await update.effective_message.reply_text(texts.TIMEZONE_NOT_FOUND, reply_markup=timezone_keyboard())
        return
    await _confirm_zone(update, context, user_id, tz)


async def _confirm_zone(update: Update, context: ContextTypes.DEFAULT_TYPE, user_id: int, tz: str) -> None:
    assert update.effective_message is not None and valid_zone(tz)
    rem = reminder_service(context)
    offer = _awaiting(context).take(user_id)
    text, markup = zone_screen(rem, user_id, tz, offer, with_note=False)
    # Two messages: one takes the location keyboard away, the other holds the inline settings.
    await update.effective_message.reply_text(_zone_note(rem, user_id), reply_markup=ReplyKeyboardRemove())
    await update.effective_message.reply_text(text, reply_markup=markup)


class _AwaitingZoneText(filters.MessageFilter):
    """Text from someone we asked for a zone that looks like an answer, not a question."""

    def __init__(self, awaiting: ZoneAsks) -> None:
        super().__init__(name="AwaitingZoneText")
        self.awaiting = awaiting

    def filter(self, message: Message) -> bool:
        if message.from_user is None or not message.text or not self.awaiting.is_asked(message.from_user.id):
            return False
        # Only a recognisable zone is taken here: anything else (a question, "my calf is swollen")
        # goes on to the question handler and its red-flag screening.
        return parse_timezone(message.text.strip()) is not None


# --- wiring ------------------------------------------------------------------------------------
def register(app: Application) -> None:  # type: ignore[type-arg]
    rem = reminder_service(app)
    rem.renderer = render_reminder
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("reminders", reminders_command, filters=private))
    app.add_handler(CommandHandler("pause", pause_command, filters=private))
    app.add_handler(CommandHandler("timezone", timezone_command, filters=private))
    app.add_handler(CallbackQueryHandler(settings_button, pattern=pattern(REMINDER_SETTINGS)))
    app.add_handler(CallbackQueryHandler(reminder_button, pattern=pattern(REMINDER_BUTTONS)))
    app.add_handler(CallbackQueryHandler(timezone_button, pattern=pattern(TIMEZONE)))
    app.add_handler(MessageHandler(filters.LOCATION & private, location_shared))
    awaiting = _awaiting(app)
    # /forget deletes the document: the store tells us, so nobody is waited for after it.
    services(app).store.add_listener(awaiting.on_store_change)
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & private & _AwaitingZoneText(awaiting), typed_timezone))
    add_menu_button(app, texts.REMINDERS_BUTTON, pack(REMINDER_SETTINGS, "menu"))
    add_settings_button(app, texts.REMINDERS_BUTTON, pack(REMINDER_SETTINGS, "menu"))
    add_settings_button(app, texts.TIMEZONE_SETTINGS_BUTTON, pack(TIMEZONE, "ask"))
    add_command(app, "reminders", "Reminders: water, stretch, food")
    add_command(app, "pause", "Pause reminders")
    add_command(app, "timezone", "Set your time zone")
    add_onboarding_step(app, onboarding_question)
