"""Free-text questions: red flags first, then a short sourced first screen with buttons for more."""

from __future__ import annotations

import logging
import re
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from core.types import App, BotData
from handlers.callbacks import KNOWLEDGE, MENU, RELIEF, pack, parse, pattern, relief_start_data
from handlers.i18n import SOURCE_LANG, current_language, tr
from handlers.menu import add_menu_button, back_to_menu_keyboard, has_feature
from handlers.services import services
from handlers.texts import ask as ask_texts
from handlers.texts import common as common_texts
from knowledge import INTENTS, TOPIC_IDS, Answer, KnowledgeBase
from knowledge.models import MAX_PAGES
from store import UserStore

logger = logging.getLogger(__name__)

FREE_TEXT = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
# A photo, video or document with a caption ("is this swelling normal? my calf") is read like text,
# red-flag screening included; without a caption it goes on to the fallback's "please type".
CAPTIONED = filters.CAPTION & ~filters.TEXT & filters.ChatType.PRIVATE
# "and at night?", "what about my feet", "does that work for the foot too?"
FOLLOW_UP = re.compile(
    r"^(?:and|also|but|what about|how about|what if|same for|does (?:that|this|it)|is (?:that|this|it))\b", re.I
)
# The user document's key this feature owns: what the person told the bot (vegan, pregnant, water pills,
# age group, usual place and time) and the last topic answered. Listed in /privacy, exported, forgotten.
TOLD_KEY = "told"
LAST_TOPIC_KEY = "last_topic"
# Telegram's limit; knowledge keeps answers well under it, this guards the last step.
MAX_MESSAGE_CHARS = 4096
_LABELS = {
    "why": ask_texts.MORE_WHY,
    "foods": ask_texts.FOLLOWUP_FOODS,
    "symptoms": ask_texts.MORE_SYMPTOMS,
    "doctor": ask_texts.FOLLOWUP_DOCTOR,
}


def followup_keyboard(answer: Answer, bot_data: BotData) -> InlineKeyboardMarkup:
    """One button per `answer.more` (each has facts behind it), relief now if that feature is there, then Menu."""
    topic = answer.topics[0] if answer.topics else "overview"
    topic = "overview" if topic in ("out_of_scope", "red_flag") else topic
    # Buttons answer in the answer's language: a non-English one rides along (page 0 before it).
    lang: list[str | int] = [] if answer.lang == "en" else [answer.lang]
    first_page: list[str | int] = [0, *lang] if lang else []
    rows = [
        [InlineKeyboardButton(tr(_LABELS[key]), callback_data=pack(KNOWLEDGE, key, topic, *first_page))]
        for key in answer.more
        if key in _LABELS
    ]
    if "next" in answer.more and answer.page + 1 <= MAX_PAGES:
        rows.insert(
            0,
            [
                InlineKeyboardButton(
                    tr(ask_texts.MORE_NEXT), callback_data=pack(KNOWLEDGE, answer.intent, topic, answer.page + 1, *lang)
                )
            ],
        )
    if "relief" in answer.more and has_feature(bot_data, RELIEF):
        rows.append(
            [InlineKeyboardButton(tr(ask_texts.FOLLOWUP_RELIEF), callback_data=relief_start_data(answer.place))]
        )
    rows.append([InlineKeyboardButton(tr(common_texts.MENU_BUTTON), callback_data=pack(MENU, "home"))])
    return InlineKeyboardMarkup(rows)


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    text = message.text or message.caption if message is not None else None
    assert message is not None and text is not None and update.effective_user is not None
    svc = services(context)
    answer = await answer_in_context(svc.knowledge, svc.store, update.effective_user.id, text)
    # Even topics say something about a person's health: DEBUG only, the question itself never.
    logger.debug(
        "answered update %s: topics=%s urgent=%s", update.update_id, ",".join(answer.topics[:3]), answer.urgent
    )
    await message.reply_text(answer.text[:MAX_MESSAGE_CHARS], reply_markup=followup_keyboard(answer, context.bot_data))


def told_of(store: UserStore, user_id: int) -> dict[str, Any]:
    """What the person told the bot before (the user document's `told`), or nothing."""
    doc = store.get(user_id) or {}
    told = doc.get(TOLD_KEY)
    return dict(told) if isinstance(told, dict) else {}


def answer_language() -> str | None:
    """The person's language when it isn't English; else None, and the question's own language
    decides (someone whose Telegram is English and who writes in German is answered in German)."""
    lang = current_language()
    return None if lang == SOURCE_LANG else lang


async def answer_in_context(kb: KnowledgeBase, store: UserStore, user_id: int, text: str) -> Answer:
    """Answer `text` off the event loop with what the person told the bot before; a bare follow-up
    ("and at night?") is read with the last topic. What this message tells is remembered (`told`),
    never the question itself."""
    told = told_of(store, user_id)
    lang = answer_language()
    answer = await kb.answer_async(text, told, lang)
    last_topic = told.get(LAST_TOPIC_KEY)
    if answer.topics[:1] == ["out_of_scope"] and isinstance(last_topic, str) and FOLLOW_UP.match(text.strip()):
        answer = await kb.answer_async(f"{text} {last_topic.replace('_', ' ')}", told, lang)
    remembered = {**told, **answer.told}
    if answer.topics and answer.topics[0] not in ("out_of_scope", "red_flag"):
        remembered[LAST_TOPIC_KEY] = answer.topics[0]
    # Only for someone with a record (/start made it): a question never creates one, e.g. after /forget.
    if remembered != told and store.get(user_id) is not None:
        store.update(user_id, {TOLD_KEY: remembered})
    return answer


async def knowledge_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """kn2:ask | kn2:<intent>:<topic>[:<page>[:<lang>]] — more arrives as a new message, the answer stays."""
    query = update.callback_query
    assert query is not None
    _, parts = parse(query.data)
    kb = services(context).knowledge
    if parts == ["ask"]:
        await query.answer()
        await query.edit_message_text(tr(ask_texts.ASK_PROMPT), reply_markup=back_to_menu_keyboard())
        return
    page = parts[2] if len(parts) >= 3 else "0"
    lang = parts[3] if len(parts) == 4 else "en"
    if (
        len(parts) not in (2, 3, 4)
        or lang not in kb.languages
        or parts[0] not in INTENTS
        or parts[1] not in TOPIC_IDS
        or parts[1] == "out_of_scope"
        or not page.isdigit()
        or int(page) > MAX_PAGES
    ):
        await query.answer(tr(common_texts.STALE_BUTTON))
        return
    told = told_of(services(context).store, query.from_user.id)
    answer = kb.more(parts[1], parts[0], told, page=int(page), lang=lang)
    await query.answer()
    await context.bot.send_message(
        query.from_user.id, answer.text[:MAX_MESSAGE_CHARS], reply_markup=followup_keyboard(answer, context.bot_data)
    )


def register(app: App) -> None:
    app.add_handler(MessageHandler(FREE_TEXT | CAPTIONED, answer_question))
    app.add_handler(CallbackQueryHandler(knowledge_button, pattern=pattern(KNOWLEDGE)))
    add_menu_button(app, ask_texts.ASK_BUTTON, pack(KNOWLEDGE, "ask"))
