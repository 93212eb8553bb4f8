"""The one error handler: log with the update id (never the text), apologise, keep serving."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError, TimedOut
from telegram.ext import ContextTypes

from core.types import App
from handlers.i18n import tr
from handlers.replies import is_not_modified
from handlers.texts import common as common_texts

logger = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    update_id = update.update_id if isinstance(update, Update) else None
    if is_not_modified(context.error):
        # A double tap asked to show what is already shown: nothing went wrong for the person.
        logger.debug("update %s: message already up to date", update_id)
        return
    if isinstance(context.error, TimedOut):
        # Telegram may well have delivered the reply: an apology would be for nothing.
        logger.warning("update %s: the Bot API did not answer in time; the reply may have arrived", update_id)
        return
    logger.error("error while handling update %s", update_id, exc_info=context.error)
    if not isinstance(update, Update) or isinstance(context.error, Forbidden):
        return  # nothing to answer, or the person blocked us
    if update.callback_query is not None:
        await _quietly(update.callback_query.answer())
    chat = update.effective_chat
    if chat is not None:
        await _quietly(context.bot.send_message(chat.id, tr(common_texts.APOLOGY)))


async def _quietly(call: object) -> None:
    """An apology that fails (chat gone, query already answered) must not raise again."""
    try:
        await call  # type: ignore[misc]
    except TelegramError as exc:
        logger.warning("could not apologise: %s", exc.__class__.__name__)


def register(app: App) -> None:
    app.add_error_handler(on_error)
