"""The relief walkthrough (/cramp): one short instruction at a time, edited in place, big buttons.

The walk is the place's stretch (with a hold timer), massage and warmth, then "How is it now?".
"Still cramping" gives one more round of the stretch; a second "still cramping", or more than
10 minutes, ends with short when-to-see-a-doctor advice. Aftercare (cold pack, bed covers at night,
drinks, shoes) is a short list on the "Better" screen, not a step. "Swollen, red or warm" (a possible
clot) is on every screen, from step 1 on, and stops the walk with urgent advice.

Split by job:
    session.py   the pure state machine: a frozen Session, typed transitions, the stored form
    buttons.py   callback_data of the walkthrough's buttons, decoded into typed presses
    screens.py   texts (from the knowledge store) and keyboards of each screen
    handlers.py  the Telegram side: store, answer, show, the hold timer
Other features open the walkthrough only through `handlers.callbacks.relief_start_data`.
"""

from __future__ import annotations

from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from core.types import App
from handlers.callbacks import RELIEF, pattern
from handlers.menu import add_command, add_menu_button
from handlers.relief.buttons import ForgedButton, Start, button, decode, start_button_data, start_here_data
from handlers.relief.handlers import ReliefText, cramp_command, relief_button, relief_text, timer_job_name
from handlers.relief.screens import AFTERCARE_STEPS, reminder_button_data
from handlers.relief.session import Action, Press
from handlers.services import services
from handlers.texts import relief as relief_texts

# The action codes by their old names, for tests and callers that build presses.
NEXT, HURTS, STOP, TIMER = Action.NEXT, Action.HURTS, Action.STOP, Action.TIMER
BETTER, STILL_CRAMPING, SWOLLEN, LOG, FULL_ADVICE = (
    Action.BETTER,
    Action.STILL_CRAMPING,
    Action.SWOLLEN,
    Action.LOG,
    Action.FULL_ADVICE,
)

__all__ = [
    "AFTERCARE_STEPS",
    "BETTER",
    "FULL_ADVICE",
    "HURTS",
    "LOG",
    "NEXT",
    "STILL_CRAMPING",
    "STOP",
    "SWOLLEN",
    "TIMER",
    "ForgedButton",
    "Press",
    "Start",
    "button",
    "decode",
    "register",
    "reminder_button_data",
    "start_button_data",
    "timer_job_name",
]


def register(app: App) -> None:
    app.add_handler(CommandHandler("cramp", cramp_command))
    app.add_handler(CallbackQueryHandler(relief_button, pattern=pattern(RELIEF)))
    # "help", "sos", "cramp!!" open the walkthrough; "better", "worse", "stop" answer a live one.
    # Captions of photos, videos and documents are read like text.
    words = (filters.TEXT | filters.CAPTION) & ~filters.COMMAND & filters.ChatType.PRIVATE
    typed = words & ReliefText(services(app))
    app.add_handler(MessageHandler(typed, relief_text))
    add_menu_button(app, relief_texts.RELIEF_MENU_BUTTON, start_here_data())
    add_command(app, "cramp", relief_texts.RELIEF_COMMAND_DESCRIPTION)
