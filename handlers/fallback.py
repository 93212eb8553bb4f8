"""Last in line: unknown commands, non-text messages and stale or forged buttons.

Registered after every feature so that only what nobody else handled lands here.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from core.types import App
from handlers.i18n import tr
from handlers.menu import main_menu_keyboard
from handlers.replies import stale_button, unknown_command
from handlers.texts import common as common_texts

NON_TEXT = filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL


async def non_text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice, …: a polite nudge to type instead."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        tr(common_texts.PLEASE_TYPE), reply_markup=main_menu_keyboard(context.bot_data)
    )


def register(app: App) -> None:
    app.add_handler(MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, unknown_command))
    app.add_handler(MessageHandler(NON_TEXT, non_text_message))
    app.add_handler(CallbackQueryHandler(stale_button))
