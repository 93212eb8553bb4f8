"""Reminder wishes typed anywhere in the chat: apply one (`reminder_words.read_wish`), confirm it in
one line with an Undo button. Part of the reminders feature (registered by `handlers.reminders`).

    rm1:undo:<id>    put the reminder settings back as they were before the wish <id>

Undo keeps one snapshot per person under the user document's `reminder_undo` key (the settings
keys as they were, and the wish's id), so a restart does not lose it and an older Undo is stale.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from core.types import App
from handlers.callbacks import MENU, REMINDER_SETTINGS, pack, parse
from handlers.i18n import short_day_time, tr
from handlers.menu import ZONE_QUESTION, add_typed_answer, entry_screen
from handlers.reminder_screens import edit_screen, ensure_user, local_time, overview, reminder_service, setting_when
from handlers.reminder_words import Wish, read_range, read_wish
from handlers.services import services
from handlers.texts import common as common_texts
from handlers.texts import reminders as reminders_texts
from handlers.texts import wishes as wishes_texts
from handlers.wording import TimeOfDay, message_words, read_time
from scheduler import ReminderService
from scheduler.model import KINDS, SettingsError, format_hhmm, kind_minutes, parse_hhmm, validate_kind

logger = logging.getLogger(__name__)

UNDO_KEY = "reminder_undo"
UNDO_ACTION = "undo"
# The settings keys a wish may change; Undo writes them back as they were (None removes a key).
SETTINGS_KEYS = ("reminders", "pause_until", "snoozes")
LAST_MINUTE = 23 * 60 + 59


# A photo, video or document whose caption states a wish is read like a typed one.
CAPTIONED = filters.CAPTION & ~filters.TEXT & filters.ChatType.PRIVATE


class _WishText(filters.MessageFilter):
    """A private text or caption that states a reminder wish (read once more by the handler: it is cheap)."""

    def filter(self, message: Message) -> bool:
        text = message_words(message)
        return text is not None and read_wish(text) is not None


async def wish_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    text = message_words(message)
    wish = read_wish(text) if text is not None else None
    if message is None or wish is None:
        return
    await confirm_wish(update, context, wish)


async def confirm_wish(update: Update, context: ContextTypes.DEFAULT_TYPE, wish: Wish) -> None:
    """Apply a wish and confirm it in one line with Undo (a typed wish, or "ok" to an offer)."""
    message = update.effective_message
    assert message is not None
    user_id = ensure_user(update, context)
    rem = reminder_service(context)
    store = services(context).store
    before = {key: (store.get(user_id) or {}).get(key) for key in SETTINGS_KEYS}
    try:
        line = apply_wish(rem, user_id, wish)
    except SettingsError:
        await message.reply_text(tr(wishes_texts.WISH_NOT_POSSIBLE))
        return
    if line is None:
        await message.reply_text(tr(wishes_texts.WISH_NOTHING_TO_SNOOZE))
        return
    undo_id = secrets.token_hex(3)
    store.update(user_id, {UNDO_KEY: {"id": undo_id, "before": before}})
    logger.info("reminder wish from user %s: %s", user_id, wish.action)  # the action only, never the text
    await message.reply_text(line, reply_markup=undo_keyboard(undo_id))
    if rem.settings_of(user_id)["tz"] is None and wish.action in ("on", "time", "window"):
        # Reminders come at local time: ask where the person is (their wish is already saved).
        text, markup = entry_screen(context.bot_data, ZONE_QUESTION)(context, user_id, None)
        await message.reply_text(text, reply_markup=markup)


async def typed_yes(update: Update, context: ContextTypes.DEFAULT_TYPE, argument: str) -> None:
    """ "ok" after the recommended set ("recommended") or an offer of one kind ("on:<kind>"):
    what the offer's button would do, confirmed in one line with Undo."""
    action, _, kind = argument.partition(":")
    wish = Wish("recommended") if action == "recommended" else Wish("on", (validate_kind(kind),))
    await confirm_wish(update, context, wish)


def undo_keyboard(undo_id: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    tr(wishes_texts.UNDO_BUTTON), callback_data=pack(REMINDER_SETTINGS, UNDO_ACTION, undo_id)
                ),
                InlineKeyboardButton(
                    tr(reminders_texts.REMINDER_SETTINGS_BUTTON), callback_data=pack(REMINDER_SETTINGS, "home")
                ),
            ]
        ]
    )


def apply_wish(rem: ReminderService, user_id: int, wish: Wish) -> str | None:
    """Store what the wish asks; returns the one-line confirmation (None: nothing to snooze)."""
    if wish.action == "pause":
        until = rem.pause(user_id, timedelta(days=wish.days or 1))
        assert until is not None
        return wishes_texts.wish_paused(short_day_time(local_time(rem, user_id, until)))
    if wish.action == "resume":
        rem.pause(user_id, None)
        return tr(reminders_texts.RESUMED)
    if wish.action == "snooze":
        kind = wish.kinds[0] if wish.kinds else _last_sent_kind(rem, user_id)
        if kind is None:
            return None
        due = rem.snooze(user_id, kind)
        return wishes_texts.wish_snoozed(kind, local_time(rem, user_id, due).strftime("%H:%M"))
    if wish.action == "recommended":
        rem.start_reminders(user_id, on=True)
        reminders = rem.settings_of(user_id)["reminders"]
        return wishes_texts.wish_on_many(
            [(kind, setting_when(kind, cfg)) for kind, cfg in reminders.items() if cfg["on"]]
        )
    if not rem.settings_of(user_id)["enabled"]:
        rem.start_reminders(user_id, on=False)  # a first wish switches on what it names, nothing else
    if wish.action == "off":
        for kind in wish.kinds:
            rem.set_kind_on(user_id, kind, False)
        return wishes_texts.wish_off(list(wish.kinds), all_kinds=len(wish.kinds) == len(KINDS))
    if wish.action == "time" and wish.time is not None:
        kind = validate_kind(wish.kinds[0])
        rem.set_kind_time(user_id, kind, wish.time.hhmm)
        rem.set_kind_on(user_id, kind, True)
        return wishes_texts.wish_time(kind, wish.time.shown())
    if wish.action == "window":
        return _set_water(rem, user_id, wish)
    for kind in wish.kinds:
        rem.set_kind_on(user_id, kind, True)
    reminders = rem.settings_of(user_id)["reminders"]
    return wishes_texts.wish_on_many([(kind, setting_when(kind, reminders[kind])) for kind in wish.kinds])


def _set_water(rem: ReminderService, user_id: int, wish: Wish) -> str:
    """A water window or a first time ("drink at 10"); the reply says exactly when water comes."""
    hydration = rem.settings_of(user_id)["reminders"]["hydration"]
    start = format_hhmm(wish.start.minute) if wish.start else hydration["start"]
    end = format_hhmm(wish.end.minute) if wish.end else hydration["end"]
    first_only = wish.start is not None and wish.end is None and wish.every_h is None
    if first_only and wish.start is not None and parse_hhmm(end) <= wish.start.minute:
        end = format_hhmm(min(wish.start.minute + 60, LAST_MINUTE))  # late in the day: that one nudge
    rem.set_hydration_window(user_id, start=start, end=end, every_h=wish.every_h or hydration["every_h"])
    rem.set_kind_on(user_id, "hydration", True)
    cfg = rem.settings_of(user_id)["reminders"]["hydration"]
    if not first_only or wish.start is None:
        return wishes_texts.wish_on("hydration", setting_when("hydration", cfg))
    twelve = wish.start.twelve_hour
    times = [TimeOfDay(minute, twelve).shown() for minute in kind_minutes("hydration", cfg)]
    return wishes_texts.wish_water_times(times, cfg["every_h"])


def _last_sent_kind(rem: ReminderService, user_id: int) -> str | None:
    """The kind of the reminder sent last ("snooze" answers the latest one)."""
    stamps = [(mark.get("at", ""), kind) for kind, mark in rem.sent_marks(user_id).items() if kind in KINDS]
    return max(stamps)[1] if stamps else None


async def undo_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """rm1:undo:<id>: the settings as they were before that wish, if it is still the latest."""
    query = update.callback_query
    assert query is not None
    user_id = ensure_user(update, context)
    _, parts = parse(query.data)
    store = services(context).store
    saved: Any = (store.get(user_id) or {}).get(UNDO_KEY)
    if len(parts) != 2 or not isinstance(saved, dict) or saved.get("id") != parts[1]:
        await query.answer(tr(common_texts.STALE_BUTTON))
        return
    before = saved.get("before") or {}
    store.update(user_id, {**{key: before.get(key) for key in SETTINGS_KEYS}, UNDO_KEY: None})
    await query.answer(tr(wishes_texts.UNDONE_ANSWER))
    if isinstance(query.message, Message):
        home = InlineKeyboardMarkup(
            [[InlineKeyboardButton(tr(common_texts.MENU_BUTTON), callback_data=pack(MENU, "home"))]]
        )
        await edit_screen(query.message, tr(wishes_texts.UNDONE), home)


# --- a time typed while a picker is open ----------------------------------------------------------
PICKER_TTL = timedelta(minutes=30)


class OpenPickers:
    """Who has a time picker open (rm1:p, rm1:w, rm1:q), so that a typed "22:15" answers it.
    In memory: after a restart the buttons still work and a typed wish names its kind anyway."""

    def __init__(self, clock: Any) -> None:
        self.clock = clock
        self._open: dict[int, tuple[str, str | None, Any]] = {}

    def open(self, user_id: int, action: str, kind: str | None) -> None:
        self._open[user_id] = (action, kind, self.clock.now())

    def close(self, user_id: int) -> None:
        self._open.pop(user_id, None)

    def get(self, user_id: int) -> tuple[str, str | None] | None:
        entry = self._open.get(user_id)
        if entry is None or self.clock.now() - entry[2] > PICKER_TTL:
            return None
        return entry[0], entry[1]


def open_pickers(context: Any) -> OpenPickers:
    pickers = context.bot_data.get(OPEN_PICKERS_KEY)
    if not isinstance(pickers, OpenPickers):
        pickers = context.bot_data[OPEN_PICKERS_KEY] = OpenPickers(services(context).clock)
    return pickers


OPEN_PICKERS_KEY = "reminder_open_pickers"


def read_picker_answer(action: str, text: str) -> TimeOfDay | tuple[TimeOfDay, TimeOfDay] | None:
    """What a typed text answers at this picker: one time (p) or a span (w, q)."""
    if action == "p":
        return read_time(text)
    return read_range(text)


class _PickerText(filters.MessageFilter):
    def __init__(self, pickers: OpenPickers) -> None:
        super().__init__(name="PickerText")
        self.pickers = pickers

    def filter(self, message: Message) -> bool:
        if message.from_user is None or not message.text:
            return False
        picker = self.pickers.get(message.from_user.id)
        return picker is not None and read_picker_answer(picker[0], message.text) is not None


async def picker_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A time typed at an open picker: set it, confirm it in the person's format, show the overview."""
    message = update.effective_message
    assert message is not None and message.text is not None
    user_id = ensure_user(update, context)
    pickers = open_pickers(context)
    picker = pickers.get(user_id)
    answer = read_picker_answer(picker[0], message.text) if picker else None
    if picker is None or answer is None:
        return
    rem = reminder_service(context)
    action, kind = picker
    try:
        if isinstance(answer, TimeOfDay) and kind is not None:
            rem.set_kind_time(user_id, kind, answer.hhmm)
            rem.set_kind_on(user_id, kind, True)
            line = wishes_texts.time_set(kind, answer.shown())
        elif isinstance(answer, tuple) and action == "w":
            rem.set_hydration_window(user_id, start=answer[0].hhmm, end=answer[1].hhmm)
            line = wishes_texts.time_set("hydration", f"{answer[0].hhmm}–{answer[1].hhmm}")
        elif isinstance(answer, tuple):
            rem.set_quiet(user_id, answer[0].hhmm, answer[1].hhmm)
            line = wishes_texts.quiet_set(f"{answer[0].hhmm}–{answer[1].hhmm}")
        else:
            return
    except SettingsError:
        await message.reply_text(tr(wishes_texts.WISH_NOT_POSSIBLE))
        return
    pickers.close(user_id)
    text, markup = overview(rem, user_id, line)
    await message.reply_text(text, reply_markup=markup)


def register(app: App) -> None:
    """Called by `handlers.reminders.register`: a time typed at a picker, the wish reader, Undo."""
    private = filters.ChatType.PRIVATE
    free_text = filters.TEXT & ~filters.COMMAND & private
    app.add_handler(MessageHandler(free_text & _PickerText(open_pickers(app)), picker_text))
    app.add_handler(MessageHandler((free_text | CAPTIONED) & _WishText(), wish_message))
    app.add_handler(CallbackQueryHandler(undo_button, pattern=f"^{REMINDER_SETTINGS}:{UNDO_ACTION}(:|$)"))
    add_typed_answer(app, "reminders", typed_yes)
