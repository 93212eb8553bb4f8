"""Time zone: the onboarding question, the zone picker, a shared location, a typed zone, /timezone.

callback_data layouts (prefixes in handlers/callbacks.py):

    tz1:ask[:<kind>]             full time-zone picker (edits the tapped message)
    tz1:loc[:<kind>]             ask for the location (reply keyboard)
    tz1:set:<IANA zone>[:<kind>] pick a zone from the short list
    tz1:no                       "Not now" at onboarding

<kind> is the reminder offer (see handlers.reminders) that led here. Setting the zone the first
time switches nothing on by itself: it shows the recommended set with one "Turn these on" tap
(rm1:on:1); only someone who came from an offer of one kind gets that kind on at once.
A typed zone that could mean several (a place name shared far apart, "IST", "USA") gets its
top 3 as tz1:set buttons.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
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
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from core.types import App
from core.userdoc import UserDoc
from handlers.callbacks import MENU, TIMEZONE, CallbackDataError, pack, parse, pattern
from handlers.i18n import N_, tr, zone_label
from handlers.menu import (
    ZONE_QUESTION,
    add_command,
    add_entry_screen,
    add_onboarding_step,
    add_settings_button,
    add_typed_answer,
)
from handlers.reminder_screens import (
    RECOMMENDED_QUESTION,
    Screen,
    apply_offer,
    edit_screen,
    ensure_user,
    local_time,
    overview,
    recommended_screen,
    reminder_service,
    started_screen,
)
from handlers.replies import note_asked
from handlers.services import services
from handlers.texts import common as common_texts
from handlers.texts import timezone as timezone_texts
from handlers.wording import plain, whole_label, words
from scheduler import ReminderService
from scheduler.index import valid_zone
from scheduler.model import validate_kind
from scheduler.service import ClockLike
from scheduler.tz import COMMON_ZONES, ZoneGuess, read_timezone, timezone_from_location, warm_up

# People asked for their zone; a text from them is tried as a zone first (for an hour).
AWAITING_TZ_KEY = "reminders_awaiting_tz"
# The zone question as words.json "answers" names it ("ok" shows the picker, "no" is "Not now").
ZONE_ASKED = "zone"
ZONE_ASK_TTL = timedelta(hours=1)


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

    def on_store_change(self, user_id: int, doc: UserDoc | None) -> None:
        """Store listener: a deleted person (/forget) is no longer waited for."""
        if doc is None:
            self.forget(user_id)

    def _drop_expired(self, now: datetime) -> None:
        while self._asks:
            oldest = next(iter(self._asks))
            if now - self._asks[oldest].at < self.ttl:
                return
            del self._asks[oldest]


# --- time zone ---------------------------------------------------------------------------------
def _tz_data(action: str, *parts: str, offer: str | None = None) -> str:
    return pack(TIMEZONE, action, *parts, *((offer,) if offer else ()))


def timezone_keyboard(offer: str | None = None) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(zone_label(tz), callback_data=_tz_data("set", tz, offer=offer)) for tz in COMMON_ZONES
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(
        [InlineKeyboardButton(tr(timezone_texts.SHARE_LOCATION_BUTTON), callback_data=_tz_data("loc", offer=offer))]
    )
    rows.append([InlineKeyboardButton(tr(common_texts.MENU_BUTTON), callback_data=pack(MENU, "home"))])
    return InlineKeyboardMarkup(rows)


def onboarding_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(tr(timezone_texts.PICK_ZONE_BUTTON), callback_data=pack(TIMEZONE, "ask"))],
            [
                InlineKeyboardButton(
                    tr(timezone_texts.ONBOARDING_LOCATION_BUTTON), callback_data=pack(TIMEZONE, "loc")
                ),
                InlineKeyboardButton(tr(timezone_texts.NOT_NOW_BUTTON), callback_data=pack(TIMEZONE, "no")),
            ],
        ]
    )


def location_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(tr(timezone_texts.SHARE_LOCATION_BUTTON), request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def zone_asks(context: Any) -> ZoneAsks:
    """The one ZoneAsks of this bot (in bot_data; `context` may also be the Application)."""
    asks = context.bot_data.get(AWAITING_TZ_KEY)
    if not isinstance(asks, ZoneAsks):
        asks = context.bot_data[AWAITING_TZ_KEY] = ZoneAsks(services(context).clock)
    return asks


def zone_question(context: Any, user_id: int, offer: str | None = None) -> Screen:
    """The full zone picker, remembering that we asked (a typed zone is then read as the answer).

    Also the entry screen reminders show first when the zone is unknown (menu.ZONE_QUESTION).
    """
    zone_asks(context).ask(user_id, offer)
    note_asked(context, user_id, ZONE_ASKED)
    prompt = timezone_texts.timezone_prompt_for(offer) if offer else tr(timezone_texts.TIMEZONE_PROMPT)
    return prompt, timezone_keyboard(offer)


async def onboarding_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The onboarding step: one short question with three buttons; typing a city works too."""
    assert update.effective_message is not None
    user_id = ensure_user(update, context)
    zone_asks(context).ask(user_id)
    note_asked(context, user_id, ZONE_ASKED)
    await update.effective_message.reply_text(
        tr(timezone_texts.TIMEZONE_ONBOARDING), reply_markup=onboarding_keyboard()
    )


async def ask_timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The full zone picker in a new message (/timezone without an argument)."""
    assert update.effective_message is not None
    text, markup = zone_question(context, ensure_user(update, context))
    await update.effective_message.reply_text(text, reply_markup=markup)


async def timezone_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/timezone [city | zone | offset]: set directly, or ask."""
    assert update.effective_message is not None
    if context.args:
        user_id = ensure_user(update, context)
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
    # Any real zone: besides the short list, a typed place's top matches are offered as buttons.
    if action == "set" and not valid_zone(tz):
        raise CallbackDataError(f"not an offered zone: {tz!r}")
    offer = validate_kind(rest.pop(0)) if rest else None
    if rest or action not in ("set", "ask", "loc", "no"):
        raise CallbackDataError(f"bad time-zone button {data!r}")
    return action, tz, offer


async def timezone_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    user_id = ensure_user(update, context)
    try:
        action, tz, offer = _parse_timezone_button(query.data)
    except (CallbackDataError, ValueError):
        await query.answer(tr(common_texts.STALE_BUTTON))
        return
    await query.answer()
    asks, message = zone_asks(context), query.message
    if action == "set" and tz is not None:
        offer = asks.take(user_id) if offer is None else offer
        asks.forget(user_id)
        text, markup = zone_screen(context, user_id, tz, offer, with_note=True)
        if isinstance(message, Message):
            await edit_screen(message, text, markup)
    elif action == "ask":
        if isinstance(message, Message):
            await edit_screen(message, *zone_question(context, user_id, offer))
        else:
            asks.ask(user_id, offer)
    elif action == "loc":
        asks.ask(user_id, offer)
        await context.bot.send_message(
            user_id, tr(timezone_texts.SHARE_LOCATION_PROMPT), reply_markup=location_keyboard()
        )
    elif action == "no":
        asks.forget(user_id)
        if isinstance(message, Message):
            await edit_screen(message, tr(timezone_texts.TIMEZONE_NOT_NOW), None)


def zone_screen(
    context: ContextTypes.DEFAULT_TYPE, user_id: int, tz: str, offer: str | None, with_note: bool
) -> Screen:
    """Set the zone; the first time offer the recommended set (or, from an offer of one kind, say
    that kind is on), else the overview."""
    rem = reminder_service(context)
    first_time = rem.set_timezone(user_id, tz, only=offer, switch_on=offer is not None)
    note = _zone_note(rem, user_id) if with_note else ""
    if first_time and offer is None:
        note_asked(context, user_id, RECOMMENDED_QUESTION)  # a typed "ok" is "Turn these on"
        return recommended_screen(rem, user_id, note)
    if first_time:
        return started_screen(rem, user_id, note)
    offered = apply_offer(rem, user_id, offer)
    return overview(rem, user_id, "\n".join(part for part in (note, offered) if part))


def _zone_note(rem: ReminderService, user_id: int) -> str:
    tz = rem.timezone_of(user_id)
    return timezone_texts.timezone_set(zone_label(tz), local_time(rem, user_id).strftime("%H:%M"))


async def location_shared(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A shared location: find the zone offline; the location itself is not stored."""
    message = update.effective_message
    assert message is not None and message.location is not None
    user_id = ensure_user(update, context)
    # timezonefinder loads its data on first use (~0.5 s): keep the event loop free meanwhile.
    tz = await asyncio.to_thread(timezone_from_location, message.location.latitude, message.location.longitude)
    if tz is None:
        await message.reply_text(tr(timezone_texts.LOCATION_NOT_FOUND), reply_markup=ReplyKeyboardRemove())
        return
    await _confirm_zone(update, context, user_id, tz)


async def typed_timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_message.text is not None
    user_id = ensure_user(update, context)
    await _set_typed_zone(update, context, user_id, update.effective_message.text)


async def typed_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, argument: str) -> None:
    """ "ok" / "no" typed at the zone question (words.json "answers", "zone"): "ok" shows the
    picker (and says a city works too), "no" is its "Not now" button."""
    assert update.effective_message is not None
    user_id = ensure_user(update, context)
    if argument == "not_now":
        zone_asks(context).forget(user_id)
        await update.effective_message.reply_text(tr(timezone_texts.TIMEZONE_NOT_NOW))
        return
    text, markup = zone_question(context, user_id, zone_asks(context).take(user_id))
    await update.effective_message.reply_text(text, reply_markup=markup)


async def location_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/location <latitude> <longitude>: the zone at a point, for clients (and local mode) that
    cannot share a location; nothing about the point is stored."""
    message = update.effective_message
    assert message is not None
    numbers = " ".join(context.args or []).replace(",", " ").split()
    try:
        latitude, longitude = (float(number) for number in numbers)
    except ValueError:
        await message.reply_text(tr(timezone_texts.LOCATION_USAGE))
        return
    user_id = ensure_user(update, context)
    tz = await asyncio.to_thread(timezone_from_location, latitude, longitude)
    if tz is None:
        await message.reply_text(tr(timezone_texts.LOCATION_NOT_FOUND))
        return
    await _confirm_zone(update, context, user_id, tz)


async def _set_typed_zone(update: Update, context: ContextTypes.DEFAULT_TYPE, user_id: int, typed: str) -> None:
    assert update.effective_message is not None
    guess = read_timezone(typed)
    if guess.sure is not None:
        await _confirm_zone(update, context, user_id, guess.sure)
    elif guess.options:
        offer = zone_asks(context).take(user_id)
        zone_asks(context).ask(user_id, offer)  # still asked: typing another place works too
        note_asked(context, user_id, ZONE_ASKED)
        await update.effective_message.reply_text(
            tr(timezone_texts.ZONE_OPTIONS_PROMPT), reply_markup=options_keyboard(guess, offer)
        )
    else:
        await update.effective_message.reply_text(
            tr(timezone_texts.TIMEZONE_NOT_FOUND), reply_markup=timezone_keyboard()
        )


def options_keyboard(guess: ZoneGuess, offer: str | None = None) -> InlineKeyboardMarkup:
    """A typed place's top matches, one per row, then location and the menu."""
    rows = [
        [
            InlineKeyboardButton(
                timezone_texts.zone_option(zone_label(option.zone), option.place),
                callback_data=_tz_data("set", option.zone, offer=offer),
            )
        ]
        for option in guess.options
    ]
    rows.append(
        [InlineKeyboardButton(tr(timezone_texts.SHARE_LOCATION_BUTTON), callback_data=_tz_data("loc", offer=offer))]
    )
    rows.append([InlineKeyboardButton(tr(common_texts.MENU_BUTTON), callback_data=pack(MENU, "home"))])
    return InlineKeyboardMarkup(rows)


async def _confirm_zone(update: Update, context: ContextTypes.DEFAULT_TYPE, user_id: int, tz: str) -> None:
    assert update.effective_message is not None and valid_zone(tz)
    rem = reminder_service(context)
    offer = zone_asks(context).take(user_id)
    text, markup = zone_screen(context, user_id, tz, offer, with_note=False)
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
        # Only a recognisable zone (or a short list of them) is taken here: anything else (a question,
        # "my calf is swollen") goes on to the question handler and its red-flag screening, and
        # "ok" / "no" to the small-talk feature, which reads them as answers to this question.
        if whole_label(plain(message.text), words()["small_talk"]) is not None:
            return False
        return read_timezone(message.text.strip()).found


# --- wiring ------------------------------------------------------------------------------------
def register(app: App) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("timezone", timezone_command, filters=private))
    app.add_handler(CommandHandler("location", location_command, filters=private))
    app.add_handler(CallbackQueryHandler(timezone_button, pattern=pattern(TIMEZONE)))
    app.add_handler(MessageHandler(filters.LOCATION & private, location_shared))
    awaiting = zone_asks(app)
    # /forget deletes the document: the store tells us, so nobody is waited for after it.
    services(app).store.add_listener(awaiting.on_store_change)
    app.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & private & _AwaitingZoneText(awaiting), typed_timezone)
    )
    add_settings_button(app, timezone_texts.TIMEZONE_SETTINGS_BUTTON, pack(TIMEZONE, "ask"))
    add_command(app, "timezone", N_("Set your time zone"))
    add_onboarding_step(app, onboarding_question)
    add_entry_screen(app, ZONE_QUESTION, zone_question)
    add_typed_answer(app, "zone", typed_answer)
    if app.job_queue is not None:
        # Index the place names (a few seconds of CPU) in a thread right after start, not when the
        # first person types a city and the filter would do it on the event loop.
        app.job_queue.run_once(_warm_up, when=0, name="timezone-warm-up")


async def _warm_up(context: ContextTypes.DEFAULT_TYPE) -> None:
    # A daemon thread, not awaited: a bot stopped meanwhile must not wait for it or be called back.
    threading.Thread(target=warm_up, name="timezone-warm-up", daemon=True).start()
