"""The cramp diary (/diary, /report): log a cramp in three taps, history, chart, insights, a PDF report.

Split by job:
    buttons.py   the diary's callback_data (dy1), decoded into typed presses
    screens.py   texts and keyboards of each screen, from entries and the person's zone
    handlers.py  the Telegram side: the store boundary, the note asked for, chart and report sends
The pure logic (entries, counts, insights, drawing) is the `diary` package, with no telegram in it.
Other features reach the diary only through its menu button and its commands.
"""

from __future__ import annotations

from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from core.types import App
from handlers.callbacks import DIARY, pattern
from handlers.diary.buttons import data
from handlers.diary.handlers import (
    AwaitingNote,
    diary_button,
    diary_command,
    note_asks,
    note_typed,
    report_command,
    weekly_renderer,
)
from handlers.menu import add_command, add_menu_button
from handlers.services import services
from handlers.texts import diary as diary_texts

__all__ = ["register"]


def register(app: App) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("diary", diary_command, filters=private))
    app.add_handler(CommandHandler("report", report_command, filters=private))
    app.add_handler(CallbackQueryHandler(diary_button, pattern=pattern(DIARY)))
    svc = services(app)
    svc.reminders.renderers["weekly"] = weekly_renderer(svc)  # Sunday's summary, sent by the minute tick
    asks = note_asks(app)
    svc.store.add_listener(asks.on_store_change)
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & private & AwaitingNote(asks), note_typed))
    add_menu_button(app, diary_texts.DIARY_MENU_BUTTON, data("home"))
    add_command(app, "diary", diary_texts.DIARY_COMMAND_DESCRIPTION)
    add_command(app, "report", diary_texts.REPORT_COMMAND_DESCRIPTION)
