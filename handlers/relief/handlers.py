"""The walkthrough's Telegram side: load the session, let `session.on_press` decide, store what it
says, then answer the tap and show the screen. Also /cramp, the start buttons and the hold timer.

State lives in the store (`relief` key of the user document) and in each button's callback_data,
never only in memory, so a walkthrough survives a restart and stale or double taps are harmless.
The session is stored before anything is sent, so a second tap already sees the new state.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes, filters

from handlers.i18n import set_language, stored_language, tr
from handlers.relief import screens
from handlers.relief import session as machine
from handlers.relief.buttons import START, START_HERE, ForgedButton, Start, decode
from handlers.relief.session import Action, Ending, Notice, Outcome, Press, Reply, Screen, Session
from handlers.replies import is_not_modified, note_asked, show_in_place, stale_button
from handlers.services import AppServices as Services
from handlers.services import services
from handlers.texts import relief as relief_texts
from handlers.wording import first_label, message_words, negated, plain, whole_label, words
from knowledge.models import ReliefStep
from scheduler.index import zone

logger = logging.getLogger(__name__)

STORE_KEY = "relief"
LOG_KEY = "cramp_log"
LOG_KEEP = 500
# The reminder offer on the "Glad it eased" screen, as words.json "answers" names it.
STRETCH_OFFER = "offer:stretch"
# Local hours (start inclusive, end exclusive) when "loosen the bed covers" belongs in the aftercare.
NIGHT_START_HOUR, NIGHT_END_HOUR = 22, 6

# msgids, translated where they are said (tr)
NOTICES: dict[Notice, str | None] = {
    Notice.NONE: None,
    Notice.ENDED: relief_texts.RELIEF_ENDED,
    Notice.ALREADY_DONE: relief_texts.RELIEF_ALREADY_DONE,
    Notice.ALREADY_LOGGED: relief_texts.RELIEF_ALREADY_LOGGED,
    Notice.LOGGED: relief_texts.RELIEF_LOGGED,
    Notice.MOVED_ON: relief_texts.RELIEF_MOVED_ON,
}


def notice_text(notice: Notice) -> str | None:
    message = NOTICES[notice]
    return tr(message) if message else None


def timer_job_name(user_id: int) -> str:
    return f"relief-timer:{user_id}"


# ---------------------------------------------------------------- the store boundary


def load_session(svc: Services, user_id: int) -> Session | None:
    return machine.from_doc((svc.store.get(user_id) or {}).get(STORE_KEY))


def save_session(svc: Services, user_id: int, session: Session) -> None:
    svc.store.update(user_id, {STORE_KEY: machine.to_doc(session)})


def is_night(svc: Services, user_id: int, now: datetime) -> bool:
    """22:00–06:00 in the person's zone (`tz` of their document), else the bot's default zone."""
    hour = now.astimezone(zone(svc.reminders.timezone_of(user_id))).hour
    return hour >= NIGHT_START_HOUR or hour < NIGHT_END_HOUR


# ---------------------------------------------------------------- starting


async def cramp_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cramp: a fresh walkthrough in a new message, whatever was going on before."""
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None
    await message.reply_text(relief_texts.relief_where(), reply_markup=begin(context, user.id))


def begin(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> InlineKeyboardMarkup:
    return screens.place_keyboard(begin_session(context, user_id).id)


def begin_session(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> Session:
    cancel_timer(context, user_id)
    svc = services(context)
    svc.store.ensure_user(user_id, user_id, svc.clock.now())  # private chat: chat id == user id
    session = machine.start(secrets.token_hex(3), svc.clock.now())
    save_session(svc, user_id, session)
    logger.debug("relief: user %s started walkthrough %s", user_id, session.id)
    return session


def begin_at(context: ContextTypes.DEFAULT_TYPE, user_id: int, place: str) -> screens.View:
    """A new walkthrough whose place is already known (a knowledge answer about a foot cramp): step 1."""
    svc = services(context)
    session = machine.choose_place(begin_session(context, user_id), place, is_night(svc, user_id, svc.clock.now()))
    save_session(svc, user_id, session)
    return screens.first_step(svc.knowledge, session)


async def relief_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every rl1 button. Forged data gets the fallback's stale-button answer and the menu."""
    query = update.callback_query
    assert query is not None
    try:
        press = decode(query.data)
    except ForgedButton:
        await stale_button(update, context)
        return
    if isinstance(press, Start):
        await start_button(update, context, press)
    else:
        await handle_press(update, context, press)


async def start_button(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Start) -> None:
    query = update.callback_query
    assert query is not None
    user_id = query.from_user.id
    await query.answer()
    svc = services(context)
    if press.kind == START and machine.just_started(load_session(svc, user_id), press.place, svc.clock.now()):
        return  # a double tap: the first screen is already on its way
    if press.place is None:
        text, markup = relief_texts.relief_where(), begin(context, user_id)
    else:
        text, markup = begin_at(context, user_id, press.place)
    if press.kind == START_HERE:
        await show_in_place(update, context, text, markup)
    else:  # keep the message the button sits under (a knowledge answer) and start below it
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


# ---------------------------------------------------------------- a press on a walkthrough screen


async def handle_press(update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press) -> None:
    query = update.callback_query
    assert query is not None
    svc = services(context)
    user_id = query.from_user.id
    session = load_session(svc, user_id)
    steps = screens.steps_for(svc.knowledge, press.place)
    outcome = decide(svc, user_id, session, press, len(steps))
    if outcome.screen is Screen.STALE:
        await stale_button(update, context)
        return
    apply(context, user_id, session, outcome)
    if outcome.screen is Screen.TIMER:
        await start_timer(update, context, press, steps)  # answers the query itself
        return
    await query.answer(notice_text(outcome.notice))
    view = view_for(context, user_id, outcome.screen, press, outcome.save or session, steps)
    if view is not None:
        note_offer(context, user_id, outcome.save or session)
        await show_in_place(update, context, *view)


def decide(svc: Services, user_id: int, session: Session | None, press: Press, walk: int) -> Outcome:
    """The state machine's answer; whether it is night is looked up only when a place is chosen."""
    now = svc.clock.now()
    choosing = press.action is Action.CHOOSE_PLACE and session is not None and session.place is None
    return machine.on_press(session, press, walk, now, night=choosing and is_night(svc, user_id, now))


def apply(context: ContextTypes.DEFAULT_TYPE, user_id: int, before: Session | None, outcome: Outcome) -> None:
    """Make the outcome durable before anything is sent: timer, log entry, then the session."""
    svc = services(context)
    if outcome.cancel_timer:
        cancel_timer(context, user_id)
    if outcome.log is not None:
        svc.store.append(user_id, LOG_KEY, machine.log_doc(outcome.log), keep=LOG_KEEP)
    if outcome.save is not None:
        save_session(svc, user_id, outcome.save)
        if outcome.save.ended != (before.ended if before else None):
            logger.debug("relief: user %s walkthrough %s ended: %s", user_id, outcome.save.id, outcome.save.ended)


def view_for(
    context: ContextTypes.DEFAULT_TYPE,
    user_id: int,
    screen: Screen,
    press: Press,
    session: Session | None,
    steps: list[ReliefStep],
) -> screens.View | None:
    """Text and keyboard of the screen an outcome names, or None when the message stays as it is."""
    knowledge = services(context).knowledge
    if screen is Screen.OLD_WALKTHROUGH or session is None:
        return tr(relief_texts.RELIEF_ENDED_MESSAGE), screens.ended_keyboard()
    if screen is Screen.ENDED:
        return screens.ended_screen(knowledge, session, press, context.bot_data)
    if screen in (Screen.STEP, Screen.HOW_NOW, Screen.ROUND):
        return screens.walk_screen(knowledge, press, session, steps)
    if screen is Screen.STILL_HURTS:
        assert press.step is not None
        running = timer_running(context, user_id, press)
        text = screens.step_text(knowledge, press.place, steps, press.step, tr(relief_texts.RELIEF_STILL_HURTS))
        return text, screens.step_keyboard(press, steps, running=running)
    return None


# ---------------------------------------------------------------- showing


def note_offer(context: ContextTypes.DEFAULT_TYPE, user_id: int, session: Session | None) -> None:
    """The "Glad it eased" screen offers an evening stretch reminder: a typed "ok" takes it
    (words.json "answers", "offer:stretch"), "no" declines it."""
    if session is not None and session.ended is Ending.BETTER and screens.reminder_button_data(context.bot_data):
        note_asked(context, user_id, STRETCH_OFFER)


# ---------------------------------------------------------------- the hold timer


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


async def start_timer(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press, steps: list[ReliefStep]
) -> None:
    """Start the hold timer; its button turns into "Running…" in the same slot, and a second press
    only answers (a restart loses the job, so then a press starts a fresh one)."""
    query = update.callback_query
    assert query is not None and press.step is not None
    hold = screens.hold_at(steps, press.step)
    if not hold or context.job_queue is None or query.message is None:
        await query.answer()
        return
    user_id = query.from_user.id
    if timer_running(context, user_id, press):
        await query.answer(tr(relief_texts.RELIEF_TIMER_ALREADY_RUNNING))
        return
    cancel_timer(context, user_id)  # one timer per person
    data = {
        "user_id": user_id,
        "chat_id": query.message.chat.id,
        "message_id": query.message.message_id,
        "sid": press.sid,
        "place": press.place,
        "step": press.step,
    }
    context.job_queue.run_once(time_is_up, when=hold, data=data, name=timer_job_name(user_id))
    await query.answer()
    knowledge = services(context).knowledge
    text = screens.screen_text(knowledge, press.place, steps, press.step, tr(relief_texts.RELIEF_TIMER_RUNNING))
    await show_in_place(update, context, text, screens.screen_markup(press, steps, running=True))


async def time_is_up(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The step's own message says the time is up and gets its timer button back (one keyboard,
    and no screen left saying the timer is on); a short message without buttons buzzes the phone,
    which an edit would not. Silent if the person moved on."""
    assert context.job is not None
    data: dict[str, Any] = context.job.data  # type: ignore[assignment]
    svc = services(context)
    set_language(stored_language(svc.store.get(data["user_id"])))  # a job: no update chose it
    session = load_session(svc, data["user_id"])
    if not machine.timer_is_current(session, data["sid"], data["step"]):
        return  # moved on, stopped or restarted meanwhile: nothing to announce
    steps = screens.steps_for(svc.knowledge, data["place"])
    press = Press(data["sid"], data["place"], data["step"], Action.NEXT)
    in_round = data["step"] >= len(steps)
    markup = screens.screen_markup(press, steps, running=False)
    text = screens.screen_text(
        svc.knowledge, data["place"], steps, data["step"], relief_texts.relief_time_up(ask_how=in_round)
    )
    try:
        await context.bot.edit_message_text(
            text, chat_id=data["chat_id"], message_id=data["message_id"], reply_markup=markup
        )
    except BadRequest as exc:
        if not is_not_modified(exc):
            logger.info("relief: time's-up edit for user %s failed (%s)", data["user_id"], exc.message)
    try:
        await context.bot.send_message(data["chat_id"], tr(relief_texts.RELIEF_TIME_UP_BUZZ))
    except TelegramError as exc:  # blocked the bot, chat gone
        logger.info("relief: time's-up message for user %s failed (%s)", data["user_id"], exc.message)


# ---------------------------------------------------------------- typed words


# A walkthrough started longer ago than this no longer takes typed replies (a later "better" or
# "stop" is about something else); its buttons still work.
REPLY_WINDOW = timedelta(minutes=30)
# Replies are short; a longer message is a question or a story for the knowledge answer.
MAX_REPLY_WORDS = 6


def opens_relief(text: str) -> bool:
    """ "help", "SOS", "cramp!!": the whole message is one of the words that open the walkthrough."""
    return plain(text) in {plain(word) for word in words()["relief_open"]}


def typed_reply(text: str, at_question: bool = False) -> Reply | None:
    """What a typed text says on the walkthrough; at "How is it now?" a bare "ok", "thanks" or "no"
    answers that question too (words.json "answers", "relief_how_now")."""
    lowered = plain(text)
    if not lowered or len(lowered.split()) > MAX_REPLY_WORDS:
        return None
    if at_question:
        small_talk = whole_label(lowered, words()["small_talk"])
        meant = words()["answers"]["relief_how_now"].get(small_talk or "")
        if meant is not None:
            return Reply(meant)
    replies, negation = words()["relief_replies"], words()["relief_negated"]
    label = first_label(lowered, replies)
    if label is not None and negated(lowered, replies[label], negation["negators"]):
        label = negation["labels"].get(label)  # "not better" is no "better"
    return Reply(label) if label is not None else None


def at_question(svc: Services, session: Session) -> bool:
    """On "How is it now?" or the extra round (screens past the walk's steps)."""
    return session.place is not None and session.step >= len(screens.steps_for(svc.knowledge, session.place))


def typed_place(text: str) -> str | None:
    lowered = plain(text)
    if not lowered or len(lowered.split()) > MAX_REPLY_WORDS:
        return None
    return first_label(lowered, words()["relief_places"])


def live_session(svc: Services, user_id: int) -> Session | None:
    """The walkthrough typed replies go to: not ended, started within REPLY_WINDOW."""
    session = load_session(svc, user_id)
    if session is None or session.ended is not None or svc.clock.now() - session.started_at > REPLY_WINDOW:
        return None
    return session


class ReliefText(filters.MessageFilter):
    """Words that open the walkthrough, or a reply to a live one ("better now thanks", "calf")."""

    def __init__(self, svc: Services) -> None:
        super().__init__(name="ReliefText")
        self.svc = svc

    def filter(self, message: Message) -> bool:
        text = message_words(message)
        if message.from_user is None or text is None:
            return False
        if opens_relief(text):
            return True
        session = live_session(self.svc, message.from_user.id)
        if session is None:
            return False
        if session.place is None:
            return typed_place(text) is not None
        return typed_reply(text, at_question(self.svc, session)) is not None


async def relief_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Typed words act like the walkthrough's buttons; the answer comes as a new message."""
    message, user = update.effective_message, update.effective_user
    text = message_words(message)
    assert message is not None and text is not None and user is not None
    svc = services(context)
    if opens_relief(text):
        await message.reply_text(relief_texts.relief_where(), reply_markup=begin(context, user.id))
        return
    session = live_session(svc, user.id)
    if session is None:
        return
    if session.place is None:
        place = typed_place(text)
        if place is not None:
            chosen = machine.choose_place(session, place, is_night(svc, user.id, svc.clock.now()))
            save_session(svc, user.id, chosen)
            step_text, markup = screens.first_step(svc.knowledge, chosen)
            await message.reply_text(step_text, reply_markup=markup)
        return
    reply = typed_reply(text, at_question(svc, session))
    if reply is None:
        return
    steps = screens.steps_for(svc.knowledge, session.place)
    outcome = machine.on_reply(session, reply, len(steps), svc.clock.now())
    apply(context, user.id, session, outcome)
    press = machine.reply_press(session, reply, len(steps)) or Press(
        session.id, session.place, session.step, Action.BETTER
    )
    view = view_for(context, user.id, outcome.screen, press, outcome.save or session, steps)
    notice = notice_text(outcome.notice)
    if view is not None:
        note_offer(context, user.id, outcome.save or session)
        screen_text, markup = view
        await message.reply_text(f"{notice}\n\n{screen_text}" if notice else screen_text, reply_markup=markup)
    else:
        await message.reply_text(notice or tr(relief_texts.RELIEF_TYPED_NOT_HERE))
