"""/privacy, /export and /forget: what is stored, a copy of it, and deleting it."""

from __future__ import annotations

import io
import json
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from core.clock import utc_iso
from core.types import App
from handlers.callbacks import MENU, PRIVACY, pack, parse, pattern
from handlers.i18n import N_, current_language, language_name, tr
from handlers.menu import add_command, add_settings_button, add_typed_answer, back_to_menu_keyboard
from handlers.replies import note_asked
from handlers.services import services
from handlers.texts import common as common_texts
from handlers.texts import privacy as privacy_texts

# "Delete everything?" as words.json "answers" names it.
FORGET_QUESTION = "forget"
# Jobs that belong to one person, by name prefix; deleting their data cancels them too.
PERSONAL_JOB_PREFIXES = ("relief-timer:",)


def privacy_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(tr(privacy_texts.EXPORT_BUTTON), callback_data=pack(PRIVACY, "export"))],
            [InlineKeyboardButton(tr(privacy_texts.FORGET_BUTTON), callback_data=pack(PRIVACY, "forget"))],
            [InlineKeyboardButton(tr(common_texts.MENU_BUTTON), callback_data=pack(MENU, "home"))],
        ]
    )


def confirm_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(tr(privacy_texts.FORGET_YES), callback_data=pack(PRIVACY, "forget", "yes"))],
            [InlineKeyboardButton(tr(privacy_texts.FORGET_NO), callback_data=pack(PRIVACY, "forget", "no"))],
        ]
    )


def privacy_screen() -> str:
    """What is stored, and the language the person is spoken to in (it is stored too)."""
    language = privacy_texts.privacy_language_line(language_name(current_language()))
    return f"{tr(privacy_texts.PRIVACY)}\n\n{language}"


async def privacy_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(privacy_screen(), reply_markup=privacy_keyboard())


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_user is not None
    await send_export(context, update.effective_user.id)


async def forget_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_user is not None
    note_asked(context, update.effective_user.id, FORGET_QUESTION)
    await update.effective_message.reply_text(tr(privacy_texts.FORGET_CONFIRM), reply_markup=confirm_keyboard())


async def typed_no(update: Update, context: ContextTypes.DEFAULT_TYPE, argument: str) -> None:
    """ "no" typed at "Delete everything?" (words.json "answers", "forget"): nothing is deleted.
    A typed "yes" never deletes: the data says to tap the button."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(tr(privacy_texts.FORGET_CANCELLED), reply_markup=back_to_menu_keyboard())


async def privacy_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """pv1:home | pv1:export | pv1:forget | pv1:forget:yes | pv1:forget:no"""
    query = update.callback_query
    assert query is not None
    _, parts = parse(query.data)
    await query.answer()
    user_id = query.from_user.id
    if parts == ["export"]:
        await send_export(context, user_id)
    elif parts == ["forget"]:
        note_asked(context, user_id, FORGET_QUESTION)
        await query.edit_message_text(tr(privacy_texts.FORGET_CONFIRM), reply_markup=confirm_keyboard())
    elif parts == ["forget", "yes"]:
        await forget_user(context, user_id)
        await query.edit_message_text(tr(privacy_texts.FORGET_DONE), reply_markup=back_to_menu_keyboard())
    elif parts == ["forget", "no"]:
        await query.edit_message_text(tr(privacy_texts.FORGET_CANCELLED), reply_markup=back_to_menu_keyboard())
    else:
        await query.edit_message_text(privacy_screen(), reply_markup=privacy_keyboard())


async def send_export(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> None:
    """Always to the person's own private chat (their user id), never to where the button was."""
    chat_id = user_id
    svc = services(context)
    data = svc.store.export_user(user_id)
    if data is None:
        await context.bot.send_message(chat_id, tr(privacy_texts.EXPORT_NOTHING))
        return
    payload = {"exported_at": utc_iso(svc.clock.now()), **data}
    document = io.BytesIO(json.dumps(payload, indent=2, ensure_ascii=False).encode("utf-8"))
    await context.bot.send_document(
        chat_id, document, filename=f"cramp-coach-data-{user_id}.json", caption=tr(privacy_texts.EXPORT_CAPTION)
    )


async def forget_user(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> None:
    """Delete the person's record from every file before we say so; the scheduler follows the
    store, so their reminders stop."""
    await services(context).store.forget(user_id)
    if context.user_data is not None:
        context.user_data.clear()  # what the conversation remembered in memory goes too
    if context.job_queue is not None:
        for prefix in PERSONAL_JOB_PREFIXES:
            for job in context.job_queue.get_jobs_by_name(f"{prefix}{user_id}"):
                job.schedule_removal()


# "delete all my data", "please erase my info": the same confirmation as /forget.
DELETE_REQUEST = filters.Regex(
    re.compile(r"\b(?:delete|erase|remove|wipe)\b.{0,30}\b(?:data|info|information|account|details|everything)\b", re.I)
)


def register(app: App) -> None:
    app.add_handler(CommandHandler("privacy", privacy_command))
    app.add_handler(CommandHandler("export", export_command))
    app.add_handler(CommandHandler("forget", forget_command))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & DELETE_REQUEST, forget_command))
    app.add_handler(CallbackQueryHandler(privacy_button, pattern=pattern(PRIVACY)))
    add_settings_button(app, privacy_texts.PRIVACY_SETTINGS_BUTTON, pack(PRIVACY, "home"))
    add_typed_answer(app, "privacy", typed_no)
    add_command(app, "privacy", N_("What I store about you"))
