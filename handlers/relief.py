"""The relief walkthrough (/cramp): one short instruction at a time, edited in place, big buttons.

The walk is the place's stretch (with a hold timer), massage and warmth, then "How is it now?".
"Still cramping" gives one more round of the stretch; a second "still cramping", or more than
10 minutes, ends with short when-to-see-a-doctor advice. Aftercare (cold pack, bed covers at night,
drinks, shoes) is a short list on the "Better" screen, not a step. "Swollen, red or warm" (a possible
clot) is on every screen, from step 1 on, and stops the walk with urgent advice.

State lives in the store (`relief` key of the user document) and in each button's callback_data,
never only in memory, so a walkthrough survives a restart and stale or double taps are harmless:

    rl1:start                                 start; new message (under knowledge answers, /cramp)
    rl1:start:<place>                         start at step 1 of that place (calf, foot, thigh, other),
                                              skipping "where?"; new message (see start_button_data)
    rl1:menu                                  start; edit the tapped message (main menu, "start again")
    rl1:<sid>:<place>:p                       place chosen on the "where?" question
    rl1:<sid>:<place>:<step>:<action>         n next, h still hurts, x stop, t timer,
                                              b better, w still cramping, s swollen, l log,
                                              d full doctor advice

`sid` is a short random id per walkthrough: a button whose sid is not the stored one belongs to an
older walkthrough. `step` is the screen the button was drawn for: 0..n-1 the walk steps, n the
"How is it now?" question, n+1 the extra round. A second tap on a step's "next" after the store
moved on only answers the query.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from core.clock import parse_utc_iso, utc_iso
from handlers.services import AppServices as Services, services
from handlers import fallback, texts
from handlers.errors import is_not_modified
from handlers.callbacks import MENU, RELIEF, REMINDER_SETTINGS, CallbackDataError, pack, parse, pattern
from handlers.menu import COMMANDS_KEY, add_command, add_menu_button, has_feature, one_per_row
from handlers.reminders import offer_button_data
from knowledge.models import PLACES, ReliefStep
from knowledge.render import escape, source_line
from scheduler.index import zone

logger = logging.getLogger(__name__)

STORE_KEY = "relief"
LOG_KEY = "cramp_log"
LOG_KEEP = 500
# A cramp that has not eased after this long is a reason to see a doctor.
TOO_LONG = timedelta(minutes=10)
# Two "start" taps this close together are one person tapping twice, not two cramps.
DOUBLE_TAP_WINDOW = timedelta(seconds=30)
# Local hours (start inclusive, end exclusive) when "loosen the bed covers" belongs in the aftercare.
NIGHT_START_HOUR, NIGHT_END_HOUR = 22, 6
NIGHT_ONLY_STEPS = frozenset({"covers"})
# Knowledge relief steps that are not walked through at 3 a.m.: the "Better" screen lists them, as
# aftercare (cold pack, covers, drinks) or, for shoes, with the prevention tips.
AFTERCARE_STEPS = frozenset({"cold", "covers", "drink", "shoes"})
PREVENTION_STEPS = frozenset({"shoes"})
# When the place has no held stretch of its own (should not happen), the extra round still holds this long.
DEFAULT_HOLD_SECONDS = 30
# The knowledge store's "stretch before bed" tip: its sources back the place's stretch line on "Better".
BEDTIME_STRETCH_TIP = "s_bed"

START = "start"
START_HERE = "menu"
CHOOSE_PLACE = "p"
NEXT, HURTS, STOP, TIMER = "n", "h", "x", "t"
BETTER, STILL_CRAMPING, SWOLLEN, LOG, FULL_ADVICE = "b", "w", "s", "l", "d"
STEP_ACTIONS = frozenset({NEXT, HURTS, STOP, TIMER, BETTER, STILL_CRAMPING, SWOLLEN, LOG, FULL_ADVICE})
AFTER_END_ACTIONS = frozenset({BETTER, LOG, FULL_ADVICE})

# How a walkthrough ended; the ones after which "It eased now" still makes sense.
ENDED_BETTER, ENDED_STOPPED, ENDED_NOT_EASING, ENDED_TOO_LONG, ENDED_URGENT = (
    "better", "stopped", "not_easing", "too_long", "urgent",
)
MAY_STILL_EASE = frozenset({ENDED_NOT_EASING, ENDED_TOO_LONG})
DOCTOR_HEADLINES = {
    ENDED_URGENT: texts.RELIEF_URGENT,
    ENDED_NOT_EASING: texts.RELIEF_NOT_EASING,
    ENDED_TOO_LONG: texts.RELIEF_TOO_LONG,
}

_SID_RE = re.compile(r"^[0-9a-f]{6}$")
_STEP_RE = re.compile(r"^\d{1,2}$")


def timer_job_name(user_id: int) -> str:
    return f"relief-timer:{user_id}"


@dataclass(frozen=True)
class Press:
    """A walkthrough button, decoded and checked for shape (not yet against the store)."""

    sid: str
    place: str
    step: int | None  # None for the place choice
    action: str

    def at(self, step: int) -> Press:
        return Press(self.sid, self.place, step, self.action)


@dataclass(frozen=True)
class Start:
    """A start button: `kind` START (new message) or START_HERE (edit), optionally with the place."""

    kind: str
    place: str | None = None


class ForgedButton(ValueError):
    """Data no button of ours could have carried."""


def start_button_data(place: str | None = None) -> str:
    """callback_data of a start button for other features: "rl1:start" or "rl1:start:<place>"."""
    if place is not None and place not in PLACES:
        raise ValueError(f"unknown place {place!r}")
    return pack(RELIEF, START) if place is None else pack(RELIEF, START, place)


def decode(data: str | None) -> Press | Start:
    """A Press for session buttons, a Start for start buttons; raises ForgedButton."""
    try:
        prefix, parts = parse(data)
    except CallbackDataError as exc:
        raise ForgedButton(str(exc)) from exc
    if prefix != RELIEF:
        raise ForgedButton(prefix)
    if parts in ([START], [START_HERE]):
        return Start(parts[0])
    if len(parts) == 2 and parts[0] == START and parts[1] in PLACES:
        return Start(START, parts[1])
    if len(parts) == 3 and parts[2] == CHOOSE_PLACE and _valid_session(parts[0], parts[1]):
        return Press(parts[0], parts[1], None, CHOOSE_PLACE)
    if len(parts) == 4 and _valid_session(parts[0], parts[1]) and _STEP_RE.match(parts[2]) and parts[3] in STEP_ACTIONS:
        return Press(parts[0], parts[1], int(parts[2]), parts[3])
    raise ForgedButton(repr(parts))


def _valid_session(sid: str, place: str) -> bool:
    return bool(_SID_RE.match(sid)) and place in PLACES


def button(press: Press, action: str) -> str:
    return pack(RELIEF, press.sid, press.place, press.step if press.step is not None else 0, action)


# ---------------------------------------------------------------- the session in the store


def load_session(svc: Services, user_id: int) -> dict[str, Any] | None:
    doc = svc.store.get(user_id) or {}
    session = doc.get(STORE_KEY)
    return session if isinstance(session, dict) else None


def save_session(svc: Services, user_id: int, session: dict[str, Any]) -> None:
    svc.store.update(user_id, {STORE_KEY: session})


def new_session(svc: Services, user_id: int) -> dict[str, Any]:
    svc.store.ensure_user(user_id, user_id, svc.clock.now())  # private chat: chat id == user id
    session = {"id": secrets.token_hex(3), "place": None, "step": 0, "started_at": utc_iso(svc.clock.now())}
    save_session(svc, user_id, session)
    return session


def is_night(svc: Services, user_id: int, now: datetime) -> bool:
    """22:00–06:00 in the person's zone (`tz` of their document), else the bot's default zone."""
    hour = now.astimezone(zone(svc.reminders.timezone_of(user_id))).hour
    return hour >= NIGHT_START_HOUR or hour < NIGHT_END_HOUR


def steps_for(svc: Services, place: str) -> list[ReliefStep]:
    """The steps walked for the place: stretch, massage, warmth (the knowledge store's order)."""
    steps = svc.knowledge.relief_steps(place)
    return [step for step in steps if step.id not in AFTERCARE_STEPS] or steps


def aftercare_for(svc: Services, place: str, night: bool) -> list[ReliefStep]:
    """The place's steps for after the cramp eased; the bed-covers line only at night."""
    return [
        step for step in svc.knowledge.relief_steps(place)
        if step.id in AFTERCARE_STEPS - PREVENTION_STEPS and (night or step.id not in NIGHT_ONLY_STEPS)
    ]


def prevention_for(svc: Services, place: str) -> list[tuple[str, list[str]]]:
    """(line, sources): the stretch-before-bed tip said for the place, then the place's own lines
    (shoes for a foot). Only the calf has its own stretch tip in the knowledge store; the other places
    get the seeds' general advice in their words, with that tip's sources."""
    stretch_tips = svc.knowledge.prevention_tips("stretch")
    bedtime = next((tip for tip in stretch_tips if tip.id == BEDTIME_STRETCH_TIP), stretch_tips[0] if stretch_tips else None)
    lines = [] if bedtime is None else [(texts.RELIEF_STRETCH_TIPS.get(place, bedtime.text), bedtime.sources)]
    return lines + [(step.text, step.sources) for step in svc.knowledge.relief_steps(place) if step.id in PREVENTION_STEPS]


def round_index(steps: list[ReliefStep]) -> int:
    """The screen number of the extra stretch round (just after "How is it now?")."""
    return len(steps) + 1


def stretch_of(steps: list[ReliefStep]) -> ReliefStep:
    return next((step for step in steps if step.hold_seconds), steps[0])


def hold_at(steps: list[ReliefStep], index: int) -> int | None:
    """How long the stretch on this screen is held, or None where there is nothing to time."""
    if index < len(steps):
        return steps[index].hold_seconds
    if index == round_index(steps):
        return stretch_of(steps).hold_seconds or DEFAULT_HOLD_SECONDS
    return None


def ran_too_long(svc: Services, session: dict[str, Any]) -> bool:
    return svc.clock.now() - parse_utc_iso(session["started_at"]) > TOO_LONG


# ---------------------------------------------------------------- keyboards


MENU_ROW = (texts.MENU_BUTTON, pack(MENU, "home"))


def place_keyboard(sid: str) -> InlineKeyboardMarkup:
    return one_per_row(*[(texts.RELIEF_PLACE_BUTTONS[place], pack(RELIEF, sid, place, CHOOSE_PLACE)) for place in PLACES])


def timer_row(press: Press, hold_seconds: int, running: bool) -> tuple[str, str]:
    label = texts.RELIEF_TIMER_RUNNING_BUTTON if running else texts.relief_timer_button(hold_seconds)
    return label, button(press, TIMER)


def step_keyboard(press: Press, steps: list[ReliefStep], running: bool = False) -> InlineKeyboardMarkup:
    """Next ("Done" on the last step), the timer (held stretches), Still hurts, Stop, and last the
    red flag: always in these slots, on every step from the first (a possible clot must not wait
    until after stretching, massage and heat)."""
    assert press.step is not None
    step = steps[press.step]
    last = press.step == len(steps) - 1
    buttons = [(texts.RELIEF_DONE_BUTTON if last else texts.RELIEF_NEXT_BUTTON, button(press, NEXT))]
    if step.hold_seconds:
        buttons.append(timer_row(press, step.hold_seconds, running))
    buttons += [
        (texts.RELIEF_HURTS_BUTTON, button(press, HURTS)),
        (texts.RELIEF_STOP_BUTTON, button(press, STOP)),
        (texts.RELIEF_SWOLLEN_BUTTON, button(press, SWOLLEN)),
    ]
    return one_per_row(*buttons)


def end_question_keyboard(press: Press) -> InlineKeyboardMarkup:
    return one_per_row(
        (texts.RELIEF_BETTER_BUTTON, button(press, BETTER)),
        (texts.RELIEF_STILL_CRAMPING_BUTTON, button(press, STILL_CRAMPING)),
        (texts.RELIEF_SWOLLEN_BUTTON, button(press, SWOLLEN)),
    )


def round_keyboard(press: Press, hold_seconds: int, running: bool = False) -> InlineKeyboardMarkup:
    return one_per_row(
        timer_row(press, hold_seconds, running),
        (texts.RELIEF_BETTER_NOW_BUTTON, button(press, BETTER)),
        (texts.RELIEF_STILL_CRAMPING_BUTTON, button(press, STILL_CRAMPING)),
        (texts.RELIEF_SWOLLEN_BUTTON, button(press, SWOLLEN)),
        (texts.RELIEF_STOP_BUTTON, button(press, STOP)),
    )


def doctor_keyboard(press: Press, session: dict[str, Any]) -> InlineKeyboardMarkup:
    buttons = []
    if session.get("ended") in MAY_STILL_EASE:
        buttons.append((texts.RELIEF_EASED_BUTTON, button(press, BETTER)))
    if not session.get("full_advice"):
        buttons.append((texts.RELIEF_FULL_ADVICE_BUTTON, button(press, FULL_ADVICE)))
    log = [] if session.get("logged") else [(texts.RELIEF_LOG_BUTTON, button(press, LOG))]
    if session.get("ended") == ENDED_URGENT:
        return one_per_row(*buttons, MENU_ROW, *log)  # getting help comes first; logging is an afterthought
    return one_per_row(*buttons, *log, MENU_ROW)


def after_keyboard(press: Press, bot_data: dict[str, Any], logged: bool) -> InlineKeyboardMarkup:
    buttons = [] if logged else [(texts.RELIEF_LOG_BUTTON, button(press, LOG))]
    reminder = reminder_button_data(bot_data)
    if reminder is not None:
        buttons.append((texts.RELIEF_REMINDER_BUTTON, reminder))
    return one_per_row(*buttons, MENU_ROW)


def ended_keyboard() -> InlineKeyboardMarkup:
    return one_per_row((texts.RELIEF_AGAIN_BUTTON, pack(RELIEF, START_HERE)), MENU_ROW)


def reminder_button_data(bot_data: dict[str, Any]) -> str | None:
    """The reminders feature's evening-stretch offer, if that feature is there: never a dead button."""
    return offer_button_data("stretch") if has_feature(bot_data, REMINDER_SETTINGS) else None


def reminder_hint(bot_data: dict[str, Any]) -> str:
    """Without a reminders button, mention /reminders only if that command exists."""
    if reminder_button_data(bot_data) is not None:
        return ""
    names = {getattr(command, "command", None) for command in bot_data.get(COMMANDS_KEY, [])}
    return texts.RELIEF_REMINDER_COMMAND_HINT if "reminders" in names else ""


# ---------------------------------------------------------------- texts from knowledge


def sources_of(svc: Services, source_lists: list[list[str]]) -> str:
    """One source line for several facts: each seed file named once, in order of first use."""
    names = list(dict.fromkeys(name for sources in source_lists for name in sources))
    return source_line(names, svc.knowledge.source_titles, limit=len(names))


def step_text(svc: Services, place: str, steps: list[ReliefStep], index: int, note: str = "") -> str:
    step = steps[index]
    source = source_line(step.sources, svc.knowledge.source_titles)
    warning = texts.RELIEF_CLOT_CHECK.get(place, "") if index == 0 else ""
    return texts.relief_step(index + 1, len(steps), step.text, step.hold_seconds, source, note, warning)


def round_text(svc: Services, steps: list[ReliefStep], note: str = "") -> str:
    stretch = stretch_of(steps)
    hold = hold_at(steps, round_index(steps)) or DEFAULT_HOLD_SECONDS
    return texts.relief_round(hold, stretch.text, source_line(stretch.sources, svc.knowledge.source_titles), note)


def better_text(svc: Services, session: dict[str, Any], bot_data: dict[str, Any]) -> str:
    aftercare = aftercare_for(svc, session["place"], bool(session.get("night")))
    tips = prevention_for(svc, session["place"])
    return texts.relief_better(
        [f"• {escape(texts.RELIEF_AFTERCARE_LINES.get(step.id, step.text))}" for step in aftercare],
        sources_of(svc, [step.sources for step in aftercare]),
        [f"• {escape(line)}" for line, _ in tips], sources_of(svc, [sources for _, sources in tips]),
        reminder_hint(bot_data),
    )


def doctor_text(svc: Services, headline: str, full: bool) -> str:
    """The knowledge store's when-to-see-a-doctor advice: its summary and source, or all of it."""
    advice = svc.knowledge.when_to_see_doctor().text
    if full:
        return texts.relief_doctor(headline, advice)
    sections = advice.split("\n\n")
    source = next((section for section in sections if section.startswith("<i>Source:")), "")
    return texts.relief_doctor_short(headline, sections[0], source)


def ended_screen(svc: Services, session: dict[str, Any], press: Press,
                 bot_data: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    """What an ended walkthrough shows, from the store alone: logging or more advice only add to it."""
    ended = session.get("ended")
    if ended == ENDED_STOPPED:
        return texts.RELIEF_STOPPED, ended_keyboard()
    logged = bool(session.get("logged"))
    if ended == ENDED_BETTER:
        text, markup = better_text(svc, session, bot_data), after_keyboard(press, bot_data, logged)
    else:
        headline = DOCTOR_HEADLINES.get(str(ended), texts.RELIEF_NOT_EASING)
        text, markup = doctor_text(svc, headline, bool(session.get("full_advice"))), doctor_keyboard(press, session)
    return (texts.relief_with_logged(text) if logged else text), markup


# ---------------------------------------------------------------- showing


async def show(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, markup: InlineKeyboardMarkup) -> None:
    """Edit the tapped message in place; send a new one if it can no longer be edited."""
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            await query.edit_message_text(text, reply_markup=markup)
            return
        except BadRequest as exc:
            if is_not_modified(exc):
                return  # the same screen again (a repeated tap): nothing to change
            logger.info("relief: could not edit message (%s); sending a new one", exc.message)
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_message(chat.id, text, reply_markup=markup)


def presser(update: Update) -> int:
    """The id of the person who pressed the button this update carries."""
    assert update.callback_query is not None
    return update.callback_query.from_user.id


def cancel_timer(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> None:
    if context.job_queue is None:
        return
    for job in context.job_queue.get_jobs_by_name(timer_job_name(user_id)):
        job.schedule_removal()


def timer_running(context: ContextTypes.DEFAULT_TYPE, user_id: int, press: Press) -> bool:
    """A hold timer is counting for this walkthrough's screen (jobs live in memory: a restart ends them)."""
    if context.job_queue is None:
        return False
    return any(
        isinstance(job.data, dict) and job.data.get("sid") == press.sid and job.data.get("step") == press.step
        for job in context.job_queue.get_jobs_by_name(timer_job_name(user_id))
        if not job.removed
    )


def screen_markup(press: Press, steps: list[ReliefStep], running: bool) -> InlineKeyboardMarkup:
    """The keyboard of a walk step or of the extra round, with the timer shown as it is."""
    assert press.step is not None
    if press.step < len(steps):
        return step_keyboard(press, steps, running=running)
    return round_keyboard(press, hold_at(steps, press.step) or DEFAULT_HOLD_SECONDS, running=running)


def screen_text(svc: Services, place: str, steps: list[ReliefStep], index: int, note: str = "") -> str:
    return step_text(svc, place, steps, index, note) if index < len(steps) else round_text(svc, steps, note)


# ---------------------------------------------------------------- entry points


async def cramp_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cramp: a fresh walkthrough in a new message, whatever was going on before."""
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None
    await message.reply_text(texts.RELIEF_WHERE, reply_markup=begin(context, user.id))


def just_started(svc: Services, user_id: int, place: str | None = None) -> bool:
    """A walkthrough started moments ago by the same button that hasn't moved since: still at "where?"
    (no place) or still at step 1 of the place the button named."""
    session = load_session(svc, user_id)
    if session is None or session.get("place") != place or session.get("step") != 0 or session.get("ended"):
        return False
    started = session.get("started_at")
    return isinstance(started, str) and svc.clock.now() - parse_utc_iso(started) < DOUBLE_TAP_WINDOW


def begin(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> InlineKeyboardMarkup:
    return place_keyboard(begin_session(context, user_id)["id"])


def begin_session(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> dict[str, Any]:
    cancel_timer(context, user_id)
    session = new_session(services(context), user_id)
    logger.debug("relief: user %s started walkthrough %s", user_id, session["id"])
    return session


def begin_at(context: ContextTypes.DEFAULT_TYPE, user_id: int, place: str) -> tuple[str, InlineKeyboardMarkup]:
    """A new walkthrough whose place is already known (a knowledge answer about a foot cramp): step 1."""
    session = begin_session(context, user_id)
    set_place(services(context), user_id, session, place)
    return first_step(services(context), session)


def set_place(svc: Services, user_id: int, session: dict[str, Any], place: str) -> None:
    session.update(place=place, step=0, night=is_night(svc, user_id, svc.clock.now()))
    save_session(svc, user_id, session)


def first_step(svc: Services, session: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    place = str(session["place"])
    steps = steps_for(svc, place)
    first = Press(session["id"], place, 0, NEXT)
    return step_text(svc, place, steps, 0), step_keyboard(first, steps)


async def relief_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every rl1 button. Forged data gets the fallback's stale-button answer and the menu."""
    query = update.callback_query
    assert query is not None
    try:
        press = decode(query.data)
    except ForgedButton:
        await fallback.stale_button(update, context)
        return
    user_id = query.from_user.id
    if isinstance(press, Start):
        await query.answer()
        if press.kind == START and just_started(services(context), user_id, press.place):
            return  # a double tap: the first screen is already on its way
        if press.place is None:
            text, markup = texts.RELIEF_WHERE, begin(context, user_id)
        else:
            text, markup = begin_at(context, user_id, press.place)
        if press.kind == START_HERE:
            await show(update, context, text, markup)
        else:  # keep the message the button sits under (a knowledge answer) and start below it
            assert update.effective_chat is not None
            await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)
        return
    await handle_press(update, context, press)


async def handle_press(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    query = update.callback_query
    assert query is not None
    svc = services(context)
    user_id = query.from_user.id
    session = load_session(svc, user_id)
    if session is None or session.get("id") != press.sid:
        await query.answer(texts.RELIEF_ENDED)
        await show(update, context, texts.RELIEF_ENDED_MESSAGE, ended_keyboard())
        return
    if press.action == CHOOSE_PLACE:
        await choose_place(update, context, session, press)
        return
    if session.get("place") != press.place:
        await fallback.stale_button(update, context)  # right session, a place it never had: forged
        return
    steps = steps_for(svc, press.place)
    assert press.step is not None
    if press.step > round_index(steps):
        await fallback.stale_button(update, context)
        return
    if press.action == SWOLLEN:  # safety first: honoured from any screen of this walkthrough
        await query.answer()
        await finish_with_doctor(update, context, session, press, ENDED_URGENT)
        return
    if press.action in AFTER_END_ACTIONS:
        await after_actions(update, context, session, press, steps)
        return
    if session.get("ended"):
        await query.answer(texts.RELIEF_ENDED)
        return
    if press.step != session["step"]:
        # A double tap, or a button of a step already left behind: the current message is right.
        await query.answer(texts.RELIEF_ALREADY_DONE)
        return
    if press.action == TIMER:
        await start_timer(update, context, press, steps)  # answers the query itself
        return
    await query.answer()
    await step_action(update, context, session, press, steps)


async def choose_place(update: Update, context: ContextTypes.DEFAULT_TYPE, session: dict[str, Any], press: Press) -> None:
    query = update.callback_query
    assert query is not None
    if session.get("place") is not None:
        await query.answer(texts.RELIEF_ALREADY_DONE)  # a double tap on the place question
        return
    await query.answer()
    svc = services(context)
    set_place(svc, query.from_user.id, session, press.place)
    await show(update, context, *first_step(svc, session))


async def step_action(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: dict[str, Any], press: Press, steps: list[ReliefStep]
) -> None:
    """n / h / x / w on the current screen: a walk step, "How is it now?" or the extra round."""
    svc = services(context)
    user_id = presser(update)
    index = press.step or 0
    if press.action == STOP:
        cancel_timer(context, user_id)
        session["ended"] = ENDED_STOPPED
        save_session(svc, user_id, session)
        await show(update, context, texts.RELIEF_STOPPED, ended_keyboard())
    elif press.action in (NEXT, HURTS, STILL_CRAMPING) and ran_too_long(svc, session):
        await finish_with_doctor(update, context, session, press, ENDED_TOO_LONG)
    elif press.action == STILL_CRAMPING and index == len(steps):
        await start_round(update, context, session, press, steps)
    elif press.action == STILL_CRAMPING and index == round_index(steps):
        await finish_with_doctor(update, context, session, press, ENDED_NOT_EASING)
    elif index >= len(steps):
        return  # no such button on these screens: already answered, nothing to change
    elif press.action == NEXT:
        await advance(update, context, session, press, steps)
    elif press.action == HURTS:
        running = timer_running(context, user_id, press)
        await show(update, context, step_text(svc, press.place, steps, index, texts.RELIEF_STILL_HURTS),
                   step_keyboard(press, steps, running=running))


async def advance(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: dict[str, Any], press: Press, steps: list[ReliefStep]
) -> None:
    svc = services(context)
    user_id = presser(update)
    cancel_timer(context, user_id)
    following = (press.step or 0) + 1
    session["step"] = following
    save_session(svc, user_id, session)  # durable before the screen changes: a second tap sees it
    nxt = press.at(following)
    if following == len(steps):
        await show(update, context, texts.RELIEF_HOW_NOW, end_question_keyboard(nxt))
    else:
        await show(update, context, step_text(svc, press.place, steps, following), step_keyboard(nxt, steps))


async def start_round(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: dict[str, Any], press: Press, steps: list[ReliefStep]
) -> None:
    """The first "still cramping": one more stretch with its timer before any talk of doctors."""
    svc = services(context)
    user_id = presser(update)
    session["step"] = round_index(steps)
    save_session(svc, user_id, session)
    here = press.at(round_index(steps))
    await show(update, context, round_text(svc, steps), screen_markup(here, steps, running=False))


async def finish_with_doctor(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: dict[str, Any], press: Press, how: str
) -> None:
    svc = services(context)
    user_id = presser(update)
    cancel_timer(context, user_id)
    session["ended"] = how
    save_session(svc, user_id, session)
    logger.debug("relief: user %s walkthrough %s ended: %s", user_id, press.sid, how)
    await show(update, context, *ended_screen(svc, session, press, context.bot_data))


async def after_actions(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: dict[str, Any], press: Press, steps: list[ReliefStep]
) -> None:
    """b (better) at the end question, in the extra round or after an escalation that may still ease;
    l (log) and d (full doctor advice) after an end. Each adds to the end screen, never replaces it."""
    query = update.callback_query
    assert query is not None
    svc = services(context)
    user_id = query.from_user.id
    ended = session.get("ended")
    if press.action == BETTER:
        at_question = ended is None and session["step"] in (len(steps), round_index(steps))
        if not (at_question or ended in MAY_STILL_EASE):
            await query.answer(texts.RELIEF_ALREADY_DONE if ended else None)
            return
        await query.answer()
        cancel_timer(context, user_id)
        session["ended"] = ENDED_BETTER
        save_session(svc, user_id, session)
        logger.debug("relief: user %s walkthrough %s eased", user_id, press.sid)
    elif ended is None or ended == ENDED_STOPPED:
        await query.answer(texts.RELIEF_ALREADY_DONE)
        return
    elif press.action == LOG:
        if session.get("logged"):
            await query.answer(texts.RELIEF_ALREADY_LOGGED)
            return
        log_cramp(svc, user_id, session, steps, eased=ended == ENDED_BETTER)
        await query.answer(texts.RELIEF_LOGGED)
    else:  # FULL_ADVICE
        await query.answer()
        if ended == ENDED_BETTER:
            return  # no advice on this screen to expand
        session["full_advice"] = True
        save_session(svc, user_id, session)
    await show(update, context, *ended_screen(svc, session, press, context.bot_data))


def log_cramp(svc: Services, user_id: int, session: dict[str, Any], steps: list[ReliefStep], eased: bool) -> None:
    """One cramp_log entry for later insights: when it began, where, whether it eased, steps done."""
    done = min(int(session["step"]), len(steps))
    entry = {"at": session["started_at"], "place": session["place"], "eased": eased, "steps": done}
    svc.store.append(user_id, LOG_KEY, entry, keep=LOG_KEEP)
    session["logged"] = True
    save_session(svc, user_id, session)


# ---------------------------------------------------------------- the hold timer


async def start_timer(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press, steps: list[ReliefStep]) -> None:
    """Start the hold timer; its button turns into "Running…" in the same slot, and a second press
    only answers (a restart loses the job, so then a press starts a fresh one)."""
    query = update.callback_query
    assert query is not None and press.step is not None
    hold = hold_at(steps, press.step)
    if not hold or context.job_queue is None or query.message is None:
        await query.answer()
        return
    user_id = query.from_user.id
    if timer_running(context, user_id, press):
        await query.answer(texts.RELIEF_TIMER_ALREADY_RUNNING)
        return
    cancel_timer(context, user_id)  # one timer per person
    data = {"user_id": user_id, "chat_id": query.message.chat.id, "message_id": query.message.message_id,
            "sid": press.sid, "place": press.place, "step": press.step}
    context.job_queue.run_once(time_is_up, when=hold, data=data, name=timer_job_name(user_id))
    await query.answer()
    svc = services(context)
    text = screen_text(svc, press.place, steps, press.step, texts.RELIEF_TIMER_RUNNING)
    await show(update, context, text, screen_markup(press, steps, running=True))


async def time_is_up(context: ContextTypes.DEFAULT_TYPE) -> None:
    """A new short message when the hold is over (an edit would not buzz the phone), carrying the
    screen's buttons; the old message loses its buttons so only one set is live. Silent if the
    person moved on."""
    assert context.job is not None
    data: dict[str, Any] = context.job.data  # type: ignore[assignment]
    svc = services(context)
    session = load_session(svc, data["user_id"])
    if session is None or session.get("id") != data["sid"] or session.get("step") != data["step"] or session.get("ended"):
        return  # moved on, stopped or restarted meanwhile: nothing to announce
    steps = steps_for(svc, data["place"])
    press = Press(data["sid"], data["place"], data["step"], NEXT)
    in_round = data["step"] >= len(steps)
    try:
        sent = await context.bot.send_message(
            data["chat_id"], texts.relief_time_up(ask_how=in_round), reply_markup=screen_markup(press, steps, running=False)
        )
    except TelegramError as exc:  # blocked the bot, chat gone: the old message keeps its buttons
        logger.info("relief: time's-up message for user %s failed (%s)", data["user_id"], exc.message)
        return
    if load_session(svc, data["user_id"]) != session:
        # The person tapped on while this was being sent: their screen is the live one.
        await context.bot.edit_message_reply_markup(chat_id=data["chat_id"], message_id=sent.message_id)
        return
    try:
        await context.bot.edit_message_reply_markup(chat_id=data["chat_id"], message_id=data["message_id"])
    except BadRequest as exc:
        logger.info("relief: clearing old buttons for user %s failed (%s)", data["user_id"], exc.message)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("cramp", cramp_command))
    app.add_handler(CallbackQueryHandler(relief_button, pattern=pattern(RELIEF)))
    add_menu_button(app, texts.RELIEF_MENU_BUTTON, pack(RELIEF, START_HERE))
    add_command(app, "cramp", texts.RELIEF_COMMAND_DESCRIPTION)
