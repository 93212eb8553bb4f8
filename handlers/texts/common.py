"""The texts every feature shares: the disclaimer, welcome, help, menu and settings words, errors."""

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
    "• /cramp — help with a cramp right now, step by step\n"
    "• /check — a quick check of what may cause your cramps\n"
    "• /diary — log a cramp in a few taps, see your history, chart and patterns · /report for your doctor\n"
    "• /reminders — drink, stretch and food reminders · /pause them\n"
    "• /settings — time zone, reminders, your data\n"
    "• /privacy — what I store · /export a copy · /forget it all\n"
    "• /start — the main menu\n\n"
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
GROUP_PLEASE_PRIVATE = (
    "I work in a private chat, where what you tell me stays between us — tap my name and write to me there."
)
STALE_BUTTON = "This button is out of date."
STALE_BUTTON_MESSAGE = "That button belongs to an old message. Here is the menu again:"
APOLOGY = "😕 Sorry, something went wrong on my side. Please try again — the menu is at /start."
