"""Small talk: "ok", "thanks", "no", "hi" and emoji-only messages get a short reply that fits the
last thing the bot asked (`handlers.replies.last_asked`), instead of a knowledge answer or "I didn't
catch that". What each word does after each question is data (`handlers/data/words.json`:
"small_talk" for the words, "answers" for what they do); an action belongs to the feature that
asked and is run through `handlers.menu.typed_answer`, never by importing that feature.

Anything else the person says or taps leaves the question behind (`leave_question`, before the
features), so an "ok" long after another answer is not read as a yes to an old offer.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Message, Update
from telegram.ext import ContextTypes, MessageHandler, TypeHandler, filters

from core.types import App
from handlers.groups import GROUP_QUESTION
from handlers.i18n import tr
from handlers.menu import main_menu_keyboard, typed_answer
from handlers.replies import clear_asked, last_asked
from handlers.texts import chat as chat_texts
from handlers.wording import is_wordless, message_words, plain, whole_label, words

logger = logging.getLogger(__name__)

FREE_TEXT = (filters.TEXT | filters.CAPTION) & ~filters.COMMAND & filters.ChatType.PRIVATE
NOTHING_ASKED = "none"
# Labels that answer a question (it is forgotten then); "thanks", "hi" or an emoji leave it open.
ANSWERING = frozenset({"yes", "no"})
SAY = "say"


def small_talk(text: str) -> str | None:
    """The small-talk label of a whole message ("thanks!" -> "thanks"), "emoji" for emoji only, or None."""
    if is_wordless(text):
        return "emoji"
    return whole_label(plain(text), words()["small_talk"])


def answer_for(question: str | None, label: str) -> str:
    """What `label` does after `question` (words.json "answers"), else what it does with nothing asked."""
    answers: dict[str, dict[str, Any]] = words()["answers"]
    planned = answers.get(question or NOTHING_ASKED, {}).get(label)
    return str(planned or answers[NOTHING_ASKED].get(label) or f"{SAY}:emoji")


class _SmallTalk(filters.MessageFilter):
    def filter(self, message: Message) -> bool:
        text = message_words(message)
        return text is not None and small_talk(text) is not None


async def small_talk_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    text = message_words(message) if message is not None else None
    assert message is not None and user is not None and text is not None
    label = small_talk(text) or "emoji"
    question = last_asked(context, user.id)
    planned = answer_for(question, label)
    if label in ANSWERING:
        clear_asked(context, user.id)
    logger.debug("small talk from user %s: %s after %s -> %s", user.id, label, question, planned)
    name, _, argument = planned.partition(":")
    action = None if name == SAY else typed_answer(context.bot_data, name)
    if action is not None:
        await action(update, context, argument)
        return
    if name != SAY:  # the feature that would act is not in this bot: the plain reply instead
        argument = answer_for(None, label).partition(":")[2]
    msgid = chat_texts.SMALL_TALK.get(argument, chat_texts.SMALL_TALK["emoji"])
    reply = tr(msgid)
    await message.reply_text(reply, reply_markup=main_menu_keyboard(context.bot_data))


async def leave_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Before the features: anything but small talk (a tap, a question, a command) moves past the
    bot's last question; a feature that asks a new one records it afterwards."""
    user = update.effective_user
    if user is None:
        return
    text = message_words(update.message) if update.message is not None else None
    if text is not None and small_talk(text) is not None:
        return
    clear_asked(context, user.id)


def register(app: App) -> None:
    app.add_handler(TypeHandler(Update, leave_question), group=GROUP_QUESTION)
    app.add_handler(MessageHandler(FREE_TEXT & _SmallTalk(), small_talk_reply))
