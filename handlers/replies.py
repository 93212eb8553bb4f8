"""Replies the features share: answering in place, the not-understood replies that offer the menu,
and the record of the last question the bot asked (so "ok", "thanks" or "no" can fit it).

A shared place, like `callbacks` and `menu`: features import it, it imports no feature.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from core.clock import parse_utc_iso, utc_iso
from handlers.i18n import tr
from handlers.menu import main_menu_keyboard
from handlers.services import services
from handlers.texts import common as common_texts

logger = logging.getLogger(__name__)


def is_not_modified(error: object) -> bool:
    """Telegram refused an edit that would change nothing (a double tap): not a failure."""
    return isinstance(error, BadRequest) and "not modified" in error.message.lower()


async def edit_in_place(query: CallbackQuery, text: str, reply_markup: InlineKeyboardMarkup | None = None) -> None:
    """Edit the button's message; a double tap that would change nothing is not an error."""
    try:
        await query.edit_message_text(text, reply_markup=reply_markup)
    except BadRequest as exc:
        if not is_not_modified(exc):
            raise


async def show_in_place(
    update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, markup: InlineKeyboardMarkup
) -> None:
    """Edit the tapped message in place; send a new one if it can no longer be edited (a photo, a lost id)."""
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            await query.edit_message_text(text, reply_markup=markup)
            return
        except BadRequest as exc:
            if is_not_modified(exc):
                return  # the same screen again (a repeated tap): nothing to change
            logger.info("could not edit a message (%s); sending a new one", exc.message)
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_message(chat.id, text, reply_markup=markup)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command nobody knows (or may use): say so and offer the menu."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        tr(common_texts.UNKNOWN_COMMAND), reply_markup=main_menu_keyboard(context.bot_data)
    )


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button no feature recognises: from an old layout, an old message, or forged."""
    query = update.callback_query
    assert query is not None
    logger.info("stale or unknown callback from user %s (update %s)", query.from_user.id, update.update_id)
    await query.answer(tr(common_texts.STALE_BUTTON))
    await context.bot.send_message(
        query.from_user.id, tr(common_texts.STALE_BUTTON_MESSAGE), reply_markup=main_menu_keyboard(context.bot_data)
    )


# --- the last question the bot asked ------------------------------------------------------------
# A small record (table `asked`, {"q": question, "at": UTC}) beside the document: a restart between
# the question and "ok" loses nothing, and setting or leaving it never rewrites the whole document.
# A question older than ASKED_TTL is not what a short "ok" answers.
ASKED_TABLE = "asked"
ASKED_NAME = "last"
ASKED_TTL = timedelta(hours=1)


def note_asked(context: ContextTypes.DEFAULT_TYPE, user_id: int, question: str) -> None:
    """Remember that the bot just asked `question` (a name in words.json "answers"). Only for someone
    with a record: asking never creates one (e.g. after /forget)."""
    svc = services(context)
    if svc.store.get(user_id) is not None:
        svc.store.set_record(ASKED_TABLE, user_id, ASKED_NAME, {"q": question, "at": utc_iso(svc.clock.now())})


def last_asked(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> str | None:
    """The question a short reply answers now: the last one asked, if within ASKED_TTL."""
    svc = services(context)
    asked = svc.store.record(ASKED_TABLE, user_id, ASKED_NAME)
    if asked is None or not isinstance(asked.get("q"), str) or not isinstance(asked.get("at"), str):
        return None
    if svc.clock.now() - parse_utc_iso(asked["at"]) >= ASKED_TTL:
        return None
    return str(asked["q"])


def clear_asked(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> None:
    """The question is answered or left behind (the person said or tapped something else)."""
    store = services(context).store
    if store.record(ASKED_TABLE, user_id, ASKED_NAME) is not None:
        store.set_record(ASKED_TABLE, user_id, ASKED_NAME, None)
