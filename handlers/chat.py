"""Small talk: "ok", "thanks", "no", "hi" and emoji-only messages get a short friendly reply with
the menu, instead of a knowledge answer or "I didn't catch that". The words are data
(`handlers/data/words.json`, "small_talk"); features that asked something read their own answers
first (the zone question takes "no" as "not now"), so what reaches this is a reply to nothing open.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler, filters

from core.types import App
from handlers.menu import main_menu_keyboard
from handlers.texts import chat as chat_texts
from handlers.wording import is_wordless, plain, whole_label, words

FREE_TEXT = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE


def small_talk(text: str) -> str | None:
    """The small-talk label of a whole message ("thanks!" -> "thanks"), "emoji" for emoji only, or None."""
    if is_wordless(text):
        return "emoji"
    return whole_label(plain(text), words()["small_talk"])


class _SmallTalk(filters.MessageFilter):
    def filter(self, message: object) -> bool:
        text = getattr(message, "text", None)
        return isinstance(text, str) and small_talk(text) is not None


async def small_talk_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    label = small_talk(message.text)
    reply = chat_texts.SMALL_TALK.get(label or "", chat_texts.SMALL_TALK["emoji"])
    await message.reply_text(reply, reply_markup=main_menu_keyboard(context.bot_data))


def register(app: App) -> None:
    app.add_handler(MessageHandler(FREE_TEXT & _SmallTalk(), small_talk_reply))
