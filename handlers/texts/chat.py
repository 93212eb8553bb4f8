"""Small talk (handlers/chat.py): short replies to thanks, yes, no, hello and emoji."""

from __future__ import annotations

SMALL_TALK: dict[str, str] = {
    "thanks": "You're welcome 🙂 I'm here whenever a cramp starts.",
    "yes": "👍 Anything else? Ask me about cramps, or tap below.",
    "no": "OK 🙂 I'm here if you need me.",
    "hello": "Hi! 👋 Ask me about cramps, or tap below.",
    "emoji": "Here's what I can do:",
    # Replies that fit the bot's last question (words.json "answers").
    "thanks_recommended": "You're welcome 🙂 Tap ✅ Turn these on above whenever you like.",
    "no_reminders": "Fine, no reminders. /reminders sets them up any time.",
    "no_reminder": "Fine, no reminder. /reminders has them all.",
    "tap_to_delete": "Deleting everything needs a tap on the button above — I won't do it on a typed word.",
}
