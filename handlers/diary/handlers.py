"""The diary's Telegram side: read the person's entries, let `diary` and `screens` decide, store, show.

Every entry lives in the user document's `cramp_log` (diary.entries is its one format). Logging is
one `UserStore.append` (one durable write); an edit or a delete is one `UserStore.update` of the list.
The chart and the report are drawn in the drawing process (`diary.render.off_loop`): the loop keeps serving.
"""

from __future__ import annotations

import io
import logging
import secrets
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes, filters

from core.clock import Clock
from core.userdoc import UserDoc
from diary import entries as log
from diary import render, stats
from diary.entries import Entry
from handlers.diary import screens
from handlers.diary.buttons import LAST, ForgedButton, Press, decode
from handlers.i18n import day_month_year, speaking, stored_language, tr
from handlers.replies import show_in_place, stale_button
from handlers.services import AppServices, services
from handlers.texts import diary as diary_texts
from knowledge.check import CHECK_QUESTIONS
from knowledge.triage import screen
from scheduler.index import Due, Subscriber
from scheduler.index import zone as zone_named
from scheduler.service import KindRenderer

logger = logging.getLogger(__name__)

NOTE_WAIT = timedelta(minutes=15)  # a note typed later than this is a question, not a note
REMINDER_KINDS_IN_REPORT = ("hydration", "stretch", "food")


# ---------------------------------------------------------------- the store boundary


def person(svc: AppServices, user_id: int) -> tuple[UserDoc, list[Entry], tzinfo]:
    doc: UserDoc = svc.store.get(user_id) or {}
    return doc, log.entries_of(doc), zone_named(svc.reminders.timezone_of(user_id))


def add_entry(svc: AppServices, user_id: int, entry: Entry) -> None:
    svc.store.ensure_user(user_id, user_id, svc.clock.now())  # private chat: chat id == user id
    svc.store.append(user_id, log.STORE_KEY, log.to_doc(entry), keep=log.KEEP)


def change_entry(svc: AppServices, user_id: int, doc: UserDoc, entry_id: str, new: Entry | None) -> None:
    svc.store.update(user_id, {log.STORE_KEY: log.replaced(doc.get(log.STORE_KEY), entry_id, new)})


# ---------------------------------------------------------------- the note asked for


class NoteAsks:
    """Who was asked for a note, for which entry, until when (in memory: a restart just forgets)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._asked: dict[int, tuple[str, datetime]] = {}

    def ask(self, user_id: int, entry_id: str, until: datetime) -> None:
        self._asked[user_id] = (entry_id, until)

    def pending(self, user_id: int) -> str | None:
        """The entry a note was asked for, unless NOTE_WAIT has passed since (then text is a question)."""
        found = self._asked.get(user_id)
        if found is None or self._clock.now() > found[1]:
            return None
        return found[0]

    def take(self, user_id: int) -> str | None:
        entry_id = self.pending(user_id)
        self._asked.pop(user_id, None)
        return entry_id

    def on_store_change(self, user_id: int, doc: UserDoc | None) -> None:
        if doc is None:  # /forget: nothing of theirs is waited for
            self._asked.pop(user_id, None)


class AwaitingNote(filters.MessageFilter):
    """Text from someone who tapped "Add a note" (other text goes on to the other features)."""

    def __init__(self, asks: NoteAsks) -> None:
        super().__init__(name="AwaitingNote")
        self.asks = asks

    def filter(self, message: Message) -> bool:
        user = message.from_user
        return user is not None and bool(message.text) and self.asks.pending(user.id) is not None


NOTE_ASKS_KEY = "diary_note_asks"


def note_asks(owner: Any) -> NoteAsks:
    """The one NoteAsks of the application (context or Application), made on first use."""
    asks = owner.bot_data.get(NOTE_ASKS_KEY)
    if not isinstance(asks, NoteAsks):
        asks = owner.bot_data[NOTE_ASKS_KEY] = NoteAsks(services(owner).clock)
    return asks


# ---------------------------------------------------------------- commands


async def diary_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None
    note_asks(context).take(user.id)
    text, markup = home_view(context, user.id)
    await message.reply_text(text, reply_markup=markup)


async def report_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_user is not None
    await send_report(context, update.effective_user.id)


async def note_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None and message.text is not None
    svc = services(context)
    entry_id = note_asks(context).take(user.id)
    doc, entries, zone = person(svc, user.id)
    entry = log.find(entries, entry_id) if entry_id else None
    if entry is None:  # deleted meanwhile, or the ask expired
        await message.reply_text(tr(diary_texts.DIARY_ENTRY_GONE), reply_markup=home_view(context, user.id)[1])
        return
    noted = log.with_note(entry, message.text)
    change_entry(svc, user.id, doc, entry.id, noted)
    logger.info("diary: user %s added a note", user.id)  # ids only: the note is health data
    text, markup = screens.entry_screen(noted, zone, logged_now=False)
    await message.reply_text(f"{tr(diary_texts.DIARY_NOTE_SAVED)}\n\n{text}", reply_markup=markup)
    if screen(message.text).level is not None:
        # A note is read by the same red-flag screening as a question: "calf swollen and red" typed
        # here must not get less than it would have got in the chat.
        answer = await svc.knowledge.answer_async(message.text)
        await message.reply_text(answer.text)


# ---------------------------------------------------------------- buttons


async def diary_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every dy1 button; forged or impossible data gets the house's stale-button answer."""
    query = update.callback_query
    assert query is not None
    try:
        press = decode(query.data)
    except ForgedButton:
        await stale_button(update, context)
        return
    handler = ACTIONS[press.action]
    await handler(update, context, press)


async def on_home(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    view = home_view(context, query.from_user.id)
    if press.action == "menu":
        await show_in_place(update, context, *view)
    else:
        await context.bot.send_message(query.from_user.id, view[0], reply_markup=view[1])


async def on_where(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    query = update.callback_query
    assert query is not None and press.place is not None
    await query.answer()
    await show_in_place(update, context, *screens.when_screen(secrets.token_hex(3), press.place))


async def on_other_day(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    query = update.callback_query
    assert query is not None and press.place is not None and press.entry_id is not None
    await query.answer()
    svc = services(context)
    _, _, zone = person(svc, query.from_user.id)
    await show_in_place(update, context, *screens.day_screen(press.entry_id, press.place, svc.clock.now(), zone))


async def on_when(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    """The last tap of logging: one durable append, then the optional details."""
    query = update.callback_query
    assert query is not None and press.entry_id is not None and press.place is not None
    svc = services(context)
    user_id = query.from_user.id
    _, entries, zone = person(svc, user_id)
    existing = log.find(entries, press.entry_id)
    if existing is not None:  # a double tap: the entry is already in the diary
        await query.answer(tr(diary_texts.DIARY_ALREADY_LOGGED))
        return
    moment = when_of(press, svc.clock.now(), zone)
    if moment is None:
        await stale_button(update, context)  # a day the picker never offered (or no longer does)
        return
    entry = Entry(press.entry_id, moment[0], press.place, day_only=moment[1])
    add_entry(svc, user_id, entry)
    logger.info("diary: user %s logged a cramp", user_id)
    await query.answer()
    await show_in_place(update, context, *screens.entry_screen(entry, zone, logged_now=True))


def when_of(press: Press, now: datetime, zone: tzinfo) -> tuple[datetime, bool] | None:
    """(the UTC instant, whether only the day is known) a "when" button stands for, or None for a day
    the picker does not offer."""
    if press.day is not None:
        if press.day not in stats.pickable_days(now, zone):
            return None
        return stats.local_day_noon(press.day, zone), True
    assert press.value is not None
    return stats.resolve_when(press.value, now, zone), False


async def on_move(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    """Give an entry a new place and time (m: where?, mw: when?, mo: which day?, mn: done)."""
    query = update.callback_query
    assert query is not None and press.entry_id is not None
    svc = services(context)
    user_id = query.from_user.id
    doc, entries, zone = person(svc, user_id)
    entry = log.find(entries, press.entry_id)
    if entry is None:
        await query.answer(tr(diary_texts.DIARY_ENTRY_GONE))
        await show_in_place(update, context, *home_view(context, user_id))
        return
    if press.action == "mn":
        assert press.place is not None
        moment = when_of(press, svc.clock.now(), zone)
        if moment is None:
            await stale_button(update, context)
            return
        entry = replace(entry, place=press.place, at=moment[0], day_only=moment[1])
        change_entry(svc, user_id, doc, press.entry_id, entry)
    await query.answer()
    if press.action == "m":
        await show_in_place(update, context, *screens.move_screen(entry, zone))
    elif press.action == "mw":
        assert press.place is not None
        await show_in_place(update, context, *screens.when_screen(entry.id, press.place, moving=True))
    elif press.action == "mo":
        assert press.place is not None
        await show_in_place(
            update, context, *screens.day_screen(entry.id, press.place, svc.clock.now(), zone, moving=True)
        )
    else:
        await show_in_place(update, context, *screens.entry_screen(entry, zone, logged_now=False))


async def on_entry(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    """Open an entry (or the newest) for editing, or change it: how bad, what came before."""
    query = update.callback_query
    assert query is not None and press.entry_id is not None
    svc = services(context)
    user_id = query.from_user.id
    doc, entries, zone = person(svc, user_id)
    entry = (entries[-1] if entries else None) if press.entry_id == LAST else log.find(entries, press.entry_id)
    if entry is None:
        await query.answer(tr(diary_texts.DIARY_ENTRY_GONE))
        await show_in_place(update, context, *home_view(context, user_id))
        return
    if press.action == "s":
        assert press.value is not None
        entry = log.with_severity(entry, press.value)
        change_entry(svc, user_id, doc, entry.id, entry)
    elif press.action == "b":
        assert press.value is not None
        entry = log.with_trigger(entry, press.value)
        change_entry(svc, user_id, doc, entry.id, entry)
    await query.answer()
    if press.action == "t":
        note_asks(context).ask(user_id, entry.id, svc.clock.now() + NOTE_WAIT)
        await show_in_place(update, context, tr(diary_texts.DIARY_NOTE_ASK), screens.back_to_entry(entry.id))
    elif press.action == "x":
        await show_in_place(update, context, *screens.delete_screen(entry, zone))
    elif press.action == "xy":
        change_entry(svc, user_id, doc, entry.id, None)
        logger.info("diary: user %s deleted an entry", user_id)
        text, markup = home_view(context, user_id)
        await show_in_place(update, context, f"{tr(diary_texts.DIARY_DELETED)}\n\n{text}", markup)
    else:
        await show_in_place(update, context, *screens.entry_screen(entry, zone, logged_now=False))


async def on_history(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    query = update.callback_query
    assert query is not None and press.number is not None
    await query.answer()
    svc = services(context)
    _, entries, zone = person(svc, query.from_user.id)
    await show_in_place(update, context, *screens.history(entries, svc.clock.now(), zone, press.number))


async def on_insights(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    svc = services(context)
    _, entries, zone = person(svc, query.from_user.id)
    await show_in_place(update, context, *screens.insights(entries, svc.clock.now(), zone, svc.knowledge))


async def on_chart(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    query = update.callback_query
    assert query is not None and press.number is not None
    await query.answer()
    await send_chart(context, query.from_user.id, press.number)


async def on_report(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer(tr(diary_texts.DIARY_MAKING_REPORT))
    await send_report(context, query.from_user.id)


async def on_weekly(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    """dy1:k:0 — the weekly summary off (a reminder kind: the scheduler's index follows at once)."""
    query = update.callback_query
    assert query is not None
    await query.answer(tr(diary_texts.DIARY_WEEKLY_OFF))
    services(context).reminders.set_kind_on(query.from_user.id, "weekly", False)
    text, markup = home_view(context, query.from_user.id)
    await show_in_place(update, context, f"{tr(diary_texts.DIARY_WEEKLY_OFF)}\n\n{text}", markup)


ACTIONS = {
    "home": on_home,
    "menu": on_home,
    "w": on_where,
    "o": on_other_day,
    "n": on_when,
    "e": on_entry,
    "s": on_entry,
    "b": on_entry,
    "t": on_entry,
    "x": on_entry,
    "xy": on_entry,
    "m": on_move,
    "mw": on_move,
    "mo": on_move,
    "mn": on_move,
    "h": on_history,
    "i": on_insights,
    "c": on_chart,
    "r": on_report,
    "k": on_weekly,
}


# ---------------------------------------------------------------- views and sends


def home_view(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> screens.View:
    svc = services(context)
    _, entries, zone = person(svc, user_id)
    settings = svc.reminders.settings_of(user_id)
    weekly_on = bool(settings["enabled"] and settings["reminders"]["weekly"]["on"])
    return screens.home(entries, svc.clock.now(), zone, weekly_on)


def weekly_renderer(svc: AppServices) -> KindRenderer:
    """The scheduler's renderer for the "weekly" kind: the diary's summary, or None (nothing sent)
    in a week without entries. It runs in the scheduler's send workers, counted and throttled there."""

    def render_weekly(item: Due, sub: Subscriber) -> tuple[str, InlineKeyboardMarkup] | None:
        doc = svc.store.get(item.user_id) or {}
        with speaking(stored_language(doc)):
            return screens.weekly_summary(log.entries_of(doc), item.at, zone_named(sub.tz))

    return render_weekly


def chart_days(doc: UserDoc, entries: list[Entry], now: datetime, zone: tzinfo, days: int) -> list[render.Day]:
    water = stats.done_days(doc.get("reminder_log"), "hydration")
    return stats.daily(entries, now, zone, days, water)


async def send_chart(context: ContextTypes.DEFAULT_TYPE, user_id: int, days: int) -> None:
    svc = services(context)
    doc, entries, zone = person(svc, user_id)
    series = chart_days(doc, entries, svc.clock.now(), zone, days)
    png = await render.off_loop(render.chart_png, series, screens.chart_labels(days, series))
    await context.bot.send_photo(
        user_id, io.BytesIO(png), caption=screens.chart_caption(series), reply_markup=screens.chart_keyboard()
    )


async def send_report(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> None:
    """The one-page PDF, always to the person's own private chat (their user id)."""
    svc = services(context)
    doc, entries, zone = person(svc, user_id)
    now = svc.clock.now()
    if not stats.recent(entries, now):
        await context.bot.send_message(user_id, tr(diary_texts.DIARY_REPORT_NOTHING))
        return
    series = chart_days(doc, entries, now, zone, stats.HISTORY_DAYS)
    reminders = doc.get("reminders")
    adherence = (
        stats.adherence(doc.get("reminder_log"), REMINDER_KINDS_IN_REPORT, now, zone, stats.HISTORY_DAYS)
        if isinstance(reminders, dict)
        else None
    )
    sections = screens.report_sections(entries, now, zone, adherence, told_lines(doc))
    local_today = now.astimezone(zone).date()
    subtitle = tr(diary_texts.REPORT_SUBTITLE).format(
        first=day_month_year(local_today - timedelta(days=stats.HISTORY_DAYS - 1)),
        last=day_month_year(local_today),
        tz=svc.reminders.timezone_of(user_id),
    )
    pdf = await render.off_loop(
        render.report_pdf,
        tr(diary_texts.REPORT_TITLE),
        subtitle,
        series,
        screens.chart_labels(stats.HISTORY_DAYS, series),
        sections,
        tr(diary_texts.REPORT_FOOTER),
    )
    await context.bot.send_document(
        user_id,
        io.BytesIO(pdf),
        filename=f"cramp-report-{local_today:%Y-%m-%d}.pdf",
        caption=tr(diary_texts.DIARY_REPORT_CAPTION),
    )
    logger.info("diary: report sent to user %s", user_id)


def told_lines(doc: UserDoc) -> list[str]:
    """What the person told the bot, as stored: the guided check's answers and the `told` notes."""
    lines = []
    check = doc.get("check")
    answers = check.get("answers") if isinstance(check, dict) else None
    if isinstance(answers, dict):
        parts = []
        for question in CHECK_QUESTIONS:
            chosen = answers.get(question.id)
            labels = [label for option, label in question.options if isinstance(chosen, list) and option in chosen]
            if labels:
                name = tr(diary_texts.REPORT_CHECK_LABELS.get(question.id, question.prompt))
                parts.append(f"{name}: {', '.join(labels)}")
        if parts:
            day = str(check.get("at", ""))[:10] if isinstance(check, dict) else ""
            lines.append(tr(diary_texts.REPORT_CHECK_LINE).format(day=day, answers="; ".join(parts)))
    told = doc.get("told")
    if isinstance(told, dict):
        for key, msgid in diary_texts.REPORT_TOLD_LABELS.items():
            label, value = tr(msgid), told.get(key)
            if value is True:
                lines.append(label)
            elif isinstance(value, str) and value:
                lines.append(f"{label}: {value}")
    return lines
