"""Free-text questions: red flags first, then a short sourced answer with follow-up buttons."""

from __future__ import annotations

import logging
import re
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from handlers.services import services
from handlers import texts
from handlers.callbacks import KNOWLEDGE, MENU, RELIEF, REMINDER_SETTINGS, parse, pack, pattern, relief_start_data
from handlers.menu import add_menu_button, back_to_menu_keyboard, has_feature
from knowledge import TOPIC_IDS, Answer, KnowledgeBase

logger = logging.getLogger(__name__)

FREE_TEXT = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
# "and at night?", "what about my feet", "does that work for the foot too?"
FOLLOW_UP = re.compile(r"^(?:and|also|but|what about|how about|what if|same for|does (?:that|this|it)|is (?:that|this|it))\b", re.I)
LAST_TOPIC_KEY = "last_topic"
# Telegram's limit; knowledge keeps answers well under it, this guards the last step.
MAX_MESSAGE_CHARS = 4096


# A follow-up that would only repeat the answer it sits under.
_SAME_AS = {"doctor": "red_flag", "foods": "prevention_foods", "relief": None, "reminder": None}


def followup_keyboard(answer: Answer, bot_data: dict) -> InlineKeyboardMarkup:  # type: ignore[type-arg]
    """One button per follow-up the answer offers (for features that are there), then Menu."""
    topic = answer.topics[0] if answer.topics else "overview"
    candidates = {
        "foods": (texts.FOLLOWUP_FOODS, pack(KNOWLEDGE, "foods", topic), True),
        "relief": (texts.FOLLOWUP_RELIEF, relief_start_data(answer.place), has_feature(bot_data, RELIEF)),
        "doctor": (texts.FOLLOWUP_DOCTOR, pack(KNOWLEDGE, "doctor"), True),
        "reminder": (texts.FOLLOWUP_REMINDER, pack(REMINDER_SETTINGS, "home"), has_feature(bot_data, REMINDER_SETTINGS)),
    }
    rows = [
        [InlineKeyboardButton(label, callback_data=data)]
        for key in answer.followups
        if key in candidates and _SAME_AS.get(key) != topic
        for label, data, available in [candidates[key]]
        if available
    ]
    rows.append([InlineKeyboardButton(texts.MENU_BUTTON, callback_data=pack(MENU, "home"))])
    return InlineKeyboardMarkup(rows)


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    answer = answer_in_context(services(context).knowledge, message.text, context.user_data)
    # Even topics say something about a person's health: DEBUG only, the question itself never.
    logger.debug(
        "answered update %s: topics=%s urgent=%s", update.update_id, ",".join(answer.topics[:3]), answer.urgent
    )
    await message.reply_text(answer.text[:MAX_MESSAGE_CHARS], reply_markup=followup_keyboard(answer, context.bot_data))


def answer_in_context(kb: KnowledgeBase, text: str, memory: dict[str, Any] | None) -> Answer:
    """Answer `text`; a bare follow-up ("and at night?") is read with the topic of the last answer.

    Only the topic id is remembered, in memory (lost on restart), never the question.
    """
    answer = kb.answer(text)
    last_topic = memory.get(LAST_TOPIC_KEY) if memory is not None else None
    if answer.topics[:1] == ["out_of_scope"] and isinstance(last_topic, str) and FOLLOW_UP.match(text.strip()):
        answer = kb.answer(f"{text} {last_topic.replace('_', ' ')}")
    if memory is not None and answer.topics and answer.topics[0] not in ("out_of_scope", "red_flag"):
        memory[LAST_TOPIC_KEY] = answer.topics[0]
    return answer


async def knowledge_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """kn1:ask | kn1:doctor | kn1:foods:<topic> — follow-ups arrive as new messages, the answer stays."""
    query = update.callback_query
    assert query is not None
    _, parts = parse(query.data)
    kb = services(context).knowledge
    if parts == ["ask"]:
        await query.answer()
        await query.edit_message_text(texts.ASK_PROMPT, reply_markup=back_to_menu_keyboard())
        return
    if parts == ["doctor"]:
        answer = kb.when_to_see_doctor()
    elif len(parts) == 2 and parts[0] == "foods" and (parts[1] in TOPIC_IDS or parts[1] == "overview"):
        answer = kb.foods_answer(parts[1])
    else:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await context.bot.send_message(
        query.from_user.id, answer.text[:MAX_MESSAGE_CHARS], reply_markup=followup_keyboard(answer, context.bot_data)
    )


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(MessageHandler(FREE_TEXT, answer_question))
    app.add_handler(CallbackQueryHandler(knowledge_button, pattern=pattern(KNOWLEDGE)))
    add_menu_button(app, texts.ASK_BUTTON, pack(KNOWLEDGE, "ask"))
