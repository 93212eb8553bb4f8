"""Every user-facing string, in one place. HTML parse mode; user text is escaped by the caller."""

from __future__ import annotations

import html

# The seeds' own medical disclaimer, shortened. Shown once at /start and under every answer.
DISCLAIMER = "ℹ️ <i>Information only, not medical advice. When in doubt, ask your doctor.</i>"


def welcome(first_name: str | None) -> str:
    name = f", {html.escape(first_name)}" if first_name else ""
    return (
        f"👋 Hi{name}! I'm <b>Cramp Coach</b>.\n\n"
        "I help you through a muscle cramp right now, explain what may be behind your cramps "
        "(water, minerals, vitamins) and can remind you to drink, stretch and eat well.\n\n"
        f"{DISCLAIMER}\n\n"
        "What would you like to do?"
    )


MENU_PROMPT = "What would you like to do?"

HELP = (
    "<b>How I can help</b>\n\n"
    "• Type a question in your own words, e.g. <i>why do my calves cramp at night?</i>\n"
    "• /start — the main menu\n"
    "• /settings — your settings\n"
    "• /privacy — what I store about you\n"
    "• /help — this message\n\n"
    "If you have a swollen, red or warm calf, chest pain or trouble breathing, "
    "<b>get medical help now</b> — don't wait for a bot.\n\n"
    f"{DISCLAIMER}"
)

# Buttons
HELP_BUTTON = "❔ Help"
SETTINGS_BUTTON = "⚙️ Settings"
MENU_BUTTON = "⬅️ Menu"

SETTINGS = "<b>Settings</b>\nChoose what to change."
SETTINGS_EMPTY = "<b>Settings</b>\nThere is nothing to set up yet."

UNKNOWN_COMMAND = "I don't know that command. Here is what I can do:"
PLEASE_TYPE = "I can only read text. 🙂 Please type your question, or pick from the menu:"
GROUP_PLEASE_PRIVATE = "I answer questions in a private chat — tap my name and write to me there."
STALE_BUTTON = "This button is out of date."
STALE_BUTTON_MESSAGE = "That button belongs to an old message. Here is the menu again:"
APOLOGY = "😕 Sorry, something went wrong on my side. Please try again — the menu is at /start."

# --- Privacy and data rights ---------------------------------------------------------------
PRIVACY = (
    "<b>What I store about you, and why</b>\n\n"
    "• <b>Profile</b>: your chat id (to reply and send reminders), when you started and were last "
    "here, whether you blocked me (so I stop writing).\n"
    "• <b>Time zone</b> and <b>reminder settings</b>, with a log of reminders you marked done — "
    "so reminders arrive at your local time and show today's count.\n"
    "• <b>Guided check</b> answers and result — so food reminders fit your likely causes.\n"
    "• <b>Cramp walkthroughs</b> and the cramps you chose to log — for your own insights.\n\n"
    "I do <b>not</b> keep the questions you type: they are answered and forgotten, and never "
    "written to logs. Nothing is shared with anyone.\n\n"
    "/export sends you all of it as a file; /forget deletes all of it."
)
EXPORT_BUTTON = "📤 Export my data"
FORGET_BUTTON = "🗑 Delete all my data"
PRIVACY_SETTINGS_BUTTON = "🔒 My data & privacy"
EXPORT_CAPTION = "Everything I store about you, as JSON."
EXPORT_NOTHING = "I don't have anything stored about you."
FORGET_CONFIRM = (
    "<b>Delete everything I store about you?</b>\n"
    "Your settings, reminders, check results and cramp log will be gone, and reminders stop. "
    "This can't be undone."
)
FORGET_YES = "Yes, delete everything"
FORGET_NO = "Cancel"
FORGET_DONE = "🗑 Done: everything I stored about you is deleted and reminders are off. /start begins afresh."
FORGET_CANCELLED = "Nothing was deleted."
