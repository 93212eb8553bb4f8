"""The main menu, the /settings hub and the command menu, assembled from what features register.

A feature adds its button or command inside its own `register(app)`, so the menu only ever
shows what actually works.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update

from core.types import App, BotData
from handlers.callbacks import CHECK, KNOWLEDGE, MENU, RELIEF, REMINDER_SETTINGS, pack
from handlers.i18n import tr
from handlers.texts import common as common_texts

# Someone mid-cramp needs the first button; handler order (FEATURES) must not decide this.
MENU_ORDER = (RELIEF, KNOWLEDGE, CHECK, REMINDER_SETTINGS)

MENU_BUTTONS_KEY = "menu_buttons"
SETTINGS_BUTTONS_KEY = "settings_buttons"
COMMANDS_KEY = "commands"
ONBOARDING_KEY = "onboarding"
ENTRY_SCREENS_KEY = "entry_screens"
ANSWERS_KEY = "typed_answers"

# A step /start runs once for a person it has never seen, after the welcome.
OnboardingStep = Callable[[Update, Any], Awaitable[None]]

# A feature's first screen that another feature shows in its own place, without importing it:
# (context, user id, the reminder kind offered, if any) -> (text, keyboard).
EntryScreen = Callable[[Any, int, str | None], tuple[str, InlineKeyboardMarkup]]
# The time-zone question (the timezone feature), which reminders ask before anything else.
ZONE_QUESTION = "zone_question"

# What a short "ok" / "no" does after a feature's question (words.json "answers" names it), run by
# the small-talk feature without importing the feature that asked: (update, context, argument).
TypedAnswer = Callable[[Update, Any, str], Awaitable[None]]


@dataclass(frozen=True)
class MenuButton:
    text: str  # an English msgid (N_), translated when a keyboard is built for a person
    callback_data: str


def add_menu_button(app: App, text: str, callback_data: str) -> None:
    """Add one full-width button to the main menu (shown by /start and unknown input)."""
    app.bot_data.setdefault(MENU_BUTTONS_KEY, []).append(MenuButton(text, callback_data))


def add_settings_button(app: App, text: str, callback_data: str) -> None:
    """Add one button to the /settings hub."""
    app.bot_data.setdefault(SETTINGS_BUTTONS_KEY, []).append(MenuButton(text, callback_data))


def add_command(app: App, command: str, description: str) -> None:
    """Add a command to the menu Telegram shows next to the text field (set at start, per language);
    `description` is an English msgid (N_)."""
    app.bot_data.setdefault(COMMANDS_KEY, []).append(BotCommand(command, description))


def add_onboarding_step(app: App, step: OnboardingStep) -> None:
    """Run `step` after the welcome the first time someone starts the bot (e.g. ask the time zone)."""
    app.bot_data.setdefault(ONBOARDING_KEY, []).append(step)


def add_entry_screen(app: App, name: str, screen: EntryScreen) -> None:
    """Offer `screen` to the other features under `name` (e.g. ZONE_QUESTION)."""
    app.bot_data.setdefault(ENTRY_SCREENS_KEY, {})[name] = screen


def entry_screen(bot_data: BotData, name: str) -> EntryScreen:
    """The screen a feature registered under `name`; a missing one is an assembly mistake."""
    screens = bot_data.get(ENTRY_SCREENS_KEY, {})
    if name not in screens:
        raise LookupError(f"no feature registered the entry screen {name!r}")
    screen: EntryScreen = screens[name]
    return screen


def add_typed_answer(app: App, name: str, answer: TypedAnswer) -> None:
    """Offer `answer` under `name` for words.json "answers" (e.g. "ok" after the recommended set)."""
    app.bot_data.setdefault(ANSWERS_KEY, {})[name] = answer


def typed_answer(bot_data: BotData, name: str) -> TypedAnswer | None:
    """The answer a feature registered under `name`; None if that feature is not there."""
    answer: TypedAnswer | None = bot_data.get(ANSWERS_KEY, {}).get(name)
    return answer


def onboarding_steps(bot_data: BotData) -> list[OnboardingStep]:
    return list(bot_data.get(ONBOARDING_KEY, []))


def commands(bot_data: BotData) -> list[BotCommand]:
    """The command menu in the current language (handlers.i18n.speaking sets which)."""
    return [BotCommand(command.command, tr(command.description)) for command in bot_data.get(COMMANDS_KEY, [])]


def one_per_row(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    """(text, callback_data) pairs, one full-width button per row."""
    # One button per row: big targets for a thumb at 3 a.m.
    return InlineKeyboardMarkup([[InlineKeyboardButton(text, callback_data=data)] for text, data in buttons])


def _one_per_row(buttons: list[MenuButton]) -> InlineKeyboardMarkup:
    return one_per_row(*[(tr(b.text), b.callback_data) for b in buttons])


def main_menu_keyboard(bot_data: BotData) -> InlineKeyboardMarkup:
    """Feature buttons by urgency (MENU_ORDER), then Settings (when any exist) and Help."""
    buttons = sorted(bot_data.get(MENU_BUTTONS_KEY, []), key=_menu_rank)
    if bot_data.get(SETTINGS_BUTTONS_KEY):
        buttons.append(MenuButton(tr(common_texts.SETTINGS_BUTTON), pack(MENU, "settings")))
    buttons.append(MenuButton(tr(common_texts.HELP_BUTTON), pack(MENU, "help")))
    return _one_per_row(buttons)


def _menu_rank(button: MenuButton) -> int:
    prefix = button.callback_data.split(":", 1)[0]
    return MENU_ORDER.index(prefix) if prefix in MENU_ORDER else len(MENU_ORDER)


def back_to_menu_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(tr(common_texts.MENU_BUTTON), callback_data=pack(MENU, "home"))]]
    )


def settings_keyboard(bot_data: BotData) -> InlineKeyboardMarkup:
    buttons = [*bot_data.get(SETTINGS_BUTTONS_KEY, []), MenuButton(tr(common_texts.MENU_BUTTON), pack(MENU, "home"))]
    return _one_per_row(buttons)


def has_feature(bot_data: BotData, prefix: str) -> bool:
    """Whether a registered feature owns buttons with this callback prefix (so a button won't dangle)."""
    buttons = [*bot_data.get(MENU_BUTTONS_KEY, []), *bot_data.get(SETTINGS_BUTTONS_KEY, [])]
    return any(button.callback_data.split(":", 1)[0] == prefix for button in buttons)
