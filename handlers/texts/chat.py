"""Small talk (handlers/chat.py): short replies to thanks, yes, no, hello and emoji."""

from __future__ import annotations

from handlers.i18n import N_

SMALL_TALK: dict[str, str] = {
    "thanks": N_("You're welcome 🙂 I'm here whenever a cramp starts."),
    "yes": N_("👍 Anything else? Ask me about cramps, or tap below."),
    "no": N_("OK 🙂 I'm here if you need me."),
    "hello": N_("Hi! 👋 Ask me about cramps, or tap below."),
    "emoji": N_("Here's what I can do:"),
    # Replies that fit the bot's last question (words.json "answers").
    "thanks_recommended": N_("You're welcome 🙂 Tap ✅ Turn these on above whenever you like."),
    "no_reminders": N_("Fine, no reminders. /reminders sets them up any time."),
    "no_reminder": N_("Fine, no reminder. /reminders has them all."),
    "tap_to_delete": N_("Deleting everything needs a tap on the button above — I won't do it on a typed word."),
}
