"""Runs before every feature: what reaches them is a person, in a private chat, saying something new.

- Updates with no person behind them (channel posts, anonymous group admins) are dropped.
- Edits of earlier messages are dropped: a live location or a corrected question would
  otherwise replay the original action.
- Groups get commands only, and no personal features: health data and reminders belong in a
  private chat, so /help is answered and everything else points there.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ChatType, MessageEntityType
from telegram.ext import ApplicationHandlerStop, ContextTypes, TypeHandler

from core.types import App
from handlers.groups import GROUP_GUARD
from handlers.i18n import tr
from handlers.texts import common as common_texts


async def guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_user is None or update.edited_message is not None or update.edited_channel_post is not None:
        raise ApplicationHandlerStop
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return  # the normal path: features decide
    if update.callback_query is not None:
        await update.callback_query.answer(tr(common_texts.GROUP_PLEASE_PRIVATE), show_alert=True)
    elif isinstance(update.message, Message):
        command = _command_for_us(update.message, context.bot.username)
        if command == "help":
            await update.message.reply_text(tr(common_texts.HELP))
        elif command is not None:
            await update.message.reply_text(tr(common_texts.GROUP_PLEASE_PRIVATE))
    raise ApplicationHandlerStop


def _command_for_us(message: Message, bot_username: str) -> str | None:
    """The command a group message starts with, unless it is addressed to another bot."""
    entities = message.entities or ()
    if not entities or entities[0].type != MessageEntityType.BOT_COMMAND or entities[0].offset != 0:
        return None
    text = message.text or ""
    command, _, addressee = text[1 : entities[0].length].partition("@")
    if addressee and addressee.lower() != bot_username.lower():
        return None
    return command.lower()


def register(app: App) -> None:
    app.add_handler(TypeHandler(Update, guard), group=GROUP_GUARD)
