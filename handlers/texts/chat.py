"""Small talk (handlers/chat.py): short replies to thanks, yes, no, hello and emoji."""

from __future__ import annotations

SMALL_TALK: dict[str, str] = {
    "thanks": "You're welcome 🙂 I'm here whenever a cramp starts.",
    "yes": "👍 Anything else? Ask me about cramps, or tap below.",
    "no": "OK 🙂 I'm here if you need me.",
    "hello": "Hi! 👋 Ask me about cramps, or tap below.",
    "emoji": "Here's what I can do:",
}
