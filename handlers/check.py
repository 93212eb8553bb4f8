"""/check: the guided cramp check, one question per tap, edited in place.

The answers so far travel in the buttons themselves (`ck1:<answers>:<choice>`, one character per
answered question), so a check survives restarts and an old message simply continues from where
it was. Only the finished result is stored.
"""

from __future__ import annotations

import logging
from dataclasses import asdict

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from core.clock import utc_iso
from core.types import App, BotData
from handlers.callbacks import CHECK, MENU, REMINDER_SETTINGS, pack, parse, pattern
from handlers.i18n import N_, tr
from handlers.menu import add_command, add_menu_button, has_feature, main_menu_keyboard
from handlers.replies import edit_in_place
from handlers.services import services
from handlers.texts import ask as ask_texts
from handlers.texts import check as check_texts
from handlers.texts import common as common_texts
from knowledge.check import CHECK_QUESTIONS, CheckQuestion, render_check_result, score

logger = logging.getLogger(__name__)

# Multi-select answers are a bit mask of options, written as one hex digit.
_HEX = "0123456789abcdef"


class ForgedCheckData(ValueError):
    """Check buttons that no message of ours could carry."""


def decode_answers(encoded: str) -> dict[str, list[str]]:
    """'0213…' → {"where": ["calf"], ...}; raises ForgedCheckData for anything impossible."""
    if len(encoded) > len(CHECK_QUESTIONS):
        raise ForgedCheckData(encoded)
    answers: dict[str, list[str]] = {}
    for question, char in zip(CHECK_QUESTIONS, encoded, strict=False):
        answers[question.id] = _decode_one(question, char)
    return answers


def _decode_one(question: CheckQuestion, char: str) -> list[str]:
    if char not in _HEX:
        raise ForgedCheckData(char)
    value = _HEX.index(char)
    if question.multi:
        if value >= 1 << len(question.options):
            raise ForgedCheckData(char)
        return [option for bit, (option, _) in enumerate(question.options) if value & (1 << bit)]
    if value >= len(question.options):
        raise ForgedCheckData(char)
    return [question.options[value][0]]


def question_keyboard(encoded: str, mask: int = 0) -> InlineKeyboardMarkup:
    """Buttons for the next unanswered question; multi-select shows ticks and a Done button."""
    question = CHECK_QUESTIONS[len(encoded)]
    rows = []
    for index, (_, label) in enumerate(question.options):
        if question.multi:
            ticked = "✅ " if mask & (1 << index) else ""
            data = pack(CHECK, encoded, f"t{_HEX[mask ^ (1 << index)]}")
            rows.append([InlineKeyboardButton(ticked + label, callback_data=data)])
        else:
            rows.append([InlineKeyboardButton(label, callback_data=pack(CHECK, encoded, str(index)))])
    if question.multi:
        rows.append(
            [
                InlineKeyboardButton(
                    tr(check_texts.CHECK_MULTI_DONE), callback_data=pack(CHECK, encoded, f"d{_HEX[mask]}")
                )
            ]
        )
    if encoded:
        rows.append([InlineKeyboardButton(tr(check_texts.CHECK_BACK), callback_data=pack(CHECK, encoded[:-1], "q"))])
    return InlineKeyboardMarkup(rows)


def question_text(encoded: str) -> str:
    number = len(encoded) + 1
    head = check_texts.check_intro(len(CHECK_QUESTIONS)) if number == 1 else ""
    progress = tr(check_texts.CHECK_PROGRESS).format(number=number, count=len(CHECK_QUESTIONS))
    return head + progress + f"<b>{CHECK_QUESTIONS[len(encoded)].prompt}</b>"


def result_keyboard(bot_data: BotData) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(tr(check_texts.CHECK_RETAKE), callback_data=pack(CHECK, "", "q"))]]
    if has_feature(bot_data, REMINDER_SETTINGS):
        rows.append(
            [InlineKeyboardButton(tr(ask_texts.FOLLOWUP_REMINDER), callback_data=pack(REMINDER_SETTINGS, "home"))]
        )
    rows.append([InlineKeyboardButton(tr(common_texts.MENU_BUTTON), callback_data=pack(MENU, "home"))])
    return InlineKeyboardMarkup(rows)


async def check_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(question_text(""), reply_markup=question_keyboard(""))


async def check_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ck1:<answers>:<n> picks option n · t<m> toggles a multi-select · d<m> confirms it · q shows the question."""
    query = update.callback_query
    assert query is not None
    try:
        encoded, choice = _step(query.data)
    except ForgedCheckData:
        await query.answer(tr(common_texts.STALE_BUTTON))
        await context.bot.send_message(
            query.from_user.id, tr(common_texts.STALE_BUTTON_MESSAGE), reply_markup=main_menu_keyboard(context.bot_data)
        )
        return
    await query.answer()
    if choice.startswith("t"):
        await edit_in_place(query, question_text(encoded), question_keyboard(encoded, _HEX.index(choice[1])))
        return
    if choice != "q":
        encoded += choice[1] if choice.startswith("d") else _HEX[int(choice)]
    if len(encoded) < len(CHECK_QUESTIONS):
        await edit_in_place(query, question_text(encoded), question_keyboard(encoded))
        return
    await finish_check(update, context, decode_answers(encoded))


def _step(data: str | None) -> tuple[str, str]:
    """Validate the button completely before acting on any of it."""
    _, parts = parse(data)
    if parts == ["start"]:
        return "", "q"
    if len(parts) != 2:
        raise ForgedCheckData(data)
    encoded, choice = parts
    decode_answers(encoded)
    if choice == "q":
        return encoded, choice
    if len(encoded) >= len(CHECK_QUESTIONS):
        raise ForgedCheckData(data)
    question = CHECK_QUESTIONS[len(encoded)]
    if question.multi and len(choice) == 2 and choice[0] in "td":
        _decode_one(question, choice[1])
        return encoded, choice
    if not question.multi and choice.isascii() and choice.isdigit() and int(choice) < len(question.options):
        return encoded, choice
    raise ForgedCheckData(data)


async def finish_check(update: Update, context: ContextTypes.DEFAULT_TYPE, answers: dict[str, list[str]]) -> None:
    query = update.callback_query
    assert query is not None
    svc = services(context)
    result = score(answers, svc.knowledge)
    svc.store.ensure_user(query.from_user.id, query.from_user.id, svc.clock.now())  # private chat: chat id == user id
    svc.store.update(
        query.from_user.id,
        {"check": {"answers": answers, "result": asdict(result), "at": utc_iso(svc.clock.now())}},
    )
    logger.debug("check finished by user %s: %s", query.from_user.id, [c.topic for c in result.contributors])
    await edit_in_place(query, render_check_result(result), result_keyboard(context.bot_data))


def register(app: App) -> None:
    app.add_handler(CommandHandler("check", check_command))
    app.add_handler(CallbackQueryHandler(check_button, pattern=pattern(CHECK)))
    add_menu_button(app, check_texts.CHECK_BUTTON, pack(CHECK, "start"))
    add_command(app, "check", N_("Check what may cause your cramps"))
