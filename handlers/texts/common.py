"""The texts every feature shares: the disclaimer, welcome, help, menu and settings words, errors."""

from __future__ import annotations

import html

from handlers.i18n import N_, tr

# The seeds' own medical disclaimer, shortened. Shown once at /start and under every answer.
DISCLAIMER = N_("ℹ️ <i>Information only, not medical advice. When in doubt, ask your doctor.</i>")


MENU_PROMPT = N_("What would you like to do?")


def welcome(first_name: str | None) -> str:
    greeting = (
        tr("👋 Hi, {name}! I'm <b>Cramp Coach</b>.").format(name=html.escape(first_name))
        if first_name
        else tr("👋 Hi! I'm <b>Cramp Coach</b>.")
    )
    about = tr(
        "I help you through a muscle cramp right now, explain what may be behind your cramps "
        "(water, minerals, vitamins) and can remind you to drink, stretch and eat well."
    )
    return f"{greeting}\n\n{about}\n\n{tr(DISCLAIMER)}\n\n{tr(MENU_PROMPT)}"


# The bot's profile texts (set per language at start): what it is before anyone writes to it.
BOT_SHORT_DESCRIPTION = N_("Muscle cramp help now, what may cause them, and reminders to drink and stretch.")
BOT_DESCRIPTION = N_(
    "Cramp Coach walks you through a muscle cramp step by step, explains what may be behind your cramps "
    "(water, minerals, vitamins), keeps a cramp diary and reminds you to drink, stretch and eat well. "
    "Information only, not medical advice."
)


HELP = N_(
    "<b>How I can help</b>\n\n"
    "• Type a question in your own words, e.g. <i>why do my calves cramp at night?</i>\n"
    "• /cramp — help with a cramp right now, step by step\n"
    "• /check — a quick check of what may cause your cramps\n"
    "• /diary — log a cramp in a few taps, see your history, chart and patterns · /report for your doctor\n"
    "• /reminders — drink, stretch and food reminders · /pause them\n"
    "• /settings — time zone, language, reminders, your data\n"
    "• /privacy — what I store · /export a copy · /forget it all\n"
    "• /start — the main menu\n\n"
    "If you have a swollen, red or warm calf, chest pain or trouble breathing, "
    "<b>get medical help now</b> — don't wait for a bot."
)


def help_text() -> str:
    return f"{tr(HELP)}\n\n{tr(DISCLAIMER)}"


# Buttons
HELP_BUTTON = N_("❔ Help")
SETTINGS_BUTTON = N_("⚙️ Settings")
MENU_BUTTON = N_("⬅️ Menu")

SETTINGS = N_("<b>Settings</b>\nChoose what to change.")
SETTINGS_EMPTY = N_("<b>Settings</b>\nThere is nothing to set up yet.")

UNKNOWN_COMMAND = N_("I don't know that command. Here is what I can do:")
PLEASE_TYPE = N_("I can only read text. 🙂 Please type your question, or pick from the menu:")
GROUP_PLEASE_PRIVATE = N_(
    "I work in a private chat, where what you tell me stays between us — tap my name and write to me there."
)
STALE_BUTTON = N_("This button is out of date.")
STALE_BUTTON_MESSAGE = N_("That button belongs to an old message. Here is the menu again:")
APOLOGY = N_("😕 Sorry, something went wrong on my side. Please try again — the menu is at /start.")
