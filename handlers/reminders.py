"""Prevention reminders: the reminder message and its buttons, /reminders settings (edited in place), /pause.

callback_data layouts (prefixes in handlers/callbacks.py):

    rm1:home | rm1:menu          settings overview: new message | edit the tapped one
    rm1:o:<kind>                 an offer of one reminder (e.g. relief's evening stretch): new message;
                                 the first time only that kind is switched on
    rm1:on:1 | rm1:on:0          the recommended set: turn these on | choose my own (all off, overview)
    rm1:t:<kind>                 switch a kind on/off
    rm1:p|s|w|sw|i|si|q|sq:…     pickers and their choices (see handlers/reminder_pickers.py)
    rm1:z:<days>                 pause for 1 or 7 days; 0 resumes
    rn1:d:<kind>[:<slot>]        on a reminder: done (once per slot id, see scheduler.service.slot_id)
    rn1:z|o|u:<kind>             on a reminder: snooze 30 min, turn off, undo turn off

The time zone (tz1:…, /timezone, onboarding) lives in handlers/timezone.py; the screens both
show in handlers/reminder_screens.py.

The schedule itself lives in `scheduler.ReminderService`; every change here is a store
write that the service's index picks up at once through the store listener.
"""

from __future__ import annotations

import html
import logging
import re
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, filters

from core.types import App
from handlers import reminder_wishes
from handlers.callbacks import (
    REMINDER_BUTTONS,
    REMINDER_OFFER,
    REMINDER_SETTINGS,
    CallbackDataError,
    pack,
    parse,
    pattern,
    reminder_offer_data,
)
from handlers.i18n import N_, short_day_time, speaking, stored_language, tr
from handlers.menu import ZONE_QUESTION, add_command, add_menu_button, add_settings_button, entry_screen
from handlers.reminder_pickers import (
    QUIET_CHOICES,
    TIME_CHOICES,
    WINDOW_CHOICES,
    interval_picker,
    quiet_picker,
    time_picker,
    window_picker,
)
from handlers.reminder_screens import (
    RECOMMENDED_QUESTION,
    Screen,
    apply_offer,
    edit_screen,
    ensure_user,
    local_time,
    overview,
    quiet_label,
    recommended_screen,
    reminder_service,
    settings_choice,
    started_screen,
)
from handlers.replies import is_not_modified, note_asked
from handlers.services import AppServices, services
from handlers.texts import common as common_texts
from handlers.texts import reminders as reminders_texts
from knowledge import KnowledgeBase
from scheduler import Due, ReminderService, Subscriber
from scheduler.content import TipLine
from scheduler.model import (
    HYDRATION_INTERVALS_H,
    SettingsError,
    is_quiet,
    parse_hhmm,
    validate_kind,
)
from scheduler.sending import Renderer
from scheduler.service import slot_id
from scheduler.upcoming import safe_quiet

logger = logging.getLogger(__name__)

PAUSE_CHOICES_DAYS = (1, 7)
_SLOT_ID = re.compile(r"^s?\d{10}$")


# --- helpers ----------------------------------------------------------------------------------
def offer_button_data(kind: str) -> str:
    """callback_data for another feature's "remind me to <kind>" button (opens a new message)."""
    return reminder_offer_data(validate_kind(kind))


# --- the reminder message and its buttons ----------------------------------------------------------
def render_reminder(item: Due, sub: Subscriber, lines: list[TipLine]) -> tuple[str, InlineKeyboardMarkup]:
    """Text and buttons of one reminder (installed as the service's renderer)."""
    if lines:
        text = reminders_texts.reminder_message(
            item.kind, [line.html for line in lines], [line.hold_seconds for line in lines]
        )
    else:
        text = tr(reminders_texts.REMINDER_HEADLINES[item.kind])
    if item.missed:
        text = f"{text}\n{reminders_texts.reminder_missed_note(item.missed)}"
    return text, reminder_keyboard(item.kind, slot_id(item))


def reminder_keyboard(kind: str, slot: str | None = None) -> InlineKeyboardMarkup:
    done = pack(REMINDER_BUTTONS, "d", kind, slot) if slot else pack(REMINDER_BUTTONS, "d", kind)
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(tr(reminders_texts.REMINDER_DONE), callback_data=done),
                InlineKeyboardButton(
                    tr(reminders_texts.REMINDER_SNOOZE), callback_data=pack(REMINDER_BUTTONS, "z", kind)
                ),
            ],
            [InlineKeyboardButton(tr(reminders_texts.REMINDER_OFF), callback_data=pack(REMINDER_BUTTONS, "o", kind))],
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
        await query.answer(tr(common_texts.STALE_BUTTON))
        return
    rem, user_id = reminder_service(context), update.effective_user.id
    if services(context).store.get(user_id) is None:
        # From before /forget: acting on it would quietly rebuild a record they deleted.
        await query.answer(tr(common_texts.STALE_BUTTON))
        if isinstance(query.message, Message):
            await query.message.edit_reply_markup(None)
        return
    if action == "d":
        # A double tap reaches us twice before the first edit removes the button: count it once.
        repeated = slot is not None and rem.was_done(user_id, kind, slot)
        count = rem.done(user_id, kind, slot)
        if repeated:
            await query.answer(reminders_texts.reminder_already_done_answer(kind, count))
            return
        await query.answer(reminders_texts.reminder_done_answer(kind, count))
        await _append_line(query.message, reminders_texts.reminder_done_line(kind, count), None)
    elif action == "z":
        due = rem.snooze(user_id, kind)
        await query.answer(tr(reminders_texts.REMINDER_SNOOZE_ANSWER))
        await _append_line(
            query.message, reminders_texts.reminder_snoozed(local_time(rem, user_id, due).strftime("%H:%M")), None
        )
    elif action == "o":
        rem.turn_off(user_id, kind)
        await query.answer(tr(reminders_texts.REMINDER_OFF_ANSWER))
        undo = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        tr(reminders_texts.REMINDER_UNDO_OFF), callback_data=pack(REMINDER_BUTTONS, "u", kind)
                    )
                ],
                [
                    InlineKeyboardButton(
                        tr(reminders_texts.REMINDER_SETTINGS_BUTTON), callback_data=pack(REMINDER_SETTINGS, "home")
                    )
                ],
            ]
        )
        await _append_line(query.message, reminders_texts.reminder_turned_off(kind), undo)
    elif action == "u":
        rem.set_kind_on(user_id, kind, True)
        await query.answer(tr(reminders_texts.REMINDER_ON_ANSWER))
        await _append_line(query.message, reminders_texts.reminder_turned_on(kind), None, replace_last=True)
    else:
        await query.answer(tr(common_texts.STALE_BUTTON))


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


# --- /reminders settings ----------------------------------------------------------------------
async def reminders_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reminders: the overview, or the time-zone question first if we don't know the zone yet."""
    assert update.effective_message is not None
    user_id = ensure_user(update, context)
    text, markup = _entry_screen(context, user_id)
    await update.effective_message.reply_text(text, reply_markup=markup)


def _entry_screen(context: ContextTypes.DEFAULT_TYPE, user_id: int, offer: str | None = None) -> Screen:
    rem = reminder_service(context)
    settings = rem.settings_of(user_id)
    if settings["tz"] is None:
        return entry_screen(context.bot_data, ZONE_QUESTION)(context, user_id, offer)
    if not settings["enabled"] and offer is None:
        note_asked(context, user_id, RECOMMENDED_QUESTION)  # a typed "ok" is "Turn these on"
        return recommended_screen(rem, user_id)  # nothing starts without the person's "Turn these on"
    if not settings["enabled"]:
        rem.set_timezone(user_id, settings["tz"], only=offer)  # an offer of one kind: that kind, at once
        return started_screen(rem, user_id)
    return overview(rem, user_id, apply_offer(rem, user_id, offer))


def _offer_of(parts: list[str]) -> str | None:
    """The one kind a tapped offer (`offer_button_data`) is about."""
    return validate_kind(parts[1]) if parts[:1] == [REMINDER_OFFER] else None


async def settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """rm1:…: every change edits the overview in place."""
    query = update.callback_query
    assert query is not None
    user_id = ensure_user(update, context)
    rem = reminder_service(context)
    try:
        _, parts = parse(query.data)
        action = parts[0] if parts else "home"
        offer = _offer_of(parts)
        screen = None if offer is not None else _apply_setting(rem, user_id, action, parts[1:])
    except (CallbackDataError, SettingsError, ValueError, IndexError):
        await query.answer(tr(common_texts.STALE_BUTTON))
        return
    warning = _quiet_time_warning(rem, user_id, action, parts[1:])
    if warning:
        await query.answer(warning, show_alert=True)
    else:
        await query.answer(
            tr(reminders_texts.SETTING_SAVED) if action not in ("home", "menu", "o", "p", "w", "i", "q") else None
        )
    # A picker on screen takes a typed time too; any other screen closes it.
    pickers = reminder_wishes.open_pickers(context)
    if action in ("p", "w", "q"):
        pickers.open(user_id, action, parts[1] if action == "p" else None)
    else:
        pickers.close(user_id)
    if screen is None:
        screen = _entry_screen(context, user_id, offer)
    text, markup = screen
    if action in ("home", "o") or offer is not None or not isinstance(query.message, Message):
        # From another feature's message (an answer, a check result): keep it, open a new one.
        await context.bot.send_message(user_id, text, reply_markup=markup)
        return
    await edit_screen(query.message, text, markup)


def _quiet_time_warning(rem: ReminderService, user_id: int, action: str, args: list[str]) -> str:
    """After picking a stretch/food time inside quiet hours: say plainly it won't be sent."""
    if action != "s":
        return ""
    settings = rem.settings_of(user_id)
    hhmm = settings["reminders"][args[0]]["time"]
    quiet = safe_quiet(settings["quiet"])
    if quiet is None or not is_quiet(quiet, parse_hhmm(hhmm)):
        return ""
    return reminders_texts.quiet_time_answer(hhmm, quiet_label(settings["quiet"]) or "")


def _apply_setting(rem: ReminderService, user_id: int, action: str, args: list[str]) -> Screen | None:
    """Apply one settings tap; returns the screen to show (None: the entry screen)."""
    settings = rem.settings_of(user_id)
    reminders = settings["reminders"]
    if action in ("home", "menu"):
        return None
    if action == "on":
        # The recommended set's "Turn these on" (1), or "Choose my own" (0: all off, then the overview).
        if args[0] not in ("0", "1"):
            raise SettingsError("not an offered choice")
        rem.start_reminders(user_id, on=args[0] == "1")
        return started_screen(rem, user_id) if args[0] == "1" else overview(rem, user_id)
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
        return quiet_picker(quiet_label(settings["quiet"]))
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


# --- /pause ------------------------------------------------------------------------------------
async def pause_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/pause day | week | off — or, without an argument, buttons."""
    assert update.effective_message is not None
    user_id = ensure_user(update, context)
    rem = reminder_service(context)
    arg = (context.args or [""])[0].lower()
    days = {"day": 1, "1": 1, "week": 7, "7": 7, "off": 0, "resume": 0}.get(arg)
    if days is None:
        rows = [
            [
                settings_choice(tr(reminders_texts.PAUSE_DAY_BUTTON), "z", 1),
                settings_choice(tr(reminders_texts.PAUSE_WEEK_BUTTON), "z", 7),
            ],
            [settings_choice(tr(reminders_texts.RESUME_BUTTON), "z", 0)],
        ]
        await update.effective_message.reply_text(
            tr(reminders_texts.PAUSE_USAGE), reply_markup=InlineKeyboardMarkup(rows)
        )
        return
    until = rem.pause(user_id, timedelta(days=days) if days else None)
    if until is None:
        await update.effective_message.reply_text(tr(reminders_texts.RESUMED))
    else:
        await update.effective_message.reply_text(
            reminders_texts.paused(short_day_time(local_time(rem, user_id, until)))
        )


# --- wiring ------------------------------------------------------------------------------------
def in_language(knowledge: KnowledgeBase, line: TipLine, lang: str) -> TipLine:
    """A tip line (the scheduler picks it in English) in the person's language."""
    return line._replace(html=html.escape(knowledge.relief_text(html.unescape(line.html), lang)))


def in_their_language(svc: AppServices, render: Renderer) -> Renderer:
    """A renderer that writes each reminder in its person's stored language (the send workers go
    from one person to the next, so the language is set for the one call only)."""

    def render_in_language(item: Due, sub: Subscriber, lines: list[TipLine]) -> tuple[str, Any]:
        lang = stored_language(svc.store.get(item.user_id))
        with speaking(lang):
            return render(item, sub, [in_language(svc.knowledge, line, lang) for line in lines])

    return render_in_language


def register(app: App) -> None:
    rem = reminder_service(app)
    rem.renderer = in_their_language(services(app), render_reminder)
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("reminders", reminders_command, filters=private))
    app.add_handler(CommandHandler("pause", pause_command, filters=private))
    reminder_wishes.register(app)  # before the rm1 handler: its Undo buttons are rm1:undo:…
    app.add_handler(CallbackQueryHandler(settings_button, pattern=pattern(REMINDER_SETTINGS)))
    app.add_handler(CallbackQueryHandler(reminder_button, pattern=pattern(REMINDER_BUTTONS)))
    add_menu_button(app, reminders_texts.REMINDERS_BUTTON, pack(REMINDER_SETTINGS, "menu"))
    add_settings_button(app, reminders_texts.REMINDERS_BUTTON, pack(REMINDER_SETTINGS, "menu"))
    add_command(app, "reminders", N_("Reminders: water, stretch, food"))
    add_command(app, "pause", N_("Pause reminders"))
