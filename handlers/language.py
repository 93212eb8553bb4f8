"""The person's language: chosen for every update before any handler runs, changed with /language.

The choice is the stored `lang` (set at the first /start from Telegram's `language_code`, see
handlers/start.py, or picked with /language), else Telegram's language_code of this update, else
English. Nothing here stands between a person and the urgent screen: an unknown language only
changes the words.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, TypeHandler

from core.types import App
from handlers.callbacks import LANGUAGE, MENU, pack, parse, pattern
from handlers.groups import GROUP_LANGUAGE
from handlers.i18n import (
    SOURCE_LANG,
    chosen_language,
    language_name,
    set_language,
    supported_languages,
    tr,
)
from handlers.menu import add_command, add_settings_button
from handlers.services import services
from handlers.texts import common as common_texts
from handlers.texts import language as language_texts


async def choose_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every update: speak the person's language in whatever handles it (one store lookup)."""
    user = update.effective_user
    if user is None:
        set_language(SOURCE_LANG)
        return
    doc = services(context).store.get(user.id)
    set_language(chosen_language(doc.get("lang") if doc else None, user.language_code))


def language_keyboard(current: str) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                language_texts.language_choice(language_name(lang), lang == current),
                callback_data=pack(LANGUAGE, "set", lang),
            )
        ]
        for lang in supported_languages()
    ]
    rows.append([InlineKeyboardButton(tr(common_texts.MENU_BUTTON), callback_data=pack(MENU, "home"))])
    return InlineKeyboardMarkup(rows)


async def language_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None
    current = _current(context, user.id, user.language_code)
    await message.reply_text(tr(language_texts.LANGUAGE_PROMPT), reply_markup=language_keyboard(current))


async def language_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """lg1:ask | lg1:set:<lang> — edits the picker in place; the answer comes in the new language."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    _, parts = parse(query.data)
    if parts[:1] == ["set"] and len(parts) == 2 and parts[1] in supported_languages():
        lang = parts[1]
        svc = services(context)
        svc.store.update(user.id, {"lang": lang})
        set_language(lang)
        await query.answer()
        await query.edit_message_text(
            language_texts.language_set(language_name(lang)), reply_markup=language_keyboard(lang)
        )
        return
    await query.answer()
    current = _current(context, user.id, user.language_code)
    await query.edit_message_text(tr(language_texts.LANGUAGE_PROMPT), reply_markup=language_keyboard(current))


def _current(context: ContextTypes.DEFAULT_TYPE, user_id: int, language_code: str | None) -> str:
    doc = services(context).store.get(user_id)
    return chosen_language(doc.get("lang") if doc else None, language_code)


def register(app: App) -> None:
    app.add_handler(TypeHandler(Update, choose_language), group=GROUP_LANGUAGE)
    app.add_handler(CommandHandler("language", language_command))
    app.add_handler(CallbackQueryHandler(language_button, pattern=pattern(LANGUAGE)))
    add_settings_button(app, language_texts.LANGUAGE_SETTINGS_BUTTON, pack(LANGUAGE, "ask"))
    add_command(app, "language", language_texts.LANGUAGE_COMMAND_DESCRIPTION)
