"""Prevention reminders: /reminders settings (edited in place), /pause, /timezone, reminder buttons.

callback_data layouts (prefixes in handlers/callbacks.py):

    rm1:home | rm1:menu          settings overview: new message | edit the tapped one
    rm1:t:<kind>                 switch a kind on/off
    rm1:p:<kind>                 time picker for stretch/food; rm1:s:<kind>:<HHMM> sets it
    rm1:w                        hydration window picker; rm1:sw:<HH>:<HH> sets it
    rm1:i                        next hydration interval (1, 2, 3, 4 h)
    rm1:q                        next quiet-hours preset
    rm1:z:<days>                 pause for 1 or 7 days; 0 resumes
    rn1:d|z|o|u:<kind>           on a reminder: done, snooze 30 min, turn off, undo turn off
    tz1:ask | tz1:loc            time-zone picker | ask for the location (reply keyboard)
    tz1:set:<IANA zone>          pick a zone from the short list

The schedule itself lives in `scheduler.ReminderService`; every change here is a store
write that the service's index picks up at once through the store listener.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

from telegram import (
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

from bot.services import Services, services
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
from scheduler.model import KINDS, HYDRATION_INTERVALS_H, SettingsError, parse_utc, validate_kind
from scheduler.tz import COMMON_ZONES, parse_timezone, timezone_from_location

logger = logging.getLogger(__name__)

TIME_CHOICES: dict[str, tuple[str, ...]] = {
    "stretch": ("19:00", "19:30", "20:00", "20:30", "21:00", "21:30", "22:00", "22:30", "23:00", "23:30"),
    "food": ("08:00", "09:00", "10:00", "11:00", "12:00", "12:30", "13:00", "14:00", "16:00", "18:00", "19:00", "20:00"),
}
WINDOW_CHOICES: tuple[tuple[str, str], ...] = (
    ("07:00", "19:00"), ("08:00", "20:00"), ("08:00", "22:00"), ("09:00", "21:00"), ("10:00", "22:00"),
)
QUIET_CHOICES: tuple[tuple[str, str] | None, ...] = (None, ("22:00", "07:00"), ("23:00", "08:00"), ("21:00", "09:00"))
PAUSE_CHOICES_DAYS = (1, 7)
# People who were asked to type their zone; a text from them is tried as a zone first.
AWAITING_TZ_KEY = "reminders_awaiting_tz"


# --- helpers ----------------------------------------------------------------------------------
def reminder_service(context: Any) -> ReminderService:
    return services(context).reminders


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
    return text, reminder_keyboard(item.kind)


def reminder_keyboard(kind: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(texts.REMINDER_DONE, callback_data=pack(REMINDER_BUTTONS, "d", kind)),
                InlineKeyboardButton(texts.REMINDER_SNOOZE, callback_data=pack(REMINDER_BUTTONS, "z", kind)),
            ],
            [InlineKeyboardButton(texts.REMINDER_OFF, callback_data=pack(REMINDER_BUTTONS, "o", kind))],
        ]
    )


async def reminder_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """rn1:<action>:<kind> on a sent reminder: log done, snooze, turn off, undo."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    try:
        _, (action, kind) = parse(query.data)
        kind = validate_kind(kind)
    except (CallbackDataError, ValueError):
        await query.answer(texts.STALE_BUTTON)
        return
    rem, user_id = reminder_service(context), update.effective_user.id
    if action == "d":
        count = rem.done(user_id, kind)
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
def overview(rem: ReminderService, user_id: int, note: str = "") -> tuple[str, InlineKeyboardMarkup]:
    settings = rem.settings_of(user_id)
    reminders = settings["reminders"]
    tz = settings["tz"] or rem.default_tz
    local_now = _local(rem, user_id)
    lines = []
    for kind in KINDS:
        cfg = reminders[kind]
        when = texts.hydration_when(cfg["start"], cfg["end"], cfg["every_h"]) if kind == "hydration" else cfg["time"]
        lines.append(texts.reminder_kind_line(kind, cfg["on"], when))
    quiet = _quiet_label(settings["quiet"])
    paused_until = _pause_label(rem, user_id, settings["pause_until"])
    text = texts.reminders_overview(zone_label(tz), local_now.strftime("%H:%M"), lines, quiet, paused_until)
    if note:
        text = f"{note}\n\n{text}"
    return text, overview_keyboard(reminders, quiet, paused_until is not None, tz)


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


def overview_keyboard(reminders: dict[str, Any], quiet: str | None, paused: bool, tz: str) -> InlineKeyboardMarkup:
    def button(text: str, *parts: str | int) -> InlineKeyboardButton:
        return InlineKeyboardButton(text, callback_data=pack(REMINDER_SETTINGS, *parts))

    hydration = reminders["hydration"]
    rows = [
        [button(texts.reminder_toggle_button("hydration", hydration["on"]), "t", "hydration")],
        [
            button(texts.reminder_time_button(f"{hydration['start']}–{hydration['end']}"), "w"),
            button(texts.reminder_interval_button(hydration["every_h"]), "i"),
        ],
    ]
    for kind in ("stretch", "food"):
        rows.append(
            [
                button(texts.reminder_toggle_button(kind, reminders[kind]["on"]), "t", kind),
                button(texts.reminder_time_button(reminders[kind]["time"]), "p", kind),
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


def _entry_screen(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> tuple[str, InlineKeyboardMarkup]:
    rem = reminder_service(context)
    settings = rem.settings_of(user_id)
    if settings["tz"] is None:
        _awaiting(context).add(user_id)
        return texts.TIMEZONE_PROMPT, timezone_keyboard()
    if not settings["enabled"]:
        rem.set_timezone(user_id, settings["tz"])  # the first visit switches the defaults on
        return overview(rem, user_id, texts.REMINDERS_SWITCHED_ON)
    return overview(rem, user_id)


async def settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """rm1:…: every change edits the overview in place."""
    query = update.callback_query
    assert query is not None
    user_id = _ensure_user(update, context)
    rem = reminder_service(context)
    try:
        _, parts = parse(query.data)
        action = parts[0] if parts else "home"
        screen = _apply_setting(rem, user_id, action, parts[1:])
    except (CallbackDataError, SettingsError, ValueError, IndexError):
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer(texts.SETTING_SAVED if action not in ("home", "menu", "p", "w") else None)
    if screen is None:
        screen = _entry_screen(context, user_id)
    text, markup = screen
    if action == "home" or not isinstance(query.message, Message):
        # From another feature's message (an answer, a check result): keep it, open a new one.
        await context.bot.send_message(user_id, text, reply_markup=markup)
        return
    await _edit(query.message, text, markup)


def _apply_setting(
    rem: ReminderService, user_id: int, action: str, args: list[str]
) -> tuple[str, InlineKeyboardMarkup] | None:
    """Apply one settings tap; returns the screen to show (None: the entry screen)."""
    settings = rem.settings_of(user_id)
    reminders = settings["reminders"]
    if action in ("home", "menu"):
        return None
    if action == "t":
        kind = validate_kind(args[0])
        rem.set_kind_on(user_id, kind, not reminders[kind]["on"])
    elif action == "p":
        return time_picker(validate_kind(args[0]))
    elif action == "s":
        kind, hhmm = validate_kind(args[0]), f"{args[1][:2]}:{args[1][2:]}"
        if hhmm not in TIME_CHOICES.get(kind, ()):
            raise SettingsError("not an offered time")
        rem.set_kind_time(user_id, kind, hhmm)
        rem.set_kind_on(user_id, kind, True)
    elif action == "w":
        return window_picker()
    elif action == "sw":
        start, end = f"{args[0]}:00", f"{args[1]}:00"
        if (start, end) not in WINDOW_CHOICES:
            raise SettingsError("not an offered window")
        rem.set_hydration_window(user_id, start=start, end=end)
    elif action == "i":
        current = reminders["hydration"]["every_h"]
        position = HYDRATION_INTERVALS_H.index(current) if current in HYDRATION_INTERVALS_H else 0
        rem.set_hydration_window(user_id, every_h=HYDRATION_INTERVALS_H[(position + 1) % len(HYDRATION_INTERVALS_H)])
    elif action == "q":
        current = _quiet_label(settings["quiet"])
        labels = [None if q is None else f"{q[0]}–{q[1]}" for q in QUIET_CHOICES]
        choice = QUIET_CHOICES[(labels.index(current) + 1) % len(labels) if current in labels else 1]
        rem.set_quiet(user_id, *(choice or (None, None)))
    elif action == "z":
        days = int(args[0])
        if days not in (0, *PAUSE_CHOICES_DAYS):
            raise SettingsError("not an offered pause")
        rem.pause(user_id, timedelta(days=days) if days else None)
    else:
        raise SettingsError(f"unknown action {action!r}")
    return overview(rem, user_id)


def time_picker(kind: str) -> tuple[str, InlineKeyboardMarkup]:
    choices = TIME_CHOICES.get(kind)
    if choices is None:
        raise SettingsError("this kind has no single time")
    buttons = [
        InlineKeyboardButton(hhmm, callback_data=pack(REMINDER_SETTINGS, "s", kind, hhmm.replace(":", "")))
        for hhmm in choices
    ]
    rows = [buttons[i : i + 4] for i in range(0, len(buttons), 4)]
    rows.append([InlineKeyboardButton(texts.BACK_BUTTON, callback_data=pack(REMINDER_SETTINGS, "menu"))])
    return texts.pick_time_prompt(kind), InlineKeyboardMarkup(rows)


def window_picker() -> tuple[str, InlineKeyboardMarkup]:
    rows = [
        [InlineKeyboardButton(f"{start}–{end}", callback_data=pack(REMINDER_SETTINGS, "sw", start[:2], end[:2]))]
        for start, end in WINDOW_CHOICES
    ]
    rows.append([InlineKeyboardButton(texts.BACK_BUTTON, callback_data=pack(REMINDER_SETTINGS, "menu"))])
    return texts.PICK_WINDOW_PROMPT, InlineKeyboardMarkup(rows)


async def _edit(message: Message, text: str, markup: InlineKeyboardMarkup) -> None:
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
            [
                InlineKeyboardButton(texts.PAUSE_DAY_BUTTON, callback_data=pack(REMINDER_SETTINGS, "z", 1)),
                InlineKeyboardButton(texts.PAUSE_WEEK_BUTTON, callback_data=pack(REMINDER_SETTINGS, "z", 7)),
            ],
            [InlineKeyboardButton(texts.RESUME_BUTTON, callback_data=pack(REMINDER_SETTINGS, "z", 0))],
        ]
        await update.effective_message.reply_text(texts.PAUSE_USAGE, reply_markup=InlineKeyboardMarkup(rows))
        return
    until = rem.pause(user_id, timedelta(days=days) if days else None)
    if until is None:
        await update.effective_message.reply_text(texts.RESUMED)
    else:
        await update.effective_message.reply_text(texts.paused(_local(rem, user_id, until).strftime("%a %d %b, %H:%M")))


# --- time zone ---------------------------------------------------------------------------------
def timezone_keyboard() -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(zone_label(tz), callback_data=pack(TIMEZONE, "set", tz)) for tz in COMMON_ZONES
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([InlineKeyboardButton(texts.SHARE_LOCATION_BUTTON, callback_data=pack(TIMEZONE, "loc"))])
    rows.append([InlineKeyboardButton(texts.MENU_BUTTON, callback_data=pack(MENU, "home"))])
    return InlineKeyboardMarkup(rows)


def location_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(texts.SHARE_LOCATION_BUTTON, request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def _awaiting(context: Any) -> set[int]:
    return context.bot_data.setdefault(AWAITING_TZ_KEY, set())  # type: ignore[no-any-return]


async def ask_timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask for the zone in a new message (for onboarding: /start may call this for new people)."""
    assert update.effective_message is not None
    user_id = _ensure_user(update, context)
    _awaiting(context).add(user_id)
    await update.effective_message.reply_text(texts.TIMEZONE_PROMPT, reply_markup=timezone_keyboard())


async def timezone_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/timezone [city | zone | offset]: set directly, or ask."""
    assert update.effective_message is not None
    if context.args:
        user_id = _ensure_user(update, context)
        await _set_typed_zone(update, context, user_id, " ".join(context.args))
        return
    await ask_timezone(update, context)


async def timezone_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    user_id = _ensure_user(update, context)
    rem = reminder_service(context)
    try:
        _, parts = parse(query.data)
        action = parts[0]
    except (CallbackDataError, IndexError):
        await query.answer(texts.STALE_BUTTON)
        return
    if action == "set" and len(parts) == 2 and parts[1] in COMMON_ZONES:
        await query.answer()
        _awaiting(context).discard(user_id)
        rem.set_timezone(user_id, parts[1])
        text, markup = overview(rem, user_id, _zone_note(rem, user_id))
        if isinstance(query.message, Message):
            await _edit(query.message, text, markup)
    elif action == "ask":
        await query.answer()
        _awaiting(context).add(user_id)
        if isinstance(query.message, Message):
            await _edit(query.message, texts.TIMEZONE_PROMPT, timezone_keyboard())
    elif action == "loc":
        await query.answer()
        _awaiting(context).add(user_id)
        await context.bot.send_message(user_id, texts.SHARE_LOCATION_PROMPT, reply_markup=location_keyboard())
    else:
        await query.answer(texts.STALE_BUTTON)


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
    _awaiting(context).discard(user_id)
    rem.set_timezone(user_id, tz)
    # Two messages: one takes the location keyboard away, the other holds the inline settings.
    await update.effective_message.reply_text(_zone_note(rem, user_id), reply_markup=ReplyKeyboardRemove())
    text, markup = overview(rem, user_id)
    await update.effective_message.reply_text(text, reply_markup=markup)


class _AwaitingZoneText(filters.MessageFilter):
    """Text from someone we asked for a zone that looks like an answer, not a question."""

    def __init__(self, awaiting: set[int]) -> None:
        super().__init__(name="AwaitingZoneText")
        self.awaiting = awaiting

    def filter(self, message: Message) -> bool:
        if message.from_user is None or message.from_user.id not in self.awaiting or not message.text:
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
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & private & _AwaitingZoneText(awaiting), typed_timezone))
    add_menu_button(app, texts.REMINDERS_BUTTON, pack(REMINDER_SETTINGS, "menu"))
    add_settings_button(app, texts.REMINDERS_BUTTON, pack(REMINDER_SETTINGS, "menu"))
    add_settings_button(app, texts.TIMEZONE_SETTINGS_BUTTON, pack(TIMEZONE, "ask"))
    add_command(app, "reminders", "Reminders: water, stretch, food")
    add_command(app, "pause", "Pause reminders")
    add_command(app, "timezone", "Set your time zone")
    add_onboarding_step(app, ask_timezone)
