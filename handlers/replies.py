"""Small helpers for answering in place, shared by the features."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup
from telegram.error import BadRequest

from handlers.errors import is_not_modified


async def edit_in_place(query: CallbackQuery, text: str, reply_markup: InlineKeyboardMarkup | None = None) -> None:
    """Edit the button's message; a double tap that would change nothing is not an error."""
    try:
        await query.edit_message_text(text, reply_markup=reply_markup)
    except BadRequest as exc:
        if not is_not_modified(exc):
            raise
